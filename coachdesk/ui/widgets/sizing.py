"""Dialog sizes that suit the screen: a dialog asks for a comfortable size and gets at most
the size of the window it belongs to (issue 17 item 9: at 1024x700 a 1200-wide dashboard
would hang off the screen, its buttons out of reach)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

#: room left around a dialog for its frame and title bar
MARGIN = QSize(24, 40)


def room_for_dialog(dialog: QWidget) -> QSize:
    """The largest a dialog may be: its window's size (else its screen's), less a margin."""
    parent = dialog.parentWidget()
    top = parent.window() if parent is not None else None
    if top is not None and top.isVisible():
        room = top.size()
    else:
        screen = dialog.screen()
        room = screen.availableSize() if screen else QSize(1024, 700)
    return room - MARGIN


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    room = room_for_dialog(dialog)
    dialog.resize(min(width, room.width()), min(height, room.height()))
