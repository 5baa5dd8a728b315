"""The device's sync engine: push the outbox, pull and apply, and check against the hub.

Crash-safe at every step. Push: a change is sealed the same way every time (its nonce is
derived from its op id), so a push repeated after a lost acknowledgement is reported a
duplicate by the hub; the outbox is marked and compacted only after the hub answers.
Pull: each page is applied through `Store.apply_remote` and the pull cursor advanced in
the same transaction, so a crash before or during the apply repeats the page, and the
store ignores changes it has applied already. A change that does not open with the team
key is refused (kept on record, the rest keeps syncing); one whose clock is more than
five minutes ahead of the hub's is held back and tried again on later syncs.

Erasure: a client's tombstone is sealed without a client id, so the hub's purge of that
client (every change carrying its id) never removes the tombstone and every device still
gets it. Once the tombstone is on the hub (pushed here, or pulled from another device),
the client's id joins the vault's list of purges waiting, in the same transaction, and
each round sends the hub a signed purge for every one waiting until the hub takes it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from coachdesk.domain.change import Change
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store.store import Store
from coachdesk.sync import firstsync, purges, wire
from coachdesk.sync.hubclient import HubClient, HubRefused
from coachdesk.sync.membership import Membership
from coachdesk.sync.opener import PageOpener
from coachdesk.sync.teamkeys import KeyUnwrapError
from coachdesk.sync.wire import SealedChange, TamperedChange, WireError

MAX_AHEAD_OF_HUB_MS = 5 * 60 * 1000
PUSH_ROWS = 200  # outbox writes read at a time
PUSH_CHANGES = 500  # changes per push request
PUSH_BYTES = 3 * 1024 * 1024  # ciphertext per push request (the hub takes 8 MiB of JSON)
PAGE = 500
#: the hub's words for a change under an op id it holds with other contents
REUSED = "was already used for a different change"

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


def _wall_ms(hlc: str) -> int:
    try:
        return Timestamp.decode(hlc).wall_ms
    except ValueError:
        return 0


class SyncEngine:
    def __init__(self, store: Store | None, hub: HubClient, member: Membership,
                 hook: Hook | None = None, db: VaultRunner[Any] | None = None,
                 device_id: str | None = None,
                 progress: firstsync.ProgressCallback | None = None) -> None:
        """Give a `store` to work on it directly, or `db` and `device_id` to have every
        vault step run elsewhere (the app's database worker) while this thread talks to
        the hub."""
        self.store = store
        if db is None:
            assert store is not None
            db = _direct(store)
        self._db = db
        self.device_id = device_id or (store.device_id if store else "")
        self.hub = hub
        self.member = member
        self._hook = hook or (lambda _step: None)
        self.progress = progress  # told how a first sync (in bulk) is going
        self.first_sync_in_bulk = True  # False: a new device pulls change by change
        self._opener: PageOpener | None = None

    # ----- the whole round ------------------------------------------------------------
    def sync(self) -> SyncReport:
        report = SyncReport()
        self.pull(report)
        self.push(report)
        self.purge(report)
        self.pull(report)  # what others pushed meanwhile, and our own pushes' echo
        self._db(_finished)
        return report

    # ----- push -----------------------------------------------------------------------
    def _nonce(self, epoch: int, op_id: str) -> bytes:
        key = self.member.ring.value_key(epoch)
        return hmac.new(key, b"coachdesk nonce v1\x00" + op_id.encode(),
                        hashlib.sha256).digest()[:wire.NONCE_BYTES]

    def _seal(self, change: Change) -> SealedChange:
        ring = self.member.ring
        if purges.is_tombstone(change):
            change = replace(change, client_id=None)  # so no purge ever removes it
        epoch = ring.epoch
        return wire.seal(change, ring.team_id, epoch, ring.value_key(epoch), ring.tag_key,
                         nonce=self._nonce(epoch, change.op_id))

    def _batches(self, changes: list[Change]) -> Iterator[list[Change]]:
        batch: list[Change] = []
        size = 0
        for change in changes:
            weight = len(str(change.value)) + 300
            if batch and (len(batch) >= PUSH_CHANGES or size + weight > PUSH_BYTES):
                yield batch
                batch, size = [], 0
            batch.append(change)
            size += weight
        if batch:
            yield batch

    def push(self, report: SyncReport | None = None) -> int:
        report = report or SyncReport()
        while changes := self._db(_pending):
            for batch in self._batches(changes):
                self._check_own_clock(batch)
                answer = self._push_batch(batch)
                self._hook("pushed")
                erased = [c.entity_id for c in batch if purges.is_tombstone(c)]
                mark = _push_mark(batch, answer)
                self._db(lambda s, seq=batch[-1].seq, e=erased, m=mark:
                         _acknowledged(s, seq, e, m))
                report.pushed += sum(1 for r in answer["results"] if not r["duplicate"])
        return report.pushed

    def _push_batch(self, batch: list[Change]) -> dict[str, Any]:
        sealed = [self._seal(c) for c in batch]
        try:
            answer = self.hub.push(self.member.team_id, sealed)
        except HubRefused as exc:
            if exc.status != 409:
                raise
            if REUSED in exc.reason:
                answer = self._push_one_by_one(batch)
            elif self._refresh_keyring():
                answer = self._push_batch(batch)
            else:
                raise
        acked = {r.get("op_id") for r in answer.get("results", [])}
        if not {c.op_id for c in batch} <= acked:
            raise SyncError("The hub's answer to a push did not list every change; they "
                            "stay in the outbox and will be sent again.")
        return answer

    def _push_one_by_one(self, batch: list[Change]) -> dict[str, Any]:
        """A change the hub took before its acknowledgement was lost, and the team key
        rotated since: sealed again in the new epoch it differs from the hub's copy, which
        the hub refuses as a reused op id. The hub holds that op already (op ids are this
        device's own), so it counts as acknowledged; `verify` would show any lie."""
        results: list[dict[str, Any]] = []
        for change in batch:
            try:
                answer = self.hub.push(self.member.team_id, [self._seal(change)])
                results += answer["results"]
            except HubRefused as exc:
                if exc.status != 409 or REUSED not in exc.reason:
                    raise
                results.append({"op_id": change.op_id, "duplicate": True})
        return {"results": results}

    def _check_own_clock(self, batch: list[Change]) -> None:
        hub_ms = hub_clock_ms(self.hub)
        if hub_ms is None:
            return
        ahead = max(_wall_ms(c.hlc) for c in batch) - hub_ms
        if ahead > MAX_AHEAD_OF_HUB_MS:
            raise SyncError(f"This computer's clock is {ahead // 60000} minutes ahead of the "
                            "hub's. Correct the date and time, then sync again; your changes "
                            "are kept here.")

    def _refresh_keyring(self) -> bool:
        """After a key rotation: fetch the newer keyring the hub holds for this device."""
        m = self.member
        newer = self.hub.fetch_keyring(m.team_id, self.device_id, m.keys)
        if newer is None or newer.epoch <= m.ring.epoch:
            return False
        m.ring = newer
        self._db(lambda s: _put_state(s, m.to_state()))
        return True

    # ----- pull -----------------------------------------------------------------------
    def pull(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        if self.first_sync_in_bulk and firstsync.needed(
                self._db(lambda s: s.sync_state.values())):
            firstsync.run(self, report, self.progress)  # a new device: the snapshot in bulk
        after = int(self._db(lambda s: s.sync_state.get("pull_after")) or 0)
        self._count(report, self._db(lambda s: s.retry_parked()))  # after an upgrade
        self._retry_held(report)
        while True:
            page = self.hub.pull(self.member.team_id, after, PAGE)
            self._hook("pulled")
            changes, refusals = self._open_page(page.get("changes", []), report)
            seqs = _hub_seqs(page.get("changes", []))
            next_after = int(page["next_after"])
            cursor = str(max(after, next_after))

            def apply(s: Store, changes: list[Change] = changes,
                      refusals: list[tuple[Any, ...]] = refusals, cursor: str = cursor,
                      seqs: dict[str, int] = seqs) -> Any:
                with s.transaction():
                    applied = s.apply_remote(self._feed(changes), seqs)
                    for refusal in refusals:
                        s.sync_state.refuse(*refusal)
                    s.sync_state.put({"pull_after": cursor})
                    if s.sync_state.pass_push_marks(int(cursor)):
                        s.sync_state.compact_outbox()  # what the marks kept
                    purges.after_apply(s, changes)
                return applied

            self._count(report, self._db(apply))
            after = max(after, next_after)
            if not page.get("more"):
                return report

    def _feed(self, changes: list[Change]) -> Iterator[Change]:
        for n, change in enumerate(changes):
            if n == len(changes) // 2:
                self._hook("applying")
            yield change

    @staticmethod
    def _count(report: SyncReport, applied: Any) -> None:
        report.applied += applied.applied
        report.conflicts += applied.conflicts
        report.parked += applied.parked
        report.kinds |= applied.kinds
        report.client_ids |= applied.client_ids

    def _open_page(self, items: list[dict[str, Any]], report: SyncReport
                   ) -> tuple[list[Change], list[tuple[Any, ...]]]:
        """Every change of a page opened and checked (`opener.PageOpener`; anything its
        quick path does not take goes through `_open_item`, which says why)."""
        team, ring = self.member.team_id, self.member.ring
        hub_ms = hub_clock_ms(self.hub)
        refusals: list[tuple[Any, ...]] = []
        if self._opener is None or self._opener.ring is not ring \
                or self._opener.team_id != team or self._opener.own != self.device_id:
            self._opener = PageOpener(ring, team, self.device_id)

        def slow(item: dict[str, Any]) -> Change | None:
            return self._open_item(item, hub_ms, team, refusals, report)

        changes, _own = self._opener.open_page(items, hub_ms, MAX_AHEAD_OF_HUB_MS, slow)
        report.pulled += len(changes)
        return changes, refusals

    def _open_item(self, item: dict[str, Any], hub_ms: int | None, team: str,
                   refusals: list[tuple[Any, ...]], report: SyncReport) -> Change | None:
        body = dict(item)
        seq = int(body.pop("server_seq", 0))
        try:
            sealed = SealedChange.from_json(body)
        except WireError as exc:
            refusals.append((seq, str(body.get("device_id", "?"))[:64],
                             str(body.get("op_id", "?"))[:64], str(exc), body, False))
            report.refused += 1
            return None
        if sealed.device_id == self.device_id:
            return None  # our own change coming back: nothing to do
        return self._open(seq, sealed, body, hub_ms, team, refusals, report)

    def _open(self, seq: int, sealed: SealedChange, body: dict[str, Any], hub_ms: int | None,
              team: str, refusals: list[tuple[Any, ...]], report: SyncReport) -> Change | None:
        ring = self.member.ring
        if hub_ms is not None and _wall_ms(sealed.hlc) - hub_ms > MAX_AHEAD_OF_HUB_MS:
            refusals.append((seq, sealed.device_id, sealed.op_id,
                             "its clock is more than 5 minutes ahead of the hub's", body, True))
            report.held += 1
            return None
        try:
            if sealed.team_id != team:
                raise TamperedChange("it belongs to another team")
            if sealed.epoch not in ring.roots:  # the team key was rotated: fetch it
                self._refresh_keyring()
                ring = self.member.ring
            opened = wire.open_change(sealed, ring.value_key(sealed.epoch), ring.tag_key)
        except (TamperedChange, KeyUnwrapError) as exc:
            refusals.append((seq, sealed.device_id, sealed.op_id, str(exc), body, False))
            report.refused += 1
            return None
        return Change(op_id=sealed.op_id, device_id=sealed.device_id, seq=sealed.seq,
                      hlc=sealed.hlc, entity=opened.entity, entity_id=sealed.entity_id,
                      field=opened.field, value=opened.value, client_id=sealed.client_id)

    def _retry_held(self, report: SyncReport) -> None:
        held = self._db(lambda s: s.sync_state.refused(held=True))
        if not held:
            return
        self.hub.health()  # a fresh reading of the hub's clock
        hub_ms = hub_clock_ms(self.hub)
        ready = [h for h in held if hub_ms is not None
                 and _wall_ms(str(h.sealed.get("hlc"))) - hub_ms <= MAX_AHEAD_OF_HUB_MS]
        refusals: list[tuple[Any, ...]] = []
        changes: list[Change] = []
        for h in ready:
            sealed = SealedChange.from_json(h.sealed)
            opened = self._open(h.server_seq, sealed, h.sealed, hub_ms, self.member.team_id,
                                refusals, report)
            if opened is not None:
                changes.append(opened)
        def apply(s: Store) -> Any:
            with s.transaction():
                applied = s.apply_remote(changes, {h.op_id: h.server_seq for h in ready})
                purges.after_apply(s, changes)
                for h in ready:
                    s.sync_state.release(h.server_seq)
                for refusal in refusals:
                    s.sync_state.refuse(*refusal)
            return applied

        self._count(report, self._db(apply))


    # ----- erasure: the hub's purge -------------------------------------------------------
    def purge(self, report: SyncReport | None = None) -> int:
        """Send a signed purge for every erased client waiting; the hub removes every
        change of that client it holds (the tombstone aside). A purge the hub refuses
        (say, this PC's clock is far behind the hub's) waits for the next round."""
        report = report or SyncReport()
        m = self.member
        for client_id in self._db(purges.waiting):
            try:
                report.purged += self.hub.purge(m.team_id, self.device_id, m.keys, client_id,
                                                issued_at=purges.issued_at(hub_clock_ms(self.hub)))
            except HubRefused as exc:
                if exc.status not in (400, 403):
                    raise
                report.purges_waiting += 1
                continue
            self._hook("purged")
            self._db(lambda s, cid=client_id: purges.done(s, cid))
        return report.purged


# ----- vault steps (each runs where the store lives) ---------------------------------------
def _direct(store: Store) -> VaultRunner[Any]:
    return lambda step: step(store)


def _pending(store: Store) -> list[Change]:
    return store.journal.pending(limit=PUSH_ROWS)


def _push_mark(batch: list[Change], answer: dict[str, Any]) -> tuple[int, str] | None:
    """(server sequence, clock) of the batch's first change, as the hub numbered it (a
    duplicate keeps the sequence it was first taken at, so a push repeated after a lost
    acknowledgement marks the same place)."""
    hlcs = {c.op_id: c.hlc for c in batch}
    taken = [(r["server_seq"], hlcs[r["op_id"]]) for r in answer["results"]
             if isinstance(r.get("server_seq"), int) and r.get("op_id") in hlcs]
    return min(taken) if taken else None


def _hub_seqs(items: list[dict[str, Any]]) -> dict[str, int]:
    """The server sequence of each change of a page, by op id (for the merge's judgement
    of what was concurrent: see `coachdesk.store.remote`)."""
    seqs: dict[str, int] = {}
    for item in items:
        op_id, seq = item.get("op_id"), item.get("server_seq")
        if isinstance(op_id, str) and isinstance(seq, int):
            seqs[op_id] = seq
    return seqs


def _acknowledged(store: Store, through_seq: int, erased: list[str],
                  mark: tuple[int, str] | None = None) -> None:
    with store.transaction():
        store.journal.mark_pushed(through_seq)
        if mark is not None:
            store.sync_state.add_push_mark(*mark)
        store.sync_state.compact_outbox()
        purges.wait_for(store, erased)


def _put_state(store: Store, values: dict[str, str]) -> None:
    with store.transaction():
        store.sync_state.put(values)


def _finished(store: Store) -> None:
    _put_state(store, {"last_sync_at": to_iso(utc_now()), "last_error": ""})
