"""The caseload table's cells, painted in one Python call each (or a row in one call:
`paint_row`, which CaseloadTable uses).

Qt's own delegate asks the model for ten roles per cell and renders each cell through the
style sheet's box model: on a search that changes every visible row that was most of the
time from results to rows shown. This paints what the style sheet asks of a table row
(resources/style.qss: `QTableView::item`, padding 8px 6px, a 1px rule beneath, the
alternate and selection colours, which the style sheet puts into the view's palette) from
one `CaseloadModel.cell()` per cell. The text is drawn at its baseline (the same pixels as
a left, vertically centred rectangle, without Qt laying the text out to align it). Screen
readers still read the model, not the paint.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex

PAD_X, PAD_Y = 6, 8
RULE = QColor("#e8edee")
TEXTS_KEPT = 20_000
#: the selection with and without the focus (`QTableView` and `QTableView:!focus` in
#: style.qss): the palette keeps whichever applied when the table was polished
SELECTION, SELECTION_TEXT = QColor("#005eb8"), QColor("#ffffff")
UNFOCUSED_SELECTION, UNFOCUSED_SELECTION_TEXT = QColor("#d2e3f5"), QColor("#212b32")
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
        #: each text as laid out for drawing, by (text, room): the same dates, statuses
        #: and practices, and the clients shown again as the coach types, are laid out once
        self._laid_out: dict[tuple[str, int], QStaticText] = {}
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESTYLED:
            self._colours = None
        elif event.type() == QEvent.Type.FontChange:
            self._laid_out.clear()
        return False

    def _palette_colours(self) -> tuple[QColor, QColor, QColor]:
        palette = self._view.palette()
        self._colours = (palette.color(_BASE), palette.color(_ALT), palette.color(_TEXT))
        return self._colours

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & _SELECTED)  # type: ignore[attr-defined]
        self.paint_row(painter, index.row(), rect.y(), rect.height(),
                       [(rect.x(), rect.width(), index.column())], selected,
                       option.fontMetrics)  # type: ignore[attr-defined]

    def paint_row(self, painter: QPainter, row: int, y: int, h: int,
                  spans: list[tuple[int, int, int]], selected: bool,
                  metrics: QFontMetrics) -> None:
        """Paint `row`'s cells at (x, width, column) in `spans`, side by side from left to
        right: one fill and one rule for them all, then each cell's text (CaseloadTable
        paints a row in view with one call; Qt's own paint calls `paint` per cell)."""
        x, right = spans[0][0], spans[-1][0] + spans[-1][1]
        focused = selected and self._view.hasFocus()
        if selected:
            painter.fillRect(x, y, right - x, h, SELECTION if focused else UNFOCUSED_SELECTION)
            plain = SELECTION_TEXT if focused else UNFOCUSED_SELECTION_TEXT
        else:
            base, alternate, plain = self._colours or self._palette_colours()
            painter.fillRect(x, y, right - x, h, alternate if row % 2 else base)
        painter.setPen(RULE)
        painter.drawLine(x, y + h - 1, right - 1, y + h - 1)
        top = y + (h - metrics.height()) // 2
        cell, laid_out = self._cell, self._laid_out
        if len(laid_out) > TEXTS_KEPT:
            laid_out.clear()
        for cx, w, col in spans:
            text, colour, width = cell(row, col)
            if not text:
                continue
            room = w - 2 * PAD_X
            static = laid_out.get((text, room))
            if static is None:
                shown = text
                if width > room:  # measured once per client shown (CaseloadModel.cell)
                    shown = metrics.elidedText(text, _ELIDE, room)
                static = laid_out[(text, room)] = QStaticText(shown)
                static.setTextFormat(Qt.TextFormat.PlainText)
            painter.setPen(plain if focused else colour or plain)
            painter.drawStaticText(cx + PAD_X, top, static)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        _text, _colour, width = self._cell(index.row(), index.column())
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        return QSize(width + 2 * PAD_X, metrics.height() + 2 * PAD_Y + 1)
