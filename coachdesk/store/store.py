"""The front door to an open vault: repositories, transactions, search, audit, drafts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from typing import TypeVar

from coachdesk.domain import ENTITY_TYPES
from coachdesk.domain.entity import Entity
from coachdesk.domain.hlc import HybridLogicalClock, Timestamp
from coachdesk.domain.timefmt import uk_local, utc_now
from coachdesk.store.auditlog import AuditLog
from coachdesk.store.drafts import Drafts
from coachdesk.store.journal import Journal
from coachdesk.store.repository import Repository
from coachdesk.store.search import SearchHit, SearchIndex
from coachdesk.store.settings import Settings
from coachdesk.store.sqlcipher import DatabaseError, translate
from coachdesk.store.vault import Vault

T = TypeVar("T", bound=Entity)


def uk_today() -> date:
    return uk_local(utc_now()).date()


class Store:
    """Everything below the UI reads and writes through one Store per open vault."""

    def __init__(
        self, vault: Vault, actor: str, clock: HybridLogicalClock | None = None,
        today: Callable[[], date] = uk_today,
    ) -> None:
        self.vault = vault
        self.conn = vault.conn
        self.actor = actor
        self.today = today
        self.device_id = vault.meta("device_id") or "unknown-device"
        self.journal = Journal(self.conn, self.device_id)
        self.audit = AuditLog(self.conn, actor, self.device_id)
        self.search_index = SearchIndex(self.conn)
        self.drafts = Drafts(self.conn)
        self.settings = Settings(self.conn)
        last = self.journal.last_hlc()
        self.clock = clock or HybridLogicalClock(last=Timestamp.decode(last) if last else None)
        self._depth = 0
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
        path = self.vault.paths.database
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except DatabaseError as exc:
            raise translate(exc, path) from None
        self._depth = 1
        try:
            yield
        except BaseException as exc:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, DatabaseError):
                raise translate(exc, path) from exc
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise translate(exc, path) from None

    def search(
        self, text: str, kinds: set[str] | None = None, client_id: str | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        return self.search_index.query(text, kinds, client_id, limit)

    def _columns(self, table: str) -> frozenset[str]:
        rows = self.conn.execute("SELECT name FROM pragma_table_xinfo(?)", (table,))
        return frozenset(r[0] for r in rows)
