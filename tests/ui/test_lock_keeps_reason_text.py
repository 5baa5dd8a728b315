"""The same review, for the other dialogs a coach types into: a cancellation's reason and a
consent record's ticks, date and note are kept across a lock, per appointment or client,
and given back once; saving works and leaves no draft in the vault."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from coachdesk.domain.consent import ConsentScope
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from coachdesk.ui.governance import open_consent
from coachdesk.ui.widgets.lockdraft import RESTORED
from tests.factories import PASSPHRASE, TODAY
from tests.ui import test_lock_keeps_slot_text as slot
from tests.ui.conftest import child, click, unlock

planned, win = slot.planned, slot.win  # Priya booked Tuesday 09:30, Tom 10:00
settle, lock_and_unlock, grid_texts = slot._settle, slot._lock_and_unlock, slot.grid_texts


def _restored(dialog: Any, name: str) -> bool:
    label = dialog.findChild(QLabel, name)
    return label is not None and label.isVisible() and label.text() == RESTORED


def _drafts_in_vault(window: Any, app_paths: Any) -> list[str]:
    """Lock, read the vault's dialog drafts (their keys) from the vault itself, unlock."""
    window.registry.trigger(ActionId.LOCK)
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        kept = store.drafts.keys("dialog:")
    finally:
        store.vault.close()
    unlock(window)
    settle()
    return kept


def _cancel(window: Any, row: int) -> Any:
    return slot.on_tuesday(window, row, Qt.Key.Key_C)


def test_a_half_typed_cancellation_reason_comes_back_for_that_session_once(  # type: ignore[no-untyped-def]
        win, app_paths) -> None:
    dialog = _cancel(win, 1)  # Priya's 09:30
    assert dialog.objectName() == "cancelDialog" and not _restored(dialog, "cancelRestored")
    QTest.keyClicks(child(dialog, QLineEdit, "field_cancel_reason"), "Client has a hospital")
    lock_and_unlock(win, "hospital")
    tom = _cancel(win, 2)
    assert not _restored(tom, "cancelRestored")
    assert child(tom, QLineEdit, "field_cancel_reason").text() == ""
    tom.reject()
    again = _cancel(win, 1)
    assert again is not dialog and _restored(again, "cancelRestored")
    reason = child(again, QLineEdit, "field_cancel_reason")
    assert reason.text() == "Client has a hospital"
    reason.end(False)  # the test's worker fills it before the dialog shows: Qt selects it
    QTest.keyClicks(reason, " appointment")
    click(again, "cancelConfirm")
    settle()
    assert not again.isVisible()
    assert any(t.startswith("09:30–10:00  Cancelled (Client has a hospital appointment)")
               for t in grid_texts(win)[1])
    assert _drafts_in_vault(win, app_paths) == []


def _consent(window: Any, client_id: str) -> Any:
    window.open_client(client_id)
    settle()
    dialog = open_consent(window)
    settle()
    return dialog


def test_a_half_typed_consent_record_comes_back_for_that_client_once(  # type: ignore[no-untyped-def]
        win, planned, app_paths) -> None:
    _seeded, priya, tom = planned
    dialog = _consent(win, tom.id)
    assert not _restored(dialog, "consentRestored")
    scope = next(iter(ConsentScope))
    dialog.boxes[scope].setChecked(True)
    dialog.on.setText("20/11/2026")
    QTest.keyClicks(dialog.note, "Agreed on the phone with his sister present")
    lock_and_unlock(win, "his sister")
    other = _consent(win, priya.id)
    assert not _restored(other, "consentRestored") and other.note.text() == ""
    assert not any(b.isChecked() for b in other.boxes.values())
    other.reject()
    again = _consent(win, tom.id)
    assert again is not dialog and _restored(again, "consentRestored")
    assert again.note.text() == "Agreed on the phone with his sister present"
    assert again.on.text() == "20/11/2026"
    assert [s for s, b in again.boxes.items() if b.isChecked()] == [scope]
    click(again, "consentGive")
    settle()
    assert again.message.text() == "Consent given recorded."
    assert again.history.rowCount() >= 1 and not _restored(again, "consentRestored")
    again.reject()
    assert _drafts_in_vault(win, app_paths) == []


