"""Sealed checkpoints: a caught-up team device seals its synced state for new devices,
and a new device's first sync takes it instead of the hub's per-change snapshot.

Building (`after_sync`, on the sync worker once a round has finished): a device whose
outbox is empty and that has pulled up to S asks the hub for its latest checkpoint and
builds a new one when there is none or S has grown past it by `GROWTH` (20 %) and at
least `MIN_GROWTH` sequence numbers, in a team of at least `MIN_CHANGES`. One GET decides;
a failure of any kind is dropped silently (the next round tries again), so it never gets
in the coach's way.

Receiving (`receive`): a vault that holds nothing yet reads the commit, checks it (team,
epoch: the newest this device holds, `upto` no further than the hub's head, the same
vault schema), downloads every page still to apply and checks each against the commit's
hashes before applying any, so a hub that alters, drops, reorders or swaps pages, or
serves an old or another team's checkpoint, gets it refused with nothing applied: the
plain reason is kept in `sync_state` (`checkpoint_refused`) and the first sync goes the
per-change way. Then each page is opened (the next one opened on a worker thread while
this one is written) and applied in one transaction with its cursor, so a crash resumes
at the next page; search is built once at the end with the pull cursor set to S.
"""

from __future__ import annotations

import base64
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from coachdesk.domain.ids import new_id
from coachdesk.store.store import Store
from coachdesk.sync import checkpoint_wire as cw
from coachdesk.sync.firstsync import SNAPSHOT_UPTO, Progress, ProgressCallback
from coachdesk.sync.hubclient import HubRefused, HubUnreachable
from coachdesk.sync.teamkeys import KeyUnwrapError
from coachdesk.sync.wire import b64decode

if TYPE_CHECKING:
    from coachdesk.sync.engine import SyncEngine, SyncReport

MIN_CHANGES = 5_000  # below this the per-change snapshot is quick: no checkpoint
MIN_GROWTH = 1_000
GROWTH = 0.2
PER_PAGE = 2_000  # records in a page (fewer if they are large)
CP_ID, CP_NEXT, CP_UPTO = "checkpoint_id", "checkpoint_next", "checkpoint_upto"
REFUSED = "checkpoint_refused"
RECORDS = "records"  # what a checkpoint first sync counts (it brings whole records)


class Refused(Exception):
    """The hub's checkpoint cannot be taken (plain words); the snapshot path is used."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def latest(engine: SyncEngine) -> tuple[dict[str, Any] | None, int]:
    """The hub's latest committed checkpoint (None) and its head."""
    data = engine.hub.request("GET", f"/v1/teams/{engine.member.team_id}/checkpoint")
    return data.get("checkpoint"), int(data.get("high") or 0)


def due(served: dict[str, Any] | None, upto: int) -> bool:
    if upto < MIN_CHANGES:
        return False
    if served is None:
        return True
    grown = upto - int(served["upto"])
    return grown >= max(MIN_GROWTH, GROWTH * int(served["upto"]))


# ----- building ----------------------------------------------------------------------------
def after_sync(engine: SyncEngine) -> str | None:
    """Build and upload a checkpoint if one is due; its id, or None. Never raises."""
    try:
        upto = int(engine._db(lambda s: s.sync_state.get("pull_after")) or 0)
        if upto < MIN_CHANGES or engine._db(lambda s: s.journal.pending_count()):
            return None
        served, _high = latest(engine)
        return build(engine) if due(served, upto) else None
    except (HubRefused, HubUnreachable, KeyUnwrapError, OSError, ValueError):
        return None


