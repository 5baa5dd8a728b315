"""A revoked PC leaves its team keeping its records, and joins again with a new code:
the changes it made while revoked are sent then, not dropped (real hub on loopback)."""

from __future__ import annotations

import pytest

from coachdesk.domain import Client
from coachdesk.services.sync import SyncDesk, SyncFailed
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine
from coachdesk.sync.hubclient import HubRefused
from coachdesk.sync.teamkeys import DeviceKeys
from tests.factories import make_client
from tests.store.remote_helpers import records


def _sync(store) -> None:  # type: ignore[no-untyped-def]
    member = team.membership(store)
    assert member is not None
    with team.client_for(member) as hub:
        SyncEngine(store, hub, member).sync()


def test_a_revoked_pc_leaves_keeps_its_changes_and_sends_them_on_rejoin(vaults, hub_url):
    first, second = vaults("First PC"), vaults("Second PC")
    owner = team.create_team(first, hub_url)
    team.join(second, hub_url, team.invite(owner).code)
    _sync(second)
    typed = make_client(None, given_name="Orla", family_name="Pennant")
    second.repo(Client).add(typed)  # typed on the second PC before it was revoked
    team.revoke(first, owner, second.device_id)
    desk = SyncDesk(second)
    with pytest.raises(SyncFailed, match="removed from the sync team"):
        desk.sync_now()
    assert desk.status().removed
    waiting = desk.status().waiting
    assert waiting > 0

    left = desk.leave()
    assert left == waiting
    status = desk.status()
    assert not status.in_team and status.waiting == waiting and not status.removed
    assert typed.id in records(second, "client")

    desk.join(hub_url, team.invite(team.membership(first)).code)  # type: ignore[arg-type]
    desk.sync_now()
    assert desk.status().waiting == 0
    _sync(first)
    assert records(first, "client")[typed.id]["given_name"] == "Orla"


def test_leaving_needs_a_team(vaults):
    with pytest.raises(SyncFailed, match="not in a sync team"):
        SyncDesk(vaults("Lone PC")).leave()


def test_a_pc_that_left_unrevoked_rejoins_with_a_new_code_and_sends_its_changes(
        vaults, hub_url):
    first, second = vaults("First PC"), vaults("Second PC")
    owner = team.create_team(first, hub_url)
    team.join(second, hub_url, team.invite(owner).code)
    _sync(second)
    old = team.membership(second)
    assert old is not None
    desk = SyncDesk(second)
    desk.leave()  # nobody revoked it: its id is still a member on the hub
    typed = make_client(None, given_name="Ines", family_name="Marwood")
    second.repo(Client).add(typed)  # typed while out of the team
    desk.join(hub_url, team.invite(team.membership(first)).code)  # type: ignore[arg-type]
    new = team.membership(second)
    assert new is not None and new.token != old.token
    assert new.keys.sign_key != old.keys.sign_key
    desk.sync_now()
    assert desk.status().waiting == 0
    _sync(first)
    assert records(first, "client")[typed.id]["given_name"] == "Ines"
    with team.client_for(old) as hub, pytest.raises(HubRefused) as refused:
        hub.devices(old.team_id)  # the old token is dead
    assert refused.value.status == 401
    listed = [d for d in team.devices(owner) if d["device_id"] == second.device_id]
    assert len(listed) == 1 and not listed[0]["revoked"]
    assert listed[0]["sign_key"] == new.keys.sign_key


def test_a_device_id_in_the_team_is_not_taken_without_its_old_key(vaults, hub_url):
    """Another vault cannot claim a member's id with a code alone: readmission of a
    member that was not revoked needs the signature of that member's old key."""
    first, second = vaults("First PC"), vaults("Second PC")
    owner = team.create_team(first, hub_url)
    team.join(second, hub_url, team.invite(owner).code)
    code = team.invite(owner).code
    with pytest.raises(HubRefused) as refused:
        team.enrol(second.device_id, hub_url, code)  # no left keys: a plain claim
    assert refused.value.status == 409
    with pytest.raises(HubRefused) as refused:  # signed by a key that is not the member's
        team.enrol(second.device_id, hub_url, team.invite(owner).code,
                   readmit_keys=DeviceKeys.generate())
    assert refused.value.status in (403, 409)
    assert team.membership(second) is not None  # the member itself is untouched
    _sync(second)
