"""The Desk's vault operations: backups, the integrity check, locking, the recovery code,
the coach's details and passphrase, and drafts kept across a lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from coachdesk.services import backups, coach, drafts
from coachdesk.services.appsession import (
    change_passphrase,
    confirm_recovery_code,
    lock_store,
    new_recovery_code,
    recovery_unconfirmed,
)
from coachdesk.services.changes import Changes
from coachdesk.services.coach import CoachDetails
from coachdesk.store.store import Store


class VaultOps:
    """Desk's operations on the open vault itself."""

    _store: Store

    # ----- the vault ----------------------------------------------------------------------
    @property
    def coach_name(self) -> str:
        return self._store.actor

    def audit_problem(self) -> str | None:
        """Why the audit trail did not match its seal when the vault opened, or None."""
        return backups.audit_seal_problem(self._store)

    def backup_now(self) -> Path:
        """An encrypted copy of the vault now (audited)."""
        return backups.backup_now(self._store)

    def start_daily_backup(self, policy: backups.BackupPolicy, now: datetime
                           ) -> Callable[[], Path] | None:
        """The first unlock of a UK day: audit and return the copy to run off the worker."""
        return backups.start_daily_backup(self._store, policy, now)

    def deferred_integrity_check(self) -> Callable[[], None] | None:
        """A large vault opens at once and is checked page by page just after, on a thread
        and connection of its own; None when the check was done on unlock."""
        vault = self._store.vault
        return vault.check_integrity if vault.integrity_pending else None

    def lock(self, unsaved: dict[str, str]) -> None:
        """Keep unsaved text as drafts, audit the lock, close the vault."""
        if self._store.vault.is_open:
            for key, body in unsaved.items():
                if body.strip():
                    drafts.save_draft(self._store, key, body)
        lock_store(self._store)

    def recovery_unconfirmed(self) -> bool:
        """This profile's recovery code was made but never confirmed as written down."""
        return recovery_unconfirmed(self._store)

    def confirm_recovery_code(self) -> Changes:
        confirm_recovery_code(self._store)
        return Changes()

    def new_recovery_code(self) -> str:
        """A fresh code replacing one never written down (the old one stops working)."""
        return new_recovery_code(self._store)

    def coach_details(self) -> CoachDetails:
        return coach.coach_details(self._store)

    def set_coach_details(self, details: CoachDetails) -> Changes:
        coach.set_coach_details(self._store, details)
        return Changes()

    def change_passphrase(self, old: str, new: str) -> Changes:
        change_passphrase(self._store, old, new)
        return Changes()

    # ----- drafts -------------------------------------------------------------------------
    def latest_note_draft(self) -> tuple[str, str] | None:
        return drafts.latest_note_draft(self._store)

    def save_draft(self, key: str, body: str) -> Changes:
        return drafts.save_draft(self._store, key, body)

    def take_draft(self, key: str) -> str | None:
        """Text kept in the vault across a lock, removed as it comes back to the screen."""
        return drafts.take_draft(self._store, key)
