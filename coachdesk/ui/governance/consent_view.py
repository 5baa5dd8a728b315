"""Record or withdraw a client's consent, and see the whole history. Ticks, date and note
half done when the vault locks are kept for that client until recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.timefmt import uk_date_long, uk_date_short
from coachdesk.services.consent import ConsentState
from coachdesk.ui.widgets.fields import UkDateEdit
from coachdesk.ui.widgets.lockdraft import KeepsDraft, LockDraft
from coachdesk.ui.widgets.tables import ListTable


class ConsentDialog(KeepsDraft, QDialog):
    def __init__(self, worker: Any, client_id: str, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle("Consent")
        self._worker, self._client_id, self._today = worker, client_id, today
        self.state_label = QLabel()
        self.state_label.setObjectName("consentState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = QLabel()
        self.banner.setObjectName("consentBanner")
        self.banner.setProperty("role", "error")
        self.banner.setWordWrap(True)
        self.boxes = {}
        grid = QGridLayout()
        for n, scope in enumerate(ConsentScope):
            box = QCheckBox(scope.label)
            box.setObjectName(f"consent_{scope.value}")
            self.boxes[scope] = box
            grid.addWidget(box, n // 2, n % 2)
        self.on = UkDateEdit()
        self.on.setObjectName("consentOn")
        self.on.setAccessibleName("Date")
        self.on.setText(uk_date_short(today))
        self.note = QLineEdit()
        self.note.setObjectName("consentNote")
        self.note.setAccessibleName("Note (optional)")
        self.note.setPlaceholderText("How consent was given or withdrawn (optional)")
        on_label, note_label = QLabel("&Date"), QLabel("N&ote")
        on_label.setBuddy(self.on)
        note_label.setBuddy(self.note)
        self.give_button = QPushButton("Record consent &given")
        self.give_button.setObjectName("consentGive")
        self.withdraw_button = QPushButton("&Withdraw the ticked consent")
        self.withdraw_button.setObjectName("consentWithdraw")
        self.message = QLabel()
        self.message.setObjectName("consentMessage")
        self.message.setWordWrap(True)
        self.history = ListTable("consentHistory", "Consent history, oldest first",
                                 ("Date", "Given or withdrawn", "For", "Recorded by"), 2)
        self.give_button.clicked.connect(lambda: self._submit(True))
        self.withdraw_button.clicked.connect(lambda: self._submit(False))
        close = QPushButton("&Close")
        close.clicked.connect(self.reject)
        fields = QHBoxLayout()
        for widget in (on_label, self.on, note_label):
            fields.addWidget(widget)
        fields.addWidget(self.note, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.give_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.draft = LockDraft(f"dialog:consent:{client_id}", {
            "on": self.on, "note": self.note,
            **{f"scope:{s.value}": box for s, box in self.boxes.items()}}, "consentRestored")
        layout = QVBoxLayout(self)
        for item in (self.state_label, self.banner, self.draft.label, grid, fields, buttons,
                     self.message, self.history):
            (layout.addLayout if not isinstance(item, QWidget) else layout.addWidget)(item)
        self.resize(760, 480)
        self.refresh()
        self.draft.take(worker)

    def refresh(self) -> None:
        cid = self._client_id
        self._worker.submit(lambda desk: desk.consent_state(cid), self._show, self._failed)

    def _show(self, state: ConsentState) -> None:
        allowed = [ConsentScope(s).label for s in sorted(state.allowed)]
        self.state_label.setText("In force now: " + (", ".join(allowed) if allowed
                                                     else "no consent recorded in force."))
        self.banner.setText(state.banner)
        self.banner.setVisible(bool(state.banner))
        self.history.set_rows([
            (uk_date_long(r.on), "Given" if r.given else "Withdrawn",
             ", ".join(ConsentScope(s).label for s in r.scopes), r.recorded_by)
            for r in state.history])

    def _submit(self, given: bool) -> None:
        scopes = [s for s, box in self.boxes.items() if box.isChecked()]
        if not scopes:
            self.message.setText("Tick what the client agreed to, or withdrew.")
            return
        try:
            on = self.on.date_value()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        if on is None:
            self.message.setText("Enter the date.")
            return
        cid, note = self._client_id, self.note.text()
        verb = "given" if given else "withdrawn"
        self._worker.submit(
            lambda desk: (desk.record_consent if given else desk.withdraw_consent)(
                cid, scopes, on, note),
            lambda _c: self._done(f"Consent {verb} recorded."), self._failed)

    def _done(self, words: str) -> None:
        self.message.setText(words)
        for box in self.boxes.values():
            box.setChecked(False)
        self.note.clear()
        self.draft.saved()
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(f"Not saved: {error}")
