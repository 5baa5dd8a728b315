"""Directory services travel whole between devices although each vault keeps a service's
ORUK record in a table of its own: a new device's first sync (in bulk, change by change,
or from a sealed checkpoint) and later edits through sync each write it through the
`directory_service` view, and every device then holds, exports and re-imports the same
services. Real vaults, a real hub on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coachdesk.directory import Directory, OrukSchema
from coachdesk.directory.local import LocalDetails
from coachdesk.directory.synthetic import write_feed
from coachdesk.domain import DirectoryService
from coachdesk.store.store import Store
from coachdesk.sync import checkpoint, team
from tests.factories import TODAY
from tests.store.remote_helpers import records
from tests.sync.test_firstsync import engine, join, same_end_state

SERVICES = 25


def _directory(store: Store) -> Directory:
    return Directory(store, OrukSchema(), today=lambda: TODAY)


def _team_with_services(hub_url: str, vaults: Any, feed: Path) -> Store:
    a = vaults("Coach A")
    team.create_team(a, hub_url)
    directory = _directory(a)
    assert directory.import_path(feed).counts()["created"] == SERVICES
    directory.set_team_notes(directory.services()[0].id, "Ask for Sam at the desk", None)
    directory.add_local(LocalDetails(name="Carers' café", description="Tea and a chat"))
    engine(a).sync()
    return a


def _held_apart(store: Store) -> tuple[int, int]:
    """(kept ORUK records in their own table, rows still holding one)."""
    conn = store._conn
    return (conn.execute("SELECT count(*) FROM directory_oruk").fetchone()[0],
            conn.execute("SELECT count(*) FROM directory_service_row"
                         " WHERE json_extract(data, '$.oruk') != ''").fetchone()[0])


def _export(store: Store, path: Path) -> bytes:
    _directory(store).export_json(path)
    return path.read_bytes()


def test_services_reach_new_devices_whole_and_edits_follow(
        hub_url: str, vaults: Any, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.json", SERVICES)
    a = _team_with_services(hub_url, vaults, feed)
    bulk, one_by_one = join(hub_url, a, vaults, "Bulk"), join(hub_url, a, vaults, "Inc")
    engine(bulk).sync()
    engine(one_by_one, bulk=False).sync()
    held = records(a, "directory_service")
    assert len(held) == SERVICES + 1
    assert records(bulk, "directory_service") == records(one_by_one, "directory_service") == held
    assert same_end_state(bulk, one_by_one)
    expected = _export(a, tmp_path / "a.json")
    for store in (bulk, one_by_one):
        assert _held_apart(store) == (SERVICES + 1, 0)
        assert _export(store, tmp_path / f"{store.actor}.json") == expected
        assert not store.audit_problems()

    # an edit on one device reaches the others (the remote update goes through the view)
    service = sorted(held)[3]
    _directory(bulk).set_team_notes(service, "Closed on bank holidays", None)
    engine(bulk).sync()
    engine(a).sync()
    engine(one_by_one).sync()
    for store in (a, one_by_one):
        got = store.repo(DirectoryService).get(service)
        assert got is not None and got.local_notes == "Closed on bank holidays"
        assert _held_apart(store) == (SERVICES + 1, 0)
    # and a re-import of the same feed there changes nothing, notes kept
    again = _directory(one_by_one).import_path(feed)
    assert again.counts()["unchanged"] == SERVICES and not again.issues
    assert records(one_by_one, "directory_service") == records(a, "directory_service")


def test_services_reach_a_device_from_a_sealed_checkpoint(
        hub_url: str, vaults: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkpoint, "MIN_CHANGES", 1)
    monkeypatch.setattr(checkpoint, "PER_PAGE", 10)
    a = _team_with_services(hub_url, vaults, write_feed(tmp_path / "feed.json", SERVICES))
    engine(a).sync()  # caught up: builds the team's checkpoint
    served, _high = checkpoint.latest(engine(a))
    assert served is not None and served["pages"] >= 3
    c = join(hub_url, a, vaults, "Checkpoint")
    report = engine(c).sync()
    assert report.refused == 0
    assert records(c, "directory_service") == records(a, "directory_service")
    assert _held_apart(c) == (SERVICES + 1, 0)
    assert _export(c, tmp_path / "c.json") == _export(a, tmp_path / "a.json")
    assert not c.audit_problems()
