"""After unlock: the coach is placed back where they were (or on Today), and the unlock's
background work (the full integrity check, the daily backup) waits for the first page."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from coachdesk.services.errors import VaultError, VaultLocked
from coachdesk.services.profiles import Unlocked
from coachdesk.ui.window.locking import SEARCH_DRAFT, WORKSPACE_ACTIONS, Place
from coachdesk.ui.worker import background_priority

#: the unlock's background work starts once the first page has loaded, or after this
FIRST_PAGE_WAIT_MS = 3000


class UnlockingMixin:
    """MainWindow after a successful unlock."""

    def _after_first_page(self, *jobs: Callable[[], None]) -> None:
        """Background work of an unlock (the full integrity check, the daily backup) waits
        until the page the coach asked for has loaded: the first moment the worker is idle
        after unlock, or FIRST_PAGE_WAIT_MS at the latest."""
        pending = list(jobs)
        unlock_number = self._unlocks
        timer = QTimer(self)
        timer.setSingleShot(True)

        def start(busy: bool = False) -> None:
            if busy or not pending:
                return
            self.ctx.worker.busy_changed.disconnect(on_busy)
            timer.stop()
            timer.deleteLater()
            if self.is_locked() or unlock_number != self._unlocks:
                pending.clear()  # locked meanwhile: the next unlock starts its own
            for job in pending:
                job()
            pending.clear()

        def on_busy(busy: bool) -> None:
            if not busy:  # after the job's own `done` has shown its rows
                QTimer.singleShot(0, lambda: start(self.ctx.worker.is_busy))

        self.ctx.worker.busy_changed.connect(on_busy)
        timer.timeout.connect(lambda: start())
        timer.start(FIRST_PAGE_WAIT_MS)

    def _check_integrity_later(self, check: Callable[[], None]) -> None:
        """Large vaults open at once and are checked page by page just after the first page
        is shown, on a thread and connection of their own at low priority (so it yields the
        CPU to the coach's work); damage locks the app with the vault's own message."""
        def run() -> None:
            background_priority()
            try:
                check()
            except VaultLocked:
                pass  # locked while checking: the next unlock checks again
            except VaultError as exc:
                self.integrity_failed.emit(str(exc))

        threading.Thread(target=run, name="coachdesk-integrity", daemon=True).start()

    def _audit_warning(self, problem: str) -> None:
        """The audit trail does not match its seal: say so at every unlock, without
        stopping the coach's work (the evidence is kept until IT looks at it)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "The audit trail needs checking",
                          f"The record of who did what in this vault does not match its "
                          f"seal: {problem}. You can carry on working, but please tell your "
                          "manager or IT support, and keep this vault as it is.",
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("auditWarning")
        box.open()

    def _integrity_problem(self, message: str) -> None:
        self.lock()
        QMessageBox.critical(self, "The vault is damaged", message)

    def _unlocked(self, unlocked: Unlocked) -> None:
        self._ensure_workspace()  # before the workspace's actions are enabled
        self._unlocks += 1
        check = unlocked.integrity_check
        self._after_first_page(*([lambda: self._check_integrity_later(check)] if check else []),
                               self._daily_backup)
        QTimer.singleShot(0, self.sync.start)
        if unlocked.audit_problem:
            self._audit_warning(unlocked.audit_problem)
        self.ctx.coach_name = unlocked.coach_name
        self.coach_label.setText(f"Signed in as {unlocked.coach_name}")
        for action_id in WORKSPACE_ACTIONS:
            if action_id in self.registry:
                self.registry[action_id].setEnabled(True)
        self.toolbar.show()
        self.menuBar().show()
        self.root.setCurrentWidget(self.pages)
        self.idle.minutes = self.ctx.prefs.idle_lock_minutes
        self.idle.arm()
        place, self._place = self._place, None
        if place is None:
            self.show_page("today")
            self.ctx.worker.submit(lambda d: d.latest_note_draft(), self._recover_draft)
            return
        if place.session is not None:
            self.session.start(place.session.client_id, place.session.appointment_id,
                               place.session.started)
            self.show_page("session")
        elif place.page in ("record", "session") and place.client_id:
            self.open_client(place.client_id)
            self.record.tabs.setCurrentIndex(place.tab)
        elif place.page == "new_client":
            self.show_page("new_client")
            self.new_client.start(restore_draft=True)
        else:
            self.today.restore(place.slot)
            self.ctx.worker.submit(lambda d: d.take_draft(SEARCH_DRAFT),
                                   lambda text: self._back_to(place, text or ""))
            return
        self._scroll_page_to(place.page_scroll)

    def _back_to(self, place: Place, search: str) -> None:
        """Today, Caseload or a module's page, as the coach left it: search, row, scroll."""
        self.caseload.restore(search, place.chosen, place.table_scroll)
        self.show_page(place.page)
        self._scroll_page_to(place.page_scroll)

    def _scroll_page_to(self, value: int) -> None:
        self.pages.currentWidget().verticalScrollBar().setValue(value)

    def _recover_draft(self, found: tuple[str, str] | None) -> None:
        """A note left unsaved by a crash or power cut: reopen its session with the text."""
        if found is not None and not self.session.active:
            self.start_session(found[0], None)
            self.statusBar().showMessage(
                "CoachDesk closed while a note was being written. The note has been restored.",
                15000)
