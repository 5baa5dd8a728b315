"""Property: random edits on two or three real vaults, exchanged through a hub in random
orders, in random batches and with duplicates, always end with the same records on every
device, and every value that lost to an edit made without knowing it is in a conflict log."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from coachdesk.domain import Client, PlanStep
from coachdesk.domain.change import Change
from coachdesk.services import plans
from coachdesk.store.store import Store
from tests.factories import make_client
from tests.store.remote_helpers import Hub, make_store, records

CLIENT_FIELDS = ("preferred_name", "referrer", "accessibility_needs")
BASE_MS = 1_764_000_000_000


@dataclass(frozen=True)
class Write:
    change: Change
    known: frozenset[str]  # op ids its device had seen when it was made


class World:
    def __init__(self, root: Path, offsets: list[int]) -> None:
        self.stores = [make_store(root / f"d{n}", f"Coach {n}", lambda o=o: BASE_MS + o)
                       for n, o in enumerate(offsets)]
        self.hub = Hub()
        self.seen: list[set[str]] = [set() for _ in self.stores]
        self.writes: list[Write] = []
        self.counter = 0
        first = self.stores[0]
        self.clients = [make_client(given_name=name) for name in ("Ada", "Bea")]
        self.steps = []
        for client in self.clients:
            first.repo(Client).add(client)
            self.steps.append(plans.add_step(first, client.id, "Call the GP").id)
        self.seen[0] |= {c.op_id for c in first.journal.pending(limit=10_000)}
        for n, store in enumerate(self.stores):
            self.hub.push(store)
            self.pull(n, list(self.hub.changes), batches=1)

    def value(self, n: int) -> str:
        self.counter += 1
        return f"{n}-{self.counter}"

    def write(self, n: int, entity_id: str, do: object) -> None:
        store = self.stores[n]
        before = {c.op_id for c in store.journal.for_entity(entity_id)}
        known = frozenset(self.seen[n])
        do()  # type: ignore[operator]
        for change in store.journal.for_entity(entity_id):
            if change.op_id not in before:
                self.writes.append(Write(change, known))
                self.seen[n].add(change.op_id)

    def edit_client(self, n: int, k: int, field: str) -> None:
        store, cid = self.stores[n], self.clients[k].id
        current = store.repo(Client).require(cid)
        self.write(n, cid, lambda: store.repo(Client).update(
            replace(current, **{field: self.value(n)})))

    def edit_step(self, n: int, k: int, delete: bool) -> None:
        store, sid = self.stores[n], self.steps[k]
        step = store.repo(PlanStep).require(sid)
        if step.deleted:
            return  # the coach cannot see a deleted step to edit it
        if delete:
            self.write(n, sid, lambda: plans.remove_step(store, sid))
        else:
            self.write(n, sid, lambda: plans.update_step(store, replace(step, text=self.value(n))))

    def pull(self, n: int, changes: list[Change], batches: int) -> None:
        size = max(1, -(-len(changes) // batches))
        for start in range(0, len(changes), size):
            self.stores[n].apply_remote(changes[start:start + size])
        self.seen[n] |= {c.op_id for c in changes}

    def close(self) -> None:
        for store in self.stores:
            store.vault.close()


OPS = st.one_of(
    st.tuples(st.just("client"), st.integers(0, 2), st.integers(0, 1),
              st.sampled_from(CLIENT_FIELDS)),
    st.tuples(st.just("step"), st.integers(0, 2), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("push"), st.integers(0, 2)),
    st.tuples(st.just("pull"), st.integers(0, 2)),
)


def _delivery(data: st.DataObject, changes: list[Change], full: bool) -> list[Change]:
    """A hub page as the network might deliver it: any order, some twice, maybe part."""
    if not changes:
        return []
    chosen = changes if full else data.draw(st.lists(st.sampled_from(changes), max_size=40))
    extra = data.draw(st.lists(st.sampled_from(changes), max_size=8))
    return data.draw(st.permutations([*chosen, *extra]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), offsets=st.lists(st.sampled_from([0, 0, 3, 50]), min_size=2,
                                         max_size=3))
def test_random_edits_in_random_orders_converge_and_log_every_concurrent_loser(
    data: st.DataObject, offsets: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        world = World(Path(tmp), offsets)
        try:
            _run(data, world)
            _check(world)
        finally:
            world.close()


def _run(data: st.DataObject, world: World) -> None:
    n_stores = len(world.stores)
    for op in data.draw(st.lists(OPS, min_size=1, max_size=25)):
        n = op[1] % n_stores
        if op[0] == "client":
            world.edit_client(n, op[2], op[3])
        elif op[0] == "step":
            world.edit_step(n, op[2], op[3])
        elif op[0] == "push":
            world.hub.push(world.stores[n])
        else:
            changes = _delivery(data, world.hub.changes, full=False)
            world.pull(n, changes, data.draw(st.integers(1, 3)))
    for store in world.stores:  # everyone comes online at the end
        world.hub.push(store)
    for n in range(n_stores):
        world.pull(n, _delivery(data, world.hub.changes, full=True), data.draw(st.integers(1, 3)))


def _check(world: World) -> None:
    stores: list[Store] = world.stores
    for table in ("client", "plan_step", "action_plan"):
        first = records(stores[0], table)
        assert all(records(s, table) == first for s in stores[1:]), table
    lost: dict[tuple[str, str], set[object]] = {}
    for store in stores:
        for entry in store.conflicts.entries():
            lost.setdefault((entry.entity_id, entry.field), set()).add(entry.lost_value)
    event(f"keys with a logged loser: {min(len(lost), 3)}{'+' if len(lost) >= 3 else ''}")
    by_key: dict[tuple[str, str], list[Write]] = {}
    for w in world.writes:
        if w.change.entity in ("client", "plan_step") and w.change.field != "deleted":
            by_key.setdefault((w.change.entity_id, w.change.field), []).append(w)
    for (entity_id, field), writes in by_key.items():
        winner = max(writes, key=lambda w: (w.change.hlc, w.change.device_id))
        table = writes[0].change.entity
        assert records(stores[0], table)[entity_id][field] == winner.change.value
        for w in writes:
            if w is winner or w.change.value == winner.change.value:
                continue
            if w.change.op_id in winner.known:
                continue  # the winning edit was made knowing this one: not a conflict
            assert w.change.value in lost.get((entity_id, field), set()), (entity_id, field)
    for sid in world.steps:  # deleting is for good
        deleted = any(w.change.entity_id == sid and w.change.field == "deleted"
                      and w.change.value for w in world.writes)
        assert all(s.repo(PlanStep).require(sid).deleted == deleted for s in stores)
