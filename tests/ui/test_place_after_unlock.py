"""Issue 12 item 1: after an idle lock the coach is exactly where they were, and a print
acts only on the client the coach chose (named in the preview's title)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

from coachdesk.domain import Client
from coachdesk.services import sessions
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.ui.conftest import PROFILE, make_window, unlock


def _add_clients(app_paths: Any, practice_id: str) -> Client:
    """Jasmine Bailey sorts first; Bethan Phillips is the one the coach wants."""
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    store.repo(Client).add(make_client(practice_id, given_name="Jasmine", family_name="Bailey",
                                       nhs_number="", date_of_birth=date(1990, 1, 2)))
    for n in range(30):  # enough rows that the table scrolls
        store.repo(Client).add(make_client(practice_id, given_name=f"Alex{n:02d}",
                                           family_name="Morgan", nhs_number=""))
    bethan = make_client(practice_id, given_name="Bethan", family_name="Phillips",
                         nhs_number="")
    store.repo(Client).add(bethan)
    store.vault.close()
    return bethan


def _idle_lock(window: Any, clocks: Any) -> None:
    clocks.advance(6)
    window.idle.check()
    assert window.is_locked()


def test_caseload_search_and_choice_survive_an_idle_lock_and_print_names_the_client(
        seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    bethan = _add_clients(app_paths, seeded.practice.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry.trigger(ActionId.CASELOAD)
    search = window.caseload.search
    qtbot.keyClicks(search, "Phillips")
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1, timeout=3000)
    qtbot.keyClick(search, Qt.Key.Key_Return)  # to the table
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_Home)
    assert window.caseload.selected_client_id() == bethan.id

    _idle_lock(window, clocks)
    assert search.text() == ""  # nothing of the search is on screen while locked
    unlock(window)
    assert window.page_name() == "caseload"
    assert search.text() == "Phillips"
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1, timeout=3000)
    assert window.caseload.selected_client_id() == bethan.id

    window.registry.trigger(ActionId.PRINT_PLAN)
    qtbot.waitUntil(lambda: getattr(window, "print_dialog", None) is not None, timeout=5000)
    assert "Bethan Phillips" in window.print_dialog.windowTitle()
    window.close()


def test_a_row_the_list_fell_on_is_not_printed(seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    _add_clients(app_paths, seeded.practice.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry.trigger(ActionId.CASELOAD)
    assert window.caseload.table.currentIndex().isValid()  # the cursor rests on row 0
    window.registry.trigger(ActionId.PRINT_PLAN)
    assert getattr(window, "print_dialog", None) is None
    assert "Choose a client first" in window.statusBar().currentMessage()
    window.close()


def test_caseload_scroll_comes_back_after_unlock(seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    bethan = _add_clients(app_paths, seeded.practice.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry.trigger(ActionId.CASELOAD)
    table = window.caseload.table
    window.caseload._select(bethan.id)
    window.caseload._chosen = bethan.id
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    _idle_lock(window, clocks)
    unlock(window)
    assert window.caseload.selected_client_id() == bethan.id
    assert bar.value() == bar.maximum() > 0
    window.close()


def test_today_chosen_row_survives_a_lock(seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    bethan = _add_clients(app_paths, seeded.practice.id)
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    sessions.book_session(store, seeded.client.id, clocks.wall + timedelta(minutes=30))
    sessions.book_session(store, bethan.id, clocks.wall + timedelta(minutes=60))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    clinic = window.today.clinic
    assert clinic.rowCount() == 2
    assert window.today.selected_client_id() is None  # the first row is not a choice
    qtbot.keyClick(clinic, Qt.Key.Key_Down)
    assert window.today.selected_client_id() == bethan.id
    _idle_lock(window, clocks)
    unlock(window)
    assert window.page_name() == "today"
    assert window.today.selected_client_id() == bethan.id
    window.close()


def test_record_tab_survives_a_lock(seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    window.record.tabs.setCurrentIndex(2)
    _idle_lock(window, clocks)
    unlock(window)
    assert window.page_name() == "record"
    assert window.record.client_id == seeded.client.id
    assert window.record.tabs.currentIndex() == 2
    window.close()


def test_ctrl_l_locks_while_a_print_preview_is_open(seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    window.registry.trigger(ActionId.PRINT_PLAN)
    qtbot.waitUntil(lambda: getattr(window, "print_dialog", None) is not None, timeout=5000)
    dialog = window.print_dialog
    assert seeded.client.display_name in dialog.windowTitle()
    dialog.activateWindow()
    QApplication.processEvents()
    qtbot.keySequence(dialog, QKeySequence("Ctrl+L"))  # typed into the preview itself
    QApplication.processEvents()
    assert window.is_locked()
    assert not dialog.isVisible()
    assert all(not e.text() for e in window.findChildren(QLineEdit)
               if e.objectName() == "caseloadSearch")
    window.close()
