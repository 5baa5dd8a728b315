"""Restore from a backup, from the unlock screen: choose one (UK dates), confirm, restore.

The vault is locked while this runs. The restore itself (a check of every page of the
backup and a copy) runs on a thread of its own, never on the UI thread; the vault it
replaces is kept in the profile folder, so nothing is deleted.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.appsession import profile_label
from coachdesk.services.backups import AppPaths, VaultError, backup_choices, restore_backup
from coachdesk.ui.unlock.pages import password_edit
from coachdesk.ui.widgets.fields import Field


class RestoreDialog(QDialog):
    #: the replaced vault's path on success, or the error; emitted from the restore thread
    _finished = Signal(object, object)
    restored = Signal(str)  # a plain-words message for the unlock screen

    def __init__(self, paths: AppPaths, slug: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(min(560, self.fontMetrics().averageCharWidth() * 70))
        self._paths, self._slug = paths, slug
        intro = QLabel(
            f"Put a backup in place of the vault of <b>{profile_label(slug)}</b>. "
            "Work saved since that backup is not in it. The vault it replaces is kept "
            "in the profile folder, so it can be put back.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName("Backups, newest first")
        for choice in backup_choices(paths, slug):
            item = QListWidgetItem(choice.title)
            item.setData(Qt.ItemDataRole.UserRole, str(choice.path))
            self.list.addItem(item)
        self.empty = QLabel("There are no backups of this vault yet.")
        self.empty.setObjectName("noBackups")
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
        self.passphrase = Field("restorePassphrase", "Passphrase of this vault", password_edit())
        self.confirm = QCheckBox("Replace the vault with the chosen backup")
        self.confirm.setObjectName("confirmRestore")
        self.message = QLabel()
        self.message.setObjectName("restoreMessage")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        for widget in (intro, self.list, self.empty, self.passphrase, self.confirm,
                       self.message, self.buttons):
            layout.addWidget(widget)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.currentRowChanged.connect(lambda _r: self._update())
        self.confirm.toggled.connect(lambda _c: self._update())
        self._finished.connect(self._done)
        self._update()

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None and self.confirm.isChecked())

    def start(self) -> None:
        backup, passphrase = self.chosen(), self.passphrase.text()
        if backup is None or not self.confirm.isChecked():
            return
        self.message.setText("Checking the backup and restoring…")
        self.setEnabled(False)
        paths, slug = self._paths, self._slug

        def run() -> None:
            try:
                self._finished.emit(restore_backup(paths, slug, passphrase, backup), None)
            except VaultError as exc:
                self._finished.emit(None, exc)

        threading.Thread(target=run, name="coachdesk-restore", daemon=True).start()

    def _done(self, aside: Path | None, error: VaultError | None) -> None:
        self.setEnabled(True)
        if error is not None:
            self.message.setText(str(error))
            self.passphrase.editor.setFocus()
            return
        item = self.list.currentItem()
        self.passphrase.clear()
        self.restored.emit(f"Restored the backup of {item.text() if item else ''}. The "
                           f"vault it replaced was kept as {aside}.")
        self.accept()
