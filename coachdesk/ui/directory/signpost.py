"""Signpost a client to a service: a reason and, if wanted, a date to follow it up; what is
half typed when the vault locks is kept (`keep_drafts`) for that client and service."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.directory import DirectoryService
from coachdesk.ui.widgets.lockdraft import KeepsDraft


class SignpostDialog(KeepsDraft, QDialog):
    """Ask for the reason and follow-up date; `result_values()` gives them after accept."""

    def __init__(
        self, service: DirectoryService, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signpostDialog")
        self.setWindowTitle(f"Signpost to {service.name}")
        self.setAccessibleName(f"Signpost the client to {service.name}")
        self._today = today
        heading = QLabel(f"<b>{service.name}</b><br>{service.phone}")
        heading.setObjectName("signpostService")
        heading.setAccessibleName("Service")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("signpostReason")
        self.reason.setAccessibleName("Reason for signposting")
        self.reason.setPlaceholderText("For example: rent arrears, wants help with a budget")
        self.reason.setTabChangesFocus(True)
        self.follow_up_wanted = QCheckBox("&Follow up on")
        self.follow_up_wanted.setObjectName("followUpWanted")
        self.follow_up_wanted.setAccessibleName("Follow this up on a date")
        self.follow_up_wanted.setChecked(True)
        self.follow_up = QDateEdit(QDate(today + timedelta(days=14)))
        self.follow_up.setObjectName("followUpOn")
        self.follow_up.setAccessibleName("Follow-up date")
        self.follow_up.setDisplayFormat("dd/MM/yyyy")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setMinimumDate(QDate(today))
        self.follow_up_wanted.toggled.connect(self.follow_up.setEnabled)
        self.problem = QLabel()
        self.problem.setObjectName("signpostProblem")
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("signpostButtons")
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Signpost")
        ok.setObjectName("signpostOk")
        ok.setAccessibleName("Record the signposting")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("signpostCancel")
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        reason_label = QLabel("&Reason:")
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        form.addRow(self.follow_up_wanted, self.follow_up)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def keep_drafts(self, worker: Any, key: str) -> None:
        """Kept by a lock under `key`, and filled from a draft kept there."""
        self.start_draft(worker, key, {"reason": self.reason, "follow_up": self.follow_up,
                                       "follow_up_wanted": self.follow_up_wanted},
                         "signpostRestored")

    def result_values(self) -> tuple[str, date | None]:
        follow_up = self.follow_up.date().toPython() if self.follow_up_wanted.isChecked() else None
        return self.reason.toPlainText().strip(), follow_up

    def _accept(self) -> None:
        reason, follow_up = self.result_values()
        if not reason:
            self.problem.setText("Say why, so the follow-up makes sense to whoever reads it.")
        elif follow_up is not None and follow_up < self._today:
            self.problem.setText("The follow-up date must be today or later.")
        else:
            self.accept()
            return
        self.problem.show()
        self.reason.setFocus()