def _signpost(window: Any, client_id: str) -> Any:
    window.open_client(client_id)
    settle()
    window.ctx.worker.submit(lambda d: d.directory.load_starter())
    window.registry.trigger(ActionId.DIRECTORY)
    settle()
    panel = window.findChild(QWidget, "directoryPage").panel
    return panel.ask_signpost(panel.model.service(0))


def test_a_half_typed_signposting_reason_comes_back_for_that_client_once(  # type: ignore[no-untyped-def]
        win, planned, app_paths) -> None:
    _seeded, priya, tom = planned
    dialog = _signpost(win, tom.id)
    assert not _restored(dialog, "signpostRestored")
    QTest.keyClicks(dialog.reason, "Rent arrears since his hours were cut")
    dialog.follow_up.setDate(QDate(2026, 12, 21))
    lock_and_unlock(win, "Rent arrears")
    other = _signpost(win, priya.id)
    assert not _restored(other, "signpostRestored") and other.reason.toPlainText() == ""
    other.reject()
    again = _signpost(win, tom.id)
    assert again is not dialog and _restored(again, "signpostRestored")
    assert again.reason.toPlainText() == "Rent arrears since his hours were cut"
    assert again.follow_up.date() == QDate(2026, 12, 21)
    click(again, "signpostOk")
    settle()
    assert not again.isVisible()
    page = win.findChild(QWidget, "directoryPage")
    assert page.panel.status.text().startswith("Signposted to ")
    assert _drafts_in_vault(win, app_paths) == []


def _add_local(window: Any) -> Any:
    window.registry.trigger(ActionId.DIRECTORY)
    settle()
    return window.findChild(QWidget, "directoryPage").panel.ask_add_local()


def test_a_half_typed_local_service_comes_back_once(win, app_paths) -> None:  # type: ignore[no-untyped-def]
    dialog = _add_local(win)
    assert not _restored(dialog, "localRestored")
    QTest.keyClicks(dialog.fields["name"], "Chapeltown Men's Shed")
    QTest.keyClicks(dialog.fields["phone"], "0113 496 0000")
    QTest.keyClicks(dialog.description, "Woodwork and a brew, Tuesday afternoons")
    dialog.days[next(iter(dialog.days))].setChecked(True)
    dialog.opens.setTime(QTime(13, 30))
    dialog.min_age.setValue(18)
    lock_and_unlock(win, "Men's Shed")
    again = _add_local(win)
    assert again is not dialog and _restored(again, "localRestored")
    assert again.fields["name"].text() == "Chapeltown Men's Shed"
    assert again.fields["phone"].text() == "0113 496 0000"
    assert again.description.toPlainText() == "Woodwork and a brew, Tuesday afternoons"
    assert [b.isChecked() for b in again.days.values()] == [True] + [False] * (len(again.days) - 1)
    assert again.opens.time() == QTime(13, 30) and again.min_age.value() == 18
    click(again, "localSave")
    settle()
    assert "Chapeltown Men's Shed added to your directory." in win.statusBar().currentMessage()
    assert _drafts_in_vault(win, app_paths) == []


def _clinic_days(window: Any) -> Any:
    window.registry.trigger(ActionId.CLINIC_DAYS)
    settle()
    return window.clinic_days_dialog


def test_a_half_typed_day_off_comes_back_once(win, app_paths) -> None:  # type: ignore[no-untyped-def]
    dialog = _clinic_days(win)
    assert not _restored(dialog, "clinicDaysRestored")
    dialog.off_from.editor.setText("14/12/2026")
    dialog.off_to.editor.setText("18/12/2026")
    QTest.keyClicks(dialog.off_reason.editor, "Annual leave, back on the 21st")
    dialog.off_where.setCurrentIndex(1)  # only Oakwood Lane
    lock_and_unlock(win, "Annual leave")
    again = _clinic_days(win)
    assert again is not dialog and _restored(again, "clinicDaysRestored")
    assert [again.off_from.text(), again.off_to.text(), again.off_reason.text()] == [
        "14/12/2026", "18/12/2026", "Annual leave, back on the 21st"]
    assert again.off_where.currentIndex() == 1
    click(again, "clinicDaysOffAdd")
    settle()
    shown = [again.closures.item(i).text() for i in range(again.closures.count())]
    assert any("Annual leave, back on the 21st (Oakwood Lane" in t for t in shown), shown
    assert not _restored(again, "clinicDaysRestored")
    again.accept()
    assert _drafts_in_vault(win, app_paths) == []
