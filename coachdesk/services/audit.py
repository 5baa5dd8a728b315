"""The audit trail as people read it: what happened in words (never a table's name), the
viewer's filters, and Verify (the hash chain and its seal).

`describe(event)` is the one place an audit event becomes words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coachdesk.domain import Client
from coachdesk.domain.audit import AuditEvent
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.timefmt import uk_datetime, uk_day_start
from coachdesk.store.auditlog import batch_wording
from coachdesk.store.governance import AuditQuery
from coachdesk.store.store import Store

#: what each kind of record is called
RECORDS = {
    "client": "client details", "appointment": "session", "case_note": "note",
    "action_plan": "action plan", "plan_goal": "plan goal", "plan_step": "plan step",
    "signposting": "signposting", "outcome": "outcome", "practice": "practice",
    "directory_service": "directory service", "vault": "vault", "meta": "coach's details",
    "draft": "unsaved draft", "referral": "referral", "fit_note": "fit note period",
}
_VERBS = {AuditAction.CREATE: "added", AuditAction.CHANGE: "changed",
          AuditAction.VIEW: "opened", AuditAction.ERASE: "erased"}
_ONE_DAY = timedelta(days=1)
_FIXED = {AuditAction.UNLOCK: "vault unlocked", AuditAction.LOCK: "vault locked",
          AuditAction.FAILED_UNLOCK: "unlock failed: passphrase not recognised"}


def describe(event: AuditEvent, amends: bool = False) -> str:
    """What happened, in a coach's words. `amends`: a created note amends an earlier one."""
    if (batch := batch_wording(event)) is not None:  # one event for many records
        return batch
    action, record, detail = event.action, event.entity, event.detail.strip()
    if action in _FIXED:
        return _FIXED[action].capitalize()
    if action in (AuditAction.PRINT, AuditAction.EXPORT) and record == "client" and detail:
        text = detail if action is AuditAction.EXPORT or "print" in detail else (
            f"{detail} printed")
        return text[0].upper() + text[1:]
    if record in ("vault", "report") and detail:
        return detail[0].upper() + detail[1:]
    if record == "case_note" and action is AuditAction.CREATE:
        return "Note amended" if amends else "Note written"
    if record == "client" and action is AuditAction.ERASE:
        return "Client erased on request" + (f" ({detail})" if detail else "")
    what = RECORDS.get(record, record.replace("_", " ") or "record")
    text = f"{what} {_VERBS.get(action, action.label.lower())}"
    if action is AuditAction.VIEW and record == "client":
        text = "record opened" + (f" ({detail})" if detail and detail != "client record" else "")
    elif event.fields and action is AuditAction.CHANGE:
        text += ": " + ", ".join(f.replace("_", " ") for f in event.fields)
    elif detail and action is not AuditAction.VIEW:
        text += f" ({detail})"
    return text[0].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    when: str  # 23 Nov 2026 14:05
    actor: str
    action: str  # the action's label
    what: str  # describe(event)
    client: str  # the client's name, "" when the event concerns no client
    client_id: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    client_id: str = ""
    actor: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


def audit_rows(store: Store, wanted: AuditFilter, limit: int = 2000) -> list[AuditRow]:
    """The audit events matching `wanted`, newest first, described in words."""
    gov = store.governance
    ids = frozenset(gov.client_record_ids(wanted.client_id)) if wanted.client_id else None
    until = uk_day_start(wanted.until) + _ONE_DAY if wanted.until else None
    events = gov.audit_search(AuditQuery(
        ids, wanted.actor, wanted.action,
        uk_day_start(wanted.since) if wanted.since else None, until, limit))
    owners = gov.owners(e.entity_id for e in events if e.entity_id)
    amending = gov.amending_note_ids(
        e.entity_id for e in events if e.entity == "case_note")
    names = _names(store, set(owners.values()))
    rows = []
    for e in events:
        owner = owners.get(e.entity_id, "")
        rows.append(AuditRow(
            e.at, uk_datetime(e.at), e.actor, e.action.label,
            describe(e, e.entity_id in amending), names.get(owner, ""), owner))
    return rows


def _names(store: Store, client_ids: set[str]) -> dict[str, str]:
    repo = store.repo(Client)
    return {c.id: c.full_name for cid in client_ids if (c := repo.get(cid)) is not None}


def client_choices(store: Store) -> list[tuple[str, str]]:
    return store.governance.client_names()


def audit_people(store: Store) -> list[str]:
    """Everyone who appears in the trail, for the viewer's "who" filter."""
    return store.governance.audit_actors()


def verify_audit(store: Store) -> tuple[bool, str]:
    """Check the whole chain and its seal: (intact, a plain sentence saying so or where)."""
    problems = store.audit_problems()
    if not problems:
        return True, "The audit trail is intact: every event links to the one before it" \
            " and the trail matches its seal."
    return False, "The audit trail is broken: " + "; ".join(problems) + "."

