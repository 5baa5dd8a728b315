"""Cancel a session, with the reason in the coach's words (required): from the Diary and
from Today. The cancellation goes through the write path (audited, synced); the slot is
free again. A reason half typed when the vault locks is kept for that session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.ui.widgets.fields import Field, heading
from coachdesk.ui.widgets.lockdraft import KeepsDraft


class CancelDialog(KeepsDraft, QDialog):
    def __init__(self, worker: Any, appointment_id: str, who: str,
                 cancelled: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelDialog")
        self.setWindowTitle("Cancel a session")
        self.setMinimumWidth(480)
        self.worker, self.appointment_id, self.who, self._cancelled = (
            worker, appointment_id, who, cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Cancel {who}’s session", 2))
        self.reason = Field("cancel_reason", "Why is it cancelled?", QLineEdit(),
                            "For example: client asked to rearrange; coach on leave")
        self.reason.editor.setMaxLength(200)  # type: ignore[attr-defined]
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Cancel the session", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("cancelConfirm")
        keep = buttons.addButton("Keep it", QDialogButtonBox.ButtonRole.RejectRole)
        keep.setObjectName("cancelKeep")
        self.keep = keep
        self.refusal = QLabel()
        self.refusal.setObjectName("cancelRefused")
        self.refusal.setProperty("role", "error")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.reason.editor.returnPressed.connect(self.submit)  # type: ignore[attr-defined]
        layout.addWidget(self.refusal)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.reason.editor.setFocus()
        # an attended, missed or cancelled session is refused before any reason is asked
        self.worker.submit(lambda d: d.diary.check_cancellable(appointment_id),
                           lambda _ok: None, self._refused)
        self.start_draft(worker, f"dialog:cancel:{appointment_id}",
                         {"reason": self.reason.editor}, "cancelRestored")

    def _refused(self, error: BaseException) -> None:
        self.refusal.setText(str(error))
        self.refusal.show()
        self.reason.hide()
        self.ok.hide()
        self.keep.setText("Close")
        self.keep.setFocus()
        self._fit()

    def _error(self, error: BaseException) -> None:
        self.reason.set_error(str(error))
        self._fit()

    def _fit(self) -> None:
        """Grow to show the message whole: the field keeps its height, nothing overlaps."""
        layout = self.layout()
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.sizeHint().height()
        self.setMinimumHeight(max(wanted, layout.minimumSize().height()))
        if self.height() < self.minimumHeight():
            self.resize(self.width(), self.minimumHeight())

    def submit(self) -> None:
        reason, aid = self.reason.text().strip(), self.appointment_id
        self.worker.submit(lambda d: d.diary.cancel(aid, reason),
                           lambda _c: (self._cancelled(f"{self.who}’s session is cancelled."),
                                       self.accept()),
                           self._error)
