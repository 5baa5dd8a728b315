"""The push loop as a pipeline: while the hub stores one batch, this device reads and
seals the next and records the previous one's acknowledgement.

At most one request is in flight, and batches go in device order, each only after the
hub has answered the one before, so the guarantees of the one-at-a-time loop hold: the
outbox is marked only for a batch the hub has answered; a crash anywhere (before,
during or after a request, before its acknowledgement is recorded) leaves those writes
in the outbox, and the next push sends them again, sealed the same way (nonces derived
from op ids), which the hub reports as duplicates. What overlaps is only this device's
own work (the outbox read, sealing, the vault transaction of an acknowledgement) with the
hub's: a first push of a whole caseload spent most of its time with one side idle.

The request runs on a helper thread that only talks HTTP; every vault step stays on the
calling thread (`SyncEngine._db`). Anything unusual (a 409: a reused op id after a key
rotation, a stale epoch) sends that batch down the one-at-a-time path
(`PushSteps._push_batch`).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from coachdesk.domain.change import Change
from coachdesk.sync.engine_steps import SyncError, SyncReport
from coachdesk.sync.hubclient import HubRefused
from coachdesk.sync.sealer import BatchSealer

if TYPE_CHECKING:
    from coachdesk.sync.push import PushSteps

#: a batch on its way: its changes, its `known_upto`, its sealed items, and the
#: request's answer to come
InFlight = tuple[list[Change], int | None, list[dict[str, Any]], "Future[dict[str, Any]]"]


def outbox_batches(steps: PushSteps, rows: int) -> Iterator[tuple[list[Change], int | None]]:
    """The outbox in push batches, in device order, read `rows` writes at a time by
    journal position (so it reads ahead of acknowledgements without repeating a write);
    each batch holds changes made at one pull cursor, given beside it (`known_upto`)."""
    after = 0
    while True:
        changes, last, known = steps._db(
            lambda s, a=after: s.journal.pending_after_known(a, rows))
        if last is None:
            return
        for batch in steps._batches(changes, known):
            yield batch, known.get(batch[0].seq)
        after = last


class Pipeline:
    def __init__(self, steps: PushSteps, report: SyncReport) -> None:
        self.steps = steps
        self.report = report
        self._sealer: BatchSealer | None = None

    def _seal(self, batch: list[Change]) -> tuple[int, list[dict[str, Any]]]:
        ring = self.steps.member.ring
        if self._sealer is None or self._sealer.ring is not ring:
            self._sealer = BatchSealer(ring, self.steps.device_id)
        return ring.epoch, self._sealer.seal_json(batch)

    def run(self, rows: int) -> int:
        steps = self.steps
        team_id = steps.member.team_id
        in_flight: InFlight | None = None
        with ThreadPoolExecutor(1, thread_name_prefix="coachdesk-push") as http:
            try:
                for batch, known_upto in outbox_batches(steps, rows):
                    # while the previous batch is on its way: seal this one, and check
                    # its clocks against the hub's (the Date of the latest answer)
                    epoch, items = self._seal(batch)
                    steps._check_own_clock(batch)
                    answered = self._answer(in_flight) if in_flight else None
                    if epoch != steps.member.ring.epoch:  # the keyring moved meanwhile
                        epoch, items = self._seal(batch)
                    previous, in_flight = in_flight, (batch, known_upto, items, http.submit(
                        steps.hub.push_items, team_id, items, known_upto))
                    if previous is not None and answered is not None:
                        steps._acknowledge(previous[0], answered, self.report)
                if in_flight is not None:
                    last, in_flight = in_flight, None
                    steps._acknowledge(last[0], self._answer(last), self.report)
            finally:
                if in_flight is not None:  # stopped early: let the request end first
                    in_flight[3].exception()
        return self.report.pushed

    def _answer(self, flight: InFlight) -> dict[str, Any]:
        batch, known_upto, _items, future = flight
        try:
            answer = future.result()
        except HubRefused as exc:
            if exc.status != 409:
                raise
            return self.steps._push_batch(batch, known_upto)  # one at a time, as before
        acked = {r.get("op_id") for r in answer.get("results", [])}
        if not {c.op_id for c in batch} <= acked:
            raise SyncError("The hub's answer to a push did not list every change; they "
                            "stay in the outbox and will be sent again.")
        return answer
