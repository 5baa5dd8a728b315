"""Cases due for deletion in the real window: listed, confirmed by the count, erased."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.services import clients
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.governance import RETENTION, open_retention
from coachdesk.ui.preferences import PreferencesDialog
from tests.factories import PASSPHRASE, TODAY
from tests.governance_helpers import shots
from tests.ui.conftest import PROFILE, Seeded, make_window, unlock


def test_due_cases_are_listed_and_deleted_after_confirmation(
        seeded: Seeded, app_paths, clocks, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    clients.close_case(store, seeded.client.id, "moved away", on=date(2023, 3, 1))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    assert window.extras  # optional modules join the workspace, built on first use
    assert RETENTION in window.registry
    prefs = PreferencesDialog(window.ctx.prefs, window)
    assert prefs.result_prefs().retention_years == 2
    dialog = open_retention(window)
    QApplication.processEvents()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "1 Mar 2023"
    assert dialog.table.item(0, 2).text() == "1 Mar 2025"
    qtbot.keyClicks(dialog.typed, "2")
    assert not dialog.delete_button.isEnabled()
    dialog.typed.clear()
    qtbot.keyClicks(dialog.typed, "1")
    assert dialog.delete_button.isEnabled()
    dialog.grab().save(str(shots(tmp_path) / "retention-due.png"))
    qtbot.keyClick(dialog.delete_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert dialog.table.rowCount() == 0
    assert "1 case(s) deleted" in dialog.message.text()
    found: list[object] = []
    window.ctx.worker.submit(lambda desk: desk.caseload(window.ctx.today(), window.ctx.now()),
                             found.append)
    QApplication.processEvents()
    assert found[0][0] == []  # type: ignore[index]
    window.close()

