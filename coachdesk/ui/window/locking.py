"""Locking: keep unsaved text as drafts, remember where the coach was (ids only), close the
vault, clear every view and window, show the unlock screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog

from coachdesk.ui.actions import ActionId
from coachdesk.ui.widgets.fields import clear_text_widgets, forget_texts
from coachdesk.ui.widgets.lockdraft import dialog_drafts

if TYPE_CHECKING:
    from coachdesk.ui.session.view import SessionPlace

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


class LockingMixin:
    """MainWindow's lock: by idle timeout, Lock now, switching profile or closing."""

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
        drafts = {**self.session.drafts(), **self.new_client.drafts(), SEARCH_DRAFT: search,
                  **dialog_drafts(self)}  # half-typed dialogs: back when opened again
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
