"""The migration that adds `employment_at_referral` to existing clients: the first value of
employment_situation the vault journalled for them, else (journal compacted, or the record
came from another device) the current value."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coachdesk.domain import Client
from coachdesk.domain.enums import EmploymentSituation as Sit
from coachdesk.store import migrate
from coachdesk.store.paths import VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client


def _without_this_step() -> list[tuple[int, str, str]]:
    """The steps a release before this one shipped: those before the step adding the field
    (later steps came later, so a vault of that release has none of them either)."""
    shipped = migrate.available()
    number = next(n for n, _name, sql in shipped if "employment_at_referral" in sql)
    return [step for step in shipped if step[0] < number]


def test_existing_clients_get_their_situation_at_referral(
        vault_paths: VaultPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _without_this_step()
    adding = [n for n, _name, sql in migrate.available() if "employment_at_referral" in sql]
    assert len(adding) == 1  # exactly one step adds the field
    monkeypatch.setattr(migrate, "available", lambda: before)
    vault, _ = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    store = Store(vault, "t")
    moved = make_client(given_name="Moved", employment_situation=Sit.EMPLOYED_OFF_SICK)
    compacted = make_client(given_name="Compacted", employment_situation=Sit.OTHER)
    stayed = make_client(given_name="Stayed", employment_situation=Sit.UNEMPLOYED)
    for client in (moved, compacted, stayed):
        store.repo(Client).add(client)
    store.repo(Client).update(replace(moved, employment_situation=Sit.UNEMPLOYED))
    store.repo(Client).update(replace(compacted,
                                      employment_situation=Sit.ECONOMICALLY_INACTIVE))
    # as the previous release left them: no such field, and one journal compacted away
    vault.conn.execute("UPDATE client SET data = json_remove(data, '$.employment_at_referral')")
    vault.conn.execute("DELETE FROM journal WHERE entity_id = ?", (compacted.id,))
    vault.close()
    monkeypatch.undo()

    with Vault.unlock(vault_paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == migrate.latest()
        repo = Store(vault, "t").repo(Client)
        got = {c.given_name: (c.employment_situation, c.employment_at_referral)
               for c in repo.all()}
    assert got == {
        "Moved": (Sit.UNEMPLOYED, Sit.EMPLOYED_OFF_SICK),  # the first journalled value
        "Compacted": (Sit.ECONOMICALLY_INACTIVE, Sit.ECONOMICALLY_INACTIVE),  # current
        "Stayed": (Sit.UNEMPLOYED, Sit.UNEMPLOYED),
    }
