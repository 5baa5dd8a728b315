"""Issue 12 item 11 (the rest): on New client, Tab follows the form as it is laid out (row
by row, left to right), stops only at fields and buttons the coach can use, and Save is one
Tab from the last field (the consent); Ctrl+S and Enter save from anywhere in the form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from coachdesk.ui.actions import ActionId
from tests.ui.conftest import type_into, unlock

SAME_ROW = 30  # px: a label above one field and not another shifts it this much at most


def _chain(window: Any, qtbot: Any, stop: str) -> list[QWidget]:
    """Press Tab from the first field until `stop` has the focus."""
    seen = [QApplication.focusWidget()]
    while seen[-1].objectName() != stop:
        assert len(seen) < 40, [w.objectName() for w in seen]
        qtbot.keyClick(seen[-1], Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_follows_the_layout_and_save_is_one_tab_from_the_last_field(
        seeded, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    page = window.findChild(QWidget, "newClientPage")
    body = page.findChild(QWidget, "formBody")
    first = QApplication.focusWidget()
    assert first.objectName() == "field_given_name"
    chain = _chain(window, qtbot, "cancelNewClient")
    names = [w.objectName() for w in chain]
    assert len(set(names)) == len(names)  # no stop twice, no loop
    assert all(w.isVisible() and w.isEnabled() for w in chain)  # nothing hidden or dead
    assert all(n.startswith("field_") for n in names[:-2])
    assert names[-3:] == ["field_consent_scope", "saveClient", "cancelNewClient"]
    places = [w.mapTo(body, QPoint(0, 0)) for w in chain]
    for (a, pa), (b, pb) in zip(zip(names, places, strict=True), zip(names[1:], places[1:],
                                                                    strict=True),
                                strict=False):
        same_row = abs(pb.y() - pa.y()) <= SAME_ROW
        assert pb.y() > pa.y() + SAME_ROW or (same_row and pb.x() > pa.x()), (
            f"Tab from {a} at {pa} to {b} at {pb} goes against the layout")
    # the coach types the last field and reaches Save with a single Tab
    type_into(window, "field_given_name", "Kwame")
    type_into(window, "field_family_name", "Mensah")
    type_into(window, "field_date_of_birth", "28/02/1990")
    scope = page.findChild(QWidget, "field_consent_scope")
    scope.setFocus()
    qtbot.keyClicks(scope, "Share with the GP practice")
    qtbot.keyClick(scope, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == "saveClient"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter on Save saves
    qtbot.waitUntil(lambda: window.page_name() == "record", timeout=2000)


def test_ctrl_s_saves_from_a_text_box_where_enter_is_a_new_line(
        seeded, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    type_into(window, "field_given_name", "Ama")
    type_into(window, "field_family_name", "Owusu")
    type_into(window, "field_date_of_birth", "01/03/1985")
    type_into(window, "field_consent_scope", "Share with the GP practice")
    barriers = window.findChild(QWidget, "newClientPage").findChild(
        QWidget, "field_health_barriers")
    barriers.setFocus()
    qtbot.keyClicks(barriers, "Back pain")
    qtbot.keyClick(barriers, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.page_name() == "record"
