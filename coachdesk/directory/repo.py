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


class ServiceRepo(Protocol):
    def add(self, entity: DirectoryService) -> Any: ...
    def update(self, entity: DirectoryService) -> Any: ...
    def get(self, id: str) -> DirectoryService | None: ...
    def all(self) -> list[DirectoryService]: ...
    def find_by(self, field: str, value: Any) -> list[DirectoryService]: ...


class DirectoryStore(Protocol):
    def transaction(self) -> AbstractContextManager[Any]: ...
    def repo(self, cls: type[DirectoryService]) -> ServiceRepo: ...


class MemoryStore:
    """Services kept in a dict; a transaction is all-or-nothing, and nested ones join."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}
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
        snapshot = copy.deepcopy(self._rows)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._rows = snapshot
            raise
        finally:
            self._depth = 0

    def repo(self, cls: type[DirectoryService]) -> MemoryStore:
        return self

    def add(self, entity: DirectoryService) -> None:
        if entity.id in self._rows:
            raise KeyError(f"{entity.id} already exists")
        self._rows[entity.id] = entity.to_fields()

    def update(self, entity: DirectoryService) -> None:
        if entity.id not in self._rows:
            raise KeyError(entity.id)
        self._rows[entity.id] = entity.to_fields()

    def get(self, id: str) -> DirectoryService | None:
        row = self._rows.get(id)
        return DirectoryService.from_fields(row) if row else None

    def all(self) -> list[DirectoryService]:
        return [DirectoryService.from_fields(r) for r in self._rows.values()]

    def find_by(self, field: str, value: Any) -> list[DirectoryService]:
        return [DirectoryService.from_fields(r) for r in self._rows.values() if r[field] == value]
