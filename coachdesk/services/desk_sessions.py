"""The Desk's action plan, a coaching session from start to end, and printing."""

from __future__ import annotations

from datetime import date, datetime

from coachdesk.domain.enums import StepOwner
from coachdesk.domain.plan import PlanStep
from coachdesk.services import clinic, followups, plans, printing
from coachdesk.services.changes import (
    APPOINTMENT,
    CASE_NOTE,
    DRAFT,
    PLAN,
    SIGNPOSTING,
    Changes,
    WithChanges,
)
from coachdesk.services.clinic import SessionStart
from coachdesk.services.plans import PlanView
from coachdesk.store.store import Store


class SessionOps:
    """Desk's operations on a client's plan and session, and their printouts."""

    _store: Store

    # ----- the action plan ----------------------------------------------------------------
    def add_goal(self, client_id: str, text: str) -> Changes:
        goal = plans.add_goal(self._store, client_id, text)
        return Changes.of(PLAN, client_id, goal.id)

    def add_step(self, client_id: str, text: str, owner: StepOwner = StepOwner.CLIENT,
                 due_on: date | None = None, review_on: date | None = None,
                 owner_name: str = "") -> WithChanges[PlanView]:
        """The value is the plan with the step added."""
        added = plans.add_step(self._store, client_id, text, owner, due_on, review_on,
                               owner_name)
        return WithChanges(Changes.of(PLAN, client_id, added.id),
                           plans.get_plan(self._store, client_id))

    def update_step(self, step: PlanStep) -> Changes:
        return plans.update_step(self._store, step)

    def reorder_steps(self, client_id: str, ordered_ids: list[str]) -> Changes:
        return plans.reorder_steps(self._store, client_id, ordered_ids)

    # ----- a session ------------------------------------------------------------------------
    def open_session(self, client_id: str, appointment_id: str | None,
                     now: datetime, started: datetime | None = None) -> SessionStart:
        """`started`: when a session resumed after a lock began; a session that was running
        when the app closed continues from its real start too."""
        return clinic.open_session(self._store, client_id, appointment_id, now, started)

    def signpost(self, client_id: str, service_id: str, reason: str,
                 follow_up_on: date | None) -> WithChanges[str]:
        """The value is the service's name, for the session's list."""
        record = followups.signpost(self._store, client_id, service_id, reason, follow_up_on)
        return WithChanges(Changes.of(SIGNPOSTING, client_id, record.id), record.service_name)

    def end_session(self, client_id: str, appointment_id: str | None, body: str,
                    tags: list[str], started: datetime) -> WithChanges[bool]:
        """The value says whether a note was saved."""
        note, appointment_id = clinic.end_session(self._store, client_id, appointment_id,
                                                  body, tags, started)
        changes = Changes.of(APPOINTMENT, client_id, appointment_id)
        if note is not None:
            changes |= Changes.of(CASE_NOTE, client_id, note.id)
        return WithChanges(changes, note is not None)

    def abandon_session(self, client_id: str, appointment_id: str | None,
                        body: str) -> Changes:
        """Nothing recorded but an audit line; a typed note is kept as a draft."""
        clinic.abandon_session(self._store, client_id, appointment_id, body)
        return Changes.of(DRAFT, client_id)

    def book_next(self, client_id: str, start: datetime,
                  practice_id: str | None = None) -> Changes:
        return clinic.book_next(self._store, client_id, start, practice_id)

    # ----- printing -----------------------------------------------------------------------
    def render_document(self, client_id: str, document: str, large: bool,
                        now: datetime) -> printing.Rendered:
        return printing.render_document(self._store, client_id, document, large, now)

    def pdf_folder(self) -> str:
        return printing.pdf_folder(self._store)

    def remember_pdf_folder(self, folder: str) -> Changes:
        return printing.remember_pdf_folder(self._store, folder)

    def record_rendered(self, rendered: printing.Rendered, how: str) -> WithChanges[int | None]:
        return printing.record_rendered(self._store, rendered, how)
