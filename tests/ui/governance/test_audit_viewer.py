"""The audit trail viewer in the real window on a real vault, keyboard only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.ui.governance import AUDIT_TRAIL
from coachdesk.ui.governance.audit_view import AuditTrailDialog
from tests.governance_helpers import shots
from tests.ui.conftest import Seeded, unlock


def _open(window, qtbot, client_id: str) -> AuditTrailDialog:  # type: ignore[no-untyped-def]
    unlock(window)
    window.open_client(client_id)
    QApplication.processEvents()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    dialog = window.findChild(AuditTrailDialog, "auditTrailDialog")
    assert dialog is not None, "Ctrl+Shift+T opens the audit trail"
    return dialog


def test_audit_viewer_filters_and_verifies_by_keyboard(seeded: Seeded, window, qtbot,
                                                       tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.extras  # optional modules join the workspace, built on first use
    assert AUDIT_TRAIL in window.registry
    dialog = _open(window, qtbot, seeded.client.id)
    rows = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    assert "Record opened" in rows and "Client details added" in rows
    # filter to the client, by keyboard: the combo is reached through its mnemonic
    index = dialog.client.findData(seeded.client.id)
    assert index > 0
    dialog.client.setCurrentIndex(index)
    qtbot.keyClick(dialog.show_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    clients = {dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())}
    assert clients == {seeded.client.full_name}
    dialog.since.setText("not a date")
    dialog.refresh()
    assert "is not a date" in dialog.status.text()
    dialog.since.setText("")
    dialog.refresh()
    qtbot.keyClick(dialog.verify_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert "intact" in dialog.verdict.text()
    for size in ((1366, 768), (1024, 700)):
        dialog.resize(*size)
        QApplication.processEvents()
        dialog.grab().save(str(shots(tmp_path) / f"audit-trail-{size[0]}.png"))


def test_subject_access_copy_from_the_records_menu(seeded: Seeded, window, qtbot,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    from coachdesk.ui.governance import SUBJECT_ACCESS, subject_access_copy

    out = tmp_path / "copies"
    out.mkdir()
    unlock(window)
    assert window.extras  # optional modules join the workspace, built on first use
    assert SUBJECT_ACCESS in window.registry
    subject_access_copy(window, str(out))
    assert "Open the client's record first" in window.statusBar().currentMessage()
    window.open_client(seeded.client.id)
    QApplication.processEvents()
    subject_access_copy(window, str(out))
    QApplication.processEvents()
    assert sorted(p.suffix for p in out.iterdir()) == [".json", ".pdf"]
    assert all(p.name.startswith("Subject access Zoë Okafor") for p in out.iterdir())


def test_erase_client_asks_for_the_name_and_lists_backups(seeded: Seeded, window, qtbot,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    from coachdesk.ui.governance import ERASE_CLIENT, erase_client
    from coachdesk.ui.governance.erase_dialog import EraseClientDialog

    unlock(window)
    window.ctx.worker.submit(lambda desk: desk.backup_now())
    QApplication.processEvents()
    assert window.extras  # optional modules join the workspace, built on first use
    assert ERASE_CLIENT in window.registry
    window.open_client(seeded.client.id)
    QApplication.processEvents()
    erase_client(window)
    QApplication.processEvents()
    dialog = window.findChild(EraseClientDialog, "eraseClientDialog")
    assert dialog is not None and dialog.backups.rowCount() == 2  # the day's and by hand
    rows = {dialog.backups.item(r, 1).text(): dialog.backups.item(r, 2).text()
            for r in range(2)}
    assert rows["made by hand"] == "kept until someone deletes it"
    assert rows["automatic"].endswith(" 2027") or rows["automatic"].endswith(" 2026")
    qtbot.keyClicks(dialog.typed, "Zoe Okafor")  # not the name: no way to erase
    assert not dialog.erase_button.isEnabled()
    dialog.typed.clear()
    dialog.typed.setText("zoë  okafor")  # (qtbot cannot type ë offscreen)
    assert dialog.erase_button.isEnabled()
    for size in ((1366, 768), (1024, 700)):
        dialog.resize(min(size[0], 900), min(size[1], 520))
        QApplication.processEvents()
        dialog.grab().save(str(shots(tmp_path) / f"erase-client-{size[0]}.png"))
    qtbot.keyClick(dialog.erase_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert window.page_name() == "caseload"
    found: list[object] = []
    window.ctx.worker.submit(lambda desk: desk.caseload(window.ctx.today(), window.ctx.now()),
                             found.append)
    QApplication.processEvents()
    assert found and found[0][0] == []  # type: ignore[index]


def test_evaluation_export_from_the_records_menu(seeded: Seeded, window, qtbot,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    from coachdesk.ui.governance import EVALUATION, evaluation_export

    unlock(window)
    assert window.extras  # optional modules join the workspace, built on first use
    assert EVALUATION in window.registry
    out = tmp_path / "evaluation.csv"
    evaluation_export(window, str(out))
    QApplication.processEvents()
    text = out.read_text("utf-8-sig")
    assert text.startswith("episode,practice,referral_month")
    assert seeded.client.family_name not in text  # no consent to evaluation: left out
    assert len(text.splitlines()) == 1  # the header only
