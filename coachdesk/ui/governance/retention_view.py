"""Closed cases due for deletion, and deleting them in bulk after confirmation."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.retention import DueForDeletion
from coachdesk.ui.widgets.tables import ListTable


class RetentionDialog(QDialog):
    deleted = Signal(int)

    def __init__(self, worker: Any, years: int, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle("Closed cases due for deletion")
        self._worker, self._years, self._today = worker, years, today
        self.due: list[DueForDeletion] = []
        self.summary = QLabel()
        self.summary.setObjectName("retentionSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = ListTable("retentionTable", "Closed cases due for deletion",
                               ("Client", "Case closed", "Due for deletion from"), stretch=0)
        self.confirm_label = QLabel()
        self.confirm_label.setWordWrap(True)
        self.typed = QLineEdit()
        self.typed.setObjectName("retentionTyped")
        self.typed.setAccessibleName("The number of cases, to confirm")
        self.confirm_label.setBuddy(self.typed)
        self.message = QLabel()
        self.message.setObjectName("retentionMessage")
        self.message.setWordWrap(True)
        self.delete_button = QPushButton("&Delete these cases")
        self.delete_button.setObjectName("retentionDelete")
        self.delete_button.setEnabled(False)
        close = QPushButton("&Close")
        close.setDefault(True)
        close.clicked.connect(self.reject)
        self.typed.textChanged.connect(
            lambda text: self.delete_button.setEnabled(
                bool(self.due) and text.strip() == str(len(self.due))))
        self.delete_button.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, self.confirm_label, self.typed, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resize(760, 480)
        self.refresh()

    def refresh(self) -> None:
        years, today = self._years, self._today
        self._worker.submit(lambda desk: desk.due_for_deletion(years, today), self._show)

    def _show(self, due: list[DueForDeletion]) -> None:
        self.due = due
        self.table.set_rows([d.row for d in due])
        rule = f"Closed cases are kept for {self._years} years after closure (Preferences)."
        if not due:
            self.summary.setText(f"{rule} No case is due for deletion.")
        else:
            self.summary.setText(
                f"{rule} {len(due)} case(s) are due for deletion. Deleting erases each "
                "client and all their records from this vault and, through sync, from "
                "every device; the audit trail keeps only that it happened.")
        self.confirm_label.setText(f"To confirm, type the number of cases: {len(due)}")
        for widget in (self.confirm_label, self.typed, self.delete_button):
            widget.setVisible(bool(due))
        self.typed.clear()

    def _delete(self) -> None:
        ids, years, today = [d.client_id for d in self.due], self._years, self._today
        self.delete_button.setEnabled(False)
        self.message.setText("Deleting…")
        self._worker.submit(lambda desk: desk.delete_due(ids, years, today),
                            lambda _c: self._done(len(ids)), self._failed)

    def _done(self, count: int) -> None:
        self.message.setText(f"{count} case(s) deleted.")
        self.deleted.emit(count)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(f"Nothing was deleted: {error}")
        self.refresh()
