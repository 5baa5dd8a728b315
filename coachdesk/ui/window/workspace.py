"""The workspace: its pages are built once, just after the unlock screen is first shown (or on
first use at the latest), with the optional modules plugged in and the menus built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QToolBar, QWidget

from coachdesk.ui.actions import ActionId
from coachdesk.ui.context import optional_module

if TYPE_CHECKING:  # the pages need the store: imported once it has loaded (ui/startup.py)
    from coachdesk.ui.caseload.view import CaseloadView
    from coachdesk.ui.client.new_client import NewClientView
    from coachdesk.ui.client.record import ClientRecordView
    from coachdesk.ui.session.view import SessionView
    from coachdesk.ui.today.view import TodayView

OPTIONAL_MODULES = ("coachdesk.ui.printing", "coachdesk.ui.directory", "coachdesk.ui.governance",
                    "coachdesk.ui.diary", "coachdesk.ui.referrals")
NARROW_WIDTH = 1100  # logical pixels: 1366 at 125% scaling and above


def scrollable(page: QWidget) -> QScrollArea:
    """Each page scrolls when the window is smaller than it (150% or 200% scaling on a
    1366x768 screen, or a large system font) instead of being cut off."""
    area = QScrollArea()
    area.setObjectName(f"{page.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area



class WorkspaceMixin:
    """MainWindow's lazily built pages and the signals between them."""

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
            self.pages.addWidget(scrollable(page))
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


    def add_page(self, name: str, page: QWidget) -> None:
        """A page of an optional module: shown with show_page(name), scrolls like the rest."""
        self.pages.addWidget(scrollable(page))
        self._page_names[name] = page

