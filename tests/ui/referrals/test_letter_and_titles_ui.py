"""Trial items 10 and 11 through the window: the letter's Tab order follows the screen
(ticks before Preview), Seen on is the last attended session, a missing phone or email is
pointed out; the Consent, Fit notes and letter dialogs name the client in their title."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication

from coachdesk.domain import Appointment
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AppointmentState, ReferralSource
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral
from coachdesk.services import consent, referrals
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.referrals import FEEDBACK_LETTER, FIT_NOTES
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, Seeded, make_window, unlock


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _window(seeded: Seeded, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    c = seeded.client
    referrals.add_referral(store, Referral(
        id=new_id(), received_on=TODAY - timedelta(days=21), source=ReferralSource.GP,
        client_id=c.id, referrer_name="Dr Amal Quist", referrer_role="GP"))
    for day in (9, 16):
        store.repo(Appointment).add(Appointment(
            id=new_id(), client_id=c.id, practice_id=c.practice_id,
            start=datetime(2026, 11, day, 10, tzinfo=UTC), state=AppointmentState.ATTENDED))
    consent.record_consent(store, c.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(c.id)
    _settle()
    return window


def test_letter_tab_order_seen_on_and_contact_hint(seeded: Seeded, app_paths, clocks,  # type: ignore[no-untyped-def]
                                                   qtbot) -> None:
    window = _window(seeded, app_paths, clocks, qtbot)
    window.registry[FEEDBACK_LETTER].trigger()
    _settle()
    dialog = window.letter_dialog
    assert seeded.client.display_name in dialog.windowTitle()
    assert dialog.seen_on.text() == "16/11/2026"  # the last attended session
    assert "Preferences" in dialog.contact_hint.text() and dialog.contact_hint.isVisible()
    order, w = [], dialog.seen_on
    for _ in range(len(dialog.choices) + 6):
        order.append(w)
        w = w.nextInFocusChain()
        while not (w.focusPolicy() & w.focusPolicy().TabFocus) or not w.isVisibleTo(dialog):
            w = w.nextInFocusChain()
        if w is dialog.seen_on:
            break
    boxes = [order.index(b) for b in dialog.choices]
    assert boxes == sorted(boxes) and boxes[0] == 1
    assert max(boxes) < order.index(dialog.own_words) < order.index(dialog.next_steps)
    assert order.index(dialog.next_steps) < order.index(dialog.preview_button)
    dialog.reject()
    window.close()


def test_consent_and_fit_notes_name_the_client(seeded: Seeded, app_paths, clocks,  # type: ignore[no-untyped-def]
                                               qtbot) -> None:
    from coachdesk.ui.governance import open_consent

    window = _window(seeded, app_paths, clocks, qtbot)
    name = seeded.client.display_name
    window.registry[FIT_NOTES].trigger()
    _settle()
    assert window.fit_notes_dialog.windowTitle() == f"Fit notes: {name}"
    window.fit_notes_dialog.reject()
    dialog = open_consent(window)
    _settle()
    assert dialog.windowTitle() == f"Consent: {name}"
    dialog.reject()
    window.close()
