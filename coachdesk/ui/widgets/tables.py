"""A read-only, keyboard-friendly table for short lists (clinic, follow-ups, history)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

RefRole = Qt.ItemDataRole.UserRole + 10


class ListTable(QTableWidget):
    def __init__(self, name: str, accessible: str, headers: Sequence[str],
                 stretch: int = -1, parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)

    def set_rows(self, rows: Sequence[Sequence[str]], refs: Sequence[object] = ()) -> None:
        self.setRowCount(0)
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if refs:
                    item.setData(RefRole, refs[r])
                self.setItem(r, c, item)
        self.resizeRowsToContents()
        if rows and self.currentRow() < 0:
            self.setCurrentCell(0, 0)

    def current_ref(self) -> object | None:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(RefRole) if item else None

    def clear_rows(self) -> None:
        self.setRowCount(0)
