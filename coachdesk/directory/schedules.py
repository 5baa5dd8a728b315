"""ORUK schedules: is a service open at a given UK local time, and a summary to read out.

Covers what directories publish: weekly `byday` with `opens_at`/`closes_at` (a closing time
at or before the opening time runs past midnight into the next day), every-n-weeks
`interval` from `dtstart`, monthly `bymonthday` or `byday` with an ordinal ("1MO", "-1FR"),
and `valid_from`/`valid_to`/`until`. Times are UK wall-clock times.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from coachdesk.domain.timefmt import UK, uk_date_long

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?")


@dataclass(frozen=True, slots=True)
class Rule:
    freq: str = "WEEKLY"
    days: tuple[tuple[int, int], ...] = ()  # (ordinal or 0, weekday 0=Mon)
    month_days: tuple[int, ...] = ()
    interval: int = 1
    dtstart: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    opens: time | None = None
    closes: time | None = None

    @property
    def timed(self) -> bool:
        return self.opens is not None or self.closes is not None

    def occurs_on(self, day: date) -> bool:
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return False
        if self.dtstart and day < self.dtstart:
            return False
        if self.freq == "MONTHLY":
            return self._monthly(day)
        if self.days and day.weekday() not in {d for _, d in self.days}:
            return False
        if self.interval > 1 and self.dtstart:
            start = self.dtstart - timedelta(days=self.dtstart.weekday())
            return ((day - start).days // 7) % self.interval == 0
        return True

    def _monthly(self, day: date) -> bool:
        if self.interval > 1 and self.dtstart:
            months = (day.year - self.dtstart.year) * 12 + day.month - self.dtstart.month
            if months % self.interval:
                return False
        last = calendar.monthrange(day.year, day.month)[1]
        if self.month_days:
            return any(day.day == (n if n > 0 else last + 1 + n) for n in self.month_days)
        for ordinal, weekday in self.days:
            if day.weekday() != weekday:
                continue
            nth, nth_from_end = (day.day - 1) // 7 + 1, (last - day.day) // 7 + 1
            if ordinal == 0 or ordinal == nth or ordinal == -nth_from_end:
                return True
        return not self.days

    def open_at(self, moment: datetime) -> bool:
        opens, closes = self.opens or time(0), self.closes or time(0)
        day, now = moment.date(), moment.time()
        if opens == closes:  # 24 hours, or the whole day when only a day is given
            return self.occurs_on(day)
        if opens < closes:
            return self.occurs_on(day) and opens <= now < closes
        # runs past midnight: the evening of `day`, or the small hours after the day before
        return (self.occurs_on(day) and now >= opens) or (
            now < closes and self.occurs_on(day - timedelta(days=1))
        )


def _time(value: Any) -> time | None:
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    if hours == 24 and minutes == 0:
        return time(0)
    return time(hours, minutes, seconds) if hours < 24 and minutes < 60 and seconds < 60 else None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def parse(raw: dict[str, Any]) -> Rule | None:
    """A rule from one ORUK schedule, or None when it holds only words."""
    days = []
    for token in str(raw.get("byday") or "").upper().replace(" ", "").split(","):
        if match := _BYDAY.match(token):
            days.append((int(match.group(1) or 0), DAYS.index(match.group(2))))
    month_days = []
    for token in str(raw.get("bymonthday") or "").replace(" ", "").split(","):
        if re.fullmatch(r"-?\d{1,2}", token) and token not in ("0", "-0"):
            month_days.append(int(token))
    opens, closes = _time(raw.get("opens_at")), _time(raw.get("closes_at"))
    freq = str(raw.get("freq") or "WEEKLY").upper()
    if opens is None and closes is None and not days and not (freq == "MONTHLY" and month_days):
        return None
    interval = raw.get("interval")
    until, valid_to = _date(raw.get("until")), _date(raw.get("valid_to"))
    return Rule(
        freq=freq if freq in ("WEEKLY", "MONTHLY") else "WEEKLY",
        days=tuple(days),
        month_days=tuple(month_days) if freq == "MONTHLY" else (),
        interval=int(interval) if isinstance(interval, int | float) and interval >= 1 else 1,
        dtstart=_date(raw.get("dtstart")),
        valid_from=_date(raw.get("valid_from")),
        valid_to=min((d for d in (until, valid_to) if d), default=None),
        opens=opens,
        closes=closes,
    )


def schedules_of(service: dict[str, Any]) -> list[dict[str, Any]]:
    """Every schedule a service record carries: its own and those of its locations."""
    found = [s for s in service.get("schedules") or [] if isinstance(s, dict)]
    for link in service.get("service_at_locations") or []:
        if isinstance(link, dict):
            found += [s for s in link.get("schedules") or [] if isinstance(s, dict)]
    return found


def rules_of(service: dict[str, Any]) -> list[Rule]:
    return [r for r in (parse(s) for s in schedules_of(service)) if r is not None]


def uk_wall_time(moment: datetime) -> datetime:
    """UK local wall-clock time, naive; a naive input is taken to be UK local already."""
    return moment.astimezone(UK).replace(tzinfo=None) if moment.tzinfo else moment


def is_open(rules: Iterable[Rule], moment: datetime) -> bool | None:
    """True or False from the timed rules; None when no rule gives opening times."""
    local = uk_wall_time(moment)
    timed = [r for r in rules if r.timed]
    if not timed:
        return None
    return any(r.open_at(local) for r in timed)


def hours_on(rules: Iterable[Rule], day: date) -> str | None:
    """That day's opening hours ('9:00–17:00', 'Closed'); None when no rule gives times."""
    timed = [r for r in rules if r.timed]
    if not timed:
        return None
    hours = sorted({(r.opens or time(0), _hours(r)) for r in timed if r.occurs_on(day)})
    return ", ".join(words for _start, words in hours) if hours else "Closed"


