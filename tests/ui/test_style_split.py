"""Issue 13, start-up: the unlock screen is polished against its own rules only, and looks
exactly as it does under the whole style sheet; the whole sheet follows before the
workspace is built; the unlock screen builds only the card it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from coachdesk.store.paths import AppPaths
from coachdesk.ui import main_window, style
from coachdesk.ui.app import build_window
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.style import BASE_POINT_SIZE, apply_start, finish, start_sheet, style_sheet
from tests.factories import FAST_KDF
from tests.ui.conftest import click, make_window, unlock

SIZES = [(1366, 768), (1024, 700)]


@pytest.fixture
def app_font(qapp) -> Iterator[QApplication]:  # type: ignore[no-untyped-def]
    """The app's own font, no style sheet yet; both put back afterwards."""
    app = QApplication.instance()
    sheet, font, flash = app.styleSheet(), app.font(), app.cursorFlashTime()
    bigger = app.font()
    bigger.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(bigger)
    app.setCursorFlashTime(0)  # a steady caret: two grabs of the same screen are the same
    yield app
    app.setProperty(style.APPLIED, None)
    app.setStyleSheet(sheet)
    app.setFont(font)
    app.setCursorFlashTime(flash)


@pytest.fixture
def open_window(qtbot, app_font: QApplication, app_paths: AppPaths,
                clocks) -> Iterator[Callable[[], MainWindow]]:  # type: ignore[no-untyped-def]
    """Windows deleted through Qt's event queue before the style sheet is put back: a
    window with a menu bar that Python's garbage collector deletes can crash Qt at the
    next change of the application's style sheet (seen with PySide 6.11), which the app,
    with one window and one change, never meets."""
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = build_window(app_paths, synchronous=True, now=clocks.now,
                              idle_clock=clocks.monotonic, kdf=FAST_KDF)
        window.resize(1366, 768)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _grab(window: QWidget) -> QImage:
    for _ in range(3):
        QApplication.processEvents()
    return window.grab().toImage()


def _rules(sheet: str) -> list[str]:
    return [" ".join(f"{s} {{{b}}}".split()) for s, b in
            style._RULE.findall(style._COMMENT.sub("", sheet))]


def test_the_start_sheet_keeps_the_rules_that_can_style_the_locked_window_in_order() -> None:
    full = style_sheet()
    start = start_sheet(full)
    kept = _rules(start)
    assert 0 < len(kept) < 0.75 * len(_rules(full))
    for text in ('QPushButton[primary="true"]', "QWidget#card", "QLabel#brand", "QComboBox",
                 "QStatusBar", "QScrollArea > QWidget > QWidget", "QLabel#recoveryCode",
                 "QProgressBar#strengthBar", "QCheckBox::indicator:checked", "QMenu::item"):
        assert text in start, text
    for text in ("QToolBar", "QTableView", "QHeaderView", "QTabBar", "#sessionCountdown",
                 "QPlainTextEdit", 'role="notice"'):
        assert text not in start, text
    # "QLineEdit, QPlainTextEdit, ... { }" keeps its QLineEdit and QComboBox selectors
    assert "QLineEdit, QComboBox {" in start
    bodies, at = [r.split("{", 1)[1] for r in _rules(full)], 0
    for rule in kept:  # each kept rule is a later rule of the file: the same rule wins
        at = bodies.index(rule.split("{", 1)[1], at) + 1


@pytest.mark.parametrize("selector, later", [
    ("QToolBar#mainToolbar QToolButton:hover", True), ("QTableView:!focus", True),
    ('QLabel[role="notice"]', True), ("QTabWidget#recordTabs QLineEdit:disabled", True),
    ("QScrollArea > QWidget > QWidget", False), ("QWidget#card QLabel", False),
    ('QPushButton[primary="true"]:focus', False), ("QComboBox::drop-down", False),
])
def test_a_rule_waits_only_if_a_part_of_it_names_the_workspace(selector: str,
                                                              later: bool) -> None:
    assert style._workspace_only(selector) is later


