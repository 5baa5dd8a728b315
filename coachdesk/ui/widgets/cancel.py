"""Cancel a session, with the reason in the coach's words (required): from the Diary and
from Today. The cancellation goes through the write path (audited, synced); the slot is
free again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from coachdesk.ui.widgets.fields import Field, heading


class CancelDialog(QDialog):
    def __init__(self, worker: Any, appointment_id: str, who: str,
                 cancelled: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelDialog")
        self.setWindowTitle("Cancel a session")
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
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.reason.editor.returnPressed.connect(self.submit)  # type: ignore[attr-defined]
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.reason.editor.setFocus()

    def submit(self) -> None:
        reason, aid = self.reason.text().strip(), self.appointment_id
        self.worker.submit(lambda d: d.diary.cancel(aid, reason),
                           lambda _c: (self._cancelled(f"{self.who}’s session is cancelled."),
                                       self.accept()),
                           lambda e: self.reason.set_error(str(e)))
