"""Unsaved work (a note being typed) kept encrypted in the vault across locks and crashes."""

from __future__ import annotations

from datetime import datetime

from coachdesk.domain.timefmt import from_iso, to_iso, utc_now
from coachdesk.store.sqlcipher import Connection


class Drafts:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def save(self, key: str, body: str) -> None:
        """Autocommit upsert: a draft is saved on its own, never inside another change."""
        self._conn.execute(
            "INSERT INTO draft(key, body, saved_at) VALUES (?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            (key, body, to_iso(utc_now())),
        )

    def get(self, key: str) -> tuple[str, datetime] | None:
        row = self._conn.execute(
            "SELECT body, saved_at FROM draft WHERE key = ?", (key,)
        ).fetchone()
        return (row[0], from_iso(row[1])) if row else None

    def discard(self, key: str) -> None:
        self._conn.execute("DELETE FROM draft WHERE key = ?", (key,))

    def keys(self, prefix: str = "") -> list[str]:
        rows = self._conn.execute(
            "SELECT key FROM draft WHERE key LIKE ? ESCAPE '\\' ORDER BY saved_at",
            (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        )
        return [r[0] for r in rows]
