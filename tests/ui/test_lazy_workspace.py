"""The workspace pages are built just after the unlock screen shows (not before it), and
an unlock that comes first builds them at once. Real window, real vault."""

from __future__ import annotations

from coachdesk.ui.actions import ActionId
from coachdesk.ui.app import build_window
from tests.factories import FAST_KDF, PASSPHRASE
from tests.ui.conftest import make_window, unlock


def test_workspace_is_built_after_the_unlock_screen_shows(seeded, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    window = build_window(app_paths, synchronous=True, now=clocks.now,
                          idle_clock=clocks.monotonic, kdf=FAST_KDF)
    qtbot.addWidget(window)
    assert not window._workspace and window.pages.count() == 0
    window.resize(1366, 768)
    window.show()
    assert window.unlock.isVisible()
    qtbot.waitUntil(lambda: window._workspace, timeout=5000)
    assert window.pages.count() >= 5 and window.is_locked()
    assert not window.toolbar.isVisible() and not window.menuBar().isVisible()
    assert not window.registry[ActionId.TODAY].isEnabled()
    unlock(window)
    assert window.page_name() == "today" and window.registry[ActionId.TODAY].isEnabled()
    window.close()


def test_an_unlock_before_the_workspace_is_built_builds_it(seeded, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    page = window.unlock.unlock_page
    page.passphrase.editor.setText(PASSPHRASE)
    page.unlock_button.click()  # no event loop turn: the timer has not fired
    assert window.page_name() == "today" and not window.is_locked()
    assert window.toolbar.isVisibleTo(window)
    assert window.registry[ActionId.CASELOAD].isEnabled()
    window.registry.trigger(ActionId.CASELOAD)
    assert window.caseload.model.total() == 1
    window.close()


def test_building_the_workspace_leaves_the_coach_typing_where_they_were(
        app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The workspace is built just after the unlock screen shows: the coach may already be
    typing, so the window stays active and the field keeps the focus."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    from tests.ui.conftest import make_window

    window = make_window(app_paths, clocks, qtbot)
    window.activateWindow()
    # the field the coach types into (the first screen settles once the profiles are read)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    typing = QApplication.focusWidget()
    qtbot.waitUntil(lambda: window._workspace)
    QApplication.processEvents()
    assert QApplication.activeWindow() is window
    assert QApplication.focusWidget() is typing
    window.close()
