"""The caseload table's cells, painted in one Python call each.

Qt's own delegate asks the model for ten roles per cell and renders each cell through the
style sheet's box model: on a search that changes every visible row that was most of the
time from results to rows shown. This paints what the style sheet asks of a table row
(resources/style.qss: `QTableView::item`, padding 8px 6px, a 1px rule beneath, the
alternate and selection colours, which the style sheet puts into the view's palette) from
one `CaseloadModel.cell()` per cell. Screen readers still read the model, not the paint.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex

PAD_X, PAD_Y = 6, 8
RULE = QColor("#e8edee")
#: the selection with and without the focus (`QTableView` and `QTableView:!focus` in
#: style.qss): the palette keeps whichever applied when the table was polished
SELECTION, SELECTION_TEXT = QColor("#005eb8"), QColor("#ffffff")
UNFOCUSED_SELECTION, UNFOCUSED_SELECTION_TEXT = QColor("#d2e3f5"), QColor("#212b32")
_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ELIDE = Qt.TextElideMode.ElideRight
_SELECTED = QStyle.StateFlag.State_Selected
_BASE, _ALT, _TEXT = QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase, \
    QPalette.ColorRole.Text
_RESTYLED = {QEvent.Type.PaletteChange, QEvent.Type.StyleChange}


class CaseloadDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView, cell) -> None:  # type: ignore[no-untyped-def]
        """`cell(row, column)` gives (text, colour or None, text width) for a cell."""
        super().__init__(view)
        self._view = view
        self._cell = cell
        #: the view's base, alternate and text colours, read once (a palette() per cell
        #: copied the whole palette) and again whenever the view's palette or style changes
        self._colours: tuple[QColor, QColor, QColor] | None = None
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESTYLED:
            self._colours = None
        return False

    def _palette_colours(self) -> tuple[QColor, QColor, QColor]:
        palette = self._view.palette()
        self._colours = (palette.color(_BASE), palette.color(_ALT), palette.color(_TEXT))
        return self._colours

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.row()
        text, colour, width = self._cell(row, index.column())
        rect: QRect = option.rect  # type: ignore[attr-defined]
        x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
        if option.state & _SELECTED:  # type: ignore[attr-defined]
            focused = self._view.hasFocus()
            painter.fillRect(rect, SELECTION if focused else UNFOCUSED_SELECTION)
            pen = SELECTION_TEXT if focused else (colour or UNFOCUSED_SELECTION_TEXT)
        else:
            base, alternate, plain = self._colours or self._palette_colours()
            painter.fillRect(rect, alternate if row % 2 else base)
            pen = colour or plain
        painter.setPen(RULE)
        painter.drawLine(x, y + h - 1, x + w - 1, y + h - 1)
        if text:
            room = w - 2 * PAD_X
            if width > room:  # measured once per row shown (CaseloadModel.cell)
                text = option.fontMetrics.elidedText(text, _ELIDE, room)  # type: ignore[attr-defined]
            painter.setPen(pen)
            painter.drawText(x + PAD_X, y, room, h, _ALIGN, text)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        _text, _colour, width = self._cell(index.row(), index.column())
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        return QSize(width + 2 * PAD_X, metrics.height() + 2 * PAD_Y + 1)
