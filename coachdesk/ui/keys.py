"""Enter presses the focused button, as Space does (Qt answers only Space outside dialogs,
and a coach working by keyboard expects Enter to work everywhere)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_KEY_PRESS = QEvent.Type.KeyPress


class EnterPressesButtons(QObject):
    """Installed on the application; owned by the main window, so it goes with it.

    While a window is being built it is taken off (`set_armed(False)`): a Python filter on
    the application sees every construction event, and each new kind of Qt object it is
    handed costs PySide a wrapper type and its enums (a third of building the unlock
    screen). No key can reach a button that is not shown yet."""

    def set_armed(self, armed: bool) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            if armed:
                app.installEventFilter(self)

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


def install_enter_presses_buttons(owner: QObject, armed: bool = True) -> EnterPressesButtons:
    keys = EnterPressesButtons(owner)
    keys.set_armed(armed)
    return keys
