"""Fit note periods of the client in view: the list, weeks off work and the early flag,
and a form to add one (kept across a lock, per client, until it is added)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Adjustment, FitNoteAssessment, FitNotePeriod
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.fitnotes import FitNoteState
from coachdesk.ui.widgets.fields import UkDateEdit, combo_of
from coachdesk.ui.widgets.lockdraft import KeepsDraft, LockDraft
from coachdesk.ui.widgets.tables import ListTable


class FitNotesDialog(KeepsDraft, QDialog):
    def __init__(self, ctx: Any, client_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fitNotesDialog")
        self.setWindowTitle("Fit notes")
        self.ctx, self.client_id = ctx, client_id
        self.state: FitNoteState | None = None
        self.summary = QLabel()
        self.summary.setObjectName("fitNoteSummary")
        self.summary.setWordWrap(True)
        self.table = ListTable("fitNoteTable", "Fit note periods, newest first",
                               ("From", "To", "Assessment", "Adjustments"), 3)
        self.starts, self.ends, self.since = UkDateEdit(), UkDateEdit(), UkDateEdit()
        self.assessment = combo_of(FitNoteAssessment.choices())
        self.assessment.setObjectName("fitNoteAssessment")
        self.boxes: dict[Adjustment, QCheckBox] = {}
        form = QGridLayout()
        for n, (label, widget, name) in enumerate((("&From", self.starts, "fitNoteFrom"),
                                    ("&To", self.ends, "fitNoteTo"),
                                    ("&Off work since (if earlier)", self.since, "fitNoteSince"),
                                    ("&Assessment", self.assessment, ""))):
            text = QLabel(label)
            text.setBuddy(widget)
            if name:
                widget.setObjectName(name)
            widget.setAccessibleName(label.replace("&", ""))
            form.addWidget(text, n // 2, (n % 2) * 2)
            form.addWidget(widget, n // 2, (n % 2) * 2 + 1)
        adjustments = QHBoxLayout()
        for adj in Adjustment:
            box = QCheckBox(adj.label)
            box.setObjectName(f"fitNote_{adj.value}")
            self.boxes[adj] = box
            adjustments.addWidget(box)
        adjustments.addStretch(1)
        self.add_button = QPushButton("A&dd fit note")
        self.add_button.setObjectName("fitNoteAdd")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("&Remove the chosen one (entered by mistake)")
        self.remove_button.setObjectName("fitNoteRemove")
        self.remove_button.clicked.connect(self.remove)
        self.message = QLabel()
        self.message.setObjectName("fitNoteMessage")
        self.message.setWordWrap(True)
        close = QPushButton("&Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.draft = LockDraft(f"dialog:fit_note:{client_id}", {
            "starts_on": self.starts, "ends_on": self.ends, "off_work_since": self.since,
            "assessment": self.assessment,
            **{f"adjustment:{a.value}": box for a, box in self.boxes.items()}},
            "fitNoteRestored")
        layout = QVBoxLayout(self)
        for item in (self.summary, self.table, self.draft.label, form, adjustments, buttons,
                     self.message):
            (layout.addLayout if not isinstance(item, QWidget) else layout.addWidget)(item)
        self.resize(900, 460)
        self.refresh()
        self.draft.take(ctx.worker)

    def refresh(self) -> None:
        cid, today = self.client_id, self.ctx.today()
        self.ctx.worker.submit(lambda d: d.referrals.fit_notes(cid, today), self._show,
                               self._failed)

    def _show(self, state: FitNoteState) -> None:
        self.state = state
        self.summary.setText(state.summary)
        self.table.set_rows([
            (uk_date_long(p.starts_on), uk_date_long(p.ends_on), p.assessment.label,
             ", ".join(Adjustment(a).label for a in p.adjustments))
            for p in state.periods], [p.id for p in state.periods])

    def add(self) -> None:
        try:
            starts, ends, since = (w.date_value() for w in (self.starts, self.ends, self.since))
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        if starts is None or ends is None:
            self.message.setText("Enter the day the fit note starts and the day it ends.")
            return
        period = FitNotePeriod(
            id=new_id(), client_id=self.client_id, starts_on=starts, ends_on=ends,
            assessment=FitNoteAssessment(self.assessment.currentData()),
            adjustments=[a.value for a, box in self.boxes.items() if box.isChecked()],
            off_work_since=since)
        self.ctx.worker.submit(lambda d: d.referrals.add_fit_note(period),
                               lambda _c: self._done("Fit note added."), self._failed)

    def remove(self) -> None:
        ref = self.table.chosen_ref()
        if not isinstance(ref, str):
            self.message.setText("Choose the fit note in the list first.")
            return
        self.ctx.worker.submit(lambda d: d.referrals.remove_fit_note(ref),
                               lambda _c: self._done("Fit note removed."), self._failed)

    def _done(self, words: str) -> None:
        self.message.setText(words)
        for w in (self.starts, self.ends, self.since):
            w.setText("")
        for box in self.boxes.values():
            box.setChecked(False)
        self.draft.saved()
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.message.setText(" ".join(error.problems.values()))
        else:
            self.message.setText(f"Not saved: {error}")
