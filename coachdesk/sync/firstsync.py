"""First sync of a new device: the hub's snapshot (its live set) read page by page and
applied in bulk, then incremental pulls go on from the snapshot's `upto`.

Used when the vault has never pulled. Every change is opened and checked exactly as an
incremental pull opens it (`SyncEngine._open_page`: team, clock, AEAD, padding, tags), so
a change someone altered is refused and kept on record the same way. Each page goes in
one transaction together with the snapshot cursor (`snapshot_after`, `snapshot_upto`),
so a crash between or inside pages resumes at the next page with nothing applied twice;
the search index is built once at the end, in the transaction that sets the pull cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coachdesk.domain.change import Change
from coachdesk.store.store import Store

if TYPE_CHECKING:
    from coachdesk.sync.engine import SyncEngine, SyncReport

SNAPSHOT_AFTER = "snapshot_after"
SNAPSHOT_UPTO = "snapshot_upto"
PAGE = 1000  # the hub's largest page


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a first sync has gone: `done` of `total` (server sequence numbers, which
    grow evenly with the changes read, or a checkpoint's pages), `changes` received so
    far, counted in `unit`: "changes" on the per-change snapshot path, "records" when a
    checkpoint brings whole records; and the phase: "receiving" while pages arrive,
    "indexing" while search is built, "done"."""
    done: int
    total: int
    changes: int
    phase: str
    unit: str = "changes"

    @property
    def counted(self) -> str:
        """What has been received, in words: "1 record", "2,000 records", "12 changes"."""
        noun = self.unit[:-1] if self.changes == 1 and self.unit.endswith("s") else self.unit
        return f"{self.changes:,} {noun}"

    @property
    def fraction(self) -> float:
        if self.phase == "done":
            return 1.0
        return min(self.done / self.total, 1.0) if self.total else 0.0


ProgressCallback = Callable[[Progress], None]


def needed(state: dict[str, str]) -> bool:
    """True for a vault that has never pulled anything (its cursor is still at the start,
    as joining a team leaves it), or whose first sync was cut short."""
    return state.get("pull_after") in (None, "0") or SNAPSHOT_UPTO in state


def run(engine: SyncEngine, report: SyncReport,
        progress: ProgressCallback | None = None) -> int:
    """Receive the snapshot in bulk; returns the server sequence to pull on from."""
    tell = progress or (lambda _p: None)
    team = engine.member.team_id
    state = engine._db(lambda s: s.sync_state.values())
    after = int(state.get(SNAPSHOT_AFTER) or 0)
    upto: int | None = int(state[SNAPSHOT_UPTO]) if SNAPSHOT_UPTO in state else None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot") as fetcher:
        upto, received = _receive(engine, report, fetcher, team, after, upto, tell)
    tell(Progress(upto, upto, received, "indexing"))
    engine._db(lambda s: s.rebuild_search(state={"pull_after": str(upto)},
                                          forget=[SNAPSHOT_AFTER, SNAPSHOT_UPTO]))
    tell(Progress(upto, upto, received, "done"))
    return upto


def _receive(engine: SyncEngine, report: SyncReport, fetcher: ThreadPoolExecutor, team: str,
             after: int, upto: int | None, tell: ProgressCallback) -> tuple[int, int]:
    """Every page, each applied in its own transaction. The next page is fetched over HTTP
    (by `fetcher`) while this one is opened and applied; only the fetch runs beside it,
    and a page still counts as received only once its transaction commits."""
    received = 0
    page = engine.hub.snapshot(team, after, upto, PAGE)
    while True:
        engine._hook("pulled")
        upto = int(page["upto"])
        after = max(after, int(page["next_after"]))
        ahead: Future[dict[str, Any]] | None = None
        if page.get("more"):
            ahead = fetcher.submit(engine.hub.snapshot, team, after, upto, PAGE)
        changes, refusals = engine._open_page(page.get("changes", []), report)
        received += len(changes)
        cursor = {SNAPSHOT_AFTER: str(after), SNAPSHOT_UPTO: str(upto)}

        def apply(s: Store, changes: list[Change] = changes,
                  refusals: list[tuple[Any, ...]] = refusals,
                  cursor: dict[str, str] = cursor) -> Any:
            return s.apply_snapshot_page(engine._feed(changes), cursor, refusals)

        engine._count(report, engine._db(apply))
        engine._hook("snapshot page")
        tell(Progress(after, upto, received, "receiving"))
        if ahead is None:
            return upto, received
        page = ahead.result()
