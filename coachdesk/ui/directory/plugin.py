"""Plug the directory into the main window: a Directory page (search, detail, signpost,
local services, team notes) and a crisis contacts panel reachable from anywhere.

The directory's search index lives in memory and is built on the DB worker after each
unlock; every write (signpost, notes, a local service, a safeguarding note) runs there too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain import DirectoryService
from coachdesk.services.changes import DIRECTORY, Changes
from coachdesk.services.directory import DirectoryOverview, Filters
from coachdesk.ui.actions import ActionId, ActionSpec
from coachdesk.ui.directory.crisis import CRISIS_SHORTCUT
from coachdesk.ui.directory.crisis_client import show_crisis
from coachdesk.ui.directory.import_dialog import ImportDialog
from coachdesk.ui.directory.panel import DirectoryPanel, Found
from coachdesk.ui.files import ask_save_path


class DirectoryPage(QWidget):
    """The page shell: says who is being signposted and holds the panel once loaded."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.setObjectName("directoryPage")
        self.window_ = window
        self.worker = window.ctx.worker
        self.client_id: str | None = None
        self.panel: DirectoryPanel | None = None
        self.overview: DirectoryOverview | None = None
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
        self.export_button.setAccessibleName("Export your directory as ORUK JSON")
        self.export_button.clicked.connect(self.ask_export)
        self.starter_button = QPushButton("Load the &starter services")
        self.starter_button.setObjectName("directoryStarter")
        self.starter_button.setAccessibleName(
            "Load the starter services again: crisis lines and national helplines")
        self.starter_button.clicked.connect(self.load_starter)
        top = QHBoxLayout()  # the words wrap beside the buttons: nothing off-screen at 1024
        top.addWidget(self.for_client, 1)
        for b in (self.starter_button, self.import_button, self.export_button):
            top.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)
        self.layout_.addLayout(top)
        self._set_loaded(False)
        window.changes_made.connect(self.on_changes)

    def _set_loaded(self, loaded: bool) -> None:
        for b in (self.starter_button, self.import_button, self.export_button):
            b.setEnabled(loaded)

    def load_starter(self) -> None:
        """Put back the national starter services (the team's notes on them are kept)."""
        status = self.window_.statusBar()
        self.worker.submit(
            lambda desk: desk.directory.load_starter(),
            lambda report: status.showMessage(_starter_words(report), 10000),
            lambda error: status.showMessage(f"Not loaded: {error}", 15000))

    def open_for(self, client_id: str | None) -> None:
        self.client_id = client_id
        self.for_client.setText("Loading the directory…")
        self.worker.submit(lambda desk: desk.directory.overview(client_id), self._loaded)

    def _search(self, filters: Filters, deliver: Found) -> None:
        self.worker.submit(lambda desk: desk.directory.search(filters), deliver)

    def _loaded(self, overview: DirectoryOverview) -> None:
        self.overview = overview
        if overview.client_name:
            self.for_client.setText(f"Signposting for {overview.client_name}: "
                                    "choose a service, then Signpost.")
        else:
            self.for_client.setText("Open a client's record first to signpost them; "
                                    "you can still search and add team notes.")
        if self.panel is None:  # the first visit since unlock (a lock clears the page)
            self.panel = DirectoryPanel(
                self._search, self.window_.ctx.now, overview.categories, overview.languages,
                signpost=self._signpost, save_notes=self._save_notes,
                add_local=self._add_local,
                keep_drafts=self._keep_drafts,
            )
            self.layout_.addWidget(self.panel, 1)
        self.panel.directory_empty = overview.total == 0
        self.panel.refresh()
        self._set_loaded(True)
        self.panel.detail.signpost_button.setVisible(bool(self.client_id))
        self.panel.query.setFocus()

    def on_changes(self, changes: Changes) -> None:
        """A saved service, team note or import: look again (categories, whether the
        directory is still empty) and search again so the list shows it."""
        if self.panel is not None and changes.touches(DIRECTORY):
            client_id = self.client_id
            self.worker.submit(lambda desk: desk.directory.overview(client_id), self._reloaded)

    def _reloaded(self, overview: DirectoryOverview) -> None:
        if self.panel is not None:
            self.overview = overview
            self.panel.directory_empty = overview.total == 0
            self.panel.refresh()

    def clear(self) -> None:
        """Locking: forget the results, the detail and who was being signposted."""
        if self.panel is not None:
            self.panel.setParent(None)
            self.panel.deleteLater()
            self.panel = None
        self.overview, self.client_id = None, None
        self.for_client.clear()
        self._set_loaded(False)

    def _run(self, op: Any, done_text: str) -> None:
        status = self.window_.statusBar()
        self.worker.submit(op, lambda _r: status.showMessage(done_text, 8000),
                           lambda error: status.showMessage(f"Not saved: {error}", 15000))

    def _signpost(self, service: DirectoryService, reason: str, follow_up: Any) -> None:
        client_id = self.client_id
        if client_id:
            self._run(lambda desk: desk.directory.signpost(client_id, service.id, reason,
                                                           follow_up),
                      f"Signposted to {service.name}.")

    def _keep_drafts(self, dialog: Any, service: DirectoryService | None) -> None:
        """A signposting half typed is kept per client and service, a local service once."""
        dialog.keep_drafts(self.worker, f"dialog:signpost:{self.client_id}:{service.id}"
                           if service else "dialog:local_service")

    def _save_notes(self, service_id: str, notes: str, verified_on: Any) -> None:
        self._run(lambda desk: desk.directory.set_team_notes(service_id, notes, verified_on),
                  "Team notes saved.")

    def _add_local(self, details: Any) -> None:
        status = self.window_.statusBar()
        self.worker.submit(
            lambda desk: desk.directory.add_local(details),
            lambda service: status.showMessage(
                f"{service.name} added to your directory.", 8000),
            lambda error: status.showMessage(f"Not added: {error}", 15000))

    def ask_import(self) -> ImportDialog | None:
        if self.overview is None:
            return None
        dialog = WorkerImportDialog(self, self.overview.feeds)
        dialog.open()
        return dialog

    def ask_export(self) -> None:
        if self.overview is None:
            return
        name = ask_save_path(self, "Export the directory", "directory.json",
                             "ORUK JSON (*.json)")
        if name:
            self._run(lambda desk: desk.directory.export_json(Path(name)),
                      f"Directory exported to {name}.")


