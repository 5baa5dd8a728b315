"""Issue 14: outcome counts leave out clients who withdrew consent to service evaluation or
to keeping their records (and only them); the in-app figures, the CSV, the PDF and
`coachdesk report outcomes` all say so. Counts are made independently by the test."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdf

from coachdesk import cli
from coachdesk.domain import Appointment, Client, OutcomeEvent, Practice
from coachdesk.domain.consent import ConsentScope as Scope
from coachdesk.domain.enums import AppointmentState, EmploymentSituation, OutcomeKind
from coachdesk.domain.hlc import HybridLogicalClock
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import create_profile
from coachdesk.services.consent import record_consent, withdraw_consent
from coachdesk.services.reports import outcomes_report, to_csv, to_pdf
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from tests.factories import FAST_KDF, PASSPHRASE, make_client

FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
TODAY = date(2026, 11, 23)
GAVE = TODAY - timedelta(days=40)
PROFILE = "Consent Coach"

#: each client's consent story; True where the client must still be counted
STORIES: dict[str, bool] = {
    "none recorded": True,
    "gave evaluation": True,
    "withdrew evaluation": False,
    "withdrew keeping records": False,
    "withdrew sharing with GP only": True,  # not a scope reports use
    "withdrew evaluation, then gave it again": True,
}


def _story(store: Store, client_id: str, story: str) -> None:
    if story == "none recorded":
        return
    scopes = [Scope.KEEP_RECORDS, Scope.SHARE_WITH_GP, Scope.EVALUATION]
    record_consent(store, client_id, scopes, GAVE)
    if story == "withdrew evaluation":
        withdraw_consent(store, client_id, [Scope.EVALUATION], GAVE + timedelta(days=5))
    elif story == "withdrew keeping records":
        withdraw_consent(store, client_id, [Scope.KEEP_RECORDS], GAVE + timedelta(days=5))
    elif story == "withdrew sharing with GP only":
        withdraw_consent(store, client_id, [Scope.SHARE_WITH_GP], GAVE + timedelta(days=5))
    elif story.startswith("withdrew evaluation, then"):
        withdraw_consent(store, client_id, [Scope.EVALUATION], GAVE + timedelta(days=5))
        record_consent(store, client_id, [Scope.EVALUATION], GAVE + timedelta(days=9))


def _fill(store: Store, wall: list[int]) -> tuple[Practice, dict[str, Counter[str]], int]:
    """60 clients referred in October, 10 of each story; plus two who withdrew but have
    nothing in October (not "left out" of this report). Returns the expected counts."""
    practice = Practice(id=new_id(), name="Oakwood Lane")
    store.repo(Practice).add(practice)
    expect: dict[str, Counter[str]] = {k: Counter() for k in (
        "referrals", "employment", "sessions", "outcomes")}
    stories = list(STORIES)
    situations = list(EmploymentSituation)
    kinds = [OutcomeKind.RETURNED_TO_WORK, OutcomeKind.STAYED_IN_WORK,
             OutcomeKind.TRAINING_STARTED]
    left_out = 0
    for n in (60, 61, *range(60)):  # a record's clock never goes back: August first
        in_october = n < 60
        wall[0] = int(datetime(2026, 10 if in_october else 8, 1 + n % 28, 9,
                               tzinfo=UTC).timestamp() * 1000)
        story = stories[n % len(stories)]
        situation = situations[n % len(situations)]
        client = make_client(practice.id, given_name=f"Person{n}", nhs_number="",
                             employment_situation=situation)
        store.repo(Client).add(client)
        if in_october:
            state = (AppointmentState.ATTENDED if n % 3 else AppointmentState.DID_NOT_ATTEND)
            store.repo(Appointment).add(Appointment(
                id=new_id(), client_id=client.id, practice_id=practice.id,
                start=datetime(2026, 10, 1 + n % 28, 14, tzinfo=UTC), state=state))
            kind = kinds[n % len(kinds)]
            store.repo(OutcomeEvent).add(OutcomeEvent(
                id=new_id(), client_id=client.id, occurred_on=date(2026, 10, 29), kind=kind))
            if STORIES[story]:
                expect["referrals"][client.referral_source.label] += 1
                expect["employment"][situation.label] += 1
                expect["sessions"][state.label] += 1
                expect["outcomes"][kind.label] += 1
            else:
                left_out += 1
        else:
            story = "withdrew evaluation"
        _story(store, client.id, story)
    return practice, expect, left_out


def _store(tmp_path: Path, wall: list[int]) -> Store:
    store, _ = create_profile(AppPaths.under(tmp_path), PROFILE, "Consent Coach", PASSPHRASE,
                              lambda: TODAY, FAST_KDF)
    return Store(store.vault, actor="Consent Coach", today=lambda: TODAY,
                 clock=HybridLogicalClock(wall_clock_ms=lambda: wall[0]))


def test_withdrawn_clients_are_in_no_figure_and_every_copy_says_so(tmp_path: Path) -> None:
    wall = [int(datetime(2026, 8, 1, tzinfo=UTC).timestamp() * 1000)]
    store = _store(tmp_path, wall)
    practice, expect, left_out = _fill(store, wall)
    assert left_out == 20
    report = outcomes_report(store, FIRST, LAST, [practice.id])
    for key, counts in expect.items():
        assert {label: n for label, n in report.figure(key).rows if n} == dict(counts), key
    assert report.figure("referrals").total == 40
    assert report.left_out == left_out
    counted_attended = expect["sessions"][AppointmentState.ATTENDED.label]
    assert report.seen == counted_attended
    # the CSV and the PDF say who is left out, with the number protected (20: shown as 20)
    rows = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"))))
    consent_rows = [r[0] for r in rows if r and "withdrew consent" in r[0]]
    assert consent_rows == ["Clients who withdrew consent to service evaluation or to "
                            "keeping their records are not counted in any figure. Clients "
                            "left out for that: 20."]
    text = pypdf.PdfReader(io.BytesIO(to_pdf(report, TODAY))).pages[0].extract_text()
    flat = " ".join(text.split())
    assert "withdrew consent to service evaluation or to keeping their records" in flat
    assert "left out for that: 20" in flat
    store.vault.close()

    # headless, the same figures
    out = tmp_path / "october.csv"
    import sys

    stdin = sys.stdin
    sys.stdin = io.StringIO(PASSPHRASE + "\n")
    try:
        code = cli.main(["--home", str(tmp_path), "report", "outcomes", "--profile", PROFILE,
                         "--passphrase-stdin", "--from", "01/10/2026", "--to", "31/10/2026",
                         "--csv", str(out)])
    finally:
        sys.stdin = stdin
    assert code == 0
    written = out.read_text("utf-8-sig")
    assert "left out for that: 20." in written
    # the same protected figures as the in-app report's export (only the heading differs)
    assert written.splitlines()[1:] == to_csv(report).decode("utf-8-sig").splitlines()[1:]


def test_a_few_left_out_are_not_shown_exactly(tmp_path: Path) -> None:
    """Under 10 left out: the exports suppress the number like any other small count."""
    wall = [int(datetime(2026, 10, 3, 9, tzinfo=UTC).timestamp() * 1000)]
    store = _store(tmp_path, wall)
    practice = Practice(id=new_id(), name="Elm Street")
    store.repo(Practice).add(practice)
    for n in range(14):
        client = make_client(practice.id, given_name=f"Person{n}", nhs_number="")
        store.repo(Client).add(client)
        if n < 3:
            _story(store, client.id, "withdrew evaluation")
    report = outcomes_report(store, FIRST, LAST)
    assert report.left_out == 3 and report.figure("referrals").total == 11
    assert "left out for that: [c]." in to_csv(report).decode("utf-8-sig")
    store.vault.close()
