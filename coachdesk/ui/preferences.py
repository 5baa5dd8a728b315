"""The preferences dialog: how long CoachDesk waits before locking itself, and how long
closed cases are kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from coachdesk.services.preferences import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Preferences
from coachdesk.services.retention import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._prefs = prefs
        self.idle = QSpinBox()
        self.idle.setObjectName("prefIdleMinutes")
        self.idle.setAccessibleName("Lock after this many minutes without use")
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" minutes")
        self.idle.setValue(prefs.idle_lock_minutes)
        label = QLabel("&Lock CoachDesk after this long without use")
        label.setBuddy(self.idle)
        self.retention = QSpinBox()
        self.retention.setObjectName("prefRetentionYears")
        self.retention.setAccessibleName("Closed cases are due for deletion this many years"
                                         " after closure")
        self.retention.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.retention.setSuffix(" years after closure")
        self.retention.setValue(prefs.retention_years)
        kept = QLabel("&Keep closed cases for")
        kept.setBuddy(self.retention)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(label)
        layout.addWidget(self.idle)
        layout.addWidget(kept)
        layout.addWidget(self.retention)
        layout.addWidget(buttons)

    def result_prefs(self) -> Preferences:
        return replace(self._prefs, idle_lock_minutes=self.idle.value(),
                       retention_years=self.retention.value())
