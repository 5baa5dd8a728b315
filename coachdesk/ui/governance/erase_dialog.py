"""Erase a client on request: what goes, which backups still hold them and until when,
and a confirmation by typing the client's full name."""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.erasure import ErasurePreview
from coachdesk.ui.widgets.tables import ListTable


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class EraseClientDialog(QDialog):
    erased = Signal(str)

    def __init__(self, worker: Any, preview: ErasurePreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eraseClientDialog")
        self.setWindowTitle("Erase a client on request")
        self._worker = worker
        self.preview = preview
        intro = QLabel(
            f"This removes {preview.name} and every record of theirs ({preview.records:,} in "
            "all) from this vault for good: details, notes (amended ones too), plan, sessions, "
            "signposting, outcomes and unsaved drafts. Other devices erase them when they "
            "next sync. The audit trail keeps only that an erasure happened, who did it "
            "and when. It cannot be undone.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        heading = QLabel("Backups made before now still hold this client until they expire:"
                         if preview.backups else "No backups of this vault hold this client.")
        heading.setWordWrap(True)
        self.backups = ListTable("eraseBackups", "Backups that still hold the client",
                                 ("Backup made", "Kind", "Deleted automatically on"), stretch=2)
        self.backups.set_rows([(b.made, b.kind, b.expires_text) for b in preview.backups])
        self.backups.setVisible(bool(preview.backups))
        label = QLabel(f"To confirm, type the client's full name: {preview.name}")
        label.setWordWrap(True)
        self.typed = QLineEdit()
        self.typed.setObjectName("eraseTypedName")
        self.typed.setAccessibleName("The client's full name, to confirm")
        label.setBuddy(self.typed)
        self.message = QLabel()
        self.message.setObjectName("eraseMessage")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.erase_button = QPushButton("&Erase this client")
        self.erase_button.setObjectName("eraseConfirm")
        self.erase_button.setEnabled(False)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("eraseCancel")
        cancel.setDefault(True)
        cancel.clicked.connect(self.reject)
        self.typed.textChanged.connect(self._typed)
        self.erase_button.clicked.connect(self._erase)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        for widget in (intro, heading, self.backups, label, self.typed, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resize(760, 460)
        self.typed.setFocus()

    def _typed(self, text: str) -> None:
        self.erase_button.setEnabled(_folded(text) == _folded(self.preview.name))

    def _erase(self) -> None:
        client_id, typed = self.preview.client_id, self.typed.text()
        self.erase_button.setEnabled(False)
        self.message.setText("Erasing…")
        self._worker.submit(lambda desk: desk.erase_client(client_id, typed),
                            self._done, self._failed)

    def _done(self, _changes: object) -> None:
        self.erased.emit(self.preview.client_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(f"Nothing was erased: {error}")
        self.erase_button.setEnabled(True)
