"""File dialogs that leave no trail: Qt's own dialog writes the folders and files last used
(names that can include a client's) to QtProject settings; CoachDesk points Qt's settings
into its own config folder and wipes that history as soon as each dialog closes."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

QT_SETTINGS = "qt"  # the folder, under the CoachDesk config folder, Qt's settings go to


def contain_qt_settings(config_dir: Path) -> None:
    """Qt's own settings (QtProject.conf and the like) go under CoachDesk's config folder,
    never ~/.config; on Windows (the registry) they are wiped after use instead."""
    QCoreApplication.setOrganizationName("CoachDesk")
    QCoreApplication.setApplicationName("CoachDesk")
    folder = str(config_dir / QT_SETTINGS)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, folder)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    forget_file_dialog_history()


def forget_file_dialog_history() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def _ask(dialog: QFileDialog) -> list[str]:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # no OS "recent" list
    dialog.setHistory([])
    try:
        chosen = dialog.selectedFiles() if dialog.exec() else []
    finally:
        shiboken6.delete(dialog)  # its destructor writes the history: let it, then wipe it
        forget_file_dialog_history()
    return chosen


def ask_save_path(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setObjectName("saveFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if start and not Path(start).is_dir():
        dialog.selectFile(start)
    return next(iter(_ask(dialog)), "")


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> str:
    dialog = QFileDialog(parent, title, "", filters)
    dialog.setObjectName("openFileDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_ask(dialog)), "")


def ask_folder(parent: QWidget | None, title: str) -> str:
    dialog = QFileDialog(parent, title)
    dialog.setObjectName("folderDialog")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return next(iter(_ask(dialog)), "")
