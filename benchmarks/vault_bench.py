"""Vault benchmark: CoachDesk's vault beside raw sqlcipher3 doing the same SQL.

    python benchmarks/vault_bench.py [--scale 1.0] [--seed 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlcipher3
from argon2.low_level import Type, hash_secret_raw

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.services.caseload import caseload_rows
from coachdesk.services.notes import write_note
from coachdesk.store import migrate
from coachdesk.store.caseload_queries import SAFEGUARDING_NOTES
from coachdesk.store.keyfile import KdfParams, KeyFile
from coachdesk.store.paths import AppPaths
from coachdesk.store.search import TEXT_MIN_CHARS, TEXT_RANK_WINDOW, match_expression
from coachdesk.store.sqlcipher import memory_security_policy
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault

PASSPHRASE = "benchmark passphrase 2026"
ROWS: list[tuple[str, str, str, str]] = []
FIGURES: dict[str, float] = {}


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(what: str, ours: str, raw: str, target: str) -> None:
    ROWS.append((what, ours, raw, target))


def raw_connection(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA cipher_memory_security = {memory_security_policy()}")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object of figures and ratios instead of the table")
    args = parser.parse_args()
    n_clients = int(10_000 * args.scale)
    spec = Caseload(clients=n_clients, notes_per_client=20, steps_per_client=5,
                    seed=args.seed, today=date(2026, 11, 23))
    work = Path(tempfile.mkdtemp(prefix="coachdesk-bench-"))
    paths = AppPaths.under(work).vault("bench")
    kdf = KdfParams()
    try:
        # --- create ------------------------------------------------------------------
        start = time.perf_counter()
        vault, _ = Vault.create(paths, PASSPHRASE, kdf)
        create_ms = (time.perf_counter() - start) * 1000
        raw_db = work / "raw.db"
        start = time.perf_counter()
        raw = raw_connection(raw_db, b"\x01" * 32)
        for _number, _name, sql in migrate.available():  # the vault's own schema, empty
            for statement in migrate._statements(sql):
                raw.execute(statement)
        raw.close()
        row("create vault (incl. Argon2id)", f"{create_ms:.0f} ms",
            f"{(time.perf_counter() - start) * 1000:.0f} ms", "")

        # --- load ----------------------------------------------------------------------
        store = Store(vault, "Bench Coach", today=lambda: spec.today)
        records = list(SyntheticCaseload(spec).everything())
        start = time.perf_counter()
        count = load(store, records, batch=5000)
        load_s = time.perf_counter() - start
        # the same rows, each into its table, in the same batches: JSON made and inserted
        raw = raw_connection(raw_db, b"\x01" * 32)
        start = time.perf_counter()
        for first in range(0, len(records), 5000):
            by_table: dict[str, list[tuple[str, str]]] = {}
            for r in records[first:first + 5000]:
                by_table.setdefault(r.ENTITY, []).append((r.id, json.dumps(r.to_fields())))
            raw.execute("BEGIN IMMEDIATE")
            for table, rows_ in by_table.items():
                raw.executemany(f"INSERT INTO {table}(id, data, hlc) VALUES (?, ?, '0')", rows_)
            raw.execute("COMMIT")
        raw_s = time.perf_counter() - start
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        # the earlier baseline, for comparison with older runs: notes only, one batch
        notes_db = work / "raw-notes.db"
        raw = raw_connection(notes_db, b"\x01" * 32)
        for statement in migrate._statements(migrate.available()[0][2]):
            raw.execute(statement)
        start = time.perf_counter()
        raw.execute("BEGIN")
        raw.executemany(
            "INSERT INTO case_note(id, data, hlc) VALUES (?, ?, '0')",
            [(r.id, json.dumps(r.to_fields())) for r in records if r.ENTITY == "case_note"],
        )
        raw.execute("COMMIT")
        notes_rate = sum(1 for r in records if r.ENTITY == "case_note") / (
            time.perf_counter() - start)
        raw.close()
        ours_rate, raw_rate = count / load_s, len(records) / raw_s
        FIGURES.update(load_rec_s=ours_rate, raw_insert_rows_s=raw_rate,
                       load_ratio=raw_rate / ours_rate, raw_notes_only_rows_s=notes_rate)
        row(f"load {count:,} records (journal+audit+FTS)", f"{ours_rate:,.0f} rec/s",
            f"{raw_rate:,.0f} rows/s (bare insert)",
            f"<= 4x raw -> {raw_rate / ours_rate:.1f}x")
        row("  (earlier baseline: notes only into case_note)", "",
            f"{notes_rate:,.0f} rows/s", f"{notes_rate / ours_rate:.1f}x")
        vault.close()
        raw_size_mb = raw_db.stat().st_size / 1e6
        del records

        # --- unlock --------------------------------------------------------------------
        keyfile = KeyFile.load(paths.keyfile)
        kdf_ms = timed(lambda: hash_secret_raw(
            PASSPHRASE.encode(), keyfile.passphrase_salt, time_cost=kdf.time_cost,
            memory_cost=kdf.memory_kib, parallelism=kdf.parallelism, hash_len=32,
            type=Type.ID), 3)
        size_loaded_mb = paths.database.stat().st_size / 1e6
        FIGURES.update(vault_mb=size_loaded_mb, raw_mb=raw_size_mb,
                       size_ratio=size_loaded_mb / raw_size_mb)
        row("vault on disk after load", f"{size_loaded_mb:.0f} MB",
            f"{raw_size_mb:.0f} MB (same rows, raw)",
            f"<= 2x raw -> {size_loaded_mb / raw_size_mb:.2f}x")
        unlock_ms = timed(lambda: Vault.unlock(paths, PASSPHRASE).close(), 3)
        key = keyfile.unwrap_with_passphrase(PASSPHRASE)
        FIGURES.update(unlock_ms=statistics.median(unlock_ms), kdf_ms=statistics.median(kdf_ms))
        row("unlock (KDF + integrity checks + open)", f"{statistics.median(unlock_ms):.0f} ms",
            f"{statistics.median(kdf_ms):.0f} ms (Argon2id alone)",
            f"<= KDF + 200 ms -> {statistics.median(unlock_ms) - statistics.median(kdf_ms):.0f}"
            " ms over")

        vault = Vault.unlock(paths, PASSPHRASE)
        pending = vault.integrity_pending
        check_ms = timed(vault.check_integrity, 1)[0]
        raw_check = raw_connection(paths.database, key)
        raw_ms = timed(lambda: raw_check.execute("PRAGMA cipher_integrity_check").fetchall(), 1)
        raw_check.close()
        row("full integrity check" + (" (after unlock, off the UI thread)" if pending else ""),
            f"{check_ms:.0f} ms", f"{raw_ms[0]:.0f} ms (cipher_integrity_check only)", "")
        store = Store(vault, "Bench Coach", today=lambda: spec.today)
        client_ids = [r[0] for r in vault.conn.execute("SELECT id FROM client LIMIT 200")]
        rng = random.Random(args.seed)

        # --- caseload list -------------------------------------------------------------
        now = datetime(2026, 11, 23, 12, tzinfo=UTC)
        list_ms = timed(lambda: caseload_rows(store, spec.today, now), 5)
        raw = raw_connection(paths.database, key)
        raw_list = timed(lambda: raw.execute(
            "SELECT id, given_name, family_name, date_of_birth, practice_id, case_status"
            " FROM client").fetchall(), 5)
        row(f"caseload list ({n_clients:,} rows) median", f"{statistics.median(list_ms):.1f} ms",
            f"{statistics.median(raw_list):.1f} ms", "< 150 ms")
        # its safeguarding flags: the partial index beside the same SQL reading every note
        flags = timed(lambda: raw.execute(SAFEGUARDING_NOTES).fetchall(), 5)
        scan = timed(lambda: raw.execute(SAFEGUARDING_NOTES.replace(
            "INDEXED BY case_note_safeguarding", "NOT INDEXED")).fetchall(), 5)
        row("  of which safeguarding flags median", f"{statistics.median(flags):.1f} ms",
            f"{statistics.median(scan):.1f} ms (every note read)", "")

        # --- search --------------------------------------------------------------------
        words = ["p", "pa", "pat", "pate", "Patel", "w", "wo", "wor", "work", "arrears",
                 "s", "si", "sio", "siob", "Siobhán", "debt", "d", "de", "deb", "anxiety"]
        ours_s: list[float] = []
        raw_s_: list[float] = []
        for _ in range(10):
            for w in words:
                ours_s += timed(lambda w=w: store.search(w, limit=50), 1)
                expr = match_expression(w)
                long_enough = len(w) >= TEXT_MIN_CHARS
                tables = ["search_names"] + (["search_text"] if long_enough else [])

                def raw_search(e: str | None = expr, tables: list[str] = tables) -> None:
                    for t in tables:  # the same ranking SQL, without details or snippets
                        window = (f" ORDER BY rowid DESC LIMIT {TEXT_RANK_WINDOW}"
                                  if t == "search_text" else "")
                        raw.execute(f"SELECT id FROM (SELECT rowid AS id, rank AS r FROM {t}"
                                    f" WHERE {t} MATCH ?{window}) ORDER BY r LIMIT 50",
                                    (e,)).fetchall()
                raw_s_ += timed(raw_search, 1)
        p95o, p95r = percentile(ours_s, 95), percentile(raw_s_, 95)
        FIGURES.update(search_p95_ms=p95o, raw_search_p95_ms=p95r, search_ratio=p95o / p95r)
        row("search-as-you-type p50", f"{percentile(ours_s, 50):.1f} ms",
            f"{percentile(raw_s_, 50):.1f} ms", "")
        row("search-as-you-type p95", f"{p95o:.1f} ms", f"{p95r:.1f} ms",
            f"< 30 ms, <= 2x raw -> {p95o / p95r:.1f}x")

        # --- save a note ---------------------------------------------------------------
        body = "Talked through the phased return plan; client will call the GP on Monday."
        save_ms = timed(lambda: write_note(store, rng.choice(client_ids), body), 200)
        raw_save: list[float] = []
        for n in range(200):
            def raw_write(n: int = n) -> None:
                raw.execute("BEGIN IMMEDIATE")
                raw.execute("INSERT INTO case_note(id, data, hlc) VALUES (?, ?, '0')",
                            (f"raw-{n}", '{"body": "' + body + '"}'))
                raw.execute("COMMIT")
            raw_save += timed(raw_write, 1)
        FIGURES.update(save_note_p95_ms=percentile(save_ms, 95),
                       raw_save_p95_ms=percentile(raw_save, 95))
        row("save a note p50", f"{percentile(save_ms, 50):.1f} ms",
            f"{percentile(raw_save, 50):.1f} ms", "")
        row("save a note p95", f"{percentile(save_ms, 95):.1f} ms",
            f"{percentile(raw_save, 95):.1f} ms", "< 15 ms")
        raw.close()
        vault.close()
        size_mb = paths.database.stat().st_size / 1e6
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        row("vault file size / peak RSS", f"{size_mb:.0f} MB", f"{rss_mb:.0f} MB peak RSS", "")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps({"scale": args.scale, "clients": n_clients, **FIGURES}))
        return

    width = [max(len(r[i]) for r in [*ROWS, ("what", "CoachDesk", "raw sqlcipher3", "target")])
             for i in range(4)]
    header = ("what", "CoachDesk", "raw sqlcipher3", "target")
    print(f"\nVault benchmark: {n_clients:,} clients, {n_clients * 20:,} notes, "
          f"{n_clients * 5:,} plan steps\n")
    for r in [header, tuple("-" * w for w in width), *ROWS]:
        print("  ".join(c.ljust(w) for c, w in zip(r, width, strict=True)))


if __name__ == "__main__":
    main()
