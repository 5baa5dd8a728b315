"""Issue 12 item 6 through the window: every possible duplicate listed with why, the coach
chooses which to open; Merge two records from the Client menu."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QApplication, QListWidget, QPushButton

from coachdesk.domain import CaseNote, Client
from coachdesk.services import notes
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.ui.conftest import PROFILE, child, click, make_window, type_into, unlock

BORN = date(1991, 6, 14)


def _two_bethans(app_paths: Any, practice_id: str) -> tuple[Client, Client]:
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    made = []
    for given, family in (("Bethan", "Phillips"), ("Bethany", "Philips")):
        person = make_client(practice_id, given_name=given, family_name=family,
                             date_of_birth=BORN, postcode="LS6 3AA", nhs_number="")
        store.repo(Client).add(person)
        notes.write_note(store, person.id, f"Note on {given}'s record.")
        made.append(person)
    store.vault.close()
    return made[0], made[1]


def test_new_client_lists_every_candidate_and_opens_the_chosen_one(seeded, app_paths, clocks,
                                                                   qtbot):  # type: ignore[no-untyped-def]
    _first, second = _two_bethans(app_paths, seeded.practice.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.registry.trigger(ActionId.NEW_CLIENT)
    type_into(window, "field_given_name", "Beth")
    type_into(window, "field_family_name", "Philips")
    type_into(window, "field_date_of_birth", "14/06/1991")
    type_into(window, "field_postcode", "LS6 3AA")
    type_into(window, "field_consent_scope", "Share with the GP practice")
    click(window, "saveClient")
    shown = child(window, QListWidget, "duplicateList")
    rows = [shown.item(r).text() for r in range(shown.count())]
    assert len(rows) == 2
    assert all("same date of birth" in r and "same postcode" in r for r in rows)
    shown.setCurrentRow(next(i for i, r in enumerate(rows) if r.startswith("Bethany")))
    click(window, "openExisting")
    assert window.page_name() == "record" and window.record.client_id == second.id
    window.close()


def test_merge_two_records_from_the_client_menu(seeded, app_paths, clocks, qtbot):  # type: ignore[no-untyped-def]
    first, _second = _two_bethans(app_paths, seeded.practice.id)
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(first.id)
    window.registry.trigger(ActionId.MERGE_CLIENTS)
    dialog = window.merge_dialog
    assert "Bethan Phillips" in dialog.windowTitle()
    listed = child(dialog, QListWidget, "mergeCandidates")
    assert listed.count() == 1 and "Bethany Philips" in listed.item(0).text()
    child(dialog, QPushButton, "mergeConfirm").click()
    QApplication.processEvents()
    assert not dialog.isVisible()
    out: list[Any] = []
    window.ctx.worker.submit(lambda d: d.load_record(first.id, clocks.wall, False), out.append)
    bodies = {e.note.body for e in out[0].notes}
    assert bodies == {"Note on Bethan's record.", "Note on Bethany's record."}
    window.ctx.worker.submit(lambda d: d._store.repo(CaseNote).count(), out.append)
    assert out[-1] == 2
    assert "merged" in window.statusBar().currentMessage()
    window.close()
