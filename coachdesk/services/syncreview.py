"""Review changes from other devices: each conflict with both values, who and when, and
keeping either. Either choice is an ordinary edit here, so it syncs to every other device
like any other: keeping the value that lost writes it back; keeping the current one writes
it again under a new clock, so a device that offered the same conflict settles it too
(store/remote.py: a later value made knowing both sides). A conflict with nothing to
write (a case note, a deleted step, a kind this version does not know) is only marked
reviewed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from coachdesk.domain import ENTITY_TYPES, PlanStep
from coachdesk.domain.entity import JSONValue
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.timefmt import uk_datetime
from coachdesk.services.changes import Changes
from coachdesk.store.store import Store

KINDS = {"client": "Client", "practice": "Practice", "appointment": "Appointment",
         "action_plan": "Action plan", "plan_goal": "Goal", "plan_step": "Step",
         "signposting": "Signposting", "outcome": "Outcome",
         "directory_service": "Directory service", "case_note": "Case note"}


@dataclass(frozen=True, slots=True)
class ConflictView:
    op_id: str
    what: str  # "Client: phone"
    record: str  # the record's name, where it has one
    kept: str
    kept_by: str  # "this PC" or "another PC (…0e0160)", cut as the device list cuts it
    kept_at: str  # 23 Nov 2026 14:05
    lost: str
    lost_by: str
    lost_at: str
    reason: str
    can_keep_lost: bool


def _shown(value: JSONValue) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)


def _who(clock: str, own: str) -> tuple[str, str]:
    hlc, _, device = clock.partition(" ")
    try:
        moment = datetime.fromtimestamp(Timestamp.decode(hlc).wall_ms / 1000, UTC)
        when = uk_datetime(moment)
    except (ValueError, OverflowError, OSError):
        when = "unknown time"
    by = "this PC" if not device or device == own else f"another PC (…{device[-6:]})"
    return by, when


def _name(store: Store, entity: str, entity_id: str) -> str:
    cls = ENTITY_TYPES.get(entity)
    record = store.repo(cls).get(entity_id) if cls else None
    if record is None:
        return ""
    for attr in ("given_name", "name", "text", "title"):
        if value := getattr(record, attr, ""):
            family = getattr(record, "family_name", "") if attr == "given_name" else ""
            return f"{value} {family}".strip()
    return ""


def conflicts(store: Store) -> list[ConflictView]:
    own = store.device_id
    found = []
    for entry in store.sync_state.unreviewed_conflicts():
        kept_by, kept_at = _who(entry.kept_clock, own)
        lost_by, lost_at = _who(entry.lost_clock, own)
        found.append(ConflictView(
            entry.op_id, f"{KINDS.get(entry.entity, entry.entity)}: "
            f"{entry.field.replace('_', ' ')}", _name(store, entry.entity, entry.entity_id),
            _shown(entry.kept_value), kept_by, kept_at, _shown(entry.lost_value), lost_by,
            lost_at, entry.reason,
            entry.entity in ENTITY_TYPES and not entry.reason.startswith("a deleted step")
            and entry.entity != "case_note"))
    return found


def keep(store: Store, op_id: str, keep_lost: bool) -> Changes:
    entry = next((e for e in store.sync_state.unreviewed_conflicts() if e.op_id == op_id), None)
    if entry is None:
        raise ValueError("That change has been reviewed already.")
    changes = Changes()
    with store.transaction():
        cls = ENTITY_TYPES.get(entry.entity)
        record = store.repo(cls).get(entry.entity_id) if cls else None
        deleted = isinstance(record, PlanStep) and record.deleted
        if keep_lost:
            if cls is None or record is None:
                raise ValueError("That record is no longer here, so its value cannot be kept.")
            if deleted:
                raise ValueError("The step was deleted; a deleted step stays deleted.")
            value = cls.decode_field(entry.field, entry.lost_value)
            store.repo(cls).update(replace(record, **{entry.field: value}))
            changes = Changes.of(entry.entity, entry.client_id, entry.entity_id)
        elif record is not None and not deleted and entry.entity != "case_note":
            store.repo(cls).update(record, rewrite=(entry.field,))
            changes = Changes.of(entry.entity, entry.client_id, entry.entity_id)
        store.sync_state.mark_reviewed(op_id)
    return changes
