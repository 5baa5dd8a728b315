"""Leftovers item 2 in the window: after sync brings two PCs' overlapping bookings together,
the Diary and Today mark both "Double booked" in words (the other client named), say what
to do, and the coach moves or cancels one by keyboard; the marks then go."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from coachdesk.domain import Appointment
from coachdesk.services import diary
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY
from tests.store.remote_helpers import Hub, make_store
from tests.ui.conftest import child, make_window, type_into, unlock
from tests.ui.test_diary_ui import at, grid_texts, planned  # noqa: F401  (the fixture)

MONDAY = date(2026, 11, 23)  # the tests' today


def _double_book(seeded, tmp_path, app_paths) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """This PC books Priya 14:00; another PC, offline, books Tom 14:15; then both sync."""
    mine = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    other = make_store(tmp_path / "other-pc", "other-pc")  # its own PC, not a profile here
    hub = Hub()
    try:
        hub.push(mine)
        hub.pull(other)
        clients = {c.given_name: c for c in mine.repo(type(seeded.client)).all()}
        a = diary.book(mine, clients["Priya"].id, at(MONDAY, 14, 0))
        b = diary.book(other, clients["Tom"].id, at(MONDAY, 14, 15))
        hub.push(mine)
        hub.push(other)
        hub.pull(mine)  # the window's vault now holds both
        return a.id, b.id
    finally:
        mine.vault.close()
        other.vault.close()


def test_diary_and_today_mark_both_and_one_is_moved_by_keyboard(  # type: ignore[no-untyped-def]
        planned, tmp_path, app_paths, clocks, qtbot) -> None:  # noqa: F811
    seeded, _priya, _tom = planned
    _a, b = _double_book(seeded, tmp_path, app_paths)
    win = make_window(app_paths, clocks, qtbot)
    unlock(win)
    win.activateWindow()
    # Today: both rows say it in words, and a notice says what to do
    table = win.today.clinic
    rows = {table.item(r, 1).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert rows["Priya Shah"] == "Booked · Double booked with Tom Hughes"
    assert rows["Tom Hughes"] == "Booked · Double booked with Priya Shah"
    notice = child(win, QLabel, "todayDoubleBooked")
    assert notice.isVisible()
    assert "Double booked: 14:00 Priya Shah and 14:15 Tom Hughes overlap" in notice.text()
    # the Diary: both cells say it, the notice says how, S goes to one, M moves it
    win.registry.trigger(ActionId.DIARY)
    qtbot.waitUntil(win.diary.grid.hasFocus, timeout=2000)
    monday = grid_texts(win)[0]
    marked = [t for t in monday if "Double booked" in t]
    assert len(marked) == 2
    assert any("Priya Shah" in t and "Double booked with Tom Hughes" in t for t in marked)
    dnotice = child(win, QLabel, "diaryDoubleBooked")
    assert dnotice.isVisible() and "2 sessions are double booked" in dnotice.text()
    assert child(win, QPushButton, "diaryShowDouble").isVisible()
    QTest.keyClick(win.diary.grid, Qt.Key.Key_S)
    assert win.diary.selected().double_booked_with
    if win.diary.selected().appointment.id != b:
        QTest.keyClick(win.diary.grid, Qt.Key.Key_S)  # the next one
    assert win.diary.selected().appointment.id == b
    QTest.keyClick(win.diary.grid, Qt.Key.Key_M)
    QApplication.processEvents()
    type_into(win.diary.dialog, "field_slot_time", "15:00")
    QTest.keyClick(win.diary.dialog, Qt.Key.Key_Return)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not any("Double booked" in t for t in grid_texts(win)[0]),
                    timeout=3000)
    assert not dnotice.isVisible()
    win.registry.trigger(ActionId.TODAY)
    QApplication.processEvents()
    assert not child(win, QLabel, "todayDoubleBooked").isVisible()
    assert all("Double booked" not in table.item(r, 3).text()
               for r in range(table.rowCount()))
    win.close()
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        moved = store.repo(Appointment).require(b)
        assert moved.start == at(MONDAY, 15, 0)
    finally:
        store.vault.close()
