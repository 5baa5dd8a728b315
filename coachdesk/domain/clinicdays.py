"""Clinic days: when the coach is at a practice, as a recurring pattern with exceptions.

A pattern says weekly, fortnightly or monthly ("2nd Tuesday", "last Friday"), the weekday,
the start and end in UK local time, the slot length and the room. Slots are generated from
it in Europe/London time, so a 09:00 clinic stays 09:00 across the clock changes. No slots
are made on bank holidays (England and Wales) or on the coach's own closures (leave, a
practice training afternoon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import ClassVar

from coachdesk.domain.bankholidays import bank_holiday
from coachdesk.domain.entity import Entity
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.timefmt import UK, uk_date_long

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "last"}
LAST = 5  # week_of_month meaning "the last one of the month"
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class Cadence(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return {"weekly": "Every week", "fortnightly": "Every other week",
                "monthly": "Once a month"}[self.value]


def parse_clock(text: str) -> time:
    """'9:00', '09.30', '13:45' to a time; ValueError in plain words otherwise."""
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a time: write it as 09:00 or 13:30.")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(slots=True)
class ClinicPattern(Entity):
    """A recurring clinic at one practice. `first_on` is the first clinic day (it anchors
    the fortnightly rhythm); `until` the last day it runs, if it ends."""

    ENTITY: ClassVar[str] = "clinic_pattern"

    id: str
    practice_id: str
    cadence: Cadence
    weekday: int  # 0 Monday ... 6 Sunday
    start_time: str  # "09:00", UK local
    end_time: str  # "12:30"
    first_on: date
    slot_minutes: int = 30
    room: str = ""
    week_of_month: int = 1  # monthly only: 1-4, or 5 for the last
    until: date | None = None
    removed: bool = False

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if not self.practice_id:
            p["practice_id"] = "Choose the practice."
        if not 0 <= self.weekday <= 6:
            p["weekday"] = "Choose a day of the week."
        starts = ends = None
        try:
            starts = parse_clock(self.start_time)
        except ValueError as exc:
            p["start_time"] = str(exc)
        try:
            ends = parse_clock(self.end_time)
        except ValueError as exc:
            p["end_time"] = str(exc)
        if starts and ends and ends <= starts:
            p["end_time"] = "The clinic must end after it starts."
        if not 5 <= self.slot_minutes <= 240:
            p["slot_minutes"] = "A slot lasts between 5 minutes and 4 hours."
        elif starts and ends and _minutes(ends) - _minutes(starts) < self.slot_minutes:
            p["slot_minutes"] = "The clinic is shorter than one slot."
        if self.cadence is Cadence.MONTHLY and not 1 <= self.week_of_month <= LAST:
            p["week_of_month"] = "Choose 1st, 2nd, 3rd, 4th or last."
        if self.first_on.weekday() != self.weekday and self.cadence is not Cadence.MONTHLY:
            p["first_on"] = f"The first clinic must be on a {DAY_NAMES[self.weekday]}."
        if self.until and self.until < self.first_on:
            p["until"] = "The last clinic day must be on or after the first."
        if len(self.room) > 60:
            p["room"] = "Keep the room to 60 characters."
        if p:
            raise ValidationError(p)

    def runs_on(self, day: date) -> bool:
        """Whether the pattern puts a clinic on `day` (before exceptions)."""
        if self.removed or day < self.first_on or (self.until and day > self.until):
            return False
        if day.weekday() != self.weekday:
            return False
        if self.cadence is Cadence.WEEKLY:
            return True
        if self.cadence is Cadence.FORTNIGHTLY:
            return ((day - self.first_on).days // 7) % 2 == 0
        if self.week_of_month == LAST:
            return (day + timedelta(days=7)).month != day.month
        return (day.day - 1) // 7 + 1 == self.week_of_month

    def describe(self) -> str:
        """'Every Tuesday, 09:00 to 12:30', '2nd Tuesday of the month, ...'."""
        day = DAY_NAMES[self.weekday]
        if self.cadence is Cadence.WEEKLY:
            when = f"Every {day}"
        elif self.cadence is Cadence.FORTNIGHTLY:
            when = f"Every other {day} (from {uk_date_long(self.first_on)})"
        else:
            when = f"{ORDINALS[self.week_of_month].capitalize()} {day} of the month"
        room = f", {self.room.strip()}" if self.room.strip() else ""
        return f"{when}, {self.start_time} to {self.end_time}{room}"


@dataclass(slots=True)
class ClinicClosure(Entity):
    """No clinic on these days: leave, training, a closure. `practice_id` empty: every
    practice (the coach is away)."""

    ENTITY: ClassVar[str] = "clinic_closure"

    id: str
    first_day: date
    last_day: date
    reason: str
    practice_id: str = ""
    removed: bool = False

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if not self.reason.strip():
            p["reason"] = "Say why, for example 'annual leave'."
        if self.last_day < self.first_day:
            p["last_day"] = "The last day must be on or after the first."
        elif (self.last_day - self.first_day).days > 366:
            p["last_day"] = "A closure is at most a year: check the dates."
        if p:
            raise ValidationError(p)

    def covers(self, day: date, practice_id: str) -> bool:
        return (not self.removed and self.first_day <= day <= self.last_day
                and self.practice_id in ("", practice_id))


@dataclass(frozen=True, slots=True)
class PatternSlot:
    """One bookable slot made from a pattern. Start and end are aware UTC datetimes (as
    appointments are stored): subtracting them gives elapsed time even across a clock
    change; show them with uk_local."""

    pattern_id: str
    practice_id: str
    start: datetime
    end: datetime
    room: str = ""


def closed_because(day: date, practice_id: str, closures: list[ClinicClosure]) -> str | None:
    """Why there is no clinic at this practice on `day`, or None."""
    if name := bank_holiday(day):
        return f"{name} (bank holiday)"
    for closure in closures:
        if closure.covers(day, practice_id):
            return closure.reason.strip()
    return None


def slots_on(pattern: ClinicPattern, day: date) -> list[PatternSlot]:
    """The pattern's slots on `day`, in UK local time (ignoring exceptions). A slot that
    would fall in the hour the clocks skip does not exist and is left out."""
    if not pattern.runs_on(day):
        return []
    first, last = parse_clock(pattern.start_time), parse_clock(pattern.end_time)
    step, out = pattern.slot_minutes, []
    minute = _minutes(first)
    while minute + step <= _minutes(last):
        start = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UK)
        if _exists(start):
            utc = start.astimezone(UTC)
            out.append(PatternSlot(pattern.id, pattern.practice_id, utc,
                                   utc + timedelta(minutes=step), pattern.room))
        minute += step
    return out


def generate_slots(patterns: list[ClinicPattern], closures: list[ClinicClosure],
                   first: date, last: date) -> list[PatternSlot]:
    """Every open slot from `first` to `last` inclusive, earliest first."""
    out: list[PatternSlot] = []
    day = first
    while day <= last:
        for pattern in patterns:
            if pattern.runs_on(day) and not closed_because(day, pattern.practice_id, closures):
                out.extend(slots_on(pattern, day))
        day += timedelta(days=1)
    return sorted(out, key=lambda s: (s.start, s.practice_id))


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _exists(local: datetime) -> bool:
    """False for a wall time the clocks skip (01:30 on the last Sunday of March)."""
    back = local.astimezone(UTC).astimezone(UK)
    return (back.hour, back.minute) == (local.hour, local.minute)
