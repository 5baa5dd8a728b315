"""The status bar's sync words: the waiting count follows the coach's edits at once, and a
long message is cut with "…" to fit 1366 and 1024 wide windows, the whole in its tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from coachdesk.sync.hubclient import UNTRUSTED
from tests.factories import make_client
from tests.ui.conftest import make_window, unlock
from tests.ui.test_sync_dialog import SHOTS
from tests.ui.test_sync_ui import _join_profile, hub

__all__ = ["hub"]


def test_an_edit_shows_as_waiting_at_once(seeded, app_paths, clocks, qtbot, hub):
    other = _join_profile(app_paths, hub)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: window.sync_label.text() == "Synced just now"
                    and not window.sync.running, timeout=20000)
    client = make_client(seeded.practice.id, given_name="Ottilie", family_name="Marsh")
    window.ctx.worker.submit(lambda desk: desk.register_client(client, allow_duplicate=True))
    qtbot.waitUntil(lambda: "waiting" in window.sync_label.text(), timeout=10000)
    assert window.sync_label.text().startswith("Synced just now; ")
    window.close()
    other.vault.close()


def test_a_long_status_is_cut_to_fit_with_the_whole_in_the_tooltip(
        seeded, app_paths, clocks, qtbot):
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked() and not window.sync.running,
                    timeout=10000)
    qtbot.wait(200)
    long = f"Sync failed: {UNTRUSTED} Next try at 14:05."
    window.sync_label.setText(long)
    for width, height in ((1366, 768), (1024, 700)):
        window.resize(width, height)
        window.show()
        QApplication.processEvents()
        label = window.sync_label
        shown = label.shown_text()
        assert label.toolTip() == long
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        assert label.geometry().right() <= window.statusBar().width()
        assert shown.endswith("…") and shown.startswith("Sync failed: The hub")
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / f"sync-statusbar-long-{width}.png"))
    window.close()
