"""The clinic the coach is running today: chosen once, remembered for the day in the vault.

Today used to follow the earliest appointment of the day, so one drop-in at another practice
hid the whole clinic. Now the coach's choice holds for the day (and across a restart); until
they choose, the practice with most sessions today is shown (ties: the last clinic chosen).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date

from coachdesk.domain import Practice
from coachdesk.services import practices
from coachdesk.services.changes import PRACTICE, Changes
from coachdesk.services.sessions import ClinicSlot, clinic_for_day
from coachdesk.store.store import Store

CLINIC_KEY = "clinic_day"


@dataclass(frozen=True, slots=True)
class ClinicDay:
    practices: list[Practice]
    practice_id: str | None  # the clinic shown
    chosen: bool  # the coach chose it today (else it is a suggestion)
    slots: list[ClinicSlot]  # at the clinic's practice
    elsewhere: list[ClinicSlot]  # today's sessions at other practices, listed apart


def _stored(store: Store) -> tuple[str, str]:
    """(day, practice id) of the last clinic chosen; empty strings if none."""
    try:
        data = json.loads(store.settings.get(CLINIC_KEY) or "{}")
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    return str(data.get("day", "")), str(data.get("practice_id", ""))


def chosen_clinic(store: Store, day: date) -> str | None:
    """The practice the coach chose for `day`, if they chose one and it still exists."""
    stored_day, practice_id = _stored(store)
    known = {p.id for p in practices.practices(store)}
    return practice_id if stored_day == day.isoformat() and practice_id in known else None


def choose_clinic(store: Store, day: date, practice_id: str) -> Changes:
    if practice_id not in {p.id for p in practices.practices(store)}:
        raise ValueError("That practice is not in this vault.")
    store.settings.put(CLINIC_KEY, json.dumps({"day": day.isoformat(),
                                               "practice_id": practice_id}))
    return Changes.of(PRACTICE)


def clinic_day(store: Store, day: date) -> ClinicDay:
    known = practices.practices(store)
    ids = {p.id for p in known}
    every = clinic_for_day(store, day)
    practice_id = chosen_clinic(store, day)
    chosen = practice_id is not None
    if practice_id is None:
        _day, last = _stored(store)
        counts = Counter(s.appointment.practice_id for s in every
                         if s.appointment.practice_id in ids)
        if counts:
            top = max(counts.values())
            busiest = [p for p, n in counts.items() if n == top]
            practice_id = last if last in busiest else sorted(
                busiest, key=lambda p: next(s.appointment.start for s in every
                                            if s.appointment.practice_id == p))[0]
        else:
            practice_id = last if last in ids else (known[0].id if known else None)
    slots = [s for s in every if s.appointment.practice_id == practice_id]
    elsewhere = [s for s in every if s.appointment.practice_id != practice_id]
    return ClinicDay(known, practice_id, chosen, slots, elsewhere)
