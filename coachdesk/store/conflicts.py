"""Reading what sync kept aside: the conflict log (both sides of each concurrent edit, for
the coach to review) and the changes parked for a later version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from coachdesk.domain.change import Change
from coachdesk.domain.entity import JSONValue
from coachdesk.domain.timefmt import from_iso
from coachdesk.store.sqlcipher import Connection


@dataclass(frozen=True, slots=True)
class ConflictEntry:
    op_id: str  # the change from another device that met this record's value
    entity: str
    entity_id: str
    field: str
    client_id: str | None
    kept_value: JSONValue
    kept_clock: str  # "<hlc> <device id>"
    lost_value: JSONValue
    lost_clock: str
    reason: str
    logged_at: datetime


@dataclass(frozen=True, slots=True)
class ParkedChange:
    change: Change
    reason: str
    received_at: datetime


class ConflictLog:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def entries(self, client_id: str | None = None) -> list[ConflictEntry]:
        sql = ("SELECT op_id, entity, entity_id, field, client_id, kept_value, kept_clock,"
               " lost_value, lost_clock, reason, logged_at FROM conflict")
        params: tuple[str, ...] = ()
        if client_id is not None:
            sql, params = sql + " WHERE client_id = ?", (client_id,)
        rows = self._conn.execute(sql + " ORDER BY id", params)
        return [ConflictEntry(*r[:5], json.loads(r[5]), r[6], json.loads(r[7]), r[8], r[9],
                              from_iso(r[10])) for r in rows]

    def parked(self) -> list[ParkedChange]:
        rows = self._conn.execute(
            "SELECT change, reason, received_at FROM sync_parked ORDER BY rowid")
        return [ParkedChange(Change(**json.loads(c)), reason, from_iso(at))
                for c, reason, at in rows]

    def staged_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM sync_staged").fetchone()[0])
