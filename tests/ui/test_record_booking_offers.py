"""Leftovers item 1: the record's Book row goes through the Book dialog's check, so a time
no clinic covers is refused in the same words, and it offers the same next free slots,
one Enter away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget

from coachdesk.domain import Appointment, ClinicPattern
from coachdesk.domain.clinicdays import Cadence
from coachdesk.domain.ids import new_id
from coachdesk.services import clinicdays
from tests.ui.conftest import child, click, make_window, type_into, unlock
from tests.ui.test_client_record import _open_store


def test_a_time_no_clinic_covers_is_refused_with_free_slots_to_choose(
        seeded, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    store = _open_store(app_paths)
    clinicdays.save_pattern(store, ClinicPattern(
        id=new_id(), practice_id=seeded.practice.id, cadence=Cadence.WEEKLY, weekday=1,
        first_on=date(2026, 11, 3), start_time="09:00", end_time="12:00", room="Room 4"))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    window.activateWindow()
    click(window, "recordBook")
    type_into(window, "field_book_date", "01/12/2026")  # a Tuesday
    type_into(window, "field_book_time", "14:00")
    click(window, "bookSession")
    error = child(window, QLabel, "error_booking").text()
    assert "none of your clinics is on at Tue 1 Dec 2026, 14:00" in error
    offers = child(window, QListWidget, "bookingOffers")
    assert offers.isVisible() and offers.count() == 3
    assert offers.item(0).text() == "Tue 8 Dec 2026, 09:00"  # the next Tuesday clinic
    assert QApplication.focusWidget() is offers  # the keyboard is on the first offer
    qtbot.keyClick(offers, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert child(window, QLabel, "recordNotice").text() == \
        "Session booked for 8 Dec 2026, 09:00."
    assert not offers.isVisible()
    window.close()
    store = _open_store(app_paths)
    try:
        [a] = store.repo(Appointment).all()
        assert a.practice_id == seeded.practice.id
    finally:
        store.vault.close()
