"""The window a coach lives in all day: unlock screen, or the workspace and its pages.

Optional modules plug in here: if `coachdesk.ui.printing` or `coachdesk.ui.directory` can
be imported and has `install(window)`, it is called once; it registers its own actions
(`ActionId.PRINT_PLAN`, `ActionId.DIRECTORY`, `ActionId.CRISIS_CONTACTS`) on
`window.registry` and reads `window.current_client_id()` when triggered.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from coachdesk.ui import questions
from coachdesk.ui.actions import ActionRegistry
from coachdesk.ui.context import AppContext
from coachdesk.ui.idle import IdleWatcher
from coachdesk.ui.keys import install_enter_presses_buttons
from coachdesk.ui.startup import StoreLoader
from coachdesk.ui.unlock.screen import UnlockScreen
from coachdesk.ui.window.locking import SEARCH_DRAFT, LockingMixin, Place
from coachdesk.ui.window.navigation import NavigationMixin
from coachdesk.ui.window.status import StatusMixin
from coachdesk.ui.window.unlocking import UnlockingMixin
from coachdesk.ui.window.wiring import WiringMixin
from coachdesk.ui.window.workspace import NARROW_WIDTH, WorkspaceMixin, scrollable

__all__ = ["SEARCH_DRAFT", "MainWindow", "Place"]

#: the workspace pages are built this long after the unlock screen is first shown
WORKSPACE_DELAY_MS = 50


class MainWindow(WorkspaceMixin, NavigationMixin, WiringMixin, StatusMixin, LockingMixin,
                 UnlockingMixin, QMainWindow):
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
        self.unlock_area = scrollable(self.unlock)
        self.root.addWidget(self.unlock_area)
        self.root.addWidget(self.pages)  # empty until _ensure_workspace builds its pages
        self.setCentralWidget(self.root)
        self._build_status_bar(ctx)

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
