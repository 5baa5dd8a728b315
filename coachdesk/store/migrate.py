"""Numbered SQL migrations tracked in `PRAGMA user_version`, each step one transaction,
with an encrypted backup of the vault before any upgrade of an existing vault."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from sqlcipher3 import dbapi2

from coachdesk.store.errors import VaultTooNew
from coachdesk.store.sqlcipher import Connection, immediate_transaction

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def available() -> list[tuple[int, str, str]]:
    """(number, file name, SQL) for every migration shipped, in order."""
    found = []
    for entry in resources.files("coachdesk.store.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"Migrations must be numbered 1..N without gaps: {numbers}")
    return found


def latest() -> int:
    return len(available())


def current_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_not_newer(conn: Connection, path: Path) -> None:
    found = current_version(conn)
    if found > latest():
        raise VaultTooNew(path, found, latest())


def upgrade(
    conn: Connection, path: Path, backup: Callable[[int], Path | None] | None = None
) -> list[int]:
    """Apply pending migrations; return the numbers applied."""
    version = current_version(conn)
    check_not_newer(conn, path)
    pending = [(n, name, sql) for n, name, sql in available() if n > version]
    if pending and version > 0 and backup is not None:
        backup(version)
    applied = []
    for number, _name, sql in pending:
        with immediate_transaction(conn, path):
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(number)}")
        applied.append(number)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    out, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if dbapi2.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
