"""Issue 17 item 6: Qt writes no file-dialog history (folder and file names) outside the
CoachDesk home, and none stays inside it either."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from coachdesk.ui.files import ask_save_path


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def test_file_dialog_history_stays_out_of_the_home_folder_and_is_wiped(
        window, app_paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outside = Path.home() / ".config" / "QtProject.conf"
    before = _snapshot(outside)
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert Path(settings.fileName()).resolve().is_relative_to(app_paths.config_dir.resolve())
    folder = tmp_path / "Zoe Okafor letters"
    folder.mkdir()
    target = folder / "Zoe Okafor plan.pdf"

    def accept() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QFileDialog) and w.isVisible())
        dialog.selectFile(str(target))
        dialog.accept()

    QTimer.singleShot(50, accept)
    chosen = ask_save_path(window, "Save as PDF", str(target), "PDF (*.pdf)")
    assert Path(chosen) == target
    assert _snapshot(outside) == before  # nothing written to ~/.config/QtProject.conf
    for written in app_paths.config_dir.rglob("*"):
        if written.is_file():
            assert b"Okafor" not in written.read_bytes(), written
