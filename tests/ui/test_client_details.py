"""Issue 12 item 5: fit note, preferred language (ISO 639 list, type-ahead, free text),
interpreter, pronouns and accessibility needs in New client and Edit details, validated."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit

from coachdesk.domain.enums import FitNoteStatus
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.languages import canonical_language, languages
from coachdesk.ui.actions import ActionId
from tests.factories import TODAY, make_client
from tests.ui.conftest import child, click, type_into, unlock, visible_texts


def test_language_list_is_iso_639_with_english_names() -> None:
    listed = {lang.code: lang.name for lang in languages()}
    assert len(listed) > 180
    for code, name in {"ar": "Arabic", "ur": "Urdu", "bn": "Bengali", "pa": "Punjabi",
                       "gu": "Gujarati", "pl": "Polish", "ro": "Romanian",
                       "syl": "Sylheti", "bfi": "British Sign Language"}.items():
        assert listed[code] == name
    assert canonical_language("  arabic ") == "Arabic"
    assert canonical_language("Panjabi") == "Punjabi"
    assert canonical_language("Mirpuri") == "Mirpuri"  # free text is kept


@pytest.mark.parametrize(("changes", "field"), [
    ({"preferred_language": "12345"}, "preferred_language"),
    ({"pronouns": "x" * 31}, "pronouns"),
    ({"accessibility_needs": "x" * 501}, "accessibility_needs"),
    ({"fit_note_until": TODAY + timedelta(days=30)}, "fit_note_until"),  # no fit note
    ({"fit_note_status": FitNoteStatus.NOT_FIT, "fit_note_until": date(2026, 1, 5)},
     "fit_note_until"),  # ended: should be Expired
    ({"fit_note_status": FitNoteStatus.MAY_BE_FIT, "fit_note_until": date(2062, 1, 5)},
     "fit_note_until"),  # a mistyped year
])
def test_details_are_validated(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_client("p1", **changes).normalised().validate(TODAY)
    assert field in error.value.problems


def test_new_client_and_edit_details_take_language_fit_note_and_needs(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    type_into(window, "field_given_name", "Yasmin")
    type_into(window, "field_family_name", "Al-Sayed")
    type_into(window, "field_date_of_birth", "03/07/1979")
    type_into(window, "field_consent_scope", "Share with the GP practice")
    language = child(window, QLineEdit, "field_preferred_language")
    assert language.completer() is not None
    qtbot.keyClicks(language, "arab")
    completer = language.completer()
    assert "Arabic" in [completer.completionModel().index(r, 0).data()
                        for r in range(completer.completionCount())]
    language.setText("arabic")
    child(window, QCheckBox, "field_interpreter_needed").setChecked(True)
    type_into(window, "field_pronouns", "she/her")
    type_into(window, "field_accessibility_needs", "Ground-floor room, please.")
    status = child(window, QComboBox, "field_fit_note_status")
    status.setCurrentIndex(status.findData(FitNoteStatus.NONE.value))
    type_into(window, "field_fit_note_until", "05/01/2027")
    click(window, "saveClient")
    assert window.page_name() == "new_client"  # an end date with no fit note
    assert "no fit note" in child(window, QLabel, "error_fit_note_until").text()
    assert language.text() == "arabic"  # nothing typed is lost
    status.setCurrentIndex(status.findData(FitNoteStatus.NOT_FIT.value))
    click(window, "saveClient")
    assert window.page_name() == "record"
    shown = "\n".join(visible_texts(window.record))
    assert "Arabic, needs an interpreter" in shown
    assert "she/her" in shown and "Ground-floor room" in shown
    assert "5 Jan 2027" in shown

    click(window, "recordEdit")
    assert window.page_name() == "new_client"
    assert child(window, QLineEdit, "field_preferred_language").text() == "Arabic"
    assert child(window, QCheckBox, "field_interpreter_needed").isChecked()
    assert child(window, QComboBox, "field_fit_note_status").currentData() == "not_fit"
    assert child(window, QLineEdit, "field_fit_note_until").text() == "05/01/2027"
    child(window, QCheckBox, "field_interpreter_needed").setChecked(False)
    type_into(window, "field_preferred_language", "Sylheti")
    click(window, "saveClient")
    assert window.page_name() == "record"
    shown = "\n".join(visible_texts(window.record))
    assert "Sylheti" in shown and "needs an interpreter" not in shown
