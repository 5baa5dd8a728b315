"""Shrunk cases of the stateful sync test (tests/sync/test_sync_stateful.py), replayed as
plain sequences against a real hub, so each stays fixed without hypothesis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.domain import CaseNote
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.services import plans
from tests.sync import test_sync_stateful as stateful
from tests.sync.test_sync_stateful import RestartableHub, SyncWorld


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SyncWorld]:
    monkeypatch.setattr(stateful, "hypothesis_event", lambda _what: None)  # no hypothesis run
    hub = RestartableHub(f"sqlite:///{tmp_path / 'hub.db'}")
    SyncWorld.hub = hub
    try:
        yield SyncWorld()
    finally:
        hub.stop()


def test_a_value_superseded_before_a_device_first_synced_is_not_a_lost_edit(
        world: SyncWorld) -> None:
    """Device 0 makes Ada's plan and bumps it again (its first `updated_at` superseded by
    its own second) before device 1 joins by the snapshot, which holds only the live set;
    device 1's later bump wins. The first value was overwritten knowingly by its own
    device and device 1 edited on top of the second, so no conflict log holds it."""
    world.make_team(offsets=[0, 0])
    ada = world.clients[0]
    world._write(1, lambda s: plans.add_step(s, ada, "Book a review with the GP"))
    world.sync(1)
    world.sync(0)
    assert all(s.conflicts.entries() == [] for s in world.stores)  # nothing was concurrent
    world.teardown()  # every replica equal, every lost edit logged (none here)


def test_a_note_written_while_an_erasure_of_its_client_arrives(world: SyncWorld) -> None:
    """Device 1 erases Bea and syncs; device 0, mid-sync (pulled, not yet applied), writes
    a note for Bea, then applies the erasure; then device 0 erases Ada."""
    world.make_team(offsets=[0, 0])
    ada, bea = world.clients[0], world.clients[1]
    world._write(1, lambda s: s.erase_clients([bea], detail="on request"))
    world.erased.add(bea)
    world.sync(1)
    done: list[bool] = []

    def hook(name: str) -> None:
        if name == "pulled" and not done:
            done.append(True)
            note = CaseNote(id=new_id(), client_id=bea, author="Coach 0", written_at=utc_now(),
                            body="Discussed a phased return")
            world._write(0, lambda s: s.repo(CaseNote).add(note))
            world.notes[note.id] = bea

    engine = world._engine(0, hook)
    with engine.hub:
        engine.sync()
    world._write(0, lambda s: s.erase_clients([ada], detail="on request"))
    world.erased.add(ada)
    world.teardown()


def test_own_unsent_values_overwritten_before_a_concurrent_edit_won_are_all_logged(
        world: SyncWorld) -> None:
    """Device 0 (clock two hours behind) bumps Ada's plan twice without having seen device
    2's bump, which wins; device 2 is retired before it could hear of device 0's values.
    Both of device 0's values were concurrent and lost, so device 0 logs both, not only
    the one it held when device 2's arrived."""
    world.make_team(offsets=[-2 * stateful.HOUR_MS, 0, 0])
    ada = world.clients[0]
    world._write(2, lambda s: plans.add_step(s, ada, "Call the GP about a fit note"))
    world.revoke_a_device()
    for text in ("Ask about a phased return", "Book a review with the GP"):
        world._write(0, lambda s, t=text: plans.add_step(s, ada, t))
    world.teardown()
