"""A tampered audit trail is named at unlock in the app too (issue 8 item 3)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from coachdesk.store.keyfile import KeyFile
from coachdesk.store.paths import AppPaths
from coachdesk.store.sqlcipher import open_encrypted
from coachdesk.ui.main_window import MainWindow
from tests.factories import PASSPHRASE
from tests.ui.conftest import PROFILE, Seeded, unlock


def test_shortened_audit_trail_is_named_at_unlock(seeded: Seeded, app_paths: AppPaths,
                                                  clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import make_window

    paths = app_paths.vault(PROFILE)
    key = KeyFile.load(paths.keyfile).unwrap_with_passphrase(PASSPHRASE)
    conn = open_encrypted(paths.database, key, create=False)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    conn.close()

    window: MainWindow = make_window(app_paths, clocks, qtbot)
    unlock(window)
    QApplication.processEvents()
    box = window.findChild(QMessageBox, "auditWarning")
    assert box is not None and box.isVisible()
    assert "does not match its seal" in box.text() and "removed from the end" in box.text()
    assert not window.is_locked(), "the coach can carry on working"
    box.accept()
    window.close()


def test_intact_trail_says_nothing(seeded: Seeded, window: MainWindow) -> None:
    unlock(window)
    QApplication.processEvents()
    assert window.findChild(QMessageBox, "auditWarning") is None
