"""A clinic run with the keyboard alone: real key events, shortcuts from the registry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from coachdesk.domain import Appointment, CaseNote
from coachdesk.domain.enums import AppointmentState
from coachdesk.services.appsession import unlock_profile
from coachdesk.services.sessions import book_session
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import child, make_window

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_run_a_clinic_slot_by_keyboard(seeded, app_paths, clocks, qtbot):
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    book_session(store, seeded.client.id, datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    window.activateWindow()
    qtbot.waitUntil(lambda: window._workspace)  # built just after the unlock screen shows
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    def keys(text: str) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), text)

    def key(k: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(QApplication.focusWidget(), k, mods)

    keys(PASSPHRASE)
    key(Qt.Key.Key_Return)
    assert window.page_name() == "today"
    assert QApplication.focusWidget() is window.today.clinic
    key(Qt.Key.Key_A, CTRL | SHIFT)  # arrived
    assert window.today.clinic.item(0, 3).text() == "Waiting"
    key(Qt.Key.Key_Return)  # start the session for the selected slot
    assert window.page_name() == "session"
    assert QApplication.focusWidget() is window.session.note
    keys("Talked about a phased return.")
    clocks.advance(20)
    key(Qt.Key.Key_E, CTRL | SHIFT)  # end session
    assert window.session.pages.currentWidget() is window.session.after
    key(Qt.Key.Key_Tab)  # date is filled in: on to the time, keep it, book
    key(Qt.Key.Key_Return)
    assert "booked" in child(window, QLabel, "afterSessionMessage").text()
    key(Qt.Key.Key_1, CTRL)
    assert window.page_name() == "today"
    key(Qt.Key.Key_L, CTRL)
    assert window.is_locked()
    window.close()

    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        notes = store.repo(CaseNote).find_by("client_id", seeded.client.id)
        assert [n.body for n in notes] == ["Talked about a phased return."]
        sessions = store.repo(Appointment).find_by("client_id", seeded.client.id,
                                                   order_by="start")
        assert [s.state for s in sessions] == [AppointmentState.ATTENDED,
                                               AppointmentState.BOOKED]
        assert sessions[1].start - sessions[0].start == timedelta(weeks=2)
    finally:
        store.vault.close()


def test_clinic_attendance_buttons(seeded, app_paths, clocks, qtbot):
    from tests.ui.conftest import click, type_into, unlock

    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    for hour in (9, 10):
        book_session(store, seeded.client.id, datetime(2026, 11, 23, hour, 0, tzinfo=UTC))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    clinic = window.today.clinic
    clinic.setCurrentCell(0, 0)
    click(window, "todayDna")
    clinic.setCurrentCell(1, 0)
    click(window, "todayCancelled")  # asks why (issue 16): a cancellation keeps its reason
    dialog = window.today.cancel_dialog
    type_into(dialog, "field_cancel_reason", "Client asked to rearrange")
    click(dialog, "cancelConfirm")
    assert [clinic.item(r, 3).text() for r in range(2)] == ["Did not attend", "Cancelled"]
    window.close()
