"""What a printed document is made from: domain records gathered by the caller.

The caller (a service) loads the records; this package only chooses what a client may
see and how to say it. Nothing here reads identifiers, notes, audit data or health details.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from coachdesk.domain.casework import Appointment, Signposting
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.people import Client, Practice
from coachdesk.domain.plan import ActionPlan, PlanGoal, PlanStep

#: a service chosen for this client, with the signposting record that says why
SignpostedService = tuple[Signposting, DirectoryService]


@dataclass(frozen=True, slots=True)
class CoachContact:
    """How the client reaches their coach. Any of phone and email may be blank."""

    name: str
    phone: str = ""
    email: str = ""
    role: str = "work coach"


@dataclass(frozen=True, slots=True)
class SignpostingPrintout:
    """Everything the signposting sheet shows."""

    client: Client
    practice: Practice | None
    coach: CoachContact
    services: Sequence[SignpostedService]
    printed_on: date


@dataclass(frozen=True, slots=True)
class PlanPrintout:
    """Everything the action plan shows.

    `next_appointment_place` is where the next appointment is held when that is not the
    client's own practice; leave it None to use `practice`.
    """

    client: Client
    practice: Practice | None
    coach: CoachContact
    plan: ActionPlan
    goals: Sequence[PlanGoal]
    steps: Sequence[PlanStep]
    next_appointment: Appointment | None
    printed_on: date
    services: Sequence[SignpostedService] = field(default_factory=tuple)
    crisis_contacts: Sequence[DirectoryService] = field(default_factory=tuple)
    next_appointment_place: Practice | None = None

    @property
    def appointment_place(self) -> Practice | None:
        return self.next_appointment_place or self.practice

    def signposting(self) -> SignpostingPrintout:
        """The signposting sheet for the same client, coach and services."""
        return SignpostingPrintout(
            client=self.client,
            practice=self.practice,
            coach=self.coach,
            services=self.services,
            printed_on=self.printed_on,
        )


def suggested_file_name(kind: str, client: Client, day: date) -> str:
    """'Action plan - ZO - 2026-11-23.pdf': the client's initials, never their name (a
    saved PDF's name shows in folders, backups and email), safe on Windows and Linux."""
    bad = '<>:"/\\|?*'
    words = [client.preferred_name or client.given_name, client.family_name]
    cleaned = ["".join(ch for ch in w if ch.isalpha() and ch not in bad) for w in words]
    initials = "".join(w[0].upper() for w in cleaned if w) or "client"
    return f"{kind} - {initials} - {day.isoformat()}.pdf"
