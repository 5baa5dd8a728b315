""""N changes waiting" counts what the coach did (each save), not the fields written: one
phone edit and one case note are 2 changes, as the status bar, `sync status` and Check
sync say (the tester saw "20 changes waiting" for those two)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from coachdesk.domain import CaseNote, Client
from coachdesk.domain.ids import new_id
from coachdesk.services.sync import SyncDesk
from coachdesk.store.store import Store
from coachdesk.sync.verify import local_view


def test_one_edit_and_one_note_are_two_changes_waiting(store: Store, client: Client) -> None:
    store.journal.mark_pushed(10**9)  # what the vault was made with has been sent
    assert SyncDesk(store).status().waiting == 0
    store.repo(Client).update(replace(client, phone="07700 900123"))
    store.repo(CaseNote).add(CaseNote(id=new_id(), client_id=client.id, author="Test Coach",
                                      written_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
                                      body="Talked about a phased return."))
    assert store.journal.pending_count() > 2  # the note's fields, each one sent
    assert SyncDesk(store).status().waiting == 2
    assert local_view(store).waiting == 2