CARDS = ["unlock", "create", "recover", "code", "unconfirmed"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("card", CARDS)
def test_each_unlock_card_looks_the_same_before_and_after_the_whole_sheet_is_applied(
        card: str, size: tuple[int, int], app_font: QApplication, seeded, open_window,
        clocks, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "WORKSPACE_DELAY_MS", 600_000)  # finish() by hand
    apply_start(app_font, app_font.font().pointSizeF())
    window = open_window()
    window.resize(*size)
    window.activateWindow()
    screen = window.unlock
    if card == "create":
        click(window, "newProfile")
    elif card == "recover":
        click(window, "forgottenPassphrase")
    elif card == "code":
        screen._show_code("ABCD-EFGH-JKLM-NPQR", "Test Coach")
    elif card == "unconfirmed":
        screen.stack.setCurrentWidget(screen.unconfirmed_page)
        screen.unconfirmed_page.make_button.setFocus()
    else:
        screen.unlock_page.passphrase.editor.setText("half typ")  # the coach is typing
        screen.unlock_page.passphrase.editor.setCursorPosition(4)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    focus = QApplication.focusWidget()
    before = _grab(window)
    finish()
    after = _grab(window)
    assert not window._workspace and app_font.property(style.APPLIED) == "full"
    assert before == after, f"the {card} card changed when the whole sheet came"
    assert QApplication.focusWidget() is focus  # the focus stays where it was
    if card == "unlock":
        assert screen.unlock_page.passphrase.editor.text() == "half typ"
        assert screen.unlock_page.passphrase.editor.cursorPosition() == 4
    if card == "code":
        screen.code_page.code.clear()  # or closing would ask whether it was written down
    window.close()


def test_the_whole_sheet_replaces_the_start_sheet_before_the_workspace_is_built(
        app_font: QApplication, seeded, open_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    points = app_font.font().pointSizeF()
    apply_start(app_font, points)
    assert app_font.styleSheet() == start_sheet(style_sheet(points))
    window = open_window()
    qtbot.waitUntil(lambda: window._workspace, timeout=5000)  # built once the store loads
    assert app_font.styleSheet() == style_sheet(points)
    assert app_font.property(style.APPLIED) == "full"
    unlock(window)
    assert not window.is_locked()
    window.close()


def test_a_sheet_set_by_someone_else_is_left_alone(qtbot, app_font: QApplication, seeded,
                                                   open_window) -> None:  # type: ignore[no-untyped-def]
    app_font.setStyleSheet("QLabel { color: #123456; }")
    window = open_window()
    _ = window.caseload  # the workspace is built
    assert app_font.styleSheet() == "QLabel { color: #123456; }"
    window.close()


def test_the_unlock_screen_builds_only_the_card_it_shows(seeded, app_paths: AppPaths,
                                                         clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    assert window.findChild(QLineEdit, "field_passphrase").isVisible()
    for name in ("field_profile_name", "field_recovery_code"):
        assert window.findChild(QLineEdit, name) is None  # not built until needed
    assert not window.unlock.showing_unconfirmed_code()
    click(window, "newProfile")
    profile = window.findChild(QLineEdit, "field_profile_name")
    assert profile is not None and profile.isVisible() and profile.hasFocus()
    assert window.findChild(QLineEdit, "field_recovery_code") is None
    click(window, "createBack")
    click(window, "forgottenPassphrase")
    assert window.findChild(QLineEdit, "field_recovery_code").isVisible()
    assert not profile.isVisible()
    window.close()


def test_a_short_screen_fits_a_card_built_after_the_resize(seeded, app_paths: AppPaths,
                                                            clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    window.resize(1024, 700)
    QApplication.processEvents()
    assert window.unlock.unlock_page.body.spacing() == 6
    click(window, "newProfile")  # built now, at the short size
    assert window.unlock.create_page.body.spacing() == 6
    window.resize(1366, 1000)
    QApplication.processEvents()
    assert window.unlock.create_page.body.spacing() == 14
    window.close()


def test_a_new_coach_gets_the_create_card_at_once(app_paths: AppPaths, clocks,
                                                  qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    assert window.unlock.stack.currentWidget() is window.unlock.create_page
    assert window.findChild(QLineEdit, "field_profile_name").isVisible()
    window.close()


def test_a_store_that_cannot_load_still_gets_the_whole_sheet(
        app_font: QApplication, seeded, open_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The locked window's dialogs (self-test, help) need the rest of the sheet even when
    the workspace is never built."""
    import threading

    from coachdesk.services import loading

    def broken(done, modules=loading.MODULES):  # type: ignore[no-untyped-def]
        error = loading.StoreUnavailable("sqlcipher3")  # a broken install
        thread = threading.Thread(target=lambda: done(error))
        thread.start()
        return thread

    monkeypatch.setattr(loading, "preload", broken)
    points = app_font.font().pointSizeF()
    apply_start(app_font, points)
    window = open_window()
    qtbot.waitUntil(lambda: window.loader.done, timeout=5000)
    assert not window._workspace and "could not load" in \
        window.unlock.unlock_page.message.text()
    assert app_font.styleSheet() == style_sheet(points)


def test_pages_built_before_the_load_is_announced_are_built_under_the_whole_sheet(
        qtbot, app_font: QApplication, seeded, open_window) -> None:  # type: ignore[no-untyped-def]
    """An Unlock pressed (or a page asked for) before the load's signal arrives builds
    the workspace at once: the whole sheet comes first, so its pages are polished once."""
    points = app_font.font().pointSizeF()
    apply_start(app_font, points)
    window = open_window()
    assert not window.loader.done  # its signal has not been delivered yet
    polished_under = []
    original = window._build_workspace

    def build() -> None:
        polished_under.append(app_font.styleSheet())
        original()

    window._build_workspace = build  # type: ignore[method-assign]
    _ = window.caseload
    assert polished_under == [style_sheet(points)]
