"""The caseload as a table model (Vorta's archive model is the template), sorted and
filtered in the model itself: the table shows it directly, with no proxy in between (a
proxy calls back into Python for every row it filters and every cell it maps)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import compress, count
from operator import is_not
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from coachdesk.domain.enums import CaseStatus, ReferralSource
from coachdesk.domain.referrals import EARLY_WEEKS
from coachdesk.domain.timefmt import uk_date_long, uk_date_short, uk_datetime, uk_local
from coachdesk.services.caseload import CaseloadRow
from coachdesk.ui.caseload.filtering import accepted, positions

Index = QModelIndex | QPersistentModelIndex

(COL_NAME, COL_DOB, COL_PRACTICE, COL_STATUS, COL_REFERRAL, COL_REVIEW, COL_OVERDUE, COL_NEXT,
 COL_SAFEGUARDING, COL_OFF_WORK) = range(10)
HEADERS = ["Name", "Date of birth", "Practice", "Status", "Referred by", "Review",
           "Overdue", "Next session", "Safeguarding", "Off work"]

SortRole = Qt.ItemDataRole.UserRole + 1
ClientIdRole = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROLES_USED = frozenset({_DISPLAY, _FOREGROUND, int(SortRole), int(ClientIdRole)})
_LATE_COLOUR = QColor("#b01d1d")
#: clients whose formatted cells are kept (those painted since the rows were loaded)
CELLS_KEPT = 3000


OFF_WORK_TIP = (f"Weeks since the client went off work on a fit note. Early: the first "
                f"{EARLY_WEEKS} weeks off work, when help matters most.")


def off_work_words(weeks: int | None, early: bool) -> str:
    """"3 weeks (early)": the caseload's off-work column."""
    if weeks is None:
        return ""
    text = f"{weeks} week" + ("" if weeks == 1 else "s")
    return text + (" (early)" if early else "")


@dataclass(slots=True)
class CaseloadFilter:
    practice_id: str | None = None
    status: CaseStatus | None = CaseStatus.OPEN
    referral: ReferralSource | None = None
    overdue_only: bool = False
    client_ids: frozenset[str] | None = None  # from a search; None means no search


