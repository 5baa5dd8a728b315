"""The real app's threaded worker: the same journey, waiting for results as the UI does."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from coachdesk.domain import CaseNote
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import child, click, make_window, unlock, visible_texts


def test_session_and_lock_with_the_background_worker(seeded, app_paths, clocks, qtbot):
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    worker = window.ctx.worker
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10000)
    window.registry.trigger(ActionId.CASELOAD)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1, timeout=10000)
    window.open_client(seeded.client.id)
    qtbot.waitUntil(lambda: child(window, QLabel, "recordTitle").text() == "Zoë Okafor",
                    timeout=10000)
    window.registry.trigger(ActionId.START_SESSION)
    qtbot.waitUntil(lambda: child(window, QLabel, "sessionTitle").text() != "", timeout=10000)
    child(window, QPlainTextEdit, "sessionNote").setPlainText("Talked about sleep.")
    window.registry.trigger(ActionId.END_SESSION)
    qtbot.waitUntil(lambda: window.session.pages.currentWidget() is window.session.after,
                    timeout=10000)
    click(window, "afterDone")
    window.registry.trigger(ActionId.CASELOAD)  # a load in flight when the lock comes
    window.registry.trigger(ActionId.LOCK)
    qtbot.waitUntil(lambda: not worker.is_busy, timeout=10000)
    assert window.is_locked()
    assert "Okafor" not in "\n".join(visible_texts(window))
    window.close()
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        assert [n.body for n in store.repo(CaseNote).all()] == ["Talked about sleep."]
    finally:
        store.vault.close()
