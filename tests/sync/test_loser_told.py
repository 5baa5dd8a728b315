"""Every PC whose edit lost is told, whichever PC syncs first: the hub keeps, beside each
change, the server sequence its device had pulled up to when the edit was made
(`known_upto`, clear sync metadata), so a PC can tell that a winning change was made
without seeing its own, already pushed, value. And a conflict settled on one PC (the
value kept is a synced change) stops being offered on the other. Two real vaults, a real
hub on loopback, on both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain import Client
from coachdesk.hub.serve import open_store
from coachdesk.services import syncreview
from coachdesk.store.store import Store
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine
from tests.factories import make_client
from tests.hub.helpers import running_hub
from tests.hub.pgcluster import TempCluster, find_bindir


@pytest.fixture(scope="module")
def pg_cluster() -> Iterator[TempCluster]:
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed here")
    cluster = TempCluster(bindir)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def hub_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = (f"sqlite:///{tmp_path / 'hub.db'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_cluster").new_database())
    store = open_store(url)
    with running_hub(store) as served:
        yield served
    store.close()


def engine(store: Store) -> SyncEngine:
    member = team.membership(store)
    assert member is not None
    return SyncEngine(store, team.client_for(member), member)


def pair(hub_url: str, vaults: Callable[[str], Store]) -> tuple[Store, Store, Client]:
    a, b = vaults("Coach A"), vaults("Coach B")
    member = team.create_team(a, hub_url)
    team.join(b, hub_url, team.invite(member).code)
    client = make_client(None, given_name="Ada", phone="0113 496 0000")
    a.repo(Client).add(client)
    engine(a).sync()
    engine(b).sync()
    return a, b, client


def told(store: Store, client_id: str) -> list[tuple[str, object, object]]:
    return [(e.field, e.kept_value, e.lost_value)
            for e in store.sync_state.unreviewed_conflicts() if e.entity_id == client_id]


@pytest.mark.parametrize("loser_first", [True, False])
def test_both_pcs_are_told_whichever_syncs_first(hub_url, vaults, loser_first) -> None:
    a, b, client = pair(hub_url, vaults)
    # offline on both: A edits the phone first, B later (B's value wins everywhere)
    a.repo(Client).update(replace(client, phone="0113 496 0001"))
    b.repo(Client).update(replace(b.repo(Client).require(client.id), phone="0113 496 0002"))
    order = (a, b, a, b) if loser_first else (b, a, b, a)
    for store in order:
        engine(store).sync()
    for store in (a, b):
        assert store.repo(Client).require(client.id).phone == "0113 496 0002"
        assert told(store, client.id) == [("phone", "0113 496 0002", "0113 496 0001")], \
            store.actor


def test_a_plain_later_edit_is_no_conflict_on_either(hub_url, vaults) -> None:
    a, b, client = pair(hub_url, vaults)
    a.repo(Client).update(replace(client, phone="0113 496 0001"))
    engine(a).sync()
    engine(b).sync()  # B has seen A's value
    b.repo(Client).update(replace(b.repo(Client).require(client.id), phone="0113 496 0002"))
    for store in (b, a, b, a):
        engine(store).sync()
    assert told(a, client.id) == [] and told(b, client.id) == []


def conflicted(hub_url: str, vaults: Callable[[str], Store]) -> tuple[Store, Store, Client]:
    """A and B edit one phone offline (B's later, so it wins), then sync till both know."""
    a, b, client = pair(hub_url, vaults)
    a.repo(Client).update(replace(client, phone="0113 496 0001"))
    b.repo(Client).update(replace(b.repo(Client).require(client.id), phone="0113 496 0002"))
    for store in (a, b, a, b):
        engine(store).sync()
    return a, b, client


def test_a_conflict_settled_on_one_pc_is_no_longer_offered_on_the_other(
        hub_url, vaults) -> None:
    a, b, client = conflicted(hub_url, vaults)
    entry = next(c for c in syncreview.conflicts(a))
    syncreview.keep(a, entry.op_id, keep_lost=True)  # A keeps its own value after all
    for store in (a, b, a):
        engine(store).sync()
    for store in (a, b):
        assert store.repo(Client).require(client.id).phone == "0113 496 0001"
        assert syncreview.conflicts(store) == [], store.actor


def test_keeping_the_value_already_shown_settles_the_conflict_on_the_other_pc_too(
        hub_url, vaults) -> None:
    a, b, client = conflicted(hub_url, vaults)
    assert told(b, client.id) != []  # both PCs offer it for review
    entry = next(c for c in syncreview.conflicts(a))
    syncreview.keep(a, entry.op_id, keep_lost=False)  # A keeps B's value, the one shown
    for store in (a, b, a):
        engine(store).sync()
    for store in (a, b):
        assert store.repo(Client).require(client.id).phone == "0113 496 0002"
        assert syncreview.conflicts(store) == [], store.actor
    # the choice is one ordinary synced change, not a new conflict anywhere
    assert told(a, client.id) == [] and told(b, client.id) == []
