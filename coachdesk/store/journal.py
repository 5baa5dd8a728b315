"""The outbox: one row per write of one record, with the new value of every field it
changed, written in the same transaction as the data.

On the wire each field is one `Change`: its device sequence number is the row's
`first_seq` plus its place in `fields`, and its op id is derived from the row's op id
and the field name, so one row serves every field without storing an id for each.
"""

from __future__ import annotations

import json
from typing import Any

from coachdesk.domain.change import Change
from coachdesk.domain.ids import derived_id, new_id
from coachdesk.store.sqlcipher import Connection

_COLUMNS = "op_id, first_seq, hlc, entity, entity_id, fields, client_id"


class Journal:
    def __init__(self, conn: Connection, device_id: str) -> None:
        self._conn = conn
        self.device_id = device_id

    def record(self, hlc: str, entity: str, entity_id: str, fields: dict[str, Any],
               client_id: str | None = None) -> str:
        """Journal one write (call inside its transaction); returns the row's op id."""
        op_id = new_id()
        row = self._conn.execute(
            "SELECT last_seq FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        first = (row[0] if row else 0) + 1
        self._conn.execute(
            "INSERT INTO journal(op_id, hlc, entity, entity_id, fields, first_seq, last_seq,"
            " client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (op_id, hlc, entity, entity_id,
             json.dumps(fields, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
             first, first + len(fields) - 1, client_id),
        )
        return op_id

    def record_many(self, entity: str,
                    writes: list[tuple[str, str, str, int, str | None]]) -> None:
        """Journal many writes of one table at once (inside their transaction). Each write
        is (hlc, entity id, its fields as JSON with sorted keys, how many fields, client)."""
        row = self._conn.execute(
            "SELECT last_seq FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        last = row[0] if row else 0
        rows = []
        for hlc, entity_id, fields, count, client_id in writes:
            rows.append((new_id(), hlc, entity, entity_id, fields, last + 1, last + count,
                         client_id))
            last += count
        self._conn.executemany(
            "INSERT INTO journal(op_id, hlc, entity, entity_id, fields, first_seq, last_seq,"
            " client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def last_hlc(self) -> str | None:
        row = self._conn.execute("SELECT hlc FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def pending(self, limit: int = 500) -> list[Change]:
        """The changes of the oldest `limit` writes not yet pushed, in device order."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM journal WHERE pushed = 0 ORDER BY seq LIMIT ?", (limit,)
        )
        return [c for r in rows for c in self._changes(r)]

    def pending_count(self) -> int:
        """How many changes (fields) wait to be pushed."""
        row = self._conn.execute(
            "SELECT coalesce(sum(last_seq - first_seq + 1), 0) FROM journal WHERE pushed = 0"
        ).fetchone()
        return int(row[0])

    def mark_pushed(self, through_seq: int) -> int:
        """The hub has every change up to `through_seq`: those writes leave the outbox.
        Returns how many writes were marked."""
        cur = self._conn.execute(
            "UPDATE journal SET pushed = 1 WHERE pushed = 0 AND last_seq <= ?", (through_seq,))
        return int(cur.rowcount)

    def first_unpushed_hlc(self) -> str | None:
        """The clock of the oldest write still in the outbox (writes are pushed in order,
        so every local write with this clock or a later one is not on the hub yet)."""
        row = self._conn.execute(
            "SELECT hlc FROM journal WHERE pushed = 0 ORDER BY seq LIMIT 1").fetchone()
        return row[0] if row else None

    def for_entity(self, entity_id: str) -> list[Change]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM journal WHERE entity_id = ? ORDER BY seq", (entity_id,)
        )
        return [c for r in rows for c in self._changes(r)]

    def _changes(self, row: tuple[Any, ...]) -> list[Change]:
        op_id, first, hlc, entity, entity_id, fields, client_id = row
        return [
            Change(op_id=derived_id(op_id, name), device_id=self.device_id, seq=first + n,
                   hlc=hlc, entity=entity, entity_id=entity_id, field=name, value=value,
                   client_id=client_id)
            for n, (name, value) in enumerate(json.loads(fields).items())
        ]
