"""Trial item 3 (waiting list): after a lock and unlock the waiting list keeps the referral
the coach chose, with focus on the list, so Alt+T or Alt+D acts on that referral."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Seeded, make_window, unlock
from tests.ui.referrals.test_waiting_list_ui import _seed


def test_the_chosen_referral_and_focus_survive_a_lock(
        seeded: Seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(app_paths, seeded)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.show()
    window.activateWindow()
    window.registry["waiting_list"].trigger()
    QApplication.processEvents()
    page = window.waiting_list
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # Inès Varga, by the arrow keys
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.selected().referral.id == ids["Varga"]

    clocks.advance(6)
    window.idle.check()
    assert window.is_locked()
    assert page.table.rowCount() == 0  # nothing personal on screen while locked
    unlock(window)
    window.activateWindow()
    QApplication.processEvents()
    assert window.page_name() == "waiting_list"
    qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=3000)
    assert page.selected().referral.id == ids["Varga"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=2000)
    window.close()
