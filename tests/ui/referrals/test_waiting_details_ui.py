"""Trial item 12: the waiting list shows the chosen referral's details; Enter on a referral
with no client offers to make the client (the prefilled form); an old message goes at the
next action; Tab runs through the list and its buttons in screen order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Seeded, make_window, unlock
from tests.ui.referrals.test_waiting_list_ui import _seed


def _tab_chain(start, count: int) -> list:  # type: ignore[no-untyped-def]
    out, w = [start], start
    for _ in range(count):
        w = w.nextInFocusChain()
        while not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or not w.isVisible():
            w = w.nextInFocusChain()
        out.append(w)
    return out


def test_details_enter_messages_and_tab_order(seeded: Seeded, app_paths, clocks,  # type: ignore[no-untyped-def]
                                              qtbot) -> None:
    _seed(app_paths, seeded)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.show()
    window.registry["waiting_list"].trigger()
    QApplication.processEvents()
    page = window.waiting_list
    page.table.setCurrentCell(2, 0)  # Inès Varga
    details = page.details.text()
    for words in ("Off work, wants help to return", "Urgency: Routine",
                  "Consent to contact: yes", "Sam Petrova (Social prescriber)"):
        assert words in details, details
    page.table.setCurrentCell(0, 0)
    assert "Urgency: Soon" in page.details.text()

    page.message.setText("Marek Brennan: marked contacted.")
    page.table.setCurrentCell(1, 0)  # the next thing the coach does: the old words go
    assert page.message.text() == ""

    chain = _tab_chain(page.table, 6)
    assert chain[1:] == [page.open_button, page.contacted_button, page.client_button,
                         page.declined_button, page.new_button, page.import_button]

    page.table.setCurrentCell(0, 0)  # Marek Brennan has no record: Enter offers to make it
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.page_name() == "new_client"
    assert window.new_client.fields["family_name"].text() == "Brennan"
    window.close()
