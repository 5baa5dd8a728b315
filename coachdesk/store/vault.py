"""One coach's encrypted vault: create, unlock, lock, change passphrase, recover, back up.

Invariant: nothing here ever creates, truncates or overwrites an existing vault because it
failed to open. Every refusal leaves the files exactly as they were.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from coachdesk.domain.ids import new_id
from coachdesk.domain.passphrase import passphrase_problem
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store import migrate
from coachdesk.store.errors import (
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
from coachdesk.store.paths import VaultPaths
from coachdesk.store.sqlcipher import (
    Connection,
    DatabaseError,
    open_encrypted,
    translate,
    verify_file,
)
from coachdesk.store.throttle import UnlockThrottle

#: vaults up to this size are fully checked before unlock returns; larger ones are
#: checked straight after, off the UI thread (`check_integrity`), so a team-sized
#: caseload still opens in well under a second
FULL_CHECK_BYTES = 48 * 1024 * 1024


class Vault:
    """An open vault. `conn` is the only handle to the data; `close()` drops it and the key."""

    def __init__(self, paths: VaultPaths, conn: Connection, keyfile: KeyFile, key: bytes,
                 lock: ProcessLock, failed_unlocks: list[float]) -> None:
        self.paths = paths
        self._conn: Connection | None = conn
        self._keyfile = keyfile
        self._key: bytes | None = key
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
        `user_inputs` (profile and coach names) count against the passphrase."""
        if problem := passphrase_problem(passphrase, (paths.profile, *user_inputs)):
            raise WeakPassphrase(problem)
        if paths.keyfile.exists() or paths.database.exists():
            raise VaultExists(paths.folder)
        try:
            paths.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise translate(exc, paths.folder) from None
        lock = ProcessLock(paths.lockfile, paths.database)
        try:
            lock.acquire()
        except OSError as exc:
            raise translate(exc, paths.folder) from None
        key, code, vault_id = os.urandom(32), new_recovery_code(), new_id()
        conn = None
        try:
            conn = open_encrypted(paths.database, key, create=True, verify=False)
            os.chmod(paths.database, 0o600)
            migrate.upgrade(conn, paths.database)
            with _transaction(conn, paths.database):
                conn.executemany(
                    "INSERT INTO meta(key, value) VALUES (?, ?)",
                    [("vault_id", vault_id), ("device_id", new_id()),
                     ("created_at", to_iso(utc_now()))],
                )
            keyfile = KeyFile.new(vault_id, key, passphrase, code, kdf or KdfParams())
            keyfile.save(paths.keyfile)
            conn = _reopened(conn, paths.database, key)
        except BaseException as exc:
            if conn is not None:
                conn.close()
            _remove_new_files(paths)  # only files this call made: nothing existed before
            lock.release()
            if isinstance(exc, OSError | DatabaseError):
                raise translate(exc, paths.database) from None
            raise
        return cls(paths, conn, keyfile, key, lock, []), code

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
        return cls._open_with_key(paths, keyfile, key, throttle, full_check)

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
        vault = cls._open_with_key(paths, keyfile, key, throttle)
        vault._rewrap(new_passphrase, keyfile.kdf)
        return vault

    @staticmethod
    def load_keyfile(paths: VaultPaths) -> KeyFile:
        if not paths.keyfile.is_file():
            if paths.database.exists():
                raise VaultCorrupt(paths.keyfile, "the key file is missing")
            raise VaultNotFound(paths.folder)
        return KeyFile.load(paths.keyfile)

    @classmethod
    def _open_with_key(cls, paths: VaultPaths, keyfile: KeyFile, key: bytes,
                       throttle: UnlockThrottle, full_check: bool = False) -> Vault:
        lock = ProcessLock(paths.lockfile, paths.database)
        try:
            lock.acquire()
        except OSError as exc:
            raise translate(exc, paths.folder) from None
        try:
            size = paths.database.stat().st_size if paths.database.exists() else 0
            check_now = full_check or size <= FULL_CHECK_BYTES
            conn = open_encrypted(paths.database, key, create=False, verify=check_now)
            try:
                migrate.check_not_newer(conn, paths.database)
                row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
                if row is None or row[0] != keyfile.vault_id:
                    raise VaultCorrupt(paths.database, "the key file belongs to another vault")
                vault = cls(paths, conn, keyfile, key, lock, throttle.take_and_clear())
                vault.integrity_pending = not check_now
                if migrate.upgrade(conn, paths.database, backup=lambda v: vault.backup(f"v{v}")):
                    conn = vault._conn = _reopened(conn, paths.database, key)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            lock.release()
            raise
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

    def backup(self, label: str = "manual") -> Path:
        """An encrypted copy (same key) under backups/, written to a temp name then renamed."""
        folder = self.paths.backups
        stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"vault-{stamp}-{label}.db"
        tmp = folder / f".{target.name}.tmp"
        try:
            folder.mkdir(exist_ok=True, mode=0o700)
            self.conn.execute("VACUUM INTO ?", (str(tmp),))
            os.replace(tmp, target)
        except (OSError, DatabaseError) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise translate(exc, folder) from None
        return target

    def close(self) -> None:
        """Lock: close the connection, forget the key, release the process lock."""
        if self._conn is not None:
            with contextlib.suppress(DatabaseError):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
            self._conn = None
        self._key = None
        self._lock.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def _transaction(conn: Connection, path: Path):  # type: ignore[no-untyped-def]
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate(exc, path) from None


def _reopened(conn: Connection, path: Path, key: bytes) -> Connection:
    """A fresh connection after a schema change: SQLCipher connections that have set
    user_version run later writes several times slower (measured: 4x on inserts)."""
    conn.close()
    return open_encrypted(path, key, create=False, verify=False)


def _remove_new_files(paths: VaultPaths) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(str(paths.database) + suffix).unlink()
    with contextlib.suppress(OSError):
        paths.keyfile.unlink()
