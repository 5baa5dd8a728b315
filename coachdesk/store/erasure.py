"""Erasure on request: every row of one client leaves the vault in one transaction (the
record, its journal entries, search entries, drafts, conflict and parked sync rows), with
secure_delete on, the search index merged so no deleted words stay in it, and the WAL
checkpointed afterwards. The audit keeps only that an erasure happened, by whom and when.

A tombstone goes into the outbox: entity "client", the client's id, the one field
`ERASED` set to true, no other value, so every device and the hub can erase it too."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachdesk.domain.enums import AuditAction
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store.governance import CLIENT_TABLES
from coachdesk.store.sqlcipher import Connection

if TYPE_CHECKING:
    from coachdesk.store.store import Store

#: the tombstone's field: not a field of any record
ERASED = "_erased"


@dataclass(frozen=True, slots=True)
class Erased:
    client_id: str
    rows: int  # rows removed, all tables together


def is_erased(conn: Connection, client_id: str | None) -> bool:
    if not client_id:
        return False
    return conn.execute("SELECT 1 FROM erased_client WHERE client_id = ?",
                        (client_id,)).fetchone() is not None


def purge(conn: Connection, client_id: str, keep_journal_from: int | None = None) -> int:
    """Delete every row of the client (call inside a transaction, then `merge_index`);
    the count removed. Journal rows from seq `keep_journal_from` on (the tombstone) stay."""
    ids = {client_id}
    for table in CLIENT_TABLES:
        ids.update(r[0] for r in conn.execute(
            f"SELECT id FROM {table} WHERE client_id = ?", (client_id,)))
    ids.update(r[0] for r in conn.execute(
        "SELECT entity_id FROM sync_staged WHERE client_id = ?", (client_id,)))
    listed = json.dumps(sorted(ids))
    removed = 0
    rowids = [r[0] for r in conn.execute(
        "SELECT rowid FROM search_doc WHERE client_id = ? OR ref_id IN"
        " (SELECT value FROM json_each(?))", (client_id, listed))]
    for rowid in rowids:
        conn.execute("DELETE FROM search_names WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM search_text WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM search_doc WHERE rowid = ?", (rowid,))
    removed += len(rowids)
    ids_of = "(SELECT value FROM json_each(:ids))"
    statements = [
        *(f"DELETE FROM {t} WHERE client_id = :cid" for t in CLIENT_TABLES),
        "DELETE FROM client WHERE id = :cid",
        f"DELETE FROM journal WHERE (client_id = :cid OR entity_id IN {ids_of})"
        " AND seq < :upto",
        f"DELETE FROM conflict WHERE client_id = :cid OR entity_id IN {ids_of}",
        "DELETE FROM sync_parked WHERE client_id = :cid",
        f"DELETE FROM sync_staged WHERE client_id = :cid OR entity_id IN {ids_of}",
        # drafts are keyed by the client's id (a note) or hold it (the client form)
        "DELETE FROM draft WHERE instr(key, :cid) > 0 OR instr(body, :cid) > 0",
    ]
    params = {"cid": client_id, "ids": listed,
              "upto": keep_journal_from if keep_journal_from is not None else 2**62}
    newest = conn.execute("SELECT seq, hlc, first_seq, last_seq, pushed FROM journal"
                          " ORDER BY seq DESC LIMIT 1").fetchone()
    for sql in statements:
        removed += conn.execute(sql, params).rowcount
    _keep_numbering(conn, newest, client_id)
    conn.execute("INSERT OR IGNORE INTO erased_client(client_id, erased_at) VALUES (?, ?)",
                 (client_id, to_iso(utc_now())))
    return removed


def _keep_numbering(conn: Connection, newest: tuple[int, str, int, int, int] | None,
                    client_id: str) -> None:
    """If the newest journal row went with the client, put back a row holding only its
    numbers and clock (no field, no value, marked sent so it is never pushed), so this
    device's change numbers and clock go on from it: a number sent once is never used
    again, or other devices would take the next change for one they already have. This
    holds when the newest row was not sent yet too: older rows of the client that were
    sent may have gone with it, and a push whose answer was lost may have reached the
    hub (a gap in the numbers harms no one)."""
    if newest is None:
        return
    if conn.execute("SELECT 1 FROM journal WHERE seq = ?", (newest[0],)).fetchone():
        return
    conn.execute(
        "INSERT INTO journal(seq, op_id, hlc, entity, entity_id, fields, first_seq, last_seq,"
        " client_id, pushed) VALUES (?, ?, ?, 'client', ?, '{}', ?, ?, NULL, 1)",
        (newest[0], f"erased-{newest[0]}", newest[1], client_id, newest[2], newest[3]))


def merge_index(conn: Connection) -> None:
    """Merge the search index so deleted words leave its segments (FTS5 otherwise keeps
    them until a later merge); secure_delete then zeroes the freed pages."""
    for table in ("search_names", "search_text"):
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def erase_clients(store: Store, client_ids: list[str], detail: str) -> list[Erased]:
    """Erase clients here, all in one transaction, and queue a tombstone for each (the
    tombstone is journalled first, so the device's change numbers never go back)."""
    conn = store._conn
    done: list[Erased] = []
    with store.transaction():
        for client_id in dict.fromkeys(client_ids):
            hlc = store.clock.now().encode()
            store.journal.record(hlc, "client", client_id, {ERASED: True}, client_id)
            tombstone = conn.execute("SELECT max(seq) FROM journal").fetchone()[0]
            removed = purge(conn, client_id, keep_journal_from=tombstone)
            store.audit.append(AuditAction.ERASE, "client", client_id, detail=detail)
            done.append(Erased(client_id, removed))
        merge_index(conn)
    store.checkpoint_when_committed()
    return done


def checkpoint(conn: Connection) -> None:
    """Copy the WAL into the database and empty it, so no old page stays in it."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
