"""The status bar's first-sync bar says what it counts, as the command line does."""

from __future__ import annotations

from coachdesk.sync.firstsync import Progress
from coachdesk.ui.syncprogress import SyncProgressBar


def test_the_bar_counts_records_from_a_checkpoint_and_changes_from_a_snapshot(qtbot) -> None:
    bar = SyncProgressBar()
    qtbot.addWidget(bar)
    bar.resize(220, 24)
    bar.show_progress(Progress(3, 10, 6_000, "receiving", "records"))
    assert not bar.isHidden()
    assert bar.format() == "First sync %p% (6,000 records)"
    assert bar.toolTip() == "Receiving the team's records: 6,000 records so far"
    assert "changes" not in bar.accessibleDescription()
    bar.show_progress(Progress(30, 100, 1, "receiving"))
    assert bar.format() == "First sync %p% (1 change)"
    assert bar.toolTip().endswith("1 change so far")
    bar.grab().save("/tmp/losertold-bar.png")
