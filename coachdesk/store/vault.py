"""One coach's encrypted vault: create, unlock, lock, change passphrase, recover, back up.

Invariant: nothing here ever creates, truncates or overwrites an existing vault because it
failed to open. Every refusal leaves the files exactly as they were.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from coachdesk.domain.enums import AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.domain.passphrase import passphrase_problem
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store import migrate, walguard
from coachdesk.store.atomic import create_empty
from coachdesk.store.auditlog import AuditLog
from coachdesk.store.errors import (
    KeyFileDamaged,
    TooManyAttempts,
    VaultCorrupt,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WeakPassphrase,
)
from coachdesk.store.keyfile import KdfParams, KeyFile, new_recovery_code
from coachdesk.store.lockfile import ProcessLock
from coachdesk.store.paths import VaultPaths, make_private_dir
from coachdesk.store.sqlcipher import (
    Connection,
    DatabaseError,
    immediate_transaction,
    open_encrypted,
    translate,
    verify_file,
)
from coachdesk.store.throttle import UnlockThrottle
from coachdesk.store.vaultanchor import AnchoredBackups

#: vaults up to this size are fully checked before unlock returns; larger ones are
#: checked straight after, off the UI thread (`check_integrity`), so a team-sized
#: caseload still opens in well under a second
FULL_CHECK_BYTES = 48 * 1024 * 1024


class Vault(AnchoredBackups):
    """An open vault. `conn` is the only handle to the data; `close()` drops it and the key."""

    def __init__(self, paths: VaultPaths, conn: Connection, keyfile: KeyFile, key: bytearray,
                 lock: ProcessLock, failed_unlocks: list[float]) -> None:
        self.paths = paths
        self._conn: Connection | None = conn
        self._keyfile = keyfile
        #: the one long-lived copy of the key, zeroed on close
        self._key: bytearray | None = key
        #: why the audit chain does not match its anchor (found on open), or None
        self.anchor_problem: str | None = None
        self._commits = 0
        self._backup_lock = threading.Lock()
        self._ready = False
        self._lock = lock
        #: times of wrong passphrases since the last unlock, for the audit trail
        self.failed_unlocks = failed_unlocks
        #: True until the full page-by-page check has run (large vaults, see FULL_CHECK_BYTES)
        self.integrity_pending = False

    # ----- opening -------------------------------------------------------------------
    @classmethod
    def create(cls, paths: VaultPaths, passphrase: str, kdf: KdfParams | None = None,
               user_inputs: Sequence[str] = ()) -> tuple[Vault, str]:
        """Make a new vault. Returns it and the recovery code, to be shown once.
        `user_inputs` (profile and coach names) count against the passphrase.

        Everything happens under the process lock and every file is created exclusively,
        so two processes creating one profile cannot harm each other: the loser gets
        VaultExists, and a failure removes only the files this call made.
        """
        if problem := passphrase_problem(passphrase, (paths.profile, *user_inputs)):
            raise WeakPassphrase(problem)
        try:
            make_private_dir(paths.folder)
        except OSError as exc:
            raise translate(exc, paths.folder) from None
        lock = ProcessLock(paths.lockfile, paths.database)
        try:
            lock.acquire()
        except OSError as exc:
            raise translate(exc, paths.folder) from None
        made: list[Path] = []
        conn = None
        key = bytearray(os.urandom(32))
        try:
            if any(p.exists() for p in (paths.keyfile, *_database_files(paths))):
                raise VaultExists(paths.folder)
            create_empty(paths.database)
            made += _database_files(paths)  # the -wal and -shm beside our new file are ours
            code, vault_id = new_recovery_code(), new_id()
            conn = open_encrypted(paths.database, key, create=True, verify=False)
            migrate.upgrade(conn, paths.database)
            device_id = new_id()
            with immediate_transaction(conn, paths.database):
                conn.executemany(
                    "INSERT INTO meta(key, value) VALUES (?, ?)",
                    [("vault_id", vault_id), ("device_id", device_id),
                     ("created_at", to_iso(utc_now())), ("audit_anchored", "1")],
                )
                AuditLog(conn, "CoachDesk", device_id).append(
                    AuditAction.CREATE, "vault", vault_id, detail="vault created")
            keyfile = KeyFile.new(vault_id, key, passphrase, code, kdf or KdfParams())
            salt = conn.execute("PRAGMA cipher_salt").fetchone()[0]
            keyfile.database_salt = bytes.fromhex(salt)
            vault = cls(paths, conn, keyfile, key, lock, [])
            vault._ready = True
            vault._set_anchor(create=made)
            vault._conn = _reopened(conn, paths.database, key)
            conn = None
        except BaseException as exc:
            if conn is not None:
                conn.close()
            for path in made:
                with contextlib.suppress(OSError):
                    path.unlink()
            key[:] = bytes(len(key))
            lock.release()
            if isinstance(exc, OSError | DatabaseError):
                raise translate(exc, paths.database) from None
            raise
        return vault, code

    @classmethod
    def unlock(cls, paths: VaultPaths, passphrase: str,
               clock: Callable[[], float] | None = None, full_check: bool = False) -> Vault:
        keyfile = cls.load_keyfile(paths)
        throttle = UnlockThrottle(paths.folder / "unlock-attempts.json",
                                  **({"clock": clock} if clock else {}))
        if (wait := throttle.wait_seconds()) > 0:
            raise TooManyAttempts(wait)
        try:
            key = keyfile.unwrap_with_passphrase(passphrase)
        except VaultError:
            throttle.record_failure()
            raise
        return cls._open_with_key(paths, keyfile, bytearray(key), throttle, full_check)

    @classmethod
    def unlock_with_recovery(cls, paths: VaultPaths, code: str, new_passphrase: str,
                             clock: Callable[[], float] | None = None) -> Vault:
        """Forgotten passphrase: the recovery code opens the vault and sets a new one."""
        if problem := passphrase_problem(new_passphrase, (paths.profile,)):
            raise WeakPassphrase(problem)
        keyfile = cls.load_keyfile(paths)
        throttle = UnlockThrottle(paths.folder / "unlock-attempts.json",
                                  **({"clock": clock} if clock else {}))
        if (wait := throttle.wait_seconds()) > 0:
            raise TooManyAttempts(wait)
        try:
            key = keyfile.unwrap_with_recovery(code)
        except VaultError:
            throttle.record_failure()
            raise
        vault = cls._open_with_key(paths, keyfile, bytearray(key), throttle)
        vault._rewrap(new_passphrase, keyfile.kdf)
        return vault

    @staticmethod
    def load_keyfile_only(paths: VaultPaths) -> KeyFile:
        """The key file alone (restoring needs it even when the database is gone)."""
        if not paths.keyfile.is_file():
            if paths.database.exists():
                raise VaultCorrupt(paths.keyfile, "the key file is missing")
            raise VaultNotFound(paths.folder)
        return KeyFile.load(paths.keyfile)

    @staticmethod
    def load_keyfile(paths: VaultPaths) -> KeyFile:
        """The key file, checked against its own database before any key is derived."""
        keyfile = Vault.load_keyfile_only(paths)
        if not paths.database.is_file():
            raise VaultCorrupt(paths.database, "the database file is missing")
        if paths.database.stat().st_size == 0:
            raise VaultCorrupt(paths.database, "the database file is empty")
        if keyfile.database_salt is not None:
            with open(paths.database, "rb") as handle:
                salt = handle.read(16)
            if salt not in (keyfile.database_salt, b"SQLite format 3\x00"):
                raise KeyFileDamaged(paths.keyfile, "it does not belong to the vault file "
                                     "beside it")
        return keyfile

    @classmethod
    def _open_with_key(cls, paths: VaultPaths, keyfile: KeyFile, key: bytearray,
                       throttle: UnlockThrottle, full_check: bool = False) -> Vault:
        lock = ProcessLock(paths.lockfile, paths.database)
        try:
            lock.acquire()
        except OSError as exc:
            raise translate(exc, paths.folder) from None
        try:
            wal_copy = walguard.guard(paths)  # raises WalDamaged, leaving the files alone
            size = paths.database.stat().st_size if paths.database.exists() else 0
            check_now = full_check or size <= FULL_CHECK_BYTES
            conn = open_encrypted(paths.database, key, create=False, verify=check_now)
            try:
                migrate.check_not_newer(conn, paths.database)
                row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
                if row is None or row[0] != keyfile.vault_id:
                    raise KeyFileDamaged(paths.keyfile, "it belongs to another vault")
                vault = cls(paths, conn, keyfile, key, lock, throttle.take_and_clear())
                vault.integrity_pending = not check_now
                vault._check_anchor()  # before anything (an upgrade's backup) is written
                if migrate.upgrade(conn, paths.database, backup=lambda v: vault.backup(f"v{v}")):
                    conn = vault._conn = _reopened(conn, paths.database, key)
                vault._mark_open()
            except BaseException:
                conn.close()
                raise
        except BaseException:
            lock.release()
            raise
        walguard.discard(wal_copy)  # the log was whole: everything in it is in the vault
        return vault

    # ----- while open ----------------------------------------------------------------
    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise VaultLocked()
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def check_integrity(self) -> None:
        """Verify every page's HMAC and the b-tree structure on a connection of its own
        (safe to call from a worker thread). Raises VaultCorrupt."""
        if self._key is None:
            raise VaultLocked()
        verify_file(self.paths.database, self._key)
        self.integrity_pending = False

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        """One local setting of this vault (never synced); None removes it."""
        if value is None:
            self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                              (key, value))

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        if problem := passphrase_problem(new, (self.paths.profile, self.meta("coach_name") or "")):
            raise WeakPassphrase(problem)
        self._keyfile.unwrap_with_passphrase(old)  # raises WrongPassphrase
        self._rewrap(new, kdf or self._keyfile.kdf)

    def _rewrap(self, new_passphrase: str, kdf: KdfParams) -> None:
        if self._key is None:
            raise VaultLocked()
        updated = KeyFile.load(self.paths.keyfile)
        updated.rewrap_passphrase(self._key, new_passphrase, kdf)
        try:
            updated.save(self.paths.keyfile)
        except OSError as exc:
            raise translate(exc, self.paths.keyfile) from None
        self._keyfile = updated

    def new_recovery_code(self) -> str:
        """A fresh recovery code, for a profile whose first one was never written down:
        the old code stops working once the key file is saved."""
        if self._key is None:
            raise VaultLocked()
        code = new_recovery_code()
        updated = KeyFile.load(self.paths.keyfile)
        updated.rewrap_recovery(self._key, code)
        try:
            updated.save(self.paths.keyfile)
        except OSError as exc:
            raise translate(exc, self.paths.keyfile) from None
        self._keyfile = updated
        return code

    def close(self) -> None:
        """Lock: seal the audit head, close the connection, zero the key, release the lock.
        A backup running on another thread finishes first."""
        with self._backup_lock:
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(DatabaseError):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with contextlib.suppress(OSError, DatabaseError, VaultError):
                self._set_anchor(closed=True)
            self._conn.close()
            self._conn = None
        if self._key is not None:
            self._key[:] = bytes(len(self._key))
        self._key = None
        self._lock.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reopened(conn: Connection, path: Path, key: bytes | bytearray) -> Connection:
    """A fresh connection after a schema change: SQLCipher connections that have set
    user_version run later writes several times slower (measured: 4x on inserts)."""
    conn.close()
    return open_encrypted(path, key, create=False, verify=False)


def _database_files(paths: VaultPaths) -> list[Path]:
    return [Path(str(paths.database) + suffix) for suffix in ("", "-wal", "-shm", "-journal")]


