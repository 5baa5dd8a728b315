"""Printing and the directory plugged into the real window, on a real vault."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLabel

from coachdesk.directory.crisis import SafeguardingNote
from coachdesk.domain import CaseNote, DirectoryService, Signposting
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.services import plans
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from coachdesk.ui.directory.crisis import CrisisPanel
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, make_window, unlock
from tests.ui.damage import damage_a_page_only_the_full_check_reads


def _seed_plan(app_paths: Any, client_id: str) -> DirectoryService:
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    plans.add_goal(store, client_id, "Back to the bakery by spring")
    plans.add_step(store, client_id, "Ring the talking therapies service", due_on=TODAY)
    crisis = DirectoryService(id=new_id(), name="Samaritans", phone="116 123", is_crisis=True)
    service = DirectoryService(id=new_id(), name="Talking Therapies Leeds",
                               categories=["mental health"], phone="0113 843 4388")
    store.repo(DirectoryService).add(crisis)
    store.repo(DirectoryService).add(service)
    store.vault.close()
    return service


def _query(window: Any, fn: Any) -> Any:
    """Look in the open vault from the test, on the worker, as the app would."""
    out: list[Any] = []
    window.ctx.worker.submit(lambda desk: fn(desk._store), out.append)
    return out[0]


def test_print_plan_previews_prints_records_and_closes_on_lock(
    seeded, app_paths, clocks, qtbot, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    _seed_plan(app_paths, seeded.client.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    window.registry.trigger(ActionId.PRINT_PLAN)
    dialog = window.print_dialog
    assert dialog.isVisible()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = dialog.print_to(printer)
    assert pages >= 1 and len(pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages) == pages
    view = _query(window, lambda s: plans.get_plan(s, seeded.client.id))
    assert view.plan.printed_version == view.plan.version
    events = _query(window, lambda s: s.audit.events(entity_id=seeded.client.id))
    assert events[-1].action is AuditAction.PRINT and "version" in events[-1].detail
    window.lock()
    QApplication.processEvents()
    assert not dialog.isVisible()
    window.close()


def test_print_needs_a_client(seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.show_page("new_client")
    window.registry.trigger("print_signposting")
    assert "Choose a client first" in window.statusBar().currentMessage()
    assert getattr(window, "print_dialog", None) is None
    window.close()


def test_directory_page_signposts_the_client_in_view(
    seeded, app_paths, clocks, qtbot  # type: ignore[no-untyped-def]
) -> None:
    service = _seed_plan(app_paths, seeded.client.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    window.registry.trigger(ActionId.DIRECTORY)
    assert window.page_name() == "directory"
    page = window._page_names["directory"]
    assert "Zoë" in page.for_client.text()
    page.panel.query.setText("talking")
    page.panel.refresh()
    assert page.panel.model.rowCount() >= 1
    page.panel._signpost(service, "Low mood since the accident", None)
    saved = _query(window, lambda s: s.repo(Signposting).find_by("client_id", seeded.client.id))
    assert [(r.service_name, r.reason) for r in saved] == [
        ("Talking Therapies Leeds", "Low mood since the accident")]
    window.close()


def test_crisis_panel_from_anywhere_saves_safeguarding_note(
    seeded, app_paths, clocks, qtbot  # type: ignore[no-untyped-def]
) -> None:
    _seed_plan(app_paths, seeded.client.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    action = window.registry[ActionId.CRISIS_CONTACTS]
    assert action.shortcut().toString() == "Ctrl+Shift+H"
    action.trigger()
    dialog = window.crisis_dialog
    assert dialog.isVisible()
    panel = dialog.findChild(CrisisPanel)
    assert "116 123" in " ".join(w.text() for w in panel.findChildren(QLabel))
    panel._save_note(SafeguardingNote(concern="Client said they felt unsafe at home",
                                      action_taken="Gave Samaritans number; told GP"))
    notes = _query(window, lambda s: s.repo(CaseNote).find_by("client_id", seeded.client.id))
    assert any("felt unsafe" in n.body for n in notes)
    window.lock()
    QApplication.processEvents()
    assert not dialog.isVisible()
    window.close()


def test_large_vault_damage_found_after_unlock_locks_the_app(
    seeded, app_paths, clocks, qtbot, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    import coachdesk.store.vault as vault_module

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(vault_module, "FULL_CHECK_BYTES", 1024)
    damage_a_page_only_the_full_check_reads(app_paths, PROFILE)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert window.is_locked() and "damaged" in shown[0]
    window.close()


def test_import_a_feed_from_the_directory_page(
    seeded, app_paths, clocks, qtbot  # type: ignore[no-untyped-def]
) -> None:
    import pytest

    feed = Path(__file__).resolve().parents[3] / "shared" / "oruk" / "examples" / \
        "service_full.json"
    if not feed.is_file():
        pytest.skip("shared/oruk is not beside the checkout")
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(seeded.client.id)
    window.registry.trigger(ActionId.DIRECTORY)
    page = window._page_names["directory"]
    assert page.import_button.isEnabled()
    dialog = page.ask_import()
    dialog.path.setText(str(feed))
    dialog.feed.setCurrentText("Example council")
    dialog.run()
    assert dialog.output.toPlainText().startswith("service_full.json: 1 new, 0 updated")
    page.panel.query.setText("Community Counselling")
    page.panel.refresh()
    names = [page.panel.model.service(r).name for r in range(page.panel.model.rowCount())]
    assert "Community Counselling" in names
    dialog.path.setText(str(feed.parent / "no-such-file.json"))
    dialog.run()
    assert "nothing was imported. There is no file at" in dialog.output.toPlainText()
    window.close()


def test_change_passphrase_in_the_app(seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    from coachdesk.ui.passphrase import ChangePassphraseDialog

    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry.trigger(ActionId.CHANGE_PASSPHRASE)
    dialog = window.findChild(ChangePassphraseDialog)
    dialog.old.setText("not my passphrase at all")
    dialog.new.setText("a brand new long passphrase")
    dialog.again.setText("a brand new long passphrase typo")
    dialog.save()
    assert "differ" in dialog.message.text() and dialog.isVisible()
    dialog.again.setText("a brand new long passphrase")
    dialog.save()
    assert "Passphrase not recognised" in dialog.message.text() and dialog.isVisible()
    dialog.old.setText(PASSPHRASE)
    dialog.save()
    assert not dialog.isVisible()
    assert "Passphrase changed" in window.statusBar().currentMessage()
    events = _query(window, lambda s: s.audit.events())
    assert events[-1].detail == "passphrase changed"
    window.lock()
    unlock(window, "a brand new long passphrase")
    assert not window.is_locked()
    window.close()
