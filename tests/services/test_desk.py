"""The Desk, the UI's one door: writes say what they changed, drafts and prints are audited,
and a print records the plan version that was actually rendered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import AuditAction
from coachdesk.services.changes import CLIENT, DRAFT, PLAN, PRACTICE, Changes
from coachdesk.services.desk import Desk
from coachdesk.services.drafts import note_draft_key
from coachdesk.services.errors import ValidationError
from coachdesk.services.practices import new_practice
from coachdesk.services.printing import PLAN_DOCUMENT, PRINTED, SAVED
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import PASSPHRASE

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _actions(store: Store, entity: str) -> list[AuditAction]:
    return [e.action for e in store.audit.events() if e.entity == entity]


def test_a_print_records_the_version_rendered_not_the_latest(store: Store, client: Client):
    desk = Desk(store)
    desk.add_goal(client.id, "Back to the bakery by spring")
    rendered = desk.render_document(client.id, PLAN_DOCUMENT, False, NOW)
    assert rendered.pdf.startswith(b"%PDF") and rendered.plan_version == 1
    desk.add_step(client.id, "Ring the talking therapies service")  # version 2, not printed
    version = desk.record_rendered(rendered, PRINTED).value
    plan = desk.load_record(client.id, NOW, False).plan.plan
    assert version == 1 and plan.printed_version == 1 and plan.version == 2
    assert store.audit.events()[-1].detail == "action plan printed, plan version 1"


def test_saving_a_pdf_is_audited_as_an_export(store: Store, client: Client):
    desk = Desk(store)
    rendered = desk.render_document(client.id, "signposting sheet", True, NOW)
    assert desk.record_rendered(rendered, SAVED).value is None
    event = store.audit.events()[-1]
    assert event.action is AuditAction.EXPORT and event.entity_id == client.id


def test_drafts_are_audited_when_kept_and_when_discarded(store: Store, client: Client):
    desk = Desk(store)
    key = note_draft_key(client.id)
    assert desk.save_draft(key, "Talked about") == Changes.of(DRAFT, None, key)
    desk.save_draft(key, "Talked about sleep")  # the autosave: no new audit event
    assert desk.latest_note_draft() == (client.id, "Talked about sleep")
    assert _actions(store, DRAFT) == [AuditAction.CREATE]
    desk.save_draft(key, "   ")  # emptied: thrown away
    assert desk.latest_note_draft() is None
    assert _actions(store, DRAFT) == [AuditAction.CREATE, AuditAction.ERASE]
    assert "sleep" not in " ".join(e.detail for e in store.audit.events())


def test_lock_keeps_unsaved_text_as_an_audited_draft(store: Store, client: Client,
                                                     vault_paths):  # type: ignore[no-untyped-def]
    Desk(store).lock({note_draft_key(client.id): "Half a note", "empty": "  "})
    assert not store.vault.is_open
    with Vault.unlock(vault_paths, PASSPHRASE) as vault:
        again = Desk(Store(vault, actor="Test Coach"))
        assert again.latest_note_draft() == (client.id, "Half a note")
        assert _actions(again._store, DRAFT) == [AuditAction.CREATE]


def test_a_practice_with_no_name_is_refused_and_nothing_saved(store: Store):
    desk = Desk(store)
    with pytest.raises(ValidationError) as caught:
        desk.add_practice(new_practice("   "))
    assert "name" in caught.value.problems
    assert store.repo(Practice).all() == []
    practice = new_practice("Oakwood Lane Medical Practice")
    changes = desk.add_practice(practice)
    assert changes.touches(PRACTICE) and changes.ids == (practice.id,)
    assert [p.name for p in desk.caseload(NOW.date(), NOW)[1]] == [practice.name]


def test_writes_say_what_they_changed_and_for_whom(store: Store, client: Client):
    desk = Desk(store)
    assert desk.close_case(client.id, "Moved away").client_ids == {client.id}
    assert desk.reopen_case(client.id).touches(CLIENT)
    assert desk.add_goal(client.id, "Back to work").touches(PLAN)
    ended = desk.end_session(client.id, None, "Talked about sleep.", [], NOW)
    assert ended.value is True and ended.changes.touches("appointment", "case_note")
    assert ended.changes.client_ids == {client.id}
