"""Composition: the QApplication, style, worker, idle watcher and main window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from coachdesk.domain.resources import bundled
from coachdesk.domain.timefmt import utc_now
from coachdesk.services.preferences import load_preferences
from coachdesk.services.profiles import AppPaths, KdfParams
from coachdesk.ui.context import AppContext
from coachdesk.ui.files import contain_qt_settings
from coachdesk.ui.idle import IdleWatcher, SessionLockFilter
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.style import BASE_POINT_SIZE, SCALE, apply_start, style_sheet
from coachdesk.ui.worker import DbWorker

STYLE: Path = bundled().style_sheet
__all__ = ["BASE_POINT_SIZE", "SCALE", "STYLE", "build_window", "make_application",
           "run_app", "style_sheet"]


def app_icon() -> QIcon:
    """The CoachDesk icon for every window and the taskbar (Qt draws it from the SVG)."""
    return QIcon(str(bundled().app_icon))


def set_identity(app: QGuiApplication) -> None:
    """Name and icon everywhere: window titles, the taskbar, the Start menu or dock."""
    QCoreApplication.setApplicationName("CoachDesk")
    QGuiApplication.setApplicationDisplayName("CoachDesk")
    # the taskbar groups the window under installer/coachdesk.desktop (Wayland and X11)
    QGuiApplication.setDesktopFileName("coachdesk")
    app.setWindowIcon(app_icon())


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or sys.argv[:1])
    set_identity(app)
    app.setStyle("Fusion")
    font = app.font()
    # respect a large system font; never go below the readable base size
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    # the unlock screen's rules now, the rest once the store has loaded (ui/style.py)
    apply_start(app, font.pointSizeF())
    return app  # type: ignore[return-value]


def build_window(
    paths: AppPaths, *, demo: bool = False, synchronous: bool = False,
    now: Callable[[], datetime] = utc_now, idle_clock: Callable[[], float] | None = None,
    kdf: KdfParams | None = None,
) -> MainWindow:
    """The whole app on a QApplication that already exists (tests call this directly)."""
    app = QApplication.instance()
    contain_qt_settings(paths.config_dir)
    worker = DbWorker(synchronous=synchronous)
    ctx = AppContext(paths=paths, worker=worker, prefs=load_preferences(paths), now=now,
                     kdf=kdf, demo=demo)
    idle = IdleWatcher(ctx.prefs.idle_lock_minutes, **({"clock": idle_clock} if idle_clock
                                                        else {}))
    if isinstance(app, QGuiApplication):
        set_identity(app)
    window = MainWindow(ctx, idle)  # the idle watcher filters events only once armed
    window.setWindowIcon(app_icon())
    idle.setParent(window)
    worker.setParent(window)
    return window


def run_app(paths: AppPaths, demo: bool = False) -> int:
    """`demo`: the unlock screen offers the demo profile (cli.py makes the demo vault)."""
    app = make_application()
    window = build_window(paths, demo=demo)
    session_lock = SessionLockFilter(window.lock)
    if sys.platform == "win32":  # elsewhere Qt cannot tell when the session locks
        app.installNativeEventFilter(session_lock)
    screen = app.primaryScreen()
    available = screen.availableGeometry() if screen else None
    if available is None or available.width() <= 1400 or available.height() <= 820:
        window.showMaximized()  # the usual practice PC: use all of a 1366x768 screen
    else:
        window.resize(1366, 768)
        window.show()
    SessionLockFilter.register(int(window.winId()))
    code = app.exec()
    window.ctx.worker.shutdown()
    return code
