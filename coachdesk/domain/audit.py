"""Audit events: who did what to which record, hash-chained so tampering shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import AuditAction

GENESIS_HASH = "0" * 64


@dataclass(slots=True)
class AuditEvent(Entity):
    """Field names only, never values: the trail must not become a second copy of the data."""

    ENTITY: ClassVar[str] = "audit_event"

    id: str
    at: datetime
    actor: str
    action: AuditAction
    entity: str = ""
    entity_id: str = ""
    fields: list[str] = field(default_factory=list)
    device_id: str = ""
    detail: str = ""
    prev_hash: str = GENESIS_HASH
    hash: str = ""

    def compute_hash(self) -> str:
        body = self.to_fields()
        body.pop("hash")
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def sealed(self, prev_hash: str) -> AuditEvent:
        self.prev_hash = prev_hash
        self.hash = self.compute_hash()
        return self


def verify_chain(events: list[AuditEvent]) -> int | None:
    """Index of the first event whose hash or link is wrong, or None if the chain holds."""
    prev = GENESIS_HASH
    for index, event in enumerate(events):
        if event.prev_hash != prev or event.compute_hash() != event.hash:
            return index
        prev = event.hash
    return None
