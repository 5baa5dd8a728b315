"""The outbox: one row per write of one record, with the new value of every field it
changed, written in the same transaction as the data.

On the wire each field is one `Change`: its device sequence number is the row's
`first_seq` plus its place in `fields`, and its op id is derived from the row's op id
and the field name, so one row serves every field without storing an id for each.

A creation does not copy the record: its `fields` is `AS_STORED` (''), meaning "every
field of the record, as its row holds it now", which is exactly what was written while
the record has not been written again. Every writer that changes an existing record's
data calls `freeze` first (in the same transaction), which puts the record's stored
fields into its creation entry, so the entry keeps what was created. (A migration that
rewrites records' data must freeze their entries first in the same way.)

Unpushed edits are not coalesced: every edit reaches the hub, so a device whose
concurrent edit wins still logs each losing value for review (tests/sync's stateful
test holds to that). Pushed entries leave once the hub acknowledges them
(`SyncState.compact_outbox`).
"""

from __future__ import annotations

import json
from typing import Any

from coachdesk.domain import ENTITY_TYPES
from coachdesk.domain.change import Change
from coachdesk.domain.ids import derived_id, new_id, new_ids
from coachdesk.store.sqlcipher import Connection

_COLUMNS = "op_id, first_seq, hlc, entity, entity_id, fields, client_id"
#: the pull cursor when a write is made: the server sequence up to which this device had
#: applied the team's changes (NULL outside a team); sent as the change's `known_upto`
_KNOWN_UPTO = ("(SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'pull_after'"
               " AND value GLOB '[0-9]*')")
#: a creation's `fields`: the record's fields as its row stores them (see above)
AS_STORED = ""


