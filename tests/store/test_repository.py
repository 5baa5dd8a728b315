"""The one write path: row, journal, audit and search change together or not at all."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from coachdesk.domain import (
    ActionPlan,
    Appointment,
    CaseNote,
    Client,
    DirectoryService,
    OutcomeEvent,
    PlanGoal,
    PlanStep,
    Practice,
    Signposting,
)
from coachdesk.domain.enums import AuditAction, OutcomeKind
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.store.store import Store
from tests.factories import make_client

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _samples(client: Client, practice: Practice) -> list:  # type: ignore[type-arg]
    plan_id = new_id()
    service = DirectoryService(id=new_id(), name="Leeds Debt Advice", categories=["debt"])
    return [
        Appointment(id=new_id(), client_id=client.id, practice_id=practice.id, start=NOW),
        CaseNote(id=new_id(), client_id=client.id, author="Test Coach", written_at=NOW,
                 body="Discussed a phased return to work."),
        ActionPlan(id=plan_id, client_id=client.id),
        PlanGoal(id=new_id(), plan_id=plan_id, client_id=client.id, text="Back to work"),
        PlanStep(id=new_id(), plan_id=plan_id, client_id=client.id, text="Call the GP"),
        service,
        Signposting(id=new_id(), client_id=client.id, service_id=service.id,
                    service_name=service.name, made_on=date(2026, 11, 20)),
        OutcomeEvent(id=new_id(), client_id=client.id, occurred_on=date(2026, 11, 1),
                     kind=OutcomeKind.STAYED_IN_WORK),
    ]


def test_every_entity_round_trips_with_journal_and_audit(
    store: Store, client: Client, practice: Practice
) -> None:
    for record in _samples(client, practice):
        repo = store.repo(type(record))
        repo.add(record)
        assert repo.get(record.id) == record
        changes = store.journal.for_entity(record.id)
        assert {c.field: c.value for c in changes} == record.to_fields()
        assert {c.entity for c in changes} == {record.ENTITY}
        assert len({c.op_id for c in changes}) == len(changes)  # one op id per field
        assert {c.client_id for c in changes} == {record.belongs_to()}
        assert {c.device_id for c in changes} == {store.device_id}
        seqs = [c.seq for c in changes]
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
        events = store.audit.events(entity_id=record.id)
        assert [e.action for e in events] == [AuditAction.CREATE]
    assert store.audit.verify() is None


def test_update_journals_only_changed_fields(store: Store, client: Client) -> None:
    before = len(store.journal.for_entity(client.id))
    changed = store.repo(Client).update(replace(client, phone="0113 496 0001", review_on=None))
    assert changed == ["phone"]
    entries = store.journal.for_entity(client.id)[before:]
    assert [(c.field, c.value) for c in entries] == [("phone", "0113 496 0001")]
    assert entries[0].hlc > store.journal.for_entity(client.id)[0].hlc
    last = store.audit.events(entity_id=client.id)[-1]
    assert last.action is AuditAction.CHANGE and last.fields == ["phone"]
    # no change, no journal, no audit
    assert store.repo(Client).update(store.repo(Client).require(client.id)) == []
    assert len(store.journal.for_entity(client.id)) == before + 1


def test_a_field_written_again_unchanged_is_journalled_under_a_new_clock(
        store: Store, client: Client) -> None:
    """update(rewrite=...): a value chosen in review is sent again, so others learn it."""
    store.repo(Client).update(replace(client, phone="0113 496 0001"))
    first = store.journal.for_entity(client.id)[-1]
    held = store.repo(Client).require(client.id)
    assert store.repo(Client).update(held, rewrite=("phone", "no_such_field")) == ["phone"]
    again = store.journal.for_entity(client.id)[-1]
    assert (again.field, again.value) == ("phone", "0113 496 0001")
    assert again.hlc > first.hlc
    assert store.audit.events(entity_id=client.id)[-1].fields == ["phone"]
    assert store.repo(Client).require(client.id) == held  # the record itself is unchanged


def test_audit_holds_field_names_never_values(store: Store, client: Client) -> None:
    store.repo(Client).update(replace(client, phone="0113 496 0002"))
    rows = [" ".join(map(str, r)) for r in store.vault.conn.execute("SELECT * FROM audit")]
    assert len(rows) == 4  # vault, practice, client created; client changed
    assert all(client.given_name not in r and client.nhs_number not in r for r in rows)
    assert all("0113 496 0002" not in r for r in rows) and '["phone"]' in rows[-1]


def test_failure_inside_transaction_leaves_no_trace(store: Store) -> None:
    counts = {t: store.vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("client", "journal", "audit", "search_doc")}
    good = make_client(given_name="Rollback")
    with pytest.raises(ValidationError), store.transaction():
        store.repo(Client).add(good)
        store.repo(Client).add(make_client(given_name=""))  # invalid: fails after the first
    for table, count in counts.items():
        assert store.vault.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
    assert store.repo(Client).get(good.id) is None
    assert store.search("Rollback") == []


def test_invalid_record_is_not_saved(store: Store) -> None:
    bad = make_client(nhs_number="1234567890")
    with pytest.raises(ValidationError) as err:
        store.repo(Client).add(bad)
    assert "nhs_number" in err.value.problems
    assert store.repo(Client).get(bad.id) is None


def test_case_notes_are_append_only(store: Store, client: Client) -> None:
    note = CaseNote(id=new_id(), client_id=client.id, author="Test Coach", written_at=NOW,
                    body="First version")
    store.repo(CaseNote).add(note)
    with pytest.raises(DomainRuleError, match="amending note"):
        store.repo(CaseNote).update(replace(note, body="Rewritten history"))
    assert store.repo(CaseNote).require(note.id).body == "First version"


def test_audit_trail_cannot_be_edited_in_sql(store: Store, client: Client) -> None:
    with pytest.raises(Exception, match="append-only"):
        store.vault.conn.execute("UPDATE audit SET hash = 'x'")
    with pytest.raises(Exception, match="append-only"):
        store.vault.conn.execute("DELETE FROM audit")


def test_tampering_detected_by_chain(store: Store, client: Client) -> None:
    store.vault.conn.execute("DROP TRIGGER audit_no_update")
    store.vault.conn.execute("UPDATE audit SET actor = 'Someone Else' WHERE seq = 2")
    assert store.audit.verify() == 1


def test_view_is_audited(store: Store, client: Client) -> None:
    store.repo(Client).view(client.id, detail="client record")
    assert store.audit.events(entity_id=client.id)[-1].action is AuditAction.VIEW


def test_find_by_uses_indexed_columns(store: Store, client: Client) -> None:
    other = make_client(given_name="Other", nhs_number="")
    store.repo(Client).add(other)
    assert store.repo(Client).find_by("nhs_number", client.nhs_number) == [client]
    assert len(store.repo(Client).find_by("date_of_birth", "1988-04-12")) == 2
    with pytest.raises(ValueError):
        store.repo(Client).find_by("no_such_field; DROP TABLE client", 1)


def test_hlc_continues_after_reopen(vault_paths, store: Store, client: Client) -> None:  # type: ignore[no-untyped-def]
    last = store.journal.last_hlc()
    reopened = Store(store.vault, "Test Coach")
    assert reopened.clock.now().encode() > (last or "")


def test_events_for_several_records_oldest_first(store: Store, client: Client) -> None:
    note = CaseNote(id=new_id(), client_id=client.id, author="c", written_at=NOW, body="Hi")
    store.repo(CaseNote).add(note)
    store.repo(Client).view(client.id)
    events = store.audit.events_for([client.id, note.id, "unrelated"])
    assert [(e.entity_id, e.action) for e in events] == [
        (client.id, AuditAction.CREATE), (note.id, AuditAction.CREATE),
        (client.id, AuditAction.VIEW)]


def test_each_field_keeps_the_clock_of_its_own_last_write(store: Store, client: Client) -> None:
    def clocks() -> tuple[dict[str, str], str]:
        raw, hlc = store.vault.conn.execute(
            "SELECT clocks, hlc FROM client WHERE id = ?", (client.id,)).fetchone()
        return json.loads(raw), hlc

    made = store.journal.for_entity(client.id)[0].hlc
    assert clocks() == ({}, made)  # never changed: every field has the row's clock
    store.repo(Client).update(replace(client, phone="0113 496 0001"))
    phone = store.journal.for_entity(client.id)[-1].hlc
    store.repo(Client).update(replace(client, phone="0113 496 0001", postcode="LS6 3AA"))
    postcode = store.journal.for_entity(client.id)[-1].hlc
    assert made < phone < postcode
    assert clocks() == ({"": made, "phone": phone, "postcode": postcode}, postcode)
