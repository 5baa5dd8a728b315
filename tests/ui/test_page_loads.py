"""A page's loads run only while it is the page shown (issue 13): the coach who moves from
Today to the caseload as the workspace appears does not wait behind Today's follow-ups, and
Today still shows them when visited. Real vault, the real threaded worker."""

from __future__ import annotations

import threading
from datetime import timedelta

from PySide6.QtCore import QTimer

from coachdesk.services import plans
from coachdesk.services.appsession import unlock_profile
from coachdesk.services.desk import Desk
from coachdesk.ui.actions import ActionId
from coachdesk.ui.worker import DbWorker
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, make_window, unlock


def test_a_job_no_longer_wanted_is_dropped_unrun(qtbot) -> None:  # type: ignore[no-untyped-def]
    worker = DbWorker()
    gate, wanted, ran = threading.Event(), [True], []
    outcomes: list[str] = []
    worker.submit(lambda _d: gate.wait(5))  # the worker busy with an earlier job
    worker.submit(lambda _d: ran.append("left page"), lambda _r: outcomes.append("done"),
                  lambda _e: outcomes.append("failed"), wanted=lambda: wanted[0])
    worker.submit(lambda _d: ran.append("other"), failed=lambda _e: outcomes.append("other"),
                  wanted=lambda: True)
    wanted[0] = False  # the coach moved on while it waited its turn
    gate.set()
    qtbot.waitUntil(lambda: not worker.is_busy, timeout=5000)
    # the wanted job ran (and failed: no vault is open); the unwanted one never ran
    assert ran == [] and outcomes == ["other"]
    worker.shutdown()


def test_moving_to_the_caseload_at_once_skips_todays_follow_ups(
    seeded, app_paths, clocks, qtbot, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    plans.add_step(store, seeded.client.id, "Ring the GP", due_on=TODAY - timedelta(days=3))
    store.vault.close()
    read: list[str] = []
    original = Desk.follow_ups
    monkeypatch.setattr(Desk, "follow_ups", lambda desk, today: (read.append("follow-ups"),
                                                                 original(desk, today))[1])
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    # the coach's Ctrl+2 as soon as the workspace appears (after the window's own slot)
    window.unlock.unlocked.connect(lambda _u: window.registry.trigger(ActionId.CASELOAD))
    unlock(window)
    qtbot.waitUntil(lambda: window.caseload.model.total() == 1, timeout=10000)
    qtbot.waitUntil(lambda: not window.ctx.worker.is_busy, timeout=10000)
    assert read == []  # Today was left before its follow-ups were asked for
    assert window.today.followups.rowCount() == 0

    window.registry.trigger(ActionId.TODAY)  # visiting Today loads all of it
    table = window.today.followups
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10000)
    assert read == ["follow-ups"]
    assert table.item(0, 3).text() == "Ring the GP"
    assert table.item(0, 0).text() == "20 Nov 2026 (overdue)"
    window.close()


def test_ctrl_2_waiting_as_the_workspace_appears_goes_before_todays_follow_ups(
    seeded, app_paths, clocks, qtbot, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """The coach's Ctrl+2 already waiting in the event queue when the workspace appears
    (as ui_bench.py presses it), however fast the worker is: Today's load is asked for
    only after the events waiting then, so the caseload's load is not queued behind
    Today's follow-ups."""
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    plans.add_step(store, seeded.client.id, "Ring the GP", due_on=TODAY - timedelta(days=3))
    store.vault.close()
    jobs: list[str] = []
    for name in ("follow_ups", "caseload"):
        original = getattr(Desk, name)
        monkeypatch.setattr(Desk, name, lambda desk, *a, _n=name, _o=original: (
            jobs.append(_n), _o(desk, *a))[1])
    window = make_window(app_paths, clocks, qtbot, synchronous=False)

    def ctrl_2_waiting(_unlocked: object) -> None:
        window.ctx.worker.wait_idle()  # a worker that has done all it was given by now
        QTimer.singleShot(0, lambda: window.registry.trigger(ActionId.CASELOAD))
    window.unlock.unlocked.connect(ctrl_2_waiting)
    unlock(window)
    qtbot.waitUntil(lambda: window.caseload.model.total() == 1, timeout=10000)
    qtbot.waitUntil(lambda: not window.ctx.worker.is_busy, timeout=10000)
    assert jobs == ["caseload"]
    window.registry.trigger(ActionId.TODAY)
    qtbot.waitUntil(lambda: window.today.followups.rowCount() == 1, timeout=10000)
    window.close()


def test_today_shown_loads_its_clinic_then_its_follow_ups(
    seeded, app_paths, clocks, qtbot  # type: ignore[no-untyped-def]
) -> None:
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    plans.add_step(store, seeded.client.id, "Ring the GP", due_on=TODAY - timedelta(days=3))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    window.showMinimized()  # minimised is not another page: the loads still come
    unlock(window)
    table = window.today.followups
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10000)
    assert table.item(0, 2).text() == "Zoë Okafor"
    assert window.today.practice.currentText() == seeded.practice.name
    window.close()
