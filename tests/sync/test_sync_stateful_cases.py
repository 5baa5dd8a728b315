"""Shrunk cases of the stateful sync test (tests/sync/test_sync_stateful.py), replayed as
plain sequences against a real hub, so each stays fixed without hypothesis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
