"""Words that say the app is working, shown only once the work has taken a moment.

Most jobs on the DB worker (a search keystroke, a record) answer in a few milliseconds: a
"Working…" or "Searching…" set and cleared around each one only relays out and repaints its
label (and the bar or row it sits in) while the coach waits for the answer, and flickers.
A `LateWords` shows its words when the work is still going after `delay_ms`, and clears
them when it ends (at once, if they were shown)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: how long work goes on before it is said to be going on
SHOW_AFTER_MS = 250


class LateWords(QObject):
    def __init__(self, show: Callable[[str], None], words: str,
                 delay_ms: int = SHOW_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self._words = words
        self.shown = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._late)

    def start(self) -> None:
        """The work started: its words show if it is still going after the delay."""
        if not self.shown and not self._timer.isActive():
            self._timer.start()

    def stop(self) -> bool:
        """The work ended: True if its words were shown (the caller shows what replaces
        them, or calls `clear`)."""
        self._timer.stop()
        shown, self.shown = self.shown, False
        return shown

    def clear(self) -> None:
        """The work ended and nothing replaces its words."""
        if self.stop():
            self._show("")

    def _late(self) -> None:
        self.shown = True
        self._show(self._words)
