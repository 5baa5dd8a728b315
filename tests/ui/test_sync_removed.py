"""What a keyboard trial of sync found: a revoked PC is told plainly, stops retrying and
can leave the team keeping its records; closing the Sync dialog while a task runs never
raises and its result reaches the status bar; the open dialog is raised, not doubled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.domain import Client
from coachdesk.services.appsession import unlock_profile
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.store.remote_helpers import records
from tests.ui.conftest import make_window, unlock
from tests.ui.test_sync_dialog import _shoot
from tests.ui.test_sync_ui import _client, _join_profile, hub

__all__ = ["hub"]


def test_a_revoked_pc_says_so_stops_retrying_and_leaves_keeping_its_records(
        seeded, app_paths, clocks, qtbot, hub):
    other = _join_profile(app_paths, hub)
    mine = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    typed = make_client(None, given_name="Ines", family_name="Thorne")
    mine.repo(Client).add(typed)  # typed here, not sent yet
    own = mine.device_id
    mine.vault.close()
    owner = team.membership(other)
    assert owner is not None
    team.revoke(other, owner, own)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: "Removed" in window.sync_label.text(), timeout=20000)
    assert not window.sync.timer.isActive()  # no retry: asking again cannot help
    dialog = window.open_sync_dialog()
    qtbot.waitUntil(lambda: "removed from the sync team" in dialog.state.text(),
                    timeout=10000)
    assert dialog.leave.isEnabled() and not dialog.join.isEnabled()
    _shoot(dialog, "sync-removed")
    dialog.leave.setFocus()
    qtbot.keyClick(dialog.leave, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "left the team" in dialog.message.text(), timeout=20000)
    assert "kept" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.join.isEnabled(), timeout=10000)
    assert dialog.create.isEnabled() and not dialog.leave.isEnabled()
    dialog.hub.setText(hub)
    dialog.code.setText(team.invite(team.membership(other)).code)  # type: ignore[arg-type]
    dialog.join.click()
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=30000)
    window.close()
    SyncEngine(other, *_client(other)).sync()
    assert typed.id in records(other, "client")  # sent after the rejoin, not lost
    other.vault.close()


def test_closing_the_dialog_while_check_sync_runs_never_raises(
        seeded, app_paths, clocks, qtbot, hub):
    other = _join_profile(app_paths, hub)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=20000)
    dialog = window.open_sync_dialog()
    qtbot.waitUntil(lambda: dialog.check.isEnabled(), timeout=10000)
    dialog.check.click()
    dialog.close()  # Esc while the check runs
    QApplication.processEvents()
    qtbot.waitUntil(lambda: "hub" in window.statusBar().currentMessage(), timeout=20000)
    window.close()
    other.vault.close()


def test_the_sync_shortcut_raises_the_open_dialog(seeded, app_paths, clocks, qtbot):
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10000)
    first = window.open_sync_dialog()
    assert window.open_sync_dialog() is first
    window.close()
