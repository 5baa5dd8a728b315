"""The outcomes report for a period and practice(s): each figure as a table of counts,
exact for the in-app view, and protected (services/disclosure.py) for CSV and PDF.

Clients who withdrew consent to service evaluation or to keeping their records are left
out of every figure (services/consent.py `withdrawn_from`), and every copy says so."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import (
    AppointmentState,
    AuditAction,
    EmploymentSituation,
    OutcomeKind,
    ReferralSource,
)
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.referrals import EARLY_WEEKS, off_work
from coachdesk.domain.timefmt import from_iso, uk_date_long, uk_day_start, uk_local
from coachdesk.services.consent import withdrawn_from
from coachdesk.services.disclosure import RULE, SUPPRESSED, protect_share, protect_table
from coachdesk.store.atomic import atomic_write
from coachdesk.store.report_queries import ClientFacts
from coachdesk.store.store import Store

IN_WORK = {OutcomeKind.RETURNED_TO_WORK.value, OutcomeKind.STAYED_IN_WORK.value}
#: a client who withdrew consent to either is in none of the figures
REPORT_SCOPES = (ConsentScope.EVALUATION, ConsentScope.KEEP_RECORDS)
CONSENT_RULE = ("Clients who withdrew consent to service evaluation or to keeping their "
                "records are not counted in any figure.")
WAIT_BANDS = (("Under 1 week", 0, 7), ("1 to 2 weeks", 7, 14), ("2 to 4 weeks", 14, 28),
              ("4 to 8 weeks", 28, 56), ("8 weeks or more", 56, 10**6))
FIT_NOTE_BANDS = (("Not off work on a fit note", -1, -1),
                  (f"Under {EARLY_WEEKS} weeks (early)", 0, EARLY_WEEKS),
                  (f"{EARLY_WEEKS} to 12 weeks", EARLY_WEEKS, 13), ("13 to 26 weeks", 13, 27),
                  ("27 weeks or more", 27, 10**6))


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    title: str
    rows: list[tuple[str, int]]  # category, exact count

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


@dataclass(frozen=True, slots=True)
class OutcomesReport:
    first: date
    last: date
    practices: list[str]  # names; empty means every practice
    figures: list[Figure]
    seen: int  # clients with an attended session in the period
    in_work: int  # of them, how many returned to or stayed in work in the period
    left_out: int = 0  # clients who would be in a figure but withdrew consent (REPORT_SCOPES)

    @property
    def period(self) -> str:
        return f"{uk_date_long(self.first)} to {uk_date_long(self.last)}"

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _day_of_hlc(hlc: str) -> date:
    moment = datetime.fromtimestamp(Timestamp.decode(hlc).wall_ms / 1000, UTC)
    return uk_local(moment).date()


def _labelled(counter: Counter[str], members: list[tuple[str, str]]) -> list[tuple[str, int]]:
    rows = [(label, counter.get(value, 0)) for value, label in members]
    known = {value for value, _ in members}
    extra = sum(n for v, n in counter.items() if v not in known)
    return rows + ([("Other or unknown", extra)] if extra else [])


def _role(text: str, source: str) -> str:
    """A referrer's role as a report category: "practice nurse" and "Practice Nurse" are
    one; a role not given is counted under the referral's source."""
    words = " ".join(text.split())
    if not words:
        return ReferralSource(source).label if source in _SOURCES else "Not given"
    known = {label.casefold(): label for _v, label in ReferralSource.choices()}
    return known.get(words.casefold(), words[0].upper() + words[1:].lower())


_SOURCES = {s.value for s in ReferralSource}


def _fit_note_band(weeks: int | None) -> str:
    if weeks is None:
        return FIT_NOTE_BANDS[0][0]
    return next(b for b, lo, hi in FIT_NOTE_BANDS[1:] if lo <= weeks < hi)


