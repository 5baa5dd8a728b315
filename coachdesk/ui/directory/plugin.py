"""Plug the directory into the main window: a Directory page (search, detail, signpost,
local services, team notes) and a crisis contacts panel reachable from anywhere.

The directory's search index lives in memory and is built on the DB worker after each
unlock; every write (signpost, notes, a local service, a safeguarding note) runs there too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.directory.book import Directory
from coachdesk.domain import Client, DirectoryService
from coachdesk.services.followups import signpost
from coachdesk.store.store import Store
from coachdesk.ui.actions import ActionId, ActionSpec
from coachdesk.ui.directory.crisis import CRISIS_SHORTCUT, CrisisPanel
from coachdesk.ui.directory.panel import DirectoryPanel


def _load(store: Store, client_id: str | None) -> tuple[Store, Directory, list[str],
                                                        list[str], str]:
    directory = Directory(store, today=store.today)
    directory.index()  # build the in-memory search index here, off the UI thread
    services = directory.services()
    categories = sorted({c for s in services for c in s.categories}, key=str.lower)
    languages = sorted({lang for s in services for lang in s.languages}, key=str.lower)
    client = store.repo(Client).get(client_id) if client_id else None
    return store, directory, categories, languages, client.display_name if client else ""


class DirectoryPage(QWidget):
    """The page shell: says who is being signposted and holds the panel once loaded."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.setObjectName("directoryPage")
        self.window_ = window
        self.store: Store | None = None
        self.directory: Directory | None = None
        self.client_id: str | None = None
        self.panel: DirectoryPanel | None = None
        self.heading = QLabel("Directory of services")
        self.heading.setObjectName("directoryTitle")
        self.heading.setProperty("role", "h1")
        self.for_client = QLabel()
        self.for_client.setObjectName("directoryForClient")
        self.for_client.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.for_client)

    def open_for(self, client_id: str | None) -> None:
        self.client_id = client_id
        self.for_client.setText("Loading the directory…")
        self.window_.ctx.worker.submit(lambda store: _load(store, client_id), self._loaded)

    def _loaded(self, loaded: tuple[Store, Directory, list[str], list[str], str]) -> None:
        store, directory, categories, languages, name = loaded
        if name:
            self.for_client.setText(f"Signposting for {name}: choose a service, then Signpost.")
        else:
            self.for_client.setText("Open a client's record first to signpost them; "
                                    "you can still search and add team notes.")
        if self.panel is None or store is not self.store:  # first time, or a new unlock
            if self.panel is not None:
                self.panel.setParent(None)
                self.panel.deleteLater()
            self.store, self.directory = store, directory
            self.panel = DirectoryPanel(
                directory.search, self.window_.ctx.now, categories, languages,
                signpost=self._signpost, save_notes=self._save_notes,
            )
            self.layout_.addWidget(self.panel, 1)
        assert self.panel is not None
        self.panel.detail.signpost_button.setVisible(bool(self.client_id))
        self.panel.refresh()
        self.panel.query.setFocus()

    def _run(self, job: Any, done_text: str) -> None:
        status = self.window_.statusBar()
        self.window_.ctx.worker.submit(
            job, lambda _r: status.showMessage(done_text, 8000),
            lambda error: status.showMessage(f"Not saved: {error}", 15000))

    def _signpost(self, service: DirectoryService, reason: str, follow_up: Any) -> None:
        client_id = self.client_id
        if client_id:
            self._run(lambda store: signpost(store, client_id, service.id, reason, follow_up),
                      f"Signposted to {service.name}.")

    def _save_notes(self, service_id: str, notes: str, verified_on: Any) -> None:
        directory = self.directory
        if directory is not None:
            self._run(lambda _store: directory.set_team_notes(service_id, notes, verified_on),
                      "Team notes saved.")


def show_crisis(window: Any) -> None:
    if window.is_locked():
        return
    client_id = window.current_client_id()

    def load(store: Store) -> tuple[list[DirectoryService], Directory, str]:
        directory = Directory(store, today=store.today)
        client = store.repo(Client).get(client_id) if client_id else None
        return directory.crisis_services(), directory, client.display_name if client else ""

    window.ctx.worker.submit(load, lambda loaded: _crisis_dialog(window, client_id, *loaded))


def _crisis_dialog(window: Any, client_id: str | None, services: list[DirectoryService],
                   directory: Directory, name: str) -> QDialog:
    dialog = QDialog(window)
    dialog.setObjectName("crisisDialog")
    dialog.setWindowTitle("Crisis contacts" + (f" — {name}" if name else ""))
    save = None
    if client_id:
        def save(note: Any) -> None:
            now = window.ctx.now()
            window.ctx.worker.submit(
                lambda store: directory.record_safeguarding(client_id, store.actor, note, now),
                lambda _n: window.statusBar().showMessage(
                    "Safeguarding note saved on the client's record.", 8000),
                lambda error: window.statusBar().showMessage(f"Not saved: {error}", 15000))
    panel = CrisisPanel(services, save_note=save)
    contacts = panel.findChild(QScrollArea, "crisisScroll")
    if contacts is not None:
        contacts.setMinimumHeight(280)  # two or three contacts in view without scrolling
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(panel, 1)
    layout.addWidget(buttons)
    dialog.resize(860, 820)
    window.crisis_dialog = dialog
    dialog.open()
    return dialog


def install(window: Any) -> None:
    page = DirectoryPage(window)
    window.add_page("directory", page)

    def show_directory() -> None:
        if window.is_locked():
            return
        client_id = window.current_client_id()
        window.show_page("directory")
        page.open_for(client_id)

    window.registry.register(
        ActionId.DIRECTORY,
        ActionSpec("&Directory", "Ctrl+3", "Find local services and signpost the client", "Go"),
        show_directory)
    window.registry.register(
        ActionId.CRISIS_CONTACTS,
        ActionSpec("C&risis contacts", CRISIS_SHORTCUT, "Crisis lines and a safeguarding note",
                   "Go"),
        lambda: show_crisis(window))
