"""Issue 12 items 2 and 4, issue 17 item 16, through the real window on a real vault."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel

from coachdesk.domain import Client, Practice
from coachdesk.domain.ids import new_id
from coachdesk.services import sessions
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.ui.conftest import PROFILE, child, click, make_window, type_into, unlock


def _clinic_and_drop_in(app_paths: Any, seeded: Any, clocks: Any) -> Practice:
    """Oakwood Lane's clinic (the seeded client and two more) and an earlier drop-in at
    Ash Grove, which sorts first by name."""
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    ash = Practice(id=new_id(), name="Ash Grove Surgery")
    store.repo(Practice).add(ash)
    people = [seeded.client]
    for n in range(2):
        person = make_client(seeded.practice.id, given_name=f"Robin{n}", nhs_number="")
        store.repo(Client).add(person)
        people.append(person)
    for n, person in enumerate(people):
        sessions.book_session(store, person.id, clocks.wall + timedelta(minutes=30 * (n + 1)))
    drop_in = make_client(ash.id, given_name="Dev", family_name="Mistry", nhs_number="")
    store.repo(Client).add(drop_in)
    sessions.book_session(store, drop_in.id, clocks.wall)
    store.vault.close()
    return ash


def test_today_shows_the_clinic_not_the_earliest_drop_in(seeded, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    ash = _clinic_and_drop_in(app_paths, seeded, clocks)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    today = window.today
    assert today.practice.currentData() == seeded.practice.id
    assert today.clinic.rowCount() == 3
    assert today.elsewhere.isVisible() and today.elsewhere.rowCount() == 1
    assert today.elsewhere.item(0, 2).text() == "Ash Grove Surgery"
    assert "choose its practice" in child(window, QLabel, "clinicHint").text()

    # the coach says the clinic is at Ash Grove today: kept after a restart
    box = child(window, QComboBox, "todayPractice")
    box.setCurrentIndex(box.findData(ash.id))
    assert today.clinic.rowCount() == 1 and today.elsewhere.rowCount() == 3
    assert not child(window, QLabel, "clinicHint").isVisible()
    window.close()
    again = make_window(app_paths, clocks, qtbot)
    unlock(again)
    assert again.today.practice.currentData() == ash.id
    assert again.today.clinic.rowCount() == 1
    again.close()


def test_new_client_joins_the_practice_of_the_clinic_in_progress(seeded, app_paths, clocks,
                                                                  qtbot):  # type: ignore[no-untyped-def]
    _clinic_and_drop_in(app_paths, seeded, clocks)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    practice = child(window, QComboBox, "field_practice_id")
    assert practice.currentText() == "Oakwood Lane Medical Practice"  # not Ash Grove, first
    window.close()


def test_new_client_needs_a_practice(app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    from coachdesk.services.appsession import confirm_recovery_code, create_profile
    from tests.factories import FAST_KDF
    store, _code = create_profile(app_paths, PROFILE, "Test Coach", PASSPHRASE, lambda: TODAY,
                                  FAST_KDF)
    confirm_recovery_code(store)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    type_into(window, "field_given_name", "Nadia")
    type_into(window, "field_family_name", "Rahman")
    type_into(window, "field_date_of_birth", "02/03/1991")
    type_into(window, "field_consent_scope", "Share with the GP practice")
    click(window, "saveClient")
    assert window.page_name() == "new_client"
    assert "Add the client's practice" in child(window, QLabel, "error_practice_id").text()
    window.close()


def test_overdue_follow_ups_are_marked_on_today(seeded, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    """Issue 12 item 19."""
    from coachdesk.services import plans
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    plans.add_step(store, seeded.client.id, "Ring the GP", due_on=TODAY - timedelta(days=3))
    plans.add_step(store, seeded.client.id, "Send the CV", due_on=TODAY)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    table = window.today.followups
    due = {table.item(r, 3).text(): table.item(r, 0) for r in range(table.rowCount())}
    late = due["Ring the GP"]
    assert late.text() == "20 Nov 2026 (overdue)"
    assert late.foreground().color().name() == "#b01d1d"
    assert all("(overdue)" not in i.text() for t, i in due.items() if t != "Ring the GP")
    window.close()
