"""SQLite backend: the embedded default for one practice. One connection per thread.

WAL lets readers run beside the single writer; `BEGIN IMMEDIATE` takes the write lock at
the start of a push, which is what serialises server sequences. `synchronous=FULL` so a
push acknowledged to a device survives a power cut.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coachdesk.hub.checkpoints import SCHEMA as CHECKPOINT_SCHEMA
from coachdesk.hub.sqlstore import CHANGE_COLS, SqlHubStore, iter_chunks
from coachdesk.hub.storage import Unavailable

SCHEMA = """
CREATE TABLE IF NOT EXISTS teams (
    team_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS team_counters (
    team_id TEXT PRIMARY KEY REFERENCES teams, last_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    team_id TEXT NOT NULL REFERENCES teams, device_id TEXT NOT NULL,
    public_key TEXT NOT NULL, sign_key TEXT NOT NULL, token_hash BLOB NOT NULL UNIQUE,
    revoked INTEGER NOT NULL DEFAULT 0, joined_at TEXT NOT NULL, revoked_at TEXT,
    last_sync_at TEXT, PRIMARY KEY (team_id, device_id));
CREATE TABLE IF NOT EXISTS keyrings (
    team_id TEXT NOT NULL, device_id TEXT NOT NULL, epoch INTEGER NOT NULL,
    wrapped TEXT NOT NULL, PRIMARY KEY (team_id, device_id, epoch));
CREATE TABLE IF NOT EXISTS enrolments (
    lookup_hash BLOB PRIMARY KEY, team_id TEXT NOT NULL, wrapped TEXT NOT NULL,
    created_by TEXT NOT NULL, expires_at REAL NOT NULL, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    team_id TEXT NOT NULL, server_seq INTEGER NOT NULL, op_id TEXT NOT NULL,
    device_id TEXT NOT NULL, seq INTEGER NOT NULL, hlc TEXT NOT NULL,
    epoch INTEGER NOT NULL, entity_tag TEXT NOT NULL, entity_id TEXT NOT NULL,
    field_tag TEXT NOT NULL, client_id TEXT, nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL, op_hash BLOB NOT NULL, known_upto INTEGER,
    PRIMARY KEY (team_id, server_seq), UNIQUE (team_id, op_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS changes_field ON changes
    (team_id, entity_tag, entity_id, field_tag, hlc, device_id);
CREATE INDEX IF NOT EXISTS changes_client ON changes (team_id, client_id);
CREATE TABLE IF NOT EXISTS purges (
    team_id TEXT NOT NULL, device_id TEXT NOT NULL, purged_at TEXT NOT NULL,
    removed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS device_cursors (
    team_id TEXT NOT NULL, device_id TEXT NOT NULL, pulled_upto BIGINT NOT NULL,
    PRIMARY KEY (team_id, device_id));
""" + CHECKPOINT_SCHEMA.format(blob="BLOB")


#: The changes a push repeats, by op id ({marks}: one ? per op id). INDEXED BY the
#: UNIQUE (team_id, op_id) index: for three ids or more SQLite's planner took the primary
#: key on team_id alone and scanned every change of the team on every push, so the first
#: device's push of a caseload slowed as the hub filled (730 changes/s at scale 0.25).
EXISTING_OPS = ("SELECT op_id, server_seq, op_hash FROM changes "
                "INDEXED BY sqlite_autoindex_changes_2 "
                "WHERE team_id = ? AND op_id IN ({marks})")


class SqliteHubStore(SqlHubStore):
    """Hub storage in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        try:
            conn = self._conn()
            conn.executescript(SCHEMA)
            columns = {r[1] for r in conn.execute("PRAGMA table_info(devices)")}
            if "last_sync_at" not in columns:  # a hub database made before it was kept
                conn.execute("ALTER TABLE devices ADD COLUMN last_sync_at TEXT")
            columns = {r[1] for r in conn.execute("PRAGMA table_info(changes)")}
            if "known_upto" not in columns:  # made before changes kept their known_upto
                conn.execute("ALTER TABLE changes ADD COLUMN known_upto INTEGER")
        except sqlite3.Error as exc:
            raise Unavailable(f"The hub database {self.path} cannot be opened: {exc}") from exc

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    @contextmanager
    def _tx(self, begin: str) -> Iterator[Any]:
        conn = self._conn()
        cur = conn.cursor()
        try:
            cur.execute(begin)
        except sqlite3.Error as exc:
            raise Unavailable("The hub database is busy or unavailable.") from exc
        try:
            yield cur
        except BaseException:
            conn.rollback()
            raise
        else:
            conn.commit()
        finally:
            cur.close()

    def _write(self) -> Any:
        return self._tx("BEGIN IMMEDIATE")

    def _read(self) -> Any:
        return self._tx("BEGIN")

    def _lock_team(self, cur: Any, team_id: str) -> int | None:
        row = cur.execute("SELECT last_seq FROM team_counters WHERE team_id = ?",
                          (team_id,)).fetchone()
        return None if row is None else int(row[0])

    def _insert_changes(self, cur: Any, rows: list[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" * 15)
        cur.executemany(f"INSERT INTO changes ({CHANGE_COLS}) VALUES ({marks})", rows)

    def _existing_ops(self, cur: Any, team_id: str,
                      op_ids: list[str]) -> dict[str, tuple[int, bytes]]:
        found: dict[str, tuple[int, bytes]] = {}
        for chunk in iter_chunks(op_ids, 500):
            marks = ", ".join("?" * len(chunk))
            for op_id, seq, digest in cur.execute(EXISTING_OPS.format(marks=marks),
                                                  (team_id, *chunk)):
                found[op_id] = (int(seq), bytes(digest))
        return found

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
