"""One database worker thread, like Anki's taskman.

Every use of the open vault runs here, one job at a time, so the UI thread never waits on
SQLCipher. The worker holds the `Desk` (the services bound to the open vault) and each
operation is a callable given that Desk; the UI never holds it, a Store or a connection.
An operation that writes returns `Changes` (or `WithChanges`): after its `done`, the
worker emits `changed` with them, and each view decides whether they concern it.

Results come back to the UI thread by a queued signal. A job submitted before a
lock never delivers its result after it: each lock starts a new generation and stale results
are dropped, so no client data reaches a view once the vault is locked.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from coachdesk.services.changes import Changes, WithChanges
from coachdesk.services.errors import VaultLocked
from coachdesk.services.profiles import Unlocked, unlocked

if TYPE_CHECKING:
    from coachdesk.services.desk import Desk

T = TypeVar("T")

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass(slots=True)
class _Job:
    fn: Callable[[Desk | None], Any]
    done: Done | None
    failed: Failed | None
    generation: int
    needs_desk: bool
    wanted: Callable[[], bool] | None = None


#: the result of a job dropped unrun because it was no longer wanted
_DROPPED = object()


def changes_of(result: object) -> Changes | None:
    if isinstance(result, Changes):
        return result
    if isinstance(result, WithChanges):
        return result.changes
    return None


class DbWorker(QObject):
    """Runs operations on the open vault off the UI thread. `synchronous=True` runs them inline
    (for tests that want determinism); the threaded mode is the real app."""

    _delivered = Signal(object, object, object)  # job, result, error
    busy_changed = Signal(bool)
    error = Signal(str)  # plain words, for jobs without their own error handler
    changed = Signal(object)  # Changes, after the `done` of the operation that made them

    def __init__(self, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._desk: Desk | None = None
        self._generation = 0
        self._pending = 0
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._delivered.connect(self._deliver)
        if not synchronous:
            self._thread = threading.Thread(target=self._loop, name="coachdesk-db", daemon=True)
            self._thread.start()

    # ----- the UI side -------------------------------------------------------------
    def submit(self, op: Callable[[Desk], T], done: Callable[[T], None] | None = None,
               failed: Failed | None = None, *, wanted: Callable[[], bool] | None = None,
               ) -> None:
        """Run `op(desk)` on the worker; `done(result)` or `failed(error)` on the UI thread.

        `wanted` is asked on the worker just before the job would run (so it may read
        plain Python state only, no widget): False drops the job unrun, with neither
        `done` nor `failed` (a page's load that the coach left while it waited its turn)."""
        self._put(_Job(op, done, failed, self._generation, True, wanted))  # type: ignore[arg-type]

    def open(self, factory: Callable[[], Desk], done: Callable[[Unlocked], None] | None = None,
             failed: Failed | None = None) -> None:
        """Open the vault on the worker (the KDF takes a second): the Desk stays there and
        `done` is told only what the window needs to know (an `Unlocked`)."""
        def job(_: Desk | None) -> Unlocked:
            desk = factory()
            self._desk = desk
            return unlocked(desk)
        self._put(_Job(job, done, failed, self._generation, False))

    def close(self, before: Callable[[Desk], None] | None = None,
              done: Done | None = None) -> None:
        """Lock: drop every result still on its way, then run `before` (save drafts, audit,
        close the vault) on the worker."""
        self._generation += 1

        def job(_: Desk | None) -> None:
            desk, self._desk = self._desk, None
            if desk is not None and before is not None:
                before(desk)
        self._put(_Job(job, done, None, self._generation, False))

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def shutdown(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
            self._thread = None

    def wait_idle(self, timeout: float = 10.0) -> None:
        """For tests and shutdown: block until the queue is empty (never call from a job)."""
        if self._thread is not None:
            done = threading.Event()
            self._queue.put(_Job(lambda _s: done.set(), None, None, -1, False))
            done.wait(timeout)

    # ----- internals -----------------------------------------------------------------
    def _put(self, job: _Job) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        if self.synchronous:
            result, error = self._run(job)
            self._deliver(job, result, error)
        else:
            self._queue.put(job)

    def _run(self, job: _Job) -> tuple[Any, BaseException | None]:
        if job.wanted is not None and not job.wanted():
            return _DROPPED, None
        try:
            if job.needs_desk and self._desk is None:
                raise VaultLocked()
            return job.fn(self._desk), None
        except Exception as exc:  # delivered to the UI thread, which decides what to show
            return None, exc

    def _loop(self) -> None:
        while (job := self._queue.get()) is not None:
            result, error = self._run(job)
            if job.generation >= 0:
                self._delivered.emit(job, result, error)

    def _deliver(self, job: _Job, result: Any, error: BaseException | None) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self.busy_changed.emit(False)
        if job.generation != self._generation or result is _DROPPED:
            return  # submitted before a lock (its data must not reach a view), or unwanted
        if error is None:
            if job.done is not None:  # a WithChanges hands `done` its value
                job.done(result.value if isinstance(result, WithChanges) else result)
            changes = changes_of(result)
            if changes is not None and changes.kinds:
                self.changed.emit(changes)
        elif job.failed is not None:
            job.failed(error)
        elif not isinstance(error, VaultLocked):
            log.error("Background job failed: %s", type(error).__name__)
            self.error.emit(str(error) or type(error).__name__)


#: how much nicer than the app a background thread (the full integrity check) runs
BACKGROUND_NICE = 10


def background_priority() -> None:
    """Lower the calling thread's CPU priority where the system allows it per thread (Linux),
    so long background reads yield to the coach's work; elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid)
                           + BACKGROUND_NICE)
