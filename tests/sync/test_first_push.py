"""A first device's push of a whole caseload (many batches, pipelined: the next batch is
read and sealed while the hub stores the last) on a real hub over loopback: a crash at any
point resumes without loss or duplication, and writes made during the push are sent."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.domain import Client
from coachdesk.store.store import Store
from coachdesk.sync import push, team
from coachdesk.sync.engine import SyncEngine
from tests.factories import make_client
from tests.store.remote_helpers import records
from tests.sync.test_engine import check

SPEC = Caseload(clients=40, notes_per_client=20, steps_per_client=5, seed=3,
                today=date(2026, 11, 23))


class Crash(Exception):
    pass


def caseload_team(hub_url: str, vaults: Callable[[str], Store]) -> Store:
    first = vaults("Coach A")
    load(first, list(SyntheticCaseload(SPEC).everything()), batch=500)
    team.create_team(first, hub_url)
    return first


def engine(store: Store, hook: Callable[[str], None] | None = None,
           db: Any = None) -> SyncEngine:
    member = team.membership(store)
    assert member is not None
    return SyncEngine(store, team.client_for(member), member, hook, db=db)


def on_hub(tmp_path: Path) -> tuple[int, int, int, int]:
    """(changes, distinct op ids, lowest and highest server sequence) the hub holds."""
    with sqlite3.connect(tmp_path / "hub.db") as conn:
        return conn.execute("SELECT count(*), count(DISTINCT op_id), min(server_seq), "
                            "max(server_seq) FROM changes").fetchone()


def crash_on_acknowledgement(n: int) -> Callable[[str], None]:
    seen = [0]

    def hook(step: str) -> None:
        if step == "pushed":
            seen[0] += 1
            if seen[0] == n:
                raise Crash(step)
    return hook


def assert_all_once(first: Store, tmp_path: Path, vaults: Callable[[str], Store],
                    hub_url: str, total: int) -> None:
    held, distinct, low, high = on_hub(tmp_path)
    assert held == distinct == total and (low, high) == (1, total)  # no gap, no repeat
    assert first.journal.pending_count() == 0
    second = vaults("Coach B")
    member = team.membership(first)
    assert member is not None
    team.join(second, hub_url, team.invite(member).code)
    engine(second).pull()
    for entity in ("client", "case_note", "plan_step"):
        assert records(second, entity) == records(first, entity)
    assert check(first) and check(second)


@pytest.mark.parametrize("at", [1, 3])
def test_a_crash_between_the_hubs_answer_and_its_record_resumes_without_duplicates(
        hub_url, vaults, tmp_path, at) -> None:
    first = caseload_team(hub_url, vaults)
    total = first.journal.pending_count()
    assert total > 6 * push.PUSH_CHANGES  # many batches, several outbox reads
    with pytest.raises(Crash):  # the next batch was already on its way
        engine(first, crash_on_acknowledgement(at)).push()
    left = first.journal.pending_count()
    assert left > 0 and (left == total) == (at == 1)  # only answered batches were marked
    assert on_hub(tmp_path)[0] >= at * push.PUSH_CHANGES
    again = engine(first).push()
    assert again < total  # what the hub took before the crash counts as a duplicate
    assert_all_once(first, tmp_path, vaults, hub_url, total)


def test_a_vault_failure_recording_an_acknowledgement_loses_nothing(
        hub_url, vaults, tmp_path) -> None:
    first = caseload_team(hub_url, vaults)
    total = first.journal.pending_count()
    steps = [0]

    def failing_db(step: Callable[[Store], Any]) -> Any:
        if getattr(step, "__name__", "") == "<lambda>" and step.__defaults__ and len(
                step.__defaults__) == 3:  # the acknowledgement's step (seq, erased, mark)
            steps[0] += 1
            if steps[0] == 2:
                raise Crash("disk full")
        return step(first)

    with pytest.raises(Crash):
        engine(first, db=failing_db).push()
    engine(first).push()
    assert_all_once(first, tmp_path, vaults, hub_url, total)


def test_a_write_made_while_the_push_is_under_way_is_pushed_too(
        hub_url, vaults, tmp_path) -> None:
    first = caseload_team(hub_url, vaults)
    total = first.journal.pending_count()
    added: list[Client] = []

    def write_during(step: str) -> None:
        if step == "pushed" and len(added) < 2:  # the coach saves between two batches
            added.append(first.repo(Client).add(make_client(None, given_name="Midpush")))

    engine(first, write_during).push()
    made = total + sum(len(c.to_fields()) for c in added)
    assert first.journal.pending_count() == 0
    assert_all_once(first, tmp_path, vaults, hub_url, made)
