"""Issue 17 item 12: a ticked box shows a tick; an unticked one is plainly empty."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

from coachdesk.ui.app import STYLE, style_sheet

BLUE = QColor("#005eb8")


def _indicator_colours(qtbot, checked: bool, out: Path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    box = QCheckBox("Client told what was done")
    box.setStyleSheet(style_sheet())
    box.setChecked(checked)
    qtbot.addWidget(box)
    box.resize(320, 40)
    box.show()
    image = box.grab().toImage()
    image.save(str(out))
    option = QStyleOptionButton()
    option.initFrom(box)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    blue = white = 0
    for x in range(rect.left() + 4, rect.right() - 3):
        for y in range(rect.top() + 4, rect.bottom() - 3):
            c = image.pixelColor(x, y)
            if abs(c.red() - BLUE.red()) + abs(c.green() - BLUE.green()) + \
                    abs(c.blue() - BLUE.blue()) < 60:
                blue += 1
            elif min(c.red(), c.green(), c.blue()) > 230:
                white += 1
    return blue, white


def test_a_ticked_box_shows_a_white_tick_and_an_unticked_one_is_empty(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert (STYLE.parent / "check.svg").is_file()
    blue, white = _indicator_colours(qtbot, True, tmp_path / "ticked.png")
    assert blue > 20 and white > 8, (blue, white)  # blue square with a white tick in it
    blue, white = _indicator_colours(qtbot, False, tmp_path / "empty.png")
    assert blue == 0 and white > 40, (blue, white)  # white inside, no fill
