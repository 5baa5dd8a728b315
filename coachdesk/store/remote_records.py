"""What a change from another device is checked against and gathered into: why this
version cannot apply one (parked), the record being merged, and the batch's report."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from coachdesk.domain import ENTITY_TYPES
from coachdesk.domain.change import Change
from coachdesk.domain.entity import Entity
from coachdesk.domain.hlc import Timestamp

EDITED_ON_TWO_DEVICES = "edited on two devices"
#: a clock further ahead of this PC's than this is kept aside rather than let it drag
#: this device's clock (and so every later edit) into the future
MAX_AHEAD_MS = 24 * 60 * 60 * 1000
EDITED_AFTER_DELETE = "edited on another device after the step was deleted"
#: starts like "a deleted step stays deleted": the review offers no keeping (see syncreview)
DELETED_WITHOUT_SEEING = "a deleted step: deleted on another device without seeing this edit"


@dataclass(slots=True)
class ApplyReport:
    applied: int = 0  # changes that set a field of a record
    duplicates: int = 0  # seen before (or this device's own): nothing to do
    superseded: int = 0  # older than a later write that (as far as this device can
    #                      tell) was made knowing it: nothing lost
    conflicts: int = 0  # concurrent edits: the losing value kept in the conflict table
    parked: int = 0  # this version cannot apply it: kept aside in sync_parked
    erased: int = 0  # clients erased on another device, erased here too
    dropped_erased: int = 0  # changes for a client erased here or elsewhere: dropped
    staged: int = 0  # fields of a new record still missing others: kept in sync_staged
    #: what the batch changed, for views to refresh: kinds of record, and their clients
    kinds: set[str] = field(default_factory=set)
    client_ids: set[str] = field(default_factory=set)


@dataclass(slots=True)
class MergedRecord:
    cls: type[Entity]
    entity_id: str
    client_id: str | None
    data: dict[str, Any]
    clocks: dict[str, str]
    in_table: bool
    hlc: str = ""
    changed: set[str] = field(default_factory=set)
    received: int = 0  # fields of a record not in its table yet, taken in this batch


def is_append_only(cls: type[Entity]) -> bool:
    return set(cls.field_names()) <= cls.IMMUTABLE



def problem_of(change: Change) -> str:
    """Why this version cannot apply a change (plain words), or "" if it can."""
    try:
        stamp = Timestamp.decode(change.hlc)
    except (ValueError, AttributeError):
        return "its clock is not readable"
    if stamp.wall_ms > time.time_ns() // 1_000_000 + MAX_AHEAD_MS:
        return "its clock is more than a day ahead of this computer's"
    cls = ENTITY_TYPES.get(change.entity)
    if cls is None:
        return f"unknown kind of record {change.entity!r}"
    if not cls.has_field(change.field):
        return f"unknown field {change.field!r}"
    if change.field == "id" and change.value != change.entity_id:
        return "its id field names another record"
    try:
        cls.decode_field(change.field, change.value)
    except ValueError:
        return "its value does not fit the field"
    return ""


def complete_entity(record: MergedRecord) -> Entity | None:
    if not record.cls.required_fields() <= record.data.keys():
        return None
    try:
        return record.cls.from_fields(record.data)
    except (TypeError, ValueError):
        return None


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
