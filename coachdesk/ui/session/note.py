"""The session's case note: quick templates, and an encrypted draft every two seconds."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from coachdesk.domain.timefmt import uk_time
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import heading

DRAFT_SAVE_MS = 2000
TEMPLATES = [
    ("What we discussed", "discussion"),
    ("Barriers", "barriers"),
    ("Agreed actions", "agreed actions"),
]


class NoteEditor(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.key = ""  # the draft's key while a session runs
        self.tags: set[str] = set()
        self._dirty = False
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("sessionNote")
        self.edit.setAccessibleName("Case note")
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText("Write the case note here. It is kept safe as you type.")
        self.status = QLabel()
        self.status.setObjectName("draftStatus")
        self.status.setProperty("role", "hint")
        templates = QHBoxLayout()
        for label, tag in TEMPLATES:
            b = QPushButton(label)
            b.setObjectName(f"template_{tag.replace(' ', '_')}")
            b.setToolTip(f"Add a '{label}' heading to the note")
            b.clicked.connect(lambda _c=False, lbl=label, t=tag: self.insert(lbl, t))
            templates.addWidget(b)
        templates.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Case note", 2))
        layout.addLayout(templates)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        self._autosave = QTimer(self)
        self._autosave.setInterval(DRAFT_SAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self.edit.textChanged.connect(self._typed)

    def start(self, key: str, draft: str) -> None:
        self.key = key
        if draft:
            self._set_quietly(draft)
            self.status.setText("Your unsaved note was kept safe and has been restored.")
        self._autosave.start()
        self.edit.setFocus()
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)

    def pause(self) -> None:
        self._autosave.stop()

    def resume(self) -> None:
        if self.key:
            self._autosave.start()

    def text(self) -> str:
        return self.edit.toPlainText()

    def insert(self, label: str, tag: str) -> None:
        self.tags.add(tag)
        text = self.edit.toPlainText()
        prefix = "" if not text or text.endswith("\n\n") else (
            "\n" if text.endswith("\n") else "\n\n")
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)
        self.edit.insertPlainText(f"{prefix}{label}:\n")
        self.edit.setFocus()

    def _typed(self) -> None:
        self._dirty = True

    def save_draft(self) -> None:
        """Keep what is typed, encrypted in the vault (every 2 seconds while it changes)."""
        if not self._dirty or not self.key:
            return
        self._dirty = False
        key, body = self.key, self.edit.toPlainText()

        self.ctx.worker.submit(lambda d: d.save_draft(key, body), lambda _c: self.status.setText(
            f"Note kept safe at {uk_time(self.ctx.now())}"))

    def drafts(self) -> dict[str, str]:
        """Unsaved text to keep when the vault locks."""
        text = self.edit.toPlainText()
        return {self.key: text} if self.key and text.strip() else {}

    def _set_quietly(self, text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)

    def clear(self) -> None:
        self._autosave.stop()
        self.key = ""
        self.tags.clear()
        self._set_quietly("")
        self._dirty = False
        self.status.clear()
