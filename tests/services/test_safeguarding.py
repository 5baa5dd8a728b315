"""A safeguarding note is a case note written through the one note path, with its checks."""

from __future__ import annotations

from datetime import datetime

import pytest

from coachdesk.directory.crisis import SafeguardingNote
from coachdesk.domain import CaseNote, Client
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.timefmt import UK
from coachdesk.services.safeguarding import record_safeguarding
from coachdesk.store.repository import NotFound
from coachdesk.store.store import Store

WHEN = datetime(2026, 11, 23, 10, 40, tzinfo=UK)
NOTE = SafeguardingNote(
    concern="Client said they had thoughts of ending their life.",
    action_taken="Stayed with client while they called Samaritans; GP told with consent.",
    services_contacted=["Samaritans 116 123"],
    escalated_to="Dr Patel",
)


def _counts(store: Store) -> tuple[int, int, int]:
    return (store.repo(CaseNote).count(), len(store.audit.events()),
            store.journal.pending_count())


def test_safeguarding_note_goes_on_the_record(store: Store, client: Client) -> None:
    saved = record_safeguarding(store, client.id, NOTE, WHEN)
    stored = store.repo(CaseNote).require(saved.id)
    assert stored.tags == ["safeguarding"] and stored.client_id == client.id
    assert stored.author == "Test Coach" and stored.written_at == WHEN
    assert stored.body.splitlines() == [
        "Safeguarding note, 23 Nov 2026, 10:40",
        "Concern: Client said they had thoughts of ending their life.",
        "Action taken: Stayed with client while they called Samaritans; GP told with consent.",
        "Crisis services given or contacted: Samaritans 116 123",
        "Escalated to: Dr Patel",
        "Client told what was done: yes",
    ]
    last = store.audit.events()[-1]
    assert (last.action, last.entity, last.entity_id) == (AuditAction.CREATE, "case_note",
                                                          saved.id)


def test_an_empty_safeguarding_note_says_why_and_writes_nothing(
    store: Store, client: Client
) -> None:
    before = _counts(store)
    with pytest.raises(ValidationError) as caught:
        record_safeguarding(store, client.id, SafeguardingNote("", ""), WHEN)
    assert set(caught.value.problems) == {"concern", "action_taken"}
    assert _counts(store) == before


def test_a_safeguarding_note_for_a_client_who_does_not_exist_is_refused(store: Store) -> None:
    before = _counts(store)
    with pytest.raises(NotFound):
        record_safeguarding(store, "no-such-client", NOTE, WHEN)
    assert _counts(store) == before
    assert store.repo(CaseNote).find_by("client_id", "no-such-client") == []