class CaseloadModel(QAbstractTableModel):
    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[CaseloadRow] = []  # every client, sorted
        self._where: dict[str, int] = {}  # each client's place in _all
        self._rows: list[CaseloadRow] = []  # those the criteria accept, in the same order
        #: (text, colour, width) per cell of the clients painted so far, by client: a
        #: client shown again in another row (typing on, or back) is not formatted again.
        #: Emptied when the rows are loaded again (only rows in view are ever formatted)
        self._cells: dict[str, list[tuple[str, QColor | None, int]]] = {}
        #: the table font's horizontalAdvance, set by the view (0 widths without one)
        self.measure: Callable[[str], int] | None = None
        self.today = today
        self._sort = (COL_NAME, Qt.SortOrder.AscendingOrder)
        self.criteria = CaseloadFilter(status=None)

    def set_rows(self, rows: list[CaseloadRow], today: date | None = None) -> None:
        self.beginResetModel()
        if today is not None:
            self.today = today
        self._all = self._sorted(list(rows))
        self._where = positions(self._all)
        self._rows = self._accepted()
        self._cells.clear()
        self.endResetModel()

    def set_criteria(self, criteria: CaseloadFilter) -> None:
        """Filtered here (a search's hits by their place, filtering.accepted): a proxy's
        filterAcceptsRow would call back into Python once per row on every keystroke."""
        self.criteria = criteria
        self._show(self._accepted())

    def _show(self, rows: list[CaseloadRow]) -> None:
        """The rows shown change in place (the tail removed or added, the rest changed)
        rather than by a reset: a reset makes the table lay itself out afresh, which cost
        more than the search itself on every keystroke. Of the rows kept, only the span
        from the first to the last whose client changed is announced (and painted again):
        a keystroke that leaves the rows in view as they were repaints nothing."""
        old_rows, old, new = self._rows, len(self._rows), len(rows)
        kept = min(old, new)
        first = next(compress(count(), map(is_not, old_rows[:kept], rows[:kept])), kept)
        last = kept - 1 - next(compress(count(), map(
            is_not, reversed(old_rows[first:kept]), reversed(rows[first:kept]))), kept - first)
        if len(self._cells) > CELLS_KEPT:
            self._cells.clear()
        if new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            self._rows = rows
            self.endRemoveRows()
        elif new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            self._rows = rows
            self.endInsertRows()
        self._rows = rows
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    def total(self) -> int:
        """Every client loaded, whatever the criteria."""
        return len(self._all)

    def _accepted(self) -> list[CaseloadRow]:
        """The rows the criteria accept: a search's hits looked up by their place in the
        sorted rows, not found by a pass over all of them (filtering.accepted)."""
        return accepted(self._all, self._where, self.criteria, self.today)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here with one key per row: a proxy sort calls back into Python for every
        comparison, which took most of a second on 10,000 clients."""
        self._sort = (column, order)
        self.beginResetModel()
        self._all = self._sorted(self._all)
        self._where = positions(self._all)
        self._rows = self._accepted()
        self.endResetModel()

    def _sorted(self, rows: list[CaseloadRow]) -> list[CaseloadRow]:
        column, order = self._sort
        return sorted(rows, key=lambda r: (self._sort_key(r, column), r.client_id),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def row_of(self, client_id: str) -> int | None:
        """Where a client is shown now, or None if the criteria hide them."""
        return next((i for i, r in enumerate(self._rows) if r.client_id == client_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if (orientation == Qt.Orientation.Horizontal and section == COL_OFF_WORK
                and role == Qt.ItemDataRole.ToolTipRole):
            return OFF_WORK_TIP
        return None

    def cell(self, row: int, col: int) -> tuple[str, QColor | None, int]:
        """What a cell shows, its colour (None: the table's own) and its text's width in
        the table's font: one call per cell painted (CaseloadDelegate), formatted and
        measured once per client while the rows stay loaded."""
        shown = self._rows[row]
        cells = self._cells.get(shown.client_id)
        if cells is None:
            advance = self.measure
            cells = self._cells[shown.client_id] = []
            for c in range(len(HEADERS)):
                text = self._display(shown, c)
                cells.append((text, _LATE_COLOUR if self._late(shown, c) else None,
                              advance(text) if advance else 0))
        return cells[col]

    def text(self, row: CaseloadRow, col: int) -> str:
        """What a cell of this row shows, formatted afresh (nothing cached)."""
        return self._display(row, col)

    def forget_cells(self) -> None:
        """Format and measure the cells again when next painted (the font changed)."""
        self._cells.clear()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # painting asks for a dozen roles per cell: answer the ones not used at once
        if role not in _ROLES_USED or not index.isValid():
            return None
        if role == _DISPLAY:
            return self.cell(index.row(), index.column())[0]
        row = self._rows[index.row()]
        col = index.column()
        if role == SortRole:
            return self._sort_key(row, col)
        if role == ClientIdRole:
            return row.client_id
        if role == _FOREGROUND and self._late(row, col):
            return _LATE_COLOUR
        return None

    def _late(self, row: CaseloadRow, col: int) -> bool:
        if row.status is not CaseStatus.OPEN:
            return False
        if col == COL_REVIEW:
            return row.review_on is not None and row.review_on < self.today
        if col == COL_SAFEGUARDING:
            return row.safeguarding_at is not None
        return col == COL_OVERDUE and row.overdue_steps > 0

    def _display(self, row: CaseloadRow, col: int) -> str:
        match col:
            case 0:
                return row.display_name
            case 1:
                return uk_date_short(row.date_of_birth) if row.date_of_birth else ""
            case 2:
                return row.practice_name
            case 3:
                return row.status.label
            case 4:
                return row.referral_source.label
            case 5:
                if row.review_on is None:
                    return ""
                late = " (overdue)" if self._late(row, COL_REVIEW) else ""
                return uk_date_long(row.review_on) + late
            case 6:
                return str(row.overdue_steps) if row.overdue_steps else ""
            case 7:
                return uk_datetime(row.next_session) if row.next_session else ""
            case 8:  # words, not only colour: a screen reader and a grey screen say it too
                return (f"Concern {uk_date_short(uk_local(row.safeguarding_at).date())}"
                        if row.safeguarding_at else "")
            case 9:
                return off_work_words(row.weeks_off, row.early_off)
        return ""

    def _sort_key(self, row: CaseloadRow, col: int) -> Any:
        match col:
            case 0:
                return f"{row.family_name.casefold()} {row.given_name.casefold()}"
            case 1:
                return row.date_of_birth.isoformat() if row.date_of_birth else ""
            case 5:
                return row.review_on.isoformat() if row.review_on else "9999"
            case 6:
                return row.overdue_steps
            case 7:
                return row.next_session.isoformat() if row.next_session else "9999"
            case 8:  # the latest concern first when sorted descending
                return row.safeguarding_at.isoformat() if row.safeguarding_at else ""
            case 9:
                return row.weeks_off if row.weeks_off is not None else 10**6
        return self._display(row, col).casefold()
