"""The feedback letter to the referrer: the coach ticks or writes what was agreed and the
next steps (never the case notes), previews the one page, then prints or saves it; each
print or save is audited as a disclosure. Refused, in words, without consent."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.feedback import LetterRequest, LetterStart
from coachdesk.ui.widgets.fields import UkDateEdit
from coachdesk.ui.widgets.lockdraft import parse_draft, restored_label


def letter_draft_key(client_id: str) -> str:
    return f"dialog:letter:{client_id}"


class FeedbackLetterDialog(QDialog):
    def __init__(self, ctx: Any, client_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackLetterDialog")
        self.setWindowTitle("Feedback letter to the referrer")
        self.ctx, self.client_id = ctx, client_id
        self.start: LetterStart | None = None
        self.preview: Any = None
        self.to_label = QLabel("Reading the referral…")
        self.to_label.setObjectName("letterTo")
        self.to_label.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setObjectName("letterRefused")
        self.refusal.setProperty("role", "error")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.seen_on = UkDateEdit()
        self.seen_on.setObjectName("letterSeenOn")
        self.seen_on.setAccessibleName("Seen on")
        seen_label = QLabel("&Seen on")
        seen_label.setBuddy(self.seen_on)
        self.choice_box = QVBoxLayout()
        self.choices: list[QCheckBox] = []
        self.own_words = QPlainTextEdit()
        self.own_words.setObjectName("letterOwnWords")
        self.own_words.setAccessibleName("What was agreed, in your own words, one point a line")
        self.own_words.setPlaceholderText("Anything else agreed, in plain words, one point a "
                                          "line. Never copy the case notes.")
        self.own_words.setTabChangesFocus(True)
        self.own_words.setMaximumHeight(90)
        own_label = QLabel("Also agreed, in your &own words")
        own_label.setBuddy(self.own_words)
        self.next_steps = QPlainTextEdit()
        self.next_steps.setObjectName("letterNextSteps")
        self.next_steps.setAccessibleName("Next steps")
        self.next_steps.setTabChangesFocus(True)
        self.next_steps.setMaximumHeight(70)
        next_label = QLabel("&Next steps")
        next_label.setBuddy(self.next_steps)
        self.preview_button = QPushButton("&Preview, print or save…")
        self.preview_button.setObjectName("letterPreview")
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(self.make)
        self.message = QLabel()
        self.message.setObjectName("letterMessage")
        self.message.setWordWrap(True)
        self.contact_hint = QLabel()
        self.contact_hint.setObjectName("letterContactHint")
        self.contact_hint.setProperty("role", "hint")
        self.contact_hint.setWordWrap(True)
        self.contact_hint.hide()
        close = QPushButton("&Close")
        close.clicked.connect(self.reject)
        self.close_button = close
        seen = QHBoxLayout()
        seen.addWidget(seen_label)
        seen.addWidget(self.seen_on)
        seen.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.preview_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.to_label)
        layout.addWidget(self.refusal)
        layout.addLayout(seen)
        layout.addWidget(QLabel("What was agreed (tick what applies)"))
        layout.addLayout(self.choice_box)
        for widget in (own_label, self.own_words, next_label, self.next_steps,
                       self.contact_hint, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resize(720, 600)
        self.restored = restored_label("letterRestored")
        layout.insertWidget(1, self.restored)
        cid, key = client_id, letter_draft_key(client_id)
        ctx.worker.submit(lambda d: d.referrals.letter_start(cid), self._started,
                          self._cannot)
        ctx.worker.submit(lambda d: d.take_draft(key), self.restore)  # after the start

    def lock_draft(self) -> tuple[str, dict[str, str]] | None:
        """The coach's own words and ticks, for the lock to keep (none typed, none kept)."""
        ticked = "\n".join(b.text() for b in self.choices if b.isChecked())
        typed = (self.own_words.toPlainText(), self.next_steps.toPlainText(), ticked)
        if not any(t.strip() for t in typed):
            return None
        return letter_draft_key(self.client_id), {
            "own_words": typed[0], "next_steps": typed[1], "ticked": ticked,
            "seen_on": self.seen_on.text()}

    def restore(self, text: str | None) -> None:
        """Fill the dialog from a draft the lock kept, and say so."""
        draft = parse_draft(text)
        if not draft:
            return
        self.own_words.setPlainText(draft.get("own_words", ""))
        self.next_steps.setPlainText(draft.get("next_steps", ""))
        if draft.get("seen_on"):
            self.seen_on.setText(draft["seen_on"])
        ticked = set(draft.get("ticked", "").splitlines())  # by their words: steps change
        for box in self.choices:
            box.setChecked(box.text() in ticked)
        self.restored.show()

    def _started(self, start: LetterStart) -> None:
        self.start = start
        r = start.referral
        self.to_label.setText(f"To {start.to_name} ({start.to_role}), who referred the client "
                              f"on {uk_date_long(r.received_on)}.")
        if start.seen_on:
            self.seen_on.set_date(start.seen_on)
        for n, words in enumerate(start.choices):
            box = QCheckBox(words)
            box.setObjectName(f"letterChoice{n}")
            self.choices.append(box)
            self.choice_box.addWidget(box)
        chain = [self.seen_on, *self.choices, self.own_words, self.next_steps,
                 self.close_button, self.preview_button]  # the screen's order, top down
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)
        self.contact_hint.setText(start.coach_missing)
        self.contact_hint.setVisible(bool(start.coach_missing))
        self.refusal.setText(start.why_not)
        self.refusal.setVisible(not start.allowed)
        self.preview_button.setEnabled(start.allowed)

    def _cannot(self, error: BaseException) -> None:
        self.to_label.setText(str(error))
        self.preview_button.setEnabled(False)

    def request(self) -> LetterRequest | None:
        if self.start is None:
            return None
        try:
            seen = self.seen_on.date_value()
        except ValueError as exc:
            self.message.setText(str(exc))
            return None
        if seen is None:
            self.message.setText("Enter the day you saw the client.")
            return None
        agreed = [b.text() for b in self.choices if b.isChecked()]
        agreed += [line for line in self.own_words.toPlainText().splitlines() if line.strip()]
        return LetterRequest(self.client_id, self.start.referral.id, seen, agreed,
                             self.next_steps.toPlainText())

    def make(self) -> None:
        request = self.request()
        if request is None:
            return
        self.message.setText("Making the letter…")
        self.ctx.worker.submit(lambda d: (d.referrals.render_letter(request), d.pdf_folder()),
                               lambda made: self._preview(request, *made),
                               lambda e: self.message.setText(f"No letter: {e}"))

    def _preview(self, request: LetterRequest, made: tuple[bytes, str, str],
                 folder: str) -> None:
        from coachdesk.ui.printing.preview import PrintPreviewDialog

        pdf, name, title = made
        self.message.setText("")
        dialog = PrintPreviewDialog(pdf, name, title, parent=self, folder=folder)
        worker, cid, rid = self.ctx.worker, request.client_id, request.referral_id

        def record(how: str) -> None:
            worker.submit(lambda d: d.referrals.record_letter(cid, rid, how),
                          lambda _c: self.message.setText(
                              f"The letter was {how}; the disclosure is in the audit trail."))

        dialog.printed.connect(lambda _pages: record("printed"))
        dialog.saved.connect(lambda _path: record("saved as PDF"))
        dialog.folder_chosen.connect(
            lambda f: worker.submit(lambda d: d.remember_pdf_folder(f)))
        self.preview = dialog
        dialog.open()
