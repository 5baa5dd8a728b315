"""How the team's device list reads: joined and last sync in UK local time."""

from __future__ import annotations

from coachdesk.services.sync import device_text, uk_moment


def test_last_sync_is_shown_in_uk_local_time() -> None:
    assert uk_moment("2026-11-23T14:05:09.123456Z") == "23 Nov 2026 14:05"  # GMT
    assert uk_moment("2026-06-01T08:30:00.000Z") == "1 Jun 2026 09:30"  # BST
    assert uk_moment(None) == "" and uk_moment("garbage") == ""


def test_a_device_line_says_when_it_last_synced_or_never() -> None:
    device = {"device_id": "pc-a", "joined_at": "2026-11-01T09:00:00.000000Z",
              "last_sync_at": "2026-11-23T14:05:00.000000Z", "revoked": False}
    assert device_text(device, own="pc-a") == (
        "pc-a  joined 1 Nov 2026 09:00  last sync 23 Nov 2026 14:05  (this PC)")
    never = device | {"last_sync_at": None, "revoked": True}
    assert device_text(never, own="pc-b") == (
        "pc-a  joined 1 Nov 2026 09:00  last sync never  (revoked)")


def test_a_device_line_leads_with_its_name() -> None:
    device = {"device_id": "01a23255-1af5-70a4-bdd6-61dac505eb61",
              "joined_at": "2026-11-01T09:00:00.000000Z",
              "last_sync_at": "2026-11-23T14:05:00.000000Z", "revoked": False}
    assert device_text(device, own="x", names={device["device_id"]: "Room 3 PC"}) == (
        "Room 3 PC (…05eb61)  joined 1 Nov 2026 09:00  last sync 23 Nov 2026 14:05")
    assert device_text(device, own=device["device_id"], names={}, host="GP-RECEPTION") == (
        "GP-RECEPTION (…05eb61)  joined 1 Nov 2026 09:00  last sync 23 Nov 2026 14:05"
        "  (this PC)")
    assert device_text(device, own="x", names={}).startswith("Another PC (…05eb61)  joined")


def test_this_pc_can_label_the_team_devices_locally(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coachdesk.services.sync import SyncDesk
    from tests.store.remote_helpers import make_store

    store = make_store(tmp_path, "PC")
    desk = SyncDesk(store)
    desk.name_device("dev-1", "  Room 3 PC ")
    assert desk.device_names() == {"dev-1": "Room 3 PC"}
    desk.name_device("dev-1", "")
    assert desk.device_names() == {}
    store.vault.close()
