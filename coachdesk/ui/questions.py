"""Questions the window asks before doing something that cannot be undone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def _ask(parent: QWidget, name: str, title: str, text: str, go: str, stay: str) -> bool:
    """True when the coach chose `go`; Esc, Enter and closing the box choose `stay`."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName(name)
    go_button = box.addButton(go, QMessageBox.ButtonRole.DestructiveRole)
    stay_button = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay_button)
    box.setEscapeButton(stay_button)
    box.exec()
    chosen = box.clickedButton() is go_button
    box.deleteLater()
    return chosen


def ask_then(parent: QWidget, names: tuple[str, str, str], title: str, text: str,
             go: str, stay: str, then: Callable[[], None],
             delete_on_close: bool = False) -> QMessageBox:
    """Ask without an event loop of its own (the box is opened, not exec'd): `then` runs
    only if the coach chose `go`; Esc, Enter and closing the box choose `stay`, as does
    the lock rejecting it. `names`: the box's, go's and stay's object names. The box is
    returned for the caller to keep (and tests to find)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName(names[0])
    go_button = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    go_button.setObjectName(names[1])
    stay_button = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    stay_button.setObjectName(names[2])
    box.setDefaultButton(stay_button)
    box.setEscapeButton(stay_button)
    if delete_on_close:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: then() if box.clickedButton() is go_button else None)
    box.open()
    return box


def close_on_code(parent: QWidget) -> bool:
    """Closing on the recovery-code page: the code is shown only once."""
    return _ask(parent, "closeOnCodeBox", "Close CoachDesk?",
                "Your recovery code has not been confirmed as written down. If you close now "
                "it will not be shown again (you will be offered a new one next time you "
                "unlock).", "Close anyway", "Stay and write it down")


def end_running_session(parent: QWidget, running: str) -> bool:
    """Start session for another client while one runs: say so, offer to end it first."""
    return _ask(parent, "sessionRunningBox", "A session is running",
                f"{running} is still running. Only one session runs at a time: end it (its "
                "note is saved) before starting another.", "End that session now",
                "Keep it running")
