"""The one change type of sync: a single field of a single record, as it travels.

The journal yields these for the outbox, `Store.apply_remote` takes them in, and the sync
wire format seals them. One field per change, each with its own UUIDv7 op id (the
idempotency key); `seq` is the making device's sequence number of the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachdesk.domain.entity import JSONValue


@dataclass(frozen=True, slots=True)
class Change:
    op_id: str
    device_id: str
    seq: int
    hlc: str
    entity: str
    entity_id: str
    field: str
    value: JSONValue
    #: the client the record belongs to (for erasure); None for practice/directory records
    client_id: str | None