def outcomes_report(store: Store, first: date, last: date,
                    practice_ids: list[str] | None = None) -> OutcomesReport:
    """The figures for `first` to `last` (UK dates, both included). A client's referral
    date is their first referral's date received (the day the record was made, for a
    client with no referral recorded)."""
    q = store.reports
    wanted = set(practice_ids or [])
    names = dict(q.practices())
    withheld = withdrawn_from(store, REPORT_SCOPES)
    chosen = {c.id: c for c in q.clients() if not wanted or c.practice_id in wanted}
    first_referral = store.referral_queries.first_referrals()
    referred_on = {cid: (first_referral[cid].received_on if cid in first_referral
                         else _day_of_hlc(c.created_hlc)) for cid, c in chosen.items()}
    referred_all = {cid for cid in chosen if first <= referred_on[cid] <= last}
    received_all = [r for r in store.referral_queries.referrals_received(first, last)
                    if (r.client_id in chosen if r.client_id
                        else not wanted or r.practice_id in wanted)]
    sessions_all = [s for s in q.sessions_between(uk_day_start(first),
                                                  uk_day_start(last + timedelta(days=1)))
                    if not wanted or s.practice_id in wanted]
    outcomes_all = [(c, k) for c, k in q.outcomes_between(first, last) if c in chosen]
    signposts_all = [(c, cats) for c, cats in q.signposting_between(first, last)
                     if c in chosen]
    left_out = withheld & (referred_all | {r.client_id for r in received_all}
                           | {s.client_id for s in sessions_all}
                           | {c for c, _ in outcomes_all} | {c for c, _ in signposts_all})
    clients = {cid: c for cid, c in chosen.items() if cid not in withheld}
    referred = {cid: clients[cid] for cid in referred_all if cid in clients}
    # each referral received counts once; a client with none recorded counts as one
    received = [r for r in received_all if r.client_id not in withheld]
    with_records = {r.client_id for r in first_referral.values()}
    sources = Counter(r.source.value for r in received) + Counter(
        c.referral_source for cid, c in referred.items() if cid not in with_records)
    roles = Counter(_role(r.referrer_role, r.source.value) for r in received) + Counter(
        _role("", c.referral_source) for cid, c in referred.items() if cid not in with_records)
    sessions = [s for s in sessions_all if s.client_id not in withheld]
    outcomes = [(c, k) for c, k in outcomes_all if c in clients]
    signposts = [(c, cats) for c, cats in signposts_all if c in clients]
    seen = {s.client_id for s in sessions if s.state == AppointmentState.ATTENDED.value}
    in_work = {c for c, k in outcomes if k in IN_WORK and c in seen}
    firsts = q.attended_starts()
    waits: Counter[str] = Counter()
    for cid in referred:
        if cid in firsts:
            days = (uk_local(from_iso(firsts[cid])).date() - referred_on[cid]).days
            waits[next(b for b, lo, hi in WAIT_BANDS if lo <= max(days, 0) < hi)] += 1
    # weeks off work on the day of the first session, for clients first seen in the period
    first_seen = {cid: uk_local(from_iso(at)).date() for cid, at in firsts.items()
                  if cid in clients and first <= uk_local(from_iso(at)).date() <= last}
    notes = store.referral_queries.fit_notes_of(first_seen)
    fit_weeks = Counter(_fit_note_band(off_work(notes.get(cid, []), day).weeks(day))
                        for cid, day in first_seen.items())
    categories = Counter((cats[0] if cats else "Not categorised").capitalize()
                         for _, cats in signposts)
    figures = [
        Figure("referrals", "Referrals by source", _labelled(sources,
                                                              ReferralSource.choices())),
        Figure("referrer_roles", "Referrals by referrer's role",
               sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))),
        Figure("sessions", "Sessions", _labelled(
            Counter(s.state for s in sessions), AppointmentState.choices())),
        Figure("employment", "Clients referred, by employment situation", _labelled(
            Counter(situation_at_referral(c) for c in referred.values()),
            EmploymentSituation.choices())),
        Figure("outcomes", "Outcomes recorded", _labelled(
            Counter(k for _, k in outcomes), OutcomeKind.choices())),
        Figure("waits", "Weeks from referral to first session",
               [(b, waits.get(b, 0)) for b, _, _ in WAIT_BANDS]),
        Figure("fit_note_weeks", "Weeks off work (fit note) at first session",
               [(b, fit_weeks.get(b, 0)) for b, *_ in FIT_NOTE_BANDS]),
        Figure("signposting", "Signposting by service category",
               sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))),
    ]
    return OutcomesReport(first, last, [names.get(p, p) for p in sorted(wanted)], figures,
                          len(seen), len(in_work), len(left_out))


