"""A whole clinic journey through the real widgets on a real vault."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
)

from coachdesk.domain import Appointment, CaseNote, Client, PlanStep
from coachdesk.domain.enums import AppointmentState
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import child, click, type_into, unlock, visible_texts

NOTE = "What we discussed:\nPhased return to the warehouse, two short days to start."


def test_create_profile_add_client_session_lock_unlock(window, app_paths, clocks):
    # no profiles yet: the create page is shown
    assert window.unlock.stack.currentWidget() is window.unlock.create_page
    type_into(window, "field_profile_name", "Test Coach")
    type_into(window, "field_coach_name", "Sam Coach")
    type_into(window, "field_new_passphrase", PASSPHRASE)
    type_into(window, "field_confirm_passphrase", PASSPHRASE)
    assert child(window, QLabel, "createStrengthText").text().startswith("Strong")
    click(window, "createProfile")
    code = child(window, QLabel, "recoveryCode").text()
    assert len(code) > 10
    child(window, QCheckBox, "recoveryConfirm").setChecked(True)
    click(window, "recoveryContinue")
    assert window.root.currentWidget() is window.pages
    assert child(window, QLabel, "recoveryCode").text() == ""  # shown once

    # a client belongs to a practice (issue 17 item 16): add the first one on Today
    click(window, "todayAddPractice")
    type_into(window, "field_new_practice", "Oakwood Lane Medical Practice")
    click(window, "todayPracticeSave")

    # new client, with a validation error fixed on the way
    window.registry.trigger(ActionId.NEW_CLIENT)
    assert window.page_name() == "new_client"
    type_into(window, "field_given_name", "Zoë")
    type_into(window, "field_date_of_birth", "12/04/1988")
    type_into(window, "field_consent_scope", "Share with the GP practice")
    click(window, "saveClient")
    error = child(window, QLabel, "error_family_name")
    assert not error.isHidden() and "family name" in error.text()
    assert window.page_name() == "new_client"
    assert child(window, QLineEdit, "field_given_name").text() == "Zoë"  # nothing lost
    type_into(window, "field_family_name", "Okafor")
    click(window, "saveClient")
    assert window.page_name() == "record"
    assert child(window, QLabel, "recordTitle").text() == "Zoë Okafor"
    client_id = window.record.client_id

    # session: note, two plan steps, end, book next
    window.registry.trigger(ActionId.START_SESSION)
    assert window.page_name() == "session"
    assert child(window, QLabel, "sessionCountdown").text() == "30:00 left"
    click(window, "template_discussion")
    note = child(window, QPlainTextEdit, "sessionNote")
    note.setPlainText(NOTE)
    for text, due in (("Call the talking therapies service", "30/11/2026"),
                      ("Ask the employer for a return-to-work meeting", "")):
        type_into(window, "field_session_step_text", text)
        type_into(window, "field_session_step_due", due)
        click(window, "sessionStepSubmit")
    steps = child(window, QListWidget, "sessionSteps")
    assert steps.count() == 2
    clocks.advance(26)
    window.session.countdown.tick()
    assert window.session.countdown.property("state") == "warning"
    window.registry.trigger(ActionId.END_SESSION)
    assert window.session.pages.currentWidget() is window.session.after
    assert child(window, QLineEdit, "field_next_date").text() == "07/12/2026"
    type_into(window, "field_next_time", "10:30")
    click(window, "bookNext")
    assert "booked" in child(window, QLabel, "afterSessionMessage").text()
    click(window, "afterDone")
    assert window.page_name() == "record"

    # lock: nothing of the client left anywhere; unlock: back where we were
    window.registry.trigger(ActionId.LOCK)
    assert window.is_locked()
    texts = "\n".join(visible_texts(window))
    for secret in ("Okafor", "Zoë", "talking therapies", "warehouse"):
        assert secret not in texts
    unlock(window)
    assert window.page_name() == "record"
    assert window.record.client_id == client_id
    assert child(window, QLabel, "recordTitle").text() == "Zoë Okafor"
    assert "Phased return to the warehouse" in window.record.timeline.toPlainText()
    assert child(window, QListWidget, "planSteps").count() == 2
    window.close()

    # and the vault really holds it all
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        assert store.repo(Client).require(client_id).consent_given_on == TODAY
        notes = store.repo(CaseNote).find_by("client_id", client_id)
        assert [n.body for n in notes] == [NOTE]
        assert notes[0].tags == ["discussion"]
        sessions = store.repo(Appointment).find_by("client_id", client_id, order_by="start")
        assert [s.state for s in sessions] == [AppointmentState.ATTENDED,
                                               AppointmentState.BOOKED]
        steps = store.repo(PlanStep).find_by("client_id", client_id)
        assert len(steps) == 2
        assert store.drafts.keys() == []
    finally:
        store.vault.close()


def test_every_input_has_an_accessible_name(seeded, window):
    unlock(window)
    window.open_client(seeded.client.id)
    window.start_session(seeded.client.id, None)
    window.registry.trigger(ActionId.NEW_CLIENT)
    inputs = [w for cls in (QLineEdit, QPlainTextEdit, QComboBox, QListWidget)
              for w in window.findChildren(cls)
              if not isinstance(w.parent(), QComboBox | QAbstractSpinBox)]  # their own editors
    missing = [w.objectName() or type(w).__name__ for w in inputs if not w.accessibleName()]
    assert inputs and missing == []
