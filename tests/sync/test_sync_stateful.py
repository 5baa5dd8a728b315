"""The heart of issue 11: a hypothesis state machine of 2-4 real vaults syncing through a
real hub (uvicorn on loopback, SQLite and PostgreSQL backends) with the real engine.

Random edits of practices, clients and case notes; devices offline for a while; partial
syncs (push only, pull only); duplicated and reordered deliveries; a lost acknowledgement
after the hub committed, a crash between pull and apply and in the middle of applying a
page, a crash between the local commit and the push; a write made while a sync is under
way; device clocks hours apart; a device revoked part-way (the team key rotates).
After everything is delivered: every replica equals the
others and a reference (field-level last writer wins by (HLC, device id) over every write
made), every value that lost to an edit made without knowing it is in a conflict log,
note counts equal the notes written, and each replica's check against the hub matches.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from coachdesk.domain import CaseNote, Client, Practice
from coachdesk.domain.change import Change
from coachdesk.domain.hlc import HybridLogicalClock
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.hub.serve import open_store
from coachdesk.store.paths import AppPaths
from coachdesk.store.seen import SeenRanges
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine, SyncReport
from coachdesk.sync.hubclient import HubRefused
from coachdesk.sync.verify import verify
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client
from tests.hub.helpers import running_hub
from tests.hub.pgcluster import TempCluster, find_bindir
from tests.store.remote_helpers import records

HOUR_MS = 3_600_000
CLIENT_FIELDS = ("phone", "postcode", "preferred_name")
STEPS = ("pushed", "pulled", "applying")


class Crash(Exception):
    pass


@dataclass(frozen=True)
class Write:
    change: Change
    known: frozenset[str]  # op ids its device had applied or made when it was written


def _wall(offset_ms: int):
    return lambda: time.time_ns() // 1_000_000 + offset_ms


class SyncWorld(RuleBasedStateMachine):
    hub_url = ""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="cd-sync-"))
        self.stores: list[Store] = []
        self.writes: dict[str, Write] = {}
        self.clients: list[str] = []
        self.practices: list[str] = []
        self.notes = 0
        self.counter = 0
        self.revoked: int | None = None  # the replica revoked part-way, if any

    # ----- set-up -----------------------------------------------------------------------
    @initialize(offsets=st.lists(st.sampled_from([0, 0, -2 * HOUR_MS, -5 * HOUR_MS]),
                                 min_size=2, max_size=4))
    def make_team(self, offsets: list[int]) -> None:
        for n, offset in enumerate(offsets):
            vault, _code = Vault.create(AppPaths.under(self.root / f"d{n}").vault(f"C{n}"),
                                        PASSPHRASE, FAST_KDF)
            self.stores.append(Store(vault, actor=f"Coach {n}", today=lambda: TODAY,
                                     clock=HybridLogicalClock(wall_clock_ms=_wall(offset))))
        member = team.create_team(self.stores[0], self.hub_url)
        for store in self.stores[1:]:
            team.join(store, self.hub_url, team.invite(member).code)
        practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
        self._write(0, lambda s: s.repo(Practice).add(practice))
        self.practices.append(practice.id)
        for name in ("Ada", "Bea"):
            client = make_client(practice.id, given_name=name)
            self._write(0, lambda s, c=client: s.repo(Client).add(c))
            self.clients.append(client.id)
        for n in [0, *range(len(self.stores))]:
            self._sync(n)

    # ----- bookkeeping ------------------------------------------------------------------
    def _known(self, n: int) -> frozenset[str]:
        store = self.stores[n]
        seen = SeenRanges(store._conn)  # what this vault has applied
        return frozenset(op for op, w in self.writes.items()
                         if w.change.device_id == store.device_id
                         or seen.contains(w.change.device_id, w.change.seq))

    def _write(self, n: int, do) -> None:
        store = self.stores[n]
        known = self._known(n)
        before = {c.op_id for c in store.journal.pending(limit=100_000)}
        do(store)
        for change in store.journal.pending(limit=100_000):
            if change.op_id not in before:
                self.writes[change.op_id] = Write(change, known)

    def _engine(self, n: int, hook=None) -> SyncEngine:
        store = self.stores[n]
        member = team.membership(store)
        assert member is not None
        return SyncEngine(store, team.client_for(member), member, hook)

    def _sync(self, n: int) -> None:
        engine = self._engine(n)
        with engine.hub:
            engine.sync()

    def _live(self, n: int) -> int:
        """Replica number n among those not revoked."""
        live = [i for i in range(len(self.stores)) if i != self.revoked]
        return live[n % len(live)]

    def _value(self, n: int) -> str:
        self.counter += 1
        return f"{n}-{self.counter}"

    def _pick(self, data: st.DataObject, n: int, ids: list[str], cls: type) -> str | None:
        held = [i for i in ids if self.stores[n].repo(cls).get(i) is not None]
        return data.draw(st.sampled_from(held)) if held else None

    # ----- edits ------------------------------------------------------------------------
    @rule(data=st.data(), n=st.integers(0, 3), field=st.sampled_from(CLIENT_FIELDS))
    def edit_client(self, data: st.DataObject, n: int, field: str) -> None:
        n = self._live(n)
        cid = self._pick(data, n, self.clients, Client)
        if cid is None:
            return
        self.counter += 1
        value = {"phone": f"0113 496 {self.counter:04d}",
                 "postcode": f"LS{self.counter % 9 + 1} {self.counter % 10}AB"
                 }.get(field, f"{n}-{self.counter}")
        self._write(n, lambda s: s.repo(Client).update(
            replace(s.repo(Client).require(cid), **{field: value})))

    @rule(data=st.data(), n=st.integers(0, 3))
    def edit_practice(self, data: st.DataObject, n: int) -> None:
        n = self._live(n)
        pid = self._pick(data, n, self.practices, Practice)
        if pid is not None:
            name = f"Practice {self._value(n)}"
            self._write(n, lambda s: s.repo(Practice).update(
                replace(s.repo(Practice).require(pid), name=name)))

    @rule(n=st.integers(0, 3))
    def add_client(self, n: int) -> None:
        n = self._live(n)
        client = make_client(None, given_name=f"New{self._value(n)}")
        self._write(n, lambda s: s.repo(Client).add(client))
        self.clients.append(client.id)

    @rule(data=st.data(), n=st.integers(0, 3))
    def add_note(self, data: st.DataObject, n: int) -> None:
        n = self._live(n)
        cid = self._pick(data, n, self.clients, Client)
        if cid is None:
            return
        note = CaseNote(id=new_id(), client_id=cid, author=f"Coach {n}", written_at=utc_now(),
                        body=f"Discussed a phased return {self._value(n)}")
        self._write(n, lambda s: s.repo(CaseNote).add(note))
        self.notes += 1

    # ----- syncing, whole or in part, with failures -------------------------------------
    @rule(n=st.integers(0, 3))
    def sync(self, n: int) -> None:
        self._sync(self._live(n))

    @rule(n=st.integers(0, 3), pull=st.booleans())
    def partial_sync(self, n: int, pull: bool) -> None:
        engine = self._engine(self._live(n))
        with engine.hub:
            engine.pull() if pull else engine.push()

    @rule(n=st.integers(0, 3), step=st.sampled_from(STEPS))
    def crash_during_sync(self, n: int, step: str) -> None:
        def hook(name: str) -> None:
            if name == step:
                raise Crash(step)

        engine = self._engine(self._live(n), hook)
        with engine.hub, contextlib.suppress(Crash):  # like a process killed there
            engine.sync()

    @rule(data=st.data(), n=st.integers(0, 3))
    def write_while_syncing(self, data: st.DataObject, n: int) -> None:
        n = self._live(n)
        done: list[bool] = []

        def hook(name: str) -> None:
            if name == "pulled" and not done:
                done.append(True)
                self.add_note(data, n)

        engine = self._engine(n, hook)
        with engine.hub:
            engine.sync()

    @rule(n=st.integers(0, 3), seed=st.integers(0, 2**16))
    def duplicated_and_reordered_delivery(self, n: int, seed: int) -> None:
        """An old page delivered again, shuffled, some changes twice, cursor untouched."""
        engine = self._engine(self._live(n))
        with engine.hub:
            items = engine.hub.pull(engine.member.team_id, 0, 200)["changes"]
            rng = random.Random(seed)
            items = items + rng.sample(items, min(len(items), 5))
            rng.shuffle(items)
            changes, _refused = engine._open_page(items, SyncReport())  # may fetch a keyring
        engine.store.apply_remote(changes)

    @rule()
    def revoke_a_device(self) -> None:
        """The last PC is retired: it syncs one last time, then another PC revokes it, which
        rotates the team key; the rest carry on in the new epoch, and it is refused."""
        last = len(self.stores) - 1
        if self.revoked is not None or last < 2:
            return
        self._sync(last)
        first = self.stores[0]
        member = team.membership(first)
        assert member is not None
        team.revoke(first, member, self.stores[last].device_id)
        self.revoked = last
        engine = self._engine(last)
        with engine.hub, pytest.raises(HubRefused) as refused:
            engine.sync()
        assert refused.value.status == 401

    # ----- the end: everything delivered ------------------------------------------------
    def teardown(self) -> None:
        try:
            if len(self.stores) >= 2:
                for _round in range(2):
                    for n in range(len(self.stores)):
                        if n != self.revoked:
                            self._sync(n)
                self._check()
        finally:
            for store in self.stores:
                store.vault.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _check(self) -> None:
        everyone = self.stores
        stores = [s for i, s in enumerate(everyone) if i != self.revoked]
        for table in ("practice", "client", "case_note"):
            first = records(stores[0], table)
            assert all(records(s, table) == first for s in stores[1:]), table
        assert len(records(stores[0], "case_note")) == self.notes
        lost: dict[tuple[str, str], set[object]] = {}
        for store in stores:
            assert store.journal.pending_count() == 0
        for store in everyone:  # the retired PC's log counts: it was kept there
            for entry in store.conflicts.entries():
                lost.setdefault((entry.entity_id, entry.field), set()).add(entry.lost_value)
        by_key: dict[tuple[str, str], list[Write]] = {}
        for w in self.writes.values():
            by_key.setdefault((w.change.entity_id, w.change.field), []).append(w)
        for (entity_id, field), writes in by_key.items():
            winner = max(writes, key=lambda w: (w.change.hlc, w.change.device_id))
            table = writes[0].change.entity
            assert records(stores[0], table)[entity_id][field] == winner.change.value
            for w in writes:
                if w is winner or w.change.value == winner.change.value:
                    continue
                if w.change.op_id in winner.known:
                    continue  # the winning edit was made knowing this one
                assert w.change.value in lost.get((entity_id, field), set()), (entity_id, field)
        for n, store in enumerate(everyone):
            if n == self.revoked:
                continue
            engine = self._engine(n)
            with engine.hub:
                result = verify(store, engine.hub, engine.member)
            assert result.matches, result.message()


def _run(hub_url: str, examples: int) -> None:
    SyncWorld.hub_url = hub_url
    long_run = settings.get_profile("long").max_examples == settings.default.max_examples
    run_state_machine_as_test(SyncWorld, settings=settings(
        max_examples=settings.default.max_examples if long_run else examples,
        stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]))


@pytest.fixture(scope="module")
def sqlite_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.db'}")
    with running_hub(store) as url:
        yield url
    store.close()


def test_replicas_converge_on_the_sqlite_hub(sqlite_hub: str) -> None:
    _run(sqlite_hub, examples=20)


def test_replicas_converge_on_the_postgresql_hub() -> None:
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed here")
    cluster = TempCluster(bindir)
    try:
        store = open_store(cluster.new_database())
        with running_hub(store) as url:
            _run(url, examples=5)
        store.close()
    finally:
        cluster.stop()
