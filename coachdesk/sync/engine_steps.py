"""What a sync round shares between its push and its pull: the report, the error the coach
can act on, the hub's clock, and the vault steps (each runs where the store lives)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store.store import Store
from coachdesk.sync.hubclient import HubClient

MAX_AHEAD_OF_HUB_MS = 5 * 60 * 1000

#: test hook: called with a step name ("pushed", "pulled", "applying"); may raise
Hook = Callable[[str], None]
T = TypeVar("T")
#: runs one step on the vault: `db(step)` calls `step(store)` where the store lives (the
#: app's database worker thread; inline by default) and returns its result
VaultRunner = Callable[[Callable[[Store], T]], T]


class SyncError(Exception):
    """Sync stopped for a reason the coach can act on (plain words); nothing was lost."""


@dataclass(slots=True)
class SyncReport:
    pushed: int = 0  # changes the hub took for the first time
    pulled: int = 0  # changes received from other devices
    applied: int = 0
    conflicts: int = 0
    refused: int = 0  # did not open with the team key: someone altered them
    held: int = 0  # clock too far ahead of the hub's: tried again later
    parked: int = 0  # this version cannot apply them yet (applied after an upgrade)
    purged: int = 0  # the hub's changes removed by this device's purges of erased clients
    purges_waiting: int = 0  # purges the hub did not take this time (tried again later)
    kinds: set[str] = field(default_factory=set)
    client_ids: set[str] = field(default_factory=set)


def hub_clock_ms(hub: HubClient) -> int | None:
    """The hub's clock from the Date header of its last answer (to the second)."""
    if not hub.hub_date:
        return None
    try:
        return int(parsedate_to_datetime(hub.hub_date).timestamp() * 1000)
    except (TypeError, ValueError):
        return None


def wall_ms(hlc: str) -> int:
    try:
        return Timestamp.decode(hlc).wall_ms
    except ValueError:
        return 0


# ----- vault steps (each runs where the store lives) ---------------------------------------
def direct(store: Store) -> VaultRunner[Any]:
    return lambda step: step(store)


def put_state(store: Store, values: dict[str, str]) -> None:
    with store.transaction():
        store.sync_state.put(values)


def finished(store: Store) -> None:
    put_state(store, {"last_sync_at": to_iso(utc_now()), "last_error": ""})


def hub_seqs(items: list[dict[str, Any]]) -> dict[str, int]:
    """The server sequence of each change of a page, by op id (for the merge's judgement
    of what was concurrent: see `coachdesk.store.remote`)."""
    seqs: dict[str, int] = {}
    for item in items:
        op_id, seq = item.get("op_id"), item.get("server_seq")
        if isinstance(op_id, str) and isinstance(seq, int):
            seqs[op_id] = seq
    return seqs


def known_upto(page: dict[str, Any]) -> dict[str, int]:
    """By op id, how far each change's device had pulled when it made it, where the hub
    says (a hub that keeps no such thing leaves it out: then the merge judges by server
    sequence alone)."""
    given = page.get("known_upto")
    if not isinstance(given, dict):
        return {}
    return {op_id: seq for op_id, seq in given.items()
            if isinstance(op_id, str) and type(seq) is int and seq >= 0}
