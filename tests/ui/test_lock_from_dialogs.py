"""Trial item 1: Ctrl+L locks from any dialog or preview (modal or not), every dialog is
closed so no client text stays on screen, and nothing typed afterwards lands in the dialog:
it goes to the passphrase field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from coachdesk.ui.actions import ActionId
from coachdesk.ui.governance import open_consent
from coachdesk.ui.referrals import FEEDBACK_LETTER, FIT_NOTES, IMPORT_REFERRALS, NEW_REFERRAL
from tests.factories import PASSPHRASE
from tests.ui.conftest import Seeded, make_window, unlock, visible_texts

CTRL = Qt.KeyboardModifier.ControlModifier


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _clinic_days(window: Any) -> QDialog:
    window.registry[ActionId.CLINIC_DAYS].trigger()
    _settle()
    return window.clinic_days_dialog


def _book(window: Any) -> QDialog:
    window.registry[ActionId.BOOK_SESSION].trigger()
    _settle()
    return window.diary.dialog


def _import(window: Any) -> QDialog:
    window.registry[IMPORT_REFERRALS].trigger()
    _settle()
    return window.import_referrals_dialog


def _new_referral(window: Any) -> QDialog:
    window.registry[NEW_REFERRAL].trigger()
    _settle()
    return window.referral_dialog


def _letter(window: Any) -> QDialog:
    window.registry[FEEDBACK_LETTER].trigger()
    _settle()
    return window.letter_dialog


def _fit_notes(window: Any) -> QDialog:
    window.registry[FIT_NOTES].trigger()
    _settle()
    return window.fit_notes_dialog


def _consent(window: Any) -> QDialog:
    dialog = open_consent(window)
    _settle()
    return dialog


def _poster(window: Any) -> QDialog:
    window.registry[ActionId.PRINT_POSTER].trigger()
    _settle()
    return window.poster_dialog


def _plan_preview(window: Any) -> QDialog:
    window.registry.trigger(ActionId.PRINT_PLAN)
    for _ in range(200):
        if getattr(window, "print_dialog", None) is not None:
            break
        QTest.qWait(10)
    return window.print_dialog


OPENERS: dict[str, Callable[[Any], QDialog]] = {
    "clinic days": _clinic_days, "book": _book, "import referrals": _import,
    "feedback letter": _letter, "fit notes": _fit_notes, "consent": _consent,
    "poster": _poster, "new referral": _new_referral, "plan preview": _plan_preview,
}


def _typing_target(dialog: QDialog) -> QWidget:
    """A text field of the dialog if it has one (the trial typed into one), else the dialog."""
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly():
            edit.setFocus()
            return edit
    return dialog


@pytest.mark.parametrize("name", list(OPENERS))
def test_ctrl_l_locks_from_the_dialog_and_hides_it(name: str, seeded: Seeded, app_paths,  # type: ignore[no-untyped-def]
                                                   clocks, qtbot) -> None:
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    _settle()
    dialog = OPENERS[name](window)
    assert dialog is not None and dialog.isVisible(), name
    dialog.activateWindow()
    target = _typing_target(dialog)
    QTest.keyClicks(target, "10:15")
    QTest.keyClick(target, Qt.Key.Key_L, CTRL)
    _settle()
    assert window.is_locked(), name
    shown = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and w is not window and isinstance(w, QDialog)]
    assert shown == [], [w.objectName() for w in shown]
    client = seeded.client
    texts = " ".join(visible_texts(window))
    assert client.family_name not in texts
    # what the coach types next goes to the passphrase field, not into the dialog
    field = window.findChild(QLineEdit, "field_passphrase")
    assert field.text() == ""
    focus = QApplication.focusWidget()
    assert focus is field, focus
    QTest.keyClicks(focus, "abc")
    assert field.text() == "abc"
    if isinstance(target, QLineEdit):
        assert "abc" not in target.text()
    field.clear()
    unlock(window, PASSPHRASE)
    assert not window.is_locked()
    window.close()


def test_ctrl_l_locks_from_a_question_asked_in_its_own_event_loop(seeded: Seeded, app_paths,  # type: ignore[no-untyped-def]
                                                                   clocks, qtbot) -> None:
    """A box shown with exec() (modal, its own event loop): Ctrl+L locks, and the question
    is answered "stay", never the action that cannot be undone."""
    from coachdesk.ui import questions

    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    seen: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        seen.append(box.objectName() if box else "")
        QTest.keyClick(box or window, Qt.Key.Key_L, CTRL)

    def give_up() -> None:  # without the lock the box would wait for ever: fail instead
        if (box := QApplication.activeModalWidget()) is not None:
            box.reject()

    QTimer.singleShot(50, press)
    QTimer.singleShot(3000, give_up)
    ended = questions.end_running_session(window, "A session with Sam")
    assert seen == ["sessionRunningBox"]
    assert ended is False
    assert window.is_locked()
    assert QApplication.activeModalWidget() is None
    window.close()
