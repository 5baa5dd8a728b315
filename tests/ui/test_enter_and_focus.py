"""Issue 17 item 10 (and issue 12 item 12's focus): Enter answers buttons and submits
New client, Add step and Forgotten passphrase; after an error, focus goes to the first
field in error, scrolled into view; Tab from the note never stops on the placeholder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from coachdesk.ui.actions import ActionId
from tests.ui.conftest import child, type_into, unlock


def _focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def test_enter_presses_the_focused_button(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    unlock(window)
    window.registry.trigger(ActionId.TODAY)
    button = child(window, QPushButton, "todayAddPractice")
    _focus(qtbot, button)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.today.practice_row.isVisible(), timeout=2000)


def test_enter_saves_a_new_client_and_focus_goes_to_the_first_error(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    type_into(window, "field_given_name", "Kwame")
    type_into(window, "field_family_name", "Mensah")
    type_into(window, "field_date_of_birth", "31/02/1990")  # above the NHS number
    type_into(window, "field_nhs_number", "123")
    type_into(window, "field_consent_scope", "Share with the GP practice")
    nhs = child(window, QLineEdit, "field_nhs_number")
    _focus(qtbot, nhs)
    qtbot.keyClick(nhs, Qt.Key.Key_Return)  # Enter submits
    born = child(window, QLineEdit, "field_date_of_birth")
    assert window.page_name() == "new_client"
    assert QApplication.focusWidget() is born
    assert born.visibleRegion().boundingRect().height() > 0  # on screen, not scrolled away
    type_into(window, "field_date_of_birth", "28/02/1990")
    type_into(window, "field_nhs_number", "")
    qtbot.keyClick(born, Qt.Key.Key_Return)
    assert window.page_name() == "record"


def test_enter_in_the_due_date_adds_the_step_and_tab_skips_the_placeholder(seeded, window,
                                                                          qtbot):  # type: ignore[no-untyped-def]
    unlock(window)
    window.start_session(seeded.client.id, None)
    note = child(window, QPlainTextEdit, "sessionNote")
    _focus(qtbot, note)
    assert not window.session.steps.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not window.session.steps
    type_into(window, "field_session_step_text", "Ring the talking therapies service")
    due = child(window, QLineEdit, "field_session_step_due")
    due.setText("30/11/2026")
    qtbot.keyClick(due, Qt.Key.Key_Return)
    steps = window.session.steps
    assert steps.count() == 1 and "talking therapies" in steps.item(0).text()
    assert steps.focusPolicy() & Qt.FocusPolicy.TabFocus  # a real step can be reached


def test_enter_submits_forgotten_passphrase(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    recover = window.unlock.recover_page  # built when first needed
    sent: list[tuple[str, str]] = []
    recover.recover.connect(lambda code, new: sent.append((code, new)))
    recover.code.editor.setText("ABCD-EFGH")
    recover.passphrase.editor.setText("a new long passphrase here")
    recover.confirm.editor.setText("a new long passphrase here")
    qtbot.keyClick(recover.confirm.editor, Qt.Key.Key_Return)
    assert sent and sent[0][0] == "ABCD-EFGH"


def test_a_field_is_checked_when_left_and_its_error_goes_once_fixed(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    """Issue 12 item 12."""
    from PySide6.QtWidgets import QLabel
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    nhs = child(window, QLineEdit, "field_nhs_number")
    error = child(window, QLabel, "error_nhs_number")
    _focus(qtbot, nhs)
    qtbot.keyClicks(nhs, "123")
    assert error.isHidden()  # not while typing
    nhs.editingFinished.emit()  # the coach moves on
    assert not error.isHidden() and "10 digits" in error.text()
    nhs.setText("943 476 5919")
    assert error.isHidden()  # cleared as soon as it is right


def test_ctrl_s_saves_escape_leaves_edit_details_and_down_reaches_the_first_hit(
        seeded, window, qtbot):  # type: ignore[no-untyped-def]
    """Issue 12 item 11 (part): Ctrl+S, Escape on Edit details, one Down from the search."""
    unlock(window)
    window.open_client(seeded.client.id)
    window.registry.trigger(ActionId.OPEN_CLIENT)
    window._edit_client(seeded.client.id)
    given = child(window, QLineEdit, "field_given_name")
    _focus(qtbot, given)
    given.setText("Changed")
    qtbot.keyClick(given, Qt.Key.Key_Escape)
    assert window.page_name() == "record"  # left unchanged
    window._edit_client(seeded.client.id)
    given = child(window, QLineEdit, "field_given_name")
    assert given.text() == seeded.client.given_name
    _focus(qtbot, given)
    given.setText("Zoe")
    qtbot.keyClick(given, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.page_name() == "record"
    assert window.record.title.text().startswith("Zoe ")

    window.registry.trigger(ActionId.CASELOAD)
    search = window.caseload.search
    _focus(qtbot, search)
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.caseload.table
    assert window.caseload.selected_client_id() == seeded.client.id  # one Down, chosen


def test_ctrl_f_on_the_directory_searches_the_directory(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    unlock(window)
    window.registry.trigger(ActionId.DIRECTORY)
    assert window.page_name() == "directory"
    window.caseload.search.setFocus()
    window.registry.trigger(ActionId.SEARCH)
    assert window.page_name() == "directory"
    assert QApplication.focusWidget() is child(window, QLineEdit, "directorySearch")


def test_enter_saves_an_amendment_and_alt_f_in_import_reaches_the_path(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    """Issue 12 item 11 (part)."""
    from coachdesk.services import notes
    from coachdesk.ui.directory.import_dialog import ImportDialog
    unlock(window)
    window.ctx.worker.submit(lambda d: notes.write_note(d._store, seeded.client.id,
                                                        "Starts on Monday."))
    window.open_client(seeded.client.id)
    child(window, QPushButton, "amendStart").click()
    type_into(window, "field_amend_body", "Starts on Tuesday.")
    reason = child(window, QLineEdit, "field_amend_reason")
    reason.setText("wrong day")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert "Tuesday" in window.record.timeline.toPlainText()

    dialog = ImportDialog(lambda *a: None, [], window)
    mnemonics = [b.text() for b in dialog.findChildren(QPushButton) if "&f" in b.text().lower()]
    assert mnemonics == []  # Alt+F belongs to the "Feed file" field alone
    dialog.reject()
