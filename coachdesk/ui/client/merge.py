"""Merge two records of one person: every candidate with why it matched, the coach
chooses, a plain statement of what will happen, then the merge (audited)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.timefmt import uk_date_short
from coachdesk.services.duplicates import Candidate
from coachdesk.ui.context import AppContext


class MergeDialog(QDialog):
    def __init__(self, ctx: AppContext, client_id: str, client_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(f"Merge two records: {client_name}")
        self.ctx, self.client_id, self.client_name = ctx, client_id, client_name
        self.intro = QLabel(f"Records that may also be {client_name}. Choose the one to "
                            "merge into this record.")
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("mergeCandidates")
        self.list.setAccessibleName("Records that may be the same person")
        self.what = QLabel(
            "The chosen record joins this one: its notes, sessions, plan steps, signposting "
            "and outcomes are shown here, nothing is deleted, and the merge is audited. The "
            "other record is closed and says where it went.")
        self.what.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("mergeError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.merge_button = QPushButton("&Merge into this record")
        self.merge_button.setObjectName("mergeConfirm")
        self.merge_button.setProperty("primary", True)
        self.merge_button.setEnabled(False)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("mergeCancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.list, self.what, self.error):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resize(560, 360)
        cancel.clicked.connect(self.reject)
        self.merge_button.clicked.connect(self._merge)
        self.list.itemActivated.connect(lambda _i: self._merge())
        ctx.worker.submit(lambda d: d.duplicate_candidates(client_id), self._show)

    def _show(self, found: list[Candidate]) -> None:
        for candidate in found:
            c = candidate.client
            born = f", born {uk_date_short(c.date_of_birth)}" if c.date_of_birth else ""
            item = QListWidgetItem(f"{c.full_name}{born}: {', '.join(candidate.reasons)}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
        if not found:
            self.intro.setText(f"No other record looks like {self.client_name} (same name "
                               "with a date of birth, NHS number, postcode or phone).")
        self.merge_button.setEnabled(bool(found))
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def _merge(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        other, keep = str(item.data(Qt.ItemDataRole.UserRole)), self.client_id
        self.merge_button.setEnabled(False)
        self.ctx.worker.submit(lambda d: d.merge_clients(keep, other),
                               lambda _c: self.accept(), self._failed)

    def _failed(self, error: BaseException) -> None:
        self.merge_button.setEnabled(True)
        self.error.setText(str(error))
