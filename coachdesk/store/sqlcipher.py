"""Open a SQLCipher connection with a raw key and the vault's pragmas, and translate
low-level failures into the vault's plain-words errors."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
from sqlcipher3 import dbapi2

from coachdesk.store.errors import (
    NotEncrypted,
    StorageFailed,
    StorageFull,
    StorageReadOnly,
    VaultCorrupt,
    VaultError,
    VaultInUse,
)

DatabaseError = dbapi2.DatabaseError
Connection = dbapi2.Connection


_HEX = b"0123456789abcdef"


def _key_spec(key: bytes | bytearray) -> bytearray:
    """SQLCipher's raw-key form x'<hex>' built in a mutable buffer, so it can be zeroed
    (a `PRAGMA key` string would leave an immutable copy of the hex key in memory)."""
    spec = bytearray(len(key) * 2 + 3)
    spec[0:2], spec[-1] = b"x'", ord("'")
    for index, byte in enumerate(key):
        spec[2 + 2 * index] = _HEX[byte >> 4]
        spec[3 + 2 * index] = _HEX[byte & 15]
    return spec


def _keyed(path: Path, key: bytes | bytearray, uri_mode: str = "rwc") -> Connection:
    if len(key) != 32:
        raise ValueError("The vault key must be 32 bytes.")
    conn = sqlcipher3.connect(
        f"file:{path.as_posix()}?mode={uri_mode}", uri=True, isolation_level=None,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA cipher_memory_security = {memory_security_policy()}")
    conn.execute("PRAGMA cipher_log_level = NONE")
    spec = _key_spec(key)
    try:
        conn.set_key(spec)
    finally:
        spec[:] = bytes(len(spec))
    return conn


def memory_security_policy() -> str:
    """SQLCipher's memory wiping (mlock and zeroing of every allocation), by site policy.

    Off unless IT sets COACHDESK_CIPHER_MEMORY_SECURITY=ON: measured on a 500-client vault
    it made the caseload list 13x and search 19x slower (benchmarks/vault_bench.py), which
    breaks every budget at team size. The key itself is never in a Python string, is
    dropped on lock, and the connection is closed.
    """
    return "ON" if os.environ.get("COACHDESK_CIPHER_MEMORY_SECURITY", "").upper() == "ON" else "OFF"


def cipher_version(conn: Connection) -> str | None:
    row = conn.execute("PRAGMA cipher_version").fetchone()
    return row[0] if row and row[0] else None


def open_encrypted(path: Path, key: bytes | bytearray, *, create: bool,
                   verify: bool = True) -> Connection:
    """Open (or with create=True make) the encrypted database, or raise a VaultError.

    An existing file is opened read-write but never created, truncated or replaced.
    With verify=True every page's HMAC and the b-tree structure are checked first, on a
    short-lived connection of their own (a connection that ran quick_check was measured
    to write several times slower afterwards).
    """
    if not create and not path.is_file():
        raise VaultCorrupt(path, "the database file is missing")
    if not create and path.stat().st_size == 0:
        # SQLite would take an empty file for a new database and write one into it
        raise VaultCorrupt(path, "the database file is empty")
    if verify:
        verify_file(path, key)
    conn = _keyed(path, key, "rwc" if create else "rw")
    try:
        if cipher_version(conn) is None:
            raise NotEncrypted()
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 2000")
    except VaultError:
        conn.close()
        raise
    except DatabaseError as exc:
        conn.close()
        raise translate(exc, path, opening=True) from None
    return conn


def open_read_only(path: Path, key: bytes | bytearray) -> Connection:
    """A read-only connection that changes nothing in the file (no WAL switch)."""
    conn = _keyed(path, key, "ro")
    try:
        if cipher_version(conn) is None:
            raise NotEncrypted()
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except DatabaseError as exc:
        conn.close()
        raise translate(exc, path, opening=True) from None
    except VaultError:
        conn.close()
        raise
    return conn


def verify_file(path: Path, key: bytes | bytearray) -> None:
    """Check every page's HMAC and the b-tree structure; raise VaultCorrupt if damaged."""
    if not path.is_file() or path.stat().st_size == 0:
        raise VaultCorrupt(path, "the database file is missing or empty")
    conn = _keyed(path, key, "rw")
    try:
        if cipher_version(conn) is None:
            raise NotEncrypted()
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
        if problems:
            raise VaultCorrupt(path, f"{len(problems)} damaged page(s)")
        row = conn.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            raise VaultCorrupt(path, "the database structure check failed")
    except DatabaseError as exc:
        raise translate(exc, path, opening=True) from None
    finally:
        conn.close()


def translate(exc: BaseException, path: Path, *, opening: bool = False) -> VaultError:
    """Map a SQLite/OS failure to the error the coach should see."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if "full" in text or code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StorageFull(path)
    if "readonly" in text or "read-only" in text or code in (errno.EROFS, errno.EACCES):
        return StorageReadOnly(path)
    if "locked" in text or "busy" in text:
        return VaultInUse(path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return VaultCorrupt(path, "the file is not a readable CoachDesk vault")
    if opening and ("unable to open" in text or "i/o" in text):
        return VaultCorrupt(path, "the file could not be read")
    return StorageFailed(path, type(exc).__name__ if not text else text.split("\n")[0][:80])


@contextlib.contextmanager
def immediate_transaction(conn: Connection, path: Path) -> Iterator[None]:
    """BEGIN IMMEDIATE .. COMMIT, rolled back on any error; database errors come out as
    the vault's plain-English errors naming `path`. Store.transaction is built on this;
    the vault and the migrations use it directly where no Store exists yet."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except DatabaseError as exc:
        raise translate(exc, path) from None
    try:
        yield
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, DatabaseError):
            raise translate(exc, path) from exc
        raise
    try:
        conn.execute("COMMIT")
    except DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate(exc, path) from None
