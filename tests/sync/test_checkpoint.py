"""First sync of a new device from a sealed checkpoint: the same end state as the per-change
snapshot path, later edits merging the same, every kind of hub tampering refused with
nothing applied (and the snapshot path taking over), a crash resuming with nothing twice,
and no checkpoint of a revoked author or an old key epoch served. Real vaults, a real hub
on loopback (its SQLite file opened beside it to play a dishonest hub)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.domain import ENTITY_TYPES, Client
from coachdesk.domain.ids import new_id
from coachdesk.hub.serve import open_store
from coachdesk.store.store import Store
from coachdesk.sync import checkpoint, firstsync, team
from coachdesk.sync import checkpoint_wire as cw
from coachdesk.sync.engine import SyncEngine
from coachdesk.sync.firstsync import Progress
from tests.factories import make_client
from tests.hub.helpers import running_hub
from tests.sync.test_firstsync import (
    check,
    content,
    crash_after,
    engine,
    join,
    team_with_history,
)


@pytest.fixture
def hub_db(tmp_path: Path) -> Path:
    return tmp_path / "hub.db"


@pytest.fixture
def hub_url(hub_db: Path) -> Iterator[str]:
    store = open_store(f"sqlite:///{hub_db}")
    with running_hub(store) as url:
        yield url
    store.close()


@pytest.fixture(autouse=True)
def small_checkpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checkpoints for a small team, in many pages."""
    monkeypatch.setattr(checkpoint, "MIN_CHANGES", 1)
    monkeypatch.setattr(checkpoint, "PER_PAGE", 10)


