"""Referrals and fit notes on a team-sized caseload, beside raw sqlcipher3 doing the same
SQL on the same vault file with the same key and pragmas.

    python benchmarks/referral_bench.py [--scale 1.0] [--repeat 20]

Scale 1.0: 10,000 clients, 3,000 fit note periods, 2,000 referrals (600 not yet seen).
Figures: the caseload list with its "Off work" column (CoachDesk's caseload_rows, against
the same five queries raw, decoding nothing); the waiting list (against its one indexed
query raw); Today's fit notes ending this week; the outcomes report for a month.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from vault_bench import PASSPHRASE, percentile, raw_connection, timed

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.domain import Client
from coachdesk.domain.enums import ReferralSource
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import FitNotePeriod, Referral, ReferralStatus
from coachdesk.services.caseload import caseload_rows
from coachdesk.services.fitnotes import fit_notes_ending
from coachdesk.services.referrals import waiting_list
from coachdesk.services.reports import outcomes_report
from coachdesk.store.keyfile import KdfParams, KeyFile
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
RAW_CASELOAD = [
    "SELECT id, given_name, family_name, preferred_name, date_of_birth, practice_id,"
    " case_status, referral_source, review_on FROM client INDEXED BY client_list",
    "SELECT client_id, count(*) FROM plan_step INDEXED BY plan_step_open_due WHERE due_on <"
    " '2026-11-23' AND deleted = 0 AND status IN ('to_do', 'doing') GROUP BY client_id",
    "SELECT client_id, min(start) FROM appointment WHERE start >= '2026-11-23T10:00:00Z'"
    " AND json_extract(data, '$.state') = 'booked' GROUP BY client_id",
    "SELECT id, name FROM practice",
    "SELECT data FROM fit_note WHERE client_id IN (SELECT DISTINCT client_id FROM fit_note"
    " INDEXED BY fit_note_ends WHERE ends_on >= '2026-11-23')",
]
RAW_WAITING = ("SELECT data FROM referral INDEXED BY referral_waiting"
               " WHERE status IN ('waiting', 'contacted') ORDER BY received_on, id")


def build(store: Store, clients: list[Client], rng: random.Random, scale: float) -> None:
    records: list[FitNotePeriod | Referral] = []
    for _n in range(int(3000 * scale)):
        c = clients[rng.randrange(len(clients))]
        start = TODAY - timedelta(days=rng.randrange(0, 300))
        records.append(FitNotePeriod(id=new_id(), client_id=c.id, starts_on=start,
                                     ends_on=start + timedelta(days=rng.randrange(7, 120))))
    for n in range(int(2000 * scale)):
        c = clients[n % len(clients)]
        waiting = n % 10 < 3
        records.append(Referral(
            id=new_id(), received_on=TODAY - timedelta(days=rng.randrange(0, 200)),
            source=ReferralSource.GP, client_id=c.id, referrer_name="Dr Bench",
            referrer_role="GP",
            status=ReferralStatus.WAITING if waiting else ReferralStatus.SEEN))
    load(store, records, batch=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    spec = Caseload(clients=int(10_000 * args.scale), notes_per_client=0, steps_per_client=2,
                    seed=16, today=TODAY)
    work = Path(tempfile.mkdtemp(prefix="coachdesk-refbench-"))
    paths = AppPaths.under(work).vault("bench")
    vault, _ = Vault.create(paths, PASSPHRASE, KdfParams.fast_for_tests())
    store = Store(vault, "Bench Coach", today=lambda: TODAY)
    load(store, SyntheticCaseload(spec).everything(), batch=5000)
    clients = store.repo(Client).all()
    build(store, clients, random.Random(16), args.scale)
    key = KeyFile.load(paths.keyfile).unwrap_with_passphrase(PASSPHRASE)
    raw = raw_connection(paths.database, key)
    n = args.repeat
    figures = [
        (f"caseload rows with weeks off ({len(clients):,} clients)",
         timed(lambda: caseload_rows(store, TODAY, NOW), n),
         timed(lambda: [raw.execute(sql).fetchall() for sql in RAW_CASELOAD], n)),
        ("  the same list without the Off work column",
         timed(lambda: store.queries.caseload(TODAY, NOW), n),
         timed(lambda: [raw.execute(sql).fetchall() for sql in RAW_CASELOAD[:4]], n)),
        (f"waiting list ({len(waiting_list(store, TODAY)):,} not seen)",
         timed(lambda: waiting_list(store, TODAY), n),
         timed(lambda: raw.execute(RAW_WAITING).fetchall(), n)),
        ("fit notes ending within 7 days (Today)",
         timed(lambda: fit_notes_ending(store, TODAY), n),
         timed(lambda: raw.execute(
             "SELECT data FROM fit_note INDEXED BY fit_note_ends WHERE ends_on BETWEEN"
             " '2026-11-23' AND '2026-11-30'").fetchall(), n)),
        ("outcomes report, one month", timed(lambda: outcomes_report(
            store, date(2026, 10, 1), date(2026, 10, 31)), max(3, n // 4)),
         timed(lambda: raw.execute("SELECT data FROM referral WHERE received_on BETWEEN"
                                   " '2026-10-01' AND '2026-10-31'").fetchall(),
               max(3, n // 4))),
    ]
    print(f"{'what':50} {'CoachDesk p50/p95 ms':>22} {'raw p50/p95 ms':>18}")
    for what, ours, base in figures:
        print(f"{what:50} {percentile(ours, 50):>10.1f}/{percentile(ours, 95):<10.1f}"
              f" {percentile(base, 50):>8.1f}/{percentile(base, 95):<8.1f}")
    raw.close()
    vault.close()


if __name__ == "__main__":
    main()
