"""CaseloadTable paints each row in one call and must look exactly as Qt's own per-cell
paint through CaseloadDelegate does: the same pixels for alternate rows, the selection
with and without the focus, the overdue colour, cut texts, hidden and moved columns, a
scrolled view, and a repaint of part of the view. Real widgets, offscreen, style sheet on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QTableView, QWidget

from coachdesk.ui.app import style_sheet
from coachdesk.ui.caseload.delegate import CaseloadDelegate
from coachdesk.ui.caseload.model import (
    COL_NAME,
    COL_OFF_WORK,
    COL_PRACTICE,
    COL_SAFEGUARDING,
    CaseloadFilter,
    CaseloadModel,
)
from coachdesk.ui.caseload.table import CaseloadTable
from coachdesk.ui.widgets.tables import ChoosingTableView
from tests.ui.test_caseload_model import TODAY, row

ROWS = [row(f"c{i:03}", f"Given{i:03}", f"Family{i % 13:02} with a long surname",
            review_on=date(2026, 11, 1 + i % 28), overdue_steps=i % 3,
            practice_name=f"Practice {i % 7} Medical Centre") for i in range(120)]


def _pair(qtbot):  # type: ignore[no-untyped-def]
    """The same rows in a CaseloadTable and in a plain per-cell table, side by side."""
    holder = QWidget()
    holder.setStyleSheet(style_sheet())
    layout = QHBoxLayout(holder)
    other = QLineEdit()
    layout.addWidget(other)
    tables: list[QTableView] = []
    for table in (CaseloadTable(), ChoosingTableView()):
        model = CaseloadModel(TODAY, table)
        model.set_rows(ROWS)
        model.set_criteria(CaseloadFilter(status=None))
        table.setModel(model)
        table.setItemDelegate(CaseloadDelegate(table, model.cell))
        model.measure = table.fontMetrics().horizontalAdvance
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        for col in range(model.columnCount()):
            table.setColumnWidth(col, 70 + 9 * col)
        table.setFixedSize(640, 520)
        layout.addWidget(table)
        tables.append(table)
    qtbot.addWidget(holder)
    holder.resize(1500, 600)
    holder.show()
    qtbot.waitExposed(holder)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    return holder, tables, other


def _image(table: QTableView) -> QImage:
    return table.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _same(tables: list[QTableView]) -> None:
    ours, qts = (_image(t) for t in tables)
    assert ours.size() == qts.size()
    assert ours == qts


def _select(table: QTableView, model_row: int) -> None:
    table.selectionModel().setCurrentIndex(
        table.model().index(model_row, COL_NAME),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def test_rows_painted_in_one_call_look_exactly_as_qts_per_cell_paint(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, tables, other = _pair(qtbot)
    _same(tables)
    for table in tables:
        _select(table, 3)
    _same(tables)  # selected, the focus elsewhere
    focused = []
    for table in tables:  # selected, the table focused (each in turn)
        table.setFocus()
        qtbot.waitUntil(table.hasFocus)
        focused.append(_image(table))
    assert focused[0] == focused[1]
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    for table in tables:  # a hidden column, a moved one, a narrow one (texts cut)
        table.setColumnHidden(COL_PRACTICE, True)
        table.setColumnHidden(COL_OFF_WORK, True)
        table.horizontalHeader().moveSection(table.horizontalHeader().visualIndex(
            COL_SAFEGUARDING), 1)
        table.setColumnWidth(COL_NAME, 45)
        table.verticalScrollBar().setValue(37)
    _same(tables)
    for table in tables:  # a search leaves 5 rows: the area below them is background
        table.model().set_criteria(CaseloadFilter(status=None, client_ids=frozenset(
            f"c{i:03}" for i in (1, 2, 40, 41, 99))))
        table.viewport().update(QRect(0, 0, 120, 400))  # part of the view only
    qtbot.wait(20)
    _same(tables)
    holder.close()


def test_a_paint_of_part_of_the_view_paints_only_the_rows_it_touches(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, tables, _other = _pair(qtbot)
    table = tables[0]
    asked: list[int] = []
    model = table.model()
    cell = model.cell
    table.itemDelegate()._cell = lambda r, c: (asked.append(r), cell(r, c))[1]  # type: ignore[attr-defined]
    height = table.rowHeight(0)
    table.viewport().repaint(QRect(0, height * 2 + 1, 50, height - 2))  # within row 2
    assert set(asked) == {2}
    holder.close()
