"""The diary: the week and the day across every practice, built from the clinic-day
patterns and the appointments, and bookings that never double book the coach.

Booking, moving, cancelling and "did not attend" go through the store's one write path, so
each is journalled, audited and synced. A booking that overlaps any live appointment of the
coach (at any practice) is refused with `SlotTaken`, whose message names the clash and
offers the next free slots.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from coachdesk.domain import Appointment, Client
from coachdesk.domain.clinicdays import PatternSlot, closed_because, generate_slots
from coachdesk.domain.enums import AppointmentMode, AppointmentState
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import UK, uk_date_long, uk_day_start, uk_local, uk_time
from coachdesk.services import clinicdays, doublebook, practices
from coachdesk.services.changes import APPOINTMENT, Changes
from coachdesk.store.store import Store

LONGEST = timedelta(minutes=240)  # the longest appointment (Appointment.validate)
OFFERS = 3
FREE, CLOSED = "free", "closed"


class SlotTaken(DomainRuleError):
    """The time asked for overlaps another appointment; `offers` are the next free starts."""

    def __init__(self, message: str, offers: list[tuple[datetime, str | None]]) -> None:
        super().__init__(message)
        self.offers = offers


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    start: datetime
    end: datetime
    practice_id: str | None
    practice_name: str
    status: str  # FREE, CLOSED or an AppointmentState value
    appointment: Appointment | None = None
    client_name: str = ""
    room: str = ""
    note: str = ""  # why closed, why cancelled
    double_booked_with: str = ""  # the other client(s) of an overlapping booking (doublebook)

    @property
    def client_id(self) -> str:
        return self.appointment.client_id if self.appointment else ""


@dataclass(frozen=True, slots=True)
class DiaryDay:
    day: date
    entries: list[DiaryEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DiaryWeek:
    first: date
    days: list[DiaryDay]
    has_patterns: bool


def _live(a: Appointment) -> bool:
    return a.state is not AppointmentState.CANCELLED


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def diary(store: Store, first: date, days: int = 7) -> DiaryWeek:
    """Every slot and appointment from `first` for `days` days, by day then time."""
    names = {p.id: p.name for p in practices.practices(store)}
    every_pattern = clinicdays.patterns(store)
    shut = clinicdays.closures(store)
    last = first + timedelta(days=days - 1)
    slots = generate_slots(every_pattern, shut, first, last)
    pairs = store.queries.appointments_between(uk_day_start(first),
                                               uk_day_start(last + timedelta(days=1)))
    live = [a for a, _c in pairs if _live(a)]
    by_day: dict[date, list[DiaryEntry]] = {first + timedelta(days=n): [] for n in range(days)}
    for s in slots:
        if not any(_overlaps(s.start, s.end, a.start, a.end) for a in live):
            by_day[uk_local(s.start).date()].append(DiaryEntry(
                s.start, s.end, s.practice_id, names.get(s.practice_id, ""), FREE, room=s.room))
    clashing = doublebook.overlapping(pairs)
    for a, c in pairs:
        by_day[uk_local(a.start).date()].append(DiaryEntry(
            a.start, a.end, a.practice_id, names.get(a.practice_id or "", ""), a.state.value,
            a, c.display_name, note=a.cancelled_reason,
            double_booked_with=doublebook.words(clashing.get(a.id))))
    for day in by_day:
        for p in every_pattern:
            if p.runs_on(day) and (why := closed_because(day, p.practice_id, shut)):
                start = datetime.combine(day, time(0, 0), tzinfo=UK)
                by_day[day].append(DiaryEntry(start, start, p.practice_id,
                                              names.get(p.practice_id, ""), CLOSED, note=why))
    out = [DiaryDay(d, sorted(e, key=lambda x: (x.status != CLOSED, x.start,
                                                 x.status == "cancelled", x.practice_name)))
           for d, e in sorted(by_day.items())]
    return DiaryWeek(first, out, bool(every_pattern))


def clashes(store: Store, start: datetime, length_minutes: int,
            ignore_id: str | None = None) -> list[tuple[Appointment, Client]]:
    """Live appointments of the coach overlapping [start, start + length)."""
    end = start + timedelta(minutes=length_minutes)
    pairs = store.queries.appointments_between(start - LONGEST, end)
    return [(a, c) for a, c in pairs if _live(a) and a.id != ignore_id
            and _overlaps(start, end, a.start, a.end)]


def next_free(store: Store, after: datetime, length_minutes: int,
              practice_id: str | None = None, count: int = OFFERS,
              ignore_id: str | None = None) -> list[tuple[datetime, str | None]]:
    """The next free clinic slots from `after`, nearest first in time across every
    practice (the same day's before a later week's: the coach can be at only one practice
    at a time); with no clinic days set, the next free times that day in steps of the
    session's length, at `practice_id`."""
    day = uk_local(after).date()
    slots = generate_slots(clinicdays.patterns(store), clinicdays.closures(store), day,
                           day + timedelta(days=56))
    found: list[tuple[datetime, str | None]] = []
    for s in slots:
        if len(found) >= count:
            return found
        if s.start >= after and (s.start, s.practice_id) not in found and not clashes(
                store, s.start, length_minutes, ignore_id):
            found.append((s.start, s.practice_id))
    if found:
        return found
    local = uk_local(after).replace(second=0, microsecond=0)
    moment = local + timedelta(minutes=-local.minute % 15)  # 10:05 offers 10:15, not 10:05
    close = datetime.combine(day, time(18, 0), tzinfo=UK)
    while len(found) < count and moment + timedelta(minutes=length_minutes) <= close:
        taken = clashes(store, moment, length_minutes, ignore_id)
        if not taken:
            found.append((moment, practice_id))
            moment += timedelta(minutes=length_minutes)
        else:
            moment = max(a.end for a, _c in taken)
    return found


