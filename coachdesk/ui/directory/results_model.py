"""Table model of directory search results: one row per service, no database inside.

The columns are what tells services apart at a glance (issue 12 item 14): the name, its
category (under the name, in the same cell), the phone number, the area served and
today's hours; the organisation and the
description are in each row's tooltip and the detail pane."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coachdesk.domain.directory import DirectoryService
from coachdesk.services.directory import ResultLine, result_line

Index = QModelIndex | QPersistentModelIndex

NAME, PHONE, AREA, TODAY = range(4)
HEADERS = ("Service", "Phone", "Area", "Today")
ServiceRole = Qt.ItemDataRole.UserRole + 1
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class ResultsModel(QAbstractTableModel):
    def __init__(self, now: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._now = now
        self._rows: list[DirectoryService] = []
        self._lines: list[ResultLine] = []

    def set_rows(self, services: Sequence[DirectoryService]) -> None:
        self.beginResetModel()
        self._rows = list(services)
        moment = self._now()
        self._lines = [result_line(s, moment) for s in self._rows]
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

    def name(self, row: int) -> str:
        s = self._rows[row]
        return f"{s.name} (crisis)" if s.is_crisis else s.name

    def text(self, row: int, column: int) -> str:
        s, line = self._rows[row], self._lines[row]
        if column == NAME:
            return "\n".join(x for x in (self.name(row), line.category) if x)
        if column == PHONE:
            return s.phone
        if column == AREA:
            return line.area
        return line.today

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == ServiceRole:
            return self._rows[row]
        if role in _TEXT_ROLES:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole of it, whatever the width
            s = self._rows[row]
            lines = [self.name(row), self._lines[row].category, s.organisation,
                     self.text(row, PHONE), self.text(row, AREA),
                     f"Today: {self.text(row, TODAY)}", s.description]
            return "\n".join(x for x in lines if x)
        return None
