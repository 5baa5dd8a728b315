"""The hub records each device's last successful sync (its last pull that reached the
team's newest change) and lists it with the devices, on both backends."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coachdesk.domain.ids import new_id
from coachdesk.hub.sqlite import SqliteHubStore
from coachdesk.hub.storage import HubStore, NewDevice
from tests.hub.helpers import Device


def _by_id(device: Device) -> dict[str, dict[str, object]]:
    return {d["device_id"]: d for d in device.client.devices(device.team)}


def test_a_complete_pull_is_recorded_as_the_devices_last_sync(founder: Device) -> None:
    joiner = founder.invite()
    listed = _by_id(founder)
    assert listed[founder.device_id]["last_sync_at"] is None  # never pulled yet
    founder.push([founder.change("client", new_id(), "phone", f"0113 496 {n:04d}")
                  for n in range(3)])
    before = datetime.now(UTC) - timedelta(seconds=1)
    page = joiner.client.pull(joiner.team, 0, 2)  # a partial page: not a sync yet
    assert page["more"] is True
    assert _by_id(founder)[joiner.device_id]["last_sync_at"] is None
    page = joiner.client.pull(joiner.team, page["next_after"], 2)
    assert page["more"] is False
    listed = _by_id(founder)
    stamp = datetime.fromisoformat(str(listed[joiner.device_id]["last_sync_at"])
                                   .replace("Z", "+00:00"))
    assert before <= stamp <= datetime.now(UTC) + timedelta(seconds=1)
    assert listed[founder.device_id]["last_sync_at"] is None  # only the device that pulled


def test_the_last_sync_survives_a_new_hub_process(founder: Device, make_store) -> None:  # type: ignore[no-untyped-def]
    founder.client.pull(founder.team)
    again: HubStore = make_store()  # the same database, opened as another hub process would
    found = {d.device_id: d for d in again.devices(founder.team)}
    assert found[founder.device_id].last_sync_at


def test_a_hub_database_made_before_last_sync_was_kept_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old-hub.db"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE teams (team_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE devices (team_id TEXT NOT NULL REFERENCES teams,
            device_id TEXT NOT NULL, public_key TEXT NOT NULL, sign_key TEXT NOT NULL,
            token_hash BLOB NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0,
            joined_at TEXT NOT NULL, revoked_at TEXT, PRIMARY KEY (team_id, device_id));
        INSERT INTO teams VALUES ('T1', 1, '2026-11-01T09:00:00Z');
        INSERT INTO devices VALUES ('T1', 'old-pc', 'k', 's', x'00', 0,
            '2026-11-01T09:00:00Z', NULL);
    """)
    old.commit()
    old.close()
    store = SqliteHubStore(path)
    try:
        assert [d.last_sync_at for d in store.devices("T1")] == [None]
        store.mark_synced("T1", "old-pc", "2026-11-23T14:05:00.000000Z")
        assert store.devices("T1")[0].last_sync_at == "2026-11-23T14:05:00.000000Z"
        store.create_team("T2", NewDevice("new-pc", "k", "s", b"\x01"), None,
                          "2026-11-24T09:00:00Z")
        assert store.devices("T2")[0].last_sync_at is None
    finally:
        store.close()
