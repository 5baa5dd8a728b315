"""Sync benchmark: first sync of a new device from a team's hub, beside a raw bulk insert
of the same rows into SQLCipher, and the round trip of 100 changes, on loopback.

    python -m benchmarks.sync_bench [--scale 1.0] [--json] [--hub-process] [--first-push]

Scale 1.0 is the team caseload of ARCHITECTURE section 7 (10,000 clients, 200,000 notes,
50,000 steps). Targets (issue 11): first sync under 60 s and within 5x of the raw insert;
100 changes round trip under 1 s.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import sqlcipher3
import uvicorn

from benchmarks import first_push
from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.domain import Client
from coachdesk.hub.app import create_app
from coachdesk.hub.serve import open_store
from coachdesk.store import migrate
from coachdesk.store.keyfile import KdfParams
from coachdesk.store.paths import AppPaths
from coachdesk.store.sqlcipher import memory_security_policy
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from coachdesk.sync import checkpoint, team
from coachdesk.sync.engine import SyncEngine

PASSPHRASE = "benchmark passphrase 2026"


@contextmanager
def hub_on_loopback(db: Path) -> Iterator[str]:
    store = open_store(f"sqlite:///{db}")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(store), log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


HUB_PIDS: list[int] = []  # the hub process of `hub_process`, while it runs


@contextmanager
def hub_process(db: Path) -> Iterator[str]:
    """The hub in a process of its own (`coachdesk hub serve`), as a device meets it: the
    device's sync and the hub's work do not share one interpreter lock."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from coachdesk.hub.serve import main; "
         "sys.exit(main(sys.argv[1:]))", "serve", "--store", f"sqlite:///{db}",
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    HUB_PIDS.append(proc.pid)
    try:
        import httpx

        for _ in range(600):
            try:
                httpx.get(f"{url}/v1/health", timeout=1.0)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield url
    finally:
        HUB_PIDS.remove(proc.pid)
        proc.terminate()
        proc.wait(timeout=20)


def vault(root: Path, name: str) -> Store:
    opened, _code = Vault.create(AppPaths.under(root).vault(name), PASSPHRASE,
                                 KdfParams.fast_for_tests())
    return Store(opened, actor=name, today=lambda: date(2026, 11, 23))


def engine(store: Store) -> SyncEngine:
    member = team.membership(store)
    assert member is not None
    return SyncEngine(store, team.client_for(member, timeout=120), member)


def raw_insert(path: Path, rows: list[tuple[str, str, str]]) -> float:
    """The same records, bare: the vault's schema (every migration: the same tables,
    generated columns and indexes) and pragmas, one executemany per table, one
    transaction; no search index, no audit, no sync bookkeeping."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA cipher_memory_security = {memory_security_policy()}")
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{'01' * 32}'\"")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    for pragma in ("synchronous = FULL", "secure_delete = ON", "temp_store = MEMORY",
                   "foreign_keys = ON", "busy_timeout = 2000"):
        conn.execute(f"PRAGMA {pragma}")
    for _number, _name, sql in migrate.available():
        for statement in migrate._statements(sql):
            conn.execute(statement)
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table, entity_id, data in rows:
        by_table.setdefault(table, []).append((entity_id, data))
    start = time.perf_counter()
    conn.execute("BEGIN")
    for table, batch in by_table.items():
        conn.executemany(f"INSERT INTO {table}(id, data, hlc, clocks) VALUES (?, ?, '0', '{{}}')",
                         batch)
    conn.execute("COMMIT")
    took = time.perf_counter() - start
    conn.close()
    return took


def counting(sync: SyncEngine) -> list[int]:
    """Counts the bytes of every answer the device's hub client receives."""
    received = [0]
    http = sync.hub._http
    send = http.request

    def request(*args: Any, **kwargs: Any) -> Any:
        response = send(*args, **kwargs)
        received[0] += len(response.content)
        return response

    http.request = request  # type: ignore[method-assign]
    return received


