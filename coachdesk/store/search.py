"""Full-text search (FTS5) over client names, notes, plan goals and steps, and the
directory; kept current by the repositories inside the same transaction as the data."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coachdesk.store.sqlcipher import Connection

_TOKEN = re.compile(r"\w+", re.UNICODE)

#: entity name -> function giving (title, body, client_id) to index, or None to index nothing
Indexer = Callable[[Any], tuple[str, str, str | None] | None]


def _client(c: Any) -> tuple[str, str, str | None]:
    title = " ".join(x for x in (c.given_name, c.preferred_name, c.family_name) if x)
    body = " ".join(x for x in (c.nhs_number, c.ni_number, c.postcode, c.referrer) if x)
    return title, body, c.id


def _text_of(record: Any) -> tuple[str, str, str | None] | None:
    if getattr(record, "deleted", False):
        return None
    return "", record.text, record.client_id


def _note(n: Any) -> tuple[str, str, str | None]:
    return "", n.body, n.client_id


def _service(s: Any) -> tuple[str, str, str | None]:
    body = " ".join([s.organisation, s.description, " ".join(s.categories), s.local_notes])
    return s.name, body, None


INDEXERS: dict[str, Indexer] = {
    "client": _client,
    "case_note": _note,
    "plan_goal": _text_of,
    "plan_step": _text_of,
    "directory_service": _service,
}


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    ref_id: str
    client_id: str | None
    title: str
    snippet: str
    rank: float


def match_expression(text: str) -> str | None:
    """Type-ahead query: every word must match, each as a prefix. None if no words."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens[:12])


class SearchIndex:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def put(self, kind: str, record: Any) -> None:
        indexer = INDEXERS.get(kind)
        if indexer is None:
            return
        doc = indexer(record)
        row = self._conn.execute(
            "SELECT rowid FROM search_doc WHERE ref_id = ?", (record.id,)
        ).fetchone()
        if row is not None:
            self._conn.execute("DELETE FROM search_fts WHERE rowid = ?", (row[0],))
            if doc is None:
                self._conn.execute("DELETE FROM search_doc WHERE rowid = ?", (row[0],))
                return
            rowid = row[0]
            self._conn.execute(
                "UPDATE search_doc SET client_id = ? WHERE rowid = ?", (doc[2], rowid)
            )
        elif doc is None:
            return
        else:
            rowid = self._conn.execute(
                "INSERT INTO search_doc(kind, ref_id, client_id) VALUES (?, ?, ?)",
                (kind, record.id, doc[2]),
            ).lastrowid
        self._conn.execute(
            "INSERT INTO search_fts(rowid, title, body) VALUES (?, ?, ?)", (rowid, doc[0], doc[1])
        )

    def query(
        self, text: str, kinds: set[str] | None = None, client_id: str | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        expr = match_expression(text)
        if expr is None:
            return []
        sql = (
            "SELECT d.kind, d.ref_id, d.client_id, search_fts.title,"
            " snippet(search_fts, 1, '[', ']', '…', 10), bm25(search_fts, 10.0, 1.0) AS r"
            " FROM search_fts JOIN search_doc d ON d.rowid = search_fts.rowid"
            " WHERE search_fts MATCH ?"
        )
        params: list[Any] = [expr]
        if kinds:
            sql += f" AND d.kind IN ({','.join('?' * len(kinds))})"
            params.extend(sorted(kinds))
        if client_id is not None:
            sql += " AND d.client_id = ?"
            params.append(client_id)
        sql += " ORDER BY r LIMIT ?"
        params.append(limit)
        return [SearchHit(*row) for row in self._conn.execute(sql, params)]
