"""Erasure through sync (issues 11 and 14): the erasing device sends the hub its signed
purge once the tombstone is there, so the hub's storage keeps no sealed change of that
client, while every other device still gets the tombstone and erases the client too."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain import CaseNote, Client
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.hub.serve import open_store
from coachdesk.services.erasure import erase_client
from coachdesk.store.store import Store
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine, SyncReport
from coachdesk.sync.purges import PURGES_WAITING
from coachdesk.sync.verify import verify
from tests.factories import make_client
from tests.hub.helpers import running_hub

NAME = "Perpetua Wolstenholme-Baird"  # synthetic; must appear nowhere afterwards


@pytest.fixture
def hub_db(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    path = tmp_path / "hub.db"
    store = open_store(f"sqlite:///{path}")
    with running_hub(store) as url:
        yield url, path
    store.close()


def _sync(store: Store) -> SyncReport:
    member = team.membership(store)
    assert member is not None
    engine = SyncEngine(store, team.client_for(member), member)
    with engine.hub:
        return engine.sync()


def _hub_rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _team(vaults: Callable[[str], Store], url: str, names: list[str]) -> list[Store]:
    stores = [vaults(n) for n in names]
    member = team.create_team(stores[0], url)
    for other in stores[1:]:
        team.join(other, url, team.invite(member).code)
    return stores


def _client_with_notes(store: Store) -> Client:
    given, family = NAME.split(" ", 1)
    client = make_client(None, given_name=given, family_name=family)
    store.repo(Client).add(client)
    for n in range(3):
        store.repo(CaseNote).add(CaseNote(
            id=new_id(), client_id=client.id, author="Coach A", written_at=utc_now(),
            body=f"Talked about a phased return with {given}, week {n}"))
    return client


def test_after_erase_and_sync_the_hub_holds_no_change_of_that_client(
        hub_db: tuple[str, Path], vaults: Callable[[str], Store]) -> None:
    url, path = hub_db
    a, b = _team(vaults, url, ["Coach A", "Coach B"])
    kept = make_client(None, given_name="Ivo")
    a.repo(Client).add(kept)
    gone = _client_with_notes(a)
    _sync(a)
    _sync(b)
    assert b.repo(Client).get(gone.id) is not None
    assert b.search("Wolstenholme") and b.search("phased return")  # found before
    assert _hub_rows(path, "SELECT count(*) FROM changes WHERE client_id = ?", gone.id)[0][0] > 5
    erase_client(a, gone.id, NAME)
    report = _sync(a)
    assert report.purged > 5
    assert _hub_rows(path, "SELECT count(*) FROM changes WHERE client_id = ?", gone.id) == [(0,)]
    # only the tombstone mentions the id: no client id on it, so no purge removes it
    left = _hub_rows(path, "SELECT client_id, length(ciphertext) FROM changes "
                     "WHERE entity_id = ?", gone.id)
    assert left == [(None, 272)]
    assert _hub_rows(path, "SELECT count(*) FROM purges") == [(1,)]
    assert a.sync_state.get(PURGES_WAITING) == "[]"
    # the other device still gets the tombstone and erases the client too
    _sync(b)
    assert b.repo(Client).get(gone.id) is None
    assert b.repo(Client).get(kept.id) is not None
    assert not [n for n in b.repo(CaseNote).all() if n.client_id == gone.id]
    assert b.search("Wolstenholme") == [] and b.search("phased return") == []
    hub_bytes = path.read_bytes() + (path.with_name("hub.db-wal").read_bytes()
                                     if path.with_name("hub.db-wal").exists() else b"")
    assert NAME.encode() not in hub_bytes
    # both PCs still hold exactly what the hub holds
    for store in (a,):
        member = team.membership(store)
        assert member is not None
        with team.client_for(member) as hub:
            assert verify(store, hub, member).matches


def test_a_change_pushed_late_by_another_pc_is_purged_when_that_pc_gets_the_tombstone(
        hub_db: tuple[str, Path], vaults: Callable[[str], Store]) -> None:
    url, path = hub_db
    a, b, c = _team(vaults, url, ["Coach A", "Coach B", "Coach C"])
    gone = _client_with_notes(a)
    for store in (a, b):
        _sync(store)
    erase_client(a, gone.id, NAME)
    _sync(a)
    # B edited offline and pushes only (it has not pulled the tombstone yet)
    b.repo(Client).update(replace(b.repo(Client).require(gone.id), phone="0113 496 0999"))
    member = team.membership(b)
    assert member is not None
    with team.client_for(member) as hub:
        SyncEngine(b, hub, member).push()
    assert _hub_rows(path, "SELECT count(*) FROM changes WHERE client_id = ?", gone.id) == [(1,)]
    report = _sync(b)  # gets the tombstone, erases, and purges what it pushed late
    assert report.purged == 1
    assert b.repo(Client).get(gone.id) is None
    assert _hub_rows(path, "SELECT count(*) FROM changes WHERE client_id = ?", gone.id) == [(0,)]
    # a PC that was offline all along gets only the tombstone: nothing of the client
    _sync(c)
    assert c.repo(Client).get(gone.id) is None
    assert c.sync_state.erased_ids() == {gone.id}
    for store in (a, b, c):
        _sync(store)
        member = team.membership(store)
        assert member is not None
        with team.client_for(member) as hub:
            result = verify(store, hub, member)
        assert result.matches, result.message()


def test_a_purge_refused_by_the_hub_waits_for_the_next_round(
        hub_db: tuple[str, Path], vaults: Callable[[str], Store]) -> None:
    url, path = hub_db
    a, _b = _team(vaults, url, ["Coach A", "Coach B"])
    gone = _client_with_notes(a)
    _sync(a)
    erase_client(a, gone.id, NAME)
    member = team.membership(a)
    assert member is not None
    with team.client_for(member) as hub:
        engine = SyncEngine(a, hub, member)
        engine.push()
        assert a.sync_state.get(PURGES_WAITING) == f'["{gone.id}"]'
        real = hub.purge
        hub.purge = lambda *args, **kw: real(*args, **kw | {"issued_at": "2020-01-01T00:00:00Z"})
        report = SyncReport()
        engine.purge(report)  # the hub refuses a purge issued long ago: it waits
        assert report.purges_waiting == 1 and report.purged == 0
        assert a.sync_state.get(PURGES_WAITING) == f'["{gone.id}"]'
    assert _hub_rows(path, "SELECT count(*) FROM changes WHERE client_id = ?", gone.id)[0][0] > 0
    assert _sync(a).purged > 0
    assert _hub_rows(path, "SELECT count(*) FROM changes WHERE client_id = ?", gone.id) == [(0,)]
