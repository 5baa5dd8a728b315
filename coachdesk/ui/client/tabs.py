"""Record tabs that take input: the timeline (amend a note), signposting and outcomes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import OutcomeKind, SignpostOutcome
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.timefmt import uk_date_long, uk_date_short, uk_datetime
from coachdesk.services.record import ClientRecord
from coachdesk.ui.client.timeline import timeline_html
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import Field, UkDateEdit, combo_of, heading
from coachdesk.ui.widgets.tables import ListTable


def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(slot)
    return b


def _problem(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.problems.values())
    return str(error)


class TimelineTab(QWidget):
    """Sessions and notes, newest first; a note is corrected by an amending note."""


    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = QTextBrowser()
        self.view.setObjectName("recordTimeline")
        self.view.setAccessibleName("Timeline of sessions and notes")
        self.view.setTabChangesFocus(True)
        self.note = Field("amend_note", "Note to amend", combo_of([]))
        self.body = Field("amend_body", "Corrected note", QPlainTextEdit())
        self.body.editor.setTabChangesFocus(True)  # type: ignore[attr-defined]
        self.body.editor.setMaximumHeight(120)
        self.reason = Field("amend_reason", "Why it is amended", QLineEdit())
        self.start = _button("Amend this note…", "amendStart", self._begin)
        self.save = _button("Save amended note", "amendSave", self._save)
        self.reason.editor.returnPressed.connect(self._save)  # type: ignore[attr-defined]
        self.cancel = _button("Cancel", "amendCancel", self._end)
        self.editor = QWidget()
        editor = QVBoxLayout(self.editor)
        editor.setContentsMargins(0, 0, 0, 0)
        editor.addWidget(self.body)
        editor.addWidget(self.reason)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addWidget(self.save)
        editor.addLayout(row)
        self.editor.hide()
        chooser = QHBoxLayout()
        chooser.addWidget(self.note, 1)
        chooser.addWidget(self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(chooser)
        layout.addWidget(self.editor)
        self._bodies: dict[str, str] = {}

    def show_record(self, record: ClientRecord) -> None:
        self.view.setHtml(timeline_html(record))
        box = self.note.editor
        box.clear()  # type: ignore[attr-defined]
        self._bodies = {}
        for entry in record.notes:
            if not entry.superseded:
                n = entry.note
                first = n.body.replace("\n", " ")[:50]
                box.addItem(f"{uk_datetime(n.written_at)}: {first}", n.id)  # type: ignore[attr-defined]
                self._bodies[n.id] = n.body
        self.start.setEnabled(bool(self._bodies))
        self._end()

    def _begin(self) -> None:
        note_id = self.note.text()
        if note_id:
            self.body.editor.setPlainText(self._bodies[note_id])  # type: ignore[attr-defined]
            self.editor.show()
            self.body.editor.setFocus()

    def _end(self) -> None:
        self.body.clear()
        self.reason.clear()
        self.editor.hide()

    def _save(self) -> None:
        note_id, body, reason = self.note.text(), self.body.text(), self.reason.text()
        if not body.strip():
            self.body.set_error("Enter the corrected note.")
            return
        self.ctx.worker.submit(lambda d: d.amend_note(note_id, body, reason), None,
                               lambda e: self.body.set_error(_problem(e)))

    def clear(self) -> None:
        self.view.clear()
        self.note.editor.clear()  # type: ignore[attr-defined]
        self._bodies = {}
        self._end()


class SignpostingTab(QWidget):

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = ListTable("recordSignposting", "Signposting history",
                               ["Date", "Service", "Reason", "Follow up", "Outcome"], 1)
        self.outcome = Field("signpost_outcome", "Outcome of the selected signposting",
                             combo_of([(o.value, o.label) for o in SignpostOutcome
                                       if o is not SignpostOutcome.PENDING]))
        self.save = _button("Record outcome", "signpostOutcomeSave", self._save)
        row = QHBoxLayout()
        row.addWidget(self.outcome, 1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def show_record(self, record: ClientRecord) -> None:
        items = list(reversed(record.signposting))
        self.table.set_rows([
            [uk_date_long(s.made_on), s.service_name, s.reason,
             uk_date_long(s.follow_up_on) if s.follow_up_on else "",
             s.outcome.label + (f", {uk_date_long(s.outcome_on)}" if s.outcome_on else "")]
            for s in items], [s.id for s in items])
        self.save.setEnabled(bool(items))
        self.outcome.set_error("")

    def _save(self) -> None:
        ref, value = self.table.current_ref(), self.outcome.text()
        if isinstance(ref, str) and value:
            self.ctx.worker.submit(
                lambda d: d.record_signpost_outcome(ref, SignpostOutcome(value)),
                None, lambda e: self.outcome.set_error(_problem(e)))

    def clear(self) -> None:
        self.table.clear_rows()


class OutcomesTab(QWidget):

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = ListTable("recordOutcomes", "Outcomes", ["Date", "Outcome", "Evidence"], 2)
        self.kind = Field("outcome_kind", "Outcome", combo_of(OutcomeKind.choices()))
        self.on = Field("outcome_on", "When", UkDateEdit())
        self.evidence = Field("outcome_evidence", "How we know (optional)", QLineEdit())
        self.save = _button("Record outcome", "outcomeSave", self._save)
        row = QHBoxLayout()
        row.addWidget(self.kind, 2)
        row.addWidget(self.on, 1)
        row.addWidget(self.evidence, 3)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(heading("Record an outcome", 3))
        layout.addLayout(row)
        self.client_id = ""

    def show_record(self, record: ClientRecord) -> None:
        self.client_id = record.client.id
        self.table.set_rows([[uk_date_long(o.occurred_on), o.kind.label, o.evidence]
                             for o in reversed(record.outcomes)])
        self.on.editor.setText(uk_date_short(self.ctx.today()))  # type: ignore[attr-defined]
        self.evidence.clear()

    def _save(self) -> None:
        try:
            on: date | None = self.on.editor.date_value()  # type: ignore[attr-defined]
        except ValueError as exc:
            self.on.set_error(str(exc))
            return
        if on is None:
            self.on.set_error("Enter the date of the outcome.")
            return
        self.on.set_error("")
        client_id, kind, evidence = self.client_id, OutcomeKind(self.kind.text()), \
            self.evidence.text()
        self.ctx.worker.submit(lambda d: d.record_outcome(client_id, kind, on, evidence), None,
                               lambda e: self.on.set_error(_problem(e)))

    def clear(self) -> None:
        self.client_id = ""
        self.table.clear_rows()
        self.evidence.clear()