def words_for(moment: datetime) -> str:
    """'Tue 8 Dec 2026, 10:30'"""
    local = uk_local(moment)
    return f"{local.strftime('%a')} {uk_date_long(local)}, {uk_time(local)}"


def check_free(store: Store, start: datetime, length_minutes: int,
               practice_id: str | None, ignore_id: str | None = None) -> None:
    taken = clashes(store, start, length_minutes, ignore_id)
    if not taken:
        return
    a, c = taken[0]
    names = {p.id: p.name for p in practices.practices(store)}
    where = f" at {names[a.practice_id]}" if a.practice_id in names else ""
    offers = next_free(store, a.end, length_minutes, practice_id, ignore_id=ignore_id)
    then = ("Next free: " + "; ".join(words_for(s) for s, _p in offers) + "."
            if offers else "There is no free slot left that day: choose another day.")
    raise SlotTaken(f"Not booked: {c.display_name} is already booked {words_for(a.start)} "
                    f"to {uk_time(a.end)}{where}. {then}", offers)


def clinic_at(store: Store, start: datetime) -> PatternSlot | None:
    """The clinic slot (at whichever practice) that `start` falls in, if any."""
    day = uk_local(start).date()
    for s in generate_slots(clinicdays.patterns(store), clinicdays.closures(store), day, day):
        if s.start <= start < s.end:
            return s
    return None


CHOOSE_SLOT_OR_PRACTICE = "Choose a free slot, or choose the practice yourself."


def practice_for(store: Store, start: datetime, practice_id: str | None,
                 by_clinic: bool = False, length_minutes: int = 30,
                 advice: str = CHOOSE_SLOT_OR_PRACTICE) -> str | None:
    """Where a session at `start` is: the practice whose clinic covers that time. With
    `by_clinic` (a time the coach typed), a time no clinic covers, or a practice other
    than the clinic's, is refused in plain words rather than booked at a guess (with no
    practice chosen, as SlotTaken offering the next free clinic slots)."""
    covering = clinic_at(store, start)
    names = {p.id: p.name for p in practices.practices(store)}
    if covering is None:
        if by_clinic and practice_id is None and clinicdays.patterns(store):
            offers = next_free(store, start, length_minutes)
            then = (" Next free: " + "; ".join(words_for(s) for s, _p in offers) + "."
                    if offers else "")
            raise SlotTaken(
                f"Not booked: none of your clinics is on at {words_for(start)}.{then} {advice}",
                offers)
        return practice_id
    if by_clinic and practice_id and practice_id != covering.practice_id:
        room = f" ({covering.room})" if covering.room else ""
        raise DomainRuleError(
            f"Not booked: at {words_for(start)} your clinic is at "
            f"{names.get(covering.practice_id, 'another practice')}{room}, not at "
            f"{names.get(practice_id, 'that practice')}. Choose the clinic's practice, or "
            "another time.")
    return practice_id or covering.practice_id


