"""Encrypted backups: list them, check one, and put one back in place of the vault.

Restoring never deletes anything: the vault being replaced is moved aside, whole, with
its WAL, so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from coachdesk.domain.timefmt import utc_now
from coachdesk.store.atomic import fsync_dir
from coachdesk.store.errors import VaultCorrupt
from coachdesk.store.lockfile import ProcessLock
from coachdesk.store.paths import VaultPaths
from coachdesk.store.sqlcipher import open_encrypted, translate
from coachdesk.store.vault import Vault


def list_backups(paths: VaultPaths) -> list[Path]:
    """Backups, newest first."""
    if not paths.backups.is_dir():
        return []
    return sorted(paths.backups.glob("vault-*.db"), reverse=True)


def check_backup(path: Path, key: bytes) -> None:
    """Raise VaultCorrupt unless `path` opens with `key` and passes the integrity checks."""
    conn = open_encrypted(path, key, create=False)
    conn.close()


def restore(paths: VaultPaths, passphrase: str, backup: Path) -> Path:
    """Replace the vault database with `backup`. Returns where the old database was moved.

    Works even when the current database is damaged: only the key file must be intact.
    """
    key = Vault.load_keyfile(paths).unwrap_with_passphrase(passphrase)
    if not backup.is_file():
        raise VaultCorrupt(backup, "the backup file is missing")
    check_backup(backup, key)
    lock = ProcessLock(paths.lockfile, paths.database)
    lock.acquire()
    try:
        stamp = utc_now().strftime("%Y%m%dT%H%M%S")
        aside = paths.folder / f"vault-replaced-{stamp}.db"
        staging = paths.folder / ".vault-restore.tmp"
        try:
            shutil.copyfile(backup, staging)
            with open(staging, "rb+") as handle:
                os.fsync(handle.fileno())
            if paths.database.exists():
                os.replace(paths.database, aside)
            for suffix in ("-wal", "-shm"):
                old = Path(str(paths.database) + suffix)
                if old.exists():
                    os.replace(old, Path(str(aside) + suffix))
            os.replace(staging, paths.database)
            fsync_dir(paths.folder)
        except OSError as exc:
            with contextlib.suppress(OSError):
                staging.unlink()
            raise translate(exc, paths.folder) from None
    finally:
        lock.release()
    return aside
