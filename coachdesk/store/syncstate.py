"""The device's sync bookkeeping inside the vault: membership and keys, the pull cursor,
changes refused or held back, outbox compaction, and the live field view that `verify`
compares with the hub. Everything here is encrypted with the vault; nothing is ever
written to a plain file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from coachdesk.domain import ENTITY_TYPES, PlanStep
from coachdesk.domain.entity import JSONValue
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store import clocks
from coachdesk.store.conflicts import ConflictEntry, ConflictLog
from coachdesk.store.sqlcipher import Connection

#: sync_state key of the own pushes the pulls have not passed (see `push_marks`)
PUSH_MARKS = "push_marks"
#: sync_state key of the same marks kept after the pull cursor passes them (the newest
#: SEQ_MARKS_KEPT): a change pushed later may still have been made without seeing them
SEQ_MARKS = "seq_marks"
SEQ_MARKS_KEPT = 256


@dataclass(frozen=True, slots=True)
class RefusedChange:
    server_seq: int
    device_id: str
    op_id: str
    reason: str
    sealed: dict[str, Any]  # the change as the hub sent it (ciphertext, no clear value)
    held: bool


@dataclass(frozen=True, slots=True)
class LiveField:
    entity: str
    entity_id: str
    field: str
    value: JSONValue
    clock: clocks.Clock  # (hlc, device id)
    deleted_step: bool  # a deleted plan step: "deleted" stays true whatever the clocks say


class SyncState:
    """Call the writing methods inside `Store.transaction()`."""

    def __init__(self, conn: Connection, device_id: str) -> None:
        self._conn = conn
        self._own = device_id

    # ----- membership, keys and cursor ------------------------------------------------
    def get(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM sync_state WHERE key = ?",
                                 (key,)).fetchone()
        return row[0] if row else None

    def values(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM sync_state").fetchall())

    def put(self, values: dict[str, str]) -> None:
        self._conn.executemany("INSERT OR REPLACE INTO sync_state(key, value) VALUES (?, ?)",
                               sorted(values.items()))

    def forget(self, keys: list[str]) -> None:
        self._conn.executemany("DELETE FROM sync_state WHERE key = ?", [(k,) for k in keys])

    # ----- own pushes the pulls have not passed yet ------------------------------------
    def push_marks(self) -> list[tuple[int, str]]:
        """(server sequence, clock) of the first change of each acknowledged push the
        pull cursor has not passed yet, in order: the hub took every own write from that
        clock on at that sequence or later (writes are pushed in order)."""
        return [(int(seq), str(hlc)) for seq, hlc in json.loads(self.get(PUSH_MARKS) or "[]")]

    def add_push_mark(self, server_seq: int, hlc: str) -> None:
        marks = [m for m in self.push_marks() if m[0] < server_seq] + [(server_seq, hlc)]
        kept = [m for m in self._seq_marks() if m[0] < server_seq] + [(server_seq, hlc)]
        self.put({PUSH_MARKS: json.dumps(marks),
                  SEQ_MARKS: json.dumps(kept[-SEQ_MARKS_KEPT:])})

    def _seq_marks(self) -> list[tuple[int, str]]:
        return [(int(seq), str(hlc)) for seq, hlc in json.loads(self.get(SEQ_MARKS) or "[]")]

    def seq_marks(self) -> list[tuple[int, str]]:
        """Every mark still known, passed or not (the newest SEQ_MARKS_KEPT), in order:
        with a change's `known_upto` K, own writes from the first mark after K on were
        not seen by the device that made the change."""
        return sorted(set(self._seq_marks()) | set(self.push_marks()))

    def pass_push_marks(self, pulled_upto: int) -> bool:
        """The pull cursor is at `pulled_upto`: marks at or before it can tell nothing
        about changes still to come (those have later sequences). True if any went."""
        marks = self.push_marks()
        kept = [m for m in marks if m[0] > pulled_upto]
        if len(kept) < len(marks):
            self.put({PUSH_MARKS: json.dumps(kept)})
        return len(kept) < len(marks)

    # ----- refused and held changes ---------------------------------------------------
    def refuse(self, server_seq: int, device_id: str, op_id: str, reason: str,
               sealed: dict[str, Any], held: bool) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO sync_refused(server_seq, device_id, op_id, reason, sealed,"
            " held, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (server_seq, device_id, op_id, reason, json.dumps(sealed, sort_keys=True),
             int(held), to_iso(utc_now())))

    def refused(self, held: bool | None = None) -> list[RefusedChange]:
        sql = "SELECT server_seq, device_id, op_id, reason, sealed, held FROM sync_refused"
        params: tuple[int, ...] = ()
        if held is not None:
            sql, params = sql + " WHERE held = ?", (int(held),)
        rows = self._conn.execute(sql + " ORDER BY server_seq", params)
        return [RefusedChange(s, d, o, r, json.loads(j), bool(h)) for s, d, o, r, j, h in rows]

    def release(self, server_seq: int) -> None:
        self._conn.execute("DELETE FROM sync_refused WHERE server_seq = ?", (server_seq,))

    # ----- outbox ---------------------------------------------------------------------
    def compact_outbox(self, since_seq: int | None = None) -> int:
        """Drop writes the hub has acknowledged, keeping the newest row of the journal
        (the next write's sequence number and the clock go on from it), and those of
        pushes no pull has passed yet (`push_marks`: a change still to come may show
        them concurrent, and each of their values is logged if so).

        `since_seq`: look only at rows from that journal position on (an acknowledgement
        passes the position of the first row it marked: the rows before were looked at
        by earlier compactions, and a new push mark only keeps more). Without it, every
        pushed row; the pull's compaction, after marks are passed, looks at them all."""
        marks = self.push_marks()
        keep_from = min(hlc for _seq, hlc in marks) if marks else "~"
        # Pushed writes are the oldest ones (writes are pushed in order), so only those
        # before the oldest unpushed one are looked at, by the key: a range, not a scan of
        # the whole journal on every acknowledgement (nor, with `since_seq`, of every
        # row kept for a push mark: a first push of a caseload keeps them all).
        cur = self._conn.execute(
            "DELETE FROM journal WHERE seq < coalesce("
            "(SELECT seq FROM journal WHERE pushed = 0 ORDER BY seq LIMIT 1),"
            " (SELECT max(seq) FROM journal)) AND seq < (SELECT max(seq) FROM journal)"
            " AND seq >= ? AND pushed = 1 AND hlc < ?", (since_seq or 0, keep_from))
        return int(cur.rowcount)

    def journal_rows(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM journal").fetchone()[0])

    # ----- what this vault holds, field by field --------------------------------------
    def live_fields(self) -> Iterator[LiveField]:
        for name, cls in sorted(ENTITY_TYPES.items()):
            rows = self._conn.execute(f"SELECT id, data, clocks, hlc FROM {name}")
            for entity_id, data, packed, hlc in rows:
                record = json.loads(data)
                record_clocks = json.loads(packed)
                record_clocks.setdefault(clocks.BASE, hlc)
                deleted = cls is PlanStep and bool(record.get("deleted"))
                for field, value in record.items():
                    yield LiveField(name, entity_id, field, value,
                                    clocks.of_field(record_clocks, field, self._own), deleted)

    def record_ids(self) -> set[str]:
        found: set[str] = set()
        for name in ENTITY_TYPES:
            found.update(r[0] for r in self._conn.execute(f"SELECT id FROM {name}"))
        return found

    def erased_ids(self) -> set[str]:
        """Clients erased here or on another device (ids only: no personal data)."""
        return {r[0] for r in self._conn.execute("SELECT client_id FROM erased_client")}

    def unpushed_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute(
            "SELECT DISTINCT entity_id FROM journal WHERE pushed = 0")}

    # ----- the conflict log's review --------------------------------------------------
    def unreviewed_conflicts(self) -> list[ConflictEntry]:
        return [e for e in ConflictLog(self._conn).entries()
                if e.op_id in self._unreviewed()]

    def _unreviewed(self) -> set[str]:
        return {r[0] for r in self._conn.execute(
            "SELECT op_id FROM conflict WHERE reviewed_at IS NULL")}

    def settle_conflicts(self, entity_id: str, field: str, clock: str) -> int:
        """A later value of the field has come from another device, made knowing this
        device's: the older conflicts of that field it offered for review are settled
        (the coach on the other PC may have chosen it). Returns how many."""
        cur = self._conn.execute(
            "UPDATE conflict SET reviewed_at = ? WHERE entity_id = ? AND field = ?"
            " AND reviewed_at IS NULL AND kept_clock < ? AND lost_clock < ?",
            (to_iso(utc_now()), entity_id, field, clock, clock))
        return int(cur.rowcount)

    def mark_reviewed(self, op_id: str) -> None:
        self._conn.execute("UPDATE conflict SET reviewed_at = ? WHERE op_id = ?",
                           (to_iso(utc_now()), op_id))
