"""Backups for the app: back up now, the automatic daily backup, list and restore.

Qt-free; the UI runs `backup_now` on the DB worker, the slow part of the daily backup on
a thread of its own (so a 100 MB vault's copy never holds up search), and `restore_backup`
off the UI thread, while the vault is locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coachdesk.domain.enums import AuditAction
from coachdesk.domain.timefmt import uk_datetime, utc_now
from coachdesk.services.preferences import Preferences
from coachdesk.store import backupset
from coachdesk.store.backup import restore
from coachdesk.store.backupset import AUTOMATIC, BackupPolicy
from coachdesk.store.errors import VaultError, VaultLocked
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store

#: for the UI, which speaks only to services
__all__ = ["AppPaths", "BackupChoice", "BackupPolicy", "VaultError", "VaultLocked",
           "audit_seal_problem", "backup_choices", "backup_now", "daily_backup",
           "policy_from", "restore_backup", "start_daily_backup"]

_KINDS = {"manual": "made by hand", AUTOMATIC: "automatic, daily"}


@dataclass(frozen=True, slots=True)
class BackupChoice:
    """One backup as the restore list shows it."""

    path: Path
    made_at: datetime
    kind: str

    @property
    def title(self) -> str:
        """'23 Nov 2026, 14:05 (automatic, daily)', in UK time."""
        return f"{uk_datetime(self.made_at)} ({self.kind})"


def audit_seal_problem(store: Store) -> str | None:
    """Why the audit trail did not match its sealed head when the vault was opened (plain
    words), or None. Found on every unlock; the UI says so without stopping work."""
    return store.vault.anchor_problem


def policy_from(prefs: Preferences) -> BackupPolicy:
    return BackupPolicy(prefs.backup_daily, prefs.backup_weekly).clamped()


def backup_now(store: Store) -> Path:
    """An encrypted copy of the vault now (audited as an export of the whole vault)."""
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "vault", detail="backup")
    return store.vault.backup("manual")


def start_daily_backup(store: Store, policy: BackupPolicy, now: datetime | None = None
                       ) -> Callable[[], Path] | None:
    """On the DB worker: is an automatic backup due (the first unlock of a UK day)? If so,
    audit it and return the slow part, which reads through a connection of its own and
    may run on any thread while the coach carries on. None when not due."""
    moment = now or utc_now()
    vault = store.vault
    if not backupset.due(vault.paths, moment):
        return None
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "vault", detail="daily backup")

    def run() -> Path:
        made = vault.backup(AUTOMATIC, moment, own_connection=True)
        backupset.prune(vault.paths, policy)
        return made
    return run


def daily_backup(store: Store, policy: BackupPolicy, now: datetime | None = None
                 ) -> Path | None:
    """The daily backup in one go (the command line and tests); None when not due."""
    run = start_daily_backup(store, policy, now)
    return run() if run is not None else None


def backup_choices(paths: AppPaths, slug: str) -> list[BackupChoice]:
    """The profile's backups, newest first, for the restore list."""
    return [
        BackupChoice(b.path, b.made_at,
                     _KINDS.get(b.label, "before an update" if b.label.startswith("v")
                                else b.label))
        for b in backupset.backups(paths.vault(slug))
    ]


def restore_backup(paths: AppPaths, slug: str, passphrase: str, backup: Path) -> Path:
    """Put `backup` in place of the (locked) vault; returns where the replaced one is kept.
    Raises VaultError (wrong passphrase, damaged backup, vault open elsewhere...)."""
    return restore(paths.vault(slug), passphrase, backup)
