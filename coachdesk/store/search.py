"""Full-text search (FTS5) over client names, notes, plan goals and steps; kept current
by the repositories inside the same transaction as the data. (Directory services are not
in it: the directory searches its own index, `coachdesk/directory/search.py`, which
filters by area, age and opening times too; migration orukpages took them out.)

`search_text` (notes and plan text: nearly all the words) is contentless
(`contentless_delete=1`): it holds the index only, never a second copy of the text.
Snippets are cut from the records themselves, and a row is deleted by its rowid (erasure
then merges the index so no deleted word stays in it). FTS5 keeps a deleted contentless
row in its bm25 totals (document count, average length), so after many edits text hits
may rank a little differently from a fresh index; `rebuild` makes the totals exact again.
`search_names` is small and keeps its content, so names always rank exactly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coachdesk.domain import ENTITY_TYPES
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


INDEXERS: dict[str, Indexer] = {
    "client": _client,
    "case_note": _note,
    "plan_goal": _text_of,
    "plan_step": _text_of,
}


class _Stored:
    """A stored record's fields as attributes (a field it lacks reads as empty)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __getattr__(self, name: str) -> Any:
        return ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    ref_id: str
    client_id: str | None
    title: str
    snippet: str
    rank: float


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, as the index's tokenizer sees words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def make_snippet(body: str, words: list[str], width: int = 12) -> str:
    """A few words around the first word that starts with a query word, marked [like so]."""
    tokens = body.split()
    hit = next((i for i, tok in enumerate(tokens)
                if any(_fold(tok).lstrip("([\"'").startswith(w) for w in words if w)), None)
    if hit is None:
        return " ".join(tokens[:width]) + (" …" if len(tokens) > width else "")
    start = max(0, hit - width // 3)
    shown = tokens[start:start + width]
    shown[hit - start] = f"[{shown[hit - start]}]"
    return ("… " if start else "") + " ".join(shown) + (
        " …" if start + width < len(tokens) else "")


def match_expression(text: str) -> str | None:
    """Type-ahead query: every word must match, each as a prefix. None if no words."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens[:12])


#: type-ahead shorter than this searches names only (the small index)
TEXT_MIN_CHARS = 3
#: longer text is ranked by relevance among its most recent matches only, so a common
#: word in 200,000 notes costs the same as a rare one
TEXT_RANK_WINDOW = 400

_HIT_SQL = "SELECT rowid, kind, ref_id, client_id, title FROM search_doc WHERE rowid IN ({})"


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
            rowid = row[0]
            self._conn.execute("DELETE FROM search_names WHERE rowid = ?", (rowid,))
            self._conn.execute("DELETE FROM search_text WHERE rowid = ?", (rowid,))
            if doc is None:
                self._conn.execute("DELETE FROM search_doc WHERE rowid = ?", (rowid,))
                return
            self._conn.execute(
                "UPDATE search_doc SET client_id = ?, title = ? WHERE rowid = ?",
                (doc[2], doc[0], rowid),
            )
        elif doc is None:
            return
        else:
            rowid = self._conn.execute(
                "INSERT INTO search_doc(kind, ref_id, client_id, title) VALUES (?, ?, ?, ?)",
                (kind, record.id, doc[2], doc[0]),
            ).lastrowid
        if doc[0]:
            self._conn.execute(
                "INSERT INTO search_names(rowid, title) VALUES (?, ?)", (rowid, doc[0])
            )
        if doc[1]:
            self._conn.execute(
                "INSERT INTO search_text(rowid, body) VALUES (?, ?)", (rowid, doc[1])
            )

    def put_new(self, kind: str, records: Sequence[Any]) -> int:
        """Index records not in the index yet (just created), a few statements for all of
        them; returns how many were indexed. Call inside the transaction that wrote them."""
        indexer = INDEXERS.get(kind)
        if indexer is None or not records:
            return 0
        docs = [(r.id, d) for r in records if (d := indexer(r)) is not None]
        if not docs:
            return 0
        top = self._conn.execute("SELECT coalesce(max(rowid), 0) FROM search_doc").fetchone()
        first = int(top[0]) + 1
        numbered = [(first + n, ref, doc) for n, (ref, doc) in enumerate(docs)]
        conn = self._conn
        conn.executemany(
            "INSERT INTO search_doc(rowid, kind, ref_id, client_id, title) VALUES (?, ?, ?, ?, ?)",
            [(rowid, kind, ref, doc[2], doc[0]) for rowid, ref, doc in numbered])
        conn.executemany("INSERT INTO search_names(rowid, title) VALUES (?, ?)",
                         [(rowid, doc[0]) for rowid, _, doc in numbered if doc[0]])
        conn.executemany("INSERT INTO search_text(rowid, body) VALUES (?, ?)",
                         [(rowid, doc[1]) for rowid, _, doc in numbered if doc[1]])
        return len(numbered)

    def drop(self, ref_ids: Iterable[str]) -> int:
        """Take records out of the index (call inside a transaction); how many were in it."""
        listed = json.dumps(sorted(set(ref_ids)))
        rowids = [(r[0],) for r in self._conn.execute(
            "SELECT rowid FROM search_doc WHERE ref_id IN (SELECT value FROM json_each(?))",
            (listed,))]
        for table in ("search_names", "search_text", "search_doc"):
            self._conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", rowids)
        return len(rowids)

    def rebuild(self, ref_ids: Iterable[str] | None = None) -> int:
        """Index again, from the stored records, the records with these ids (of any
        indexed kind), or every indexed record when `ref_ids` is None (the index is
        emptied first). Returns how many records are now indexed. Call inside a
        transaction: the records and their index entries then always agree."""
        conn = self._conn
        if ref_ids is None:
            conn.execute("DELETE FROM search_names")
            # the contentless table's own way to empty, which also resets its bm25 totals
            conn.execute("INSERT INTO search_text(search_text) VALUES ('delete-all')")
            conn.execute("DELETE FROM search_doc")
            wanted = None
        else:
            wanted = json.dumps(sorted(set(ref_ids)))
            self.drop(json.loads(wanted))
        done = 0
        for kind in INDEXERS:
            sql = f"SELECT data FROM {kind}"
            rows = (conn.execute(sql + " ORDER BY rowid") if wanted is None else conn.execute(
                sql + " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid", (wanted,)))
            batch: list[Any] = []
            for (data,) in rows:
                # the indexers read text fields (and `deleted`, `categories`), the same in
                # the JSON form: no decoding of every field through the type hints (it was
                # two thirds of a first sync's index build)
                batch.append(_Stored(json.loads(data)))
                if len(batch) >= 5000:
                    done += self.put_new(kind, batch)
                    batch = []
            done += self.put_new(kind, batch)
        return done

    def _bodies(self, rowids: list[int]) -> dict[int, str]:
        """The indexed text of these search rows, taken from their records (the index
        keeps no copy of it)."""
        marks = ",".join("?" * len(rowids))
        by_kind: dict[str, dict[str, int]] = {}
        for rowid, kind, ref_id in self._conn.execute(
                f"SELECT rowid, kind, ref_id FROM search_doc WHERE rowid IN ({marks})", rowids):
            by_kind.setdefault(kind, {})[ref_id] = rowid
        out: dict[int, str] = {}
        for kind, refs in by_kind.items():
            indexer = INDEXERS.get(kind)
            if kind not in ENTITY_TYPES or indexer is None:
                continue
            ids = list(refs)
            for ref_id, data in self._conn.execute(
                    f"SELECT id, data FROM {kind} WHERE id IN ({','.join('?' * len(ids))})",
                    ids):
                # the indexers read text fields only, the same in the JSON form: no decoding
                doc = indexer(_Stored(json.loads(data)))
                if doc is not None:
                    out[refs[ref_id]] = doc[1]
        return out

    def query(
        self, text: str, kinds: set[str] | None = None, client_id: str | None = None,
        limit: int = 50, snippets: bool = True,
    ) -> list[SearchHit]:
        """Names first (ranked), then notes, steps and descriptions (ranked by bm25).
        `snippets=False` leaves them empty (search-as-you-type needs only whose hits)."""
        expr = match_expression(text)
        if expr is None:
            return []
        hits = self._ranked("search_names", expr, kinds, client_id, limit)
        if len(hits) < limit and max(len(t) for t in _TOKEN.findall(text)) >= TEXT_MIN_CHARS:
            seen = {h.ref_id for h in hits}
            more = self._ranked("search_text", expr, kinds, client_id, limit - len(hits),
                                text if snippets else None)
            hits += [h for h in more if h.ref_id not in seen]
        return hits

    def _ranked(self, table: str, expr: str, kinds: set[str] | None,
                client_id: str | None, limit: int, query_text: str | None = ""
                ) -> list[SearchHit]:
        # Rank first (cheap), then fetch details and snippets for the few rows kept.
        where, params = [f"{table} MATCH ?"], [expr]
        join = ""
        if kinds or client_id is not None:
            join = f" JOIN search_doc d ON d.rowid = {table}.rowid"
            if kinds:
                where.append(f"d.kind IN ({','.join('?' * len(kinds))})")
                params.extend(sorted(kinds))
            if client_id is not None:
                where.append("d.client_id = ?")
                params.append(client_id)
        inner = (f"SELECT {table}.rowid AS id, {table}.rank AS r FROM {table}{join}"
                 f" WHERE {' AND '.join(where)}")
        if table == "search_text":
            inner += f" ORDER BY {table}.rowid DESC LIMIT {TEXT_RANK_WINDOW}"
        ranked = self._conn.execute(
            f"SELECT id, r FROM ({inner}) ORDER BY r LIMIT ?", [*params, limit]
        ).fetchall()
        if not ranked:
            return []
        ids = [r[0] for r in ranked]
        marks = ",".join("?" * len(ids))
        docs = {r[0]: r for r in self._conn.execute(_HIT_SQL.format(marks), ids)}
        snippets: dict[int, str] = {}
        if table == "search_text" and query_text is not None:
            # Fetch by rowid, not by MATCH again: re-matching a common word is the slow part.
            words = [_fold(t) for t in _TOKEN.findall(query_text)]
            snippets = {
                rowid: make_snippet(body, words) for rowid, body in self._bodies(ids).items()
            }
        out = []
        for rowid, rank in ranked:
            _, kind, ref_id, owner, title = docs[rowid]
            out.append(SearchHit(kind, ref_id, owner, title, snippets.get(rowid, ""), rank))
        return out
