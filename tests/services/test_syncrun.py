"""The status bar's words and the back-off, without Qt."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from coachdesk.domain.timefmt import to_iso
from coachdesk.services.sync import SyncStatus
from coachdesk.services.syncrun import retry_delay, status_text

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def status(last: datetime | None, waiting: int = 0, conflicts: int = 0) -> SyncStatus:
    return SyncStatus(True, "TEAM", "https://hub.example", "dev", to_iso(last) if last else "",
                      waiting, conflicts, 0, 0, "")


def test_status_texts() -> None:
    assert status_text(status(NOW - timedelta(minutes=2)), NOW) == "Synced 2 min ago"
    assert status_text(status(NOW), NOW) == "Synced just now"
    assert status_text(status(NOW - timedelta(hours=3), 1, 2), NOW) == \
        "Synced 3 h ago; 1 change waiting; 2 to review"
    assert status_text(status(NOW - timedelta(days=8)), NOW) == "Synced on 15 Nov 2026"
    offline = status_text(status(NOW, 12), NOW, "The hub could not be reached (ConnectError).",
                          NOW + timedelta(minutes=1))
    assert offline == "12 changes waiting — offline. Next try at 14:01."
    refused = status_text(status(NOW, 3), NOW, "The hub refused: stale epoch",
                          NOW + timedelta(minutes=2))
    assert refused == "Sync failed: The hub refused: stale epoch Next try at 14:02."
    assert status_text(SyncStatus(False, "", "", "dev", "", 4, 0, 0, 0, ""), NOW) == ""


def test_back_off_doubles_with_jitter_up_to_half_an_hour() -> None:
    rng = random.Random(7)
    delays = [retry_delay(n, rng).total_seconds() for n in range(1, 10)]
    assert 24 <= delays[0] <= 36 and 48 <= delays[1] <= 72
    assert all(d <= 1800 * 1.2 for d in delays) and delays[-1] >= 1800 * 0.8
    assert 240 <= retry_delay(0, rng).total_seconds() <= 360
    assert len({retry_delay(3).total_seconds() for _ in range(20)}) > 1  # jittered


def test_offline_with_nothing_waiting_and_long_problems_shortened() -> None:
    gone = "The hub could not be reached (ConnectError). Changes made here are kept."
    assert status_text(status(NOW, 0), NOW, gone, NOW + timedelta(minutes=1)) == \
        "Offline. Nothing waiting to send. Next try at 14:01."
    untrusted = ("The hub's certificate is not trusted by this PC (it is self-signed), so "
                 "nothing was sent. Ask IT for the certificate's fingerprint and pin it.")
    assert status_text(status(NOW, 2), NOW, untrusted, NOW + timedelta(minutes=1)) == \
        ("Sync failed: The hub's certificate is not trusted by this PC (it is self-signed),"
         " so nothing was sent. Next try at 14:01.")
    removed = replace(status(NOW, 2), removed=True)
    assert status_text(removed, NOW, "whatever") == \
        "Removed from the sync team: open Sync to leave and join again."
