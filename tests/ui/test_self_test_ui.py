"""File → Run self-test…: the dialog runs the real checks off the UI thread, shows each in
words, copies the one-line report for IT, and closes from the keyboard. The app's windows
carry the CoachDesk icon and name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from coachdesk.services.selftest import Check, run_self_test
from coachdesk.ui.actions import ActionId
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.selftest_dialog import SelfTestDialog

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def test_self_test_action_runs_and_reports_in_words(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.registry.trigger(ActionId.SELF_TEST)
    dialog: SelfTestDialog = window.self_test_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60000)
    assert dialog.report is not None and dialog.report.ok, dialog.report.one_line()
    text = dialog.details.toPlainText()
    for name in ("encrypted vault", "action plan PDF", "print support", "printed to PDF",
                 "clean-up"):
        assert f"Passed: {name}" in text
    assert "All checks passed" in dialog.summary.text()
    assert dialog.copy_button.hasFocus()
    qtbot.keyClick(dialog.copy_button, Qt.Key.Key_Space)
    assert QGuiApplication.clipboard().text() == dialog.report.one_line()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 768), (1024, 700)):
        window.resize(width, height)
        dialog.grab().save(str(SHOTS / f"self_test_{width}x{height}.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_failed_checks_are_shown_with_what_to_do(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = run_self_test(lambda _pdf, _scratch: [Check(
        "print support", False, "The CUPS client library is not installed: install libcups2.")],
        temp_root=tmp_path)
    dialog = SelfTestDialog(start=False)
    qtbot.addWidget(dialog)
    dialog.show_report(report)
    assert "Some checks failed" in dialog.summary.text()
    assert ("FAILED: print support — The CUPS client library is not installed: install "
            "libcups2.") in dialog.details.toPlainText()
    dialog.show()
    dialog.grab().save(str(tmp_path / "failed.png"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "self_test_failed.png"))


def test_windows_carry_the_coachdesk_icon_and_name(window: MainWindow) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    assert not app.windowIcon().isNull()
    assert not window.windowIcon().isNull()
    assert window.windowIcon().pixmap(48, 48).width() == 48
    assert QGuiApplication.applicationDisplayName() == "CoachDesk"
    assert QGuiApplication.desktopFileName() == "coachdesk"
    assert window.windowTitle().startswith("CoachDesk")
