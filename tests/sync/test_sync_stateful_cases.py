"""Shrunk cases of the stateful sync test (tests/sync/test_sync_stateful.py), replayed as
plain sequences against a real hub, so each stays fixed without hypothesis."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain import CaseNote, Client, PlanStep
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.services import plans
from coachdesk.store.remote import RemoteApplier
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
        stateful.OlderVersion.upgrade()
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


def _phone(world: SyncWorld, n: int, client_id: str, phone: str) -> None:
    world._write(n, lambda s: s.repo(Client).update(
        replace(s.repo(Client).require(client_id), phone=phone)))


def test_a_pushed_value_that_loses_to_a_retired_devices_edit_is_logged(
        world: SyncWorld) -> None:
    """The long-profile failure reported for seed 13, as a plain sequence: device 0 and
    device 2 edit Ada's phone, neither knowing of the other's (device 2's later); device
    2 syncs once more and is retired; then device 0 pushes without pulling. Device 2
    never hears of device 0's value; device 0's value lost to an edit the hub took
    before it took device 0's, so it was concurrent for sure: device 0 logs it."""
    world.make_team(offsets=[0, 0, 0])
    ada = world.clients[0]
    _phone(world, 0, ada, "0113 496 0001")
    _phone(world, 2, ada, "0113 496 0002")
    world.revoke_a_device()
    world.partial_sync(0, pull=False)
    world.sync(0)
    lost = {(e.entity_id, e.field, e.lost_value) for e in world.stores[0].conflicts.entries()}
    assert (ada, "phone", "0113 496 0001") in lost
    world.teardown()


def test_a_pushed_value_overwritten_by_a_later_edit_made_knowing_it_is_not_logged(
        world: SyncWorld) -> None:
    """The other side of the rule above: device 0 pushes its value before device 2
    pulls it and edits on top, so device 2's edit knew it: nobody logs a conflict."""
    world.make_team(offsets=[0, 0, 0])
    ada = world.clients[0]
    _phone(world, 0, ada, "0113 496 0001")
    world.partial_sync(0, pull=False)
    world.sync(2)
    _phone(world, 2, ada, "0113 496 0002")
    world.sync(2)
    world.sync(0)
    assert all(s.conflicts.entries() == [] for s in world.stores)
    world.teardown()


def test_a_device_that_writes_a_newer_versions_field_applies_that_field(
        world: SyncWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long-profile seed 21, shrunk: device 0 (a newer version) sets Ada's pronouns and
    syncs; device 2 (a newer version too: it writes the field) sets them as well without
    having seen device 0's, then syncs once more and is retired. Device 2 knows the field,
    so it applies device 0's value on that last pull (not parks it, as an older version
    would) and logs it: device 0's value lost to an edit made without knowing it."""
    monkeypatch.setattr(RemoteApplier, "_problem", stateful._older_problem)
    world.make_team(offsets=[0, 0, 0])
    ada = world.clients[0]
    _pronouns(world, 0, ada, "they/them")
    world.upgrade()
    world.sync(0)
    _pronouns(world, 2, ada, "she/her")
    world.revoke_a_device()
    retired = world.stores[2]
    assert retired.conflicts.parked() == []
    lost = {(e.entity_id, e.field, e.lost_value) for e in retired.conflicts.entries()}
    assert (ada, "pronouns", "they/them") in lost
    world.teardown()


def _pronouns(world: SyncWorld, n: int, client_id: str, value: str) -> None:
    """What `SyncWorld.newer_version_edit` does, with a chosen client and value."""
    stateful.OlderVersion.on = True
    stateful.OlderVersion.newer.add(world.stores[n].device_id)
    world._write(n, lambda s: s.repo(Client).update(
        replace(s.repo(Client).require(client_id), pronouns=value)))


def test_a_value_pushed_again_after_a_lost_acknowledgement_keeps_its_place(
        world: SyncWorld) -> None:
    """As the seed 13 case, but the hub's acknowledgement of device 0's push is lost and
    the push repeated (the hub answers "duplicate", with the sequence it took it at):
    device 0 still knows its value reached the hub after device 2's, and logs it."""
    world.make_team(offsets=[0, 0, 0])
    ada = world.clients[0]
    _phone(world, 0, ada, "0113 496 0001")
    _phone(world, 2, ada, "0113 496 0002")
    world.revoke_a_device()

    def lose_ack(name: str) -> None:
        if name == "pushed":
            raise stateful.Crash(name)

    engine = world._engine(0, lose_ack)
    with engine.hub, contextlib.suppress(stateful.Crash):
        engine.push()
    world.partial_sync(0, pull=False)  # the repeat: every change a duplicate
    world.sync(0)
    lost = {(e.entity_id, e.field, e.lost_value) for e in world.stores[0].conflicts.entries()}
    assert (ada, "phone", "0113 496 0001") in lost
    world.teardown()


def test_an_edit_pushed_after_a_retired_devices_deletion_is_logged_where_it_was_made(
        world: SyncWorld) -> None:
    """Device 2 deletes a step and device 0 edits it, neither knowing of the other's;
    device 2 syncs once more and is retired; device 0 pushes without pulling. When the
    deletion reaches device 0, the hub took it before the edit, so the edit never
    reached device 2: device 0 logs it (the step stays deleted)."""
    world.make_team(offsets=[0, 0, 0])
    step_id = world.steps[0]
    world._write(2, lambda s: plans.remove_step(s, step_id))
    step = world.stores[0].repo(PlanStep).require(step_id)
    world._write(0, lambda s: plans.update_step(s, replace(step, text="Ring the GP surgery")))
    world.revoke_a_device()
    world.partial_sync(0, pull=False)
    world.sync(0)
    log = world.stores[0].conflicts.entries()
    assert (step_id, "text", "Ring the GP surgery") in {
        (e.entity_id, e.field, e.lost_value) for e in log}
    assert world.stores[0].repo(PlanStep).require(step_id).deleted
    world.teardown()


class _Chosen:
    """Stands for hypothesis's `data` in a replayed step: draws what it is told."""

    def __init__(self, value: object) -> None:
        self.value = value

    def draw(self, _strategy: object) -> object:
        return self.value


def test_a_value_equal_to_one_the_winner_replaced_knowingly_is_not_lost(
        world: SyncWorld) -> None:
    """Found by the long profile (seed 21, after the fixes above), shrunk to three steps:
    device 3 deletes Bea's two steps while device 2 (clock two hours behind) edits them,
    each bumping Bea's plan's version to 3 and then 4; device 3 is retired. Device 2's
    version 4 lost to device 3's, and is logged when device 3's arrive; its version 3
    equals device 3's own 3, which device 3 replaced knowingly with 4: no value of it was
    lost, so no log needs it (device 2 logs only values unlike the one it met)."""
    world.make_team(offsets=[-5 * stateful.HOUR_MS, 0, -2 * stateful.HOUR_MS, 0])
    for step_id in world.steps[2:4]:
        world.delete_here_edit_there(_Chosen(step_id), a=3, b=2)  # type: ignore[arg-type]
    world.revoke_a_device()
    world.teardown()


def test_own_pushed_values_overwritten_before_a_retired_devices_edit_won_are_all_logged(
        world: SyncWorld) -> None:
    """Found by the long profile (seed 1001), shrunk: device 3 (clock ahead) deletes one
    of Bea's steps while device 1 edits it; device 2 adds a step to Bea's plan; device 3
    is retired; device 0 deletes Bea's other step while device 2 edits it; device 2
    pushes without pulling. Device 2's two plan bumps both lost to device 3's, which the
    hub took first: device 2 logs both, the one it overwrote itself too (its outbox entry
    is kept until a pull passes the push, so it can be judged)."""
    world.make_team(offsets=[-2 * stateful.HOUR_MS, -2 * stateful.HOUR_MS,
                             -5 * stateful.HOUR_MS, 0])
    bea = world.clients[1]
    world.delete_here_edit_there(_Chosen(world.steps[2]), a=3, b=1)  # type: ignore[arg-type]
    world.add_step(_Chosen(bea), n=2)  # type: ignore[arg-type]
    world.revoke_a_device()
    world.delete_here_edit_there(_Chosen(world.steps[3]), a=0, b=2)  # type: ignore[arg-type]
    world.partial_sync(n=2, pull=False)
    world.teardown()


def test_an_own_edit_of_a_step_its_own_device_then_deleted_is_not_a_lost_edit(
        world: SyncWorld) -> None:
    """Found by the long profile (seeds 3001 and 3002, commit 9bc56f0), shrunk to four
    steps: devices 1 (clock five hours behind) and 2 both edit the text of one of Bea's
    steps; device 2 syncs and is retired; device 1, not having seen device 2's text,
    deletes the step. Device 2's later text follows the clocks into the hidden record and
    device 1 logs it as an edit of a deleted step (kept: its own text; lost: device 2's).
    Device 1's own text was overwritten only inside a step its own device deleted
    knowing that text: the deletion supersedes it, so it is no lost edit."""
    world.make_team(offsets=[0, -5 * stateful.HOUR_MS, 0])
    step_id = world.steps[2]
    world.edit_step(_Chosen(step_id), n=1)  # type: ignore[arg-type]
    world.edit_step(_Chosen(step_id), n=2)  # type: ignore[arg-type]
    world.revoke_a_device()
    world.delete_step(_Chosen(step_id), n=1)  # type: ignore[arg-type]
    world.sync(1)
    log = [e for e in world.stores[1].conflicts.entries() if e.entity_id == step_id]
    assert [(e.field, e.kept_value, e.lost_value) for e in log] == [
        ("text", "Ask about a phased return 1-1", "Ask about a phased return 2-2")]
    world.teardown()


@pytest.mark.parametrize("which", [0, 1])
def test_seed_3117_a_newer_versions_edit_after_a_reordered_delivery(
        world: SyncWorld, monkeypatch: pytest.MonkeyPatch, which: int) -> None:
    """Found by the long profile (seed 3117), as logged (its revoke_a_device steps left
    out: with two devices they do nothing): device 0 writes notes for Ada and adds two
    clients, with notes written while it syncs; device 1 is handed the hub's first page
    again, duplicated and shuffled; then device 1 (a newer version) sets the pronouns of
    one of the new clients."""
    monkeypatch.setattr(RemoteApplier, "_problem", stateful._older_problem)
    world.make_team(offsets=[0, 0])
    ada = world.clients[0]
    world.add_note(_Chosen(ada), n=0)  # type: ignore[arg-type]
    world.add_client(n=0)
    world.write_while_syncing(_Chosen(ada), n=0)  # type: ignore[arg-type]
    world.add_client(n=0)
    world.write_while_syncing(_Chosen(ada), n=0)  # type: ignore[arg-type]
    world.duplicated_and_reordered_delivery(n=1, seed=0)
    world.newer_version_edit(_Chosen(world.clients[2 + which]), n=3)  # type: ignore[arg-type]
    world.teardown()


def test_seed_3117_later_a_plans_version_bumped_by_two_devices_deleting_one_step(
        world: SyncWorld) -> None:
    """Long-profile seed 3117 again, once the case above passed: its next failing example.
    Device 0 deletes one of Ada's steps and edits the other (her plan's version 3, then
    4); device 1 edits the first step and then deletes it (versions 3 and 4, later
    clocks); device 2 edits it last (version 3, the latest clock: it wins). At device 0,
    device 1's 4 replaces device 0's equal 4, then device 2's 3 beats it: device 0's own
    4 lost to an edit made without knowing it, so device 0 logs it, though the value it
    held at that moment had come from device 1. (It finds that 4 in the journal, kept
    here only as the journal's newest row: see the xfail case below for when it is not.)"""
    world.make_team(offsets=[0, 0, 0])
    ada = world.clients[0]
    world.edit_client(_Chosen(ada), n=0, field="phone")  # type: ignore[arg-type]
    world.add_client(n=0)
    world.delete_here_edit_there(_Chosen(world.steps[0]), a=0, b=1)  # type: ignore[arg-type]
    world.edit_step(_Chosen(world.steps[1]), n=0)  # type: ignore[arg-type]
    world.delete_here_edit_there(_Chosen(world.steps[0]), a=1, b=2)  # type: ignore[arg-type]
    world.strict_told = True
    world.teardown()


@pytest.mark.xfail(strict=True, reason=(
    "open: as the case above, but device 0 edits Ada's phone last, so its plan-version-4"
    " row is not the journal's newest and SyncState.compact_outbox drops it when device"
    " 0's first final pull passes its push; in the second round device 1's equal 4 takes"
    " the field's clock and device 2's winning 3 then beats it, and"
    " RemoteApplier._own_equal_lost, which looks for our concurrent value only in the"
    " journal, finds nothing: device 0 never logs its own 4 (devices 1 and 2 do). Needs"
    " the record to remember an own concurrent value replaced by an equal one"))
def test_seed_3117_later_an_equal_own_value_whose_outbox_entry_was_compacted(
        world: SyncWorld) -> None:
    """Long-profile seed 3117, the example after the case above was fixed (as logged)."""
    world.make_team(offsets=[0, 0, 0])
    ada = world.clients[0]
    world.edit_client(_Chosen(ada), n=0, field="phone")  # type: ignore[arg-type]
    world.delete_here_edit_there(_Chosen(world.steps[0]), a=0, b=1)  # type: ignore[arg-type]
    world.add_client(n=0)
    world.edit_client(_Chosen(ada), n=0, field="phone")  # type: ignore[arg-type]
    world.edit_step(_Chosen(world.steps[1]), n=0)  # type: ignore[arg-type]
    world.delete_here_edit_there(_Chosen(world.steps[0]), a=1, b=2)  # type: ignore[arg-type]
    world.edit_client(_Chosen(ada), n=0, field="phone")  # type: ignore[arg-type]
    world.strict_told = True
    world.teardown()
