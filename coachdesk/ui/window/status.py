"""The status bar (busy, sync state and progress, the coach signed in, the idle warning), the
sync dialog, and backups: on the DB worker, never the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from coachdesk.services.errors import VaultError, VaultLocked
from coachdesk.ui.context import AppContext
from coachdesk.ui.syncbar import SyncController
from coachdesk.ui.syncprogress import SyncProgressBar
from coachdesk.ui.widgets.elided import ElidedLabel
from coachdesk.ui.worker import background_priority

if TYPE_CHECKING:
    from coachdesk.ui.syncdialog import SyncDialog


class StatusMixin:
    """MainWindow's status bar, the sync controller behind it, and backups."""

    def _build_status_bar(self, ctx: AppContext) -> None:
        self.coach_label = QLabel()
        self.coach_label.setObjectName("coachLabel")
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.idle_warning = QLabel()
        self.idle_warning.setObjectName("idleWarning")
        self.idle_warning.setProperty("role", "warning")
        self.idle_warning.hide()
        self.statusBar().insertPermanentWidget(0, self.idle_warning, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.sync_label = ElidedLabel()  # long words end in "…", whole in the tooltip
        self.sync_label.setObjectName("syncLabel")
        self.statusBar().addPermanentWidget(self.sync_label)
        self.sync_progress = SyncProgressBar()
        self.statusBar().addPermanentWidget(self.sync_progress)
        self.sync = SyncController(ctx.worker, ctx.now, self)
        self.sync.status.connect(self.sync_label.setText)
        self.sync.progress.connect(self.sync_progress.show_progress)
        self.sync.changes.connect(self.changes_made)
        self.changes_made.connect(self.sync.refresh_status)  # the waiting count, at once
        self.statusBar().addPermanentWidget(self.coach_label)

    def open_sync_dialog(self, over: QWidget | None = None) -> SyncDialog:
        from coachdesk.ui.syncdialog import SyncDialog

        found = [d for d in self.findChildren(SyncDialog) if d.is_open]
        if found:  # Ctrl+Shift+Y again: the open one comes forward
            found[0].raise_()
            found[0].activateWindow()
            return found[0]
        dialog = SyncDialog(self.ctx.worker, self.sync, over or self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # ----- backups (on the DB worker, never the UI thread) ------------------------------
    def backup_now(self) -> None:
        self.statusBar().showMessage("Backing up…")
        self.ctx.worker.submit(lambda desk: desk.backup_now(), self._backed_up,
                               self._backup_failed)

    def _daily_backup(self) -> None:
        """The first unlock of each day makes an automatic backup. The worker only decides
        and audits; the copy reads on a thread of its own, so views and search go on."""
        from coachdesk.services.backups import policy_from

        policy, now = policy_from(self.ctx.prefs), self.ctx.now()
        self.ctx.worker.submit(lambda desk: desk.start_daily_backup(policy, now),
                               self._run_daily_backup, self._backup_failed)

    def _run_daily_backup(self, run: Callable[[], Path] | None) -> None:
        if run is None:
            return

        def job() -> None:
            background_priority()
            try:
                self.backup_finished.emit(run())
            except VaultLocked:
                pass  # locked before the copy began: the next unlock today makes it
            except VaultError as exc:
                self.backup_finished.emit(exc)

        threading.Thread(target=job, name="coachdesk-backup", daemon=True).start()

    def _backup_result(self, result: object) -> None:
        # the automatic daily backup is quiet when it works: a coach mid-task should not
        # have their own status message replaced by it every morning; failures are shown
        if isinstance(result, VaultError):
            self._backup_failed(result)

    def _backed_up(self, path: Path) -> None:
        self.statusBar().showMessage(f"Backup written to {path}.", 15000)

    def _backup_failed(self, error: BaseException) -> None:
        if isinstance(error, VaultError):
            self.statusBar().showMessage(f"The backup was not made. {error}", 30000)
