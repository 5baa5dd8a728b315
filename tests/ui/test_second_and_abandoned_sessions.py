"""Issue 12 item 3: a second session on a slot is asked about; a session started by mistake
can be abandoned (nothing recorded but an audit line; the typed note kept as a draft)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton

from coachdesk.domain import Appointment, CaseNote
from coachdesk.domain.enums import AppointmentState
from coachdesk.services import sessions
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, child, click, make_window, unlock

TYPED = "Client wants to talk about hours at the warehouse."


def _book(app_paths: Any, seeded: Any, clocks: Any) -> str:
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    appointment = sessions.book_session(store, seeded.client.id, clocks.wall)
    store.vault.close()
    return appointment.id


def _look(window: Any, fn: Any) -> Any:
    out: list[Any] = []
    window.ctx.worker.submit(lambda desk: fn(desk._store), out.append)
    return out[0]


def test_enter_on_an_attended_slot_asks_before_a_second_session(seeded, app_paths, clocks,
                                                                qtbot):  # type: ignore[no-untyped-def]
    appointment_id = _book(app_paths, seeded, clocks)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    clinic = window.today.clinic
    qtbot.keyClick(clinic, Qt.Key.Key_Return)
    assert window.page_name() == "session"
    window.registry.trigger(ActionId.END_SESSION)
    click(window, "afterDone")
    window.registry.trigger(ActionId.TODAY)
    assert clinic.item(0, 3).text() == "Attended"

    qtbot.keyClick(clinic, Qt.Key.Key_Return)  # Enter again on the same slot
    question = window.today.question
    assert isinstance(question, QMessageBox) and question.isVisible()
    assert seeded.client.display_name in question.text() and "attended" in question.text()
    assert window.page_name() == "today"  # nothing started yet
    child(question, QPushButton, "secondSessionCancel").click()
    QApplication.processEvents()
    assert window.page_name() == "today" and not window.session.active

    qtbot.keyClick(clinic, Qt.Key.Key_Return)
    child(window.today.question, QPushButton, "secondSessionStart").click()
    QApplication.processEvents()
    assert window.page_name() == "session" and window.session.active
    assert window.session.place.appointment_id != appointment_id  # a separate session
    window.close()


def test_abandon_records_nothing_but_an_audit_line_and_keeps_the_note(seeded, app_paths,
                                                                      clocks, qtbot):  # type: ignore[no-untyped-def]
    appointment_id = _book(app_paths, seeded, clocks)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    qtbot.keyClick(window.today.clinic, Qt.Key.Key_Return)
    child(window, QPlainTextEdit, "sessionNote").setPlainText(TYPED)
    clocks.advance(3)
    window.registry.trigger(ActionId.ABANDON_SESSION)
    assert not window.session.active
    assert window.page_name() == "record"
    assert "abandoned" in window.statusBar().currentMessage()
    saved = _look(window, lambda s: s.repo(Appointment).require(appointment_id))
    assert saved.state is AppointmentState.BOOKED and not saved.arrived
    assert _look(window, lambda s: s.repo(CaseNote).find_by("client_id", seeded.client.id)) == []
    last = _look(window, lambda s: s.audit.events(entity_id=appointment_id))[-1]
    assert "abandoned" in last.detail

    # a restart does not reopen the abandoned session by itself...
    window.close()
    again = make_window(app_paths, clocks, qtbot)
    unlock(again)
    assert again.page_name() == "today" and not again.session.active
    # ...but the note is back when the client's session starts
    qtbot.keyClick(again.today.clinic, Qt.Key.Key_Return)
    assert child(again, QPlainTextEdit, "sessionNote").toPlainText() == TYPED
    assert again.session.place.appointment_id == appointment_id
    again.close()


def test_countdown_continues_from_the_real_start_after_a_restart(seeded, app_paths, clocks,
                                                                 qtbot):  # type: ignore[no-untyped-def]
    """Issue 12 item 17: closed mid-session (power cut), reopened: the countdown goes on."""
    first = make_window(app_paths, clocks, qtbot)
    unlock(first)
    first.start_session(seeded.client.id, None)
    child(first, QPlainTextEdit, "sessionNote").setPlainText(TYPED)
    first.session.save_draft()
    clocks.advance(12)
    desk = first.ctx.worker._desk
    first.ctx.worker._desk = None
    desk._store.vault.close()
    first.closeEvent = lambda event: event.accept()
    first.hide()

    second = make_window(app_paths, clocks, qtbot)
    unlock(second)
    assert second.page_name() == "session"
    second.session.countdown.tick()
    assert second.session.countdown.text() == "18:00 left"
    assert second.session.place.started == clocks.wall - timedelta(minutes=12)
    second.close()
