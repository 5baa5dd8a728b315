"""Directory benchmark: import a synthetic 5,000-service ORUK feed into a real vault, then
search-as-you-type over it. Each figure sits beside a raw baseline from the same run.

    python -m benchmarks.directory_bench [--services 5000 | --scale 1.0] [--queries 400] [--json]

Targets on a practice PC: search-as-you-type p95 under 100 ms; "debt advice open now near
LS8" under 1 s; a council feed of 5,000 services imported in under a minute.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from coachdesk.directory import Directory, Filters, OrukSchema, parse_query
from coachdesk.directory.synthetic import CATEGORIES, write_feed
from coachdesk.store.keyfile import KdfParams
from coachdesk.store.paths import AppPaths
from coachdesk.store.search import match_expression
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault

MONDAY_10 = datetime(2026, 11, 23, 10, 0)
PHRASES = [
    "debt advice",
    "talking therapies",
    "carers support",
    "housing help",
    "access to work",
    "ips employment",
    "food bank",
    "benefits advice",
]


def typed_prefixes(count: int) -> list[str]:
    """What a coach's keystrokes produce: every prefix of each phrase, round and round."""
    out: list[str] = []
    while len(out) < count:
        for phrase in PHRASES:
            out += [phrase[:n] for n in range(2, len(phrase) + 1)]
    return out[:count]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]


def timed(fn: Callable[[], object]) -> float:
    return timed_both(fn)[0]


def timed_both(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process). On a shared machine the wall clock
    counts the time spent waiting for a core; the CPU time does not."""
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - started, time.process_time() - cpu


def _pages(vault: Vault) -> int:
    return int(vault.conn.execute("PRAGMA page_count").fetchone()[0])


def raw_fts_queries(vault: Vault, directory: Directory, prefixes: list[str]) -> list[float]:
    """The baseline for search-as-you-type: a bare FTS5 table of the services' text (name,
    organisation, description, categories, team notes: what the directory's own index
    holds), on the vault's connection, queried with the same prefix match, ranked, as the
    vault's own search does. (The vault's search no longer indexes services, which
    nothing searched there.) Built before the timing; dropped after."""
    conn = vault.conn
    conn.execute("CREATE VIRTUAL TABLE temp.raw_fts USING fts5(title, body, prefix = '3',"
                 " tokenize = 'unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO temp.raw_fts(title, body) VALUES (?, ?)", [
        (s.name, " ".join([s.organisation, s.description, *s.categories, s.local_notes]))
        for s in directory.services(include_inactive=True)])
    samples = []
    for q in prefixes:
        expr = match_expression(q)
        samples.append(timed(lambda expr=expr: conn.execute(
            "SELECT rowid FROM temp.raw_fts WHERE raw_fts MATCH ? ORDER BY rank LIMIT 2000",
            (expr,)).fetchall()))
    conn.execute("DROP TABLE temp.raw_fts")
    return samples


def run(services: int, queries: int) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        feed = write_feed(root / "feed.json", services)
        size_mb = feed.stat().st_size / 1e6
        schema = OrukSchema()

        # raw baselines: read and validate only; then the same rows straight into SQLCipher
        def read_and_validate() -> None:
            for record in json.loads(feed.read_text())["contents"]:
                schema.problems(record)

        rows.append(
            (f"raw: json.load + schema check ({size_mb:.1f} MB)", timed(read_and_validate), "s")
        )
        vault, _ = Vault.create(
            AppPaths.under(root).vault("Bench"), "bench passphrase 1!", KdfParams.fast_for_tests()
        )
        records = json.loads(feed.read_text())["contents"]

        def raw_insert(records: list[dict] = records) -> None:
            conn = vault.conn
            conn.execute("CREATE TABLE raw_bench (id TEXT PRIMARY KEY, data TEXT)")
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO raw_bench VALUES (?, ?)", [(r["id"], json.dumps(r)) for r in records]
            )
            conn.execute("COMMIT")

        raw_pages = _pages(vault)
        raw_s, raw_cpu = timed_both(raw_insert)
        raw_pages = _pages(vault) - raw_pages
        rows.append(("raw: SQLCipher insert of the same records", raw_s, "s"))
        del records

        store = Store(vault, actor="Bench Coach")
        directory = Directory(store, schema)
        report = None

        def do_import() -> None:
            nonlocal report
            report = directory.import_path(feed)

        import_pages = _pages(vault)
        import_s, import_cpu = timed_both(do_import)
        import_pages = _pages(vault) - import_pages
        rows.append(
            (f"import {services} services (validate, map, journal, audit)", import_s, "s")
        )
        rows.append(("import / raw insert (target <= 5x)", import_s / raw_s, "x"))
        rows.append(("CPU time: raw insert", raw_cpu, "s"))
        rows.append(("CPU time: import", import_cpu, "s"))
        rows.append(("CPU time: import / raw insert", import_cpu / raw_cpu, "x"))
        rows.append(("pages written: raw insert", raw_pages, "pages"))
        rows.append(("pages written: import", import_pages, "pages"))
        assert report is not None and report.counts()["created"] == services, report.counts()
        rows.append(
            (
                "re-import of the same feed (all unchanged)",
                timed(lambda: directory.import_path(feed)),
                "s",
            )
        )
        rows.append(("build search index (first search after import)", timed(directory.index), "s"))

        prefixes = typed_prefixes(queries)
        raw_fts = raw_fts_queries(vault, directory, prefixes)
        rows.append(("raw: FTS5 over the services' text alone, p95", p95(raw_fts) * 1000, "ms"))
        typing = [timed(lambda q=q: directory.search(Filters(text=q))) for q in prefixes]
        rows.append(("search as you type (Directory.search), p95", p95(typing) * 1000, "ms"))
        filtered = []
        for n, q in enumerate(prefixes):
            f = Filters(
                text=q,
                area=f"LS{n % 28 + 1}",
                open_at=MONDAY_10,
                category=CATEGORIES[n % len(CATEGORIES)] if n % 3 == 0 else "",
            )
            filtered.append(timed(lambda f=f: directory.search(f)))
        rows.append(("search + area + open now (+ category), p95", p95(filtered) * 1000, "ms"))
        done_when = [
            timed(lambda: directory.search(parse_query("debt advice open now near LS8", MONDAY_10)))
            for _ in range(50)
        ]
        rows.append(("'debt advice open now near LS8', p95", p95(done_when) * 1000, "ms"))
        vault.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=None)
    parser.add_argument("--scale", type=float, default=1.0, help="of 5,000 services")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object of the figures instead of the table")
    args = parser.parse_args()
    services = args.services or max(1, int(5000 * args.scale))
    rows = run(services, args.queries)
    if args.json:
        print(json.dumps({"services": services, **{name: value for name, value, _ in rows}}))
        return
    width = max(len(name) for name, _, _ in rows)
    print(f"{'measure':<{width}}  {'value':>10}")
    for name, value, unit in rows:
        print(f"{name:<{width}}  {value:>8.2f} {unit}")


if __name__ == "__main__":
    main()
