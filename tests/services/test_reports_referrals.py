"""The outcomes report's referral figures: referrals by source and by referrer's role,
weeks from the first referral to the first attended session, and weeks off work at the
first session, each matching counts made independently; exports keep disclosure control."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pypdf

from coachdesk.domain import Appointment, Client, Practice
from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.enums import ReferralSource as Src
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import FitNotePeriod, Referral
from coachdesk.services import fitnotes, referrals
from coachdesk.services.disclosure import SUPPRESSED
from coachdesk.services.reports import outcomes_report, protected_rows, to_pdf
from coachdesk.store.store import Store
from tests.factories import make_client

FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
ROLES = ["GP", "gp", "Social prescriber", "Practice nurse", "practice  NURSE", ""]


def _band(weeks: int | None) -> str:
    if weeks is None:
        return "Not off work on a fit note"
    return ("Under 4 weeks (early)" if weeks < 4 else "4 to 12 weeks" if weeks < 13
            else "13 to 26 weeks" if weeks < 27 else "27 weeks or more")


def test_referral_figures_match_independent_counts(store: Store, practice: Practice) -> None:
    rng = random.Random(16)
    other = Practice(id=new_id(), name="Elm Street Surgery")
    store.repo(Practice).add(other)
    sources: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    waits: Counter[str] = Counter()
    fit: Counter[str] = Counter()
    for n in range(48):
        here = n % 4 != 0
        client = make_client(practice.id if here else other.id, given_name=f"Person{n}",
                             nhs_number="")
        store.repo(Client).add(client)
        received = date(2026, 9 if n % 5 == 0 else 10, 1 + n % 20)
        source = rng.choice([Src.GP, Src.SOCIAL_PRESCRIBER, Src.PRACTICE_STAFF, Src.SELF_REFERRAL])
        role = rng.choice(ROLES) if source is not Src.SELF_REFERRAL else ""
        referrals.add_referral(store, Referral(
            id=new_id(), received_on=received, source=source, client_id=client.id,
            referrer_name="" if source is Src.SELF_REFERRAL else "Dr Test", referrer_role=role))
        if n % 3 == 0:  # a second, later referral: counted as a referral, not as the date
            referrals.add_referral(store, Referral(
                id=new_id(), received_on=date(2026, 10, 25), source=Src.GP,
                client_id=client.id, referrer_name="Dr Test", referrer_role="GP"))
        seen_on = received + timedelta(days=3 + 5 * (n % 7))
        attended = n % 2 == 0
        store.repo(Appointment).add(Appointment(
            id=new_id(), client_id=client.id, practice_id=client.practice_id,
            start=datetime.combine(seen_on, datetime.min.time(), UTC) + timedelta(hours=10),
            state=AppointmentState.ATTENDED if attended else AppointmentState.BOOKED))
        off_since = None
        if n % 3 != 1:
            off_since = seen_on - timedelta(weeks=n % 30)
            fitnotes.add_fit_note(store, FitNotePeriod(
                id=new_id(), client_id=client.id, starts_on=off_since,
                ends_on=off_since + timedelta(days=400)))
        if not here:
            continue
        for day, src, rl in ([(received, source, role)]
                             + ([(date(2026, 10, 25), Src.GP, "GP")] if n % 3 == 0 else [])):
            if FIRST <= day <= LAST:
                sources[src.label] += 1
                words = " ".join(rl.split())
                label = ("GP" if words.casefold() == "gp" else
                         words[0].upper() + words[1:].lower() if words else src.label)
                roles[label] += 1
        if attended and FIRST <= received <= LAST:
            days = (seen_on - received).days
            waits["Under 1 week" if days < 7 else "1 to 2 weeks" if days < 14 else
                  "2 to 4 weeks" if days < 28 else "4 to 8 weeks"] += 1
        if attended and FIRST <= seen_on <= LAST:
            fit[_band(None if off_since is None else (seen_on - off_since).days // 7)] += 1
    report = outcomes_report(store, FIRST, LAST, [practice.id])
    for key, expect in (("referrals", sources), ("referrer_roles", roles), ("waits", waits),
                        ("fit_note_weeks", fit)):
        assert {label: n for label, n in report.figure(key).rows if n} == dict(expect), key
    assert set(roles) >= {"GP", "Practice nurse", "Self-referral"}
    assert sum(fit.values()) >= 4 and len(fit) >= 3
    # what leaves the app: 10-5 rule on the new figures too, and the PDF is still one page
    rows = [r for r in protected_rows(report)
            if r[0].startswith(("Referrals by", "Weeks off work"))]
    assert rows
    assert all(v == SUPPRESSED or (int(v) % 5 == 0 and int(v) >= 10) for _f, _c, v in rows)
    pdf = pypdf.PdfReader(io.BytesIO(to_pdf(report, date(2026, 11, 23))))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Referrals by referrer" in text and "Weeks off work" in text
