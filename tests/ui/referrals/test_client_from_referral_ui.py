"""Trial item 4 through the window: a referral with no birthday and no practice opens the
New client form, says in words what is missing (no field names), and the client is saved
only with a practice the coach chose."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.domain import Client
from coachdesk.domain.enums import ReferralSource
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral
from coachdesk.services import referrals
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.referrals import WAITING_LIST
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, Seeded, make_window, unlock


def test_missing_birthday_and_practice_are_asked_for_in_the_form(
        seeded: Seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    r = Referral(id=new_id(), received_on=TODAY - timedelta(days=9), source=ReferralSource.GP,
                 given_name="Wren", family_name="Achterberg", referrer_name="Dr Amal Quist",
                 referrer_role="GP", reason="Wants work")
    referrals.add_referral(store, r)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry[WAITING_LIST].trigger()
    QApplication.processEvents()
    page = window.waiting_list
    page.table.setCurrentCell(0, 0)
    assert page.table.item(0, 2).text() == "Wren Achterberg"
    qtbot.keyClick(page.client_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    form = window.new_client
    assert window.page_name() == "new_client"
    errors = {n: f.error.text() for n, f in form.fields.items() if f.error.text()}
    assert errors["date_of_birth"] == "Enter the date of birth."
    assert "practice" in errors["practice_id"]
    assert form.fields["practice_id"].text() == ""  # not quietly the first practice
    assert "date_of_birth" not in form.summary.text()
    form.fields["date_of_birth"].set_text("14/02/1988")
    form.fields["consent_scope"].set_text("share with GP")
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert window.page_name() == "new_client"  # still no practice: not saved
    box = form.fields["practice_id"].editor
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert form.fields["practice_id"].text() == seeded.practice.id
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert window.page_name() == "record"
    made = window.record.client_id

    def check() -> None:
        s = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
        try:
            client = s.repo(Client).require(made)
            assert client.practice_id == seeded.practice.id
            assert client.date_of_birth == date(1988, 2, 14)
            assert s.repo(Referral).require(r.id).client_id == made
        finally:
            s.vault.close()
    window.lock()
    check()


def test_the_form_from_a_referral_survives_a_lock_and_still_links(
        seeded: Seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    r = Referral(id=new_id(), received_on=TODAY - timedelta(days=9), source=ReferralSource.GP,
                 given_name="Wren", family_name="Achterberg", referrer_name="Dr Amal Quist",
                 date_of_birth=date(1988, 2, 14), practice_id=seeded.practice.id)
    referrals.add_referral(store, r)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry[WAITING_LIST].trigger()
    QApplication.processEvents()
    window.waiting_list.table.setCurrentCell(0, 0)
    qtbot.keyClick(window.waiting_list.client_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    form = window.new_client
    form.fields["consent_scope"].set_text("share with GP")
    clocks.advance(6)
    window.idle.check()
    assert window.is_locked()
    unlock(window)
    QApplication.processEvents()
    assert window.page_name() == "new_client"
    assert form.title.text() == "New client from a referral"
    assert form.fields["family_name"].text() == "Achterberg"
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert window.page_name() == "record"
    made = window.record.client_id
    window.lock()
    s = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    try:
        assert s.repo(Referral).require(r.id).client_id == made
    finally:
        s.vault.close()
