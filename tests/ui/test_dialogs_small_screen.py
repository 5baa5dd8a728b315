"""Issue 17 item 9: every dialog works at 1024x700: opened through the window as a coach
would, each fits 1024x700, every button and field is inside it (within its scrolled area
where it has one), and nothing scrolls sideways. The crisis dialog fits whole: its note
form and buttons need no scrolling at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from coachdesk.ui.actions import ActionId
from coachdesk.ui.governance import AUDIT_TRAIL, CONSENT, ERASE_CLIENT, OUTCOMES, RETENTION
from tests.ui.conftest import unlock
from tests.ui.test_small_screen import styled  # noqa: F401  (the app's font and style sheet)

SIZE = (1024, 700)
FIELDS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QSpinBox)


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _directory(window: Any) -> Any:
    window.ctx.worker.submit(lambda d: d.directory.load_starter())
    window.registry.trigger(ActionId.DIRECTORY)
    _settle()
    return window.findChild(QWidget, "directoryPage")


def _signpost(window: Any) -> None:
    panel = _directory(window).panel
    panel.ask_signpost(panel.model.service(0))


def _step_form(window: Any) -> QWidget:
    window.record.tabs.setCurrentIndex(2)
    window.record.plan.add.click()
    return window.record.plan.form


OPENERS: dict[str, Callable[[Any], Any]] = {
    "preferences": lambda w: w.registry.trigger(ActionId.PREFERENCES),
    "change passphrase": lambda w: w.registry.trigger(ActionId.CHANGE_PASSPHRASE),
    "step form": _step_form,
    "add local service": lambda w: _directory(w).panel.ask_add_local(),
    "import": lambda w: _directory(w).ask_import(),
    "signpost": _signpost,
    "print preview": lambda w: w.registry.trigger(ActionId.PRINT_PLAN),
    "crisis contacts": lambda w: w.registry.trigger(ActionId.CRISIS_CONTACTS),
    "sync": lambda w: w.registry.trigger(ActionId.SYNC_SETTINGS),
    "audit trail": lambda w: w.registry.trigger(AUDIT_TRAIL),
    "outcomes": lambda w: w.registry.trigger(OUTCOMES),
    "consent": lambda w: w.registry.trigger(CONSENT),
    "retention": lambda w: w.registry.trigger(RETENTION),
    "erase client": lambda w: w.registry.trigger(ERASE_CLIENT),
}


def _inner_area(widget: QWidget, top: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def problems_in(top: QWidget, whole: bool) -> list[str]:
    """Sideways scrolling anywhere; a field or button outside the dialog, or outside the
    visible width of its scroll area (`whole`: nothing may need scrolling down either,
    but the list of crisis contacts)."""
    found = []
    for area in top.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0 and not (
                isinstance(area, QPlainTextEdit)):
            found.append(f"{area.objectName() or type(area).__name__} scrolls sideways "
                         f"({area.horizontalScrollBar().maximum()} px)")
        if whole and isinstance(area, QScrollArea) and area.isVisible() and (
                area.verticalScrollBar().maximum() > 0 and area.objectName() != "crisisScroll"):
            found.append(f"{area.objectName()} needs scrolling down")
    frame = QRect(QPoint(0, 0), top.size())
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, FIELDS) or not widget.isVisible():
            continue
        if isinstance(widget.parentWidget(), (QComboBox, QSpinBox, QAbstractScrollArea)):
            continue  # a line edit inside a combo box, a scroll bar's own buttons
        rect, within = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size()), frame
        area = _inner_area(widget, top)
        if area is not None:
            view = area.viewport()
            rect = QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())
            within = QRect(QPoint(0, 0), view.size())
            whole_here = whole and area.objectName() != "crisisScroll"
        else:
            whole_here = True  # not scrolled: it must be in the dialog, top to bottom
        off = rect.left() < 0 or rect.right() > within.right() or (
            whole_here and (rect.top() < 0 or rect.bottom() > within.bottom()))
        if off:
            name = widget.objectName() or getattr(widget, "text", lambda: "")()
            found.append(f"{type(widget).__name__} {name!r} at {rect} outside {within}")
    return found


@pytest.mark.parametrize("name", list(OPENERS))
def test_dialog_fits_at_1024x700(name, seeded, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SIZE)
    unlock(window)
    window.open_client(seeded.client.id)
    _settle()
    before = {w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)}
    shown = OPENERS[name](window)
    _settle()
    if isinstance(shown, QWidget) and not isinstance(shown, QDialog):  # a form on a page
        top: QWidget = window
    else:
        new = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QDialog) and w.isVisible() and w not in before]
        assert new, f"{name}: no dialog opened"
        top = new[-1]
        assert top.width() <= SIZE[0] and top.height() <= SIZE[1], (name, top.size())
        top.resize(min(top.width(), SIZE[0]), min(top.height(), SIZE[1]))
    _settle()
    problems = problems_in(top, whole=name == "crisis contacts")
    top.grab().save(f"/tmp/dialog-1024-{name.replace(' ', '-')}.png")
    if top is not window:
        top.close()
    assert not problems, f"{name}:\n" + "\n".join(problems)
