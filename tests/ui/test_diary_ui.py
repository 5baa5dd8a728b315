"""Issue 16 through the real window: the Diary's week and day views by keyboard, booking a
free slot by type-ahead, double booking refused with the next free slots offered, move,
cancel with a reason, did not attend; clinic days; booking from Today and the Clinic menu;
the next session defaulting to the same slot two weeks on."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QPushButton

from coachdesk.domain import Appointment, Client, ClinicClosure, ClinicPattern
from coachdesk.domain.clinicdays import Cadence
from coachdesk.domain.enums import AppointmentState, AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import UK
from coachdesk.services import clinicdays, diary
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.ui.conftest import child, click, make_window, type_into, unlock

MONDAY = TODAY  # 23 Nov 2026
TUESDAY = date(2026, 11, 24)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=UK)


@pytest.fixture
def planned(seeded, app_paths):  # type: ignore[no-untyped-def]
    """Tuesday mornings at Oakwood Lane; Priya booked 09:30 this Tuesday; Tom unbooked."""
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        clinicdays.save_pattern(store, ClinicPattern(
            id=new_id(), practice_id=seeded.practice.id, cadence=Cadence.WEEKLY, weekday=1,
            first_on=date(2026, 11, 3), start_time="09:00", end_time="11:00", room="Room 4"))
        priya = make_client(seeded.practice.id, given_name="Priya", family_name="Shah",
                            nhs_number="")
        tom = make_client(seeded.practice.id, given_name="Tom", family_name="Hughes",
                          nhs_number="")
        store.repo(Client).add(priya)
        store.repo(Client).add(tom)
        diary.book(store, priya.id, at(TUESDAY, 9, 30))
    finally:
        store.vault.close()
    return seeded, priya, tom


@pytest.fixture
def win(planned, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.activateWindow()
    yield window
    window.close()


def grid_texts(window) -> list[list[str]]:  # type: ignore[no-untyped-def]
    g = window.diary.grid
    return [[(g.item(r, c).text() if g.item(r, c) else "") for r in range(g.rowCount())]
            for c in range(g.columnCount())]


def key(window, k, mods=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(window.diary.grid, k, mods)
    QApplication.processEvents()


def select(window, day_col: int, row: int) -> None:  # type: ignore[no-untyped-def]
    window.diary.grid.setCurrentCell(row, day_col)


def in_vault(win, app_paths, check):  # type: ignore[no-untyped-def]
    """Lock the window, look in the vault itself, unlock again."""
    win.registry.trigger(ActionId.LOCK)
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        result = check(store)
    finally:
        store.vault.close()
    unlock(win)
    return result


def test_the_week_shows_states_in_words_and_moves_by_keyboard(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    win.registry.trigger(ActionId.DIARY)
    assert win.page_name() == "diary"
    qtbot.waitUntil(win.diary.grid.hasFocus, timeout=2000)
    assert child(win, QLabel, "diaryRange").text() == "Week of 23 Nov 2026 to 29 Nov 2026"
    header = win.diary.grid.horizontalHeaderItem(0).text()
    assert header == "Mon 23 Nov (today)"
    tuesday = grid_texts(win)[1]
    assert tuesday[0].startswith("09:00–09:30  Free") and "Room 4" in tuesday[0]
    assert tuesday[1].startswith("09:30–10:00  Booked") and "Priya Shah" in tuesday[1]
    assert len([t for t in tuesday if t]) == 4
    select(win, 1, 0)
    key(win, Qt.Key.Key_Down)
    assert win.diary.selected().client_name == "Priya Shah"
    assert win.current_client_id() == win.diary.selected().client_id
    key(win, Qt.Key.Key_PageDown)
    assert "30 Nov 2026" in child(win, QLabel, "diaryRange").text()
    key(win, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert "7 Dec 2026" in child(win, QLabel, "diaryRange").text()
    key(win, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    key(win, Qt.Key.Key_PageUp)
    key(win, Qt.Key.Key_PageUp)
    assert "16 Nov 2026" in child(win, QLabel, "diaryRange").text()
    key(win, Qt.Key.Key_T)
    assert "23 Nov 2026" in child(win, QLabel, "diaryRange").text()
    assert win.diary.grid.currentColumn() == 0  # today's column
    select(win, 1, 1)
    key(win, Qt.Key.Key_D)  # day view of the chosen day
    assert child(win, QLabel, "diaryRange").text() == "Tuesday 24 Nov 2026"
    assert win.diary.grid.columnCount() == 1
    key(win, Qt.Key.Key_PageDown)
    assert child(win, QLabel, "diaryRange").text() == "Wednesday 25 Nov 2026"
    key(win, Qt.Key.Key_D)
    assert "Week of 23 Nov 2026" in child(win, QLabel, "diaryRange").text()


def test_enter_on_a_free_slot_books_by_type_ahead_and_a_clash_is_refused(  # type: ignore[no-untyped-def]
        win, planned, app_paths, qtbot) -> None:
    _seeded, _priya, _tom = planned
    win.registry.trigger(ActionId.DIARY)
    select(win, 1, 0)  # Tuesday 09:00, free
    key(win, Qt.Key.Key_Return)
    dialog = win.diary.dialog
    assert dialog.isVisible() and dialog.objectName() == "bookDialog"
    dialog.activateWindow()
    name = child(dialog, QLineEdit, "field_book_client")
    qtbot.waitUntil(name.hasFocus, timeout=2000)
    assert child(dialog, QLineEdit, "field_slot_time").text() == "09:00"
    name.setText("hugh")  # any part of the name, any case
    dialog.submit()
    assert not dialog.isVisible()
    assert "Tom Hughes is booked for Tue 24 Nov 2026, 09:00" in win.statusBar().currentMessage()
    assert grid_texts(win)[1][0].startswith("09:00–09:30  Booked")
    # now book Zoë on top of Priya's 09:30 from the Clinic menu: refused, slots offered
    win.registry.trigger(ActionId.BOOK_SESSION)
    dialog = win.diary.dialog
    child(dialog, QLineEdit, "field_book_client").setText("Zoë")
    type_into(dialog, "field_slot_date", "24/11/2026")
    type_into(dialog, "field_slot_time", "09:45")
    dialog.submit()
    assert dialog.isVisible()
    message = child(dialog, QLabel, "slotMessage")
    assert "Priya Shah is already booked Tue 24 Nov 2026, 09:30 to 10:00" in message.text()
    offers = child(dialog, QListWidget, "slotOffers")
    oak = " at Oakwood Lane Medical Practice"
    assert [offers.item(i).text() for i in range(offers.count())] == [
        "Tue 24 Nov 2026, 10:00" + oak, "Tue 24 Nov 2026, 10:30" + oak,
        "Tue 1 Dec 2026, 09:00" + oak]
    # readable: four rows tall at least, and the whole message shown
    assert offers.height() >= 4 * offers.sizeHintForRow(0)
    assert message.height() >= message.heightForWidth(message.width())
    assert dialog.height() >= dialog.layout().minimumSize().height()
    qtbot.waitUntil(offers.hasFocus, timeout=2000)
    QTest.keyClick(offers, Qt.Key.Key_Return)  # the first free slot
    QApplication.processEvents()
    assert not dialog.isVisible()
    def check(store):  # type: ignore[no-untyped-def]
        booked = [a for a in store.repo(Appointment).all() if a.state is AppointmentState.BOOKED]
        assert sorted(a.start.astimezone(UK).strftime("%H:%M") for a in booked) == [
            "09:00", "09:30", "10:00"]
    in_vault(win, app_paths, check)


def test_move_cancel_with_a_reason_and_did_not_attend(win, planned, app_paths, clocks) -> None:  # type: ignore[no-untyped-def]
    _seeded, priya, _tom = planned
    win.registry.trigger(ActionId.DIARY)
    select(win, 1, 1)  # Priya 09:30
    key(win, Qt.Key.Key_M)
    move = win.diary.dialog
    assert move.objectName() == "moveDialog"
    type_into(move, "field_slot_time", "10:30")
    move.submit()
    assert not move.isVisible()
    tuesday = grid_texts(win)[1]
    assert tuesday[1].startswith("09:30–10:00  Free") and "Priya" in tuesday[3]
    win.diary.grid.setCurrentCell(3, 1)
    key(win, Qt.Key.Key_C)
    cancel = win.diary.dialog
    click(cancel, "cancelConfirm")  # no reason: refused in plain words
    assert "Say why" in child(cancel, QLabel, "error_cancel_reason").text()
    type_into(cancel, "field_cancel_reason", "Client asked to rearrange")
    click(cancel, "cancelConfirm")
    assert not cancel.isVisible()
    texts = grid_texts(win)[1]
    assert any(t.startswith("10:30–11:00  Cancelled (Client asked to rearrange)")
               for t in texts)
    assert any(t.startswith("10:30–11:00  Free") for t in texts)  # the slot is free again
    def check(store):  # type: ignore[no-untyped-def]
        a = store.repo(Appointment).find_by("client_id", priya.id)[0]
        assert a.state is AppointmentState.CANCELLED
        assert a.cancelled_reason == "Client asked to rearrange"
        assert [e.action for e in store.audit.events(a.id)][-2:] == [AuditAction.CHANGE] * 2
        return diary.book(store, priya.id, at(TUESDAY, 9, 0))
    again = in_vault(win, app_paths, check)
    assert win.page_name() == "diary"  # back where the coach was
    win.diary.open()
    select(win, 1, 0)
    assert win.diary.selected().appointment.id == again.id
    key(win, Qt.Key.Key_N)  # 24 Nov 09:00 is still to come (the clock says 23 Nov)
    assert "still to come" in win.statusBar().currentMessage()
    assert grid_texts(win)[1][0].startswith("09:00–09:30  Booked")
    clocks.wall = datetime(2026, 11, 24, 9, 20, tzinfo=UTC)
    key(win, Qt.Key.Key_N)
    question = win.diary.dialog
    assert question.objectName() == "dnaQuestion" and "Priya Shah" in question.text()
    click(question, "dnaNo")  # asked first: nothing changes
    assert grid_texts(win)[1][0].startswith("09:00–09:30  Booked")
    key(win, Qt.Key.Key_N)
    click(win.diary.dialog, "dnaYes")
    assert grid_texts(win)[1][0].startswith("09:00–09:30  Did not attend")


def test_enter_on_a_booked_slot_opens_the_record(win, planned) -> None:  # type: ignore[no-untyped-def]
    win.registry.trigger(ActionId.DIARY)
    select(win, 1, 1)
    key(win, Qt.Key.Key_Return)
    assert win.page_name() == "record" and win.record.client_id == planned[1].id


def test_clinic_days_screen_adds_edits_and_removes_by_keyboard(win, planned,  # type: ignore[no-untyped-def]
                                                               app_paths) -> None:
    win.registry.trigger(ActionId.CLINIC_DAYS)
    dialog = win.clinic_days_dialog
    patterns = child(dialog, QListWidget, "clinicDaysPatterns")
    assert [patterns.item(i).text() for i in range(patterns.count())] == [
        "Every Tuesday, 09:00 to 11:00, Room 4"]
    assert "25 Dec 2026 Christmas Day" in child(dialog, QLabel,
                                                "clinicDaysBankHolidays").text()
    dialog.cadence.editor.setCurrentIndex(2)  # once a month
    dialog.weekday.editor.setCurrentIndex(3)  # Thursday
    dialog.week.editor.setCurrentIndex(1)  # 2nd
    type_into(dialog, "field_cd_start", "13:00")
    type_into(dialog, "field_cd_end", "12:00")
    QTest.keyClick(child(dialog, QLineEdit, "field_cd_end"), Qt.Key.Key_Return)
    assert "end after it starts" in child(dialog, QLabel, "error_cd_end").text()
    assert patterns.count() == 1  # nothing saved
    type_into(dialog, "field_cd_end", "15:00")
    QTest.keyClick(child(dialog, QLineEdit, "field_cd_end"), Qt.Key.Key_Return)
    assert [patterns.item(i).text() for i in range(patterns.count())] == [
        "Every Tuesday, 09:00 to 11:00, Room 4",
        "2nd Thursday of the month, 13:00 to 15:00"]
    assert patterns.currentRow() == 1  # the new clinic is chosen, so Save works
    assert child(dialog, QPushButton, "clinicDaysSave").isEnabled()
    # a clinic overlapping another is refused, naming the clash
    dialog.cadence.editor.setCurrentIndex(0)
    dialog.weekday.editor.setCurrentIndex(1)
    type_into(dialog, "field_cd_start", "10:00")
    type_into(dialog, "field_cd_end", "12:00")
    click(dialog, "clinicDaysAdd")
    assert "overlaps your clinic at Oakwood Lane Medical Practice (Every Tuesday, 09:00 " \
           "to 11:00, Room 4)" in child(dialog, QLabel, "error_cd_start").text()
    assert patterns.count() == 2
    patterns.setCurrentRow(0)
    type_into(dialog, "field_cd_room", "Room 7")
    click(dialog, "clinicDaysSave")
    assert patterns.item(0).text() == "Every Tuesday, 09:00 to 11:00, Room 7"
    patterns.setCurrentRow(1)
    click(dialog, "clinicDaysRemove")  # asks first
    click(dialog.question, "clinicDaysRemoveNo")
    assert patterns.count() == 2
    click(dialog, "clinicDaysRemove")
    assert "2nd Thursday of the month" in dialog.question.text()
    click(dialog.question, "clinicDaysRemoveYes")
    assert patterns.count() == 1
    type_into(dialog, "field_off_from", "01/12/2026")
    type_into(dialog, "field_off_reason", "Annual leave")
    QTest.keyClick(child(dialog, QLineEdit, "field_off_reason"), Qt.Key.Key_Return)
    closures = child(dialog, QListWidget, "clinicDaysClosures")
    assert closures.item(0).text() == "1 Dec 2026: Annual leave (every practice)"
    dialog.accept()
    win.registry.trigger(ActionId.DIARY)
    key(win, Qt.Key.Key_PageDown)
    assert grid_texts(win)[1][0] == "Closed: Annual leave\nOakwood Lane Medical Practice"
    def check(store):  # type: ignore[no-untyped-def]
        kinds = {c.entity for p in store.repo(ClinicPattern).all()
                 for c in store.journal.for_entity(p.id)}
        assert kinds == {"clinic_pattern"}
        assert store.repo(ClinicClosure).count() == 1
    in_vault(win, app_paths, check)


def test_book_a_session_from_today_and_the_checklist_opens_clinic_days(win) -> None:  # type: ignore[no-untyped-def]
    win.registry.trigger(ActionId.TODAY)
    assert child(win, type(win.today.book_button), "todayBook").isVisible()
    click(win, "todayBook")
    dialog = win.diary.dialog
    assert dialog.isVisible() and dialog.objectName() == "bookDialog"
    # the next free slot is offered, not the clock time
    assert child(dialog, QLineEdit, "field_slot_date").text() == "24/11/2026"
    assert child(dialog, QLineEdit, "field_slot_time").text() == "09:00"
    dialog.reject()
    assert win.today.checklist.buttons["clinic_days"].text() == "Clinic days…"
    win.today.checklist.buttons["clinic_days"].click()
    assert win.clinic_days_dialog.isVisible()
    menu = [a.objectName() for a in win.registry.in_menu("Clinic")]
    assert {"action_book_session", "action_clinic_days", "action_print_poster"} <= set(menu)


def test_book_next_defaults_to_the_same_slot_two_weeks_on(win, planned, clocks) -> None:  # type: ignore[no-untyped-def]
    _seeded, priya, _tom = planned
    clocks.wall = datetime(2026, 11, 24, 9, 41, tzinfo=UTC)  # she arrived late
    win.registry.trigger(ActionId.DIARY)
    select(win, 1, 1)
    appointment = win.diary.selected().appointment
    win.start_session(priya.id, appointment.id)
    clocks.advance(25)
    win.registry.trigger(ActionId.END_SESSION)
    assert child(win, QLineEdit, "field_next_date").text() == "08/12/2026"
    assert child(win, QLineEdit, "field_next_time").text() == "09:30"  # the slot, not 10:06
    QTest.keyClick(child(win, QLineEdit, "field_next_date"), Qt.Key.Key_Return)  # as the button
    QApplication.processEvents()
    assert "booked" in child(win, QLabel, "afterSessionMessage").text()
    assert not child(win, QPushButton, "bookNext").isEnabled()


def test_poster_from_the_clinic_menu_opens_the_print_preview(win) -> None:  # type: ignore[no-untyped-def]
    win.registry.trigger(ActionId.PRINT_POSTER)
    click(win.poster_dialog, "posterA4")
    assert win.print_dialog.isVisible()
    assert "Poster for Oakwood Lane" in win.print_dialog.windowTitle()
    win.print_dialog.reject()


def test_the_diary_and_its_dialogs_fit_at_1024x700(win) -> None:  # type: ignore[no-untyped-def]
    from coachdesk.ui.app import BASE_POINT_SIZE, style_sheet
    from tests.ui.test_small_screen import SIZE, _problems

    app = QApplication.instance()
    sheet, font = app.styleSheet(), app.font()
    bigger = app.font()
    bigger.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(bigger)
    app.setStyleSheet(style_sheet(bigger.pointSizeF()))
    try:
        _fits(win, SIZE, _problems)
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)


def _fits(win, SIZE, _problems) -> None:  # type: ignore[no-untyped-def]
    win.resize(*SIZE)
    win.registry.trigger(ActionId.DIARY)
    problems = _problems(win, "diary")
    win.registry.trigger(ActionId.CLINIC_DAYS)
    dialog = win.clinic_days_dialog
    dialog.resize(min(dialog.width(), SIZE[0]), min(dialog.height(), SIZE[1]))
    assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1], dialog.size()
    problems += _problems(dialog, "clinic days", whole_height=True)
    dialog.reject()
    win.registry.trigger(ActionId.BOOK_SESSION)
    problems += _problems(win.diary.dialog, "book a session", whole_height=True)
    assert not problems, "\n".join(problems)


def test_book_next_into_a_taken_slot_shows_the_clash_in_the_window(win, planned,  # type: ignore[no-untyped-def]
                                                                  clocks) -> None:
    _seeded, _priya, tom = planned
    clocks.wall = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    win.start_session(tom.id, None)
    win.registry.trigger(ActionId.END_SESSION)
    type_into(win, "field_next_date", "24/11/2026")
    type_into(win, "field_next_time", "09:30")  # Priya's
    click(win, "bookNext")
    error = child(win, QLabel, "error_next_date").text()
    assert "Priya Shah is already booked" in error and "Next free:" in error
    assert "booked for" not in child(win, QLabel, "afterSessionMessage").text()


def test_locking_leaves_no_name_from_the_diary_on_screen(win) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import visible_texts

    win.registry.trigger(ActionId.DIARY)
    select(win, 1, 1)
    key(win, Qt.Key.Key_M)  # a dialog open with her name in it
    assert "Priya Shah" in "\n".join(visible_texts(win))
    win.registry.trigger(ActionId.LOCK)
    assert "Priya" not in "\n".join(visible_texts(win))
    assert not win.diary.dialog
    unlock(win)
    assert win.page_name() == "diary"


def test_cancelling_on_today_asks_why_and_keeps_the_reason(win, planned, app_paths,  # type: ignore[no-untyped-def]
                                                           clocks) -> None:
    from tests.ui.conftest import visible_texts

    clocks.wall = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    win.registry.trigger(ActionId.REFRESH)
    win.registry.trigger(ActionId.TODAY)
    win.today.clinic.setCurrentCell(0, 0)
    click(win, "todayCancelled")
    dialog = win.today.cancel_dialog
    click(dialog, "cancelConfirm")
    assert "Say why" in child(dialog, QLabel, "error_cancel_reason").text()
    win.registry.trigger(ActionId.LOCK)  # the open question goes with the lock
    assert "Priya" not in "\n".join(visible_texts(win))
    unlock(win)
    win.today.clinic.setCurrentCell(0, 0)
    click(win, "todayCancelled")
    type_into(win.today.cancel_dialog, "field_cancel_reason", "Practice closed: no heating")
    click(win.today.cancel_dialog, "cancelConfirm")
    assert win.today.clinic.item(0, 3).text() == "Cancelled"

    def check(store):  # type: ignore[no-untyped-def]
        a = store.repo(Appointment).find_by("client_id", planned[1].id)[0]
        assert a.cancelled_reason == "Practice closed: no heating"
    in_vault(win, app_paths, check)


def test_a_typed_time_is_booked_at_the_practice_whose_clinic_covers_it(  # type: ignore[no-untyped-def]
        win, planned, app_paths) -> None:
    from coachdesk.domain import Practice

    _seeded, _priya, tom = planned
    hare = Practice(id=new_id(), name="Harehills Corner Surgery")

    def afternoons(store):  # type: ignore[no-untyped-def]
        store.repo(Practice).add(hare)
        clinicdays.save_pattern(store, ClinicPattern(
            id=new_id(), practice_id=hare.id, cadence=Cadence.WEEKLY, weekday=1,
            first_on=date(2026, 11, 3), start_time="13:30", end_time="16:30",
            room="Meeting room"))
    in_vault(win, app_paths, afternoons)
    win.registry.trigger(ActionId.DIARY)
    select(win, 1, 0)  # Tuesday 09:00 at Oakwood, free: the dialog pre-fills it
    key(win, Qt.Key.Key_Return)
    dialog = win.diary.dialog
    where = child(dialog, QLabel, "slotWhere")
    assert "Oakwood" in where.text()
    child(dialog, QLineEdit, "field_book_client").setText("Tom")
    type_into(dialog, "field_slot_time", "14:30")
    dialog.look_up_practice()
    assert where.text().startswith("At Harehills Corner Surgery")
    type_into(dialog, "field_slot_time", "12:00")  # no clinic then: refused, not guessed
    dialog.look_up_practice()
    assert "None of your clinics is on" in where.text()
    dialog.submit()
    assert dialog.isVisible()
    assert "none of your clinics is on at Tue 24 Nov 2026, 12:00" in child(
        dialog, QLabel, "slotMessage").text()
    type_into(dialog, "field_slot_time", "14:30")
    dialog.submit()
    assert not dialog.isVisible()

    def check(store):  # type: ignore[no-untyped-def]
        a = store.repo(Appointment).find_by("client_id", tom.id)[0]
        assert a.practice_id == hare.id
        assert a.start.astimezone(UK).strftime("%H:%M") == "14:30"
    in_vault(win, app_paths, check)


def test_after_lock_and_unlock_the_diary_shows_the_same_week_and_slot(  # type: ignore[no-untyped-def]
        win, planned, qtbot) -> None:
    win.registry.trigger(ActionId.DIARY)
    key(win, Qt.Key.Key_PageDown)  # the week of 30 Nov
    select(win, 1, 2)  # Tuesday 1 Dec, 10:00
    before = win.diary.selected()
    assert before is not None and before.status == "free"
    win.registry.trigger(ActionId.LOCK)
    assert win.diary.grid.rowCount() == 0
    unlock(win)
    assert win.page_name() == "diary"
    assert child(win, QLabel, "diaryRange").text() == "Week of 30 Nov 2026 to 6 Dec 2026"
    assert win.diary.grid.horizontalHeaderItem(0).text().startswith("Mon 30 Nov")
    after = win.diary.selected()
    assert after is not None and (after.start, after.practice_id) == (
        before.start, before.practice_id)
    qtbot.waitUntil(win.diary.grid.hasFocus, timeout=2000)
    # the day view too
    key(win, Qt.Key.Key_D)
    win.registry.trigger(ActionId.LOCK)
    unlock(win)
    assert child(win, QLabel, "diaryRange").text() == "Tuesday 1 Dec 2026"
    assert win.diary.selected().start == before.start


def test_cancel_refuses_an_attended_session_before_asking_why_and_keeps_its_layout(  # type: ignore[no-untyped-def]
        win, planned, app_paths, clocks) -> None:
    from dataclasses import replace

    _seeded, priya, _tom = planned
    clocks.wall = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    win.registry.trigger(ActionId.REFRESH)
    win.registry.trigger(ActionId.TODAY)
    win.today.clinic.setCurrentCell(0, 0)
    click(win, "todayCancelled")
    dialog = win.today.cancel_dialog
    dialog.show()
    click(dialog, "cancelConfirm")  # no reason: the error shows and nothing overlaps
    QApplication.processEvents()
    error = child(dialog, QLabel, "error_cancel_reason")
    field = child(dialog, QLineEdit, "field_cancel_reason")
    assert error.isVisible() and "Say why" in error.text()
    top_left = field.mapTo(dialog, field.rect().topLeft())
    err_top = error.mapTo(dialog, error.rect().topLeft())
    assert field.height() >= field.sizeHint().height()
    assert not dialog.rect().intersected(error.geometry()).isEmpty()
    assert (err_top.y() >= top_left.y() + field.height()
            or err_top.y() + error.height() <= top_left.y())  # one under the other
    assert dialog.height() >= dialog.layout().minimumSize().height()
    dialog.reject()

    def attended(store):  # type: ignore[no-untyped-def]
        a = store.repo(Appointment).find_by("client_id", priya.id)[0]
        store.repo(Appointment).update(replace(a, state=AppointmentState.ATTENDED))
    in_vault(win, app_paths, attended)
    win.registry.trigger(ActionId.TODAY)
    win.today.clinic.setCurrentCell(0, 0)
    click(win, "todayCancelled")
    dialog = win.today.cancel_dialog
    refusal = child(dialog, QLabel, "cancelRefused")
    assert "already attended, so it cannot be cancelled" in refusal.text()
    assert not child(dialog, QLineEdit, "field_cancel_reason").isVisibleTo(dialog)
    assert not child(dialog, QPushButton, "cancelConfirm").isVisibleTo(dialog)


def test_book_dialog_tab_order_reads_name_date_time_practice(win) -> None:  # type: ignore[no-untyped-def]
    win.registry.trigger(ActionId.BOOK_SESSION)
    dialog = win.diary.dialog
    order, w = [], child(dialog, QLineEdit, "field_book_client")
    for _n in range(4):
        order.append(w.objectName())
        w = w.nextInFocusChain()
        while not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or not w.isVisibleTo(dialog):
            w = w.nextInFocusChain()
    assert order == ["field_book_client", "field_slot_date", "field_slot_time",
                     "field_book_practice"]


def test_the_diary_says_waiting_for_an_arrived_client_as_today_does(  # type: ignore[no-untyped-def]
        win, planned, clocks) -> None:
    clocks.wall = datetime(2026, 11, 24, 9, 25, tzinfo=UTC)
    win.registry.trigger(ActionId.REFRESH)
    win.registry.trigger(ActionId.TODAY)
    win.today.clinic.setCurrentCell(0, 0)
    click(win, "todayArrived")
    assert win.today.clinic.item(0, 3).text() == "Waiting"
    win.registry.trigger(ActionId.DIARY)
    cell = grid_texts(win)[1][1]
    assert cell.startswith("09:30–10:00  Waiting") and "Priya Shah" in cell
