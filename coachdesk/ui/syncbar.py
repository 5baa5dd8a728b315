"""Sync in the app: rounds on a thread of their own (which alone talks to the hub), every
vault step handed to the database worker, the result in the status bar.

A round runs on unlock, every five minutes, on "Sync now" (F9), and when the network
returns (syncwatch.py: Qt's reachability, or a cheap probe while offline with changes
waiting); after a failure it is retried with jittered back-off. Locking starts a new
generation: a round under way stops at its next vault step (the worker refuses it) and
its results are dropped; every step is a transaction of its own, so nothing is lost and
nothing is half-applied.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from coachdesk.services.changes import Changes
from coachdesk.services.errors import VaultLocked
from coachdesk.ui.syncwatch import NetworkWatch
from coachdesk.ui.worker import DbWorker

if TYPE_CHECKING:  # the sync client (httpx, the store) loads after the unlock screen shows
    from coachdesk.services.sync import Progress, SyncReport


class _Stopped(Exception):
    """The vault was locked while a round waited on it."""


class SyncController(QObject):
    status = Signal(str)  # the status bar's words ("" when sync is not set up)
    changes = Signal(object)  # Changes applied from other devices
    status_changed = Signal(object)  # the SyncStatus after a round (open dialogs refresh)
    #: a first sync's progress (services.sync.Progress), or None when the round ended
    progress = Signal(object)
    _progress = Signal(int, object)  # generation, Progress: from the sync thread
    _finished = Signal(int, object, str)  # generation, SyncReport or None, problem
    _submit = Signal(object, object)  # op, future: queued to the UI thread
    _task_done = Signal(int, object, object, object)  # generation, callbacks, result, error

    def __init__(self, worker: DbWorker, now: Callable[[], datetime],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._now = now
        self._generation = 0
        self._failures = 0
        self._running = False
        self._active = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self.watch = NetworkWatch(self)  # when the network returns
        self.watch.back.connect(self.sync_now)
        self._finished.connect(self._done)
        self._submit.connect(self._run_on_worker)
        self._task_done.connect(self._task_finished)
        self._progress.connect(self._progressed)
        self.hook: Callable[[str], None] | None = None  # tests: a step hook for the engine
        self._shown: tuple[str, datetime | None] = ("", None)  # last problem, its retry

    # ----- the UI thread ----------------------------------------------------------------
    def start(self) -> None:
        """The vault was unlocked: sync now, then every few minutes. (The generation moves
        on only when locking, so a team task started just before this goes on.)"""
        self._active, self._failures = True, 0
        self.sync_now()

    def stop(self) -> None:
        """The vault is locking: drop whatever a round under way brings back."""
        self._generation += 1
        self.progress.emit(None)
        self._active = False
        self.timer.stop()
        self.watch.stop()
        self.status.emit("")

    def refresh_status(self, _changes: object = None) -> None:
        """Something was written (changes_made): the status bar's count of changes
        waiting is read again, the last round's problem and retry kept."""
        if not self._active or self._running:
            return
        from coachdesk.services.syncrun import status_text

        generation, (problem, retry_at) = self._generation, self._shown

        def show(st: Any) -> None:
            if generation == self._generation and not self._running:
                self.status.emit(status_text(st, self._now(), problem, retry_at))

        self._worker.submit(lambda desk: desk.sync_status(), show)

    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self) -> None:
        if not self._active or self._running:
            return
        self._running = True
        self.timer.stop()
        self.status.emit("Syncing…")
        thread = threading.Thread(target=self._round, args=(self._generation,),
                                  name="coachdesk-sync", daemon=True)
        thread.start()

    def run(self, task: Callable[[Callable[..., Any]], Any], done: Callable[[Any], None],
            failed: Callable[[str], None]) -> None:
        """Run a team task (create, join, invite, devices, revoke, check) on a thread of
        its own; `done(result)` or `failed(plain words)` on the UI thread, unless the
        vault was locked meanwhile."""
        generation = self._generation

        def body() -> None:
            from coachdesk.services.sync import SyncFailed

            result, error = None, None
            try:
                result = task(lambda op: self._call(generation, op))
            except SyncFailed as exc:
                error = str(exc)
            except _Stopped:
                return
            except Exception as exc:  # shown plainly, never a traceback
                error = f"That did not work ({type(exc).__name__})."
            self._task_done.emit(generation, (done, failed), result, error)

        threading.Thread(target=body, name="coachdesk-sync-task", daemon=True).start()

    def _task_finished(self, generation: int, callbacks: tuple[Any, Any], result: Any,
                       error: str | None) -> None:
        if generation != self._generation:
            return
        done, failed = callbacks
        if error is None:
            done(result)
        else:
            failed(error)

    def _run_on_worker(self, op: Callable[..., Any], future: Future[Any]) -> None:
        self._worker.submit(op, future.set_result, future.set_exception)

    def _progressed(self, generation: int, progress: Progress) -> None:
        if generation == self._generation and self._running:
            self.progress.emit(progress)

    def _done(self, generation: int, report: SyncReport | None, problem: str) -> None:
        from coachdesk.services.sync import REMOVED
        from coachdesk.services.syncrun import NotSetUp, is_offline, retry_delay, status_text

        self._running = False
        self.progress.emit(None)
        if generation != self._generation:
            return  # locked meanwhile: these results must not reach a view
        if problem == NotSetUp.__name__:
            self.status.emit("")
            return
        self._failures = self._failures + 1 if problem else 0
        delay = retry_delay(self._failures)
        gone = problem == REMOVED  # removed from the team: retrying cannot help
        if not gone:
            self.timer.start(int(delay.total_seconds() * 1000))
        retry_at = None if gone else self._now() + delay
        if report is not None and report.kinds:
            self.changes.emit(Changes(frozenset(report.kinds), frozenset(report.client_ids)))
        now = self._now()
        self._shown = (problem, retry_at if problem else None)

        def show(st: Any) -> None:
            if generation != self._generation:
                return
            self.status.emit(status_text(st, now, problem, retry_at if problem else None))
            self.status_changed.emit(st)
            if is_offline(problem) and st.waiting and st.hub_url:
                self.watch.offline(st.hub_url)
            else:
                self.watch.stop()

        self._worker.submit(lambda desk: desk.sync_status(), show)

    # ----- the sync thread --------------------------------------------------------------
    def _call(self, generation: int, op: Callable[..., Any]) -> Any:
        """Run `op(desk)` on the database worker and wait for it (this thread only)."""
        future: Future[Any] = Future()
        self._submit.emit(op, future)
        while True:
            if generation != self._generation:
                raise _Stopped()
            try:
                return future.result(timeout=0.2)
            except FutureTimeout:
                continue
            except VaultLocked:
                raise _Stopped() from None

    def _round(self, generation: int) -> None:
        from coachdesk.services.sync import SyncFailed
        from coachdesk.services.syncrun import NotSetUp, build_checkpoint, run_round

        report, problem = None, ""
        try:
            report = run_round(lambda op: self._call(generation, op), self.hook,
                               lambda p: self._progress.emit(generation, p),
                               build_checkpoint=False)
        except NotSetUp:
            problem = NotSetUp.__name__
        except SyncFailed as exc:
            problem = str(exc)
        except _Stopped:
            problem = "stopped"
        except Exception as exc:  # a round must never take the app down
            problem = f"Sync stopped unexpectedly ({type(exc).__name__})."
        self._finished.emit(generation, report, problem)
        if report is not None:  # for new devices, once the coach has the round's result
            with contextlib.suppress(Exception):
                build_checkpoint(lambda op: self._call(generation, op))
