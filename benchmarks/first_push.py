"""The first device's push of its whole caseload to an empty team's hub, beside a raw
baseline: the same bodies POSTed to a second, empty hub with none of the device's work.

    python -m benchmarks.sync_bench --first-push [--scale 0.1] [--hub-process] [--json]

The baseline seals and encodes each batch untimed (the same batches the device makes,
`BatchSealer`, `json.dumps`), then times only its POST: the hub's parse, checks, per-op
hashes and SQLite insert, and the HTTP between. CoachDesk's figure is the device's
`SyncEngine.push()` from the first outbox read to the last acknowledgement recorded.
CPU seconds are printed for this process and, with `--hub-process`, for the hub's.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.hub.http import hash_token
from coachdesk.hub.serve import open_store
from coachdesk.hub.storage import NewDevice
from coachdesk.store.store import Store
from coachdesk.sync import push, team
from coachdesk.sync.engine import SyncEngine
from coachdesk.sync.sealer import BatchSealer

HubFactory = Callable[[Path], AbstractContextManager[str]]
TOKEN = "first-push-baseline-token"


def cpu_of(pid: int | None) -> float:
    """CPU seconds (user + system) of process `pid` so far; this process's if None."""
    if pid is None:
        return time.process_time()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _bodies(store: Store, member: Any, steps: SyncEngine) -> Iterator[bytes]:
    """The device's batches, sealed and encoded as its push sends them."""
    sealer = BatchSealer(member.ring, store.device_id)
    after = 0
    while True:
        changes, last = store.journal.pending_after(after, push.PUSH_ROWS)
        if last is None:
            return
        for batch in steps._batches(changes):
            yield json.dumps({"changes": sealer.seal_json(batch)}).encode()
        after = last


def raw_push(work: Path, hub: HubFactory, store: Store, member: Any,
             steps: SyncEngine, hub_pid: Callable[[], int | None]) -> dict[str, float]:
    """POST the device's sealed batches to an empty hub; only the POSTs are timed."""
    db = work / "raw-hub.db"
    hub_store = open_store(f"sqlite:///{db}")
    hub_store.create_team(member.team_id, NewDevice(store.device_id, "A" * 43, "B" * 43,
                                                     hash_token(TOKEN)), None, "2026-12-01")
    hub_store.close()
    took = 0.0
    with hub(db) as url, httpx.Client(base_url=url, timeout=300) as http:
        pid = hub_pid()
        hub_cpu = cpu_of(pid) if pid else 0.0
        own_cpu = 0.0
        for body in _bodies(store, member, steps):
            cpu, start = time.process_time(), time.perf_counter()
            answer = http.post(f"/v1/teams/{member.team_id}/changes", content=body,
                               headers={"Authorization": f"Bearer {TOKEN}",
                                        "Content-Type": "application/json"})
            took += time.perf_counter() - start
            own_cpu += time.process_time() - cpu
            assert answer.status_code == 200, answer.text
        hub_cpu = cpu_of(pid) - hub_cpu if pid else float("nan")
    return {"raw_push_s": round(took, 2), "raw_client_cpu_s": round(own_cpu, 2),
            "raw_hub_cpu_s": round(hub_cpu, 2)}


def run(scale: float, hub: HubFactory, vault: Callable[[Path, str], Store],
        engine: Callable[[Store], SyncEngine],
        hub_pid: Callable[[], int | None] = lambda: None) -> dict[str, Any]:
    spec = Caseload(clients=max(10, int(10_000 * scale)), notes_per_client=20,
                    steps_per_client=5, seed=7, today=date(2026, 11, 23))
    work = Path(tempfile.mkdtemp(prefix="coachdesk-first-push-"))
    records = list(SyntheticCaseload(spec).everything())
    with hub(work / "hub.db") as url:
        first = vault(work, "first")
        load(first, records, batch=5000)
        member = team.create_team(first, url)
        sync = engine(first)
        changes = first.journal.pending_count()
        raw = raw_push(work, hub, first, member, sync, hub_pid)
        pid = hub_pid()
        hub_cpu = cpu_of(pid) if pid else 0.0
        cpu, start = time.process_time(), time.perf_counter()
        pushed = sync.push()
        took = time.perf_counter() - start
        own_cpu = time.process_time() - cpu
        hub_cpu = cpu_of(pid) - hub_cpu if pid else float("nan")
        left = first.journal.pending_count()
        first.vault.close()
    assert pushed == changes and left == 0, (pushed, changes, left)
    return {"scale": scale, "records": len(records), "changes": changes,
            "first_push_s": round(took, 2), "first_push_changes_per_s": round(changes / took),
            "device_cpu_s": round(own_cpu, 2), "hub_cpu_s": round(hub_cpu, 2), **raw,
            "first_push_vs_raw": round(took / raw["raw_push_s"], 2),
            "load_average": round(os.getloadavg()[0], 1), "work": str(work)}


def table(result: dict[str, Any]) -> list[str]:
    return [f"{result['records']:,} records, {result['changes']:,} changes "
            f"(scale {result['scale']}, load average {result['load_average']})",
            f"{'first push (device)':34} {result['first_push_s']:>8} s  "
            f"{result['first_push_changes_per_s']:,}/s; CPU device {result['device_cpu_s']} s,"
            f" hub {result['hub_cpu_s']} s",
            f"{'raw: same bodies POSTed':34} {result['raw_push_s']:>8} s  "
            f"CPU client {result['raw_client_cpu_s']} s, hub {result['raw_hub_cpu_s']} s "
            f"({result['first_push_vs_raw']}x)"]
