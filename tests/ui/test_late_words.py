""""Working…" and "Searching…" are said only once the work has taken a moment: a quick
job or search sets no words (no relayout of their label while the coach waits), a slow
one says them after the delay and they go when it ends. Real widgets, a real vault, the
threaded worker."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel

from coachdesk.services.desk import Desk
from coachdesk.ui.actions import ActionId
from coachdesk.ui.busy import LateWords
from tests.ui.conftest import make_window, unlock


def test_words_show_only_when_the_work_is_still_going_after_the_delay(qtbot) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    words = LateWords(said.append, "Working…", delay_ms=40)
    words.start()
    assert words.stop() is False  # ended before the delay
    qtbot.wait(80)
    assert said == []
    words.start()
    qtbot.waitUntil(lambda: said == ["Working…"], timeout=2000)
    words.start()  # more work while shown: said once
    words.clear()
    assert said == ["Working…", ""]
    words.clear()  # nothing shown: nothing to clear
    assert said == ["Working…", ""]


def test_a_quick_search_never_says_searching_and_a_slow_one_does(
    seeded, app_paths, clocks, qtbot, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.pages, timeout=15000)
    window.registry.trigger(ActionId.CASELOAD)
    view = window.caseload
    qtbot.waitUntil(lambda: view.model.total() == 1, timeout=15000)
    window.ctx.worker.wait_idle()
    qtbot.waitUntil(lambda: not window.ctx.worker.is_busy, timeout=5000)
    summaries: list[str] = []
    busy: list[str] = []
    view.summary.setText = lambda t: (summaries.append(t), QLabel.setText(view.summary, t))
    view._searching._show = view.summary.setText  # what the late words say, recorded too
    window.busy_words._show = lambda t: (busy.append(t), QLabel.setText(window.busy_label, t))
    release = threading.Event()
    original = Desk.search_clients

    def search_clients(desk: Desk, text: str, limit: int = 500):  # type: ignore[no-untyped-def]
        if text == "Okaf":
            release.wait(10)  # the slow one: held on the worker until the words show
        return original(desk, text, limit)
    monkeypatch.setattr(Desk, "search_clients", search_clients)

    view.search.setText("Zo")
    qtbot.waitUntil(lambda: any(s.startswith("Showing 1 of 1") for s in summaries), timeout=5000)
    qtbot.wait(400)  # longer than the words' delay
    assert "Searching…" not in summaries and busy == []
    summaries.clear()
    view.search.setText("Okaf")
    qtbot.waitUntil(lambda: "Searching…" in summaries and "Working…" in busy, timeout=5000)
    assert view.summary.text() == "Searching…" and window.busy_label.text() == "Working…"
    release.set()
    qtbot.waitUntil(lambda: view.summary.text().startswith("Showing 1 of 1"), timeout=5000)
    qtbot.waitUntil(lambda: window.busy_label.text() == "", timeout=5000)
    window.close()