def first_sync(work: Path, url: str, member: Any, name: str, bulk: bool,
               checkpoints: bool = False) -> tuple[float, Any, int, int]:
    """A new device joins and pulls everything; (seconds, report, progress calls, bytes
    received). `checkpoints`: from the hub's sealed checkpoint if it serves one."""
    store = vault(work, name)
    team.join(store, url, team.invite(member).code)
    calls: list[Any] = []
    sync = engine(store)
    sync.first_sync_in_bulk = bulk
    sync.use_checkpoints = checkpoints
    sync.progress = calls.append
    received = counting(sync)
    start = time.perf_counter()
    report = sync.pull()
    took = time.perf_counter() - start
    store.vault.close()
    return took, report, len(calls), received[0]


def reopen(work: Path, url: str) -> tuple[Store, Any]:
    """The first device of an earlier run in `work`, pointed at the hub's new address."""
    opened = Vault.unlock(AppPaths.under(work).vault("first"), PASSPHRASE)
    store = Store(opened, actor="first", today=lambda: date(2026, 11, 23))
    member = team.membership(store)
    assert member is not None, "no team in that folder's first vault"
    member.hub_url = url
    team.save(store, member, joining=False)
    return store, member


def run(scale: float, one_by_one: bool, separate_hub: bool = False,
        checkpoint_only: bool = False, reuse: Path | None = None) -> dict[str, Any]:
    spec = Caseload(clients=max(10, int(10_000 * scale)), notes_per_client=20,
                    steps_per_client=5, seed=7, today=date(2026, 11, 23))
    work = reuse or Path(tempfile.mkdtemp(prefix="coachdesk-sync-bench-"))
    tag = f"-{int(time.time())}" if reuse else ""  # new devices' vaults beside the old
    records = list(SyntheticCaseload(spec).everything())
    hub = hub_process if separate_hub else hub_on_loopback
    with hub(work / "hub.db") as url:
        if reuse:  # the hub and first device of an earlier run at the same scale
            first, member = reopen(work, url)
            pushed, push_s = None, float("nan")
        else:
            first = vault(work, "first")
            load(first, records, batch=5000)
            member = team.create_team(first, url)
            start = time.perf_counter()
            pushed = engine(first).push()
            push_s = time.perf_counter() - start
        first_sync_s, report, pages, snapshot_bytes = (
            (float("nan"), None, 0, 0) if checkpoint_only
            else first_sync(work, url, member, "bulk" + tag, bulk=True))
        old_s = (first_sync(work, url, member, "one by one" + tag, bulk=False)[0]
                 if one_by_one else None)
        author = engine(first)
        author.pull()  # caught up: the outbox is empty and it has pulled to the head
        start = time.perf_counter()
        made = checkpoint.build(author)
        build_s = time.perf_counter() - start
        assert made is not None
        pages_made = (checkpoint.latest(author)[0] or {}).get("pages", 0)
        cp_s, cp_report, _calls, cp_bytes = first_sync(work, url, member, "checkpoint" + tag,
                                                       bulk=True, checkpoints=True)
        assert cp_report.applied == len(records), "the checkpoint path was not taken"
        second = vault(work, "second" + tag)
        team.join(second, url, team.invite(member).code)
        engine(second).pull()
        raw_s = raw_insert(work / f"raw{tag}.db", [(r.ENTITY, r.id, json.dumps(r.to_fields()))
                                             for r in records])
        clients = [r for r in records if isinstance(r, Client)][:100]
        shift = int(time.time()) % 9000 + 100 if reuse else 0  # new values on a rerun
        for n, client in enumerate(clients):
            first.repo(Client).update(replace(client, phone=f"0113 496 {n + shift:04d}"))
        start = time.perf_counter()
        sent = engine(first).push()
        got = engine(second).pull()
        round_s = time.perf_counter() - start
        first.vault.close()
        second.vault.close()
    result = {"scale": scale, "hub": "process" if separate_hub else "in-process",
            "records": len(records), "changes": pushed,
            "work": str(work),
            "push_all_s": None if reuse else round(push_s, 2),
            "push_changes_per_s": None if reuse else round(pushed / push_s),
            "first_sync_s": round(first_sync_s, 2),
            "first_sync_applied": report.applied if report else None,
            "first_sync_progress_calls": pages,
            "raw_insert_s": round(raw_s, 2),
            "first_sync_vs_raw": round(first_sync_s / raw_s, 1),
            "first_sync_bytes": snapshot_bytes,
            "checkpoint_build_s": round(build_s, 2), "checkpoint_pages": pages_made,
            "checkpoint_first_sync_s": round(cp_s, 2),
            "checkpoint_vs_raw": round(cp_s / raw_s, 1),
            "checkpoint_bytes": cp_bytes,
            "first_sync_one_by_one_s": None if old_s is None else round(old_s, 2),
            "incremental_changes": sent, "incremental_received": got.pulled,
            "incremental_round_trip_s": round(round_s, 3)}
    if checkpoint_only:  # not measured
        result.update(first_sync_s=None, first_sync_vs_raw=None, first_sync_bytes=None)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one-by-one", action="store_true",
                        help="also time the change-by-change first sync (slow at scale)")
    parser.add_argument("--checkpoint-only", action="store_true",
                        help="skip the per-change snapshot first sync (slow at scale)")
    parser.add_argument("--reuse", type=Path, default=None, metavar="DIR",
                        help="the folder of an earlier run at the same scale (printed as "
                             "'work'): its hub and first device, no new push")
    parser.add_argument("--hub-process", action="store_true",
                        help="run the hub in its own process (as deployed) rather than on a "
                             "thread of this one")
    parser.add_argument("--first-push", action="store_true",
                        help="only the first device's push of its whole caseload to an "
                             "empty hub, beside the same bodies POSTed raw")
    args = parser.parse_args()
    if args.first_push:
        pushed = first_push.run(args.scale, hub_process if args.hub_process
                                else hub_on_loopback, vault, engine,
                                lambda: HUB_PIDS[-1] if HUB_PIDS else None)
        print(json.dumps(pushed) if args.json else "\n".join(first_push.table(pushed)))
        return
    result = run(args.scale, args.one_by_one, args.hub_process, args.checkpoint_only,
                 args.reuse)
    if args.json:
        print(json.dumps(result))
        return
    mb = 1024 * 1024
    rows = [
        ("first sync from a checkpoint", f"{result['checkpoint_first_sync_s']} s",
         f"{result['raw_insert_s']} s raw insert ({result['checkpoint_vs_raw']}x), "
         f"{result['checkpoint_bytes'] / mb:.1f} MiB", "< 60 s and <= 5x raw"),
        *([("first sync, per-change snapshot", f"{result['first_sync_s']} s",
            f"{result['raw_insert_s']} s raw insert ({result['first_sync_vs_raw']}x), "
            f"{result['first_sync_bytes'] / mb:.1f} MiB", "")]
          if result["first_sync_s"] is not None else []),
        ("build + upload the checkpoint", f"{result['checkpoint_build_s']} s",
         f"{result['checkpoint_pages']} pages (on the author's sync worker)", ""),
        *([("first sync, change by change", f"{result['first_sync_one_by_one_s']} s",
            "(the path before the bulk one)", "")] if result["first_sync_one_by_one_s"]
          else []),
        *([("push everything (first device)", f"{result['push_all_s']} s",
            f"{result['changes']:,} changes ({result['push_changes_per_s']:,}/s)", "")]
          if result["push_all_s"] is not None else []),
        ("100 changes round trip", f"{result['incremental_round_trip_s']} s",
         f"{result['incremental_received']} received", "< 1 s"),
    ]
    print(f"{result['records']:,} records (scale {result['scale']}, hub {result['hub']})")
    for what, ours, raw, target in rows:
        print(f"{what:34} {ours:>10}  {raw:52} {target}")


if __name__ == "__main__":
    main()
