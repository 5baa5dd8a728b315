"""Write a synthetic caseload into a vault through the ordinary repositories."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from coachdesk.domain import Entity
from coachdesk.store.store import Store


def load(store: Store, records: Iterable[Entity], batch: int = 2000,
         progress: Callable[[int], None] | None = None) -> int:
    """Add records in batches of one transaction each; returns how many were written."""
    count = 0
    pending: list[Entity] = []

    def flush() -> None:
        store.add_many(pending)
        pending.clear()
        if progress:
            progress(count)

    for record in records:
        pending.append(record)
        count += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return count
