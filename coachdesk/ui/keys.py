"""Enter presses the focused button, as Space does (Qt answers only Space outside dialogs,
and a coach working by keyboard expects Enter to work everywhere)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_KEY_PRESS = QEvent.Type.KeyPress


class EnterPressesButtons(QObject):
    """Installed on the application; owned by the main window, so it goes with it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # it sees every event of the app (thousands while a page is built): test cheaply
        if not (event.type() == _KEY_PRESS and isinstance(event, QKeyEvent)
                and isinstance(watched, QPushButton | QToolButton)):
            return False
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in ENTER_KEYS and plain and watched.isEnabled():
            watched.animateClick()
            return True
        return False


def install_enter_presses_buttons(owner: QObject) -> EnterPressesButtons:
    keys = EnterPressesButtons(owner)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(keys)
    return keys
