"""Outcomes report on a synthetic vault: every figure matches counts made independently
by the test from what it wrote; exports carry only protected figures."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from coachdesk.domain import Appointment, Client, DirectoryService, OutcomeEvent, Practice
from coachdesk.domain.enums import AppointmentState, EmploymentSituation, OutcomeKind
from coachdesk.domain.enums import ReferralSource as Src
from coachdesk.domain.hlc import HybridLogicalClock
from coachdesk.domain.ids import new_id
from coachdesk.services.disclosure import SUPPRESSED
from coachdesk.services.reports import outcomes_report, protected_rows, to_csv
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
START = datetime(2026, 8, 15, 12, tzinfo=UTC)  # the practices and services were set up


def _vault(tmp_path: Path, wall: list[int]) -> Store:
    vault, _ = Vault.create(AppPaths.under(tmp_path).vault("Report"), PASSPHRASE, FAST_KDF)
    return Store(vault, actor="Report Coach", today=lambda: date(2026, 11, 23),
                 clock=HybridLogicalClock(wall_clock_ms=lambda: wall[0]))


def test_figures_match_independent_counts(tmp_path: Path) -> None:
    rng = random.Random(14)
    wall = [int(START.timestamp() * 1000)]
    store = _vault(tmp_path, wall)
    oak, elm = (Practice(id=new_id(), name=n) for n in ("Oakwood Lane", "Elm Street"))
    for p in (oak, elm):
        store.repo(Practice).add(p)
    debt = DirectoryService(id=new_id(), name="Debt advice", categories=["money"])
    mind = DirectoryService(id=new_id(), name="Talking therapies", categories=["mental health"])
    for svc in (debt, mind):
        store.repo(DirectoryService).add(svc)
    expect: dict[str, Counter[str]] = {k: Counter() for k in (
        "referrals", "employment", "sessions", "outcomes", "signposting")}
    seen, in_work = set(), set()
    waits: Counter[str] = Counter()
    def referred(n: int) -> datetime:  # every fourth client was referred in September
        return datetime(2026, 10 if n % 4 else 9, 1 + n % 28, 11, tzinfo=UTC)

    for n in sorted(range(60), key=referred):  # a record's clock never goes back
        in_period = n % 4 != 0
        day = referred(n)
        wall[0] = int(day.timestamp() * 1000)
        practice = oak if n % 3 else elm
        source, situation = rng.choice(list(Src)), rng.choice(list(EmploymentSituation))
        client = make_client(practice.id, given_name=f"Person{n}", nhs_number="",
                             referral_source=source, employment_situation=situation)
        store.repo(Client).add(client)
        state = rng.choice(list(AppointmentState))
        start = datetime(2026, 10, 1 + (n * 7) % 31, 9, tzinfo=UTC)
        store.repo(Appointment).add(Appointment(
            id=new_id(), client_id=client.id, practice_id=practice.id, start=start,
            state=state))
        kind = rng.choice(list(OutcomeKind))
        store.repo(OutcomeEvent).add(OutcomeEvent(
            id=new_id(), client_id=client.id, occurred_on=date(2026, 10, 20), kind=kind))
        service = debt if n % 2 else mind

        from coachdesk.domain import Signposting

        store.repo(Signposting).add(Signposting(
            id=new_id(), client_id=client.id, service_id=service.id,
            service_name=service.name, made_on=date(2026, 10, 2)))
        if practice is not oak:
            continue
        if in_period:
            expect["referrals"][source.label] += 1
            expect["employment"][situation.label] += 1
        expect["sessions"][state.label] += 1
        expect["outcomes"][kind.label] += 1
        expect["signposting"][service.categories[0].capitalize()] += 1
        if state is AppointmentState.ATTENDED:
            if in_period:
                days = max((start.date() - day.date()).days, 0)
                band = ("Under 1 week" if days < 7 else "1 to 2 weeks" if days < 14 else
                        "2 to 4 weeks" if days < 28 else "4 to 8 weeks")
                waits[band] += 1
            seen.add(client.id)
            if kind in (OutcomeKind.RETURNED_TO_WORK, OutcomeKind.STAYED_IN_WORK):
                in_work.add(client.id)
    report = outcomes_report(store, FIRST, LAST, [oak.id])
    for key, counts in expect.items():
        got = {label: n for label, n in report.figure(key).rows if n}
        assert got == dict(counts), key
    assert sum(waits.values()) > 3
    assert {b: n for b, n in report.figure("waits").rows if n} == dict(waits)
    assert report.seen == len(seen) and report.in_work == len(in_work)
    assert report.practices == ["Oakwood Lane"]
    everyone = outcomes_report(store, FIRST, LAST)
    assert everyone.figure("outcomes").total == 60
    assert everyone.figure("referrals").total == 45
    # exports: every count shown is a multiple of 5 and at least 10; nothing exact leaks
    rows = protected_rows(report)
    for _fig, _cat, value in rows:
        assert value == SUPPRESSED or value.endswith("%") or (
            int(value) % 5 == 0 and int(value) >= 10)
    table = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"))))
    assert table[1] == ["Figure", "Category", "Count"]
    assert "ONS 10-5 rule" in table[-1][0]
