"""Search results change the caseload's rows in place (no model reset, so no fresh table
layout per keystroke), the cursor never rests on whoever fills a row's place, and the
one-call-per-cell delegate paints what the style sheet asks: selection colours with and
without the focus, alternate rows and the overdue colour. Real widgets, offscreen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from coachdesk.ui.app import style_sheet
from coachdesk.ui.caseload.delegate import CaseloadDelegate
from coachdesk.ui.caseload.model import COL_NAME, COL_REVIEW, CaseloadFilter, CaseloadModel
from coachdesk.ui.widgets.tables import ChoosingTableView
from tests.ui.test_caseload_model import TODAY, row

ROWS = [row(f"c{i:02}", f"Given{i:02}", f"Family{i:02}",
            review_on=date(2026, 11, 1) if i == 3 else None) for i in range(40)]


def _signals(model: CaseloadModel) -> list[str]:
    seen: list[str] = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.rowsRemoved.connect(lambda *_a: seen.append("removed"))
    model.rowsInserted.connect(lambda *_a: seen.append("inserted"))
    model.dataChanged.connect(lambda *_a: seen.append("changed"))
    return seen


def test_a_search_changes_the_rows_in_place_and_shows_exactly_the_hits() -> None:
    model = CaseloadModel(TODAY)
    model.set_rows(ROWS)
    seen = _signals(model)
    model.set_criteria(CaseloadFilter(status=None, client_ids=frozenset({"c05", "c07"})))
    assert seen == ["removed", "changed"]
    assert [model.row_at(r).client_id for r in range(model.rowCount())] == ["c05", "c07"]
    assert model.index(0, COL_NAME).data() == "Given05 Family05"
    seen.clear()
    model.set_criteria(CaseloadFilter(status=None, client_ids=frozenset({"c01", "c02", "c03"})))
    assert seen == ["inserted", "changed"]
    assert model.index(2, COL_NAME).data() == "Given03 Family03"  # not a stale cell
    assert model.cell(2, COL_REVIEW)[:2] == ("1 Nov 2026 (overdue)", QColor("#b01d1d"))
    seen.clear()
    model.set_criteria(CaseloadFilter(status=None))
    assert seen == ["inserted", "changed"] and model.rowCount() == 40


def _table(qtbot):  # type: ignore[no-untyped-def]
    holder = QWidget()
    holder.setStyleSheet(style_sheet())
    other = QLineEdit()
    table = ChoosingTableView()
    model = CaseloadModel(TODAY, table)
    model.set_rows(ROWS)
    model.set_criteria(CaseloadFilter(status=None))
    table.setModel(model)
    table.setItemDelegate(CaseloadDelegate(table, model.cell))
    model.measure = table.fontMetrics().horizontalAdvance
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.verticalHeader().hide()
    layout = QVBoxLayout(holder)
    layout.addWidget(other)
    layout.addWidget(table)
    qtbot.addWidget(holder)
    holder.resize(900, 600)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, table, model, other


def _pixel(table, model_row: int, x: int = 3) -> QColor:  # type: ignore[no-untyped-def]
    image = table.viewport().grab().toImage()
    rect = table.visualRect(table.model().index(model_row, COL_NAME))
    return image.pixelColor(x, rect.top() + 2)


def test_the_delegate_paints_selection_alternate_rows_and_overdue_dates(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, table, model, other = _table(qtbot)
    table.setFocus()
    table.selectionModel().setCurrentIndex(
        model.index(1, COL_NAME), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.waitUntil(table.hasFocus)
    assert _pixel(table, 1) == QColor("#005eb8")  # selected, the table focused
    assert _pixel(table, 2) == QColor("#ffffff") and _pixel(table, 3) == QColor("#f7f9fa")
    other.setFocus()
    qtbot.waitUntil(lambda: not table.hasFocus())
    assert _pixel(table, 1) == QColor("#d2e3f5")  # selected, the focus elsewhere
    # the overdue review date is painted in the overdue colour
    image = table.viewport().grab().toImage()
    rect = table.visualRect(model.index(3, COL_REVIEW))
    colours = {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())
               for y in range(rect.top(), rect.bottom())}
    assert any(QColor(c).red() > 120 and QColor(c).green() < 80 for c in colours)
    holder.close()


def test_a_text_wider_than_its_column_is_cut_with_an_ellipsis(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, table, model, _other = _table(qtbot)
    table.setColumnWidth(COL_NAME, 40)
    image = table.viewport().grab().toImage()
    rect = table.visualRect(model.index(0, COL_NAME))
    inked = [x for x in range(rect.left(), rect.right() + 1)
             if image.pixelColor(x, rect.center().y()).lightness() < 128]
    assert inked and max(inked) <= rect.right() - 4  # nothing drawn over the next column
    text, _colour, width = model.cell(0, COL_NAME)
    assert width == table.fontMetrics().horizontalAdvance(text) > 40
    holder.close()


def test_a_search_announces_only_the_rows_whose_client_changed() -> None:
    """Issue 13: a keystroke that leaves the rows in view as they were repaints nothing,
    and rows that keep their client keep their formatted cells."""
    model = CaseloadModel(TODAY)
    model.set_rows(ROWS)
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_r: spans.append((a.row(), b.row())))
    ids = frozenset(f"c{i:02}" for i in range(10))
    model.set_criteria(CaseloadFilter(status=None, client_ids=ids))  # 40 -> the first 10
    assert spans == []  # rows 0-9 show the same clients: only the tail went
    model.cell(0, COL_NAME)
    formatted = model._cells["c00"]
    model.set_criteria(CaseloadFilter(status=None, client_ids=ids))  # the same hits again
    assert spans == [] and model._cells["c00"] is formatted
    model.set_criteria(CaseloadFilter(status=None, client_ids=ids - {"c04", "c06"}))
    assert spans == [(4, 7)]  # c05, c07, c08, c09 moved up; 0-3 as they were
    assert model._cells["c00"] is formatted
    assert [model.row_at(r).client_id for r in range(model.rowCount())] == [
        "c00", "c01", "c02", "c03", "c05", "c07", "c08", "c09"]
    assert model.index(4, COL_NAME).data() == "Given05 Family05"  # not a stale cell
    spans.clear()
    model.set_criteria(CaseloadFilter(status=None, client_ids=frozenset({"c39"})))
    assert spans == [(0, 0)] and model.index(0, COL_NAME).data() == "Given39 Family39"


def test_a_client_shown_again_in_another_row_is_not_formatted_again() -> None:
    """Issue 13: typing on (or back) shows many of the same clients in other rows; their
    cells are formatted and measured once while the rows stay loaded."""
    model = CaseloadModel(TODAY)
    model.set_rows(ROWS)
    formatted: list[str] = []
    display = model._display
    model._display = lambda r, c: (formatted.append(r.client_id), display(r, c))[1]  # type: ignore[method-assign]
    model.set_criteria(CaseloadFilter(status=None, client_ids=frozenset({"c05", "c07"})))
    assert model.cell(1, COL_NAME)[0] == "Given07 Family07"
    assert set(formatted) == {"c07"}
    formatted.clear()
    model.set_criteria(CaseloadFilter(status=None, client_ids=frozenset({"c01", "c02", "c07"})))
    assert model.cell(2, COL_NAME)[0] == "Given07 Family07"  # c07 now in row 2
    assert model.cell(0, COL_NAME)[0] == "Given01 Family01"
    assert set(formatted) == {"c01"}
    model.set_rows(ROWS)  # the rows loaded again (a change): formatted afresh
    formatted.clear()
    model.cell(0, COL_NAME)
    assert formatted and set(formatted) == {"c01"}  # formatted before, and again now
