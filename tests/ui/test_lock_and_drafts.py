"""Idle lock clears every view; drafts survive locks and crashes; unlock errors."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton

from coachdesk.store.errors import VaultInUse
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE
from tests.ui.conftest import child, click, make_window, type_into, unlock, visible_texts

TYPED = "Client worried about the return-to-work meeting on Thursday."


def _secrets(seeded) -> list[str]:  # type: ignore[no-untyped-def]
    c = seeded.client
    return [c.given_name, c.family_name, c.nhs_number, c.postcode, TYPED[:20]]


def test_idle_lock_clears_every_widget_and_keeps_the_note(seeded, window, clocks, qtbot):
    unlock(window)
    window.registry.trigger(ActionId.CASELOAD)
    assert window.caseload.model.rowCount() == 1
    qtbot.keyClicks(child(window, QLineEdit, "caseloadSearch"), seeded.client.family_name)
    window.open_client(seeded.client.id)
    window.start_session(seeded.client.id, None)
    child(window, QPlainTextEdit, "sessionNote").setPlainText(TYPED)
    assert any(seeded.client.family_name in t for t in visible_texts(window))

    clocks.advance(4)
    window.idle.check()
    assert window.root.currentWidget() is window.pages  # not yet

    clocks.advance(1.5)
    window.idle.check()
    assert window.is_locked()
    for edit in window.findChildren(QLineEdit):
        edit.undo()  # nothing typed before the lock can be brought back
    texts = "\n".join(visible_texts(window))
    for secret in _secrets(seeded):
        assert secret not in texts
    assert not window.registry[ActionId.CASELOAD].isEnabled()

    unlock(window)
    assert window.page_name() == "session"
    assert child(window, QPlainTextEdit, "sessionNote").toPlainText() == TYPED
    assert "restored" in child(window, QLabel, "draftStatus").text()


def test_activity_postpones_the_idle_lock(seeded, window, clocks, qtbot):
    unlock(window)
    clocks.advance(4)
    qtbot.keyClick(window.today.clinic, "a")  # any key press counts as use
    clocks.advance(4)
    window.idle.check()
    assert window.root.currentWidget() is window.pages


def test_note_recovered_after_a_crash(seeded, app_paths, clocks, qtbot):
    first = make_window(app_paths, clocks, qtbot)
    unlock(first)
    first.start_session(seeded.client.id, None)
    child(first, QPlainTextEdit, "sessionNote").setPlainText(TYPED)
    first.session.save_draft()  # the 2-second autosave
    # power cut: the vault is dropped without locking, saving or ending the session
    desk = first.ctx.worker._desk
    first.ctx.worker._desk = None
    desk._store.vault.close()
    first.closeEvent = lambda event: event.accept()  # no orderly lock on the way out
    first.hide()

    second = make_window(app_paths, clocks, qtbot)
    unlock(second)
    assert second.page_name() == "session"
    assert child(second, QPlainTextEdit, "sessionNote").toPlainText() == TYPED
    assert "restored" in second.statusBar().currentMessage()
    second.close()


def test_autosave_runs_while_typing(seeded, window, qtbot):
    unlock(window)
    window.start_session(seeded.client.id, None)
    qtbot.keyClicks(child(window, QPlainTextEdit, "sessionNote"), "Short note")
    qtbot.waitUntil(lambda: "kept safe" in child(window, QLabel, "draftStatus").text(),
                    timeout=5000)


def test_wrong_passphrase_says_so_and_slows_down(seeded, window):
    message = child(window, QLabel, "unlockMessage")
    unlock(window, "not the passphrase")
    assert "not recognised" in message.text()
    assert window.is_locked()
    for _ in range(3):
        unlock(window, "still not the passphrase")
    assert "Wait" in message.text()
    assert not child(window, QPushButton, "unlockButton").isEnabled()


def test_forgotten_passphrase_with_recovery_code(app_paths, window):
    type_into(window, "field_profile_name", "Test Coach")
    type_into(window, "field_new_passphrase", PASSPHRASE)
    type_into(window, "field_confirm_passphrase", PASSPHRASE)
    click(window, "createProfile")
    code = child(window, QLabel, "recoveryCode").text()
    window.unlock.code_page.confirm.setChecked(True)
    click(window, "recoveryContinue")
    window.registry.trigger(ActionId.LOCK)

    click(window, "forgottenPassphrase")
    type_into(window, "field_recovery_code", "WRONG-CODE-0000")
    type_into(window, "field_reset_passphrase", "a brand new passphrase")
    type_into(window, "field_reset_confirm", "a brand new passphrase")
    click(window, "recoverUnlock")
    assert "not recognised" in child(window, QLabel, "recoverMessage").text()
    type_into(window, "field_recovery_code", code)
    click(window, "recoverUnlock")
    assert window.root.currentWidget() is window.pages
    window.registry.trigger(ActionId.LOCK)
    unlock(window, "a brand new passphrase")
    assert window.root.currentWidget() is window.pages


def test_a_vault_open_elsewhere_is_reported_not_replaced(seeded, app_paths, window):
    from coachdesk.store.vault import Vault

    other = Vault.unlock(app_paths.vault("Test Coach"), PASSPHRASE)
    try:
        unlock(window)
        assert str(VaultInUse(app_paths.vault("Test Coach").database))[:20] in \
            child(window, QLabel, "unlockMessage").text()
    finally:
        other.close()


def test_half_typed_new_client_survives_a_lock(seeded, window):
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    type_into(window, "field_given_name", "Kwame")
    type_into(window, "field_family_name", "Mensah")
    window.registry.trigger(ActionId.LOCK)
    assert "Mensah" not in "\n".join(visible_texts(window))
    unlock(window)
    assert window.page_name() == "new_client"
    assert child(window, QLineEdit, "field_family_name").text() == "Mensah"
    assert child(window, QLineEdit, "field_given_name").text() == "Kwame"


def test_a_warning_comes_30_seconds_before_the_idle_lock_and_a_key_dismisses_it(
        seeded, window, clocks, qtbot):  # type: ignore[no-untyped-def]
    """Issue 12 item 18."""
    unlock(window)
    warning = child(window, QLabel, "idleWarning")
    clocks.advance(4)
    window.idle.check()
    assert warning.isHidden()
    clocks.advance(40 / 60)  # 4 min 40 s quiet: 20 seconds left
    window.idle.check()
    assert not warning.isHidden() and "lock in 20 seconds" in warning.text()
    assert not window.is_locked()
    qtbot.keyClick(window.today.clinic, "x")  # any key
    assert warning.isHidden()
    clocks.advance(30 / 60)
    window.idle.check()
    assert not window.is_locked()  # the quiet spell began again at the key press
    clocks.advance(5)
    window.idle.check()
    assert window.is_locked() and warning.isHidden()
