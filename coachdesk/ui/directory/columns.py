"""Directory results readable at 1024x700 and up (issue 12 item 14): the phone number and
today's hours are never cut, the service's name wraps onto more lines rather than being
elided (its category on the line under it), and the area wraps within a modest width."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from coachdesk.ui.directory.results_model import AREA, HEADERS, NAME, PHONE, TODAY

#: room for the cell's padding (style.qss: 8px 6px), text margins and the grid line
CELL_PADDING = 20
ROW_PADDING = 20
#: columns that wrap are at most this many average characters wide
WRAP_AT = {AREA: 10, TODAY: 15}


def set_up(table: QTableView) -> None:
    table.setWordWrap(True)
    table.setTextElideMode(table.textElideMode().ElideNone)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = table.horizontalHeader()
    header.setMinimumSectionSize(40)
    for col in range(len(HEADERS)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
    rows = QTimer(table)  # the rows grow or shrink with the wrapped names, once per resize
    rows.setSingleShot(True)
    rows.setInterval(0)
    rows.timeout.connect(lambda: fit_rows(table))
    header.sectionResized.connect(lambda *_: rows.start())
    table.rows_timer = rows  # type: ignore[attr-defined]


def size_columns(table: QTableView) -> None:
    """Phone fits its longest number; area and today fit their text up to a wrapping width;
    the name takes the rest. At most 200 results: each row as tall as its text needs."""
    model = table.model()
    rows = model.rowCount()
    cell = table.fontMetrics()
    head = table.horizontalHeader().fontMetrics()
    average = cell.averageCharWidth()
    for col in (PHONE, AREA, TODAY):
        texts = (str(model.index(r, col).data() or "") for r in range(rows))
        widest = max((cell.horizontalAdvance(t) for t in texts), default=0)
        if col in WRAP_AT:
            widest = min(widest, WRAP_AT[col] * average)
        table.setColumnWidth(col, max(widest, head.horizontalAdvance(HEADERS[col])) + CELL_PADDING)
    fit_rows(table)


def text_height(table: QTableView, text: str, width: int) -> int:
    """How tall `text` is when wrapped at a column `width` wide (padding taken off)."""
    box = QRect(0, 0, max(1, width - CELL_PADDING), 100_000)
    flags = int(Qt.TextFlag.TextWordWrap)
    return table.fontMetrics().boundingRect(box, flags, text).height()


def fit_rows(table: QTableView) -> None:
    """Each row as tall as its most wrapped cell (the delegate's own size hint leaves out
    the style sheet's padding, so a wrapped name would lose its last line)."""
    model = table.model()
    widths = [table.columnWidth(c) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        tallest = max(text_height(table, str(model.index(row, c).data() or ""), w)
                      for c, w in enumerate(widths))
        table.setRowHeight(row, tallest + ROW_PADDING)
