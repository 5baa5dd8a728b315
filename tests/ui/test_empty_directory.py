"""Issue 17 items 1, 17 and 18: a new coach's directory and crisis contacts."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QListWidget, QWidget

from coachdesk.services.directory import LocalDetails
from coachdesk.ui.actions import ActionId
from coachdesk.ui.directory.crisis import CrisisPanel
from tests.ui.conftest import child, click, type_into, unlock

GOOD = "kettle orbit meadow lantern"


def test_a_profile_made_in_the_window_has_crisis_contacts(window) -> None:  # type: ignore[no-untyped-def]
    type_into(window, "field_profile_name", "Sam Coach")
    type_into(window, "field_coach_name", "Sam Coach")
    type_into(window, "field_new_passphrase", GOOD)
    type_into(window, "field_confirm_passphrase", GOOD)
    click(window, "createProfile")
    child(window, QCheckBox, "recoveryConfirm").setChecked(True)
    click(window, "recoveryContinue")
    window.registry.trigger(ActionId.CRISIS_CONTACTS)
    QApplication.processEvents()
    panel = window.crisis_dialog.findChild(CrisisPanel)
    words = " ".join(w.text() for w in panel.findChildren(QLabel))
    assert "Samaritans" in words and "116 123" in words and "111" in words
    window.crisis_dialog.reject()
    window.registry.trigger(ActionId.DIRECTORY)
    assert "found" in child(window, QLabel, "directoryStatus").text()


def test_an_empty_directory_says_so_and_the_starter_set_can_be_loaded_again(
        seeded, window) -> None:  # type: ignore[no-untyped-def]
    unlock(window)  # this profile's directory was never filled
    window.registry.trigger(ActionId.DIRECTORY)
    status = child(window, QLabel, "directoryStatus")
    assert "directory is empty" in status.text() and "No services match" not in status.text()
    click(window, "directoryStarter")
    assert "services found" in status.text()
    assert "Starter services loaded" in window.statusBar().currentMessage()
    page = window._page_names["directory"]
    page._add_local(LocalDetails(name="Oakwood crisis café", phone="0113 496 0000"))
    message = window.statusBar().currentMessage()
    assert "added to your directory" in message and "team" not in message


def test_the_session_signpost_tab_with_an_empty_directory_offers_the_starter_set(
        seeded, window) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    window.start_session(seeded.client.id, None)
    empty = child(window, QWidget, "signpostEmpty")
    assert not empty.isHidden()
    assert not child(window, QWidget, "signpostOpenDirectory").isHidden()
    click(window, "signpostLoadStarter")
    assert empty.isHidden()
    results = child(window, QListWidget, "signpostResults")
    assert results.isEnabled()
    type_into(window, "field_signpost_search", "Samaritans")
    window.session.signpost.run_search()
    QApplication.processEvents()
    assert any("Samaritans" in results.item(i).text() for i in range(results.count()))
    window.session.end()


def test_a_new_profile_sees_the_getting_started_list_with_working_buttons(window) -> None:  # type: ignore[no-untyped-def]
    from coachdesk.ui.today.checklist import FirstRunChecklist

    type_into(window, "field_profile_name", "Sam Coach")
    type_into(window, "field_new_passphrase", GOOD)
    type_into(window, "field_confirm_passphrase", GOOD)
    click(window, "createProfile")
    child(window, QCheckBox, "recoveryConfirm").setChecked(True)
    click(window, "recoveryContinue")
    checklist = window.findChild(FirstRunChecklist, "firstRunChecklist")
    assert checklist.isVisible()
    words = " ".join(label.text() for label in checklist.labels.values())
    assert "practices" in words and "crisis contacts" in words and "sync" not in words
    click(window, "checklistButton_crisis")
    assert window.crisis_dialog.isVisible()
    window.crisis_dialog.reject()
    click(window, "checklistButton_contact")
    assert window.preferences_dialog.isVisible()
    window.preferences_dialog.reject()
    click(window, "checklistButton_practice")
    type_into(window, "field_new_practice", "Oakwood Lane Medical Practice")
    click(window, "todayPracticeSave")
    assert checklist.isHidden()


def test_preferences_keep_the_coachs_contact_details_in_the_vault_for_printouts(
        seeded, window, app_paths) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    from coachdesk.services.printouts import coach_contact

    unlock(window)
    window.registry.trigger(ActionId.PREFERENCES)
    dialog = window.preferences_dialog
    child(dialog, QLineEdit, "field_coach_email").setText("not an email")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()  # said why, kept what was typed
    assert "email" in child(dialog, QLabel, "error_coach_email").text()
    child(dialog, QLineEdit, "field_coach_phone").setText("0113 496 0000")
    child(dialog, QLineEdit, "field_coach_email").setText("sam.coach@example.org")
    child(dialog, QLineEdit, "field_coach_role").setText("Disability employment adviser")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    out: list = []
    window.ctx.worker.submit(lambda desk: coach_contact(desk._store), out.append)
    assert (out[0].phone, out[0].email, out[0].role) == (
        "0113 496 0000", "sam.coach@example.org", "Disability employment adviser")
    for written in app_paths.config_dir.rglob("*"):  # not in any plain settings file
        if written.is_file():
            assert b"496 0000" not in written.read_bytes()
    window.registry.trigger(ActionId.PREFERENCES)  # shown again next time
    assert child(window.preferences_dialog, QLineEdit, "field_coach_phone").text() == \
        "0113 496 0000"
    window.preferences_dialog.reject()
