"""Register a new client: messages beside the fields, a duplicate warning, consent."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain import Client, Practice
from coachdesk.domain.timefmt import uk_date_short
from coachdesk.services.desk import ClientForm
from coachdesk.services.drafts import CLIENT_FORM_DRAFT
from coachdesk.ui.client.client_fields import TEXT_FIELDS, client_fields, values_of
from coachdesk.ui.client.new_client_save import NewClientSaving
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import heading

DRAFT_KEY = CLIENT_FORM_DRAFT


class NewClientView(NewClientSaving, QWidget):
    saved = Signal(str)  # client id
    open_existing = Signal(str)
    cancelled = Signal(str)  # the client being edited, or "" for a new one

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newClientPage")
        self.ctx = ctx
        self.fields = client_fields(self)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        order = ["given_name", "family_name", "preferred_name", "date_of_birth", "practice_id",
                 "phone", "email", "postcode", "nhs_number", "ni_number", "referral_source",
                 "referrer", "employment_situation", "fit_note_status", "fit_note_until",
                 "preferred_language", "interpreter_needed", "pronouns"]
        self._order = [*order, "accessibility_needs", "health_barriers", "consent_given_on",
                       "consent_scope"]
        for i, name in enumerate(order):
            grid.addWidget(self.fields[name], i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["accessibility_needs"], 9, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["health_barriers"], 10, 0, 1, 2)
        consent = QGridLayout()
        consent.setHorizontalSpacing(24)
        consent.addWidget(self.fields["consent_given_on"], 0, 0)
        consent.addWidget(self.fields["consent_scope"], 0, 1)
        consent.setColumnStretch(1, 2)

        self.duplicate = QFrame()
        self.duplicate.setObjectName("duplicateWarning")
        self.duplicate.setProperty("role", "warning")
        self.duplicate_text = QLabel()
        self.duplicate_text.setObjectName("duplicateText")
        self.duplicate_text.setWordWrap(True)
        self.save_anyway = QPushButton("Save as a different person")
        self.save_anyway.setObjectName("saveAnyway")
        self.match_list = QListWidget()
        self.match_list.setObjectName("duplicateList")
        self.match_list.setAccessibleName("Records that may be this person")
        self.match_list.setMaximumHeight(110)
        self.match_list.itemActivated.connect(lambda _i: self._open_match())
        self.open_match = QPushButton("Open the chosen record")
        self.open_match.setObjectName("openExisting")
        dup_buttons = QHBoxLayout()
        dup_buttons.addWidget(self.open_match)
        dup_buttons.addWidget(self.save_anyway)
        dup_buttons.addStretch(1)
        dup_layout = QVBoxLayout(self.duplicate)
        dup_layout.addWidget(self.duplicate_text)
        dup_layout.addWidget(self.match_list)
        dup_layout.addLayout(dup_buttons)
        self.duplicate.hide()
        self._editing: Client | None = None
        self._referral = ""  # the referral the client is being made from
        self._allow_duplicate = False  # the coach already said: a new person

        self.summary = QLabel()
        self.summary.setObjectName("newClientSummary")
        self.summary.setProperty("role", "error")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.save_button = QPushButton("Save client")
        self.save_button.setObjectName("saveClient")
        self.save_button.setProperty("primary", True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelNewClient")
        buttons = QHBoxLayout()  # Save first: one Tab from the consent, the last field
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        inner = QWidget()
        inner.setObjectName("formBody")
        body = QVBoxLayout(inner)
        body.setSpacing(14)
        self.title = heading("New client", 1, "clientFormTitle")
        body.addWidget(self.title)
        body.addWidget(self.summary)
        body.addLayout(grid)
        body.addWidget(heading("Consent", 2))
        body.addLayout(consent)
        body.addWidget(self.duplicate)
        body.addLayout(buttons)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        self._scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        for name, field in self.fields.items():  # Enter in any line saves, as the button does
            if isinstance(field.editor, QLineEdit):
                field.editor.returnPressed.connect(lambda: self._save(False))
                field.editor.editingFinished.connect(lambda n=name: self._left(n))
                field.editor.textChanged.connect(lambda _t, n=name: self._typed(n))
        self.save_button.clicked.connect(lambda: self._save(False))
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        save = QShortcut(QKeySequence.StandardKey.Save, self, lambda: self._save(False))
        save.setContext(context)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        escape.setContext(context)
        self.save_anyway.clicked.connect(lambda: self._save(True))
        self.open_match.clicked.connect(self._open_match)
        self.cancel_button.clicked.connect(self._cancel)

    def start(self, restore_draft: bool = False, client_id: str | None = None,
              referral_id: str = "", new_person: bool = False) -> None:
        """An empty form (or, with `client_id`, the client's details to edit; with
        `referral_id`, the referral's details to complete) and the practice list; after an
        unlock, what was typed comes back from the encrypted draft."""
        self.clear()
        self.fields["consent_given_on"].editor.setText(uk_date_short(self.ctx.today()))  # type: ignore[attr-defined]
        today = self.ctx.today()
        if referral_id:
            self._referral, self._allow_duplicate = referral_id, new_person
            self.title.setText("New client from a referral")
            self.ctx.worker.submit(
                lambda d: (d.client_form(False, None, today),
                           d.referrals.client_from_referral(referral_id)),
                lambda found: self._from_referral(*found))
            return

        def loaded(form: ClientForm) -> None:  # a new client joins the clinic in progress
            self._loaded(form.practices, form.clinic_practice_id or "", form.draft, form.client)
        self.ctx.worker.submit(lambda d: d.client_form(restore_draft, client_id, today), loaded)
        self.fields["given_name"].editor.setFocus()

    def _loaded(self, practices: list[Practice], wanted: str, draft: dict[str, str],
                client: Client | None) -> None:
        box = self.fields["practice_id"].editor
        box.clear()  # type: ignore[attr-defined]
        for p in practices:
            box.addItem(p.name, p.id)  # type: ignore[attr-defined]
        if client is not None:
            self._editing = client
            self.title.setText("Edit details")
            self.save_button.setText("Save changes")
            wanted = client.practice_id or ""
            for name, value in values_of(client).items():
                self.fields[name].set_text(value)
        box.setCurrentIndex(max(0, box.findData(wanted)))  # type: ignore[attr-defined]
        for name, value in draft.items():
            if name in self.fields:
                self.fields[name].set_text(value)
        if draft.get("_referral"):  # the form was for a referral when the vault locked
            self._referral = draft["_referral"]
            self._allow_duplicate = draft.get("_new_person") == "yes"
            self.title.setText("New client from a referral")

    def _from_referral(self, form: ClientForm, client: Client) -> None:
        """The referral's details in the form; the practice only if the referral names one
        (else the coach chooses); what is missing is said beside its field, focus there."""
        self._loaded(form.practices, "", {}, None)
        consent_on = self.fields["consent_given_on"].text()
        for name, value in values_of(client).items():
            if value:
                self.fields[name].set_text(value)
        self.fields["consent_given_on"].set_text(consent_on)
        box = self.fields["practice_id"].editor
        box.setCurrentIndex(box.findData(client.practice_id or ""))  # type: ignore[attr-defined]
        problems = self._check()[1]
        self.show_problems(problems)
        self.summary.setText("Made from the referral: check the details and fill in what is "
                             "missing, then save." if problems else "Made from the referral: "
                             "check the details, then save.")
        self.summary.show()
        if not problems:
            self.save_button.setFocus()

    def drafts(self) -> dict[str, str]:
        """What is typed, to keep encrypted while the vault is locked."""
        values = {name: field.text() for name, field in self.fields.items()}
        if not any(values[name].strip() for name, _label in TEXT_FIELDS[:3]):
            return {}
        if self._editing is not None:
            values["_editing"] = self._editing.id
        if self._referral:
            values["_referral"] = self._referral
            values["_new_person"] = "yes" if self._allow_duplicate else ""
        return {DRAFT_KEY: json.dumps(values, ensure_ascii=False)}

    def _escape(self) -> None:
        """Escape leaves Edit details unchanged; a new client's form is kept (Cancel clears
        it), so nothing typed is lost to a stray key."""
        if self._editing is not None:
            self._cancel()

    def _cancel(self) -> None:
        client_id = self._editing.id if self._editing else ""
        self.clear()
        self.cancelled.emit(client_id)

    def clear(self) -> None:
        self._editing = None
        self._referral, self._allow_duplicate = "", False
        self.title.setText("New client")
        self.save_button.setText("Save client")
        for field in self.fields.values():
            field.clear()
        self.duplicate.hide()
        self.duplicate_text.clear()
        self.match_list.clear()
        self.summary.hide()
        self.summary.clear()
