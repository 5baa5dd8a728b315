"""Several real vaults in one test, and a stand-in hub that relays changes by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coachdesk.domain import ENTITY_TYPES
from coachdesk.domain.change import Change
from coachdesk.domain.hlc import HybridLogicalClock
from coachdesk.store.paths import AppPaths
from coachdesk.store.remote import ApplyReport
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, TODAY


def make_store(root: Path, name: str, wall_ms: Callable[[], int] | None = None) -> Store:
    vault, _code = Vault.create(AppPaths.under(root).vault(name), PASSPHRASE, FAST_KDF)
    clock = HybridLogicalClock(wall_clock_ms=wall_ms) if wall_ms else None
    return Store(vault, actor=name, today=lambda: TODAY, clock=clock)


class Hub:
    """Keeps every change pushed to it; a pull hands a device all of them (its own too,
    as a real hub's page would), so a device sees each change once or more."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def push(self, store: Store) -> list[Change]:
        pending = store.journal.pending(limit=1_000_000)
        self.changes += pending
        if pending:
            store.journal.mark_pushed(max(c.seq for c in pending))
        return pending

    def pull(self, store: Store) -> ApplyReport:
        return store.apply_remote(self.changes)


def records(store: Store, table: str) -> dict[str, dict[str, object]]:
    """Every record of a table, by id, in its field form."""
    return {r.id: r.to_fields() for r in store.repo(ENTITY_TYPES[table]).all()}
