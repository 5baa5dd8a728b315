"""Issue 17 item 2: a safeguarding note goes on the right client's record."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from coachdesk.domain import Client, Practice
from coachdesk.domain.casework import CaseNote
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import confirm_recovery_code, create_profile
from coachdesk.services.directory import SafeguardingNote
from coachdesk.ui.actions import ActionId
from coachdesk.ui.directory.crisis import CrisisPanel
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client
from tests.ui.conftest import PROFILE, make_window, unlock

NOTE = SafeguardingNote(concern="Said they felt unsafe at home",
                        action_taken="Gave the Samaritans number")


@pytest.fixture
def two(app_paths) -> tuple[Client, Client]:  # type: ignore[no-untyped-def]
    store, _ = create_profile(app_paths, PROFILE, "Test Coach", PASSPHRASE, lambda: TODAY,
                              FAST_KDF)
    practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
    priya = make_client(practice.id, given_name="Priya", family_name="Shah")
    tom = make_client(practice.id, given_name="Tom", family_name="Hughes")
    store.repo(Practice).add(practice)
    for c in (priya, tom):
        store.repo(Client).add(c)
    confirm_recovery_code(store)
    store.vault.close()
    return priya, tom


def _notes(window: Any, client_id: str) -> list[CaseNote]:
    out: list[Any] = []
    window.ctx.worker.submit(
        lambda desk: desk._store.repo(CaseNote).find_by("client_id", client_id), out.append)
    return [n for n in out[0] if "felt unsafe" in n.body]


def _panel(window: Any) -> CrisisPanel:
    window.registry.trigger(ActionId.CRISIS_CONTACTS)
    QApplication.processEvents()
    return window.crisis_dialog.findChild(CrisisPanel)


def _fill(panel: CrisisPanel) -> None:
    panel.concern.setPlainText(NOTE.concern)
    panel.action.setPlainText(NOTE.action_taken)


def test_during_a_session_the_panel_belongs_to_the_session_client_wherever_the_coach_is(
        two, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    priya, tom = two
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.start_session(priya.id, None)
    for go in (lambda: window.open_client(tom.id),            # Tom's record open
               lambda: window.show_page("caseload"),          # Tom's row selectable
               lambda: window.registry.trigger(ActionId.DIRECTORY)):
        go()
        if window.page_name() == "caseload":
            window.caseload.table.selectRow(0)
        panel = _panel(window)
        assert "Priya Shah" in window.crisis_dialog.windowTitle()
        assert "Tom" not in window.crisis_dialog.windowTitle()
        assert "Priya Shah" in panel.findChild(QLabel, "crisisClientName").text()
        window.crisis_dialog.reject()
    _fill(panel)
    assert panel.submit()
    assert len(_notes(window, priya.id)) == 1 and _notes(window, tom.id) == []
    window.close()


def test_without_a_session_the_panel_asks_which_client_and_shows_the_name_large(
        two, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    priya, tom = two
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.show_page("caseload")
    window.caseload.table.selectRow(0)  # a row is selected: it must not decide the client
    panel = _panel(window)
    chooser = window.crisis_dialog.chooser
    assert chooser.combo.currentIndex() == -1 and chooser.combo.count() == 2
    assert not panel.save.isEnabled()
    _fill(panel)
    assert not panel.submit()  # nobody chosen: nothing saved
    index = next(i for i in range(chooser.combo.count())
                 if chooser.combo.itemText(i).startswith("Tom Hughes"))
    chooser.combo.setCurrentIndex(index)
    big = panel.findChild(QLabel, "crisisClientName")
    assert "Tom Hughes" in big.text() and "20pt" in big.text()
    assert panel.save.isEnabled()
    assert panel.submit()
    assert len(_notes(window, tom.id)) == 1 and _notes(window, priya.id) == []
    window.close()


def _answer(window: Any, name: str, answer: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def press() -> None:
        box = next(b for b in window.findChildren(QMessageBox, name) if b.isVisible())
        next(b for b in box.buttons() if b.text() == answer).click()
    QTimer.singleShot(0, press)


def test_start_session_for_another_client_says_one_is_running_and_offers_to_end_it(
        two, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    priya, tom = two
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.start_session(priya.id, None)  # a drop-in
    window.show_page("today")
    running = window.findChild(QLabel, "todayRunningSession")
    assert not running.isHidden() and "Priya Shah" in running.text()
    assert "Drop-in" in running.text()
    window.open_client(tom.id)
    _answer(window, "sessionRunningBox", "Keep it running")
    window.registry.trigger(ActionId.START_SESSION)
    assert window.page_name() == "record" and window.record.client_id == tom.id
    assert "Priya Shah" in window.statusBar().currentMessage()
    _answer(window, "sessionRunningBox", "End that session now")
    window.record.start_session.emit(tom.id)  # the record's own Start session button
    assert not window.session.active  # Priya's session ended and was saved
    window.close()
