"""A revoked PC leaves its team keeping its records, and joins again with a new code:
the changes it made while revoked are sent then, not dropped (real hub on loopback)."""

from __future__ import annotations

import pytest

from coachdesk.domain import Client
from coachdesk.services.sync import SyncDesk, SyncFailed
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine
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
