"""The new-client form: duplicate warning before saving, consent required."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel

from coachdesk.ui.actions import ActionId
from tests.ui.conftest import child, click, type_into, unlock


def fill(window, given: str = "Zoe", family: str = "Okafor") -> None:  # type: ignore[no-untyped-def]
    type_into(window, "field_given_name", given)
    type_into(window, "field_family_name", family)
    type_into(window, "field_date_of_birth", "12/04/1988")
    type_into(window, "field_consent_scope", "Share with the GP practice")


def test_duplicate_warning_before_saving(seeded, window):
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    fill(window)
    click(window, "saveClient")
    warning = child(window, QFrame, "duplicateWarning")
    assert not warning.isHidden()
    text = child(window, QLabel, "duplicateText").text()
    assert "A client with this name and date of birth already exists" in text
    assert window.page_name() == "new_client"
    click(window, "openExisting")
    assert window.page_name() == "record"
    assert window.record.client_id == seeded.client.id


def test_save_as_a_different_person(seeded, window):
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    fill(window)
    click(window, "saveClient")
    click(window, "saveAnyway")
    assert window.page_name() == "record"
    assert window.record.client_id != seeded.client.id
    window.registry.trigger(ActionId.CASELOAD)
    assert window.caseload.model.rowCount() == 2


def test_field_errors_beside_fields(seeded, window):
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    fill(window, given="Kwame", family="Mensah")
    type_into(window, "field_date_of_birth", "31/02/1990")
    type_into(window, "field_nhs_number", "123")
    type_into(window, "field_consent_given_on", "")
    click(window, "saveClient")
    assert "not a date" in child(window, QLabel, "error_date_of_birth").text()
    assert "10 digits" in child(window, QLabel, "error_nhs_number").text()
    assert "consent" in child(window, QLabel, "error_consent_given_on").text()
    assert not child(window, QLabel, "newClientSummary").isHidden()
    assert window.page_name() == "new_client"
