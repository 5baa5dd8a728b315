"""When the network returns, the app syncs by itself: a real hub on loopback is stopped,
the app goes offline with changes waiting, the hub starts again on the same storage and
port, and the waiting changes reach it within a bounded time, without F9 (the probe
interval is shortened through the controller's setting; the back-off retry after one
failure is at least 24 s, so only the probe can have done it)."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from pathlib import Path

from PySide6.QtNetwork import QNetworkInformation

from coachdesk.hub.serve import open_store
from coachdesk.services.appsession import unlock_profile
from coachdesk.sync.engine import SyncEngine
from tests.factories import PASSPHRASE, TODAY
from tests.hub.helpers import running_hub
from tests.store.remote_helpers import records
from tests.ui.conftest import make_window, unlock
from tests.ui.test_sync_ui import _client, _join_profile

BOUND_S = 12.0  # well inside the first back-off retry (30 s, within ±20%)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _offline_window(seeded, app_paths, clocks, qtbot, tmp_path: Path, probe: timedelta):  # type: ignore[no-untyped-def]
    hub_store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    port = _free_port()
    with running_hub(hub_store, port=port):
        other = _join_profile(app_paths, f"http://127.0.0.1:{port}")
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    window.sync.watch.every = probe
    unlock(window)
    qtbot.waitUntil(lambda: "offline" in window.sync_label.text(), timeout=20000)
    qtbot.waitUntil(lambda: window.sync.watch.waiting, timeout=10000)
    return window, other, hub_store, port


def test_waiting_changes_go_when_the_hub_returns_without_pressing_f9(
        seeded, app_paths, clocks, qtbot, tmp_path):
    window, other, hub_store, port = _offline_window(seeded, app_paths, clocks, qtbot,
                                                     tmp_path, timedelta(milliseconds=300))
    assert "changes waiting — offline" in window.sync_label.text()
    time.sleep(1.0)  # several probes fail meanwhile: still offline, still watching
    qtbot.wait(200)
    assert window.sync.watch.waiting and "offline" in window.sync_label.text()
    with running_hub(hub_store, port=port):
        back = time.monotonic()
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"),
                        timeout=int(BOUND_S * 1000))
        took = time.monotonic() - back
        assert took < BOUND_S
        assert not window.sync.watch.waiting and not window.sync.watch.probing
        SyncEngine(other, *_client(other)).sync()
    assert len(records(other, "client")) == 2  # this PC's waiting client reached the other
    window.close()
    other.vault.close()
    hub_store.close()


def test_qt_saying_the_network_is_online_starts_a_round_at_once(
        seeded, app_paths, clocks, qtbot, tmp_path):
    window, other, hub_store, port = _offline_window(seeded, app_paths, clocks, qtbot,
                                                     tmp_path, timedelta(hours=1))
    with running_hub(hub_store, port=port):
        qtbot.wait(500)
        assert "offline" in window.sync_label.text()  # the probe is an hour away
        window.sync.watch.reachability_changed(QNetworkInformation.Reachability.Online)
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=10000)
    window.close()
    other.vault.close()
    hub_store.close()


def test_offline_with_nothing_waiting_does_not_probe(seeded, app_paths, clocks, qtbot,
                                                      tmp_path):
    hub_store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    with running_hub(hub_store) as url:
        other = _join_profile(app_paths, url)
        mine = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
        SyncEngine(mine, *_client(mine)).sync()  # everything sent: nothing waits
        mine.vault.close()
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    window.sync.watch.every = timedelta(milliseconds=100)
    unlock(window)
    qtbot.waitUntil(lambda: "Offline" in window.sync_label.text(), timeout=20000)
    qtbot.wait(500)
    assert window.sync_label.text().startswith("Offline. Nothing waiting to send.")
    assert not window.sync.watch.waiting and not window.sync.watch.probing
    window.close()
    other.vault.close()
    hub_store.close()


def test_the_watch_probes_as_often_as_the_sync_client_says() -> None:
    from coachdesk.services import syncrun
    from coachdesk.ui import syncwatch

    assert syncwatch.PROBE_EVERY == syncrun.PROBE_EVERY
