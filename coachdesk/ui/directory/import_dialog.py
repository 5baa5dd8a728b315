"""Load a council's ORUK feed from a file or a folder of CSV tables, and read the report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.directory import ImportReport
from coachdesk.ui.files import ask_folder, ask_open_path


def _named(widget: Any, name: str, accessible: str) -> Any:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class ImportDialog(QDialog):
    """`run_import(path, feed)` imports and returns the report, which is shown in full here.
    `feeds` are the feed names used before, so a newer file updates the same feed."""

    def __init__(
        self,
        run_import: Callable[[Path, str], ImportReport],
        feeds: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _named(self, "importDialog", "Import a directory feed")
        self.setWindowTitle("Import a directory (Open Referral UK)")
        self._run_import = run_import
        self.report: ImportReport | None = None
        self.path = _named(QLineEdit(), "importPath", "File or folder to import")
        self.path.setPlaceholderText("A .json feed, or a folder of ORUK .csv tables")
        self.choose_file = _named(
            QPushButton("Choose a fi&le…"), "importChooseFile", "Choose a JSON file"
        )
        self.choose_folder = _named(
            QPushButton("Choose f&older…"), "importChooseFolder", "Choose a folder of CSV tables"
        )
        self.choose_file.clicked.connect(self._pick_file)
        self.choose_folder.clicked.connect(self._pick_folder)
        self.feed = _named(QComboBox(), "importFeed", "Whose directory this is")
        self.feed.setEditable(True)
        self.feed.addItems(list(feeds))
        self.feed.setCurrentText(feeds[0] if feeds else "")
        _named(self.feed.lineEdit(), "importFeedText", "Publisher, for example Leeds City Council")
        self.feed.lineEdit().setPlaceholderText("e.g. Leeds City Council")
        hint = QLabel(
            "Services from this publisher that are missing from a complete new file "
            "are marked inactive, never deleted."
        )
        hint.setWordWrap(True)
        self.go = _named(QPushButton("&Import"), "importRun", "Import the feed")
        self.go.setDefault(True)
        self.go.clicked.connect(self.run)
        self.close_button = _named(QPushButton("&Close"), "importClose", "Close")
        self.close_button.clicked.connect(self.accept)
        self.output = _named(QPlainTextEdit(), "importReport", "Import report")
        self.output.setReadOnly(True)
        self.output.setPlaceholderText("What was imported, updated or left out appears here.")
        chooser = QHBoxLayout()
        chooser.addWidget(self.path, 1)
        chooser.addWidget(self.choose_file)
        chooser.addWidget(self.choose_folder)
        form = QFormLayout()
        for text, item in (("&Feed file:", chooser), ("&Publisher:", self.feed)):
            caption = QLabel(text)
            caption.setBuddy(self.path if item is chooser else self.feed)
            form.addRow(caption, item)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.go)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.output, 1)

    def _pick_file(self) -> None:
        name = ask_open_path(self, "Choose an ORUK JSON feed",
                             "ORUK JSON (*.json);;All files (*)")
        if name:
            self.path.setText(name)

    def _pick_folder(self) -> None:
        name = ask_folder(self, "Choose the folder of ORUK CSV tables")
        if name:
            self.path.setText(name)

    def run(self) -> ImportReport | None:
        text = self.path.text().strip()
        if not text:
            self.output.setPlainText("Choose the feed file (or folder of CSV tables) first.")
            return None
        self.report = self._run_import(Path(text), self.feed.currentText().strip())
        self.output.setPlainText(self.report.summary())
        return self.report
