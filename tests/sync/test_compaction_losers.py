"""Issue 11's concern: the hub's compaction must not drop a losing value before the device
whose write beat it has pulled it, or that concurrent edit's loser is logged nowhere.
Real vaults, a real hub on loopback."""

from __future__ import annotations

from dataclasses import replace

from coachdesk.domain import Client
from coachdesk.store.store import Store
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine
from tests.factories import make_client


def engine(store: Store) -> SyncEngine:
    member = team.membership(store)
    assert member is not None
    return SyncEngine(store, team.client_for(member), member)


def test_a_compacted_hub_still_lets_the_winner_log_the_loser(hub_url, vaults) -> None:
    a, b = vaults("Coach A"), vaults("Coach B")
    member = team.create_team(a, hub_url)
    team.join(b, hub_url, team.invite(member).code)
    client = make_client(None, given_name="Ada", phone="0113 496 0000")
    a.repo(Client).add(client)
    engine(a).sync()
    engine(b).sync()
    # offline on both: A edits the phone first, B later (B's value wins everywhere)
    a.repo(Client).update(replace(client, phone="0113 496 0001"))
    b.repo(Client).update(replace(b.repo(Client).require(client.id), phone="0113 496 0002"))
    engine(a).push()  # both pushes reach the hub before either device pulls
    engine(b).push()
    with team.client_for(member) as hub:
        hub.compact(member.team_id)  # the hub tidies up meanwhile
    for store in (a, b, a, b):
        engine(store).sync()
    assert a.repo(Client).require(client.id).phone == "0113 496 0002"
    assert b.repo(Client).require(client.id).phone == "0113 496 0002"
    for store in (a, b):  # the winner's PC and the loser's (issue 11: both are told)
        logged = store.conflicts.entries()
        assert [(e.field, e.lost_value) for e in logged] == [("phone", "0113 496 0001")]
    with team.client_for(member) as hub:  # once both have pulled past it, it may go
        assert hub.compact(member.team_id) >= 1
