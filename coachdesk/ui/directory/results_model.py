"""Table model of directory search results: one row per service, no database inside."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coachdesk.domain.directory import DirectoryService
from coachdesk.services.directory import is_open

Index = QModelIndex | QPersistentModelIndex

NAME, ORGANISATION, PHONE, HOURS, OPEN = range(5)
HEADERS = ("Service", "Organisation", "Phone", "Opening times", "Open now")
ServiceRole = Qt.ItemDataRole.UserRole + 1


class ResultsModel(QAbstractTableModel):
    def __init__(self, now: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._now = now
        self._rows: list[DirectoryService] = []
        self._open: list[bool | None] = []

    def set_rows(self, services: Sequence[DirectoryService]) -> None:
        self.beginResetModel()
        self._rows = list(services)
        moment = self._now()
        self._open = [is_open(s, moment) for s in self._rows]
        self.endResetModel()

    def service(self, row: int) -> DirectoryService | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        if role == ServiceRole:
            return s
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == NAME:
                return f"{s.name} (crisis)" if s.is_crisis else s.name
            if column == ORGANISATION:
                return s.organisation
            if column == PHONE:
                return s.phone
            if column == HOURS:
                return s.opening_times or "Not given"
            return {True: "Open", False: "Closed", None: "Not known"}[self._open[index.row()]]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NAME:
            return s.description
        return None
