"""The preferences dialog: how long CoachDesk waits before locking itself, how long closed
cases are kept, and the coach's contact details that printouts give the client (kept in the
vault, not on the PC)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.coach import CoachDetails
from coachdesk.services.preferences import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Preferences
from coachdesk.services.retention import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS
from coachdesk.ui.widgets.fields import Field, heading
from coachdesk.ui.widgets.sizing import fit_dialog


class PreferencesDialog(QDialog):
    open_sync = Signal()  # "Sync…": the same Sync panel as File → Sync and review changes

    def __init__(self, prefs: Preferences, parent: QWidget | None = None,
                 details: CoachDetails | None = None) -> None:
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
        details = details or CoachDetails()
        self.phone = Field("coach_phone", "Your &phone", QLineEdit())
        self.email = Field("coach_email", "Your &email", QLineEdit())
        self.role = Field("coach_role", "Your &role", QLineEdit(),
                          "For example work coach, or disability employment adviser.")
        for field, value in ((self.phone, details.phone), (self.email, details.email),
                             (self.role, details.role)):
            field.set_text(value)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        self.retention = QSpinBox()
        self.retention.setObjectName("prefRetentionYears")
        self.retention.setAccessibleName("Closed cases are due for deletion this many years"
                                         " after closure")
        self.retention.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.retention.setSuffix(" years after closure")
        self.retention.setValue(prefs.retention_years)
        kept = QLabel("&Keep closed cases for")
        kept.setBuddy(self.retention)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(label)
        layout.addWidget(self.idle)
        layout.addWidget(kept)
        layout.addWidget(self.retention)
        layout.addWidget(heading("Your contact details for printouts", 2))
        hint = QLabel("Action plans and signposting sheets give these to the client instead "
                      "of “ask at reception”. They are kept encrypted with your caseload.")
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        for field in (self.phone, self.email, self.role):
            layout.addWidget(field)
        layout.addWidget(heading("Sync", 2))
        sync_hint = QLabel("Create or join a team, invite a device (its one-time code), list "
                           "and revoke devices, pin the hub's certificate.")
        sync_hint.setWordWrap(True)
        sync_hint.setProperty("role", "hint")
        layout.addWidget(sync_hint)
        self.sync_button = QPushButton("S&ync: team, devices and certificate…")
        self.sync_button.setObjectName("prefSync")
        self.sync_button.setAutoDefault(False)
        self.sync_button.clicked.connect(self.open_sync)
        layout.addWidget(self.sync_button)
        layout.addWidget(self.buttons)
        fit_dialog(self, 560, self.sizeHint().height())

    def details(self) -> CoachDetails:
        return CoachDetails(self.phone.text().strip(), self.email.text().strip(),
                            self.role.text().strip())

    def _check(self) -> None:
        """Say what is wrong beside the field; nothing typed is lost."""
        problems = self.details().problems()
        for name, field in (("phone", self.phone), ("email", self.email), ("role", self.role)):
            field.set_error(problems.get(name, ""))
        if problems:
            return
        self.accept()

    def result_prefs(self) -> Preferences:
        return replace(self._prefs, idle_lock_minutes=self.idle.value(),
                       retention_years=self.retention.value())