def _starter_words(report: Any) -> str:
    if report.fatal:
        return f"The starter services were not loaded: {report.fatal}"
    c = report.counts()
    return (f"Starter services loaded: {c['created']} added, {c['updated']} brought up to "
            f"date, {c['unchanged']} already there. Your own notes on them are kept.")


class WorkerImportDialog(ImportDialog):
    """The import dialog, with the import run on the DB worker so the window stays live
    (a 5,000-service feed takes many seconds); the report appears when it is done."""

    def __init__(self, page: DirectoryPage, feeds: list[str]) -> None:
        super().__init__(lambda _path, _feed: None, feeds, parent=page)  # type: ignore[arg-type,return-value]
        self.page = page

    def run(self) -> None:  # type: ignore[override]
        text, feed = self.path.text().strip(), self.feed.currentText().strip()
        if not text:
            self.output.setPlainText("Choose the feed file (or folder of CSV tables) first.")
            return
        self.go.setEnabled(False)
        self.output.setPlainText("Importing… you can carry on working; the report appears here.")
        self.page.worker.submit(
            lambda desk: desk.directory.import_path(Path(text), feed), self._done, self._failed)

    def _done(self, report: Any) -> None:
        self.report = report
        self.go.setEnabled(True)
        self.output.setPlainText(report.summary())  # the page searches again: Changes

    def _failed(self, error: BaseException) -> None:
        self.go.setEnabled(True)
        self.output.setPlainText(f"Nothing was imported: {error}")


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
