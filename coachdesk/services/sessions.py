"""Book and record the clinic's sessions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from coachdesk.domain import Appointment, Client
from coachdesk.domain.enums import AppointmentMode, AppointmentState
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import uk_day_start
from coachdesk.services import doublebook
from coachdesk.services.changes import Changes
from coachdesk.store.store import Store


@dataclass(frozen=True, slots=True)
class ClinicSlot:
    appointment: Appointment
    client: Client
    double_booked_with: str = ""  # the other client(s) of an overlapping booking


def book_session(
    store: Store, client_id: str, start: datetime, practice_id: str | None = None,
    length_minutes: int = 30, mode: AppointmentMode = AppointmentMode.IN_PERSON,
) -> Appointment:
    client = store.repo(Client).require(client_id)
    appointment = Appointment(
        id=new_id(), client_id=client_id, practice_id=practice_id or client.practice_id,
        start=start, length_minutes=length_minutes, mode=mode,
    )
    store.repo(Appointment).add(appointment)
    return appointment


def set_state(store: Store, appointment_id: str, state: AppointmentState) -> Changes:
    repo = store.repo(Appointment)
    appointment = repo.require(appointment_id)
    repo.update(replace(appointment, state=state,
                        arrived=appointment.arrived or state is AppointmentState.ATTENDED))
    return Changes.of("appointment", appointment.client_id, appointment_id)


def mark_arrived(store: Store, appointment_id: str, arrived: bool = True) -> Changes:
    repo = store.repo(Appointment)
    appointment = repo.require(appointment_id)
    if appointment.state is AppointmentState.CANCELLED:
        raise DomainRuleError("This session was cancelled: book a new one instead.")
    repo.update(replace(appointment, arrived=arrived))
    return Changes.of("appointment", appointment.client_id, appointment_id)


def clinic_for_day(store: Store, day: date, practice_id: str | None = None) -> list[ClinicSlot]:
    """Sessions starting on `day` (UK local), earliest first, with their clients."""
    pairs = store.queries.appointments_between(
        uk_day_start(day), uk_day_start(day + timedelta(days=1)))
    clashing = doublebook.overlapping(pairs)  # across practices: one coach, one place
    slots = [ClinicSlot(appointment, client, doublebook.words(clashing.get(appointment.id)))
             for appointment, client in pairs]
    if practice_id:
        slots = [s for s in slots if s.appointment.practice_id == practice_id]
    return slots


def sessions_for(store: Store, client_id: str) -> list[Appointment]:
    return store.repo(Appointment).find_by("client_id", client_id, order_by="start")


def next_session(store: Store, client_id: str, after: datetime) -> Appointment | None:
    upcoming = [
        a for a in sessions_for(store, client_id)
        if a.start >= after and a.state is AppointmentState.BOOKED
    ]
    return upcoming[0] if upcoming else None
