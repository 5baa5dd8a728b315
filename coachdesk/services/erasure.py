"""Erasure on request: what will go, which backups still hold the client and until when,
and the erasure itself, confirmed by typing the client's name."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from coachdesk.domain import Client
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.timefmt import uk_date_long, uk_local
from coachdesk.services.changes import APPOINTMENT, CASE_NOTE, CLIENT, PLAN, SIGNPOSTING, Changes
from coachdesk.store.backupset import BackupFile, BackupPolicy, backups, to_remove
from coachdesk.store.store import Store

KEPT_BY_HAND = "kept until someone deletes it"


@dataclass(frozen=True, slots=True)
class BackupHolding:
    """A backup made before the erasure: it still holds the client until it expires."""

    made: str  # 23 Nov 2026
    kind: str  # "automatic", "made by hand", "before an upgrade"
    expires: date | None  # None: never deleted automatically
    path: Path

    @property
    def expires_text(self) -> str:
        return uk_date_long(self.expires) if self.expires else KEPT_BY_HAND


@dataclass(frozen=True, slots=True)
class ErasurePreview:
    client_id: str
    name: str  # what the coach must type
    records: int  # the client's records that will go
    backups: list[BackupHolding]


def _kind(backup: BackupFile) -> str:
    if backup.automatic:
        return "automatic"
    return "made by hand" if backup.label == "manual" else "before an upgrade"


def expiry(backup: BackupFile, found: list[BackupFile], policy: BackupPolicy,
           today: date) -> date | None:
    """The first day the retention policy removes `backup`, if one automatic backup is
    made each day from today on; None for a backup only a person deletes."""
    if not backup.automatic:
        return None
    policy = policy.clamped()
    future: list[BackupFile] = []
    for days in range(0, policy.daily + 7 * policy.weekly + 8):
        day = today + timedelta(days=days)
        moment = datetime.combine(day, datetime.min.time(), tzinfo=backup.made_at.tzinfo)
        future.insert(0, replace(backup, path=Path(f"future-{days}"), made_at=moment))
        everything = sorted(future + found, key=lambda b: b.made_at, reverse=True)
        if backup.path in {b.path for b in to_remove(everything, policy)}:
            return day
    return None


def erasure_preview(store: Store, client_id: str, policy: BackupPolicy,
                    now: datetime) -> ErasurePreview:
    client = store.repo(Client).require(client_id)
    records = len(store.governance.client_record_ids(client_id))
    found = backups(store.vault.paths)
    today = uk_local(now).date()
    holding = [BackupHolding(uk_date_long(uk_local(b.made_at)), _kind(b),
                             expiry(b, found, policy, today), b.path) for b in found]
    return ErasurePreview(client_id, client.full_name, records, holding)


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def erase_client(store: Store, client_id: str, typed_name: str) -> Changes:
    """Erase the client if `typed_name` is their full name (case and spacing aside)."""
    client = store.repo(Client).require(client_id)
    if _folded(typed_name) != _folded(client.full_name):
        raise DomainRuleError(
            "The name typed does not match. Type the client's full name exactly as shown "
            "to confirm the erasure.")
    store.erase_clients([client_id], detail="on request")
    # no client id: the record view must not re-read a client who is gone
    return Changes(frozenset({CLIENT, CASE_NOTE, PLAN, APPOINTMENT, SIGNPOSTING}))
