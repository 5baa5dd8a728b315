"""Issue 12 item 2: Today shows the clinic the coach is running, chosen once for the day and
kept in the vault; other practices' sessions are listed apart. Issue 17 item 16: a client
always has a practice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from coachdesk.domain import Client, Practice
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.services import clients, clinicday, sessions
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import PASSPHRASE, TODAY, make_client

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _two_practices(store: Store, practice: Practice) -> tuple[Practice, list[Client]]:
    """Oakwood Lane's clinic (three sessions from 9:30) and one 8:30 drop-in at Ash Grove."""
    ash = Practice(id=new_id(), name="Ash Grove Surgery")
    store.repo(Practice).add(ash)
    people = [make_client(practice.id, given_name=f"Client{n}", nhs_number="")
              for n in range(3)]
    for n, person in enumerate(people):
        store.repo(Client).add(person)
        sessions.book_session(store, person.id, NINE + timedelta(minutes=30 + 30 * n))
    drop_in = make_client(ash.id, given_name="Drop", family_name="In", nhs_number="")
    store.repo(Client).add(drop_in)
    sessions.book_session(store, drop_in.id, NINE - timedelta(minutes=30))
    return ash, people


def test_one_early_drop_in_elsewhere_does_not_hide_the_clinic(store: Store,
                                                              practice: Practice) -> None:
    ash, people = _two_practices(store, practice)
    day = clinicday.clinic_day(store, TODAY)
    assert day.practice_id == practice.id and not day.chosen
    assert [s.client.id for s in day.slots] == [p.id for p in people]
    assert [s.appointment.practice_id for s in day.elsewhere] == [ash.id]


def test_the_clinic_chosen_is_kept_in_the_vault_for_the_day(store: Store, vault: Vault,
                                                            practice: Practice) -> None:
    ash, _people = _two_practices(store, practice)
    clinicday.choose_clinic(store, TODAY, ash.id)
    paths = vault.paths
    vault.close()
    reopened = Vault.unlock(paths, PASSPHRASE)
    try:
        again = Store(reopened, actor="Test Coach", today=lambda: TODAY)
        day = clinicday.clinic_day(again, TODAY)
        assert day.practice_id == ash.id and day.chosen
        assert len(day.elsewhere) == 3
        tomorrow = clinicday.clinic_day(again, TODAY + timedelta(days=1))
        assert not tomorrow.chosen  # chosen for a day, not for ever
        assert b"Ash Grove" not in paths.database.read_bytes()  # the vault is encrypted
    finally:
        reopened.close()


def test_a_practice_not_in_the_vault_cannot_be_chosen(store: Store, practice: Practice) -> None:
    with pytest.raises(ValueError):
        clinicday.choose_clinic(store, TODAY, new_id())


def test_a_client_cannot_be_saved_without_a_practice(store: Store, practice: Practice) -> None:
    nobody = make_client(None, given_name="Nadia", family_name="Rahman", nhs_number="")
    with pytest.raises(ValidationError) as error:
        clients.register_client(store, nobody)
    assert "practice" in error.value.problems["practice_id"]
    assert store.repo(Client).get(nobody.id) is None
    placed = make_client(practice.id, given_name="Nadia", family_name="Rahman", nhs_number="")
    clients.register_client(store, placed)

    with pytest.raises(ValidationError):
        clients.update_client(store, replace(placed, practice_id=None))
    assert store.repo(Client).require(placed.id).practice_id == practice.id
