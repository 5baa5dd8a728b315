"""Form fields that say what is wrong beside the field, in plain words."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.timefmt import parse_uk_date, uk_date_short


class UkDateEdit(QLineEdit):
    """A date typed the way a coach writes it: 23/11/2026. Empty means no date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(20)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 28)

    def set_date(self, value: date | None) -> None:
        self.setText(uk_date_short(value) if value else "")

    def date_value(self) -> date | None:
        """The date typed, None if empty; raises ValueError with a plain message if not a date."""
        text = self.text().strip()
        return parse_uk_date(text) if text else None


class Field(QWidget):
    """A label, an input and an error line beneath it, announced to screen readers."""

    def __init__(self, name: str, label: str, editor: QWidget, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.editor = editor
        editor.setObjectName(f"field_{name}")
        editor.setAccessibleName(label.replace("&", ""))
        if hint:
            editor.setAccessibleDescription(hint)
            editor.setToolTip(hint)
        self.label = QLabel(label)
        self.label.setObjectName("fieldLabel")
        self.label.setBuddy(editor)
        self.error = QLabel()
        self.error.setObjectName(f"error_{name}")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setProperty("role", "hint")
            hint_label.setWordWrap(True)
            layout.addWidget(hint_label)
        layout.addWidget(self.error)
        layout.addWidget(editor)

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setProperty("invalid", bool(message))
        self.editor.setAccessibleDescription(message)
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)

    def text(self) -> str:
        editor = self.editor
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        if isinstance(editor, QCheckBox):
            return "yes" if editor.isChecked() else ""
        raise TypeError(type(editor).__name__)

    def set_text(self, value: str) -> None:
        editor = self.editor
        if isinstance(editor, QLineEdit):
            editor.setText(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        elif isinstance(editor, QComboBox):
            select_value(editor, value)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(value == "yes")

    def clear(self) -> None:
        editor = self.editor
        if isinstance(editor, QLineEdit):
            editor.setText("")  # QLineEdit.clear() can be undone: setText drops the history
        elif isinstance(editor, QPlainTextEdit):
            editor.clear()
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(0)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(False)
        self.set_error("")


def combo_of(choices: list[tuple[str, str]], parent: QWidget | None = None) -> QComboBox:
    """A combo box of (value, label) pairs; `currentData()` gives the value."""
    box = QComboBox(parent)
    for value, label in choices:
        box.addItem(label, value)
    return box


def select_value(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)


def heading(text: str, level: int = 1, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", f"h{level}")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def clear_text_widgets(root: QWidget) -> None:
    """Empty every line edit and text editor under root, undo history included: the lock's
    last sweep after each view has cleared itself."""
    for edit in root.findChildren(QLineEdit):
        edit.setText("")
    for text in root.findChildren(QPlainTextEdit):
        text.clear()
    for rich in root.findChildren(QTextEdit):
        rich.clear()


def forget_texts(root: QWidget) -> None:
    """Empty the text fields, labels, lists and tables of a dialog the lock closed (each is
    made afresh when opened again), without signals, so no client text is left under the
    lock screen."""
    clear_text_widgets(root)
    for widget in (*root.findChildren(QLabel), *root.findChildren(QComboBox),
                   *root.findChildren(QTableWidget), *root.findChildren(QListWidget)):
        blocker = QSignalBlocker(widget)
        if isinstance(widget, QLabel):
            widget.clear()
        elif isinstance(widget, QTableWidget):
            widget.setRowCount(0)
        else:
            widget.clear()
        blocker.unblock()


def named_button(text: str, name: str) -> QPushButton:
    """A push button with its object name (for tests and style sheets)."""
    button = QPushButton(text)
    button.setObjectName(name)
    return button
