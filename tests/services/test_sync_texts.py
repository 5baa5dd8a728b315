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
