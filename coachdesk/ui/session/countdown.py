"""The visible 30-minute countdown: calm until 25 minutes, then a gentle warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

SESSION_MINUTES = 30
WARN_AT_MINUTES = 25


class Countdown(QLabel):
    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionCountdown")
        self.setAccessibleName("Time left in the session")
        self._now = now
        self._started: datetime | None = None
        self.minutes = SESSION_MINUTES
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def start(self, started: datetime, minutes: int = SESSION_MINUTES) -> None:
        self._started, self.minutes = started, minutes
        self._timer.start()
        self.tick()

    def stop(self) -> None:
        self._timer.stop()
        self._started = None
        self.clear()
        self._set_state("")

    def tick(self) -> None:
        if self._started is None:
            return
        elapsed = int((self._now() - self._started).total_seconds())
        left = self.minutes * 60 - elapsed
        if left >= 0:
            self.setText(f"{left // 60:02d}:{left % 60:02d} left")
        else:
            over = -left
            self.setText(f"{over // 60:02d}:{over % 60:02d} over time")
        warn_after = self.minutes * 60 * WARN_AT_MINUTES // SESSION_MINUTES
        state = "over" if left < 0 else "warning" if elapsed >= warn_after else "calm"
        if state != self.property("state"):
            self._set_state(state)
            if state == "warning":
                self.setToolTip("Five minutes left: time to agree actions and book the next one.")
            self.setAccessibleDescription({"calm": "", "warning": "Five minutes left",
                                           "over": "The session is over time"}[state])

    def _set_state(self, state: str) -> None:
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