def snapshot_path_used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records in the vault each time the per-change snapshot path starts."""
    calls: list[int] = []
    real = firstsync.run

    def run(eng: Any, report: Any, progress: Any = None) -> int:
        calls.append(eng._db(records_held))
        return real(eng, report, progress)

    monkeypatch.setattr(firstsync, "run", run)
    return calls


def records_held(store: Store) -> int:
    return sum(len(rows) for kind, rows in content(store).items() if kind in ENTITY_TYPES)


def same_as_snapshot(via_checkpoint: Store, via_snapshot: Store) -> bool:
    """Equal in every table a first sync writes; the checkpoint's seen ranges also hold
    the superseded values its author applied, so they are a superset."""
    ours, theirs = content(via_checkpoint), content(via_snapshot)
    seen, snapshot_seen = ours.pop("sync_seen"), theirs.pop("sync_seen")
    assert all(snapshot_seen[d] <= seen.get(d, set()) for d in snapshot_seen)
    assert ours == theirs
    return True


def first_sync(hub_url: str, a: Store, vaults: Callable[[str], Store], name: str,
               **options: Any) -> tuple[Store, Any, list[Progress]]:
    store = join(hub_url, a, vaults, name)
    seen: list[Progress] = []
    made = engine(store, progress=seen.append)
    for key, value in options.items():
        setattr(made, key, value)
    return store, made.sync(), seen


def test_a_device_joining_from_a_checkpoint_ends_as_a_per_change_first_sync(
        hub_url, vaults, monkeypatch) -> None:
    a = team_with_history(hub_url, vaults)  # its syncs built a checkpoint
    served, _high = checkpoint.latest(engine(a))
    assert served is not None and served["pages"] > 5
    snapshot_calls = snapshot_path_used(monkeypatch)
    c, report, seen = first_sync(hub_url, a, vaults, "Checkpoint")
    assert snapshot_calls == []  # the snapshot path never ran
    s, _r, _s = first_sync(hub_url, a, vaults, "Snapshot", use_checkpoints=False)
    assert report.applied > 100 and report.refused == 0
    assert [p.phase for p in seen][-2:] == ["indexing", "done"]
    assert len([p for p in seen if p.phase == "receiving"]) == served["pages"]
    assert same_as_snapshot(c, s)
    assert c.sync_state.get("pull_after") == s.sync_state.get("pull_after")
    assert c.sync_state.get(checkpoint.REFUSED) is None
    assert c.search("Late") and c.search("Late")[0].kind == "client"
    assert check(c).matches and check(c) == check(s)
    assert not c.audit_problems()
    summaries = [e for e in c.audit.events() if "received from the team" in e.detail]
    assert len(summaries) == served["pages"] - 1 or len(summaries) == served["pages"]
    # later edits reach both the same way
    later = a.repo(Client).all()[0]
    a.repo(Client).update(replace(later, preferred_name="Later edit"))
    engine(a).sync()
    engine(c).sync()
    engine(s).sync()
    assert c.repo(Client).get(later.id).preferred_name == "Later edit"
    assert same_as_snapshot(c, s)
    assert c.sync_state.get("pull_after") == s.sync_state.get("pull_after")


def test_the_hub_holds_nothing_readable_and_no_erased_client_is_in_a_checkpoint(
        hub_url, hub_db, vaults) -> None:
    a = team_with_history(hub_url, vaults)  # its last client was erased
    erased = sorted(a.sync_state.erased_ids())
    assert len(erased) == 1
    member = team.membership(a)
    assert member is not None
    with sqlite3.connect(hub_db) as conn:
        (cid, author, epoch, upto, count, commit), = conn.execute(
            "SELECT checkpoint_id, device_id, epoch, upto, pages, commit_blob "
            "FROM checkpoints")
        pages = [bytes(r[0]) for r in conn.execute(
            "SELECT data FROM checkpoint_pages ORDER BY page_index")]
    names = [x.family_name for x in a.repo(Client).all()]
    assert names and not any(n.encode() in blob for n in names for blob in pages)
    key = member.ring.value_key(epoch)
    hashes, records, _schema = cw.open_commit(key, bytes(commit), cw.commit_aad(
        member.team_id, cid, author, epoch, upto, count), count)
    assert hashes == [cw.page_hash(p) for p in pages] and records == records_held(a)
    opened = [cw.open_page(key, blob, cw.page_aad(member.team_id, cid, author, epoch, upto,
                                                  i, count)) for i, blob in enumerate(pages)]
    text = json.dumps([p["records"] for p in opened])
    assert erased[0] not in text  # none of the erased client's records
    assert opened[-1]["erased"] == erased  # only the fact, for later changes of theirs
    with pytest.raises(cw.TamperedCheckpoint):  # bound to its place
        cw.open_page(key, pages[1], cw.page_aad(member.team_id, cid, author, epoch, upto,
                                                2, count))


def test_the_associated_data_is_as_documented() -> None:
    def s(text: str) -> bytes:
        return len(text).to_bytes(2, "big") + text.encode()

    head = b"CDCP\x01" + s("T1") + s("cp") + s("dev") + (3).to_bytes(4, "big") + (
        99).to_bytes(8, "big")
    assert cw.page_aad("T1", "cp", "dev", 3, 99, 4, 7) == head + (4).to_bytes(
        4, "big") + (7).to_bytes(4, "big")
    assert cw.commit_aad("T1", "cp", "dev", 3, 99, 7) == b"CDCC" + head[4:] + (7).to_bytes(
        4, "big")


@settings(max_examples=60, deadline=None)
@given(blob=st.binary(max_size=200), index=st.integers(0, 5))
def test_any_bytes_either_open_as_sealed_or_are_refused_plainly(blob: bytes,
                                                                 index: int) -> None:
    key = bytes(range(32))
    aad = cw.page_aad("T1", "cp", "dev", 1, 5, index, 6)
    sealed = cw.seal_page(key, cw.encode_page({"records": []}), aad)
    for candidate in (blob, sealed[:12] + blob, sealed + blob[:1] if blob else sealed[:-1]):
        with pytest.raises(cw.TamperedCheckpoint):
            cw.open_page(key, candidate, aad)
    assert cw.open_page(key, sealed, aad) == {"records": []}


def test_after_a_checkpoint_concurrent_edits_merge_and_are_logged_on_both(
        hub_url, vaults) -> None:
    a = team_with_history(hub_url, vaults)
    c, _report, _seen = first_sync(hub_url, a, vaults, "Checkpoint")
    client = next(x for x in a.repo(Client).all() if x.phone and "496" in x.phone)
    c.repo(Client).update(replace(c.repo(Client).get(client.id), phone="0113 000 0001"))
    a.repo(Client).update(replace(client, phone="0113 000 0002"))  # later: it wins
    c.repo(Client).add(replace(client, id=new_id(), given_name="Newcomer", phone=""))
    engine(a).sync()
    engine(c).sync()
    engine(a).sync()
    for store in (a, c):
        assert store.repo(Client).get(client.id).phone == "0113 000 0002"
        lost = [e for e in store.sync_state.unreviewed_conflicts() if e.entity_id == client.id]
        assert lost, store.actor
    assert a.search("Newcomer") and c.search("Newcomer")
    assert check(a).matches and check(c).matches
    assert content(a)["client"] == content(c)["client"]


def hub_sql(hub_db: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    with sqlite3.connect(hub_db) as conn:
        for sql, params in statements:
            conn.execute(sql, params)


def tamper_page(db: Path) -> None:
    hub_sql(db, ("UPDATE checkpoint_pages SET data = substr(data, 1, length(data) - 1) || "
                 "x'00' WHERE page_index = 2", ()))


def swap_pages(db: Path) -> None:
    hub_sql(db, ("UPDATE checkpoint_pages SET page_index = -1 WHERE page_index = 1", ()),
            ("UPDATE checkpoint_pages SET page_index = 1 WHERE page_index = 2", ()),
            ("UPDATE checkpoint_pages SET page_index = 2 WHERE page_index = -1", ()))


def drop_last_page(db: Path) -> None:
    hub_sql(db, ("DELETE FROM checkpoint_pages WHERE page_index = "
                 "(SELECT max(page_index) FROM checkpoint_pages)", ()),
            ("UPDATE checkpoints SET pages = pages - 1", ()))


def drop_a_page(db: Path) -> None:
    hub_sql(db, ("DELETE FROM checkpoint_pages WHERE page_index = 3", ()))


@pytest.mark.parametrize("attack", [tamper_page, swap_pages, drop_last_page, drop_a_page])
def test_a_checkpoint_altered_on_the_hub_is_refused_and_nothing_of_it_applied(
        hub_url, hub_db, vaults, monkeypatch, attack) -> None:
    a = team_with_history(hub_url, vaults)
    attack(hub_db)
    snapshot_calls = snapshot_path_used(monkeypatch)
    c, _report, _seen = first_sync(hub_url, a, vaults, "Checkpoint")
    assert snapshot_calls == [0]  # fell back, with nothing of the checkpoint applied
    assert "checkpoint" in (c.sync_state.get(checkpoint.REFUSED) or "")
    s, _r, _s = first_sync(hub_url, a, vaults, "Snapshot", use_checkpoints=False)
    assert content(c) == content(s)
    assert check(c).matches


def test_another_teams_checkpoint_is_refused(hub_url, hub_db, vaults, monkeypatch) -> None:
    a = team_with_history(hub_url, vaults)
    other = vaults("Other coach")
    team.create_team(other, hub_url)
    other.repo(Client).add(replace(a.repo(Client).all()[0], id="other-client-0001"))
    engine(other).sync()
    assert checkpoint.build(engine(other))
    ours, _theirs = (team.membership(x).team_id for x in (a, other))  # type: ignore[union-attr]
    hub_sql(hub_db, ("DELETE FROM checkpoints WHERE team_id = ?", (ours,)),
            ("DELETE FROM checkpoint_pages WHERE team_id = ?", (ours,)),
            # served as if made by a device of ours (the hub serves only those)
            ("UPDATE checkpoints SET team_id = ?, device_id = ?", (ours, a.device_id)),
            ("UPDATE checkpoint_pages SET team_id = ?", (ours,)))
    snapshot_calls = snapshot_path_used(monkeypatch)
    c, _report, _seen = first_sync(hub_url, a, vaults, "Checkpoint")
    assert snapshot_calls == [0]
    assert "does not open" in (c.sync_state.get(checkpoint.REFUSED) or "")
    assert not c.search("other-client")
    assert check(c).matches


@pytest.mark.parametrize("times", [1, 3, "last"])
def test_a_crash_while_applying_resumes_with_nothing_twice(
        hub_url, vaults, monkeypatch, times) -> None:
    a = team_with_history(hub_url, vaults)
    served, _high = checkpoint.latest(engine(a))
    assert served is not None
    count = served["pages"] if times == "last" else int(times)
    c = join(hub_url, a, vaults, "Checkpoint")
    with pytest.raises(ConnectionError):
        engine(c, crash_after("checkpoint page", count)).sync()
    assert c.sync_state.get(checkpoint.CP_NEXT) == str(count)
    assert records_held(c) > 0
    snapshot_calls = snapshot_path_used(monkeypatch)
    engine(c).sync()  # resumes at the next page (a repeated insert would fail)
    assert snapshot_calls == []
    s, _r, _s = first_sync(hub_url, a, vaults, "Snapshot", use_checkpoints=False)
    assert same_as_snapshot(c, s)
    assert c.sync_state.get(checkpoint.CP_ID) is None
    assert check(c).matches


def test_a_revoked_authors_checkpoint_is_not_served_nor_an_old_epochs(
        hub_url, hub_db, vaults, monkeypatch) -> None:
    a = team_with_history(hub_url, vaults)
    b = join(hub_url, a, vaults, "B")
    engine(b).sync()
    with sqlite3.connect(hub_db) as conn:  # what a dishonest hub might keep back
        kept = [conn.execute(f"SELECT * FROM {t}").fetchall()
                for t in ("checkpoints", "checkpoint_pages")]
    assert kept[0] and kept[0][0][2] == a.device_id
    member_b = team.membership(b)
    assert member_b is not None
    team.revoke(b, member_b, a.device_id)
    assert checkpoint.latest(engine(b))[0] is None  # deleted with the rotation
    # a dishonest hub that serves the old one anyway: sealed before the key changed
    with sqlite3.connect(hub_db) as conn:
        conn.executemany("INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kept[0])
        conn.executemany("INSERT INTO checkpoint_pages VALUES (?, ?, ?, ?)", kept[1])
        conn.execute("UPDATE devices SET revoked = 0 WHERE device_id = ?", (a.device_id,))
        conn.execute("UPDATE teams SET epoch = 1")
    served = checkpoint.latest(engine(b))[0]
    assert served is not None
    with sqlite3.connect(hub_db) as conn:
        conn.execute("UPDATE teams SET epoch = 2")
        conn.execute("UPDATE checkpoints SET epoch = 2")  # the hub lies about its epoch
    snapshot_calls = snapshot_path_used(monkeypatch)
    invitee = vaults("New")
    team.join(invitee, team.membership(b).hub_url, team.invite(team.membership(b)).code)  # type: ignore[union-attr]
    engine(invitee).sync()
    assert snapshot_calls == [0]
    assert invitee.sync_state.get(checkpoint.REFUSED)
    assert check(invitee).matches


def test_a_write_while_the_checkpoint_is_read_stops_it_until_the_next_round(
        hub_url, vaults) -> None:
    """The build reads a page per database step, so the coach's work goes on in between;
    a write in between (here after the second page) means no checkpoint this round."""
    a = team_with_history(hub_url, vaults)
    member = team.membership(a)
    assert member is not None
    steps = {"n": 0}

    def db(step: Callable[[Store], Any]) -> Any:
        steps["n"] += 1
        if steps["n"] == 3:
            a.repo(Client).add(make_client(None, given_name="Meanwhile"))
        return step(a)

    with team.client_for(member) as hub:
        meanwhile = SyncEngine(None, hub, member, db=db, device_id=a.device_id)
        assert checkpoint.build(meanwhile) is None
        assert steps["n"] == 3  # it stopped at the step that saw the write
        engine(a).sync()  # the write goes out; the next build reads a quiet vault
        assert checkpoint.build(engine(a)) is not None
