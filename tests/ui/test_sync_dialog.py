"""Sync and review in the app: make a team, invite a PC, list and revoke devices; review a
conflict and keep the other value (a synced edit); Check sync says both match the hub."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from coachdesk.domain import Client
from coachdesk.services.appsession import unlock_profile
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY
from tests.store.remote_helpers import make_store, records
from tests.ui.conftest import child, make_window, unlock
from tests.ui.test_sync_ui import SHOTS, _client, hub

__all__ = ["hub"]


def _shoot(dialog, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 768), (1024, 700)):
        dialog.window().resize(width, height)
        QApplication.processEvents()
        dialog.grab().save(str(SHOTS / f"{name}-{width}.png"))


def test_create_a_team_invite_a_pc_list_and_revoke_it(seeded, app_paths, clocks, qtbot, hub,
                                                      tmp_path: Path):
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10000)
    dialog = window.open_sync_dialog()
    qtbot.waitUntil(lambda: dialog.create.isEnabled(), timeout=10000)
    dialog.hub.setText(hub)
    dialog.create.click()
    message = child(dialog, QLabel, "syncMessage")
    try:
        qtbot.waitUntil(lambda: message.text().startswith("Team "), timeout=20000)
    except qtbot.TimeoutError:
        raise AssertionError(f"the dialog says {message.text()!r}") from None
    qtbot.waitUntil(lambda: dialog.invite.isEnabled(), timeout=10000)
    dialog.invite.click()
    qtbot.waitUntil(lambda: "Invitation code:" in message.text(), timeout=20000)
    _shoot(dialog, "sync-team")
    code = re.search(r"Invitation code: (\S+)", message.text()).group(1)  # type: ignore[union-attr]
    other = make_store(tmp_path / "other", "Other PC")
    team.join(other, hub, code)
    SyncEngine(other, *_client(other)).sync()
    dialog.load_devices.click()
    qtbot.waitUntil(lambda: dialog.devices.count() == 2, timeout=20000)
    row = next(i for i in range(2) if "(this PC)" not in dialog.devices.item(i).text())
    # the other PC has synced: its last sync shows in UK local time, "1 Dec 2026 14:05"
    assert re.search(r"last sync \d{1,2} [A-Z][a-z]{2} 20\d\d \d\d:\d\d",
                     dialog.devices.item(row).text()), dialog.devices.item(row).text()
    dialog.devices.setCurrentRow(row)
    dialog.revoke.click()
    qtbot.waitUntil(lambda: "revoked" in message.text(), timeout=20000)
    assert other.device_id in message.text()
    dialog.load_devices.click()
    qtbot.waitUntil(lambda: any("(revoked)" in dialog.devices.item(i).text()
                                for i in range(dialog.devices.count())), timeout=20000)
    window.close()
    other.vault.close()


def test_review_a_conflict_keep_the_other_value_and_check_sync(seeded, app_paths, clocks,
                                                               qtbot, hub, tmp_path: Path):
    mine = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    member = team.create_team(mine, hub)
    other = make_store(tmp_path / "other", "Other PC")
    team.join(other, hub, team.invite(member).code)
    SyncEngine(mine, team.client_for(member), member).sync()
    SyncEngine(other, *_client(other)).sync()
    cid = seeded.client.id
    mine.repo(Client).update(replace(mine.repo(Client).require(cid), phone="0113 496 0001"))
    other.repo(Client).update(replace(other.repo(Client).require(cid), phone="0113 496 0002"))
    SyncEngine(other, *_client(other)).sync()
    mine.vault.close()
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: "to review" in window.sync_label.text(), timeout=20000)
    window.registry.trigger(ActionId.SYNC_SETTINGS)
    dialog = window.open_sync_dialog()
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    cells = [dialog.table.item(0, c).text() for c in range(4)]
    assert cells[0] == "Client: phone" and cells[1] == "Zoë Okafor"
    kept, kept_from = cells[2].split("\n")
    lost, lost_from = cells[3].split("\n")
    assert {kept, lost} == {"0113 496 0001", "0113 496 0002"}
    assert "this PC" in kept_from + lost_from and "another PC" in kept_from + lost_from
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} 20\d\d", kept_from)  # 23 Nov 2026 style
    # readable without a mouse: each value and who/when fit their cells at the dialog's
    # own size, and the chosen row is said again in full under the table
    metrics = dialog.table.fontMetrics()
    for c in (2, 3):
        widest = max(metrics.horizontalAdvance(line) for line in cells[c].split("\n"))
        assert dialog.table.columnWidth(c) >= widest + 8, (c, dialog.table.columnWidth(c))
    assert dialog.table.rowHeight(0) >= 2 * metrics.height()
    said = child(dialog, QLabel, "syncReviewDetail").text()
    assert all(part in said for part in (kept, lost, kept_from, lost_from, "Zoë Okafor"))
    _shoot(dialog, "sync-review")
    other_value = lost
    dialog.keep_other.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10000)
    # the status bar follows the choice at once (no "1 to review" left behind)
    qtbot.waitUntil(lambda: "to review" not in window.sync_label.text(), timeout=10000)
    assert "waiting" in window.sync_label.text()
    window.registry.trigger(ActionId.SYNC_NOW)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced")
                    and not window.sync.running, timeout=20000)
    SyncEngine(other, *_client(other)).sync()
    assert records(other, "client")[cid]["phone"] == other_value
    dialog.tabs.setCurrentIndex(0)
    dialog.check.click()
    message = child(dialog, QLabel, "syncMessage")
    qtbot.waitUntil(lambda: "holds exactly what the hub holds" in message.text(),
                    timeout=20000)
    window.close()
    other.vault.close()
