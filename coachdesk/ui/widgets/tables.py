"""A read-only, keyboard-friendly table for short lists (clinic, follow-ups, history).

The table tells a row the coach chose (by key, mouse or an explicit call) from one it put
under the cursor itself when rows were loaded: `chosen_ref()` answers only the former, so a
print or a crisis note never acts on a selection the coach did not make."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
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
        self._loading = False
        self._chosen: object | None = None
        self.currentCellChanged.connect(self._moved)

    def _moved(self, row: int, _col: int, _old_row: int, _old_col: int) -> None:
        if not self._loading:
            self._chosen = self.current_ref() if row >= 0 else None

    def set_rows(self, rows: Sequence[Sequence[str]], refs: Sequence[object] = ()) -> None:
        """Show rows; the coach's chosen row stays chosen if its ref is still listed, else
        the cursor rests on the first row without counting as a choice."""
        self._loading = True
        try:
            self.setRowCount(0)
            self.setRowCount(len(rows))
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    if refs:
                        item.setData(RefRole, refs[r])
                    self.setItem(r, c, item)
            self.resizeRowsToContents()
            keep = list(refs).index(self._chosen) if self._chosen in refs else -1
            if keep >= 0:
                self.setCurrentCell(keep, 0)
            elif rows:
                self.setCurrentCell(0, 0)
        finally:
            self._loading = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._chosen = self.current_ref()  # Enter on a row is the coach choosing it
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._chosen = self.current_ref()

    def chosen_ref(self) -> object | None:
        """The ref of the row the coach chose, if the cursor is still on it."""
        ref = self.current_ref()
        return ref if ref is not None and ref == self._chosen else None

    def choose(self, ref: object) -> bool:
        """Put the cursor on the row of `ref` as the coach's choice (restoring a place)."""
        for r in range(self.rowCount()):
            item = self.item(r, 0)
            if item is not None and item.data(RefRole) == ref:
                self.setCurrentCell(r, 0)
                self._chosen = ref
                return True
        return False

    def current_ref(self) -> object | None:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(RefRole) if item else None

    def clear_rows(self) -> None:
        self._loading = True
        self.setRowCount(0)
        self._loading = False
        self._chosen = None


class ChoosingTableView(QTableView):
    """A table view that says when the coach (key or mouse) put the cursor on a row, even
    the row it was already on; programmatic moves stay silent."""

    chosen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape):
            self.chosen.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self.chosen.emit()
