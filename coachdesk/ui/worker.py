"""One database worker thread, like Anki's taskman.

Every use of the open Store runs here, one job at a time, so the UI thread never waits on
SQLCipher. Results come back to the UI thread by a queued signal. A job submitted before a
lock never delivers its result after it: each lock starts a new generation and stale results
are dropped, so no client data reaches a view once the vault is locked.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from coachdesk.store.errors import VaultLocked
from coachdesk.store.store import Store

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass(slots=True)
class _Job:
    fn: Callable[[Store | None], Any]
    done: Done | None
    failed: Failed | None
    generation: int
    needs_store: bool


class DbWorker(QObject):
    """Runs callables on the store off the UI thread. `synchronous=True` runs them inline
    (for tests that want determinism); the threaded mode is the real app."""

    _delivered = Signal(object, object, object)  # job, result, error
    busy_changed = Signal(bool)
    error = Signal(str)  # plain words, for jobs without their own error handler

    def __init__(self, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._store: Store | None = None
        self._generation = 0
        self._pending = 0
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._delivered.connect(self._deliver)
        if not synchronous:
            self._thread = threading.Thread(target=self._loop, name="coachdesk-db", daemon=True)
            self._thread.start()

    # ----- the UI side -------------------------------------------------------------
    def submit(self, fn: Callable[[Store], Any], done: Done | None = None,
               failed: Failed | None = None) -> None:
        """Run `fn(store)` on the worker; `done(result)` or `failed(error)` on the UI thread."""
        self._put(_Job(fn, done, failed, self._generation, True))  # type: ignore[arg-type]

    def open(self, factory: Callable[[], Store], done: Done | None = None,
             failed: Failed | None = None) -> None:
        """Open the vault on the worker (the KDF takes a second): the store stays there."""
        def job(_: Store | None) -> Store:
            store = factory()
            self._store = store
            return store
        self._put(_Job(job, done, failed, self._generation, False))

    def close(self, before: Callable[[Store], None] | None = None,
              done: Done | None = None) -> None:
        """Lock: drop every result still on its way, then run `before` (save drafts, audit)
        and close the vault on the worker."""
        self._generation += 1

        def job(_: Store | None) -> None:
            store, self._store = self._store, None
            if store is not None and before is not None:
                before(store)
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
        try:
            if job.needs_store and self._store is None:
                raise VaultLocked()
            return job.fn(self._store), None
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
        if job.generation != self._generation:
            return  # submitted before a lock: its data must not reach a view
        if error is None:
            if job.done is not None:
                job.done(result)
        elif job.failed is not None:
            job.failed(error)
        elif not isinstance(error, VaultLocked):
            log.error("Background job failed: %s", type(error).__name__)
            self.error.emit(str(error) or type(error).__name__)
