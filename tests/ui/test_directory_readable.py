"""Issue 12 item 14: directory results can be told apart without selecting each: the
whole phone number and the whole name show (wrapped, never cut) at 1366x768 and 1024x700,
beside the category, area and today's hours; every row's tooltip has it all."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QTableView

from coachdesk.services.directory import Hours, LocalDetails
from coachdesk.ui.actions import ActionId
from coachdesk.ui.directory.results_model import HEADERS, NAME, PHONE, TODAY
from tests.ui.conftest import child, unlock
from tests.ui.test_small_screen import styled  # noqa: F401  (the app's font and style sheet)

LONG = [
    LocalDetails(name=f"Chapeltown Citizens Advice debt and money drop-in, {where}",
                 organisation="Citizens Advice Leeds", phone=f"0113 496 0{n:03d}",
                 postcode="LS7 3AB", categories=["Debt advice"],
                 hours=[Hours("MO,TU,WE,TH,FR", "09:00", "17:00")])
    for n, where in enumerate(("Monday sessions", "Thursday evenings", "Saturday mornings"))
]


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _wrapped_height(table: QTableView, text: str, width: int) -> int:
    """What the text needs when wrapped in a cell `width` wide, less the style sheet's
    padding (8px 6px) and the text margins."""
    box = QRect(0, 0, width - 18, 100_000)
    return table.fontMetrics().boundingRect(box, int(Qt.TextFlag.TextWordWrap), text).height()


def test_results_show_whole_names_and_phone_numbers_at_both_sizes(seeded, window) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    for details in LONG:
        window.ctx.worker.submit(lambda d, x=details: d.directory.add_local(x))
    window.ctx.worker.submit(lambda d: d.directory.load_starter())
    window.registry.trigger(ActionId.DIRECTORY)
    _settle()
    table = child(window, QTableView, "directoryResults")
    model = table.model()
    assert model.rowCount() >= 8  # the starter set and the three long names
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(HEADERS))] == [
        "Service", "Phone", "Area", "Today"]
    metrics = table.fontMetrics()
    for size in ((1366, 768), (1024, 700)):
        window.resize(*size)
        _settle()
        for area in window.findChildren(QScrollArea):
            assert not (area.isVisible() and area.horizontalScrollBar().maximum() > 0), (
                size, area.objectName())
        assert table.horizontalScrollBar().maximum() == 0, size  # every column in view
        for row in range(model.rowCount()):
            phone = str(model.index(row, PHONE).data())
            assert table.columnWidth(PHONE) >= metrics.horizontalAdvance(phone) + 12, (
                size, phone)
            name_cell = str(model.index(row, NAME).data())
            width = table.columnWidth(NAME)
            for word in name_cell.split():  # no word of a name is ever broken or cut
                assert metrics.horizontalAdvance(word) <= width - 18, (size, word)
            for col in (NAME, TODAY):
                text = str(model.index(row, col).data())
                assert table.rowHeight(row) >= _wrapped_height(
                    table, text, table.columnWidth(col)) + 16, (size, text)
        names = [str(model.index(r, NAME).data()) for r in range(model.rowCount())]
        assert sum("Thursday evenings" in n for n in names) == 1  # told apart in the list
        assert any("Debt advice" in n for n in names)  # the category under the name
        tip = model.index(names.index(next(n for n in names if "Monday" in n)), NAME).data(
            Qt.ItemDataRole.ToolTipRole)
        assert "Citizens Advice Leeds" in tip and "0113 496 0000" in tip
        table.grab().save(f"/tmp/directory-results-{size[0]}.png")
    assert "found" in child(window, QLabel, "directoryStatus").text()
