"""Trial item 13 through the dialog: rows with problems are listed before importing, the
row count is right with a column missing, a new file clears the last report, the same file
again adds nothing, and the dialog fits a 1024x700 screen with its title bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.ui.referrals import IMPORT_REFERRALS
from tests.ui.conftest import Seeded, unlock

ROWS = ["Surname,Forename,DOB,Referral date,Referred by",
        "Brennan,Marek,02/03/1979,17/11/2026,Dr Amal Quist",
        "Cole,Ada,31/02/1980,17/11/2026,Dr Amal Quist"]


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _check(dialog, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.path.setText(str(path))
    qtbot.keyClick(dialog.check_button, Qt.Key.Key_Space)
    _settle()


def test_problems_first_counts_fresh_report_no_duplicates_and_fits(
        seeded: Seeded, window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "missing.csv"
    missing.write_text("\r\n".join(["Lastname_x,Forename", "Brennan,Marek"]))
    good = tmp_path / "list.csv"
    good.write_text("\r\n".join(ROWS))
    unlock(window)
    window.resize(1024, 700)
    window.registry[IMPORT_REFERRALS].trigger()
    _settle()
    dialog = window.import_referrals_dialog
    assert dialog.height() <= 640 and dialog.minimumSizeHint().height() <= 640

    _check(dialog, qtbot, missing)
    assert "1 row(s)" in dialog.summary.text()  # not "0 row(s)"
    assert "No column is chosen for Family name" in dialog.summary.text()

    _check(dialog, qtbot, good)
    assert "2 row(s): 1 ready, 1 with problems" in dialog.summary.text()
    before = dialog.output.toPlainText()  # the preview, before anything is imported
    assert "Line 3: Ada Cole: Date of birth:" in before
    assert "Line 2: Marek Brennan: ready" in before
    assert dialog.height() <= 640 and dialog.minimumSizeHint().height() <= 640
    assert dialog.import_button.text() == "&Import the 1 ready row(s)"  # what it confirms
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)
    _settle()
    assert dialog.output.toPlainText().startswith("1 referral(s) imported, 1 not.")

    dialog.path.setText(str(missing))  # another file: the last report goes
    assert dialog.output.toPlainText() == ""
    assert dialog.summary.text() == ""
    assert not dialog.import_button.isEnabled()

    _check(dialog, qtbot, good)  # the same file again: nothing new to import
    assert "0 ready" in dialog.summary.text()
    assert dialog.duplicates.rowCount() == 0  # no "Same person" offered for the old row
    assert "Line 2: Marek Brennan: already imported" in dialog.output.toPlainText()
    assert not dialog.import_button.isEnabled()
    dialog.reject()
