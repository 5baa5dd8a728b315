"""Issue 12 item 10: saved PDFs go to a folder the coach chose once (remembered for the
profile, in the vault), the status bar says where and that a saved PDF is not protected by
the vault, and the file name has the client's initials and the date, never the name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from coachdesk.services import plans
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, child, make_window, unlock


def _preview(window: Any, qtbot: Any, client_id: str) -> Any:
    window.print_dialog = None
    window.open_client(client_id)
    window.registry.trigger(ActionId.PRINT_PLAN)
    qtbot.waitUntil(lambda: window.print_dialog is not None, timeout=5000)
    return window.print_dialog


def test_pdfs_go_to_the_folder_chosen_once_named_by_initials(seeded, app_paths, clocks, qtbot,
                                                             tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    plans.add_goal(store, seeded.client.id, "Back to the bakery by spring")
    store.vault.close()
    folder = tmp_path / "Saved plans"
    folder.mkdir()
    asked: list[str] = []

    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    dialog = _preview(window, qtbot, seeded.client.id)
    assert "not protected by the vault" in child(dialog, QLabel, "savedPdfWarning").text()
    dialog.choose_folder = lambda: asked.append("asked") or str(folder)  # the OS folder picker
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    [saved] = list(folder.iterdir())
    assert saved.name == "Action plan - ZO - 2026-11-23.pdf"
    c = seeded.client
    assert c.given_name not in saved.name and c.family_name not in saved.name
    message = window.statusBar().currentMessage()
    assert str(saved) in message and "not protected by the vault" in message
    window.close()

    again = make_window(app_paths, clocks, qtbot)  # a restart: the folder is remembered
    unlock(again)
    dialog = _preview(again, qtbot, seeded.client.id)
    dialog.choose_folder = lambda: asked.append("asked again") or ""
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert asked == ["asked"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "Action plan - ZO - 2026-11-23 (2).pdf", "Action plan - ZO - 2026-11-23.pdf"]
    assert b"Saved plans" not in (app_paths.vault(PROFILE).database.read_bytes())
    again.close()
