"""The window a coach lives in all day: unlock screen, or the workspace and its pages.

Optional modules plug in here: if `coachdesk.ui.printing` or `coachdesk.ui.directory` can
be imported and has `install(window)`, it is called once; it registers its own actions
(`ActionId.PRINT_PLAN`, `ActionId.DIRECTORY`, `ActionId.CRISIS_CONTACTS`) on
`window.registry` and reads `window.current_client_id()` when triggered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from coachdesk.services.errors import VaultError, VaultLocked
from coachdesk.services.preferences import Preferences
from coachdesk.services.profiles import Unlocked
from coachdesk.ui import questions
from coachdesk.ui.actions import ActionId, ActionRegistry
from coachdesk.ui.context import AppContext, optional_module
from coachdesk.ui.idle import IdleWatcher
from coachdesk.ui.keys import install_enter_presses_buttons
from coachdesk.ui.startup import StoreLoader
from coachdesk.ui.syncbar import SyncController
from coachdesk.ui.syncprogress import SyncProgressBar
from coachdesk.ui.unlock.screen import UnlockScreen
from coachdesk.ui.widgets.elided import ElidedLabel
from coachdesk.ui.widgets.fields import clear_text_widgets, forget_texts
from coachdesk.ui.worker import background_priority

if TYPE_CHECKING:  # the pages need the store: imported once it has loaded (ui/startup.py)
    from coachdesk.ui.caseload.view import CaseloadView
    from coachdesk.ui.client.new_client import NewClientView
    from coachdesk.ui.client.record import ClientRecordView
    from coachdesk.ui.session.view import SessionPlace, SessionView
    from coachdesk.ui.syncdialog import SyncDialog
    from coachdesk.ui.today.view import TodayView

OPTIONAL_MODULES = ("coachdesk.ui.printing", "coachdesk.ui.directory", "coachdesk.ui.governance",
                    "coachdesk.ui.diary", "coachdesk.ui.referrals")
NARROW_WIDTH = 1100  # logical pixels: 1366 at 125% scaling and above
#: the workspace pages are built this long after the unlock screen is first shown
WORKSPACE_DELAY_MS = 50
#: the unlock's background work starts once the first page has loaded, or after this
FIRST_PAGE_WAIT_MS = 3000
WORKSPACE_ACTIONS = [a for a in ActionId if a not in (ActionId.QUIT, ActionId.SELF_TEST)]


@dataclass(frozen=True, slots=True)
class Place:
    """Where the coach was when the vault locked: a page name and ids, no personal data."""

    page: str
    client_id: str = ""
    session: SessionPlace | None = None
    slot: tuple[str, str] | None = None  # Today: the (client, appointment) row chosen
    chosen: str = ""  # Caseload: the client chosen in the table
    table_scroll: int = 0
    page_scroll: int = 0
    tab: int = 0  # the client record's tab
    # the caseload's search text is personal data: it waits in the vault, as a draft


SEARCH_DRAFT = "view:caseload_search"


def _scrollable(page: QWidget) -> QScrollArea:
    """Each page scrolls when the window is smaller than it (150% or 200% scaling on a
    1366x768 screen, or a large system font) instead of being cut off."""
    area = QScrollArea()
    area.setObjectName(f"{page.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


class MainWindow(QMainWindow):
    #: a large vault's page-by-page check, run after unlock, found damage (plain words)
    integrity_failed = Signal(str)
    #: what an operation changed (Changes); each view decides whether it concerns it
    changes_made = Signal(object)
    #: the daily backup's result, from its own thread: the new backup's Path or the error
    backup_finished = Signal(object)

    def __init__(self, ctx: AppContext, idle: IdleWatcher) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("CoachDesk")
        self.ctx = ctx
        self.idle = idle
        self._place: Place | None = None
        self._unlocks = 0
        self.registry = ActionRegistry(self)
        self.registry.register_core()
        self.enter_keys = install_enter_presses_buttons(self, armed=False)  # on show

        self.unlock = UnlockScreen(ctx)
        self.loader = StoreLoader(self)
        self.loader.loaded.connect(self._store_loaded)
        self.pages = QStackedWidget()
        self.pages.setObjectName("workspace")
        self.pages.setContentsMargins(24, 14, 24, 10)
        self._page_names: dict[str, QWidget] = {}
        self._workspace = False
        self.root = QStackedWidget()
        self.unlock_area = _scrollable(self.unlock)
        self.root.addWidget(self.unlock_area)
        self.root.addWidget(self.pages)  # empty until _ensure_workspace builds its pages
        self.setCentralWidget(self.root)
        self.coach_label = QLabel()
        self.coach_label.setObjectName("coachLabel")
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.idle_warning = QLabel()
        self.idle_warning.setObjectName("idleWarning")
        self.idle_warning.setProperty("role", "warning")
        self.idle_warning.hide()
        self.statusBar().insertPermanentWidget(0, self.idle_warning, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.sync_label = ElidedLabel()  # long words end in "…", whole in the tooltip
        self.sync_label.setObjectName("syncLabel")
        self.statusBar().addPermanentWidget(self.sync_label)
        self.sync_progress = SyncProgressBar()
        self.statusBar().addPermanentWidget(self.sync_progress)
        self.sync = SyncController(ctx.worker, ctx.now, self)
        self.sync.status.connect(self.sync_label.setText)
        self.sync.progress.connect(self.sync_progress.show_progress)
        self.sync.changes.connect(self.changes_made)
        self.changes_made.connect(self.sync.refresh_status)  # the waiting count, at once
        self.statusBar().addPermanentWidget(self.coach_label)

        self._wire()
        self.idle.idle.connect(self.lock)
        self.idle.warning.connect(self._idle_warning)
        self.idle.warning_cleared.connect(self.idle_warning.hide)
        self.integrity_failed.connect(self._integrity_problem)
        self.backup_finished.connect(self._backup_result)
        self.show_locked()

    # ----- the workspace, built just after the unlock screen is first shown ----------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # once the window is on screen: showing hands the filter every new kind of widget
        QTimer.singleShot(0, self, lambda: self.enter_keys.set_armed(self.isVisible()))
        if not self._workspace:  # the store loads while the coach types the passphrase
            QTimer.singleShot(WORKSPACE_DELAY_MS, self, self.loader.start)

    def _store_loaded(self, error: BaseException | None) -> None:
        if error is not None:  # a broken install: say so now, not at the first unlock
            self.unlock.unlock_page.show_message(str(error))
        else:
            self._build_if_shown()

    def _build_if_shown(self) -> None:
        if self.isVisible():
            self._ensure_workspace()

    def _ensure_workspace(self) -> None:
        """Build the pages, plug in the optional modules and the menus, once (on first use
        at the latest)."""
        if self._workspace or self.loader.wait() is not None:
            return  # built, or the store cannot load (the unlock screen says so)
        self._workspace = True
        # building adds top-level pieces (menus, dialogs of the optional modules), which
        # takes activation from the window: the coach may be typing their passphrase
        active, focus = QApplication.activeWindow(), QApplication.focusWidget()
        self.enter_keys.set_armed(False)  # the pages' construction events: see keys.py
        try:
            self._build_workspace()
        finally:
            self.enter_keys.set_armed(self.isVisible())
        if active is not None and active.isVisible():  # the loss arrives as a later event
            active.activateWindow()
        if focus is not None and focus.isVisible():
            focus.setFocus()

    def _build_workspace(self) -> None:
        from coachdesk.ui.caseload.view import CaseloadView
        from coachdesk.ui.client.new_client import NewClientView
        from coachdesk.ui.client.record import ClientRecordView
        from coachdesk.ui.help import install_help
        from coachdesk.ui.menus import build_menus
        from coachdesk.ui.session.view import SessionView
        from coachdesk.ui.today.view import TodayView

        ctx = self.ctx
        self._today, self._caseload = TodayView(ctx), CaseloadView(ctx)
        self._record, self._new_client = ClientRecordView(ctx), NewClientView(ctx)
        self._extras = [m for name in OPTIONAL_MODULES if (m := optional_module(name))]
        self._session = SessionView(ctx, can_print=False)
        for name, page in (("today", self._today), ("caseload", self._caseload),
                           ("record", self._record), ("new_client", self._new_client),
                           ("session", self._session)):
            self.pages.addWidget(_scrollable(page))
            self._page_names[name] = page
        self._wire_pages()
        for module in self._extras:
            if hasattr(module, "install"):
                module.install(self)
        self._session.after.print_button.setVisible(ActionId.PRINT_PLAN in self.registry)
        self._today.book_button.setVisible(ActionId.BOOK_SESSION in self.registry)
        self._session.signpost.directory_button.setVisible(ActionId.DIRECTORY in self.registry)
        self._session.set_narrow(self.width() < NARROW_WIDTH)
        install_help(self, self.registry, ctx.paths)
        self._toolbar = build_menus(self, self.registry)
        if self.is_locked():
            self._show_locked_menus()

    @property
    def today(self) -> TodayView:
        self._ensure_workspace()
        return self._today

    @property
    def caseload(self) -> CaseloadView:
        self._ensure_workspace()
        return self._caseload

    @property
    def record(self) -> ClientRecordView:
        self._ensure_workspace()
        return self._record

    @property
    def new_client(self) -> NewClientView:
        self._ensure_workspace()
        return self._new_client

    @property
    def session(self) -> SessionView:
        self._ensure_workspace()
        return self._session

    @property
    def extras(self) -> list:  # type: ignore[type-arg]
        self._ensure_workspace()
        return self._extras

    @property
    def toolbar(self) -> QToolBar:
        self._ensure_workspace()
        return self._toolbar

    # ----- composition --------------------------------------------------------------------
    def _wire(self) -> None:
        a = self.registry
        a.on(ActionId.TODAY, lambda: self.show_page("today"))
        a.on(ActionId.CASELOAD, lambda: self.show_page("caseload"))
        a.on(ActionId.SEARCH, self._search)
        a.on(ActionId.NEW_CLIENT, self._new_client)
        a.on(ActionId.OPEN_CLIENT, self._open_selected)
        a.on(ActionId.START_SESSION, self._start_selected)
        a.on(ActionId.MERGE_CLIENTS, self._merge_clients)
        a.on(ActionId.END_SESSION, lambda: self.session.end())
        a.on(ActionId.ABANDON_SESSION, lambda: self.session.abandon())
        a.on(ActionId.MARK_ARRIVED, lambda: self.today.mark_arrived())
        a.on(ActionId.MARK_DNA, lambda: self.today.mark_dna())
        a.on(ActionId.REFRESH, self._refresh)
        a.on(ActionId.PREFERENCES, self._preferences)
        a.on(ActionId.CHANGE_PASSPHRASE, self._change_passphrase)
        a.on(ActionId.BACKUP_NOW, self.backup_now)
        a.on(ActionId.SYNC_NOW, self.sync.sync_now)
        a.on(ActionId.SYNC_SETTINGS, self.open_sync_dialog)
        a.on(ActionId.LOCK, self.lock)
        self.idle.set_lock_action(self.registry[ActionId.LOCK])  # Ctrl+L in every dialog too
        a.on(ActionId.SWITCH_PROFILE, self.switch_profile)
        a.on(ActionId.SELF_TEST, self._self_test)
        a.on(ActionId.QUIT, self.close)
        self.unlock.unlocked.connect(self._unlocked)
        self.ctx.worker.busy_changed.connect(
            lambda busy: self.busy_label.setText("Working…" if busy else ""))
        self.ctx.worker.error.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.ctx.worker.changed.connect(self.changes_made)

    def _wire_pages(self) -> None:
        self.today.open_client.connect(self.open_client)
        self.today.start_session.connect(self.start_session)
        self.today.crisis_contacts.connect(
            lambda: self._trigger_optional(ActionId.CRISIS_CONTACTS))
        self.today.preferences.connect(self._preferences)
        self.today.clinic_days.connect(
            lambda: self._trigger_optional(ActionId.CLINIC_DAYS)
            if ActionId.CLINIC_DAYS in self.registry else self.today._show_add_practice())
        self.today.book_session.connect(lambda: self._trigger_optional(ActionId.BOOK_SESSION))
        self.caseload.open_client.connect(self.open_client)
        self.record.start_session.connect(lambda cid: self.start_session(cid, None))
        self.record.edit_details.connect(self._edit_client)
        self.new_client.saved.connect(self.open_client)
        self.new_client.open_existing.connect(self.open_client)
        self.new_client.cancelled.connect(
            lambda cid: self.open_client(cid) if cid else self.show_page("caseload"))
        self.session.ended.connect(self.open_client)
        self.session.abandoned.connect(self._abandoned)
        self.session.print_plan.connect(lambda _cid: self._trigger_optional(ActionId.PRINT_PLAN))
        self.session.signpost.open_directory.connect(
            lambda: self._trigger_optional(ActionId.DIRECTORY))
        for view in (self.today, self.caseload, self.record):
            self.changes_made.connect(view.on_changes)

    # ----- pages ---------------------------------------------------------------------------
    def page_name(self) -> str:
        current = self.pages.currentWidget().widget()  # type: ignore[attr-defined]
        return next(n for n, p in self._page_names.items() if p is current)

    def show_page(self, name: str, refresh: bool = True) -> None:
        if self.session.active and name != "session":
            self.session.save_draft()
            self.statusBar().showMessage(
                "The session is still running: Start session (Ctrl+Shift+S) goes back to it.")
        elif name == "session":
            self.statusBar().clearMessage()
        page = self._page_names[name]
        self.pages.setCurrentWidget(page.parentWidget().parentWidget())
        if name == "today":
            self.today.show_running(
                f"Running now: {self.session.title.text()} ({self.session.subtitle.text()}). "
                "Start session (Ctrl+Shift+S) goes back to it." if self.session.active else "")
        if refresh and name in ("today", "caseload"):
            page.refresh()  # type: ignore[attr-defined]
        if name == "today":
            self.today.clinic.setFocus()
        elif name == "caseload":
            self.caseload.table.setFocus()
        for action_id in (ActionId.END_SESSION, ActionId.ABANDON_SESSION):
            self.registry[action_id].setEnabled(name == "session")

    def add_page(self, name: str, page: QWidget) -> None:
        """A page of an optional module: shown with show_page(name), scrolls like the rest."""
        self.pages.addWidget(_scrollable(page))
        self._page_names[name] = page

    def _search(self) -> None:
        page = self._page_names[self.page_name()]
        if (query := getattr(getattr(page, "panel", None), "query", None)) is not None:
            query.setFocus()  # a page with its own search (the directory) searches itself
            query.selectAll()
            return
        if self.page_name() != "caseload":
            self.show_page("caseload")
        self.caseload.focus_search()

    def _new_client(self) -> None:
        self.show_page("new_client")
        self.new_client.start()

    def _edit_client(self, client_id: str) -> None:
        if client_id:
            self.show_page("new_client")
            self.new_client.start(client_id=client_id)

    def _refresh(self) -> None:
        name = self.page_name()
        if name in ("today", "caseload"):
            self.show_page(name)
        elif name == "record":
            self.record.reload()

    def current_client_id(self) -> str | None:
        name = self.page_name()
        if name == "today":
            return self.today.selected_client_id()
        if name == "caseload":
            return self.caseload.selected_client_id()
        if name == "record":
            return self.record.client_id or None
        if name == "session":
            return self.session.client_id() or None
        # a page of an optional module (the directory) may be working for a client
        return getattr(self._page_names[name], "client_id", None) or None

    def open_client(self, client_id: str) -> None:
        if client_id:
            self.show_page("record")
            self.record.open(client_id)
            self.record.tabs.setFocus()

    def _self_test(self) -> None:
        from coachdesk.ui.selftest_dialog import show_self_test

        show_self_test(self)

    def _merge_clients(self) -> None:
        from coachdesk.ui.client.merge import MergeDialog

        if self.page_name() != "record" or not self.record.client_id:
            self.statusBar().showMessage(
                "Open the record to keep first, then choose Merge two records.", 8000)
            return
        self.merge_dialog = MergeDialog(self.ctx, self.record.client_id,
                                        self.record.title.text(), self)
        self.merge_dialog.accepted.connect(lambda: self.statusBar().showMessage(
            "The records are merged: both histories are shown here.", 10000))
        self.merge_dialog.open()

    def _abandoned(self, client_id: str, kept: bool) -> None:
        self.open_client(client_id)
        self.statusBar().showMessage(
            "Session abandoned: nothing was recorded." + (
                " The note typed so far is kept as a draft for the next session."
                if kept else ""), 15000)

    def _open_selected(self) -> None:
        if (client_id := self.current_client_id()) and self.page_name() != "record":
            self.open_client(client_id)

    def start_session(self, client_id: str, appointment_id: str | None) -> None:
        if self.session.active and self.session.place and \
                self.session.place.client_id != client_id:
            if questions.end_running_session(self, self.session.title.text()):
                self.show_page("session")
                self.session.end()  # the note is saved; "Done" then leads on
            else:
                self.statusBar().showMessage(
                    f"{self.session.title.text()} is still running: Start session "
                    "(Ctrl+Shift+S) goes back to it.", 10000)
            return
        if not self.session.active:
            self.session.start(client_id, appointment_id)
        self.show_page("session")

    def _start_selected(self) -> None:
        if self.session.active:
            other = self.record.client_id if self.page_name() == "record" else ""
            if other and self.session.place and other != self.session.place.client_id:
                self.start_session(other, None)  # says a session is running, offers to end
            else:
                self.show_page("session")  # one session at a time: back to the running one
        elif self.page_name() == "today":
            self.today._start_selected()
        elif client_id := self.current_client_id():
            self.start_session(client_id, None)

    def _trigger_optional(self, action_id: ActionId) -> None:
        if action_id in self.registry:
            self.registry.trigger(action_id)

    def _preferences(self) -> None:
        self.ctx.worker.submit(lambda desk: desk.coach_details(), self._show_preferences)

    def _show_preferences(self, details: object) -> None:
        from coachdesk.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.ctx.prefs, self, details)  # type: ignore[arg-type]
        self.preferences_dialog = dialog

        def done(result: int) -> None:
            if result:
                self.apply_preferences(dialog.result_prefs())
                chosen = dialog.details()
                self.ctx.worker.submit(
                    lambda desk: desk.set_coach_details(chosen),
                    lambda _c: self.statusBar().showMessage("Preferences saved.", 8000),
                    lambda error: self.statusBar().showMessage(f"Not saved: {error}", 15000))

        dialog.finished.connect(done)
        dialog.open_sync.connect(lambda: self.open_sync_dialog(dialog))  # Preferences → Sync
        dialog.open()

    def _change_passphrase(self) -> None:
        from coachdesk.ui.passphrase import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.ctx.worker, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            "Passphrase changed. Use the new one next time you unlock.", 10000))
        dialog.open()

    # ----- backups (on the DB worker, never the UI thread) ------------------------------
    def open_sync_dialog(self, over: QWidget | None = None) -> SyncDialog:
        from coachdesk.ui.syncdialog import SyncDialog

        found = [d for d in self.findChildren(SyncDialog) if d.open]
        if found:  # Ctrl+Shift+Y again: the open one comes forward
            found[0].raise_()
            found[0].activateWindow()
            return found[0]
        dialog = SyncDialog(self.ctx.worker, self.sync, over or self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def backup_now(self) -> None:
        self.statusBar().showMessage("Backing up…")
        self.ctx.worker.submit(lambda desk: desk.backup_now(), self._backed_up,
                               self._backup_failed)

    def _daily_backup(self) -> None:
        """The first unlock of each day makes an automatic backup. The worker only decides
        and audits; the copy reads on a thread of its own, so views and search go on."""
        from coachdesk.services.backups import policy_from

        policy, now = policy_from(self.ctx.prefs), self.ctx.now()
        self.ctx.worker.submit(lambda desk: desk.start_daily_backup(policy, now),
                               self._run_daily_backup, self._backup_failed)

    def _run_daily_backup(self, run: Callable[[], Path] | None) -> None:
        if run is None:
            return

        def job() -> None:
            background_priority()
            try:
                self.backup_finished.emit(run())
            except VaultLocked:
                pass  # locked before the copy began: the next unlock today makes it
            except VaultError as exc:
                self.backup_finished.emit(exc)

        threading.Thread(target=job, name="coachdesk-backup", daemon=True).start()

    def _backup_result(self, result: object) -> None:
        # the automatic daily backup is quiet when it works: a coach mid-task should not
        # have their own status message replaced by it every morning; failures are shown
        if isinstance(result, VaultError):
            self._backup_failed(result)

    def _backed_up(self, path: Path) -> None:
        self.statusBar().showMessage(f"Backup written to {path}.", 15000)

    def _backup_failed(self, error: BaseException) -> None:
        if isinstance(error, VaultError):
            self.statusBar().showMessage(f"The backup was not made. {error}", 30000)

    def apply_preferences(self, prefs: Preferences) -> None:
        self.ctx.update_prefs(prefs)
        self.idle.minutes = self.ctx.prefs.idle_lock_minutes

    # ----- locking -------------------------------------------------------------------------
    def _idle_warning(self, seconds: int) -> None:
        self.idle_warning.setText(f"CoachDesk will lock in {seconds} seconds because it has "
                                  "not been used. Press any key to keep working.")
        self.idle_warning.show()

    def show_locked(self) -> None:
        self._show_locked_menus()
        self.coach_label.clear()
        self.root.setCurrentWidget(self.unlock_area)
        self.unlock.show_unlock()

    def _show_locked_menus(self) -> None:
        for action_id in WORKSPACE_ACTIONS:
            if action_id in self.registry:
                self.registry[action_id].setEnabled(False)
        if self._workspace:
            self._toolbar.hide()
        self.menuBar().hide()

    def is_locked(self) -> bool:
        return self.root.currentWidget() is self.unlock_area

    def lock(self) -> None:
        """Keep unsaved text as drafts, close the vault, clear every view, show unlock."""
        if self.is_locked():
            return
        self.idle.disarm()
        self.sync.stop()
        search, chosen, table_scroll = self.caseload.place()
        self._place = Place(self.page_name(), self.current_client_id() or "",
                            self.session.place, self.today.chosen_slot(), chosen,
                            table_scroll, self.pages.currentWidget().verticalScrollBar().value(),
                            self.record.tabs.currentIndex())
        drafts = {**self.session.drafts(), **self.new_client.drafts(), SEARCH_DRAFT: search}
        self._close_other_windows()
        self.ctx.worker.close(lambda desk: desk.lock(drafts))
        for view in self._page_names.values():  # the optional modules' pages too
            if hasattr(view, "clear"):
                view.clear()
        clear_text_widgets(self.pages)
        self.statusBar().clearMessage()
        self.show_locked()

    def _close_other_windows(self) -> None:
        """Every dialog (print previews, crisis panel, forms, message boxes, whoever their
        parent) is rejected and any other window hidden: no client text stays on screen."""
        for dialog in self.findChildren(QDialog):
            dialog.reject()
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            widget.hide()
        for dialog in self.findChildren(QDialog):  # closed ones too: each is made afresh
            forget_texts(dialog)
        self.activateWindow()  # so the next keys go to the passphrase, not a hidden dialog

    def switch_profile(self) -> None:
        """Lock, then the picker with nobody chosen; the next coach starts afresh (not on
        the page the last one left)."""
        self.lock()
        self._place = None
        self.unlock.choose_nobody()
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._workspace:
            self._session.set_narrow(event.size().width() < NARROW_WIDTH)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unlock.showing_unconfirmed_code():
            if not questions.close_on_code(self):
                event.ignore()
                return
            self.ctx.worker.close(lambda desk: desk.lock({}))  # the vault opened to make it
        self.lock()
        self.ctx.worker.wait_idle()
        event.accept()
