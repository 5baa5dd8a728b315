"""The audit viewer's service: labels in words, filters, and Verify on a real vault."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import AuditAction
from coachdesk.services import notes
from coachdesk.services.audit import AuditFilter, audit_rows, describe, verify_audit
from coachdesk.services.printing import PRINTED, SAVED, Rendered, record_rendered
from coachdesk.store.store import Store
from tests.factories import TODAY, make_client


def _drop_guards(store: Store) -> None:
    store._conn.execute("DROP TRIGGER audit_no_update")
    store._conn.execute("DROP TRIGGER audit_no_delete")


@pytest.fixture
def busy(store: Store, practice: Practice) -> tuple[Client, Client]:
    one = make_client(practice.id, given_name="Ama", family_name="Fenwick")
    two = make_client(practice.id, given_name="Bryn", family_name="Tallis", nhs_number="")
    for c in (one, two):
        store.repo(Client).add(c)
    store.repo(Client).update(replace(one, phone="0113 496 0001"))
    note = notes.write_note(store, one.id, "Talked about hours.")
    notes.amend_note(store, note.id, "Talked about shorter hours.", "wrong word")
    pdf = Rendered(one.id, "action plan", b"%PDF", "x.pdf", "t", 1)
    record_rendered(store, pdf, SAVED)
    record_rendered(store, replace(pdf, document="signposting sheet"), PRINTED)
    store.repo(Client).view(two.id, "client record")
    return one, two


def test_labels_say_what_happened_not_the_table(store: Store, busy: tuple[Client, Client]
                                                 ) -> None:
    rows = audit_rows(store, AuditFilter(client_id=busy[0].id))
    what = [r.what for r in rows]
    assert "Note amended" in what and "Note written" in what
    assert "Action plan saved as PDF" in what
    assert "Signposting sheet printed" in what
    assert "Client details changed: phone" in what
    assert not any("case_note" in w or w[:7] == "client " for w in what)
    assert {r.client for r in rows} == {"Ama Fenwick"}


def test_filters_by_client_action_person_and_date(store: Store, busy: tuple[Client, Client]
                                                   ) -> None:
    _one, two = busy
    only_two = audit_rows(store, AuditFilter(client_id=two.id))
    assert only_two and {r.client_id for r in only_two} == {two.id}
    views = audit_rows(store, AuditFilter(action=AuditAction.VIEW))
    assert [r.what for r in views] == ["Record opened"]
    assert audit_rows(store, AuditFilter(actor="Someone Else")) == []
    everything = audit_rows(store, AuditFilter())
    mine = audit_rows(store, AuditFilter(actor="Test Coach"))
    assert mine == [r for r in everything if r.actor == "Test Coach"] and len(mine) >= 9
    recent = audit_rows(store, AuditFilter(since=TODAY - timedelta(days=3650)))
    assert recent and recent == audit_rows(store, AuditFilter())
    assert audit_rows(store, AuditFilter(until=TODAY - timedelta(days=3650))) == []


def test_describe_covers_every_action() -> None:
    from coachdesk.domain.audit import AuditEvent
    from coachdesk.domain.timefmt import utc_now

    for action in AuditAction:
        text = describe(AuditEvent(id="x", at=utc_now(), actor="a", action=action,
                                   entity="plan_step", entity_id="y"))
        assert text and text[0].isupper() and "_" not in text


def test_verify_says_intact(store: Store, busy: tuple[Client, Client]) -> None:
    intact, message = verify_audit(store)
    assert intact, message
    assert "intact" in message


@pytest.mark.parametrize("tamper, expected", [
    ("UPDATE audit SET detail = 'nothing' WHERE seq = 5", "event 5 was changed"),
    ("DELETE FROM audit WHERE seq = 4", "event 4 does not follow"),
    ("UPDATE audit SET seq = -seq WHERE seq IN (3, 4);"
     "UPDATE audit SET seq = 7 + seq WHERE seq < 0", "event 3 does not follow"),
    ("INSERT INTO audit(seq, id, at, actor, action, entity, entity_id, fields, device_id,"
     " detail, prev_hash, hash) SELECT 1000, 'forged', at, actor, action, entity,"
     " entity_id, fields, device_id, detail, hash, hash FROM audit WHERE seq = 2",
     "does not follow"),
])
def test_verify_finds_tampered_deleted_reordered_inserted(
        store: Store, busy: tuple[Client, Client], tamper: str, expected: str) -> None:
    _drop_guards(store)
    for statement in tamper.split(";"):
        store._conn.execute(statement)
    intact, message = verify_audit(store)
    assert not intact
    assert expected in message, message
