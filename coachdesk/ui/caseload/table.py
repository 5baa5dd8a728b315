"""The caseload table: paints each row in view with one Python call.

Qt's QTableView::paintEvent calls the delegate once per cell, and each call wraps a copy
of the cell's style option, its index and the painter for Python: on a search that
changes every row in view (about 23 rows of 8-10 columns at 1366x768) that was most of
the time from results to rows shown. This paints the same pixels (CaseloadDelegate's
`paint_row`: one fill and one rule per row, then the texts) for the rows and columns
the paint event's rectangle touches, and nothing outside it, so a result that leaves the
rows in view unchanged still paints nothing. The grid is off and there are no spans (the
caseload uses neither); the background below the last row is the viewport's own.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from coachdesk.ui.caseload.delegate import CaseloadDelegate
from coachdesk.ui.widgets.tables import ChoosingTableView


class CaseloadTable(ChoosingTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setShowGrid(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        delegate, model = self.itemDelegate(), self.model()
        if not isinstance(delegate, CaseloadDelegate) or model is None or self.showGrid():
            super().paintEvent(event)
            return
        rows = model.rowCount()
        area = event.rect()
        first = self.rowAt(area.top())
        if rows == 0 or first < 0:
            return
        last = self.rowAt(area.bottom())
        last = rows - 1 if last < 0 else last
        header = self.horizontalHeader()
        left, right = area.left(), area.right()
        spans = []
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            if header.isSectionHidden(column):
                continue
            x, w = header.sectionViewportPosition(column), header.sectionSize(column)
            if w > 0 and x <= right and x + w > left:
                spans.append((x, w, column))
        if not spans:
            return
        selection = self.selectionModel()
        root = self.rootIndex()
        metrics = self.fontMetrics()
        painter = QPainter(self.viewport())
        try:
            for row in range(first, last + 1):
                if self.isRowHidden(row):
                    continue
                selected = selection is not None and selection.isRowSelected(row, root)
                delegate.paint_row(painter, row, self.rowViewportPosition(row),
                                   self.rowHeight(row), spans, selected, metrics)
        finally:
            painter.end()
