"""The outbox: one row per changed field, written in the same transaction as the data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coachdesk.domain.ids import new_id
from coachdesk.store.sqlcipher import Connection


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    op_id: str
    device_id: str
    hlc: str
    entity: str
    entity_id: str
    field: str
    value: Any


class Journal:
    def __init__(self, conn: Connection, device_id: str) -> None:
        self._conn = conn
        self.device_id = device_id

    def record(self, hlc: str, entity: str, entity_id: str, fields: dict[str, Any]) -> None:
        self._conn.executemany(
            "INSERT INTO journal(op_id, device_id, hlc, entity, entity_id, field, value)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (new_id(), self.device_id, hlc, entity, entity_id, name,
                 json.dumps(value, ensure_ascii=False))
                for name, value in fields.items()
            ],
        )

    def last_hlc(self) -> str | None:
        row = self._conn.execute("SELECT hlc FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def pending(self, limit: int = 500) -> list[Change]:
        rows = self._conn.execute(
            "SELECT seq, op_id, device_id, hlc, entity, entity_id, field, value"
            " FROM journal WHERE pushed = 0 ORDER BY seq LIMIT ?", (limit,)
        )
        return [Change(*row[:7], json.loads(row[7])) for row in rows]

    def pending_count(self) -> int:
        row = self._conn.execute("SELECT count(*) FROM journal WHERE pushed = 0").fetchone()
        return int(row[0])

    def for_entity(self, entity_id: str) -> list[Change]:
        rows = self._conn.execute(
            "SELECT seq, op_id, device_id, hlc, entity, entity_id, field, value"
            " FROM journal WHERE entity_id = ? ORDER BY seq", (entity_id,)
        )
        return [Change(*row[:7], json.loads(row[7])) for row in rows]
