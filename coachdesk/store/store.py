"""The front door to an open vault: repositories (the one local write path), named queries,
transactions, search, audit, drafts, and `apply_remote` (the one write path for sync)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any, TypeVar

from coachdesk.domain import ENTITY_TYPES
from coachdesk.domain.change import Change
from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.hlc import HybridLogicalClock, Timestamp
from coachdesk.domain.timefmt import uk_today
from coachdesk.store import bulkload
from coachdesk.store import checkpoint as team_checkpoint
from coachdesk.store.auditcheck import audit_problems
from coachdesk.store.auditlog import AuditLog
from coachdesk.store.conflicts import ConflictLog
from coachdesk.store.drafts import Drafts
from coachdesk.store.erasure import Erased, checkpoint, erase_clients
from coachdesk.store.governance import Governance
from coachdesk.store.journal import Journal
from coachdesk.store.queries import Queries
from coachdesk.store.referral_queries import ReferralQueries
from coachdesk.store.remote import ApplyReport, apply_remote, retry_parked
from coachdesk.store.report_queries import ReportQueries
from coachdesk.store.repository import Repository
from coachdesk.store.search import SearchHit, SearchIndex
from coachdesk.store.settings import Settings
from coachdesk.store.sqlcipher import immediate_transaction
from coachdesk.store.syncstate import SyncState
from coachdesk.store.vault import Vault

T = TypeVar("T", bound=Entity)

#: the coach's own details kept in the vault's meta table (shown on printouts)
COACH_DETAILS = frozenset({"coach_name", "coach_phone", "coach_email", "coach_role"})


class Store:
    """Everything below the UI reads and writes through one Store per open vault."""

    def __init__(
        self, vault: Vault, actor: str, clock: HybridLogicalClock | None = None,
        today: Callable[[], date] = uk_today,
    ) -> None:
        self.vault = vault
        #: the store's own handle: no SQL runs outside coachdesk/store
        self._conn = vault.conn
        self.actor = actor
        self.today = today
        self.device_id = vault.meta("device_id") or "unknown-device"
        self.journal = Journal(self._conn, self.device_id)
        self.audit = AuditLog(self._conn, actor, self.device_id)
        self.search_index = SearchIndex(self._conn)
        self.drafts = Drafts(self._conn)
        self.queries = Queries(self._conn)
        self.conflicts = ConflictLog(self._conn)
        self.settings = Settings(self._conn)
        self.governance = Governance(self._conn)
        self.reports = ReportQueries(self._conn)
        self.referral_queries = ReferralQueries(self._conn)
        self.sync_state = SyncState(self._conn, self.device_id)
        # the clock goes on from the later of this device's last write and the latest
        # clock seen from another device
        last = max(self.journal.last_hlc() or "", vault.meta("hlc_seen") or "")
        self.clock = clock or HybridLogicalClock(last=Timestamp.decode(last) if last else None)
        self._depth = 0
        self._checkpoint_due = False  # truncate the WAL once the transaction commits
        self._repos: dict[type[Entity], Repository[Entity]] = {}
        self.columns = cache(self._columns)

    def repo(self, cls: type[T]) -> Repository[T]:
        if cls.ENTITY not in ENTITY_TYPES:
            raise ValueError(f"{cls.__name__} is not a stored entity")
        if cls not in self._repos:
            self._repos[cls] = Repository(self, cls)  # type: ignore[assignment]
        return self._repos[cls]  # type: ignore[return-value]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with immediate_transaction(self._conn, self.vault.paths.database):
                yield
        finally:
            self._depth = 0
        self.vault.committed()
        if self._checkpoint_due:
            self.checkpoint_when_committed()

    def checkpoint_when_committed(self) -> None:
        """Empty the WAL (after an erasure, so no old page stays in it): now, or when the
        transaction under way commits (a checkpoint cannot run inside one)."""
        if self._depth:
            self._checkpoint_due = True
            return
        self._checkpoint_due = False
        checkpoint(self._conn)

    def add_many(self, records: Iterable[Entity], detail: str = "") -> int:
        """Create many new records (any mix of kinds) in one transaction, a batch per kind:
        the bulk form of `repo(cls).add` (see `Repository.add_many`). Returns the count."""
        by_kind: dict[type[Entity], list[Entity]] = {}
        for record in records:
            by_kind.setdefault(type(record), []).append(record)
        with self.transaction():
            return sum(self.repo(cls).add_many(batch, detail) for cls, batch in by_kind.items())

    def rebuild_search(self, ref_ids: Iterable[str] | None = None,
                       state: dict[str, str] | None = None,
                       forget: list[str] | None = None) -> int:
        """Build the search entries of these records (any kinds) again from the stored
        records, or of every record when `ref_ids` is None, in one transaction. For bulk
        writers that store records without indexing them (a first sync), then index once;
        a first sync also puts its sync `state` and drops its `forget` keys in the same
        transaction. Returns how many records are in the index for them."""
        with self.transaction():
            count = self.search_index.rebuild(ref_ids)
            if state:
                self.sync_state.put(state)
            if forget:
                self.sync_state.forget(forget)
        return count

    def set_coach_detail(self, key: str, value: str) -> None:
        """The one write of the coach's own details (name, phone...) into meta, audited
        (the field name only, never the value)."""
        if key not in COACH_DETAILS:
            raise ValueError(f"{key!r} is not one of the coach's details")
        with self.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value.strip())
            )
            self.audit.append(AuditAction.CHANGE, "meta", key, [key])

    def set_coach_name(self, name: str) -> None:
        self.set_coach_detail("coach_name", name)
        self.actor = self.audit.actor = name.strip() or self.actor

    def audit_problems(self) -> list[str]:
        """Every way the audit trail is broken or does not match its seal (plain words)."""
        return audit_problems(self._conn, self.vault.anchor_problem)

    def coach_details(self) -> dict[str, str]:
        return self.queries.meta_values(COACH_DETAILS)

    def apply_remote(self, changes: Iterable[Change],
                     hub_seqs: Mapping[str, int] | None = None,
                     known_upto: Mapping[str, int] | None = None) -> ApplyReport:
        """The second write entry: changes from other devices, one transaction per batch,
        field-level last-writer-wins, losers kept in the conflict log, no outbox entry.
        `hub_seqs`: the hub's server sequence of each change, by op id, where known;
        `known_upto`: how far its device had pulled when it was made, where known."""
        return apply_remote(self, changes, hub_seqs, known_upto)

    def apply_snapshot_page(self, changes: Iterable[Change], state: dict[str, str],
                            refusals: Iterable[tuple[Any, ...]] = ()) -> ApplyReport:
        """First sync in bulk: one snapshot page, its refusals and the cursor `state` in
        one transaction; the same end state as `apply_remote`, audit summarised."""
        report = bulkload.apply_page(self, changes, state, refusals)
        if report.erased:
            self.checkpoint_when_committed()
        return report

    def checkpoint_begin(self) -> team_checkpoint.Reading | None:
        """Start reading this vault's synced state for a new device's checkpoint, or None
        if it is not caught up with the hub (see `store/checkpoint.py`)."""
        return team_checkpoint.begin(self)

    def checkpoint_records(self, reading: team_checkpoint.Reading,
                           cursor: team_checkpoint.Cursor, per_page: int, max_bytes: int
                           ) -> tuple[list[Any], team_checkpoint.Cursor | None] | None:
        """One page of records from `cursor` and the next cursor (None after the last),
        or None if anything was written since `checkpoint_begin`."""
        return team_checkpoint.read_records(self, reading, cursor, per_page, max_bytes)

    def checkpoint_rest(self, reading: team_checkpoint.Reading) -> dict[str, Any] | None:
        """The checkpoint's sync bookkeeping (its last page), None if anything changed."""
        return team_checkpoint.read_rest(self, reading)

    def checkpoint_can_start(self) -> bool:
        """True for a vault that holds nothing yet, as a device joins a team with."""
        return team_checkpoint.can_start(self)

    def apply_checkpoint_page(self, page: dict[str, Any], state: dict[str, str]) -> int:
        """First sync from a checkpoint: one opened page and the cursor in one
        transaction (search is built once at the end, by `rebuild_search`)."""
        return team_checkpoint.apply_page(self, page, state)

    def schema_version(self) -> int:
        return team_checkpoint.schema_version(self)

    def retry_parked(self) -> ApplyReport:
        """Changes kept aside because an older version could not apply them: those this
        version understands are applied now (through the same merge), the rest wait."""
        return retry_parked(self)

    def erase_clients(self, client_ids: list[str], detail: str = "on request") -> list[Erased]:
        """The one erasure path: every row of each client leaves the vault; the audit keeps
        that it happened (no name); a tombstone goes to the outbox for other devices."""
        return erase_clients(self, client_ids, detail)

    def search(
        self, text: str, kinds: set[str] | None = None, client_id: str | None = None,
        limit: int = 50, snippets: bool = True,
    ) -> list[SearchHit]:
        return self.search_index.query(text, kinds, client_id, limit, snippets)

    def _columns(self, table: str) -> frozenset[str]:
        rows = self._conn.execute("SELECT name FROM pragma_table_xinfo(?)", (table,))
        return frozenset(r[0] for r in rows)
