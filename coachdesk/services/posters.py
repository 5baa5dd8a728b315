"""The waiting-room poster and leaflet for one practice, from its clinic-day patterns and
the coach's contact details. Printing or saving one is audited (no client data in it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coachdesk.domain import Practice
from coachdesk.domain.clinicdays import Cadence, generate_slots
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.timefmt import uk_date_long, uk_local
from coachdesk.services import clinicdays
from coachdesk.services.changes import Changes
from coachdesk.services.coach import coach_details
from coachdesk.store.store import Store


@dataclass(frozen=True, slots=True)
class PosterPdf:
    practice_id: str
    what: str  # "poster" or "leaflet"
    pdf: bytes
    file_name: str
    title: str


def render(store: Store, practice_id: str, leaflet: bool, today: date) -> PosterPdf:
    from coachdesk.printing.poster import PosterModel, render_poster

    practice = store.repo(Practice).require(practice_id)
    patterns = clinicdays.patterns(store, practice_id)
    upcoming = generate_slots(patterns, clinicdays.closures(store), today,
                              today + timedelta(days=62))
    dates = sorted({uk_local(s.start).date() for s in upcoming})[:3]
    needs_dates = any(p.cadence is not Cadence.WEEKLY for p in patterns)
    nexts = ("Next clinic days: " + ", ".join(
        f"{d.strftime('%a')} {uk_date_long(d)}" for d in dates)) if dates and needs_dates else ""
    details = coach_details(store)
    model = PosterModel(practice.name, store.actor, details.role.strip(),
                        [_line(p.describe()) for p in patterns], nexts,
                        details.phone.strip(), details.email.strip(),
                        practice.phone.strip())
    what = "leaflet" if leaflet else "poster"
    pdf = render_poster(model, leaflet)
    return PosterPdf(practice_id, what, pdf, f"{what.capitalize()} {practice.name}.pdf",
                     f"{what.capitalize()} for {practice.name}")


def _line(described: str) -> str:
    """The poster drops the fortnightly anchor date: the next dates are listed instead."""
    head, sep, rest = described.partition(" (from ")
    return head + (rest.partition(")")[2] if sep else "")


def record(store: Store, practice_id: str, what: str, how: str) -> Changes:
    """Audit a poster or leaflet printed (how="printed") or saved as PDF."""
    action = AuditAction.PRINT if how == "printed" else AuditAction.EXPORT
    with store.transaction():
        store.audit.append(action, "practice", practice_id, detail=f"{what} {how}")
    return Changes()
