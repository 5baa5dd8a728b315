"""File → Back up now, the daily backup on unlock, and restore from the unlock screen
(issue 8 item 17), on a real vault in the real window."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication, QCheckBox, QListWidget, QMenu

from coachdesk.store.paths import AppPaths
from coachdesk.ui.actions import ActionId
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.unlock.restore import RestoreDialog
from tests.factories import PASSPHRASE
from tests.ui.conftest import PROFILE, Seeded, child, type_into, unlock

UK_STAMP = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(")


def _backups(app_paths: AppPaths) -> list[Path]:
    return sorted(app_paths.vault(PROFILE).backups.glob("vault-*.db"))


def test_daily_backup_then_back_up_now(seeded: Seeded, window: MainWindow,
                                       app_paths: AppPaths, qtbot) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    qtbot.waitUntil(lambda: len(_backups(app_paths)) == 1)
    assert _backups(app_paths)[0].name.endswith("-daily.db")
    QApplication.processEvents()
    assert "Backup written" not in window.statusBar().currentMessage()  # quiet when it works
    window.lock()
    unlock(window)  # the same day: no second automatic backup
    QApplication.processEvents()
    assert len(_backups(app_paths)) == 1

    window.registry.trigger(ActionId.BACKUP_NOW)
    qtbot.waitUntil(lambda: len(_backups(app_paths)) == 2)
    qtbot.waitUntil(lambda: "Backup written" in window.statusBar().currentMessage())
    file_menu = window.menuBar().findChild(QMenu, "menuFile")
    assert window.registry[ActionId.BACKUP_NOW] in file_menu.actions()


def test_restore_from_the_unlock_screen(seeded: Seeded, window: MainWindow,
                                        app_paths: AppPaths, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    qtbot.waitUntil(lambda: len(_backups(app_paths)) == 1)
    window.lock()

    dialog = window.unlock.show_restore()
    assert isinstance(dialog, RestoreDialog)
    dialog.resize(560, 420)
    backups = child(dialog, QListWidget, "backupList")
    titles = [backups.item(i).text() for i in range(backups.count())]
    assert len(titles) == 1 and UK_STAMP.match(titles[0]), titles
    assert titles[0] == "23 Nov 2026, 10:00 (automatic, daily)"
    assert not dialog.restore_button.isEnabled(), "restoring needs a confirmation"
    dialog.grab().save(str(tmp_path / "restore-dialog.png"))
    window.grab().save(str(tmp_path / "restore-window.png"))

    type_into(dialog, "field_restorePassphrase", "not the passphrase at all")
    child(dialog, QCheckBox, "confirmRestore").setChecked(True)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "not recognised" in dialog.message.text())
    assert dialog.isVisible()
    assert not list(app_paths.vault(PROFILE).folder.glob("vault-replaced-*.db"))

    type_into(dialog, "field_restorePassphrase", PASSPHRASE)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert list(app_paths.vault(PROFILE).folder.glob("vault-replaced-*.db"))
    assert "kept as" in window.unlock.unlock_page.message.text()
    unlock(window)
    assert not window.is_locked()
