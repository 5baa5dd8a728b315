"""The caseload's columns fitted to the table's width, so the list never scrolls sideways
(issue 17 item 9: 1024x700 and up).

Each column keeps the width its texts need (measured once per load, from a sample of
rows). When they do not all fit, the columns a coach can most easily do without are
hidden, one at a time, until the rest fit: first "Referred by", then "Overdue" (the
Review date already says "(overdue)"), then "Status" (the status filter says it), then
"Next session". Name, date of birth, practice, review, a recorded safeguarding concern and
weeks off work are never hidden for width. The record shows everything.

The Practice column stretches into the room the others leave. A whole practice name
("Oakwood Lane Medical Practice") is worth the first column to go, "Referred by", and no
more: at 1366 wide it gives way to the practice's name, at 1024 the others keep their place
and the practice is cut short (PRACTICE_MIN still tells the practices apart).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

from coachdesk.ui.caseload.model import (
    COL_NEXT,
    COL_OFF_WORK,
    COL_OVERDUE,
    COL_PRACTICE,
    COL_REFERRAL,
    COL_SAFEGUARDING,
    COL_STATUS,
)

#: hidden in this order while the table is too narrow for every column
DROPPABLE = (COL_REFERRAL, COL_OVERDUE, COL_STATUS, COL_NEXT)
#: shown only when some client in the list has something in them
BY_CONTENT = (COL_SAFEGUARDING, COL_OFF_WORK)
PRACTICE_MIN = 120  # the stretching column: at least enough to tell practices apart


class ColumnFitter(QObject):
    """Hides and shows the caseload's columns as the table's width changes."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.natural: dict[int, int] = {}
        self.empty: set[int] = set(BY_CONTENT)  # columns with nothing to show
        self.dropped: list[int] = []
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def set_natural(self, widths: dict[int, int]) -> None:
        self.natural = dict(widths)
        self.fit()

    def set_empty(self, columns: set[int]) -> None:
        self.empty = set(columns) & set(BY_CONTENT)
        self.fit()

    def fit(self) -> None:
        """Show every column whose texts fit; hide the droppable ones, in order, until
        the rest fit the table's width (less a vertical scroll bar's)."""
        table, model = self.table, self.table.model()
        if model is None or not self.natural:
            return
        bar = table.verticalScrollBar().sizeHint().width()
        room = table.width() - 2 * table.frameWidth() - bar
        shown = [c for c in range(model.columnCount()) if c not in self.empty]
        self.dropped = []

        def needed(whole_practice: bool) -> int:
            return sum(self._width(c, whole_practice) for c in shown if c not in self.dropped)

        for column in DROPPABLE:
            if needed(whole_practice=column == DROPPABLE[0]) <= room:
                break
            self.dropped.append(column)
        for column in range(model.columnCount()):
            hidden = column in self.empty or column in self.dropped
            if table.isColumnHidden(column) != hidden:
                table.setColumnHidden(column, hidden)
            if not hidden and column != COL_PRACTICE and column in self.natural:
                table.setColumnWidth(column, self.natural[column])

    def _width(self, column: int, whole_practice: bool) -> int:
        if column == COL_PRACTICE:  # it stretches into whatever room the others leave
            natural = self.natural.get(column, PRACTICE_MIN)
            return natural if whole_practice else min(PRACTICE_MIN, natural)
        return self.natural.get(column, 0)