class Journal:
    def __init__(self, conn: Connection, device_id: str) -> None:
        self._conn = conn
        self.device_id = device_id
        # A vault opened by the app is always fully migrated; a vault left at an older
        # step (an upgrade's own tests build one with today's code) has no known_upto, and
        # its writes are journalled as that release journalled them.
        has_known = any(r[1] == "known_upto" for r in conn.execute("PRAGMA table_info(journal)"))
        self._insert = ("INSERT INTO journal(op_id, hlc, entity, entity_id, fields, first_seq,"
                        " last_seq, client_id" + (", known_upto" if has_known else "")
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?"
                        + (f", {_KNOWN_UPTO}" if has_known else "") + ")")

    def record(self, hlc: str, entity: str, entity_id: str, fields: dict[str, Any],
               client_id: str | None = None, as_stored: bool = False) -> str:
        """Journal one write (call inside its transaction); returns the row's op id.
        `as_stored`: a creation whose row holds exactly `fields` (sorted, as the
        repositories dump them), journalled without a copy of them."""
        op_id = new_id()
        row = self._conn.execute(
            "SELECT last_seq FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        first = (row[0] if row else 0) + 1
        self._conn.execute(
            self._insert,
            (op_id, hlc, entity, entity_id, AS_STORED if as_stored else
             json.dumps(fields, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
             first, first + len(fields) - 1, client_id),
        )
        return op_id

    def freeze(self, entity: str, entity_id: str) -> None:
        """Before the record's data is written again: its creation entry, if it refers to
        the stored row, takes a copy of the row's fields as they are (see the module)."""
        if entity not in ENTITY_TYPES:
            return
        self._conn.execute(
            f"UPDATE journal SET fields = (SELECT data FROM {entity} WHERE id = :id)"
            " WHERE entity_id = :id AND fields = '' AND entity = :entity",
            {"id": entity_id, "entity": entity})

    def record_many(self, entity: str,
                    writes: list[tuple[str, str, int, str | None]]) -> None:
        """Journal many creations of one table at once (inside their transaction), each
        as stored (see the module). Each is (hlc, entity id, how many fields, client)."""
        row = self._conn.execute(
            "SELECT last_seq FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        last = row[0] if row else 0
        rows = []
        for op_id, (hlc, entity_id, count, client_id) in zip(new_ids(len(writes)), writes,
                                                            strict=True):
            rows.append((op_id, hlc, entity, entity_id, AS_STORED, last + 1, last + count,
                         client_id))
            last += count
        self._conn.executemany(self._insert, rows)

    def last_hlc(self) -> str | None:
        row = self._conn.execute("SELECT hlc FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def pending(self, limit: int = 500) -> list[Change]:
        """The changes of the oldest `limit` writes not yet pushed, in device order."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM journal WHERE pushed = 0 ORDER BY seq LIMIT ?", (limit,)
        ).fetchall()
        return self._all_changes(rows)

    def pending_after(self, after_seq: int, limit: int = 500
                      ) -> tuple[list[Change], int | None]:
        """The changes of the oldest `limit` unpushed writes whose journal row comes after
        `after_seq`, and the last such row's `seq` (None when there is none): a push reads
        the outbox ahead of the hub's acknowledgements without reading a write twice."""
        changes, last, _known = self.pending_after_known(after_seq, limit)
        return changes, last

    def pending_after_known(self, after_seq: int, limit: int = 500
                            ) -> tuple[list[Change], int | None, dict[int, int]]:
        """`pending_after`, with each change's device sequence number mapped to the pull
        cursor when it was written, where known (see `_KNOWN_UPTO`)."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS}, seq, known_upto, last_seq FROM journal WHERE pushed = 0"
            " AND seq > ? ORDER BY seq LIMIT ?", (after_seq, limit)).fetchall()
        if not rows:
            return [], None, {}
        known = {q: int(r[-2]) for r in rows if r[-2] is not None
                 for q in range(r[1], r[-1] + 1)}  # r[1]: first_seq
        return self._all_changes([r[:-3] for r in rows]), int(rows[-1][-3]), known

    def first_unpushed_seq(self) -> int | None:
        """The journal `seq` of the oldest write still in the outbox."""
        row = self._conn.execute(
            "SELECT seq FROM journal WHERE pushed = 0 ORDER BY seq LIMIT 1").fetchone()
        return int(row[0]) if row else None

    def pending_count(self) -> int:
        """How many changes (fields) wait to be pushed."""
        row = self._conn.execute(
            "SELECT coalesce(sum(last_seq - first_seq + 1), 0) FROM journal WHERE pushed = 0"
        ).fetchone()
        return int(row[0])

    def pending_writes(self) -> int:
        """How many writes (each a save the coach made) wait to be pushed: the count the
        coach is shown. Zero exactly when pending_count() is."""
        row = self._conn.execute(
            "SELECT count(*) FROM journal WHERE pushed = 0 AND last_seq >= first_seq"
        ).fetchone()
        return int(row[0])

    def mark_pushed(self, through_seq: int) -> int:
        """The hub has every change up to `through_seq`: those writes leave the outbox.
        Returns how many writes were marked."""
        # Writes are numbered in journal order (`last_seq` never goes down as `seq` goes
        # up), so the writes to mark are the oldest unpushed ones: read them in order by
        # the unpushed index, a chunk at a time, and stop at the first one past
        # `through_seq`. (`pushed = 0 AND last_seq <= ?` read every unpushed write on
        # every acknowledgement: quadratic in a first push of a whole caseload.)
        marked = 0
        while True:
            rows = self._conn.execute(
                "SELECT seq, last_seq FROM journal WHERE pushed = 0 ORDER BY seq LIMIT 500"
            ).fetchall()
            done = [(seq,) for seq, last in rows if last <= through_seq]
            self._conn.executemany("UPDATE journal SET pushed = 1 WHERE seq = ?", done)
            marked += len(done)
            if len(done) < len(rows) or not rows:
                return marked

    def first_unpushed_hlc(self) -> str | None:
        """The clock of the oldest write still in the outbox (writes are pushed in order,
        so every local write with this clock or a later one is not on the hub yet)."""
        row = self._conn.execute(
            "SELECT hlc FROM journal WHERE pushed = 0 ORDER BY seq LIMIT 1").fetchone()
        return row[0] if row else None

    def for_entity(self, entity_id: str) -> list[Change]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM journal WHERE entity_id = ? ORDER BY seq", (entity_id,)
        ).fetchall()
        return self._all_changes(rows)

    def _all_changes(self, rows: list[tuple[Any, ...]]) -> list[Change]:
        stored = self._stored([(r[3], r[4]) for r in rows if r[5] == AS_STORED])
        # an entry whose record is gone (never: erasure takes both) gives no change
        return [c for r in rows
                for c in self._changes(r, stored.get(r[4], "{}") if r[5] == AS_STORED else r[5])]

    def _stored(self, refs: list[tuple[str, str]]) -> dict[str, str]:
        """The stored data of these (entity, id) records, by id."""
        by_entity: dict[str, list[str]] = {}
        for entity, entity_id in refs:
            if entity in ENTITY_TYPES:
                by_entity.setdefault(entity, []).append(entity_id)
        out: dict[str, str] = {}
        for entity, ids in by_entity.items():
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                out.update(self._conn.execute(
                    f"SELECT id, data FROM {entity} WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk).fetchall())
        return out

    def _changes(self, row: tuple[Any, ...], fields: str) -> list[Change]:
        op_id, first, hlc, entity, entity_id, _, client_id = row
        return [
            Change(op_id=derived_id(op_id, name), device_id=self.device_id, seq=first + n,
                   hlc=hlc, entity=entity, entity_id=entity_id, field=name, value=value,
                   client_id=client_id)
            for n, (name, value) in enumerate(json.loads(fields).items())
        ]
