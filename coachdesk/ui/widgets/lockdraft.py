"""Half-typed dialog text kept across a lock, as a session's note is: a dialog that gives
`lock_draft()` (a draft key and its fields) is kept in the vault when the lock closes it,
and the same dialog, opened again after unlock, takes the draft back and fills itself.

`LockDraft` does this for a dialog's named editors: a dialog with `KeepsDraft` among its
bases makes one, shows its RESTORED label, and has its lock_draft() for nothing more."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

RESTORED = "What you typed before CoachDesk locked is back. Check it, then save."


def dialog_drafts(root: QWidget) -> dict[str, str]:
    """Each open dialog's draft under root, as JSON text keyed by its draft key; dialogs
    with nothing typed give none (an empty draft would only be discarded)."""
    found: dict[str, str] = {}
    for dialog in root.findChildren(QDialog):
        keep = getattr(dialog, "lock_draft", None)
        if not dialog.isVisible() or not callable(keep):
            continue
        got = keep()
        if got is not None and any(v.strip() for v in got[1].values()):
            found[got[0]] = json.dumps(got[1], ensure_ascii=False)
    return found


def parse_draft(text: str | None) -> dict[str, str]:
    """A kept draft's fields; anything not a JSON object of strings gives nothing."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def restored_label(name: str) -> QLabel:
    """The words shown when a draft comes back, hidden until it does."""
    label = QLabel(RESTORED)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


def editor_value(editor: QWidget) -> str:
    """An editor's value as text: what is typed, a choice's data ("" for none), yes or ""."""
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QComboBox):
        return editor.currentText() if editor.isEditable() else str(editor.currentData() or "")
    if isinstance(editor, QCheckBox):
        return "yes" if editor.isChecked() else ""
    if isinstance(editor, QDateTimeEdit):  # date and time edits too
        return editor.dateTime().toString(Qt.DateFormat.ISODate)
    if isinstance(editor, QSpinBox):
        return str(editor.value())
    raise TypeError(type(editor).__name__)


def set_editor_value(editor: QWidget, value: str) -> None:
    """The reverse of editor_value; a choice no longer offered leaves the box as it is."""
    if isinstance(editor, QLineEdit):
        editor.setText(value)
    elif isinstance(editor, QPlainTextEdit):
        editor.setPlainText(value)
    elif isinstance(editor, QComboBox) and editor.isEditable():
        editor.setCurrentText(value)
    elif isinstance(editor, QComboBox):
        found = [i for i in range(editor.count()) if str(editor.itemData(i) or "") == value]
        if found:
            editor.setCurrentIndex(found[0])
    elif isinstance(editor, QCheckBox):
        editor.setChecked(value == "yes")
    elif isinstance(editor, QDateTimeEdit):
        moment = QDateTime.fromString(value, Qt.DateFormat.ISODate)
        if moment.isValid():
            editor.setDateTime(moment)
    elif isinstance(editor, QSpinBox) and value.lstrip("-").isdigit():
        editor.setValue(int(value))


class LockDraft:
    """A dialog's named editors, kept by the lock as one draft under `key` and filled back
    when the dialog is opened again. Nothing changed since the dialog opened keeps nothing."""

    def __init__(self, key: str, editors: dict[str, QWidget], label_name: str) -> None:
        self.key, self.editors = key, editors
        self.label = restored_label(label_name)
        self._opened = self.values()

    def values(self) -> dict[str, str]:
        return {name: editor_value(editor) for name, editor in self.editors.items()}

    def keep(self) -> tuple[str, dict[str, str]] | None:
        now = self.values()
        return None if now == self._opened else (self.key, now)

    def restore(self, text: str | None) -> None:
        """Fill the editors from a draft the lock kept, and say so."""
        draft = parse_draft(text)
        if not draft:
            return
        for name, value in draft.items():
            if name in self.editors:
                set_editor_value(self.editors[name], value)
        self.label.show()

    def take(self, worker: Any) -> None:
        """Ask the vault for this dialog's draft (removed as it comes back) and fill it."""
        key = self.key
        worker.submit(lambda d: d.take_draft(key), self.restore)

    def saved(self) -> None:
        """Saved: the words about the draft go, and what is there now counts as untyped."""
        self.label.hide()
        self._opened = self.values()


class KeepsDraft:
    """For a QDialog: `self.draft`, a LockDraft, is what the lock keeps."""

    draft: LockDraft | None = None

    def lock_draft(self) -> tuple[str, dict[str, str]] | None:
        return self.draft.keep() if self.draft is not None else None

    def start_draft(self, worker: Any, key: str, editors: dict[str, QWidget],
                    label_name: str, at: int = 1) -> None:
        """Once filled as it opens: `editors` are kept by a lock under `key`, the RESTORED
        words go at `at` in the dialog's layout, and a draft kept for `key` fills them."""
        self.draft = LockDraft(key, editors, label_name)
        self.layout().insertWidget(at, self.draft.label)  # type: ignore[attr-defined]
        self.draft.take(worker)
