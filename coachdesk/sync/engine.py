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

from collections.abc import Iterator
from typing import Any

from coachdesk.domain.change import Change
from coachdesk.store.store import Store
from coachdesk.sync import checkpoint, firstsync, purges, wire
from coachdesk.sync.engine_steps import (
    MAX_AHEAD_OF_HUB_MS,
    Hook,
    SyncError,
    SyncReport,
    VaultRunner,
    direct,
    finished,
    hub_clock_ms,
    hub_seqs,
    known_upto,
    wall_ms,
)
from coachdesk.sync.hubclient import HubClient, HubRefused
from coachdesk.sync.membership import Membership
from coachdesk.sync.opener import PageOpener
from coachdesk.sync.push import PushSteps
from coachdesk.sync.teamkeys import KeyUnwrapError
from coachdesk.sync.wire import SealedChange, TamperedChange, WireError

__all__ = ["Hook", "SyncEngine", "SyncError", "SyncReport", "VaultRunner", "hub_clock_ms"]

PAGE = 500


class SyncEngine(PushSteps):
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
            db = direct(store)
        self._db = db
        self.device_id = device_id or (store.device_id if store else "")
        self.hub = hub
        self.member = member
        self._hook = hook or (lambda _step: None)
        self.progress = progress  # told how a first sync (in bulk) is going
        self.first_sync_in_bulk = True  # False: a new device pulls change by change
        self.use_checkpoints = True  # False: neither build nor take sealed checkpoints
        self.build_checkpoints = True  # False: the caller builds one later (`checkpoint`)
        self._opener: PageOpener | None = None

    # ----- the whole round ------------------------------------------------------------
    def sync(self) -> SyncReport:
        report = SyncReport()
        self.pull(report)
        self.push(report)
        self.purge(report)
        self.pull(report)  # what others pushed meanwhile, and our own pushes' echo
        self._db(finished)
        if self.use_checkpoints and self.build_checkpoints:
            checkpoint.after_sync(self)  # for new devices, if one is due; never raises
        return report

    # ----- pull -----------------------------------------------------------------------
    def pull(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        # a new device: the team's checkpoint if the hub serves one, else its snapshot
        if self.first_sync_in_bulk and firstsync.needed(
                self._db(lambda s: s.sync_state.values())) and (
                not self.use_checkpoints
                or checkpoint.receive(self, report, self.progress) is None):
            firstsync.run(self, report, self.progress)
        after = int(self._db(lambda s: s.sync_state.get("pull_after")) or 0)
        self._count(report, self._db(lambda s: s.retry_parked()))  # after an upgrade
        self._retry_held(report)
        while True:
            page = self.hub.pull(self.member.team_id, after, PAGE)
            self._hook("pulled")
            changes, refusals = self._open_page(page.get("changes", []), report)
            seqs = hub_seqs(page.get("changes", []))
            known = known_upto(page)
            next_after = int(page["next_after"])
            cursor = str(max(after, next_after))

            def apply(s: Store, changes: list[Change] = changes,
                      refusals: list[tuple[Any, ...]] = refusals, cursor: str = cursor,
                      seqs: dict[str, int] = seqs, known: dict[str, int] = known) -> Any:
                with s.transaction():
                    applied = s.apply_remote(self._feed(changes), seqs, known)
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
        if hub_ms is not None and wall_ms(sealed.hlc) - hub_ms > MAX_AHEAD_OF_HUB_MS:
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
                 and wall_ms(str(h.sealed.get("hlc"))) - hub_ms <= MAX_AHEAD_OF_HUB_MS]
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
