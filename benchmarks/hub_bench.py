"""Hub load run: 50 simulated devices pushing and pulling at once, on loopback only.

Each backend gets real `coachdesk hub serve` processes (PostgreSQL: a throwaway cluster,
several stateless hubs on one database; SQLite: one hub on one file). Devices in teams of
five push pre-sealed batches of 500 changes and pull their team's changes, for a bounded
time. Two loads: an offered rate (default 11,000 ops/s in total, each device on its own
timer) and saturation (every device pushes again as soon as it is answered). Every op is
counted: at the end each team is read back and every acknowledged op id must be stored
exactly once, with server sequences 1..N and no gap.

    .venv/bin/python benchmarks/hub_bench.py               # both backends, ~2.5 minutes
    .venv/bin/python benchmarks/hub_bench.py --scale 0.2   # a quick look
    .venv/bin/python benchmarks/hub_bench.py --json --backends postgres

Targets (issue 10): at least 10,000 ops/s ingested in batches of 500 on PostgreSQL, and
p95 push latency under 250 ms at 50 devices. A benchmark prints numbers; it never fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coachdesk.domain.ids import new_id  # noqa: E402
from coachdesk.sync.hubclient import HubClient  # noqa: E402
from tests.hub.helpers import Device  # noqa: E402
from tests.hub.pgcluster import TempCluster, find_bindir  # noqa: E402

TEAM_SIZE = 5


@dataclass
class Sim:
    """One simulated device: its team, token, ready-made batch bodies and its tallies."""

    team: str
    token: str
    bodies: list[tuple[bytes, list[str]]]
    acked: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    spans: list[tuple[float, float]] = field(default_factory=list)
    pulled: int = 0
    pull_latencies: list[float] = field(default_factory=list)
    cursor: int = 0
    errors: int = 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_hubs(store_url: str, count: int) -> tuple[list[subprocess.Popen[bytes]], list[str]]:
    procs, urls = [], []
    for _ in range(count):
        port = _free_port()
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "coachdesk", "hub", "serve", "--store", store_url,
             "--port", str(port), "--rate", "1000"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(ROOT)}))
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        deadline = time.monotonic() + 30
        while True:
            try:
                with HubClient(url, timeout=2) as client:
                    client.health()
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError("a hub did not start") from None
                time.sleep(0.1)
    return procs, urls


def stop_hubs(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def make_devices(url: str, devices: int, batches: int, batch: int) -> list[Sim]:
    """Teams of five; each device gets `batches` sealed batches ready to send."""
    sims: list[Sim] = []
    made: list[Device] = []
    founder: Device | None = None
    for index in range(devices):
        if index % TEAM_SIZE == 0:
            founder = device = Device.founder(url)
        else:
            assert founder is not None
            device = founder.invite()
        records = [new_id() for _ in range(200)]
        bodies = []
        for _ in range(batches):
            sealed = [device.change("client", random.choice(records), "phone", new_id())
                      if i % 2 else device.change("case_note", new_id(), "body", "synthetic")
                      for i in range(batch)]
            body = json.dumps({"changes": [c.to_json() for c in sealed]}).encode()
            bodies.append((body, [c.op_id for c in sealed]))
        assert device.client.token is not None
        sims.append(Sim(device.team, device.client.token, bodies))
        made.append(device)
    for device in made:
        device.client.close()
    return sims


async def push_loop(sim: Sim, http: httpx.AsyncClient, urls: list[str], interval: float,
                    stop_at: float) -> None:
    await asyncio.sleep(random.uniform(0, interval or 0.05))
    for body, _op_ids in sim.bodies:
        if time.monotonic() >= stop_at:
            return
        began = time.monotonic()
        try:
            answer = await http.post(f"{random.choice(urls)}/v1/teams/{sim.team}/changes",
                                     content=body, headers={
                                         "Authorization": f"Bearer {sim.token}",
                                         "Content-Type": "application/json"})
        except httpx.HTTPError:
            sim.errors += 1
            continue
        sim.latencies.append(time.monotonic() - began)
        sim.spans.append((began, time.monotonic()))
        if answer.status_code == 200:
            results = answer.json()["results"]
            sim.acked.extend(r["op_id"] for r in results if not r["duplicate"])
        else:
            sim.errors += 1
        if interval:
            await asyncio.sleep(max(0.0, began + interval - time.monotonic()))


async def pull_loop(sim: Sim, http: httpx.AsyncClient, urls: list[str], every: float,
                    stop_at: float) -> None:
    await asyncio.sleep(random.uniform(0, every))
    while time.monotonic() < stop_at:
        began = time.monotonic()
        try:
            answer = await http.get(f"{random.choice(urls)}/v1/teams/{sim.team}/changes",
                                    params={"after": sim.cursor, "limit": 500},
                                    headers={"Authorization": f"Bearer {sim.token}"})
            page = answer.json()
            sim.pulled += len(page["changes"])
            sim.cursor = page["next_after"]
            sim.pull_latencies.append(time.monotonic() - began)
        except (httpx.HTTPError, KeyError, ValueError):
            sim.errors += 1
        await asyncio.sleep(every)


def verify(url: str, sims: list[Sim]) -> tuple[int, int, int, bool]:
    """(stored, lost, duplicated, sequences contiguous) over every team."""
    stored = lost = duplicated = 0
    contiguous = True
    teams: dict[str, list[Sim]] = {}
    for sim in sims:
        teams.setdefault(sim.team, []).append(sim)
    for team, members in teams.items():
        with HubClient(url, members[0].token, timeout=120) as client:
            rows = list(client.pull_all(team, limit=1000))
        ops = [change.op_id for _seq, change in rows]
        acked = {op for sim in members for op in sim.acked}
        stored += len(ops)
        duplicated += len(ops) - len(set(ops))
        lost += len(acked - set(ops))
        contiguous &= [seq for seq, _c in rows] == list(range(1, len(rows) + 1))
    return stored, lost, duplicated, contiguous


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def drive(sims: list[Sim], urls: list[str], seconds: float, interval: float,
                pull_every: float) -> float:
    limits = httpx.Limits(max_connections=len(sims) * 2, max_keepalive_connections=len(sims) * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        began = time.monotonic()
        stop_at = began + seconds
        tasks = [push_loop(s, http, urls, interval, stop_at) for s in sims]
        tasks += [pull_loop(s, http, urls, pull_every, stop_at) for s in sims]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 120)
        return time.monotonic() - began


def run_one(backend: str, mode: str, args: argparse.Namespace, url_of_store: str,
            hubs: int) -> dict[str, Any]:
    seconds = max(2.0, args.seconds * args.scale)
    interval = 0.0 if mode == "saturate" else args.devices * args.batch / args.rate
    # Saturation sizes each device's supply for at most --max-rate ops/s in total.
    top = args.rate if interval else args.max_rate
    batches = int(seconds * top / (args.devices * args.batch)) + 2
    procs, urls = start_hubs(url_of_store, hubs)
    try:
        sims = make_devices(urls[0], args.devices, batches, args.batch)
        elapsed = asyncio.run(drive(sims, urls, seconds, interval, args.pull_every))
        stored, lost, duplicated, contiguous = verify(urls[0], sims)
    finally:
        stop_hubs(procs)
    acked = sum(len(s.acked) for s in sims)
    spans = [span for s in sims for span in s.spans]
    window = (max(e for _b, e in spans) - min(b for b, _e in spans)) if spans else elapsed
    latencies = [x for s in sims for x in s.latencies]
    pulls = [x for s in sims for x in s.pull_latencies]
    return {
        "backend": backend, "mode": mode, "hubs": hubs, "devices": args.devices,
        "batch": args.batch, "seconds": round(window, 1), "acked_ops": acked,
        "push_ops_per_s": round(acked / window), "push_p50_ms": round(_pct(latencies, .5), 1),
        "push_p95_ms": round(_pct(latencies, .95), 1), "push_max_ms": round(
            _pct(latencies, 1.0), 1),
        "pulled_ops_per_s": round(sum(s.pulled for s in sims) / window),
        "pull_p95_ms": round(_pct(pulls, .95), 1), "stored": stored, "lost": lost,
        "duplicated": duplicated, "sequences_contiguous": contiguous,
        "errors": sum(s.errors for s in sims),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--modes", default="offered,saturate")
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rate", type=float, default=11_000, help="offered ops/s in total")
    parser.add_argument("--max-rate", type=float, default=25_000,
                        help="saturation: ops made ready per second of run (the most it can show)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--pull-every", type=float, default=2.0)
    parser.add_argument("--pg-hubs", type=int, default=2)
    parser.add_argument("--scale", type=float, default=1.0, help="scale the run time")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    for backend in args.backends.split(","):
        for mode in args.modes.split(","):
            work = Path(tempfile.mkdtemp(prefix="hub-bench-"))
            cluster = None
            try:
                if backend == "postgres":
                    bindir = find_bindir()
                    if bindir is None:
                        print("PostgreSQL is not installed: skipping it", file=sys.stderr)
                        break
                    cluster = TempCluster(bindir, fsync=True)
                    url, hubs = cluster.new_database(), args.pg_hubs
                else:
                    url, hubs = f"sqlite:///{work / 'hub.db'}", 1
                results.append(run_one(backend, mode, args, url, hubs))
            finally:
                if cluster is not None:
                    cluster.stop()
                shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    columns = ["backend", "mode", "hubs", "devices", "batch", "seconds", "acked_ops",
               "push_ops_per_s", "push_p50_ms", "push_p95_ms", "push_max_ms",
               "pulled_ops_per_s", "pull_p95_ms", "lost", "duplicated",
               "sequences_contiguous", "errors"]
    print(" | ".join(columns))
    for row in results:
        print(" | ".join(str(row[c]) for c in columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
