"""Append-only, hash-chained audit trail inside the vault."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

from coachdesk.domain.audit import GENESIS_HASH, AuditEvent, verify_chain
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.store.sqlcipher import Connection

_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "fields", "device_id",
            "detail", "prev_hash", "hash")


#: how a batch event's detail carries the digest of its records' ids
BATCH_DIGEST = re.compile(r"ids sha256:([0-9a-f]{64})")


def members_digest(entity_ids: Iterable[str]) -> str:
    """The digest a batch event carries of the ids it covers (sorted, one a line)."""
    return hashlib.sha256("\n".join(sorted(entity_ids)).encode("utf-8")).hexdigest()


_BATCH_WORDS = re.compile(
    r"^(\d+) (\w+) records written together; ids sha256:[0-9a-f]{64}(?: \((.*)\))?$", re.S)


def batch_wording(event: AuditEvent) -> str | None:
    """A batch event in a person's words ("Created with 2,499 other client records (first
    sync)"), or None if the event is not a batch event."""
    match = _BATCH_WORDS.match(event.detail) if not event.entity_id else None
    if match is None:
        return None
    others = int(match.group(1)) - 1
    what = match.group(2).replace("_", " ")
    verb = "Created" if event.action is AuditAction.CREATE else "Changed"
    said = f"{verb} with {others:,} other {what} record{'s' if others != 1 else ''}"
    return said + (f" ({match.group(3)})" if match.group(3) else "")


def _event(row: tuple[str, ...]) -> AuditEvent:
    data: dict[str, object] = dict(zip(_COLUMNS, row, strict=True))
    data["fields"] = json.loads(row[6])
    return AuditEvent.from_fields(data)  # type: ignore[arg-type]


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
        row = event.to_fields()
        row["fields"] = json.dumps(row["fields"])
        self._conn.execute(
            f"INSERT INTO audit({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
            [row[c] for c in _COLUMNS],
        )
        return event

    def append_batch(self, action: AuditAction, entity: str, entity_ids: Iterable[str],
                     detail: str = "") -> AuditEvent:
        """One event for many records written together (call inside their transaction):
        the count and a digest of their ids are in the event, so in the hash chain; the ids
        themselves go to `audit_member`, where `events_for` finds the event by any of them."""
        ids = sorted(set(entity_ids))
        text = f"{len(ids)} {entity} records written together; ids sha256:{members_digest(ids)}"
        event = self.append(action, entity, "", (), text + (f" ({detail})" if detail else ""))
        seq = self._conn.execute("SELECT seq FROM audit WHERE id = ?", (event.id,)).fetchone()[0]
        self._conn.executemany("INSERT INTO audit_member(entity_id, audit_seq) VALUES (?, ?)",
                               [(i, seq) for i in ids])
        return event

    def events(self, entity_id: str | None = None, limit: int | None = None) -> list[AuditEvent]:
        sql, params = f"SELECT {', '.join(_COLUMNS)} FROM audit", []
        if entity_id is not None:
            sql += " WHERE entity_id = ?"
            params.append(entity_id)
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " DESC LIMIT ?"
            params.append(limit)
        events = [_event(r) for r in self._conn.execute(sql, params)]
        return events[::-1] if limit is not None else events

    def events_for(self, entity_ids: Iterable[str]) -> list[AuditEvent]:
        """Events about any of `entity_ids` (a client and all their records), oldest first."""
        ordered = sorted(set(entity_ids))
        rows: list[tuple[str, ...]] = []
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self._conn.execute(
                f"SELECT seq, {', '.join(_COLUMNS)} FROM audit WHERE entity_id IN ({marks})"
                f" OR seq IN (SELECT audit_seq FROM audit_member WHERE entity_id IN ({marks}))",
                chunk * 2,
            ).fetchall()
        unique = {r[0]: r for r in rows}
        return [_event(unique[seq][1:]) for seq in sorted(unique)]

    def verify(self) -> int | None:
        """Index of the first broken link in the whole trail, or None if it is intact."""
        return verify_chain(self.events())
