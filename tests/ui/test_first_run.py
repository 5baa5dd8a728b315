"""Issue 17 through the real window: a new coach's passphrase and recovery code."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrinter
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox

from coachdesk.store.paths import AppPaths
from coachdesk.ui.unlock.recovery import (
    NO_PRINTER,
    goes_to_paper,
    print_dialog,
    printer_for_code,
    recovery_sheet,
)
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import child, click, make_window, type_into, unlock

GOOD = "kettle orbit meadow lantern"


def _fill(window, passphrase: str, confirm: str | None = None) -> None:  # type: ignore[no-untyped-def]
    type_into(window, "field_profile_name", "Sam Coach")
    type_into(window, "field_coach_name", "Sam Coach")
    type_into(window, "field_new_passphrase", passphrase)
    type_into(window, "field_confirm_passphrase", passphrase if confirm is None else confirm)


def test_a_weak_passphrase_is_refused_with_the_reason_and_the_error_clears_once_fixed(
        window, app_paths: AppPaths) -> None:
    for weak in ("1234567890", "password123", "Sam Coach 1"):
        _fill(window, weak)
        assert not child(window, QLabel, "createStrengthText").text().startswith(
            ("Good", "Strong"))
        click(window, "createProfile")
        error = child(window, QLabel, "error_new_passphrase")
        assert not error.isHidden() and "guess" in error.text()
        assert app_paths.profiles() == []
        assert window.unlock.stack.currentWidget() is window.unlock.create_page
    type_into(window, "field_new_passphrase", GOOD)  # fixed: the error goes at once
    assert child(window, QLabel, "error_new_passphrase").isHidden()
    type_into(window, "field_confirm_passphrase", GOOD)
    click(window, "createProfile")
    assert window.unlock.stack.currentWidget() is window.unlock.code_page
    _finish_code(window)


def test_a_duplicate_profile_is_named_not_given_as_a_path(window, app_paths: AppPaths,
                                                          clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    _fill(window, GOOD)
    click(window, "createProfile")
    child(window, QCheckBox, "recoveryConfirm").setChecked(True)
    click(window, "recoveryContinue")
    window.lock()
    click(window, "newProfile")
    _fill(window, PASSPHRASE)
    type_into(window, "field_profile_name", "sam coach")
    click(window, "createProfile")
    error = child(window, QLabel, "error_profile_name").text()
    assert "Sam coach" in error or "Sam Coach" in error
    assert str(app_paths.data_dir) not in error and "/" not in error


def _finish_code(window) -> None:  # type: ignore[no-untyped-def]
    child(window, QCheckBox, "recoveryConfirm").setChecked(True)
    click(window, "recoveryContinue")
    assert window.root.currentWidget() is window.pages


def _answer_close(window, answer: str) -> None:  # type: ignore[no-untyped-def]
    def press() -> None:
        box = next(b for b in window.findChildren(QMessageBox, "closeOnCodeBox")
                   if b.isVisible())
        next(b for b in box.buttons() if b.text() == answer).click()
    QTimer.singleShot(0, press)


def test_closing_on_the_recovery_code_asks_and_the_next_start_offers_a_new_code(
        app_paths: AppPaths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    _fill(window, GOOD)
    click(window, "createProfile")
    first = child(window, QLabel, "recoveryCode").text()
    _answer_close(window, "Stay and write it down")
    window.close()
    assert window.isVisible() and child(window, QLabel, "recoveryCode").text() == first
    _answer_close(window, "Close anyway")
    window.close()
    assert not window.isVisible()

    again = make_window(app_paths, clocks, qtbot)
    unlock(again, GOOD)
    assert again.unlock.stack.currentWidget() is again.unlock.unconfirmed_page
    assert again.root.currentWidget() is again.unlock_area  # not in the caseload yet
    click(again, "recoveryMakeNew")
    second = child(again, QLabel, "recoveryCode").text()
    assert len(second) == 29 and second != first
    child(again, QCheckBox, "recoveryConfirm").setChecked(True)
    click(again, "recoveryContinue")
    assert again.root.currentWidget() is again.pages
    again.lock()
    unlock(again, GOOD)  # confirmed now: straight in
    assert again.root.currentWidget() is again.pages
    again.close()


def test_the_recovery_code_is_printed_only_on_a_printer_with_name_and_date(
        window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    _fill(window, GOOD)
    click(window, "createProfile")
    before = set(tmp_path.rglob("*"))
    click(window, "printRecoveryCode")
    page = window.unlock.code_page
    if printer_for_code() is None:  # this machine has no printer: say so, save nothing
        assert child(window, QLabel, "codeMessage").text() == NO_PRINTER
        assert page.dialog is None
    else:
        assert page.dialog is not None
        assert not page.dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile)
        page.dialog.reject()
    assert set(tmp_path.rglob("*")) == before  # nothing written anywhere near
    dialog = print_dialog(QPrinter(), window)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile)
    pdf = QPrinter()
    pdf.setOutputFileName(str(tmp_path / "code.pdf"))
    assert not goes_to_paper(pdf)  # a file printer is refused before anything is drawn
    sheet = recovery_sheet(page.profile, child(window, QLabel, "recoveryCode").text(),
                           page.made_on)
    assert "Sam Coach" in sheet and "23 Nov 2026" in sheet and page.made_on == TODAY
    _finish_code(window)
