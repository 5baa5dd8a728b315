"""Erasure on the hub: which erased clients still need the hub's purge.

The list lives in the vault's sync_state (client ids only, no personal data) and is
written in the same transaction as the step that makes a purge due: the tombstone's
acknowledgement by the hub, the apply of a tombstone pulled from another device, or a
change pulled for a client already erased here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from coachdesk.domain.change import Change
from coachdesk.store.erasure import ERASED
from coachdesk.store.store import Store

#: sync_state key: JSON list of erased clients whose purge the hub has not taken yet
PURGES_WAITING = "purges_waiting"


def is_tombstone(change: Change) -> bool:
    return change.entity == "client" and change.field == ERASED


def issued_at(hub_ms: int | None) -> str | None:
    """The purge's issue time on the hub's clock (its last Date header), so a PC whose
    clock is a few minutes out is not refused; None: this PC's clock."""
    if hub_ms is None:
        return None
    return datetime.fromtimestamp(hub_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def waiting(store: Store) -> list[str]:
    return list(json.loads(store.sync_state.get(PURGES_WAITING) or "[]"))


def wait_for(store: Store, client_ids: Iterable[str]) -> None:
    """Add erased clients to the purges waiting (inside the caller's transaction)."""
    new = list(client_ids)
    if new:
        found = waiting(store)
        found += [c for c in dict.fromkeys(new) if c not in found]
        store.sync_state.put({PURGES_WAITING: json.dumps(found)})


def after_apply(store: Store, changes: list[Change]) -> None:
    """After applying pulled changes (same transaction): a tombstone from another device
    makes a purge due, and so does a change of a client already erased here (a device
    that had not heard of the erasure pushed it late; the hub must drop it too)."""
    due = [c.entity_id for c in changes if is_tombstone(c)]
    if any(c.client_id for c in changes):
        erased = store.sync_state.erased_ids()
        due += [c.client_id for c in changes if c.client_id in erased]
    wait_for(store, [c for c in due if c])


def done(store: Store, client_id: str) -> None:
    with store.transaction():
        left = [c for c in waiting(store) if c != client_id]
        store.sync_state.put({PURGES_WAITING: json.dumps(left)})
