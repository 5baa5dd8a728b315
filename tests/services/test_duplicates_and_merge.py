"""Issue 12 item 6: duplicates found through nicknames and spelling variants, every
candidate shown with why; two records of one person merged, both histories kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coachdesk.domain import CaseNote, Client, Practice
from coachdesk.domain.enums import CaseStatus
from coachdesk.domain.errors import DomainRuleError
from coachdesk.services import clients, notes, record, sessions
from coachdesk.services.duplicates import candidates
from coachdesk.services.merge import merge_clients
from coachdesk.store.store import Store
from tests.factories import make_client

BORN = date(1991, 6, 14)


def _bethan(store: Store, practice: Practice, **more: object) -> Client:
    fields: dict[str, object] = {"given_name": "Bethan", "family_name": "Phillips",
                                 "date_of_birth": BORN, "postcode": "LS6 3AA",
                                 "nhs_number": ""}
    fields.update(more)
    person = make_client(practice.id, **fields)
    store.repo(Client).add(person)
    return person


def test_beth_philips_is_found_as_bethan_phillips_with_the_reasons(store: Store,
                                                                  practice: Practice) -> None:
    bethan = _bethan(store, practice)
    beth = make_client(practice.id, given_name="Beth", family_name="Philips",
                       date_of_birth=BORN, postcode="ls63aa", nhs_number="")
    with pytest.raises(clients.PossibleDuplicate) as dup:
        clients.register_client(store, beth)
    [found] = dup.value.candidates
    assert found.client.id == bethan.id
    assert found.reasons == ("similar name (Bethan Phillips)", "same date of birth",
                             "same postcode")


@pytest.mark.parametrize(("given", "family"), [("Mo", "Khan"), ("Muhammad", "Khan"),
                                               ("Liz", "Khan")])
def test_short_forms_and_spellings(store: Store, practice: Practice, given: str,
                                   family: str) -> None:
    first = "Elizabeth" if given == "Liz" else "Mohammed"
    _bethan(store, practice, given_name=first, family_name="Khan")
    probe = make_client(practice.id, given_name=given, family_name=family,
                        date_of_birth=BORN, nhs_number="")
    assert [c.client.given_name for c in candidates(store, probe)] == [first]


def test_every_candidate_is_listed_and_strangers_are_not(store: Store,
                                                         practice: Practice) -> None:
    one = _bethan(store, practice)
    two = _bethan(store, practice, given_name="Beth", phone="07700 900123",
                  postcode="LS7 1AB")
    _bethan(store, practice, given_name="Tariq", family_name="Hussain")  # same birthday only
    probe = make_client(practice.id, given_name="Bethany", family_name="Phillips",
                        date_of_birth=BORN, phone="+44 7700 900123", nhs_number="")
    found = {c.client.id: c.reasons for c in candidates(store, probe)}
    assert set(found) == {one.id, two.id}
    assert "same phone number" in found[two.id]


def test_merge_keeps_both_histories_as_ordinary_field_changes(store: Store,
                                                              practice: Practice) -> None:
    keep = _bethan(store, practice)
    other = _bethan(store, practice, given_name="Beth", family_name="Philips",
                    phone="07700 900123")
    notes.write_note(store, keep.id, "First note on the main record.")
    notes.write_note(store, other.id, "Note written on the second record.")
    sessions.book_session(store, other.id, datetime(2026, 11, 2, 10, tzinfo=UTC))
    before = store.repo(CaseNote).count()
    changes = merge_clients(store, keep.id, other.id)
    assert {keep.id, other.id} <= changes.client_ids
    assert store.repo(CaseNote).count() == before  # nothing deleted or copied
    merged = store.repo(Client).require(other.id)
    assert merged.merged_into == keep.id and merged.case_status is CaseStatus.CLOSED
    assert store.repo(Client).require(keep.id).phone == "07700 900123"  # a detail it lacked
    changed = {c.field for c in store.journal.for_entity(other.id)}
    assert {"merged_into", "case_status"} <= changed  # carried by sync like any edit
    shown = record.load_record(store, keep.id, datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert {e.note.body for e in shown.notes} == {"First note on the main record.",
                                                  "Note written on the second record."}
    assert len(shown.sessions) == 1
    assert any("merged" in e.detail for e in shown.audit)
    assert candidates(store, keep) == []  # the merged record is no longer a duplicate
    with pytest.raises(DomainRuleError):
        merge_clients(store, keep.id, other.id)
