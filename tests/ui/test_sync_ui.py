"""Sync in the app: rounds on their own thread through the database worker, the status
bar's words, an unreachable hub leaving the app working, and a lock during a sync."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.domain import Client
from coachdesk.hub.serve import open_store
from coachdesk.services.appsession import unlock_profile
from coachdesk.store.store import Store
from coachdesk.sync import firstsync, team
from coachdesk.sync.engine import SyncEngine
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.hub.helpers import running_hub
from tests.store.remote_helpers import make_store, records
from tests.ui.conftest import make_window, unlock

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[str]:
    store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    with running_hub(store) as url:
        yield url
    store.close()


def _join_profile(app_paths, hub_url: str) -> Store:  # type: ignore[no-untyped-def]
    """The seeded profile joins a team made by another PC, which has one client."""
    other = make_store(app_paths.data_dir.parent / "other", "Other PC")
    member = team.create_team(other, hub_url)
    other.repo(Client).add(make_client(None, given_name="Farah", family_name="Quayle"))
    SyncEngine(other, team.client_for(member), member).sync()
    mine = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    team.join(mine, hub_url, team.invite(member).code)
    mine.vault.close()
    return other


def test_unlock_syncs_and_the_status_bar_says_when(seeded, app_paths, clocks, qtbot, hub):
    other = _join_profile(app_paths, hub)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=20000)
    assert window.sync_label.text() == "Synced just now"
    window.registry.trigger(ActionId.CASELOAD)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 2, timeout=10000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "sync-status-1366.png"))
    SyncEngine(other, *_client(other)).sync()
    assert len(records(other, "client")) == 2  # this PC's client reached the other
    window.close()
    other.vault.close()


def _client(store: Store):  # type: ignore[no-untyped-def]
    member = team.membership(store)
    assert member is not None
    return team.client_for(member), member


def test_an_unreachable_hub_leaves_the_app_working_and_the_outbox_kept(
        seeded, app_paths, clocks, qtbot, tmp_path):
    hub_store = open_store(f"sqlite:///{tmp_path / 'gone.db'}")
    with running_hub(hub_store) as url:
        other = _join_profile(app_paths, url)
    hub_store.close()
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: "offline" in window.sync_label.text(), timeout=20000)
    text = window.sync_label.text()
    assert text.endswith("changes waiting — offline. Next try at 10:00."), text
    window.registry.trigger(ActionId.CASELOAD)  # the app works on
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1, timeout=10000)
    window.registry.trigger(ActionId.SYNC_NOW)  # F9 again: still offline, still plain
    qtbot.waitUntil(lambda: not window.sync.running, timeout=20000)
    qtbot.waitUntil(lambda: "offline" in window.sync_label.text(), timeout=20000)
    window.resize(1024, 700)
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "sync-offline-1024.png"))
    window.close()
    other.vault.close()
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        assert store.journal.pending_count() > 0
    finally:
        store.vault.close()


def test_locking_during_a_sync_drops_its_results_and_loses_nothing(
        seeded, app_paths, clocks, qtbot, hub):
    other = _join_profile(app_paths, hub)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    entered, release = threading.Event(), threading.Event()

    def hook(step: str) -> None:
        if step == "pulled" and not entered.is_set():
            entered.set()
            release.wait(10)

    window.sync.hook = hook
    unlock(window)
    qtbot.waitUntil(entered.is_set, timeout=20000)
    window.registry.trigger(ActionId.LOCK)
    release.set()
    qtbot.waitUntil(lambda: not window.sync.running, timeout=20000)
    qtbot.waitUntil(lambda: not window.ctx.worker.is_busy, timeout=20000)
    assert window.is_locked() and window.sync_label.text() == ""
    window.close()
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:  # nothing half-done: a later round brings everything across
        member = team.membership(store)
        assert member is not None
        SyncEngine(store, team.client_for(member), member).sync()
        SyncEngine(other, *_client(other)).sync()
        assert records(store, "client") == records(other, "client")
        assert len(records(store, "client")) == 2
    finally:
        store.vault.close()
        other.vault.close()


def test_a_first_sync_shows_its_progress_and_the_window_stays_usable(
        seeded, app_paths, clocks, qtbot, hub, monkeypatch):
    monkeypatch.setattr(firstsync, "PAGE", 40)  # many pages from a small team
    other = make_store(app_paths.data_dir.parent / "other", "Other PC")
    member = team.create_team(other, hub)
    for n in range(30):
        other.repo(Client).add(make_client(None, given_name=f"Synthetic{n}"))
    SyncEngine(other, team.client_for(member), member).sync()
    mine = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    team.join(mine, hub, team.invite(member).code)
    mine.vault.close()
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    window.resize(1366, 768)
    paused, release = threading.Event(), threading.Event()
    pages = {"n": 0}

    def hook(step: str) -> None:
        if step == "snapshot page":
            pages["n"] += 1
            if pages["n"] == 8:
                paused.set()
                release.wait(20)

    seen: list[object] = []
    window.sync.progress.connect(seen.append)
    window.sync.hook = hook
    unlock(window)
    qtbot.waitUntil(paused.is_set, timeout=20000)
    bar = window.sync_progress
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert 0 < bar.value() < bar.maximum()
    assert bar.text().startswith("First sync") and "%" in bar.text()
    # the window answers while the sync thread waits mid-way: the records so far show
    window.registry.trigger(ActionId.CASELOAD)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 1, timeout=10000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "first-sync-progress-1366.png"))
    release.set()
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=30000)
    assert not bar.isVisible()
    fractions = [p.fraction for p in seen if p is not None]
    assert len(fractions) > 8 and fractions == sorted(fractions) and fractions[-1] == 1.0
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 31, timeout=10000)
    window.close()
    other.vault.close()
