"""Migration 0002 on a real format-1 vault: per-field clocks and the numbered journal are
worked out from the journal that was there, and the data is untouched."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from coachdesk.domain import CaseNote, Client
from coachdesk.domain.ids import is_uuid7, new_id
from coachdesk.store import migrate
from coachdesk.store.paths import VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

H1, H2, H3 = "001764000000000-000000", "001764000000500-000000", "001764000000900-000002"


def _v1_vault(paths: VaultPaths, monkeypatch: pytest.MonkeyPatch) -> tuple[Client, CaseNote]:
    """Made the way format 1 wrote records: a row with its last clock, a journal row per
    write holding the fields it changed."""
    first = migrate.available()[:1]
    monkeypatch.setattr(migrate, "available", lambda: first)
    vault, _ = Vault.create(paths, PASSPHRASE, FAST_KDF)
    client = make_client(phone="0113 496 0001")
    note = CaseNote(id=new_id(), client_id=client.id, author="Test Coach",
                    written_at=datetime(2026, 11, 23, 9, tzinfo=UTC), body="First meeting")
    conn = vault.conn
    assert migrate.current_version(conn) == 1
    conn.execute("INSERT INTO client(id, data, hlc) VALUES (?, ?, ?)",
                 (client.id, json.dumps(client.to_fields()), H2))
    conn.execute("INSERT INTO case_note(id, data, hlc) VALUES (?, ?, ?)",
                 (note.id, json.dumps(note.to_fields()), H3))
    for hlc, entity, entity_id, fields in [
        (H1, "client", client.id, {**client.to_fields(), "phone": ""}),
        (H2, "client", client.id, {"phone": "0113 496 0001"}),
        (H3, "case_note", note.id, note.to_fields()),
    ]:
        conn.execute("INSERT INTO journal(op_id, hlc, entity, entity_id, fields)"
                     " VALUES (?, ?, ?, ?, ?)", (new_id(), hlc, entity, entity_id,
                                                 json.dumps(fields)))
    vault.close()
    monkeypatch.undo()
    return client, note


def test_format_1_vault_gains_field_clocks_and_numbered_changes(
    vault_paths: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, note = _v1_vault(vault_paths, monkeypatch)
    with Vault.unlock(vault_paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == migrate.latest() >= 2
        store = Store(vault, "Test Coach")
        assert store.repo(Client).get(client.id) == client
        assert store.repo(CaseNote).get(note.id) == note
        (client_clocks,) = vault.conn.execute(
            "SELECT clocks FROM client WHERE id = ?", (client.id,)).fetchone()
        assert json.loads(client_clocks) == {"": H1, "phone": H2}
        # written once: no entries, every field has the row's clock
        assert vault.conn.execute("SELECT clocks, hlc FROM case_note").fetchone() == ("{}", H3)
        changes = store.journal.pending(limit=10)
        n_client = len(client.to_fields())
        assert len(changes) == n_client + 1 + len(note.to_fields())
        assert [c.seq for c in changes] == list(range(1, len(changes) + 1))
        assert len({c.op_id for c in changes}) == len(changes)
        assert all(is_uuid7(c.op_id) for c in changes)
        assert {c.client_id for c in changes} == {client.id}
        assert changes[n_client].field == "phone" and changes[n_client].hlc == H2
        assert store.journal.pending_count() == len(changes)
        # a new write continues the numbering
        store.repo(Client).update(replace(client, phone="0113 496 0002"))
        assert store.journal.pending(limit=10)[-1].seq == len(changes) + 1
        (client_clocks,) = vault.conn.execute(
            "SELECT clocks FROM client WHERE id = ?", (client.id,)).fetchone()
        assert json.loads(client_clocks)["phone"] == store.journal.pending(limit=10)[-1].hlc
