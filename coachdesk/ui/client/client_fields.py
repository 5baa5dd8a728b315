"""The fields of New client and Edit details, and a saved client's values for them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QLineEdit, QPlainTextEdit, QWidget

from coachdesk.domain import Client
from coachdesk.domain.enums import EmploymentSituation, FitNoteStatus, ReferralSource
from coachdesk.domain.languages import languages
from coachdesk.domain.timefmt import uk_date_short
from coachdesk.ui.widgets.fields import Field, UkDateEdit, combo_of

TEXT_FIELDS = [
    ("given_name", "Given name"), ("family_name", "Family name"),
    ("preferred_name", "Preferred name (optional)"), ("phone", "Phone (optional)"),
    ("email", "Email (optional)"), ("postcode", "Postcode (optional)"),
    ("nhs_number", "NHS number (optional)"), ("ni_number", "National Insurance number (optional)"),
    ("referrer", "Referrer's name (optional)"), ("consent_scope", "What the client agreed to"),
    ("pronouns", "Pronouns (optional)"), ("preferred_language", "Preferred language"),
]
DATE_FIELDS = [("date_of_birth", "Date of birth"), ("consent_given_on", "Consent given on"),
               ("fit_note_until", "Fit note ends on (optional)")]
PRONOUNS = ["she/her", "he/him", "they/them", "she/they", "he/they"]


def _type_ahead(parent: QWidget, field: Field, words: list[str], hint: str = "") -> None:
    """Suggestions as the coach types (any part of a name); free text is kept."""
    completer = QCompleter(words, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    editor = field.editor
    assert isinstance(editor, QLineEdit)
    editor.setCompleter(completer)
    if hint:
        editor.setToolTip(hint)
        editor.setPlaceholderText("English")


def _text_box(field: Field, height: int) -> Field:
    editor = field.editor
    assert isinstance(editor, QPlainTextEdit)
    editor.setTabChangesFocus(True)
    editor.setMaximumHeight(height)
    return field


def client_fields(parent: QWidget) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for name, label in TEXT_FIELDS:
        fields[name] = Field(name, label, QLineEdit())
    for name, label in DATE_FIELDS:
        fields[name] = Field(name, label, UkDateEdit(), "For example 23/11/1988."
                             if name == "date_of_birth" else "")
    fields["practice_id"] = Field("practice_id", "Practice", combo_of([]))
    fields["referral_source"] = Field("referral_source", "Referred by",
                                      combo_of(ReferralSource.choices()))
    fields["employment_situation"] = Field(
        "employment_situation", "Situation", combo_of(EmploymentSituation.choices()))
    fields["health_barriers"] = _text_box(Field(
        "health_barriers", "Health and barriers to work", QPlainTextEdit()), 90)
    fields["fit_note_status"] = Field("fit_note_status", "Fit note",
                                      combo_of(FitNoteStatus.choices()))
    fields["interpreter_needed"] = Field(
        "interpreter_needed", "Interpreter", QCheckBox("&Interpreter needed"))
    fields["accessibility_needs"] = _text_box(Field(
        "accessibility_needs", "Accessibility needs (optional)", QPlainTextEdit(),
        "For example: large print, step-free room, hearing loop, extra time."), 70)
    _type_ahead(parent, fields["preferred_language"], [lang.name for lang in languages()],
                "Type to choose from the list, or write the language as the client says it")
    _type_ahead(parent, fields["pronouns"], PRONOUNS)
    return fields


def values_of(client: Client) -> dict[str, str]:
    """The form's text for each field of a saved client."""
    values = {name: str(getattr(client, name) or "") for name, _label in TEXT_FIELDS}
    for name, _label in DATE_FIELDS:
        day = getattr(client, name)
        values[name] = uk_date_short(day) if day else ""
    values["referral_source"] = client.referral_source.value
    values["employment_situation"] = client.employment_situation.value
    values["health_barriers"] = client.health_barriers
    values["fit_note_status"] = client.fit_note_status.value
    values["interpreter_needed"] = "yes" if client.interpreter_needed else ""
    values["accessibility_needs"] = client.accessibility_needs
    return values
