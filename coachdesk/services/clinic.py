"""Session mode's use cases: open a session, end it, book the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coachdesk.domain import Appointment, CaseNote, Client, DirectoryService
from coachdesk.domain.enums import AppointmentState, AuditAction
from coachdesk.domain.timefmt import uk_local
from coachdesk.services.appsession import note_draft_key
from coachdesk.services.changes import Changes
from coachdesk.services.notes import write_note
from coachdesk.services.plans import PlanView, get_plan
from coachdesk.services.session_clock import forget_start, session_started
from coachdesk.services.sessions import book_session, clinic_for_day, set_state
from coachdesk.store.store import Store


@dataclass(frozen=True, slots=True)
class SessionStart:
    client: Client
    appointment: Appointment | None
    plan: PlanView
    services: list[DirectoryService]
    draft: str
    started: datetime | None = None  # the session's real start (earlier, if resumed)


def open_session(store: Store, client_id: str, appointment_id: str | None,
                 now: datetime, started: datetime | None = None) -> SessionStart:
    client = store.repo(Client).view(client_id, detail="session")
    appointment = store.repo(Appointment).get(appointment_id) if appointment_id else None
    if appointment is None:
        today = [s.appointment for s in clinic_for_day(store, uk_local(now).date())
                 if s.client.id == client_id and s.appointment.state is AppointmentState.BOOKED]
        appointment = today[0] if today else None
    services = sorted((s for s in store.repo(DirectoryService).all() if s.active),
                      key=lambda s: s.name.casefold())
    key = note_draft_key(client_id)
    draft = store.drafts.get(key)
    if draft is None and (kept := store.drafts.get(abandoned_draft_key(client_id))):
        with store.transaction():  # the note of an abandoned session comes back here
            store.drafts.save(key, kept[0])
            store.drafts.discard(abandoned_draft_key(client_id))
        draft = kept
    began = session_started(store, client_id, started or now, now)
    return SessionStart(client, appointment, get_plan(store, client_id), services,
                        draft[0] if draft else "", began)


def abandoned_draft_key(client_id: str) -> str:
    """Kept apart from a running note's draft, so unlocking does not reopen the session."""
    return f"abandoned:{client_id}"


def abandon_session(store: Store, client_id: str, appointment_id: str | None,
                    body: str) -> None:
    """A session started by mistake: nothing is recorded (the slot stays as it was, no note,
    no attendance) but an audit line; any typed note is kept as a draft for the client's
    next session."""
    with store.transaction():
        store.drafts.discard(note_draft_key(client_id))
        forget_start(store, client_id)
        if body.strip():
            store.drafts.save(abandoned_draft_key(client_id), body)
        store.audit.append(AuditAction.CHANGE, "appointment" if appointment_id else "client",
                           appointment_id or client_id,
                           detail="session abandoned: nothing recorded"
                           + (", note kept as a draft" if body.strip() else ""))


def end_session(store: Store, client_id: str, appointment_id: str | None, body: str,
                tags: list[str], started: datetime) -> tuple[CaseNote | None, str]:
    """Save the note, mark the session attended (booking it if it was a drop-in), clear the
    draft; all in one transaction. Returns the note and the appointment id."""
    with store.transaction():
        if appointment_id is None:
            appointment_id = book_session(store, client_id, started).id
        set_state(store, appointment_id, AppointmentState.ATTENDED)
        note = write_note(store, client_id, body, tags, appointment_id) if body.strip() else None
        store.drafts.discard(note_draft_key(client_id))
        store.drafts.discard(abandoned_draft_key(client_id))
        forget_start(store, client_id)
    return note, appointment_id


def book_next(store: Store, client_id: str, start: datetime,
              practice_id: str | None = None) -> Changes:
    """Refused with diary.SlotTaken (the clash named, free slots offered) on an overlap,
    and, once clinic days are set, at a time none of the coach's clinics covers, as the
    Book dialog refuses it. The panel offers no choice of practice, so with clinic days
    the clinic at that time decides where; without them, the suggested practice."""
    from coachdesk.services import clinicdays
    from coachdesk.services.diary import book

    where = None if clinicdays.patterns(store) else practice_id
    appointment = book(store, client_id, start, where, by_clinic=True,
                       advice="Choose one of those times, or another day.")
    return Changes.of("appointment", client_id, appointment.id)


