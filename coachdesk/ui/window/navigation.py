"""Moving between the pages: which page is showing, the client in hand, opening a record and
starting (or going back to) a session."""

from __future__ import annotations

from coachdesk.ui import questions
from coachdesk.ui.actions import ActionId


class NavigationMixin:
    """MainWindow's pages, the client chosen on them and the running session."""

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
