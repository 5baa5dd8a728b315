"""Everything the client record screen shows, read in one go (the view is audited)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from coachdesk.domain import Appointment, AuditEvent, Client, OutcomeEvent, Practice, Signposting
from coachdesk.domain.enums import AuditAction
from coachdesk.services.clients import open_client_record
from coachdesk.services.consent import consent_state
from coachdesk.services.merge import merged_ids
from coachdesk.services.notes import NoteEntry, timeline
from coachdesk.services.plans import PlanView, get_plan
from coachdesk.services.sessions import next_session, sessions_for
from coachdesk.store.auditlog import batch_wording
from coachdesk.store.store import Store


@dataclass(frozen=True, slots=True)
class ClientRecord:
    client: Client
    practice: Practice | None
    notes: list[NoteEntry]
    sessions: list[Appointment]
    next_session: Appointment | None
    plan: PlanView
    signposting: list[Signposting]
    outcomes: list[OutcomeEvent]
    audit: list[AuditEvent]
    consent_banner: str = ""  # shown above the record when consent was withdrawn


def load_record(store: Store, client_id: str, now: datetime,
                audit_view: bool = True) -> ClientRecord:
    """`audit_view=False` when re-reading after the coach's own change to an open record:
    the opening was audited already, and every change is audited as itself."""
    client = (open_client_record(store, client_id) if audit_view
              else store.repo(Client).require(client_id))
    record = _load(store, client, now)
    return replace(record, audit=record_audit(store, record),
                   consent_banner=consent_state(store, client_id).banner)


def _load(store: Store, client: Client, now: datetime) -> ClientRecord:
    """The client's history, and that of every record merged into theirs."""
    ids = merged_ids(store, client.id)
    practice = store.repo(Practice).get(client.practice_id) if client.practice_id else None
    plans = [get_plan(store, i) for i in ids]
    upcoming = [a for i in ids if (a := next_session(store, i, now)) is not None]
    return ClientRecord(
        client=client,
        practice=practice,
        notes=sorted((e for i in ids for e in timeline(store, i)),
                     key=lambda e: e.note.written_at, reverse=True),
        sessions=sorted((a for i in ids for a in sessions_for(store, i)), key=lambda a: a.start),
        next_session=min(upcoming, key=lambda a: a.start) if upcoming else None,
        plan=PlanView(plans[0].plan, [g for v in plans for g in v.goals],
                      [st for v in plans for st in v.steps]),
        signposting=sorted((x for i in ids for x in store.repo(Signposting).find_by(
            "client_id", i)), key=lambda x: x.made_on),
        outcomes=sorted((x for i in ids for x in store.repo(OutcomeEvent).find_by(
            "client_id", i)), key=lambda x: x.occurred_on),
        audit=[],
    )


def record_audit(store: Store, record: ClientRecord) -> list[AuditEvent]:
    """The trail of the client and of everything that belongs to them, oldest first."""
    ids = {*merged_ids(store, record.client.id), record.plan.plan.id}
    ids.update(e.note.id for e in record.notes)
    ids.update(a.id for a in record.sessions)
    ids.update(g.id for g in record.plan.goals)
    ids.update(s.id for s in record.plan.steps)
    ids.update(s.id for s in record.signposting)
    ids.update(o.id for o in record.outcomes)
    return store.audit.events_for(ids)


#: audit actions whose detail says what happened better than the action's name does
SAID_BY_DETAIL = frozenset({AuditAction.CREATE, AuditAction.CHANGE, AuditAction.PRINT,
                            AuditAction.EXPORT, AuditAction.ERASE})


def audit_wording(event: AuditEvent) -> str:
    """What happened, in the coach's words: "Large-print action plan saved as PDF",
    "Note amended", not "Export" or "Create"."""
    if (batch := batch_wording(event)) is not None:
        return batch
    if event.detail and event.action in SAID_BY_DETAIL:
        return event.detail[:1].upper() + event.detail[1:]
    return event.action.label
