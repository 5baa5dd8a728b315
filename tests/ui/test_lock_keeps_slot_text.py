"""The review after the referral drafts: the Book and Move dialogs and the fit-note form still
lost what the coach had typed when the vault locked with them open. Each now keeps it in the
vault, as the referral form does, and gives it back to the same dialog for the same client
(or appointment) after unlock, once: saving works, and another client is offered nothing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from coachdesk.services import diary
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from coachdesk.ui.referrals import FIT_NOTES
from coachdesk.ui.widgets.lockdraft import RESTORED
from tests.factories import PASSPHRASE, TODAY
from tests.ui import test_diary_ui
from tests.ui.conftest import child, make_window, type_into, unlock, visible_texts

planned = test_diary_ui.planned  # Tuesday clinic 09:00-11:00, Priya at 09:30, Tom unbooked
TUESDAY, at, grid_texts = test_diary_ui.TUESDAY, test_diary_ui.at, test_diary_ui.grid_texts


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture
def win(planned, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    """The window, unlocked, with Tom booked Tuesday 10:00 too."""
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        diary.book(store, planned[2].id, at(TUESDAY, 10, 0))
    finally:
        store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.activateWindow()
    yield window
    window.close()


def _lock_and_unlock(window: Any, secret: str) -> None:
    window.registry.trigger(ActionId.LOCK)  # Ctrl+L, the idle lock's own path
    _settle()
    assert window.is_locked()
    assert secret not in " ".join(visible_texts(window))
    unlock(window)
    _settle()


def _restored(dialog: Any) -> bool:
    """The RESTORED words shown (the slot dialogs' label, or the fit-note form's)."""
    label = dialog.findChild(QLabel, "slotRestored") or dialog.findChild(QLabel,
                                                                         "fitNoteRestored")
    return label is not None and label.isVisible() and label.text() == RESTORED


def _book_for(window: Any, client_id: str) -> Any:
    window.open_client(client_id)
    _settle()
    window.registry.trigger(ActionId.BOOK_SESSION)
    _settle()
    return window.diary.dialog


def test_a_half_typed_booking_comes_back_for_that_client_once(win, planned) -> None:  # type: ignore[no-untyped-def]
    _seeded, priya, tom = planned
    dialog = _book_for(win, tom.id)
    assert dialog.objectName() == "bookDialog" and dialog.name_edit.text().startswith("Tom")
    assert not _restored(dialog)
    type_into(dialog, "field_slot_date", "24/11/2026")
    type_into(dialog, "field_slot_time", "10:30")
    dialog.practice_box.setCurrentIndex(1)  # Oakwood Lane, chosen by hand
    _lock_and_unlock(win, "10:30")
    other = _book_for(win, priya.id)  # another client: nothing of Tom's offered
    assert other is not dialog and not _restored(other)
    assert child(other, QLineEdit, "field_slot_time").text() != "10:30"
    assert other.name_edit.text().startswith("Priya")
    other.reject()
    again = _book_for(win, tom.id)
    assert again is not dialog and _restored(again)
    assert again.name_edit.text().startswith("Tom")
    assert child(again, QLineEdit, "field_slot_date").text() == "24/11/2026"
    assert child(again, QLineEdit, "field_slot_time").text() == "10:30"
    assert again.practice_box.currentIndex() == 1
    again.submit()
    _settle()
    assert not again.isVisible()
    assert "Tom Hughes is booked for Tue 24 Nov 2026, 10:30" in win.statusBar().currentMessage()
    third = _book_for(win, tom.id)  # given back once: the draft is gone from the vault
    assert not _restored(third)
    assert child(third, QLineEdit, "field_slot_time").text() != "10:30"
    third.reject()


def on_tuesday(window: Any, row: int, key: Qt.Key) -> Any:
    """The dialog a key opens on the Diary's Tuesday slot at `row` (M moves, C cancels)."""
    window.registry.trigger(ActionId.DIARY)
    _settle()
    window.diary.grid.setCurrentCell(row, 1)
    QTest.keyClick(window.diary.grid, key)
    _settle()
    return window.diary.dialog


def _move(window: Any, row: int) -> Any:
    return on_tuesday(window, row, Qt.Key.Key_M)


def test_a_half_typed_move_comes_back_for_that_appointment_once(win) -> None:  # type: ignore[no-untyped-def]
    move = _move(win, 1)
    assert grid_texts(win)[1][1].startswith("09:30–10:00  Booked")  # Priya; Tom at 10:00
    assert move.objectName() == "moveDialog" and not _restored(move)
    type_into(move, "field_slot_time", "10:30")
    _lock_and_unlock(win, "Priya")
    tom = _move(win, 2)  # Tom's session: Priya's move is not offered
    assert "Tom" in tom.windowTitle() and not _restored(tom)
    assert child(tom, QLineEdit, "field_slot_time").text() == "10:00"
    tom.reject()
    again = _move(win, 1)
    assert "Priya" in again.windowTitle() and _restored(again)
    assert child(again, QLineEdit, "field_slot_time").text() == "10:30"
    assert child(again, QLineEdit, "field_slot_date").text() == "24/11/2026"
    again.submit()
    _settle()
    assert not again.isVisible()
    assert "moved to Tue 24 Nov 2026, 10:30" in win.statusBar().currentMessage()
    moved = [n for n, t in enumerate(grid_texts(win)[1]) if t.startswith("10:30–11:00  Booked")]
    third = _move(win, moved[0])
    assert "Priya" in third.windowTitle() and not _restored(third)
    assert child(third, QLineEdit, "field_slot_time").text() == "10:30"
    third.reject()


def _fit_notes(window: Any, client_id: str) -> Any:
    window.open_client(client_id)
    _settle()
    window.registry[FIT_NOTES].trigger()
    _settle()
    return window.fit_notes_dialog


def test_a_half_typed_fit_note_comes_back_for_that_client_once(win, planned) -> None:  # type: ignore[no-untyped-def]
    _seeded, priya, tom = planned
    dialog = _fit_notes(win, tom.id)
    assert not _restored(dialog)
    dialog.starts.setText("13/11/2026")
    QTest.keyClicks(dialog.ends, "27/11/2026")
    QTest.keyClicks(dialog.since, "02/11/2026")
    dialog.assessment.setCurrentIndex(1)  # may be fit
    adjustment = next(iter(dialog.boxes))
    dialog.boxes[adjustment].setChecked(True)
    _lock_and_unlock(win, "27/11/2026")
    other = _fit_notes(win, priya.id)
    assert other is not dialog and not _restored(other)
    assert other.ends.text() == "" and other.assessment.currentIndex() == 0
    other.reject()
    again = _fit_notes(win, tom.id)
    assert again is not dialog and _restored(again)
    assert [w.text() for w in (again.starts, again.ends, again.since)] == [
        "13/11/2026", "27/11/2026", "02/11/2026"]
    assert again.assessment.currentIndex() == 1
    assert [a for a, box in again.boxes.items() if box.isChecked()] == [adjustment]
    again.add_button.click()
    _settle()
    assert again.message.text() == "Fit note added." and again.table.rowCount() == 1
    assert not _restored(again)
    again.accept()
    _settle()
    third = _fit_notes(win, tom.id)
    assert not _restored(third) and third.ends.text() == ""
    assert third.table.rowCount() == 1
    third.reject()


def test_an_untouched_slot_dialog_keeps_no_draft(win, planned) -> None:  # type: ignore[no-untyped-def]
    tom = planned[2]
    _book_for(win, tom.id)
    _lock_and_unlock(win, "Tom Hughes")
    assert not _restored(_book_for(win, tom.id))
