"""Appointments, case notes, signposting and outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import ClassVar

from coachdesk.domain import validation as v
from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import AppointmentMode, AppointmentState, OutcomeKind, SignpostOutcome
from coachdesk.domain.errors import ValidationError


@dataclass(slots=True)
class Appointment(Entity):
    ENTITY: ClassVar[str] = "appointment"

    id: str
    client_id: str
    practice_id: str | None
    start: datetime
    length_minutes: int = 30
    mode: AppointmentMode = AppointmentMode.IN_PERSON
    state: AppointmentState = AppointmentState.BOOKED
    arrived: bool = False
    cancelled_reason: str = ""  # why it was cancelled, in the coach's words

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.length_minutes)

    @property
    def state_words(self) -> str:
        """What Today and the Diary both say: Waiting once a booked client has arrived."""
        if self.state is AppointmentState.BOOKED:
            return "Waiting" if self.arrived else "Booked"
        return self.state.label

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if not 5 <= self.length_minutes <= 240:
            p["length_minutes"] = "A session lasts between 5 minutes and 4 hours."
        if self.start.tzinfo is None:
            p["start"] = "The start time needs a time zone."
        if p:
            raise ValidationError(p)


@dataclass(slots=True)
class CaseNote(Entity):
    """Append-only. A correction is a new note whose `amends_id` names the earlier one."""

    ENTITY: ClassVar[str] = "case_note"
    IMMUTABLE: ClassVar[frozenset[str]] = frozenset(
        {"id", "client_id", "appointment_id", "author", "written_at", "body", "tags", "amends_id"}
    )

    id: str
    client_id: str
    author: str
    written_at: datetime
    body: str
    appointment_id: str | None = None
    tags: list[str] = field(default_factory=list)
    amends_id: str | None = None

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if msg := v.check_required(self.body, "note"):
            p["body"] = msg
        if msg := v.check_required(self.author, "author"):
            p["author"] = msg
        if self.amends_id == self.id:
            p["amends_id"] = "A note cannot amend itself."
        if p:
            raise ValidationError(p)


@dataclass(slots=True)
class Signposting(Entity):
    ENTITY: ClassVar[str] = "signposting"

    id: str
    client_id: str
    service_id: str
    service_name: str
    made_on: date
    reason: str = ""
    follow_up_on: date | None = None
    outcome: SignpostOutcome = SignpostOutcome.PENDING
    outcome_on: date | None = None

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if msg := v.check_required(self.service_name, "service"):
            p["service_name"] = msg
        if msg := v.check_not_future(self.made_on, "signposting date", today):
            p["made_on"] = msg
        if self.follow_up_on and self.follow_up_on < self.made_on:
            p["follow_up_on"] = "The follow-up date must be on or after the signposting date."
        if p:
            raise ValidationError(p)


@dataclass(slots=True)
class OutcomeEvent(Entity):
    ENTITY: ClassVar[str] = "outcome"

    id: str
    client_id: str
    occurred_on: date
    kind: OutcomeKind
    evidence: str = ""

    def validate(self, today: date) -> None:
        if msg := v.check_not_future(self.occurred_on, "outcome date", today):
            raise ValidationError({"occurred_on": msg})