def _clock(t: time | None) -> str:
    return "?" if t is None else f"{t.hour}:{t.minute:02d}"


def _days_text(days: list[int]) -> str:
    if len(days) == 7:
        return "Every day"
    runs: list[list[int]] = []
    for d in sorted(days):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = [
        DAY_NAMES[r[0]]
        if len(r) == 1
        else f"{DAY_NAMES[r[0]]}–{DAY_NAMES[r[-1]]}"
        if len(r) > 2
        else f"{DAY_NAMES[r[0]]}, {DAY_NAMES[r[1]]}"
        for r in runs
    ]
    return ", ".join(parts)


def _hours(rule: Rule) -> str:
    if not rule.timed:
        return "(times not given)"
    if (rule.opens or time(0)) == (rule.closes or time(0)):
        return "24 hours"
    return f"{_clock(rule.opens or time(0))}–{_clock(rule.closes or time(0))}"


def _ordinal(n: int) -> str:
    if n < 0:
        return "last" if n == -1 else f"{-n}th from last"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _describe(rule: Rule) -> str:
    if rule.freq == "MONTHLY":
        if rule.month_days:
            when = "the " + ", ".join(_ordinal(n) for n in rule.month_days) + " of the month"
        else:
            when = ", ".join(
                f"{_ordinal(o) if o else 'every'} {DAY_NAMES[d]}" for o, d in rule.days
            )
            when += " of the month"
    else:
        when = _days_text([d for _, d in rule.days] or list(range(7)))
        if rule.interval > 1:
            when += f" every {_ordinal(rule.interval)} week"
    text = f"{when} {_hours(rule)}"
    if rule.valid_from and rule.valid_to:
        text += f" ({uk_date_long(rule.valid_from)} to {uk_date_long(rule.valid_to)})"
    elif rule.valid_from:
        text += f" (from {uk_date_long(rule.valid_from)})"
    elif rule.valid_to:
        text += f" (until {uk_date_long(rule.valid_to)})"
    return text


#: the schedule fields `parse` and `summarise` read (not `id`, which every schedule has its
#: own of): services of a feed share a handful of timetables, so a summary is made once each
_READ = ("byday", "bymonthday", "opens_at", "closes_at", "freq", "interval", "until",
         "valid_to", "dtstart", "valid_from", "description")


def summarise(service: dict[str, Any]) -> str:
    """'Mon–Fri 9:00–17:00; Sat 10:00–13:00', or the publisher's words if no rule is usable."""
    raw = schedules_of(service)
    # with each value's type, as 1 and True (equal keys) read differently as text
    key = tuple((values, tuple(map(type, values))) for values in (tuple(map(s.get, _READ))
                                                                  for s in raw))
    try:
        return _summary(key)
    except TypeError:  # a value that cannot be a key (a list where text belongs)
        return _summarise(raw)


@lru_cache(maxsize=4096)
def _summary(key: tuple[tuple[tuple[Any, ...], tuple[type, ...]], ...]) -> str:
    return _summarise([{k: v for k, v in zip(_READ, values, strict=True) if v is not None}
                       for values, _types in key])


def _summarise(raw: list[dict[str, Any]]) -> str:
    rules = [r for r in (parse(s) for s in raw) if r is not None]
    if not rules:
        words = [str(s.get("description") or "").strip() for s in raw]
        return "; ".join(w for w in words if w)
    plain = [
        r
        for r in rules
        if r.freq == "WEEKLY" and r.interval == 1 and not (r.valid_from or r.valid_to) and r.timed
    ]
    per_day: dict[int, set[tuple[time, str]]] = {}
    for rule in plain:
        for d in sorted({d for _, d in rule.days} or range(7)):
            per_day.setdefault(d, set()).add((rule.opens or time(0), _hours(rule)))
    groups: dict[tuple[str, ...], list[int]] = {}
    for d, hours in sorted(per_day.items()):
        groups.setdefault(tuple(text for _, text in sorted(hours)), []).append(d)
    parts = [f"{_days_text(days)} {' and '.join(hours)}" for hours, days in groups.items()]
    parts += [_describe(r) for r in rules if r not in plain]
    return "; ".join(parts)
