"""The "Review changes from other devices" tab: each conflict with both values, who and
when, readable in full by keyboard alone (the values, with who and when under each, in
the table; the chosen row again in full, wrapped, under it), and keeping either."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.ui.widgets.fields import named_button
from coachdesk.ui.worker import DbWorker

HEADERS = ["What", "Record", "Value kept", "Other value"]



def cells(view: Any) -> list[str]:
    """A conflict's row: each value with who and when on the line under it."""
    return [view.what, view.record or "(no name)", f"{view.kept}\n{view.kept_by}, {view.kept_at}",
            f"{view.lost}\n{view.lost_by}, {view.lost_at}"]


def detail(view: Any) -> str:
    """The chosen conflict in full words, for the label under the table."""
    about = f"{view.what}{f' of {view.record}' if view.record else ''}"
    return (f"{about}. Kept: {view.kept} (from {view.kept_by}, {view.kept_at}). "
            f"Other value: {view.lost} (from {view.lost_by}, {view.lost_at}). "
            f"Why: {view.reason}.")


class ReviewTab(QWidget):
    def __init__(self, worker: DbWorker, refresh: Callable[[], None],
                 is_open: Callable[[], bool]) -> None:
        super().__init__()
        self._worker, self._refresh, self._is_open = worker, refresh, is_open
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("syncConflicts")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for c, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                  QHeaderView.ResizeMode.Interactive,
                                  QHeaderView.ResizeMode.Stretch,
                                  QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(c, mode)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.keep_current = named_button("Keep the value &kept", "syncKeepCurrent")
        self.keep_other = named_button("Use the &other value", "syncKeepOther")
        self.detail = QLabel()
        self.detail.setObjectName("syncReviewDetail")
        self.detail.setWordWrap(True)
        self.review_note = QLabel()
        self.review_note.setObjectName("syncReviewNote")
        self.review_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.keep_current)
        row.addWidget(self.keep_other)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("When two PCs changed the same thing before they synced, "
                                "one value was kept everywhere. Check each one here."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.review_note)
        layout.addLayout(row)
        self.keep_current.clicked.connect(lambda: self._keep(False))
        self.keep_other.clicked.connect(lambda: self._keep(True))
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        self._views: list[Any] = []

    def show_views(self, views: list[Any]) -> None:
        self._views = views
        self.table.setRowCount(len(views))
        for r, v in enumerate(views):
            for c, text in enumerate(cells(v)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnToContents(1)
        record_width = max(120, self.table.viewport().width() // 5)
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), record_width))
        if views:
            self.table.selectRow(0)
        self._show_detail(self.table.currentRow())
        self.review_note.setText("Nothing to review." if not views else
                                 f"{len(views)} to review.")

    def _show_detail(self, row: int) -> None:
        self.detail.setText(detail(self._views[row]) if 0 <= row < len(self._views) else "")

    def _keep(self, other: bool) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._views):
            self.review_note.setText("Choose a row first.")
            return
        view = self._views[row]
        if other and not view.can_keep_lost:
            self.review_note.setText("That value cannot be brought back: " + view.reason + ".")
            return
        self._worker.submit(lambda desk: desk.keep_sync_value(view.op_id, other),
                            lambda _c: self._refresh() if self._is_open() else None,
                            lambda exc: self.review_note.setText(str(exc)))
