"""The audit trail viewer: filter by client, person, action and dates; Verify the chain."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import AuditAction
from coachdesk.services.audit import AuditFilter, AuditRow
from coachdesk.ui.widgets.fields import UkDateEdit
from coachdesk.ui.widgets.sizing import fit_dialog
from coachdesk.ui.widgets.tables import ListTable

HEADERS = ("When", "Who", "What happened", "Client")


class AuditTrailDialog(QDialog):
    def __init__(self, worker: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditTrailDialog")
        self.setWindowTitle("Audit trail")
        self._worker = worker
        self.client = self._combo("auditClient", "Client", "Any client")
        self.person = self._combo("auditPerson", "Who", "Anyone")
        self.action = self._combo("auditAction", "Action", "Any action")
        for member in AuditAction:
            self.action.addItem(member.label, member.value)
        self.since = UkDateEdit()
        self.since.setObjectName("auditSince")
        self.since.setAccessibleName("From date")
        self.until = UkDateEdit()
        self.until.setObjectName("auditUntil")
        self.until.setAccessibleName("To date")
        self.show_button = QPushButton("&Show")
        self.show_button.setObjectName("auditShow")
        self.show_button.setDefault(True)
        self.verify_button = QPushButton("&Verify the trail")
        self.verify_button.setObjectName("auditVerify")
        self.table = ListTable("auditTable", "Audit events, newest first", HEADERS, stretch=2)
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict = QLabel()
        self.verdict.setObjectName("auditVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)

        grid = QGridLayout()
        for col, (text, widget) in enumerate((("C&lient", self.client), ("W&ho", self.person),
                                              ("&Action", self.action),
                                              ("&From", self.since), ("&To", self.until))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, col)
            grid.addWidget(widget, 1, col)
        grid.addWidget(self.show_button, 1, 5)
        grid.setColumnStretch(0, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.verdict, 1)
        close = QPushButton("&Close")
        close.setObjectName("auditClose")
        close.clicked.connect(self.reject)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.show_button.clicked.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        fit_dialog(self, 1100, 640)
        worker.submit(lambda desk: desk.audit_choices(), self._set_choices, self._failed)

    def _combo(self, name: str, accessible: str, anything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(anything, "")
        return combo

    def _set_choices(self, choices: tuple[list[tuple[str, str]], list[str]]) -> None:
        clients, people = choices
        for client_id, name in clients:
            self.client.addItem(name, client_id)
        for person in people:
            self.person.addItem(person, person)
        self.refresh()

    def wanted(self) -> AuditFilter | None:
        """The filter typed, or None with the date problem said in the status line."""
        try:
            since, until = self.since.date_value(), self.until.date_value()
        except ValueError as exc:
            self.status.setText(str(exc))
            return None
        if since and until and until < since:
            self.status.setText("The 'To' date is before the 'From' date.")
            return None
        return AuditFilter(self.client.currentData() or "", self.person.currentData() or "",
                           self.action.currentData() or "", since, until)

    def refresh(self) -> None:
        wanted = self.wanted()
        if wanted is None:
            return
        self.status.setText("Reading the audit trail…")
        self._worker.submit(lambda desk: desk.audit_rows(wanted), self._show_rows, self._failed)

    def _show_rows(self, rows: list[AuditRow]) -> None:
        self.table.set_rows([(r.when, r.actor, r.what, r.client) for r in rows])
        more = " (the newest 2,000 shown: narrow the filter to see older ones)" \
            if len(rows) >= 2000 else ""
        self.status.setText(f"{len(rows):,} event{'s' if len(rows) != 1 else ''}{more}.")

    def verify(self) -> None:
        self.verdict.setText("Checking every event…")
        self._worker.submit(lambda desk: desk.verify_audit(), self._show_verdict, self._failed)

    def _show_verdict(self, result: tuple[bool, str]) -> None:
        intact, message = result
        self.verdict.setProperty("role", "ok" if intact else "error")
        self.verdict.setText(message)
        self.verdict.setFocus()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"The audit trail could not be read: {error}")