def book(store: Store, client_id: str, start: datetime, practice_id: str | None = None,
         length_minutes: int = 30, mode: AppointmentMode = AppointmentMode.IN_PERSON,
         by_clinic: bool = False, advice: str = CHOOSE_SLOT_OR_PRACTICE) -> Appointment:
    """Book a session, refusing any overlap with the coach's other appointments. With no
    practice given it is at the practice whose clinic covers `start` (else the client's);
    `by_clinic` and `advice`: see practice_for."""
    client = store.repo(Client).require(client_id)
    where = practice_for(store, start, practice_id, by_clinic,
                         length_minutes, advice) or client.practice_id
    with store.transaction():
        check_free(store, start, length_minutes, where)
        appointment = Appointment(id=new_id(), client_id=client_id, practice_id=where,
                                  start=start, length_minutes=length_minutes, mode=mode)
        store.repo(Appointment).add(appointment)
    return appointment


def move(store: Store, appointment_id: str, start: datetime,
         practice_id: str | None = None) -> Changes:
    repo = store.repo(Appointment)
    a = repo.require(appointment_id)
    if a.state is not AppointmentState.BOOKED:
        raise DomainRuleError("Only a booked session can be moved: book a new one instead.")
    where = practice_for(store, start, practice_id) or a.practice_id  # the clinic then
    with store.transaction():
        check_free(store, start, a.length_minutes, where, ignore_id=a.id)
        repo.update(replace(a, start=start, practice_id=where, arrived=False))
    return Changes.of(APPOINTMENT, a.client_id, a.id)


def check_cancellable(store: Store, appointment_id: str) -> Appointment:
    """Only a booked session can be cancelled: asked before the reason is."""
    a = store.repo(Appointment).require(appointment_id)
    if a.state is not AppointmentState.BOOKED:
        raise DomainRuleError(f"Not cancelled: this session is already "
                              f"{a.state.label.lower()}, so it cannot be cancelled.")
    return a


def cancel(store: Store, appointment_id: str, reason: str) -> Changes:
    repo = store.repo(Appointment)
    a = check_cancellable(store, appointment_id)
    if not reason.strip():
        raise DomainRuleError("Say why the session is cancelled, for example "
                              "'client asked to rearrange'.")
    repo.update(replace(a, state=AppointmentState.CANCELLED,
                        cancelled_reason=reason.strip()[:200]))
    return Changes.of(APPOINTMENT, a.client_id, a.id)


def did_not_attend(store: Store, appointment_id: str,
                   now: datetime | None = None) -> Changes:
    """Only once the session's time has come: a session still to come is moved or
    cancelled, not missed."""
    repo = store.repo(Appointment)
    a = repo.require(appointment_id)
    if a.state is AppointmentState.CANCELLED:
        raise DomainRuleError("This session was cancelled, so it cannot be missed.")
    if a.start > (now or datetime.now(UTC)):
        raise DomainRuleError(
            f"Not marked: this session is {words_for(a.start)}, still to come. Mark "
            "'did not attend' once its time has passed; to change it now, move or cancel it.")
    repo.update(replace(a, state=AppointmentState.DID_NOT_ATTEND, arrived=False))
    return Changes.of(APPOINTMENT, a.client_id, a.id)


def usual_weeks(store: Store, client_id: str) -> int:
    """The client's own rhythm from their last two sessions (1 to 8 weeks), else 2."""
    held = [a for a in store.repo(Appointment).find_by("client_id", client_id, "start")
            if a.state in (AppointmentState.ATTENDED, AppointmentState.BOOKED)]
    if len(held) >= 2:
        days = (uk_local(held[-1].start).date() - uk_local(held[-2].start).date()).days
        weeks = round(days / 7)
        if 1 <= weeks <= 8:
            return weeks
    return 2


def suggest_next(store: Store, client_id: str, appointment_id: str | None,
                 now: datetime) -> tuple[datetime, str | None]:
    """The next session's default: the same slot (UK wall time) as this one, in the
    client's usual cadence; the next free slot after it if that is taken."""
    a = store.repo(Appointment).get(appointment_id) if appointment_id else None
    base = a.start if a else now
    weeks = usual_weeks(store, client_id)
    local = uk_local(base)
    day = local.date() + timedelta(weeks=weeks)
    wall = local.time().replace(second=0, microsecond=0)
    if not a:  # a drop-in: round to the half hour
        wall = wall.replace(minute=0 if wall.minute < 30 else 30)
    start = datetime.combine(day, wall, tzinfo=UK)
    practice_id = a.practice_id if a else store.repo(Client).require(client_id).practice_id
    length = a.length_minutes if a else 30
    if clashes(store, start, length):
        offers = next_free(store, start, length, practice_id)
        if offers:
            return offers[0]
    return start, practice_id
