"""The caseload as a table model (Vorta's archive model is the template) and its filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from coachdesk.domain.enums import CaseStatus, ReferralSource
from coachdesk.domain.timefmt import uk_date_long, uk_date_short, uk_datetime
from coachdesk.services.caseload import CaseloadRow

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_DOB, COL_PRACTICE, COL_STATUS, COL_REFERRAL, COL_REVIEW, COL_OVERDUE, COL_NEXT = \
    range(8)
HEADERS = ["Name", "Date of birth", "Practice", "Status", "Referred by", "Review",
           "Overdue", "Next session"]

SortRole = Qt.ItemDataRole.UserRole + 1
ClientIdRole = Qt.ItemDataRole.UserRole + 2


class CaseloadModel(QAbstractTableModel):
    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseloadRow] = []
        self.today = today
        self._sort = (COL_NAME, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: list[CaseloadRow], today: date | None = None) -> None:
        self.beginResetModel()
        if today is not None:
            self.today = today
        self._rows = self._sorted(list(rows))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here with one key per row: a proxy sort calls back into Python for every
        comparison, which took most of a second on 10,000 clients."""
        self._sort = (column, order)
        self.beginResetModel()
        self._rows = self._sorted(self._rows)
        self.endResetModel()

    def _sorted(self, rows: list[CaseloadRow]) -> list[CaseloadRow]:
        column, order = self._sort
        return sorted(rows, key=lambda r: (self._sort_key(r, column), r.client_id),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SortRole:
            return self._sort_key(row, col)
        if role == ClientIdRole:
            return row.client_id
        if role == Qt.ItemDataRole.ForegroundRole and self._late(row, col):
            return QColor("#b01d1d")
        return None

    def _late(self, row: CaseloadRow, col: int) -> bool:
        if row.status is not CaseStatus.OPEN:
            return False
        if col == COL_REVIEW:
            return row.review_on is not None and row.review_on < self.today
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
        return self._display(row, col).casefold()


@dataclass(slots=True)
class CaseloadFilter:
    practice_id: str | None = None
    status: CaseStatus | None = CaseStatus.OPEN
    referral: ReferralSource | None = None
    overdue_only: bool = False
    client_ids: frozenset[str] | None = None  # from a search; None means no search


class CaseloadProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.criteria = CaseloadFilter()
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast); the proxy keeps its order and only filters."""
        self.sourceModel().sort(column, order)

    def set_criteria(self, criteria: CaseloadFilter) -> None:
        self.beginFilterChange()
        self.criteria = criteria
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model: CaseloadModel = self.sourceModel()  # type: ignore[assignment]
        row = model.row_at(source_row)
        c = self.criteria
        return not (
            (c.client_ids is not None and row.client_id not in c.client_ids)
            or (c.practice_id and row.practice_id != c.practice_id)
            or (c.status is not None and row.status is not c.status)
            or (c.referral is not None and row.referral_source is not c.referral)
            or (c.overdue_only and not row.review_overdue(model.today))
        )
