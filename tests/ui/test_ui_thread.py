"""No database work on the UI thread: the real window, threaded worker, on a vault whose
connection refuses to be touched from the UI thread. Unlock, Today, caseload search, a
client's record, the directory (search, import a feed, search again), crisis contacts,
printing, a session, a new client and lock must all still work, every query running on
the DB worker."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from coachdesk.directory.synthetic import page, service
from coachdesk.domain import CaseNote, DirectoryService
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from coachdesk.ui.directory.crisis import CrisisPanel
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, child, click, make_window, type_into, unlock

WAIT = 15000


class UiThreadTouched(AssertionError):
    pass


def _guarded_connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on every vault connection raises if used on the UI (main) thread; each
    use is also noted, so a use swallowed by a handler still fails the test."""
    touched: list[str] = []
    base = sqlcipher3.dbapi2.Connection

    def check(what: str) -> None:
        if threading.current_thread() is threading.main_thread():
            touched.append(what)
            raise UiThreadTouched(f"the vault connection was used on the UI thread: {what}")

    class Guarded(base):  # type: ignore[misc,valid-type]
        def execute(self, *args: Any, **kwargs: Any) -> Any:
            check("execute")
            return super().execute(*args, **kwargs)

        def executemany(self, *args: Any, **kwargs: Any) -> Any:
            check("executemany")
            return super().executemany(*args, **kwargs)

        def executescript(self, *args: Any, **kwargs: Any) -> Any:
            check("executescript")
            return super().executescript(*args, **kwargs)

        def cursor(self, *args: Any, **kwargs: Any) -> Any:
            check("cursor")
            return super().cursor(*args, **kwargs)

        def commit(self) -> None:
            check("commit")
            super().commit()

        def close(self) -> None:
            check("close")
            super().close()

    real_connect = sqlcipher3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        return real_connect(*args, factory=Guarded, **kwargs)

    monkeypatch.setattr(sqlcipher3, "connect", connect)
    return touched


def _seed_directory(app_paths: Any) -> None:
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    store.repo(DirectoryService).add(
        DirectoryService(id=new_id(), name="Samaritans", phone="116 123", is_crisis=True))
    store.repo(DirectoryService).add(
        DirectoryService(id=new_id(), name="Talking Therapies Leeds",
                         categories=["mental health"], phone="0113 843 4388"))
    store.vault.close()


def test_the_window_never_touches_the_vault_on_the_ui_thread(
    seeded, app_paths, clocks, qtbot, monkeypatch, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    _seed_directory(app_paths)
    feed = tmp_path / "leeds.json"
    feed.write_text(json.dumps(page([service(1), service(2)])), encoding="utf-8")
    touched = _guarded_connections(monkeypatch)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    worker = window.ctx.worker

    def settled() -> bool:
        return not worker.is_busy

    unlock(window)  # the KDF, the unlock audit and Today's clinic, all on the worker
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=WAIT)
    qtbot.waitUntil(lambda: window.today.title.text().startswith("Today, "), timeout=WAIT)

    window.registry.trigger(ActionId.CASELOAD)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1, timeout=WAIT)
    child(window, QLineEdit, "caseloadSearch").setText("Okafor")
    qtbot.waitUntil(lambda: window.caseload._search_ids == {seeded.client.id}, timeout=WAIT)

    window.open_client(seeded.client.id)
    qtbot.waitUntil(lambda: child(window, QLabel, "recordTitle").text() == "Zoë Okafor",
                    timeout=WAIT)

    window.registry.trigger(ActionId.DIRECTORY)
    directory = window._page_names["directory"]
    qtbot.waitUntil(lambda: directory.panel is not None and settled(), timeout=WAIT)
    directory.panel.query.setText("talking")
    directory.panel.refresh()
    qtbot.waitUntil(lambda: directory.panel.model.rowCount() == 1, timeout=WAIT)
    dialog = directory.ask_import()  # the feeds it offers come from the worker's overview
    dialog.path.setText(str(feed))
    dialog.run()
    qtbot.waitUntil(lambda: "2 new" in dialog.output.toPlainText(), timeout=WAIT)
    dialog.reject()
    directory.panel.query.setText("")
    directory.panel.refresh()  # after the import: the index is rebuilt, on the worker
    qtbot.waitUntil(lambda: directory.panel.model.rowCount() == 4, timeout=WAIT)

    window.open_client(seeded.client.id)
    qtbot.waitUntil(settled, timeout=WAIT)
    window.registry.trigger(ActionId.CRISIS_CONTACTS)
    qtbot.waitUntil(lambda: getattr(window, "crisis_dialog", None) is not None, timeout=WAIT)
    panel = window.crisis_dialog.findChild(CrisisPanel)
    assert "116 123" in " ".join(w.text() for w in panel.findChildren(QLabel))
    from coachdesk.services.directory import SafeguardingNote

    panel._save_note(SafeguardingNote(concern="Said they felt unsafe at home",
                                      action_taken="Gave the Samaritans number"))
    qtbot.waitUntil(settled, timeout=WAIT)
    window.crisis_dialog.reject()

    window.registry.trigger(ActionId.PRINT_PLAN)
    qtbot.waitUntil(lambda: getattr(window, "print_dialog", None) is not None, timeout=WAIT)
    window.print_dialog.reject()

    window.registry.trigger(ActionId.START_SESSION)  # a session: note, step, end
    qtbot.waitUntil(lambda: child(window, QLabel, "sessionTitle").text() != "", timeout=WAIT)
    child(window, QPlainTextEdit, "sessionNote").setPlainText("Talked about sleep.")
    window.session.save_draft()
    window.registry.trigger(ActionId.END_SESSION)
    qtbot.waitUntil(lambda: window.session.pages.currentWidget() is window.session.after,
                    timeout=WAIT)
    click(window, "afterDone")
    qtbot.waitUntil(settled, timeout=WAIT)

    window.registry.trigger(ActionId.NEW_CLIENT)  # a new client, saved
    qtbot.waitUntil(settled, timeout=WAIT)
    for name, text in (("field_given_name", "Kwame"), ("field_family_name", "Mensah"),
                       ("field_date_of_birth", "03/09/1979"),
                       ("field_consent_scope", "Share with the GP practice")):
        type_into(window, name, text)
    click(window, "saveClient")
    qtbot.waitUntil(lambda: window.page_name() == "record" and settled(), timeout=WAIT)
    qtbot.waitUntil(lambda: child(window, QLabel, "recordTitle").text() == "Kwame Mensah",
                    timeout=WAIT)

    window.registry.trigger(ActionId.LOCK)
    qtbot.waitUntil(settled, timeout=WAIT)
    assert window.is_locked()
    window.close()
    assert touched == []
    monkeypatch.undo()
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    try:
        notes = store.repo(CaseNote).find_by("client_id", seeded.client.id)
        assert any("felt unsafe" in n.body for n in notes)
        assert any(n.body == "Talked about sleep." for n in notes)
    finally:
        store.vault.close()
