"""Issue 17 item 9: at 1024x700 every page and dialog fits without sideways scrolling and
every button on it can be reached."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QPushButton,
    QScrollArea,
    QWidget,
)

from coachdesk.ui.actions import ActionId
from tests.ui.conftest import type_into, unlock

SIZE = (1024, 700)


@pytest.fixture(autouse=True)
def styled(app_style: None) -> None:
    """The app's own font and style sheet for every test here (tests/ui/conftest.py)."""


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _problems(top: QWidget, where: str, whole_height: bool = False) -> list[str]:
    """Buttons outside the window (or, for a page, past its scroll area's width), and any
    scroll area or list (a caseload table too) that scrolls sideways."""
    _settle()
    found = []
    for area in top.findChildren(QScrollArea) + top.findChildren(QAbstractItemView):
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0:
            found.append(f"{where}: {area.objectName() or type(area).__name__} scrolls "
                         f"sideways ({area.horizontalScrollBar().maximum()} px)")
    window_frame = QRect(QPoint(0, 0), top.size())
    for button in top.findChildren(QPushButton):
        frame = window_frame
        if not button.isVisible():
            continue
        rect = QRect(button.mapTo(top, QPoint(0, 0)), button.size())
        area = _area_of(button)
        if area is not None:  # inside a scrolled page: judge against what is shown
            view = area.viewport()
            rect = QRect(button.mapTo(view, QPoint(0, 0)), button.size())
            frame = QRect(QPoint(0, 0), view.size())
        sideways = rect.left() < 0 or rect.right() > frame.right()
        below = whole_height and rect.bottom() > frame.bottom()
        if sideways or below:
            found.append(f"{where}: {button.objectName() or button.text()} at {rect}")
    return found


def _area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def test_first_run_screens_fit_at_1024x700(window) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SIZE)
    problems = []
    type_into(window, "field_profile_name", "Sam Coach")
    type_into(window, "field_new_passphrase", "password123")
    type_into(window, "field_confirm_passphrase", "password12")
    window.unlock.create_page.create_button.click()  # two errors shown
    problems += _problems(window, "create profile after errors", whole_height=True)
    good = "kettle orbit meadow lantern"
    type_into(window, "field_new_passphrase", good)
    type_into(window, "field_confirm_passphrase", good)
    window.unlock.create_page.create_button.click()
    problems += _problems(window, "recovery code", whole_height=True)
    window.unlock.code_page.confirm.setChecked(True)
    window.unlock.code_page.continue_button.click()
    problems += _problems(window, "today")
    window.registry.trigger(ActionId.CRISIS_CONTACTS)
    _settle()
    dialog = window.crisis_dialog
    dialog.resize(min(dialog.width(), SIZE[0]), min(dialog.height(), SIZE[1]))
    _settle()
    assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1], dialog.size()
    problems += _problems(dialog, "crisis contacts")
    dialog.reject()
    assert not problems, "\n".join(problems)


def test_every_page_fits_at_1024x700(seeded, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SIZE)
    unlock(window)
    problems = []
    for action, where in ((ActionId.TODAY, "today"), (ActionId.CASELOAD, "caseload"),
                          (ActionId.NEW_CLIENT, "new client"),
                          (ActionId.DIRECTORY, "directory")):
        window.registry.trigger(action)
        problems += _problems(window, where)
    window.open_client(seeded.client.id)
    for tab in range(window.record.tabs.count()):
        window.record.tabs.setCurrentIndex(tab)
        problems += _problems(window, f"client record tab {tab}")
    window.start_session(seeded.client.id, None)
    problems += _problems(window, "session")
    assert not problems, "\n".join(problems)
    window.session.end()
