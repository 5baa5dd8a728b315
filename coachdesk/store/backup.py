"""Encrypted backups: list them, check one, and put one back in place of the vault.

Restoring never deletes anything: the vault being replaced is moved aside, whole, with
its WAL, so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from coachdesk.domain.timefmt import utc_now
from coachdesk.store import anchor
from coachdesk.store.atomic import atomic_write, fsync_dir
from coachdesk.store.errors import VaultCorrupt
from coachdesk.store.lockfile import ProcessLock
from coachdesk.store.paths import VaultPaths
from coachdesk.store.sqlcipher import open_encrypted, translate
from coachdesk.store.vault import Vault
from coachdesk.store.vaultanchor import anchor_path


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
    The key file's audit anchor becomes the backup's own (sealed beside it when it was
    made); the replaced vault's anchor is kept beside it, so the restore can be undone.
    """
    keyfile = Vault.load_keyfile_only(paths)
    key = keyfile.unwrap_with_passphrase(passphrase)
    if not backup.is_file():
        raise VaultCorrupt(backup, "the backup file is missing")
    check_backup(backup, key)
    sealed = _backup_anchor(backup, key, keyfile.vault_id)
    lock = ProcessLock(paths.lockfile, paths.database)
    lock.acquire()
    try:
        stamp = utc_now().strftime("%Y%m%dT%H%M%S")
        aside = paths.folder / f"vault-replaced-{stamp}.db"
        staging = paths.folder / ".vault-restore.tmp"
        try:
            shutil.copyfile(backup, staging)
            os.chmod(staging, 0o600)
            with open(staging, "rb+") as handle:
                os.fsync(handle.fileno())
            if keyfile.anchor is not None:
                atomic_write(anchor_path(aside), json.dumps(keyfile.anchor).encode())
            if paths.database.exists():
                os.replace(paths.database, aside)
            for suffix in ("-wal", "-shm"):
                old = Path(str(paths.database) + suffix)
                if old.exists():
                    os.replace(old, Path(str(aside) + suffix))
            os.replace(staging, paths.database)
            fsync_dir(paths.folder)
            keyfile.anchor = sealed
            keyfile.save(paths.keyfile)
        except OSError as exc:
            with contextlib.suppress(OSError):
                staging.unlink()
            raise translate(exc, paths.folder) from None
    finally:
        lock.release()
    return aside


def _backup_anchor(backup: Path, key: bytes, vault_id: str) -> dict[str, str] | None:
    """The sealed audit head made with `backup`, if it is there and genuinely this
    vault's; None for a backup made before anchors existed (the next unlock anchors)."""
    try:
        sealed = json.loads(anchor_path(backup).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(sealed, dict) or anchor.unseal(key, vault_id, sealed) is None:
        return None
    return {"nonce": str(sealed["nonce"]), "sealed": str(sealed["sealed"])}
