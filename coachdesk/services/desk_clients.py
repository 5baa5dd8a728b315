"""The Desk's caseload, Today and a client's record: listing, searching, registering and
editing clients, and what happens to them (outcomes, bookings)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import AppointmentMode, AppointmentState, OutcomeKind
from coachdesk.domain.enums import SignpostOutcome as SignpostResult
from coachdesk.services import (
    clients,
    clinicday,
    diary,
    drafts,
    followups,
    merge,
    notes,
    practices,
    sessions,
)
from coachdesk.services.caseload import CaseloadRow, caseload_rows
from coachdesk.services.changes import APPOINTMENT, CASE_NOTE, OUTCOME, Changes
from coachdesk.services.duplicates import Candidate, candidates
from coachdesk.services.followups import FollowUp, follow_ups_page
from coachdesk.services.record import ClientRecord, load_record
from coachdesk.services.sessions import ClinicSlot
from coachdesk.store.store import Store

#: Today lists the longest overdue follow-ups only (and says how many there are in all)
FOLLOW_UPS_SHOWN = 200
SEARCH_KINDS = frozenset({"client", "case_note", "plan_step", "plan_goal"})


@dataclass(frozen=True, slots=True)
class TodayClinic:
    practices: list[Practice]
    practice_id: str | None  # the clinic shown: chosen today, or the busiest today
    slots: list[ClinicSlot]
    follow_ups: list[FollowUp]  # the earliest FOLLOW_UPS_SHOWN
    elsewhere: list[ClinicSlot] = field(default_factory=list)  # other practices today
    chosen: bool = False  # the coach chose this clinic today
    follow_ups_total: int = 0


@dataclass(frozen=True, slots=True)
class ClientForm:
    practices: list[Practice]
    draft: dict[str, str]  # what was typed before a lock, if asked for
    client: Client | None  # the client whose details are being edited
    clinic_practice_id: str | None = None  # the practice of today's clinic: a new client's



class ClientOps:
    """Desk's operations on the caseload, Today's clinic and a client's record."""

    _store: Store

    # ----- caseload and today -----------------------------------------------------------
    def caseload(self, today: date, now: datetime) -> tuple[list[CaseloadRow], list[Practice]]:
        return caseload_rows(self._store, today, now), practices.practices(self._store)

    def search_clients(self, text: str, limit: int = 500) -> tuple[frozenset[str], bool]:
        """Clients whose name, notes or plan match; and whether the hits were cut at limit."""
        hits = self._store.search(text, kinds=set(SEARCH_KINDS), limit=limit, snippets=False)
        return frozenset(h.client_id for h in hits if h.client_id), len(hits) >= limit

    def today(self, today: date) -> TodayClinic:
        """Today's clinic and the coach's follow-ups due."""
        shown, total = self.follow_ups(today)
        return replace(self.clinic_today(today), follow_ups=shown, follow_ups_total=total)

    def clinic_today(self, today: date) -> TodayClinic:
        """Today's clinic alone (a few indexed reads): Today shows it first and asks for
        the follow-ups (the longer read) after it, while the coach is still on the page."""
        day = clinicday.clinic_day(self._store, today)
        return TodayClinic(day.practices, day.practice_id, day.slots, [], day.elsewhere,
                           day.chosen)

    def follow_ups(self, today: date) -> tuple[list[FollowUp], int]:
        """The earliest FOLLOW_UPS_SHOWN follow-ups due, and how many there are in all."""
        return follow_ups_page(self._store, today, limit=FOLLOW_UPS_SHOWN)

    def choose_clinic(self, today: date, practice_id: str) -> Changes:
        """The coach is running today's clinic at this practice (kept for the day)."""
        return clinicday.choose_clinic(self._store, today, practice_id)

    def add_practice(self, practice: Practice) -> Changes:
        return practices.add_practice(self._store, practice)

    def mark_arrived(self, appointment_id: str) -> Changes:
        return sessions.mark_arrived(self._store, appointment_id)

    def set_state(self, appointment_id: str, state: AppointmentState) -> Changes:
        return sessions.set_state(self._store, appointment_id, state)

    # ----- a client's record ------------------------------------------------------------
    def load_record(self, client_id: str, now: datetime, opening: bool) -> ClientRecord:
        return load_record(self._store, client_id, now, opening)

    def client_form(self, restore_draft: bool, client_id: str | None,
                    today: date | None = None) -> ClientForm:
        draft = drafts.take_form_draft(self._store) if restore_draft else {}
        if not restore_draft:
            drafts.discard_draft(self._store, drafts.CLIENT_FORM_DRAFT)
        editing = draft.get("_editing") or client_id
        client = self._store.repo(Client).view(editing, "edit details") if editing else None
        clinic = clinicday.clinic_day(self._store, today).practice_id if today else None
        return ClientForm(practices.practices(self._store), draft, client, clinic)

    def register_client(self, client: Client, allow_duplicate: bool = False) -> Changes:
        return clients.register_client(self._store, client, allow_duplicate=allow_duplicate)

    def duplicate_candidates(self, client_id: str) -> list[Candidate]:
        """Who else on the caseload may be this client, each with why."""
        return candidates(self._store, self._store.repo(Client).require(client_id))

    def merge_clients(self, keep_id: str, other_id: str) -> Changes:
        """One person, two records: the second joins the first; both histories kept."""
        return merge.merge_clients(self._store, keep_id, other_id)

    def update_client(self, client: Client) -> Changes:
        return clients.update_client(self._store, client)

    def close_case(self, client_id: str, reason: str) -> Changes:
        return clients.close_case(self._store, client_id, reason)

    def reopen_case(self, client_id: str) -> Changes:
        return clients.reopen_case(self._store, client_id)

    def amend_note(self, note_id: str, body: str, reason: str) -> Changes:
        note = notes.amend_note(self._store, note_id, body, reason)
        return Changes.of(CASE_NOTE, note.client_id, note.id)

    def record_signpost_outcome(self, signposting_id: str, outcome: SignpostResult) -> Changes:
        return followups.record_signpost_outcome(self._store, signposting_id, outcome)

    def record_outcome(self, client_id: str, kind: OutcomeKind, on: date,
                       evidence: str) -> Changes:
        event = followups.record_outcome(self._store, client_id, kind, on, evidence)
        return Changes.of(OUTCOME, client_id, event.id)

    def book_session(self, client_id: str, start: datetime,
                     mode: AppointmentMode = AppointmentMode.IN_PERSON) -> Changes:
        """The Book dialog's check (diary.book with by_clinic): refused with
        diary.SlotTaken, the next free slots offered, if it overlaps another appointment
        of the coach or no clinic covers the time (once clinic days are set)."""
        appointment = diary.book(self._store, client_id, start, mode=mode, by_clinic=True)
        return Changes.of(APPOINTMENT, client_id, appointment.id)
