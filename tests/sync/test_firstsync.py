"""First sync of a new device in bulk from the hub's snapshot: the same end state as the
incremental path, resumable after a crash between or inside pages, tampering refused,
progress reported. Real vaults, a real hub on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.domain import ENTITY_TYPES, Client, PlanStep
from coachdesk.domain.ids import new_id
from coachdesk.store import clocks
from coachdesk.store.store import Store
from coachdesk.sync import engine as engine_module
from coachdesk.sync import firstsync, team
from coachdesk.sync.engine import SyncEngine
from coachdesk.sync.firstsync import Progress
from coachdesk.sync.hubclient import HubClient
from coachdesk.sync.verify import verify
from tests.factories import make_client
from tests.store.remote_helpers import records

#: tables whose content must be the same whichever way a device received the team's data
COMPARED = ("conflict", "sync_staged", "sync_parked", "sync_refused", "erased_client")
SKIP_COLUMNS = {"logged_at", "received_at", "erased_at"}  # when this vault wrote the row


def engine(store: Store, hook: Callable[[str], None] | None = None, bulk: bool = True,
           progress: Callable[[Progress], None] | None = None) -> SyncEngine:
    member = team.membership(store)
    assert member is not None
    made = SyncEngine(store, team.client_for(member), member, hook, progress=progress)
    made.first_sync_in_bulk = bulk
    return made


def field_clocks(store: Store, data: str, hlc: str, packed: str) -> dict[str, Any]:
    record_clocks = json.loads(packed)
    record_clocks.setdefault(clocks.BASE, hlc)
    return {f: clocks.of_field(record_clocks, f, store.device_id) for f in json.loads(data)}


def content(store: Store) -> dict[str, Any]:
    """Every table a first sync writes, row by row, in a comparable form."""
    conn = store.vault.conn
    out: dict[str, Any] = {}
    for table in ENTITY_TYPES:  # each field's value and clock (however the row packs them)
        out[table] = sorted((i, json.loads(d), h, field_clocks(store, d, h, c)) for i, d, h, c
                            in conn.execute(f"SELECT id, data, hlc, clocks FROM {table}"))
    for table in COMPARED:
        cur = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        out[table] = sorted(json.dumps({k: v for k, v in zip(names, row, strict=True)
                                        if k not in SKIP_COLUMNS}, sort_keys=True)
                            for row in cur)
    seen: dict[str, set[int]] = {}
    for device_id, lo, hi in conn.execute("SELECT device_id, lo, hi FROM sync_seen"):
        seen.setdefault(device_id, set()).update(range(lo, hi + 1))
    out["sync_seen"] = seen
    out["search_doc"] = sorted(conn.execute("SELECT kind, ref_id, client_id, title "
                                            "FROM search_doc").fetchall())
    out["search_text"] = sorted(conn.execute(
        "SELECT d.ref_id, t.body FROM search_text t JOIN search_doc d ON d.rowid = t.rowid"))
    out["search_names"] = sorted(conn.execute(
        "SELECT d.ref_id, t.title FROM search_names t JOIN search_doc d ON d.rowid = t.rowid"))
    return out


def same_end_state(bulk: Store, step_by_step: Store) -> bool:
    """Equal in every table, except that the snapshot never carries a value that a later
    one superseded, so the bulk device has seen a subset of the sequence numbers."""
    ours, theirs = content(bulk), content(step_by_step)
    seen, all_seen = ours.pop("sync_seen"), theirs.pop("sync_seen")
    assert seen.keys() == all_seen.keys()
    assert all(seen[d] <= all_seen[d] for d in seen)
    assert ours == theirs
    return True


def team_with_history(hub_url: str, vaults: Callable[[str], Store]) -> Store:
    """A first device with a synthetic caseload, later edits, a deleted step and an
    erased client, all on the hub."""
    a = vaults("Coach A")
    team.create_team(a, hub_url)
    spec = Caseload(clients=12, notes_per_client=3, steps_per_client=2, seed=11,
                    today=date(2026, 11, 23))
    records = list(SyntheticCaseload(spec).everything())
    load(a, records)
    engine(a).sync()
    clients = [r for r in records if isinstance(r, Client)]
    for n, client in enumerate(clients[:5]):  # later values of fields of early records
        a.repo(Client).update(replace(client, phone=f"0113 496 {n:04d}"))
    step = next(r for r in records if isinstance(r, PlanStep))
    a.repo(PlanStep).update(replace(step, deleted=True))
    a.erase_clients([clients[-1].id])
    a.repo(Client).add(make_client(None, given_name="Late"))
    engine(a).sync()
    return a


def join(hub_url: str, a: Store, vaults: Callable[[str], Store], name: str) -> Store:
    member = team.membership(a)
    assert member is not None
    store = vaults(name)
    team.join(store, hub_url, team.invite(member).code)
    return store


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(firstsync, "PAGE", 97)
    monkeypatch.setattr(engine_module, "PAGE", 97)


def test_bulk_and_incremental_first_syncs_end_the_same(hub_url, vaults, small_pages) -> None:
    a = team_with_history(hub_url, vaults)
    bulk, step_by_step = join(hub_url, a, vaults, "Bulk"), join(hub_url, a, vaults, "Inc")
    pages: list[Progress] = []
    report = engine(bulk, progress=pages.append).sync()
    engine(step_by_step, bulk=False).sync()
    assert report.applied > 500 and report.refused == 0
    assert len([p for p in pages if p.phase == "receiving"]) > 5  # many pages
    assert same_end_state(bulk, step_by_step)
    assert content(bulk)["client"] and content(bulk)["search_text"]
    assert bulk.search("Late") and bulk.search("Late")[0].kind == "client"
    # one audit event per page of records, not one per record
    summaries = [e for e in bulk.audit.events() if "received from the team" in e.detail]
    assert 5 < len(summaries) < 40
    assert not bulk.audit_problems()
    # "Check sync" says the same for both (the erased client's changes are still on this
    # hub, which is not told of erasures yet, so neither holds them)
    assert check(bulk) == check(step_by_step)


def check(store: Store) -> Any:
    member = team.membership(store)
    assert member is not None
    with team.client_for(member) as hub:
        return verify(store, hub, member)


def test_progress_goes_up_to_the_end(hub_url, vaults, small_pages) -> None:
    a = team_with_history(hub_url, vaults)
    b = join(hub_url, a, vaults, "B")
    seen: list[Progress] = []
    engine(b, progress=seen.append).pull()
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert 0 < fractions[0] < 0.5
    assert [p.phase for p in seen][-2:] == ["indexing", "done"]
    assert seen[-1].changes == max(p.changes for p in seen) > 500


def crash_after(step: str, times: int) -> Callable[[str], None]:
    count = {"n": 0}

    def hook(name: str) -> None:
        if name == step:
            count["n"] += 1
            if count["n"] == times:
                raise ConnectionError("the network went away")
    return hook


@pytest.mark.parametrize("step,times", [("snapshot page", 3), ("applying", 4),
                                        ("pulled", 2)])
def test_a_crash_mid_way_resumes_and_ends_as_an_incremental_sync(
        hub_url, vaults, small_pages, step, times) -> None:
    a = team_with_history(hub_url, vaults)
    bulk, step_by_step = join(hub_url, a, vaults, "Bulk"), join(hub_url, a, vaults, "Inc")
    with pytest.raises(ConnectionError):
        engine(bulk, crash_after(step, times)).sync()
    part, whole = content(bulk), content(a)
    held = sum(len(part[kind]) for kind in ENTITY_TYPES)
    assert 0 < held < sum(len(whole[kind]) for kind in ENTITY_TYPES)  # cut short
    assert bulk.sync_state.get(firstsync.SNAPSHOT_UPTO) is not None
    engine(bulk).sync()  # resumes from the next page
    engine(step_by_step, bulk=False).sync()
    assert same_end_state(bulk, step_by_step)
    assert bulk.sync_state.get(firstsync.SNAPSHOT_UPTO) is None


def test_a_tampered_change_in_the_snapshot_is_refused_and_the_rest_arrives(
        hub_url, vaults) -> None:
    a = vaults("Coach A")
    member = team.create_team(a, hub_url)
    one, two = make_client(None, given_name="Ada"), make_client(None, given_name="Bea")
    a.repo(Client).add(one)
    a.repo(Client).add(two)
    engine(a).sync()
    with HubClient(hub_url, member.token) as hub:
        page = hub.pull(member.team_id, 0, 1000)["changes"]
        given = next(c for c in page if c["entity_id"] == two.id)
        del given["server_seq"]
        moved = dict(given, entity_id=one.id, op_id=new_id(), seq=10_000)
        hub.request("POST", f"/v1/teams/{member.team_id}/changes", {"changes": [moved]})
    b = join(hub_url, a, vaults, "B")
    report = engine(b).sync()
    assert report.refused == 1
    assert records(b, "client") == records(a, "client")
    assert b.sync_state.refused(held=False)[0].reason.startswith("The change does not open")


def test_after_the_snapshot_incremental_pulls_go_on(hub_url, vaults) -> None:
    a = team_with_history(hub_url, vaults)
    b = join(hub_url, a, vaults, "B")
    engine(b).sync()
    upto = int(b.sync_state.get("pull_after") or 0)
    assert upto > 0
    a.repo(Client).add(make_client(None, given_name="Newer"))
    engine(a).sync()
    seen: list[Progress] = []
    report = engine(b, progress=seen.append).sync()
    assert seen == []  # no second snapshot
    assert report.pulled > 0 and b.search("Newer")
    assert int(b.sync_state.get("pull_after") or 0) > upto
    a.erase_clients([])  # nothing
    assert check(b).missing_here == check(a).missing_here


def test_an_erasure_pulled_change_by_change_is_applied(hub_url, vaults) -> None:
    """Found while writing the comparison: an erasure arriving in an incremental pull
    failed ("vault already open"): the WAL checkpoint ran inside the pull's transaction."""
    a = vaults("Coach A")
    team.create_team(a, hub_url)
    gone, kept = make_client(None, given_name="Gone"), make_client(None, given_name="Kept")
    a.repo(Client).add(gone)
    a.repo(Client).add(kept)
    engine(a).sync()
    b = join(hub_url, a, vaults, "B")
    engine(b, bulk=False).sync()
    a.erase_clients([gone.id])
    engine(a).sync()
    report = engine(b, bulk=False).sync()
    assert report.applied >= 0
    assert [c[0] for c in content(b)["client"]] == [kept.id]
    assert not b.search("Gone")
