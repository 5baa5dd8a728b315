"""What the directory needs from storage, and a small in-memory stand-in with the same shape.

The vault's `Store` provides these methods; the stand-in serves benchmarks' raw baseline and
code paths that must run without a vault (the demo before a profile exists).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.entity import Entity


class ServiceRepo(Protocol):
    def add(self, entity: DirectoryService) -> Any: ...
    def update(self, entity: DirectoryService) -> Any: ...
    def get(self, id: str) -> DirectoryService | None: ...
    def all(self) -> list[DirectoryService]: ...
    def find_by(self, field: str, value: Any) -> list[DirectoryService]: ...


class DirectoryStore(Protocol):
    def transaction(self) -> AbstractContextManager[Any]: ...
    def repo(self, cls: type[Any]) -> Any: ...


class MemoryStore:
    """Records kept in dicts, one per entity type; a transaction is all-or-nothing and nested
    ones join the outer one. No journal, audit or encryption: a stand-in, not a vault."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, dict[str, Any]]] = {}
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        snapshot = copy.deepcopy(self._tables)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._tables = snapshot
            raise
        finally:
            self._depth = 0

    def repo(self, cls: type[Entity]) -> MemoryRepo:
        return MemoryRepo(self, cls)


class MemoryRepo:
    def __init__(self, store: MemoryStore, cls: type[Entity]) -> None:
        self._store, self._cls = store, cls

    @property
    def _rows(self) -> dict[str, dict[str, Any]]:
        return self._store._tables.setdefault(self._cls.ENTITY, {})

    def add(self, entity: Any) -> None:
        if entity.id in self._rows:
            raise KeyError(f"{entity.id} already exists")
        self._rows[entity.id] = entity.to_fields()

    def update(self, entity: Any) -> None:
        if entity.id not in self._rows:
            raise KeyError(entity.id)
        self._rows[entity.id] = entity.to_fields()

    def get(self, id: str) -> Any:
        row = self._rows.get(id)
        return self._cls.from_fields(row) if row else None

    def all(self) -> list[Any]:
        return [self._cls.from_fields(r) for r in self._rows.values()]

    def find_by(self, field: str, value: Any) -> list[Any]:
        return [self._cls.from_fields(r) for r in self._rows.values() if r[field] == value]
