"""The sync engine between real vaults and a real hub over loopback HTTP."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from coachdesk.domain import Client, Practice
from coachdesk.domain.ids import new_id
from coachdesk.store.store import Store
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine, SyncError
from coachdesk.sync.hubclient import HubClient
from coachdesk.sync.membership import Membership
from coachdesk.sync.verify import verify
from tests.factories import make_client
from tests.store.remote_helpers import records


def engine(store: Store, hook: Callable[[str], None] | None = None) -> SyncEngine:
    member = team.membership(store)
    assert member is not None
    return SyncEngine(store, team.client_for(member), member, hook)


def pair(hub_url: str, vaults: Callable[[str], Store]) -> tuple[Store, Store]:
    a, b = vaults("Coach A"), vaults("Coach B")
    member = team.create_team(a, hub_url)
    team.join(b, hub_url, team.invite(member).code)
    return a, b


def check(store: Store) -> bool:
    member = team.membership(store)
    assert isinstance(member, Membership)
    with team.client_for(member) as hub:
        return verify(store, hub, member).matches


def test_two_vaults_exchange_offline_edits_and_log_the_conflict(hub_url, vaults) -> None:
    a, b = pair(hub_url, vaults)
    practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
    a.repo(Practice).add(practice)
    client = make_client(practice.id)
    a.repo(Client).add(client)
    engine(a).sync()
    engine(b).sync()
    assert records(b, "client") == records(a, "client")
    # offline on both: the same field edited on each, another field on one
    a.repo(Client).update(replace(a.repo(Client).require(client.id), phone="07700 900001"))
    b.repo(Client).update(replace(b.repo(Client).require(client.id), phone="07700 900002"))
    b.repo(Client).update(replace(b.repo(Client).require(client.id), postcode="LS9 7TF"))
    for store in (a, b, a):
        engine(store).sync()
    assert records(a, "client") == records(b, "client")
    assert records(a, "client")[client.id]["postcode"] == "LS9 7TF"
    logged = a.conflicts.entries() + b.conflicts.entries()
    assert {c.field for c in logged} == {"phone"}
    assert {"07700 900001", "07700 900002"} == {logged[0].kept_value, logged[0].lost_value}
    assert check(a) and check(b)
    assert a.journal.pending_count() == b.journal.pending_count() == 0
    assert a.sync_state.journal_rows() == 1  # outbox compacted, the newest row kept


class Crash(Exception):
    pass


def crash_at(step: str) -> Callable[[str], None]:
    def hook(name: str) -> None:
        if name == step:
            raise Crash(step)
    return hook


@pytest.mark.parametrize("step", ["pushed", "pulled", "applying"])
def test_a_crash_at_any_step_resumes_without_loss_or_duplication(hub_url, vaults,
                                                                  step) -> None:
    a, b = pair(hub_url, vaults)
    clients = [make_client(None, given_name=f"Synthetic{n}") for n in range(6)]
    for c in clients:
        a.repo(Client).add(c)
    engine(a).sync()
    crashy = engine(b, crash_at(step))
    b.repo(Client).add(make_client(None, given_name="Offline"))
    with pytest.raises(Crash):
        crashy.sync()
    engine(b).sync()
    engine(a).sync()
    assert records(a, "client") == records(b, "client")
    assert len(records(a, "client")) == 7
    assert check(a) and check(b)


def test_a_swapped_ciphertext_is_refused_and_the_rest_syncs(hub_url, vaults, tmp_path) -> None:
    a, b = pair(hub_url, vaults)
    one, two = make_client(None, given_name="Ada"), make_client(None, given_name="Bea")
    a.repo(Client).add(one)
    a.repo(Client).add(two)
    member = team.membership(a)
    assert member is not None
    engine(a).sync()
    # a hostile hub moves a ciphertext to another record: replay it as a fresh op. The
    # later record's value moves onto the earlier one, so it is live (newer than what it
    # replaces) and a new device's first sync, which reads only the live set, gets it too
    with HubClient(hub_url, member.token) as hub:
        page = hub.pull(member.team_id, 0, 1000)["changes"]
    given = next(c for c in page if c["entity_id"] == two.id)
    del given["server_seq"]
    moved = dict(given, entity_id=one.id, op_id=new_id(), seq=10_000)
    with HubClient(hub_url, member.token) as hub:
        hub.request("POST", f"/v1/teams/{member.team_id}/changes", {"changes": [moved]})
    report = engine(b).sync()
    assert report.refused == 1
    assert records(b, "client") == records(a, "client")
    assert b.sync_state.refused(held=False)[0].reason.startswith("The change does not open")


def test_a_clock_far_ahead_of_the_hub_is_refused_plainly(hub_url, vaults) -> None:
    a, _b = pair(hub_url, vaults)
    a.clock._wall = lambda: 10**13  # a device clock centuries ahead
    a.repo(Client).add(make_client())
    with pytest.raises(SyncError, match="minutes ahead of the hub's"):
        engine(a).sync()
    assert a.journal.pending_count() > 0  # the outbox is kept


def test_a_record_split_across_two_pages_arrives_whole(vaults) -> None:
    """Found by the state machine: a new client whose required fields came in one page
    was made with defaults, and its other fields in the next page were taken for
    duplicates (the missing field fell back to the record's base clock)."""
    a, b = vaults("Coach A"), vaults("Coach B")
    client = make_client(None, postcode="LS8 2AB", phone="0113 496 0001")
    a.repo(Client).add(client)
    changes = a.journal.pending()
    required = Client.required_fields()
    b.apply_remote([c for c in changes if c.field in required])
    b.apply_remote([c for c in changes if c.field not in required])
    assert records(b, "client") == records(a, "client")


def test_more_changes_than_a_page_and_a_push_batch(hub_url, vaults) -> None:
    a, b = pair(hub_url, vaults)
    for n in range(30):  # about 900 changes: two push batches, two pull pages
        a.repo(Client).add(make_client(None, given_name=f"Synthetic{n}"))
    engine(a).sync()
    engine(b).sync()
    assert records(b, "client") == records(a, "client")
    assert check(a) and check(b)


def test_after_a_revocation_the_others_sync_in_the_new_key_epoch(hub_url, vaults) -> None:
    """Found by the state machine: a change in a key epoch this device had not fetched yet
    was refused as unreadable instead of opening with the fetched keyring."""
    a, b = pair(hub_url, vaults)
    c = vaults("Coach C")
    member = team.membership(a)
    assert member is not None
    team.join(c, hub_url, team.invite(member).code)
    team.revoke(a, member, c.device_id)
    a.repo(Client).add(make_client(None, given_name="Epochtwo"))
    engine(a).sync()  # sealed in epoch 2
    report = engine(b).sync()  # b holds epoch 1 only until it fetches the new keyring
    assert report.refused == 0
    assert records(b, "client") == records(a, "client")
    assert check(a) and check(b)


def test_a_lost_acknowledgement_then_a_key_rotation_does_not_block_the_outbox(
        hub_url, vaults) -> None:
    """Found by the state machine: the hub took a push whose answer was lost, the team key
    rotated, and the resealed change (new epoch) was refused as a reused op id forever."""
    a, b = pair(hub_url, vaults)
    c = vaults("Coach C")
    member = team.membership(a)
    assert member is not None
    team.join(c, hub_url, team.invite(member).code)
    b.repo(Client).add(make_client(None, given_name="Lostack"))
    with pytest.raises(Crash):
        engine(b, crash_at("pushed")).sync()  # the hub has it; b never heard so
    team.revoke(a, member, c.device_id)
    engine(b).sync()
    assert b.journal.pending_count() == 0
    engine(a).sync()
    assert records(a, "client") == records(b, "client")
    assert check(a) and check(b)
