"""Pushing the outbox: each change sealed the same way every time (its nonce derived from
its op id), in batches the hub takes, marked and compacted only once the hub answers."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from coachdesk.domain.change import Change
from coachdesk.store.store import Store
from coachdesk.sync import purges, wire
from coachdesk.sync.engine_steps import (
    MAX_AHEAD_OF_HUB_MS,
    SyncError,
    SyncReport,
    hub_clock_ms,
    put_state,
    wall_ms,
)
from coachdesk.sync.hubclient import HubRefused
from coachdesk.sync.pushpipe import Pipeline
from coachdesk.sync.wire import SealedChange

PUSH_ROWS = 1000  # outbox writes read at a time (about 9,000 changes)
PUSH_CHANGES = 1000  # changes per push request (the most the hub takes)
PUSH_BYTES = 3 * 1024 * 1024  # ciphertext per push request (the hub takes 8 MiB of JSON)
#: the hub's words for a change under an op id it holds with other contents
REUSED = "was already used for a different change"


class PushSteps:
    """SyncEngine's push (see engine.py)."""

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

    def _batches(self, changes: list[Change],
                 known: dict[int, int] | None = None) -> Iterator[list[Change]]:
        """Batches the hub takes; each holds changes made at one pull cursor (`known`, by
        device sequence), as the hub keeps one `known_upto` for a push."""
        known = known or {}
        batch: list[Change] = []
        size = 0
        for change in changes:
            weight = len(str(change.value)) + 300
            if batch and (len(batch) >= PUSH_CHANGES or size + weight > PUSH_BYTES
                          or known.get(change.seq) != known.get(batch[0].seq)):
                yield batch
                batch, size = [], 0
            batch.append(change)
            size += weight
        if batch:
            yield batch

    def push(self, report: SyncReport | None = None) -> int:
        """Every outbox write to the hub, a batch at a time (`pushpipe`: the next batch is
        read and sealed while the hub stores the last)."""
        return Pipeline(self, report or SyncReport()).run(PUSH_ROWS)

    def _acknowledge(self, batch: list[Change], answer: dict[str, Any],
                     report: SyncReport) -> None:
        """The hub has answered for `batch`: its writes leave the outbox."""
        self._hook("pushed")
        erased = [c.entity_id for c in batch if purges.is_tombstone(c)]
        mark = push_mark(batch, answer)
        self._db(lambda s, seq=batch[-1].seq, e=erased, m=mark:
                 acknowledged(s, seq, e, m))
        report.pushed += sum(1 for r in answer["results"] if not r["duplicate"])

    def _push_batch(self, batch: list[Change], known_upto: int | None = None
                    ) -> dict[str, Any]:
        sealed = [self._seal(c) for c in batch]
        try:
            answer = self.hub.push(self.member.team_id, sealed, known_upto)
        except HubRefused as exc:
            if exc.status != 409:
                raise
            if REUSED in exc.reason:
                answer = self._push_one_by_one(batch, known_upto)
            elif self._refresh_keyring():
                answer = self._push_batch(batch, known_upto)
            else:
                raise
        acked = {r.get("op_id") for r in answer.get("results", [])}
        if not {c.op_id for c in batch} <= acked:
            raise SyncError("The hub's answer to a push did not list every change; they "
                            "stay in the outbox and will be sent again.")
        return answer

    def _push_one_by_one(self, batch: list[Change], known_upto: int | None
                         ) -> dict[str, Any]:
        """A change the hub took before its acknowledgement was lost, and the team key
        rotated since: sealed again in the new epoch it differs from the hub's copy, which
        the hub refuses as a reused op id. The hub holds that op already (op ids are this
        device's own), so it counts as acknowledged; `verify` would show any lie."""
        results: list[dict[str, Any]] = []
        for change in batch:
            try:
                answer = self.hub.push(self.member.team_id, [self._seal(change)], known_upto)
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
        ahead = max(wall_ms(c.hlc) for c in batch) - hub_ms
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
        self._db(lambda s: put_state(s, m.to_state()))
        return True


def push_mark(batch: list[Change], answer: dict[str, Any]) -> tuple[int, str] | None:
    """(server sequence, clock) of the batch's first change, as the hub numbered it (a
    duplicate keeps the sequence it was first taken at, so a push repeated after a lost
    acknowledgement marks the same place)."""
    hlcs = {c.op_id: c.hlc for c in batch}
    taken = [(r["server_seq"], hlcs[r["op_id"]]) for r in answer["results"]
             if isinstance(r.get("server_seq"), int) and r.get("op_id") in hlcs]
    return min(taken) if taken else None


def acknowledged(store: Store, through_seq: int, erased: list[str],
                 mark: tuple[int, str] | None = None) -> None:
    with store.transaction():
        first = store.journal.first_unpushed_seq()
        store.journal.mark_pushed(through_seq)
        if mark is not None:
            store.sync_state.add_push_mark(*mark)
        store.sync_state.compact_outbox(since_seq=first)
        purges.wait_for(store, erased)
