"""The client record: amend a note (original kept), signpost in session, outcomes, audit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableWidget, QWidget

from coachdesk.domain import CaseNote, DirectoryService, OutcomeEvent, Signposting
from coachdesk.domain.enums import OutcomeKind, SignpostOutcome
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import unlock_profile
from coachdesk.services.notes import write_note
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import child, click, make_window, type_into, unlock


def _open_store(app_paths):  # type: ignore[no-untyped-def]
    return unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)


def test_amended_note_supersedes_and_keeps_the_original(seeded, app_paths, clocks, qtbot):
    store = _open_store(app_paths)
    write_note(store, seeded.client.id, "Client starts at the warehouse on Monday.")
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    click(window, "amendStart")
    type_into(window, "field_amend_body", "Client starts at the warehouse on Tuesday.")
    type_into(window, "field_amend_reason", "wrong day")
    click(window, "amendSave")
    text = window.record.timeline.toPlainText()
    assert "Superseded" in text
    assert "Monday" in text and "Tuesday" in text  # the original is still readable
    assert child(window, QComboBox, "field_amend_note").count() == 1  # only the latest
    window.close()
    store = _open_store(app_paths)
    try:
        notes = store.repo(CaseNote).find_by("client_id", seeded.client.id)
        assert len(notes) == 2 and sum(1 for n in notes if n.amends_id) == 1
    finally:
        store.vault.close()


def test_signpost_in_session_then_record_outcomes(seeded, app_paths, clocks, qtbot):
    store = _open_store(app_paths)
    service = DirectoryService(id=new_id(), name="Talking Therapies Leeds", phone="0113 843 4388")
    store.repo(DirectoryService).add(service)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.start_session(seeded.client.id, None)
    assert child(window, QWidget, "signpostEmpty").isHidden()
    type_into(window, "field_signpost_reason", "Low mood")
    type_into(window, "field_signpost_follow_up", "07/12/2026")
    click(window, "signpostSubmit")
    assert "Talking Therapies Leeds" in child(window, QLabel, "signpostedList").text()
    click(window, "endSession")
    click(window, "afterDone")

    table = child(window, QTableWidget, "recordSignposting")
    assert table.rowCount() == 1 and table.item(0, 1).text() == "Talking Therapies Leeds"
    outcome_box = child(window, QComboBox, "field_signpost_outcome")
    outcome_box.setCurrentIndex(
        outcome_box.findData(SignpostOutcome.ATTENDED.value))
    click(window, "signpostOutcomeSave")
    assert child(window, QTableWidget, "recordSignposting").item(0, 4).text().startswith(
        "Attended")

    kinds = child(window, QComboBox, "field_outcome_kind")
    kinds.setCurrentIndex(kinds.findData(OutcomeKind.STAYED_IN_WORK.value))
    type_into(window, "field_outcome_evidence", "Employer confirmed by phone")
    click(window, "outcomeSave")
    outcomes = child(window, QTableWidget, "recordOutcomes")
    assert outcomes.rowCount() == 1 and outcomes.item(0, 1).text() == "Stayed in work"
    audit = child(window, QTableWidget, "recordAudit")
    whats = {audit.item(r, 2).text() for r in range(audit.rowCount())}
    assert {"Create", "Change", "View"} <= whats
    window.close()
    store = _open_store(app_paths)
    try:
        assert store.repo(Signposting).all()[0].outcome is SignpostOutcome.ATTENDED
        assert store.repo(OutcomeEvent).all()[0].occurred_on == TODAY
    finally:
        store.vault.close()


def test_edit_details_then_close_and_reopen_the_case(seeded, window):
    unlock(window)
    window.open_client(seeded.client.id)
    click(window, "recordEdit")
    assert window.page_name() == "new_client"
    assert child(window, QLabel, "clientFormTitle").text() == "Edit details"
    assert child(window, QLineEdit, "field_family_name").text() == "Okafor"
    type_into(window, "field_preferred_name", "Zo")
    type_into(window, "field_postcode", "not a postcode")
    click(window, "saveClient")
    assert "postcode" in child(window, QLabel, "error_postcode").text()
    type_into(window, "field_postcode", "ls9 7zz")
    click(window, "saveClient")
    assert window.page_name() == "record"
    assert window.record.client_id == seeded.client.id
    assert child(window, QLabel, "recordTitle").text() == "Zo Okafor"

    click(window, "recordCloseCase")
    click(window, "recordCloseConfirm")
    assert "Say why" in child(window, QLabel, "error_close_reason").text()
    type_into(window, "field_close_reason", "Started work, no longer needs support")
    click(window, "recordCloseConfirm")
    assert "Closed" in child(window, QLabel, "recordSubtitle").text()
    click(window, "recordCloseCase")  # now "Reopen case"
    assert "Open" in child(window, QLabel, "recordSubtitle").text()


def test_book_a_session_from_the_record(seeded, window):
    unlock(window)
    window.open_client(seeded.client.id)
    click(window, "recordBook")
    type_into(window, "field_book_date", "30/11/2026")
    type_into(window, "field_book_time", "9.30")
    click(window, "bookSession")
    assert "14:30" in child(window, QLabel, "error_book_time").text()
    type_into(window, "field_book_time", "09:30")
    click(window, "bookSession")
    assert child(window, QLabel, "recordNotice").text() == \
        "Session booked for 30 Nov 2026, 09:30."
    assert "30 Nov 2026, 09:30" in window.record.timeline.toPlainText()


def test_reorder_plan_steps_by_keyboard_and_by_drag(seeded, app_paths, clocks, qtbot):
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QListWidget

    from coachdesk.services.plans import add_step, get_plan

    store = _open_store(app_paths)
    for text in ("First step", "Second step", "Third step"):
        add_step(store, seeded.client.id, text)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    window.record.tabs.setCurrentIndex(2)
    window.activateWindow()
    steps = child(window, QListWidget, "planSteps")
    steps.setFocus()
    qtbot.waitUntil(steps.hasFocus)
    steps.setCurrentRow(0)
    qtbot.keyClick(steps, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert steps.currentRow() == 1
    steps.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)  # what a drag and drop does
    qtbot.waitUntil(lambda: window.ctx.worker.is_busy is False and
                    steps.item(0).text().startswith("Third") and steps.currentRow() >= 0)
    qtbot.wait(20)  # the order is saved from a zero-delay timer after the drop
    window.close()
    store = _open_store(app_paths)
    try:
        order = [s.text for s in get_plan(store, seeded.client.id).steps]
        assert order == ["Third step", "Second step", "First step"]
    finally:
        store.vault.close()
