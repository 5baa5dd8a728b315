"""Named reads for records governance: the audit trail filtered for the viewer, and every
record one client has in the vault (for subject access and erasure)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coachdesk.domain.audit import AuditEvent
from coachdesk.domain.timefmt import to_iso
from coachdesk.store.auditlog import _COLUMNS, _event
from coachdesk.store.sqlcipher import Connection

#: tables whose rows belong to one client through their client_id column
CLIENT_TABLES = ("appointment", "case_note", "action_plan", "plan_goal", "plan_step",
                 "signposting", "outcome", "consent", "referral", "fit_note")


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """What the audit viewer asks for; every part optional."""

    entity_ids: frozenset[str] | None = None  # a client and all their records
    actor: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    limit: int = 2000


def _chunks(ids: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


class Governance:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # ----- the audit trail ------------------------------------------------------------
    def audit_search(self, query: AuditQuery) -> list[AuditEvent]:
        """Matching events, newest first, at most `limit`."""
        where, params = [], []  # type: tuple[list[str], list[Any]]
        if query.actor:
            where.append("actor = ?")
            params.append(query.actor)
        if query.action:
            where.append("action = ?")
            params.append(query.action)
        if query.since is not None:
            where.append("at >= ?")
            params.append(to_iso(query.since))
        if query.until is not None:
            where.append("at < ?")
            params.append(to_iso(query.until))
        if query.entity_ids is not None:
            if not query.entity_ids:
                return []
            where.append("entity_id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(query.entity_ids)))
        sql = f"SELECT {', '.join(_COLUMNS)} FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC LIMIT ?"
        params.append(query.limit)
        return [_event(r) for r in self._conn.execute(sql, params)]

    def audit_actors(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT DISTINCT actor FROM audit ORDER BY 1")]

    def owners(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """The client each of `entity_ids` belongs to (a client belongs to itself)."""
        found: dict[str, str] = {}
        for chunk in _chunks(entity_ids):
            marks = ",".join("?" * len(chunk))
            found.update((i, i) for (i,) in self._conn.execute(
                f"SELECT id FROM client WHERE id IN ({marks})", chunk))
            for table in CLIENT_TABLES:
                found.update(self._conn.execute(
                    f"SELECT id, client_id FROM {table} WHERE id IN ({marks})", chunk))
        return found

    def client_names(self) -> list[tuple[str, str]]:
        """(id, "Family, Given") of every client, by name (the covering index)."""
        rows = self._conn.execute(
            "SELECT id, family_name, given_name FROM client ORDER BY family_name, given_name")
        return [(i, f"{family}, {given}") for i, family, given in rows]

    def closed_clients(self) -> list[dict[str, Any]]:
        """Every closed case, as stored (the covering index finds them)."""
        rows = self._conn.execute("SELECT data FROM client WHERE case_status = 'closed'")
        return [json.loads(d) for (d,) in rows]

    def amending_note_ids(self, note_ids: Iterable[str]) -> set[str]:
        """Which of `note_ids` are notes that amend an earlier one."""
        out: set[str] = set()
        for chunk in _chunks(note_ids):
            rows = self._conn.execute(
                f"SELECT id FROM case_note WHERE id IN ({','.join('?' * len(chunk))})"
                " AND amends_id IS NOT NULL", chunk)
            out.update(r[0] for r in rows)
        return out

    # ----- one client's records -------------------------------------------------------
    def client_rows(self, client_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every stored record of the client, by table, as stored (oldest id first)."""
        out: dict[str, list[dict[str, Any]]] = {}
        row = self._conn.execute("SELECT data FROM client WHERE id = ?", (client_id,)).fetchone()
        out["client"] = [json.loads(row[0])] if row else []
        for table in CLIENT_TABLES:
            rows = self._conn.execute(
                f"SELECT data FROM {table} WHERE client_id = ? ORDER BY id", (client_id,))
            out[table] = [json.loads(d) for (d,) in rows]
        return out

    def client_record_ids(self, client_id: str) -> set[str]:
        """The client's id and the id of every record of theirs in the vault."""
        ids = {client_id}
        for table in CLIENT_TABLES:
            ids.update(r[0] for r in self._conn.execute(
                f"SELECT id FROM {table} WHERE client_id = ?", (client_id,)))
        ids.update(r[0] for r in self._conn.execute(
            "SELECT entity_id FROM journal WHERE client_id = ?", (client_id,)))
        return ids

    def client_conflicts(self, client_id: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT entity, field, kept_value, lost_value, reason, logged_at FROM conflict"
            " WHERE client_id = ? ORDER BY id", (client_id,))
        keys = ("entity", "field", "kept_value", "lost_value", "reason", "logged_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]
