"""Double bookings: two booked sessions of the coach that overlap. The services refuse one
on a single PC, but two PCs booking while both offline cannot see each other's booking
until sync brings them together. This finds them from the stored appointments, so the
Diary and Today can mark both and the coach can move or cancel one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from coachdesk.domain import Appointment, Client
from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.timefmt import uk_day_start, uk_local, uk_time
from coachdesk.store.store import Store

LABEL = "Double booked"


def overlapping(pairs: Iterable[tuple[Appointment, Client]]) -> dict[str, list[Client]]:
    """Appointment id to the clients of the other booked sessions it overlaps. Only
    booked sessions count: a cancelled one frees its time, and a session held or missed
    is what happened, not a booking to resolve."""
    pairs = list(pairs)
    client_of = {a.id: c for a, c in pairs}
    found: dict[str, list[Client]] = {}
    for a, b in pairs_of(a for a, _c in pairs):
        found.setdefault(a.id, []).append(client_of[b.id])
        found.setdefault(b.id, []).append(client_of[a.id])
    return found


def words(others: list[Client] | None) -> str:
    """"Priya Testcase" or "Priya Testcase and Tom Testcase"; "" when not double booked."""
    names = sorted({c.display_name for c in others or []})
    return " and ".join(names)


def pairs_of(appointments: Iterable[Appointment]) -> list[tuple[Appointment, Appointment]]:
    """Each overlapping pair of booked sessions, earliest first."""
    booked = sorted((a for a in appointments if a.state is AppointmentState.BOOKED),
                    key=lambda a: (a.start, a.id))
    out = []
    for i, a in enumerate(booked):
        for b in booked[i + 1:]:
            if b.start >= a.end:
                break
            out.append((a, b))
    return out


def double_bookings(store: Store, first: date,
                    last: date) -> list[tuple[Appointment, Appointment]]:
    """Each overlapping pair of booked sessions starting from `first` to `last`, in order."""
    pairs = store.queries.appointments_between(uk_day_start(first),
                                               uk_day_start(last + timedelta(days=1)))
    return pairs_of(a for a, _c in pairs)


def pair_words(appointments: dict[str, tuple[Appointment, str]], with_day: bool) -> list[str]:
    """"14:00 Priya Shah and 14:15 Tom Hughes" for each overlapping pair; `appointments`
    maps id to (appointment, client name)."""
    def one(a: Appointment) -> str:
        local = uk_local(a.start)
        return f"{uk_time(local)} {appointments[a.id][1]}"

    out = []
    for a, b in pairs_of(a for a, _n in appointments.values()):
        day = uk_local(a.start)
        prefix = f"{day.strftime('%a')} {day.day} {day.strftime('%b')} " if with_day else ""
        out.append(f"{prefix}{one(a)} and {one(b)}")
    return out