def _pages(engine: SyncEngine) -> tuple[Any, list[bytes], int] | None:
    """The vault's synced state read a page per database step (the coach's own work goes
    in between) and compressed here: (reading, pages, records), or None if the vault is
    not caught up or was written to meanwhile (the next round tries again)."""
    reading = engine._db(lambda s: s.checkpoint_begin())
    if reading is None:
        return None
    pages: list[bytes] = []
    cursor: Any = (0, "")
    records = 0
    while True:
        got = engine._db(lambda s, c=cursor: s.checkpoint_records(
            reading, c, PER_PAGE, cw.RAW_PAGE_BYTES))
        if got is None:
            return None
        page, cursor = got
        records += len(page)
        if cursor is None:
            break
        pages.append(cw.encode_page({"records": page}))
    rest = engine._db(lambda s: s.checkpoint_rest(reading))
    if rest is None:
        return None
    pages.append(cw.encode_page({"records": page, **rest}))
    return reading, pages, records


def build(engine: SyncEngine) -> str | None:
    """Seal this vault's synced state and upload it; the checkpoint's id, or None if the
    vault is not caught up. HubRefused if the hub will not take it."""
    read = _pages(engine)
    if read is None:
        return None
    reading, pages, records = read
    ring, team, author = engine.member.ring, engine.member.team_id, engine.device_id
    epoch, key, count, upto = ring.epoch, ring.value_key(), len(pages), reading.upto
    checkpoint_id = new_id()
    base = f"/v1/teams/{team}/checkpoints"
    engine.hub.request("POST", base, {"checkpoint_id": checkpoint_id, "epoch": epoch,
                                      "upto": upto, "pages": count})
    hashes: list[str] = []
    for index, page in enumerate(pages):
        blob = cw.seal_page(key, page, cw.page_aad(team, checkpoint_id, author, epoch, upto,
                                                   index, count))
        hashes.append(cw.page_hash(blob))
        engine.hub.request("POST", f"{base}/{checkpoint_id}/pages",
                           {"index": index, "data": _b64(blob)})
        engine._hook("checkpoint upload")
    commit = cw.seal_commit(key, hashes, records, reading.schema, cw.commit_aad(
        team, checkpoint_id, author, epoch, upto, count))
    engine.hub.request("POST", f"{base}/{checkpoint_id}/commit", {"commit": _b64(commit)})
    return checkpoint_id


# ----- receiving ---------------------------------------------------------------------------
def receive(engine: SyncEngine, report: SyncReport,
            progress: ProgressCallback | None = None) -> int | None:
    """A new device's first sync from the hub's checkpoint: the server sequence to pull
    on from, or None when the per-change snapshot must do it (none served, the vault
    holds something already, or the checkpoint was refused)."""
    tell = progress or (lambda _p: None)
    state = engine._db(lambda s: s.sync_state.values())
    if SNAPSHOT_UPTO in state:
        return None  # a snapshot first sync is under way: it goes on
    resuming = CP_ID in state
    if not resuming and not engine._db(lambda s: s.checkpoint_can_start()):
        return None
    try:
        served, high = latest(engine)
    except HubRefused as exc:
        if exc.status != 404:
            raise
        return None  # a hub without checkpoints
    try:
        if served is None or (resuming and served["checkpoint_id"] != state[CP_ID]):
            if resuming:  # replaced meanwhile: the records so far merge as held ones
                raise Refused("The checkpoint being received was replaced on the hub.")
            return None
        hashes = _check(engine, served, high)
        start = int(state.get(CP_NEXT) or 0) if resuming else 0
        blobs = _download(engine, served, hashes, start)
        upto = _apply(engine, report, served, blobs, start, tell)
    except (Refused, KeyError, TypeError, ValueError) as exc:
        reason = str(exc) if isinstance(exc, Refused) else "The hub's checkpoint is malformed."
        engine._db(lambda s: _forget(s, reason))
        return None
    tell(Progress(upto, upto, report.applied, "indexing", RECORDS))
    engine._db(lambda s: s.rebuild_search(state={"pull_after": str(upto)},
                                          forget=[CP_ID, CP_NEXT, CP_UPTO]))
    tell(Progress(upto, upto, report.applied, "done", RECORDS))
    return upto


