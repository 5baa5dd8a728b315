"""The full audit check behind `vault check`: every event well formed, every link of the
hash chain sound, the chain matching its anchor, and every saved change audited.

Every finding is a sentence for a person; no malformed value ends in a traceback.
"""

from __future__ import annotations

import json
from datetime import datetime

from coachdesk.domain.audit import GENESIS_HASH, AuditEvent
from coachdesk.domain.enums import AuditAction
from coachdesk.store.auditlog import BATCH_DIGEST, members_digest
from coachdesk.store.sqlcipher import Connection, DatabaseError

_COLUMNS = ("seq", "id", "at", "actor", "action", "entity", "entity_id", "fields",
            "device_id", "detail", "prev_hash", "hash")
_ACTIONS = {a.value for a in AuditAction}
_TEXT = ("id", "actor", "entity", "entity_id", "device_id", "detail", "prev_hash", "hash")


def _event(row: dict[str, object]) -> AuditEvent | str:
    """The event, or the name of the first malformed field."""
    for name in _TEXT:
        if not isinstance(row[name], str):
            return name
    if row["action"] not in _ACTIONS:
        return "action"
    try:
        fields = json.loads(str(row["fields"]))
    except ValueError:
        return "fields"
    try:
        at = datetime.fromisoformat(str(row["at"]))
    except ValueError:
        return "time"
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        return "fields"
    if at.tzinfo is None:
        return "time"
    data = {k: v for k, v in row.items() if k != "seq"}
    data["fields"] = fields
    try:
        return AuditEvent.from_fields(data)  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError):
        return "values"


def chain_problem(conn: Connection) -> str | None:
    """The first malformed or unlinked event, in plain words, or None."""
    prev = GENESIS_HASH
    rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY seq")
    for position, values in enumerate(rows, start=1):
        row = dict(zip(_COLUMNS, values, strict=True))
        event = _event(row)
        if isinstance(event, str):
            return f"event {position} is malformed (its {event} value is not valid)"
        if event.prev_hash != prev:
            return f"event {position} does not follow the one before it"
        if event.compute_hash() != event.hash:
            return f"event {position} was changed after it was written"
        prev = event.hash
    return None


def batch_problem(conn: Connection) -> str | None:
    """A batch event whose listed records (audit_member) do not match the digest of ids
    it carries in the hash chain, or a listed record pointing at no batch event."""
    members: dict[int, list[str]] = {}
    for entity_id, seq in conn.execute("SELECT entity_id, audit_seq FROM audit_member"):
        members.setdefault(int(seq), []).append(str(entity_id))
    wrong = 0
    for seq, detail in conn.execute(
            "SELECT seq, detail FROM audit WHERE entity_id = '' AND detail LIKE '%ids sha256:%'"):
        match = BATCH_DIGEST.search(str(detail))
        ids = members.pop(int(seq), [])
        if match is None or members_digest(ids) != match.group(1):
            wrong += 1
    wrong += len(members)  # ids listed under an event that is no batch event
    if wrong:
        return f"{wrong} batch audit event(s) do not match the records they list"
    return None


def coverage_problem(conn: Connection) -> str | None:
    """Saved changes (the journal) whose record has fewer create/change events than writes
    (an event for a batch counts once for each record it lists)."""
    row = conn.execute(
        "SELECT count(*) FROM (SELECT entity_id, count(*) AS n FROM journal GROUP BY entity_id)"
        " AS j LEFT JOIN (SELECT entity_id, count(*) AS n FROM ("
        "  SELECT entity_id FROM audit WHERE action IN ('create', 'change')"
        "  UNION ALL SELECT m.entity_id FROM audit_member AS m JOIN audit AS a"
        "  ON a.seq = m.audit_seq AND a.action IN ('create', 'change'))"
        "  GROUP BY entity_id) AS a USING (entity_id)"
        " WHERE coalesce(a.n, 0) < j.n"
    ).fetchone()
    missing = int(row[0])
    if missing:
        return f"{missing} record(s) have saved changes with no audit event"
    return None


def audit_problems(conn: Connection, anchor_problem: str | None) -> list[str]:
    """Everything wrong with the audit trail; empty when it is intact."""
    found = [anchor_problem] if anchor_problem else []
    try:
        for check in (chain_problem, batch_problem, coverage_problem):
            if (problem := check(conn)) is not None:
                found.append(problem)
    except DatabaseError:
        found.append("the audit trail cannot be read: its table is missing or altered")
    return list(dict.fromkeys(found))
