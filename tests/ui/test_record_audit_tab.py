"""Issue 14: the client record's own Audit trail tab says what happened in the words of the
audit-trail viewer (services/audit.describe), never a table's name such as "case_note"."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget

from coachdesk.domain.enums import OutcomeKind
from coachdesk.services import followups, notes, plans
from coachdesk.services.appsession import unlock_profile
from coachdesk.services.audit import AuditFilter, audit_rows
from tests.factories import PASSPHRASE, TODAY
from tests.ui.conftest import PROFILE, child, unlock

#: what the tab's old "Record" column showed: the table's name
TABLE_NAMES = {"client", "case note", "appointment", "action plan", "plan goal", "plan step",
               "signposting", "outcome", "consent"}


def test_record_audit_tab_uses_the_viewer_words(seeded, app_paths, window) -> None:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    first = notes.write_note(store, seeded.client.id, "Starts at the warehouse on Monday.")
    notes.amend_note(store, first.id, "Starts at the warehouse on Tuesday.", "wrong day")
    plans.add_step(store, seeded.client.id, "Ring the warehouse", due_on=TODAY)
    followups.record_outcome(store, seeded.client.id, OutcomeKind.STARTED_WORK, TODAY)
    store.vault.close()
    unlock(window)
    window.open_client(seeded.client.id)
    table = child(window, QTableWidget, "recordAudit")
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["When", "Who", "Action", "What happened"]
    said = [table.item(r, 3).text() for r in range(table.rowCount())]
    for words in ("Record opened", "Note written", "Note amended", "Plan step added",
                  "Outcome added"):
        assert words in said, (words, said)
    cells = [table.item(r, c).text() for r in range(table.rowCount())
             for c in range(table.columnCount())]
    assert not [c for c in cells if "_" in c or c.lower() in TABLE_NAMES]
    window.close()
    # the viewer, filtered to this client, says the same things about the same events
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    try:
        viewer = {row.what for row in audit_rows(store, AuditFilter(client_id=seeded.client.id))}
    finally:
        store.vault.close()
    assert set(said) <= viewer
