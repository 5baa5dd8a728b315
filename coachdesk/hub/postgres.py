"""PostgreSQL backend (psycopg 3) for many practices; the hub stays stateless.

Changes are hash-partitioned by team. A push takes `SELECT ... FOR UPDATE` on the team's
counter row, so two hub processes on one database hand out server sequences that commit
in order; pushes of different teams never wait for each other. Batches go in by COPY.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from coachdesk.hub.checkpoints import SCHEMA as CHECKPOINT_SCHEMA
from coachdesk.hub.sqlstore import CHANGE_COLS, SqlHubStore
from coachdesk.hub.storage import Unavailable

PARTITIONS = 16
SCHEMA = """
CREATE TABLE IF NOT EXISTS teams (
    team_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS team_counters (
    team_id TEXT PRIMARY KEY REFERENCES teams, last_seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    team_id TEXT NOT NULL REFERENCES teams, device_id TEXT NOT NULL,
    public_key TEXT NOT NULL, sign_key TEXT NOT NULL, token_hash BYTEA NOT NULL UNIQUE,
    revoked SMALLINT NOT NULL DEFAULT 0, joined_at TEXT NOT NULL, revoked_at TEXT,
    last_sync_at TEXT, PRIMARY KEY (team_id, device_id));
ALTER TABLE devices ADD COLUMN IF NOT EXISTS last_sync_at TEXT;
CREATE TABLE IF NOT EXISTS keyrings (
    team_id TEXT NOT NULL, device_id TEXT NOT NULL, epoch INTEGER NOT NULL,
    wrapped TEXT NOT NULL, PRIMARY KEY (team_id, device_id, epoch));
CREATE TABLE IF NOT EXISTS enrolments (
    lookup_hash BYTEA PRIMARY KEY, team_id TEXT NOT NULL, wrapped TEXT NOT NULL,
    created_by TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL, used SMALLINT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    team_id TEXT NOT NULL, server_seq BIGINT NOT NULL, op_id TEXT NOT NULL,
    device_id TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, hlc TEXT COLLATE "C" NOT NULL,
    epoch INTEGER NOT NULL, entity_tag TEXT COLLATE "C" NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL, field_tag TEXT COLLATE "C" NOT NULL,
    client_id TEXT, nonce BYTEA NOT NULL, ciphertext BYTEA NOT NULL, op_hash BYTEA NOT NULL,
    known_upto BIGINT,
    PRIMARY KEY (team_id, server_seq), UNIQUE (team_id, op_id)
) PARTITION BY HASH (team_id);
ALTER TABLE changes ADD COLUMN IF NOT EXISTS known_upto BIGINT;
CREATE INDEX IF NOT EXISTS changes_field ON changes
    (team_id, entity_tag, entity_id, field_tag, hlc, device_id);
CREATE INDEX IF NOT EXISTS changes_client ON changes (team_id, client_id);
CREATE TABLE IF NOT EXISTS purges (
    team_id TEXT NOT NULL, device_id TEXT NOT NULL, purged_at TEXT NOT NULL,
    removed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS device_cursors (
    team_id TEXT NOT NULL, device_id TEXT NOT NULL, pulled_upto BIGINT NOT NULL,
    PRIMARY KEY (team_id, device_id));
""" + CHECKPOINT_SCHEMA.format(blob="BYTEA") + "".join(
    f"CREATE TABLE IF NOT EXISTS changes_p{i} PARTITION OF changes "
    f"FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {i});\n" for i in range(PARTITIONS))


class PostgresHubStore(SqlHubStore):
    """Hub storage in PostgreSQL, with a small pool of connections."""

    def __init__(self, dsn: str, pool_size: int = 8, statement_timeout_ms: int = 30_000) -> None:
        self.dsn = dsn
        self._timeout = statement_timeout_ms
        self._pool: queue.LifoQueue[psycopg.Connection[Any]] = queue.LifoQueue()
        self._slots = queue.Queue[None]()
        for _ in range(pool_size):
            self._slots.put(None)
        with self._write() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(7261001)")
            cur.execute(SCHEMA)

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise Unavailable("The hub database cannot be reached.") from exc
        conn.execute(f"SET statement_timeout = {int(self._timeout)}")
        return conn

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        self._slots.get()
        try:
            try:
                conn = self._pool.get_nowait()
            except queue.Empty:
                conn = self._connect()
            broken = False
            try:
                with conn.transaction(), conn.cursor() as cur:
                    yield cur
            except psycopg.OperationalError as exc:
                broken = True
                raise Unavailable("The hub database did not answer in time.") from exc
            except psycopg.Error:
                broken = conn.closed or conn.broken
                raise
            finally:
                if broken or conn.closed:
                    conn.close()
                else:
                    self._pool.put(conn)
        finally:
            self._slots.put(None)

    def _write(self) -> Any:
        return self._tx()

    def _read(self) -> Any:
        return self._tx()

    def _x(self, cur: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
        cur.execute(sql.replace("?", "%s"), params)
        return cur

    def _lock_team(self, cur: Any, team_id: str) -> int | None:
        row = cur.execute("SELECT last_seq FROM team_counters WHERE team_id = %s FOR UPDATE",
                          (team_id,)).fetchone()
        return None if row is None else int(row[0])

    def _insert_changes(self, cur: Any, rows: list[tuple[Any, ...]]) -> None:
        with cur.copy(f"COPY changes ({CHANGE_COLS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _existing_ops(self, cur: Any, team_id: str,
                      op_ids: list[str]) -> dict[str, tuple[int, bytes]]:
        rows = cur.execute("SELECT op_id, server_seq, op_hash FROM changes "
                           "WHERE team_id = %s AND op_id = ANY(%s)", (team_id, op_ids))
        return {op_id: (int(seq), bytes(digest)) for op_id, seq, digest in rows}

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return
