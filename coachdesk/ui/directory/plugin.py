"""Plug the directory into the main window: a Directory page (search, detail, signpost,
local services, team notes) and a crisis contacts panel reachable from anywhere.

The directory's search index lives in memory and is built on the DB worker after each
unlock; every write (signpost, notes, a local service, a safeguarding note) runs there too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.directory.book import Directory
from coachdesk.domain import Client, DirectoryService
from coachdesk.services.followups import signpost
from coachdesk.services.safeguarding import record_safeguarding
from coachdesk.store.store import Store
from coachdesk.ui.actions import ActionId, ActionSpec
from coachdesk.ui.directory.crisis import CRISIS_SHORTCUT, CrisisPanel
from coachdesk.ui.directory.import_dialog import ImportDialog
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
        self.import_button = QPushButton("&Import a feed…")
        self.import_button.setObjectName("directoryImport")
        self.import_button.setAccessibleName("Import an Open Referral UK directory feed")
        self.import_button.clicked.connect(self.ask_import)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setObjectName("directoryExport")
        self.export_button.setAccessibleName("Export the team's directory as ORUK JSON")
        self.export_button.clicked.connect(self.ask_export)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.for_client)
        self._set_loaded(False)

    def _set_loaded(self, loaded: bool) -> None:
        self.import_button.setEnabled(loaded)
        self.export_button.setEnabled(loaded)

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
                add_local=self._add_local,
            )
            self.layout_.addWidget(self.panel, 1)
        assert self.panel is not None
        self._set_loaded(True)
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


    def _add_local(self, details: Any) -> None:
        directory, panel = self.directory, self.panel
        if directory is not None and panel is not None:
            self.window_.ctx.worker.submit(
                lambda _store: directory.add_local(details),
                lambda service: (panel.refresh(), self.window_.statusBar().showMessage(
                    f"{service.name} added to the team's directory.", 8000)),
                lambda error: self.window_.statusBar().showMessage(f"Not added: {error}", 15000))

    def ask_import(self) -> ImportDialog | None:
        if self.directory is None:
            return None
        feeds = sorted({s.feed for s in self.directory.services(True)
                        if s.feed and s.source == "oruk"})
        dialog = WorkerImportDialog(self, feeds)
        dialog.open()
        return dialog

    def ask_export(self) -> None:
        directory = self.directory
        if directory is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the directory", "directory.json", "ORUK JSON (*.json)")
        if name:
            self._run(lambda _store: directory.export_json(Path(name)),
                      f"Directory exported to {name}.")


class WorkerImportDialog(ImportDialog):
    """The import dialog, with the import run on the DB worker so the window stays live
    (a 5,000-service feed takes many seconds); the report appears when it is done."""

    def __init__(self, page: DirectoryPage, feeds: list[str]) -> None:
        super().__init__(lambda _path, _feed: None, feeds, parent=page)  # type: ignore[arg-type,return-value]
        self.page = page

    def run(self) -> None:  # type: ignore[override]
        text, feed = self.path.text().strip(), self.feed.currentText().strip()
        directory = self.page.directory
        if not text or directory is None:
            self.output.setPlainText("Choose the feed file (or folder of CSV tables) first.")
            return
        self.go.setEnabled(False)
        self.output.setPlainText("Importing… you can carry on working; the report appears here.")
        self.page.window_.ctx.worker.submit(
            lambda _store: directory.import_path(Path(text), feed=feed), self._done, self._failed)

    def _done(self, report: Any) -> None:
        self.report = report
        self.go.setEnabled(True)
        self.output.setPlainText(report.summary())
        if self.page.panel is not None:
            self.page.panel.refresh()

    def _failed(self, error: BaseException) -> None:
        self.go.setEnabled(True)
        self.output.setPlainText(f"Nothing was imported: {error}")


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
                lambda store: record_safeguarding(store, client_id, note, now),
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
