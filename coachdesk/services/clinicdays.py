"""Clinic days: the coach's recurring clinics per practice and the days off (leave,
closures). Bank holidays in England and Wales are built in; nothing else is deleted, a
removed pattern or closure is marked so (it syncs, and the audit keeps what it was)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from coachdesk.domain import ClinicClosure, ClinicPattern, Practice
from coachdesk.domain.bankholidays import BANK_HOLIDAYS, SOURCE
from coachdesk.domain.clinicdays import parse_clock
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services import practices
from coachdesk.services.changes import Changes
from coachdesk.store.store import Store

CLINIC_DAYS = "clinic_days"  # the Changes kind: patterns or closures changed


@dataclass(frozen=True, slots=True)
class ClinicDaysView:
    practices: list[Practice]
    patterns: list[ClinicPattern]  # in use, by practice name then weekday and start
    closures: list[ClinicClosure]  # in use and not yet over, earliest first
    bank_holidays: list[tuple[date, str]]  # the next twelve months'
    source: str = SOURCE


def patterns(store: Store, practice_id: str | None = None) -> list[ClinicPattern]:
    every = [p for p in store.repo(ClinicPattern).all() if not p.removed]
    if practice_id:
        every = [p for p in every if p.practice_id == practice_id]
    return sorted(every, key=lambda p: (p.practice_id, p.weekday, p.start_time))


def closures(store: Store) -> list[ClinicClosure]:
    return sorted((c for c in store.repo(ClinicClosure).all() if not c.removed),
                  key=lambda c: (c.first_day, c.id))


def clinic_days(store: Store, today: date) -> ClinicDaysView:
    known = practices.practices(store)
    order = {p.id: n for n, p in enumerate(known)}
    shown = sorted(patterns(store), key=lambda p: (order.get(p.practice_id, 99), p.weekday,
                                                   p.start_time))
    ahead = today + timedelta(days=366)
    return ClinicDaysView(known, shown, [c for c in closures(store) if c.last_day >= today],
                          sorted((d, n) for d, n in BANK_HOLIDAYS.items() if today <= d <= ahead))


def save_pattern(store: Store, pattern: ClinicPattern) -> Changes:
    """Add a new pattern, or save the changes to one (validated; ValidationError names the
    field)."""
    if pattern.practice_id not in {p.id for p in practices.practices(store)}:
        raise ValidationError({"practice_id": "Choose one of your practices."})
    pattern.validate(store.today())
    check_no_overlap(store, pattern)
    repo = store.repo(ClinicPattern)
    if repo.get(pattern.id) is None:
        repo.add(pattern)
    else:
        repo.update(pattern)
    return Changes.of(CLINIC_DAYS, None, pattern.id)


def first_clash(a: ClinicPattern, b: ClinicPattern, years: int = 2) -> date | None:
    """The first day both patterns run with overlapping times, within `years`."""
    if not (parse_clock(a.start_time) < parse_clock(b.end_time)
            and parse_clock(b.start_time) < parse_clock(a.end_time)):
        return None
    day = max(a.first_on, b.first_on)
    last = day + timedelta(days=366 * years)
    while day <= last:
        if a.runs_on(day) and b.runs_on(day):
            return day
        day += timedelta(days=1)
    return None


def check_no_overlap(store: Store, pattern: ClinicPattern) -> None:
    """The coach is at one clinic at a time: a pattern overlapping another (at this
    practice or any other) is refused, naming the clash."""
    names = {p.id: p.name for p in practices.practices(store)}
    for other in patterns(store):
        if other.id == pattern.id:
            continue
        if (day := first_clash(pattern, other)) is not None:
            where = names.get(other.practice_id, "another practice")
            raise ValidationError({"start_time": (
                f"This clinic overlaps your clinic at {where} ({other.describe()}), "
                f"first on {day.strftime('%a')} {uk_date_long(day)}. "
                "Change the times or the day, or remove the other clinic first.")})


def remove_pattern(store: Store, pattern_id: str) -> Changes:
    repo = store.repo(ClinicPattern)
    repo.update(replace(repo.require(pattern_id), removed=True))
    return Changes.of(CLINIC_DAYS, None, pattern_id)


def add_closure(store: Store, closure: ClinicClosure) -> Changes:
    if closure.practice_id and closure.practice_id not in {
            p.id for p in practices.practices(store)}:
        raise ValidationError({"practice_id": "Choose one of your practices, or all."})
    closure.validate(store.today())
    store.repo(ClinicClosure).add(closure)
    return Changes.of(CLINIC_DAYS, None, closure.id)


def remove_closure(store: Store, closure_id: str) -> Changes:
    repo = store.repo(ClinicClosure)
    repo.update(replace(repo.require(closure_id), removed=True))
    return Changes.of(CLINIC_DAYS, None, closure_id)
