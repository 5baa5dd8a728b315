"""Append-only, hash-chained audit trail inside the vault."""

from __future__ import annotations

import json
from collections.abc import Iterable

from coachdesk.domain.audit import GENESIS_HASH, AuditEvent, verify_chain
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.store.sqlcipher import Connection


class AuditLog:
    def __init__(self, conn: Connection, actor: str, device_id: str) -> None:
        self._conn = conn
        self.actor = actor
        self.device_id = device_id

    def append(
        self, action: AuditAction, entity: str = "", entity_id: str = "",
        fields: Iterable[str] = (), detail: str = "",
    ) -> AuditEvent:
        """Write one event. Call inside the transaction of the change it describes."""
        row = self._conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        event = AuditEvent(
            id=new_id(), at=utc_now(), actor=self.actor, action=action, entity=entity,
            entity_id=entity_id, fields=sorted(fields), device_id=self.device_id, detail=detail,
        ).sealed(row[0] if row else GENESIS_HASH)
        self._conn.execute(
            "INSERT INTO audit(id, data, hash) VALUES (?, ?, ?)",
            (event.id, json.dumps(event.to_fields(), ensure_ascii=False), event.hash),
        )
        return event

    def events(self, entity_id: str | None = None, limit: int | None = None) -> list[AuditEvent]:
        sql, params = "SELECT data FROM audit", []
        if entity_id is not None:
            sql += " WHERE entity_id = ?"
            params.append(entity_id)
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " DESC LIMIT ?"
            params.append(limit)
        events = [AuditEvent.from_fields(json.loads(r[0])) for r in self._conn.execute(sql, params)]
        return events[::-1] if limit is not None else events

    def verify(self) -> int | None:
        """Index of the first broken link in the whole trail, or None if it is intact."""
        return verify_chain(self.events())
