"""The outbox: one operation per write of one record, with the new value of every field
it changed, written in the same transaction as the data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coachdesk.domain.ids import new_id
from coachdesk.store.sqlcipher import Connection

_COLUMNS = "seq, op_id, hlc, entity, entity_id, fields"


@dataclass(frozen=True, slots=True)
class Change:
    seq: int  # this device's sequence number
    op_id: str  # idempotency key for the hub
    hlc: str
    entity: str
    entity_id: str
    fields: dict[str, Any]  # field name -> new value (JSON form)


def _change(row: tuple[Any, ...]) -> Change:
    return Change(*row[:5], json.loads(row[5]))


class Journal:
    def __init__(self, conn: Connection, device_id: str) -> None:
        self._conn = conn
        self.device_id = device_id

    def record(self, hlc: str, entity: str, entity_id: str, fields: dict[str, Any]) -> str:
        op_id = new_id()
        self._conn.execute(
            "INSERT INTO journal(op_id, hlc, entity, entity_id, fields) VALUES (?, ?, ?, ?, ?)",
            (op_id, hlc, entity, entity_id,
             json.dumps(fields, ensure_ascii=False, separators=(",", ":"))),
        )
        return op_id

    def last_hlc(self) -> str | None:
        row = self._conn.execute("SELECT hlc FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def pending(self, limit: int = 500) -> list[Change]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM journal WHERE pushed = 0 ORDER BY seq LIMIT ?", (limit,)
        )
        return [_change(r) for r in rows]

    def pending_count(self) -> int:
        row = self._conn.execute("SELECT count(*) FROM journal WHERE pushed = 0").fetchone()
        return int(row[0])

    def for_entity(self, entity_id: str) -> list[Change]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM journal WHERE entity_id = ? ORDER BY seq", (entity_id,)
        )
        return [_change(r) for r in rows]
