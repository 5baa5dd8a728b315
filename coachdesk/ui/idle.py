"""Lock after a quiet spell, and when the operating system locks the session.

The clock is injectable so tests fire the idle lock without waiting five minutes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence

WARN_SECONDS = 30
_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.Shortcut,
}


class IdleWatcher(QObject):
    """An event filter on the QApplication while armed; emits `idle` once per quiet spell,
    and `warning` (seconds left) about WARN_SECONDS before, which any activity cancels
    (`warning_cleared`).

    While armed it also catches the Lock action's keys (Ctrl+L) in every window of the app:
    a window's own shortcut does not reach a dialog or preview, modal or not, so without this
    Ctrl+L in a dialog would type into it instead of locking."""

    idle = Signal()
    warning = Signal(int)
    warning_cleared = Signal()

    def __init__(self, minutes: int, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None, check_ms: int = 5000) -> None:
        super().__init__(parent)
        self._clock = clock
        self.minutes = minutes
        self._last = clock()
        self._armed = False
        self.warned = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        self._lock_action: QAction | None = None

    def set_lock_action(self, action: QAction) -> None:
        """The action whose shortcuts lock from any window (read at each key press, so a
        changed shortcut is followed)."""
        self._lock_action = action

    def arm(self) -> None:
        """Start watching (after unlock). The event filter is on the application only while
        armed: a Python filter sees every event, and none matter while locked."""
        self._last = self._clock()
        self._armed = True
        self._timer.start()
        if (app := QCoreApplication.instance()) is not None:
            app.installEventFilter(self)

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()
        self._clear_warning()
        if (app := QCoreApplication.instance()) is not None:
            app.removeEventFilter(self)

    def poke(self) -> None:
        self._last = self._clock()
        self._clear_warning()

    def check(self) -> None:
        if not self._armed:
            return
        left = self.minutes * 60 - (self._clock() - self._last)
        if left <= 0:
            self.disarm()
            self.idle.emit()
        elif left <= WARN_SECONDS and not self.warned:
            self.warned = True
            self.warning.emit(max(1, round(left)))

    def _clear_warning(self) -> None:
        if self.warned:
            self.warned = False
            self.warning_cleared.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last = self._clock()
            self._clear_warning()
        if event.type() == QEvent.Type.KeyPress and self._is_lock_key(event):
            self._lock_action.trigger()  # type: ignore[union-attr]
            return True  # the key is not typed into the dialog
        return False

    def _is_lock_key(self, event: QEvent) -> bool:
        action = self._lock_action
        if action is None or not action.isEnabled() or not isinstance(event, QKeyEvent):
            return False
        pressed = QKeySequence(event.keyCombination())
        return any(pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch
                   for keys in action.shortcuts())


# Windows tells a window when the session is locked (Win+L), if the window asks for it.
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7


class SessionLockFilter(QAbstractNativeEventFilter):
    """Calls `on_lock` when Windows reports the session locked; elsewhere Qt cannot tell."""

    def __init__(self, on_lock: Callable[[], None]) -> None:
        super().__init__()
        self._on_lock = on_lock

    @staticmethod
    def register(window_id: int) -> bool:
        if sys.platform != "win32":
            return False
        import ctypes

        try:
            return bool(ctypes.windll.wtsapi32.WTSRegisterSessionNotification(window_id, 0))
        except (AttributeError, OSError):
            return False

    def nativeEventFilter(self, event_type: QByteArray | bytes, message: int) -> object:
        if sys.platform == "win32" and bytes(event_type) == b"windows_generic_MSG":
            import ctypes.wintypes

            msg = ctypes.wintypes.MSG.from_address(int(message))
            if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
                self._on_lock()
        return False, 0

