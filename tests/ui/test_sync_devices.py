"""The Sync dialog as the keyboard trial found it: the team's devices listed on opening,
by name with "this PC" and last sync in UK format, a device named on this PC; "Last
synced" filled in once the join's first sync ends, even if the dialog was closed at once."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from coachdesk.sync import team
from tests.store.remote_helpers import make_store
from tests.ui.conftest import make_window, unlock
from tests.ui.test_sync_dialog import _shoot
from tests.ui.test_sync_ui import _join_profile, hub

__all__ = ["hub"]


def test_devices_listed_on_opening_by_name_and_one_named_here(
        seeded, app_paths, clocks, qtbot, hub):
    other = _join_profile(app_paths, hub)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced")
                    and not window.sync.running, timeout=20000)
    dialog = window.open_sync_dialog()
    qtbot.waitUntil(lambda: dialog.devices.count() == 2, timeout=20000)  # no Alt+L
    texts = [dialog.devices.item(i).text() for i in range(2)]
    mine = next(t for t in texts if t.endswith("(this PC)"))
    assert mine.startswith(socket.gethostname() + " (")
    assert re.search(r"last sync \d{1,2} [A-Z][a-z]{2} 20\d\d \d\d:\d\d", mine), mine
    row = next(i for i in range(2) if not texts[i].endswith("(this PC)"))
    assert texts[row].startswith("Another PC (")
    dialog.devices.setCurrentRow(row)
    dialog.name_device.click()
    ask = next(d for d in dialog.findChildren(QInputDialog, "syncDeviceName") if d.isVisible())
    ask.setTextValue("Room 3 PC")
    ask.accept()
    qtbot.waitUntil(lambda: any(dialog.devices.item(i).text().startswith("Room 3 PC (")
                                for i in range(dialog.devices.count())), timeout=20000)
    _shoot(dialog, "sync-devices")
    window.close()
    other.vault.close()


def test_join_then_escape_still_joins_and_says_so_in_the_status_bar(
        seeded, app_paths, clocks, qtbot, hub, tmp_path: Path):
    owner = make_store(tmp_path / "owner", "Owner PC")
    member = team.create_team(owner, hub)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked() and not window.sync.running,
                    timeout=10000)
    dialog = window.open_sync_dialog()
    qtbot.waitUntil(lambda: dialog.join.isEnabled(), timeout=10000)
    dialog.hub.setText(hub)
    dialog.code.setText(team.invite(member).code)
    dialog.join.click()
    dialog.reject()  # Esc at once
    qtbot.waitUntil(lambda: "joined team" in window.statusBar().currentMessage(),
                    timeout=20000)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=20000)
    again = window.open_sync_dialog()
    assert again is not dialog
    qtbot.waitUntil(lambda: "Last synced: " in again.state.text(), timeout=10000)
    assert "Last synced: never" not in again.state.text()
    window.close()
    owner.vault.close()


def test_preferences_has_a_sync_section_that_opens_the_sync_panel(
        seeded, app_paths, clocks, qtbot):
    from PySide6.QtCore import Qt

    from coachdesk.ui.actions import ActionId
    from coachdesk.ui.syncdialog import SyncDialog

    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10000)
    window.registry.trigger(ActionId.PREFERENCES)  # Ctrl+,
    qtbot.waitUntil(lambda: getattr(window, "preferences_dialog", None) is not None
                    and window.preferences_dialog.isVisible(), timeout=10000)
    prefs = window.preferences_dialog
    assert prefs.sync_button.text() == "S&ync: team, devices and certificate…"
    qtbot.keyClick(prefs.sync_button, Qt.Key.Key_Space)
    found = [d for d in window.findChildren(SyncDialog) if d.isVisible()]
    assert len(found) == 1 and found[0].isEnabled()
    qtbot.waitUntil(lambda: found[0].create.isEnabled(), timeout=10000)
    window.resize(1024, 700)
    prefs.grab().save(str(Path("build/screenshots/prefs-sync-1024.png").resolve()))
    found[0].reject()
    prefs.reject()
    window.close()
