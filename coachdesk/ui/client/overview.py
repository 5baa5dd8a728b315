"""The record's overview: who they are, work and health, referral and consent."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from coachdesk.domain import Client
from coachdesk.domain.timefmt import uk_date_long, uk_datetime
from coachdesk.services.record import ClientRecord
from coachdesk.ui.widgets.fields import heading

Section = tuple[str, list[tuple[str, str]]]


def _date(value: date | None) -> str:
    return uk_date_long(value) if value else "Not recorded"


def overview_sections(record: ClientRecord) -> list[Section]:
    c: Client = record.client
    consent = "Not recorded"
    if c.consent_given_on:
        consent = f"Given on {uk_date_long(c.consent_given_on)}: {c.consent_scope}"
        if c.consent_withdrawn_on:
            consent += f" (withdrawn on {uk_date_long(c.consent_withdrawn_on)})"
    language = c.preferred_language + (", needs an interpreter" if c.interpreter_needed else "")
    status = c.case_status.label + (f": {c.closed_reason}" if c.closed_reason else "")
    nxt = record.next_session
    known = f" (known as {c.preferred_name})" if c.preferred_name else ""
    fit_until = f" until {uk_date_long(c.fit_note_until)}" if c.fit_note_until else ""
    return [
        ("Who they are", [
            ("Full name", c.full_name + known),
            ("Date of birth", _date(c.date_of_birth)),
            ("Pronouns", c.pronouns or "Not recorded"),
            ("Phone", c.phone or "Not recorded"),
            ("Email", c.email or "Not recorded"),
            ("Postcode", c.postcode or "Not recorded"),
            ("NHS number", c.nhs_number or "Not recorded"),
            ("Language", language),
            ("Accessibility needs", c.accessibility_needs or "None recorded"),
        ]),
        ("Work and health", [
            ("Situation", c.employment_situation.label),
            ("Fit note", c.fit_note_status.label + fit_until),
            ("Health and barriers", c.health_barriers or "None recorded"),
        ]),
        ("Referral and consent", [
            ("Practice", record.practice.name if record.practice else "Not recorded"),
            ("Referred by",
             c.referral_source.label + (f" ({c.referrer})" if c.referrer else "")),
            ("Situation at referral", (c.employment_at_referral or c.employment_situation).label),
            ("Consent", consent),
            ("Case", status),
            ("Review on", _date(c.review_on)),
            ("Next session", uk_datetime(nxt.start) if nxt else "None booked"),
        ]),
    ]


class OverviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordOverview")
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(40)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.forms: list[QFormLayout] = []
        self.titles: list[QLabel] = []
        places = [(0, 0, 2), (0, 1, 1), (1, 1, 1)]  # row, column, row span
        for row, col, span in places:
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            title = heading("", 3)
            self.titles.append(title)
            column.addWidget(title)
            form = QFormLayout()
            form.setVerticalSpacing(8)
            form.setHorizontalSpacing(20)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            column.addLayout(form)
            column.addStretch(1)
            self.forms.append(form)
            self.grid.addWidget(box, row, col, span, 1)

    def show_record(self, record: ClientRecord) -> None:
        self.clear()
        sections = overview_sections(record)
        for form, label, (title, rows) in zip(self.forms, self.titles, sections, strict=True):
            label.setText(title)
            for label, value in rows:
                text = QLabel(value)
                text.setWordWrap(True)
                text.setTextFormat(Qt.TextFormat.PlainText)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                name = QLabel(label)
                name.setProperty("role", "term")
                form.addRow(name, text)

    def clear(self) -> None:
        for form in self.forms:
            while form.rowCount():
                form.removeRow(0)
