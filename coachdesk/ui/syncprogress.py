"""The status bar's progress bar for a first sync: hidden except while a new device
receives the team's records (fed from the sync thread through queued signals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QProgressBar, QWidget

if TYPE_CHECKING:  # the sync client loads after the unlock screen shows
    from coachdesk.services.sync import Progress

STEPS = 1000


class SyncProgressBar(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProgress")
        self.setRange(0, STEPS)
        self.setMaximumWidth(220)
        self.setTextVisible(True)
        self.setAccessibleName("First sync progress")
        self.hide()

    def show_progress(self, progress: Progress | None) -> None:
        """Show how far a first sync has gone; None (the round ended) hides the bar."""
        if progress is None or progress.phase == "done":
            self.hide()
            return
        self.setValue(int(progress.fraction * STEPS))
        if progress.phase == "indexing":
            self.setFormat("Building search…")
            tip = "Building the search index for the records received"
        else:
            self.setFormat(f"First sync %p% ({progress.counted})")
            tip = f"Receiving the team's records: {progress.counted} so far"
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)
        self.show()