def situation_at_referral(facts: ClientFacts) -> str:
    """The employment situation a client was referred in (an EmploymentSituation value):
    the one place the report reads it. It is the client record's own snapshot, taken when
    the record was made (from the referral's own words when made from a referral), and
    never changed by later edits."""
    return facts.employment_at_referral


def consent_line(report: OutcomesReport, exact: bool = False) -> str:
    """What every copy says about consent; the number left out is protected unless
    `exact` (the in-app view)."""
    count = str(report.left_out) if exact else protect_table([report.left_out]).cells[0]
    return f"{CONSENT_RULE} Clients left out for that: {count}."


def protected_rows(report: OutcomesReport) -> list[tuple[str, str, str]]:
    """(figure, category, value) with disclosure control applied: what may leave the app."""
    out: list[tuple[str, str, str]] = []
    # referrals by source and by role count the same referrals, and employment much the
    # same clients: one hidden total hides them all
    shared = {"referrals", "referrer_roles", "employment"}
    hide = any(protect_table([n for _, n in f.rows]).total == SUPPRESSED
               for f in report.figures if f.key in shared)
    for fig in report.figures:
        safe = protect_table([n for _, n in fig.rows], hide_total=hide and fig.key in shared)
        out += [(fig.title, label, cell) for (label, _), cell in zip(fig.rows, safe.cells,
                                                                     strict=True)]
        out.append((fig.title, "Total", safe.total))
    out.append(("Clients seen who returned to or stayed in work", "Share",
                protect_share(report.in_work, report.seen)))
    return out


def to_csv(report: OutcomesReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["CoachDesk outcomes", report.period,
                     ", ".join(report.practices) or "All practices"])
    writer.writerow(["Figure", "Category", "Count"])
    writer.writerows(protected_rows(report))
    writer.writerow([])
    writer.writerow([consent_line(report)])
    writer.writerow([RULE])
    return buffer.getvalue().encode("utf-8-sig")


def to_pdf(report: OutcomesReport, made_on: date) -> bytes:
    """The one-page summary, protected figures only, with the rule applied said on it."""
    from coachdesk.printing.outcomes import SummaryTable, render_outcomes_summary

    tables: dict[str, list[tuple[str, str]]] = {}
    share = ""
    for figure, category, value in protected_rows(report):
        if category == "Share":
            share = value
        else:
            tables.setdefault(figure, []).append((category, value))
    where = ", ".join(report.practices) or "all practices"
    headline = (f"Clients seen who returned to or stayed in work: {share}"
                + (" (too few to show)" if share == SUPPRESSED else "") + ".")
    return render_outcomes_summary(
        "Outcomes summary", f"{report.period}, {where}",
        [SummaryTable(title, rows) for title, rows in tables.items()], headline,
        RULE, f"Made {uk_date_long(made_on)} by CoachDesk", consent_line(report))


def practice_ids(store: Store, names: list[str]) -> list[str]:
    """The ids of practices named (case aside); raises ValueError naming any unknown."""
    known = {n.casefold(): i for i, n in store.reports.practices()}
    missing = [n for n in names if n.casefold() not in known]
    if missing:
        raise ValueError("No practice called " + ", ".join(repr(m) for m in missing)
                         + ". Practices in this vault: "
                         + (", ".join(n for _, n in store.reports.practices()) or "none") + ".")
    return [known[n.casefold()] for n in names]


def record_export(store: Store, what: str) -> None:
    """Audit a report leaving the app (no client: the figures are counts)."""
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "report", detail=f"{what} saved")


def save_report(store: Store, report: OutcomesReport, path: Path, as_pdf: bool) -> Path:
    """Write the protected CSV or one-page PDF (whole or not at all) and audit it."""
    data = to_pdf(report, store.today()) if as_pdf else to_csv(report)
    atomic_write(path, data, mode=0o644)
    record_export(store, "outcomes summary " + ("PDF" if as_pdf else "CSV"))
    return path
