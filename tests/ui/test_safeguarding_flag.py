"""Issue 12 item 15: a saved safeguarding note shows on the open timeline at once, and the
record header and the caseload say in words that a safeguarding concern was recorded."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QLabel

from coachdesk.ui.actions import ActionId
from coachdesk.ui.caseload.model import COL_NAME, COL_SAFEGUARDING, HEADERS
from coachdesk.ui.directory.crisis import CrisisPanel
from tests.ui.conftest import make_window, unlock
from tests.ui.test_crisis_client import NOTE, two  # noqa: F401  (fixture)


def _caseload_text(window: Any, name: str) -> str:
    window.show_page("caseload")
    model = window.caseload.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, COL_NAME).data() == name)
    return str(model.index(row, COL_SAFEGUARDING).data() or "")


def test_saved_safeguarding_note_is_on_the_open_timeline_and_flagged(
        two, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _priya, tom = two
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    assert HEADERS[COL_SAFEGUARDING] == "Safeguarding"
    assert _caseload_text(window, "Tom Hughes") == ""
    assert window.caseload.table.isColumnHidden(COL_SAFEGUARDING)  # no concern yet
    window.open_client(tom.id)
    flag = window.record.findChild(QLabel, "recordSafeguarding")
    assert flag.isHidden()
    window.registry.trigger(ActionId.CRISIS_CONTACTS)
    QApplication.processEvents()
    panel = window.crisis_dialog.findChild(CrisisPanel)
    window.crisis_dialog.chooser.choose(tom.id)
    panel.concern.setPlainText(NOTE.concern)
    panel.action.setPlainText(NOTE.action_taken)
    assert panel.submit()
    QApplication.processEvents()
    window.crisis_dialog.reject()
    # no F5: the open timeline has the note, the header says so in words
    assert "felt unsafe at home" in window.record.timeline.toPlainText()
    assert not flag.isHidden()
    assert "Safeguarding concern recorded" in flag.text()
    assert " 2026" in flag.text()  # the day it was recorded, as 23 Nov 2026
    assert "safeguarding" in flag.accessibleName().lower()
    assert _caseload_text(window, "Tom Hughes").startswith("Concern")
    assert _caseload_text(window, "Priya Shah") == ""
    table = window.caseload.table
    assert not table.isColumnHidden(COL_SAFEGUARDING)
    assert table.horizontalHeader().visualIndex(COL_SAFEGUARDING) == 1  # next to the name
    words = _caseload_text(window, "Tom Hughes")
    assert table.columnWidth(COL_SAFEGUARDING) >= table.fontMetrics().horizontalAdvance(
        words) + 12  # the whole of it shows, not "Concern …"
    window.close()
