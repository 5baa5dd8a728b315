"""Small settings of one coach's vault (the clinic chosen for the day...), kept encrypted in
the vault's meta table. Device-local: not journalled, so sync never carries them."""

from __future__ import annotations

from coachdesk.store.sqlcipher import Connection

PREFIX = "setting."


class Settings:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, key: str) -> str | None:
        row = self._conn.execute(
            "SELECT value FROM meta WHERE key = ?", (PREFIX + key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        """Autocommit upsert, or part of the caller's transaction when one is open."""
        self._conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (PREFIX + key, value))
