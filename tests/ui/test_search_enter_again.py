"""Search, Enter, Enter opens the one match, on the second search as on the first: a new
search no longer leaves the table with no current row, where Enter did nothing (the
keyboard tester had to press Home first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.domain import Client
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.ui.conftest import PROFILE, unlock


def _search_and_open(window, qtbot, words: str, name: str) -> None:  # type: ignore[no-untyped-def]
    window.registry.trigger(ActionId.CASELOAD)
    caseload = window.caseload
    search = caseload.search
    window.activateWindow()
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=2000)
    qtbot.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search, words)
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 1 and not caseload._debounce.isActive()
                    and caseload.summary.text().startswith("Showing 1 "), timeout=5000)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    table = caseload.table
    assert QApplication.focusWidget() is table
    assert table.currentIndex().isValid(), "Enter from the search left no current row"
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page_name() == "record", timeout=5000)
    assert window.record.title.text().startswith(name)


def test_enter_enter_opens_the_match_on_the_second_search_too(seeded, app_paths, window,
                                                              qtbot) -> None:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    store.repo(Client).add(make_client(seeded.practice.id, given_name="Connor",
                                       family_name="Thompson", nhs_number=""))
    store.vault.close()
    unlock(window)
    _search_and_open(window, qtbot, "Okafor", "Zoë Okafor")
    _search_and_open(window, qtbot, "Thompson", "Connor Thompson")