def _forget(store: Store, reason: str) -> None:
    with store.transaction():
        store.sync_state.forget([CP_ID, CP_NEXT, CP_UPTO])
        store.sync_state.put({REFUSED: reason})


def _aad(engine: SyncEngine, served: dict[str, Any]) -> tuple[str, str, str, int, int, int]:
    return (engine.member.team_id, str(served["checkpoint_id"]), str(served["device_id"]),
            int(served["epoch"]), int(served["upto"]), int(served["pages"]))


def _check(engine: SyncEngine, served: dict[str, Any], high: int) -> list[str]:
    """Open the commit: its page hashes, or Refused in plain words."""
    try:
        team, cid, author, epoch, upto, count = _aad(engine, served)
        ring = engine.member.ring
        if epoch not in ring.roots:
            engine._refresh_keyring()
            ring = engine.member.ring
        if epoch != ring.epoch:
            raise Refused("The hub served a checkpoint sealed before the team key last "
                          "changed.")
        if not 0 < upto <= high or not 0 < count <= cw.MAX_PAGES:
            raise Refused("The hub's checkpoint does not fit what the hub holds.")
        hashes, _records, schema = cw.open_commit(
            ring.value_key(epoch), b64decode(str(served["commit"])),
            cw.commit_aad(team, cid, author, epoch, upto, count), count)
    except (cw.TamperedCheckpoint, KeyUnwrapError, KeyError, TypeError, ValueError) as exc:
        raise Refused(str(exc) or "The hub's checkpoint is malformed.") from exc
    if schema != engine._db(lambda s: s.schema_version()):
        raise Refused("The checkpoint was made by another version of CoachDesk.")
    return hashes


def _download(engine: SyncEngine, served: dict[str, Any], hashes: list[str],
              start: int) -> dict[int, bytes]:
    """Every page from `start` on, each checked against the commit before any applies."""
    base = f"/v1/teams/{engine.member.team_id}/checkpoints/{served['checkpoint_id']}"
    blobs: dict[int, bytes] = {}
    for index in range(start, len(hashes)):
        try:
            data = engine.hub.request("GET", f"{base}/pages/{index}")
            blob = b64decode(str(data["data"]))
        except (HubRefused, KeyError, TypeError, ValueError) as exc:
            raise Refused(f"Page {index + 1} of the hub's checkpoint could not be "
                          "read.") from exc
        if cw.page_hash(blob) != hashes[index]:
            raise Refused(f"Page {index + 1} of the hub's checkpoint is not the page its "
                          "author sealed.")
        blobs[index] = blob
    return blobs


def _apply(engine: SyncEngine, report: SyncReport, served: dict[str, Any],
           blobs: dict[int, bytes], start: int, tell: ProgressCallback) -> int:
    team, cid, author, epoch, upto, count = _aad(engine, served)
    key = engine.member.ring.value_key(epoch)

    def opened(index: int) -> dict[str, Any]:
        return cw.open_page(key, blobs.pop(index),
                            cw.page_aad(team, cid, author, epoch, upto, index, count))

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint") as opener:
        ahead: Future[dict[str, Any]] | None = (
            opener.submit(opened, start) if start < count else None)
        for index in range(start, count):
            assert ahead is not None
            try:
                page = ahead.result()
            except cw.TamperedCheckpoint as exc:
                raise Refused(str(exc)) from exc
            ahead = opener.submit(opened, index + 1) if index + 1 < count else None
            cursor = {CP_ID: cid, CP_NEXT: str(index + 1), CP_UPTO: str(upto)}
            try:
                made = engine._db(lambda s, p=page, c=cursor: s.apply_checkpoint_page(p, c))
            except ValueError as exc:
                raise Refused(str(exc)) from exc
            report.pulled += made
            report.applied += made
            report.kinds |= {r[0] for r in page.get("records", [])}
            engine._hook("checkpoint page")
            tell(Progress(index + 1, count, report.applied, "receiving", RECORDS))
    return upto
