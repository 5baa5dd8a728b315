"""A creation's journal entry refers to the stored row instead of copying it; it still
gives exactly the values created, after the record is edited here or by another device,
and a device that pulls gets the same records as before."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain import Client
from coachdesk.store.store import Store
from tests.factories import make_client
from tests.store.remote_helpers import Hub, make_store, records

WALL_A, WALL_B = 1_764_000_000_000, 1_764_000_060_000


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a = make_store(tmp_path / "a", "Coach A", lambda: WALL_A)
    b = make_store(tmp_path / "b", "Coach B", lambda: WALL_B)
    yield a, b
    a.vault.close()
    b.vault.close()


def _entries(store: Store, entity_id: str) -> list[tuple[str, str]]:
    return store.vault.conn.execute(
        "SELECT hlc, fields FROM journal WHERE entity_id = ? ORDER BY seq", (entity_id,)
    ).fetchall()


def _phones(store: Store, entity_id: str) -> list[object]:
    return [c.value for c in store.journal.for_entity(entity_id) if c.field == "phone"]


def test_creation_keeps_no_copy_until_the_record_changes(store: Store) -> None:
    client = make_client(phone="0113 496 0001", nhs_number="")
    store.repo(Client).add(client)
    ((_, fields),) = _entries(store, client.id)
    assert fields == ""
    assert {c.field: c.value for c in store.journal.pending()} == client.to_fields()
    store.repo(Client).update(replace(client, phone="0113 496 0002"))
    created, changed = _entries(store, client.id)
    assert created[1] != "" and changed[1] != ""
    # the creation entry still says what was created; the edit says what changed
    assert _phones(store, client.id) == ["0113 496 0001", "0113 496 0002"]
    assert [c.seq for c in store.journal.pending()] == list(
        range(1, len(client.to_fields()) + 2))


def test_bulk_creation_then_edit_keeps_what_was_created(store: Store) -> None:
    clients = [make_client(given_name=f"Bulk{n}", phone="0113 496 0100", nhs_number="")
               for n in range(5)]
    store.add_many(clients)
    store.repo(Client).update(replace(clients[2], phone="0113 496 0199"))
    assert _phones(store, clients[2].id) == ["0113 496 0100", "0113 496 0199"]
    assert _phones(store, clients[3].id) == ["0113 496 0100"]
    assert store.audit_problems() == []


def test_a_change_from_another_device_keeps_what_was_created(pair: tuple[Store, Store]) -> None:
    a, b = pair
    hub = Hub()
    client = make_client(phone="0113 496 0001", nhs_number="")
    a.repo(Client).add(client)
    # B learns of the client through another path and edits it, before A has pushed
    hub.changes += a.journal.pending()
    hub.pull(b)
    b.repo(Client).update(replace(b.repo(Client).require(client.id), phone="0113 496 0777"))
    theirs = [c for c in b.journal.pending() if c.field == "phone"]
    a.apply_remote(theirs)
    assert a.repo(Client).require(client.id).phone == "0113 496 0777"
    # A's outbox still carries the phone A created with, not B's
    assert _phones(a, client.id) == ["0113 496 0001"]


def test_devices_agree_after_sync(pair: tuple[Store, Store]) -> None:
    a, b = pair
    hub = Hub()
    clients = [make_client(given_name=f"Sync{n}", nhs_number="") for n in range(4)]
    a.add_many(clients)
    a.repo(Client).update(replace(clients[0], phone="0113 496 0555"))
    hub.push(a)
    hub.pull(b)
    assert records(b, "client") == records(a, "client")

