"""Gather what a printed action plan or signposting sheet shows, and record each print.

The printing package lays pages out from what this returns; it never reads the store.
"""

from __future__ import annotations

from datetime import datetime

from coachdesk.domain import Client, DirectoryService, Practice, Signposting
from coachdesk.domain.enums import AuditAction, SignpostOutcome
from coachdesk.printing.model import (
    CoachContact,
    PlanPrintout,
    SignpostedService,
    SignpostingPrintout,
)
from coachdesk.services.plans import get_plan, record_printed
from coachdesk.services.sessions import next_session
from coachdesk.store.store import Store

_LEFT_OFF = {SignpostOutcome.NOT_SUITABLE, SignpostOutcome.DECLINED}


def coach_contact(store: Store) -> CoachContact:
    """The coach's details as set in preferences (meta), falling back to the actor name."""
    rows = store.coach_details()
    return CoachContact(
        name=rows.get("coach_name") or store.actor, phone=rows.get("coach_phone", ""),
        email=rows.get("coach_email", ""), role=rows.get("coach_role") or "work coach",
    )


def signposted_services(store: Store, client_id: str) -> list[SignpostedService]:
    """The client's current signposting, newest first, with each service's details."""
    services = store.repo(DirectoryService)
    out: list[SignpostedService] = []
    records = store.repo(Signposting).find_by("client_id", client_id, order_by="made_on")
    for record in reversed(records):
        service = services.get(record.service_id)
        if service is not None and record.outcome not in _LEFT_OFF:
            out.append((record, service))
    return out


def crisis_contacts(store: Store) -> list[DirectoryService]:
    return store.queries.active_crisis_services()


def plan_printout(store: Store, client_id: str, now: datetime) -> PlanPrintout:
    client = store.repo(Client).require(client_id)
    practice = store.repo(Practice).get(client.practice_id) if client.practice_id else None
    view = get_plan(store, client_id)
    upcoming = next_session(store, client_id, now)
    place = None
    if upcoming and upcoming.practice_id and upcoming.practice_id != client.practice_id:
        place = store.repo(Practice).get(upcoming.practice_id)
    return PlanPrintout(
        client=client, practice=practice, coach=coach_contact(store), plan=view.plan,
        goals=view.goals, steps=view.steps, next_appointment=upcoming,
        printed_on=store.today(), services=signposted_services(store, client_id),
        crisis_contacts=crisis_contacts(store), next_appointment_place=place,
    )


def record_document(store: Store, client_id: str, document: str, how: str) -> int | None:
    """Audit a print ("printed") or a PDF saved ("saved as PDF"); a printed action plan
    also records the plan version on the client's record. Returns that version."""
    if how == "printed" and document == "action plan":
        return record_printed(store, client_id, document)
    action = AuditAction.PRINT if how == "printed" else AuditAction.EXPORT
    with store.transaction():
        store.audit.append(action, "client", client_id, detail=f"{document} {how}")
    return None


def print_warning(printout: PlanPrintout | SignpostingPrintout) -> str:
    """What to tell the coach before a print or a saved PDF: "" when all is well, else which
    characters would print as empty boxes and where (the UI asks "Print anyway?")."""
    from coachdesk.printing.check import unprintable_warning  # ReportLab: on first print

    return unprintable_warning(printout)
