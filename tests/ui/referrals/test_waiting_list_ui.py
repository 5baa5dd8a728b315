"""The waiting list in the real window, by keyboard: oldest first with weeks waited, mark
contacted, make a client (or confirm a match), open the record to book."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.domain.enums import ReferralSource
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral, Urgency
from coachdesk.services import referrals
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.referrals import WAITING_LIST
from tests.factories import PASSPHRASE, TODAY
from tests.governance_helpers import shots
from tests.ui.conftest import PROFILE, Seeded, make_window, unlock

PEOPLE = [("Marek", "Brennan", 31, ReferralSource.GP, "Dr Amal Quist", "GP", Urgency.SOON),
          ("Inès", "Varga", 12, ReferralSource.SOCIAL_PRESCRIBER, "Sam Petrova",
           "Social prescriber", Urgency.ROUTINE),
          ("Tomi", "Oyelaran", 3, ReferralSource.PRACTICE_STAFF, "Ruth Ade", "Practice nurse",
           Urgency.URGENT)]


def _seed(app_paths, seeded: Seeded) -> dict[str, str]:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    ids = {}
    for given, family, days, source, who, role, urgency in PEOPLE:
        r = Referral(id=new_id(), received_on=TODAY - timedelta(days=days), source=source,
                     given_name=given, family_name=family, date_of_birth=date(1980, 5, 5),
                     referrer_name=who, referrer_role=role, practice_id=seeded.practice.id,
                     reason="Off work, wants help to return", urgency=urgency,
                     consent_to_contact=True)
        referrals.add_referral(store, r)
        ids[family] = r.id
    # a referral for someone already on the caseload: the same name and birthday
    c = seeded.client
    r = Referral(id=new_id(), received_on=TODAY - timedelta(days=20), source=ReferralSource.GP,
                 given_name=c.given_name, family_name=c.family_name,
                 date_of_birth=c.date_of_birth, referrer_name="Dr Amal Quist",
                 practice_id=seeded.practice.id)
    referrals.add_referral(store, r)
    ids["match"] = r.id
    store.vault.close()
    return ids


def test_waiting_list_by_keyboard(seeded: Seeded, app_paths, clocks, qtbot,  # type: ignore[no-untyped-def]
                                  tmp_path: Path) -> None:
    ids = _seed(app_paths, seeded)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    QApplication.processEvents()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert WAITING_LIST in window.registry
    window.registry[WAITING_LIST].trigger()  # Ctrl+Shift+W
    QApplication.processEvents()
    page = window.waiting_list
    assert window.page_name() == WAITING_LIST
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=2000)
    names = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]
    assert names == ["Marek Brennan", "Zoë Okafor", "Inès Varga", "Tomi Oyelaran"]
    waited = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    assert waited == ["4 weeks", "2 weeks", "1 week", "under a week"]
    assert "The longest has waited 4 weeks" in page.summary.text()
    assert page.table.item(2, 3).text() == "Sam Petrova (Social prescriber)"
    window.resize(1366, 768)
    QApplication.processEvents()
    window.grab().save(str(shots(tmp_path) / "waiting-list.png"))

    # mark the first contacted: the button by keyboard (Alt+T in the app; the offscreen
    # platform used by tests does not deliver mnemonics, so Space on the focused button)
    page.table.setFocus()
    qtbot.keyClick(page.contacted_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert "marked contacted" in page.message.text()
    assert page.table.item(0, 5).text() == "Contacted, no record yet"
    # Enter on a referral with no client offers to make it (as Alt+M does): no match, so
    # the New client form opens with the referral's details for the coach to check and
    # complete, then saves the client and the link
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    QApplication.processEvents()
    form = window.new_client
    assert window.page_name() == "new_client"
    assert form.title.text() == "New client from a referral"
    assert form.fields["family_name"].text() == "Brennan"
    assert form.fields["date_of_birth"].text() == "05/05/1980"
    assert form.fields["practice_id"].text() == seeded.practice.id
    # what the referral does not give is said beside its field, in words, with focus there
    assert "fill in what is missing" in form.summary.text()
    scope = form.fields["consent_scope"]
    assert "Say what the client agreed to" in scope.error.text()
    assert QApplication.focusWidget() is scope.editor
    qtbot.keyClicks(scope.editor, "share with GP")
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert window.page_name() == "record", (form.summary.text(), {
        n: f.error.text() for n, f in form.fields.items() if f.error.text()})
    window.registry[WAITING_LIST].trigger()
    QApplication.processEvents()
    assert page.table.item(0, 5).text() == "Contacted"
    # the second row may be a client already: the match is offered to confirm
    page.table.setCurrentCell(1, 0)
    qtbot.keyClick(page.client_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert page.matches.isVisible() and page.matches.rowCount() == 1
    assert "same date of birth" in page.matches.item(0, 1).text()
    assert QApplication.focusWidget() is page.matches
    qtbot.keyClick(page.link_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert "on the client's record now" in page.message.text()
    # the last person did not want the service: declined, off the list
    page.table.setCurrentCell(3, 0)
    qtbot.keyClick(page.declined_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert "Tomi Oyelaran: declined" in page.message.text()
    assert page.table.rowCount() == 3
    # Enter opens the record (to book: the booking itself is the clinic's)
    page.table.setCurrentCell(1, 0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.page_name() == "record" and window.record.client_id == seeded.client.id
    line = window.record.referral_line
    assert line.isVisible() and "Referred on 3 Nov 2026 (GP: Dr Amal Quist)" in line.text()
    assert ids  # every referral seeded was listed above


def _mnemonics(root) -> list[str]:  # type: ignore[no-untyped-def]
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [w.text() for w in root.findChildren(QAbstractButton) if w.isVisibleTo(root)]
    texts += [w.text() for w in root.findChildren(QLabel) if w.buddy() is not None]
    return [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]


def test_every_alt_key_is_used_once(seeded: Seeded, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from coachdesk.ui import referrals as ui

    unlock(window)
    window.open_client(seeded.client.id)
    QApplication.processEvents()
    menus = [a.text()[a.text().index("&") + 1].lower()
             for a in window.menuBar().actions() if "&" in a.text()]
    page_keys = _mnemonics(window.waiting_list)
    assert len(page_keys) == len(set(page_keys)), page_keys
    assert not set(page_keys) & set(menus), (page_keys, menus)
    ui.new_referral(window)
    ui.open_fit_notes(window)
    ui.open_letter(window)
    ui.import_referrals(window)
    QApplication.processEvents()
    for dialog in (window.referral_dialog, window.fit_notes_dialog, window.letter_dialog,
                   window.import_referrals_dialog):
        keys = _mnemonics(dialog)
        assert keys and len(keys) == len(set(keys)), (dialog.objectName(), keys)
        dialog.reject()


def test_waiting_list_fits_at_1024x700(seeded: Seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_small_screen import _problems

    _seed(app_paths, seeded)
    window = make_window(app_paths, clocks, qtbot)
    window.resize(1024, 700)
    unlock(window)
    window.registry[WAITING_LIST].trigger()
    problems = _problems(window, "waiting list")
    assert not problems, problems
    assert window.waiting_list.table.rowCount() == 4
