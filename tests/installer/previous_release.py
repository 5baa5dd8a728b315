"""A vault as the previous release (format 1) left it: only migration 0001 applied, rows
written the way format 1 wrote them, no audit anchor, and a format-1 key file (no audit
anchor, no database salt). Synthetic people only."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from coachdesk.domain import CaseNote, Client
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.store import migrate
from coachdesk.store.auditlog import AuditLog
from coachdesk.store.paths import VaultPaths
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

HLC_CLIENT, HLC_NOTE = "001764000000500-000000", "001764000000900-000002"


def make_format_1_vault(paths: VaultPaths) -> tuple[Client, CaseNote]:
    with pytest.MonkeyPatch.context() as patch:
        first = migrate.available()[:1]
        patch.setattr(migrate, "available", lambda: first)
        vault, _code = Vault.create(paths, PASSPHRASE, FAST_KDF)
    client = make_client(phone="0113 496 0001")
    note = CaseNote(id=new_id(), client_id=client.id, author="Test Coach",
                    written_at=datetime(2026, 11, 23, 9, tzinfo=UTC), body="First meeting")
    conn = vault.conn
    assert migrate.current_version(conn) == 1
    audit = AuditLog(conn, "Test Coach", vault.meta("device_id") or "unknown-device")
    conn.execute("INSERT INTO client(id, data, hlc) VALUES (?, ?, ?)",
                 (client.id, json.dumps(client.to_fields()), HLC_CLIENT))
    conn.execute("INSERT INTO case_note(id, data, hlc) VALUES (?, ?, ?)",
                 (note.id, json.dumps(note.to_fields()), HLC_NOTE))
    for hlc, entity, entity_id, fields in [
        (HLC_CLIENT, "client", client.id, client.to_fields()),
        (HLC_NOTE, "case_note", note.id, note.to_fields()),
    ]:
        conn.execute("INSERT INTO journal(op_id, hlc, entity, entity_id, fields)"
                     " VALUES (?, ?, ?, ?, ?)",
                     (new_id(), hlc, entity, entity_id, json.dumps(fields)))
        # format 1 audited every write too (the trail itself is unchanged since)
        audit.append(AuditAction.CREATE, entity, entity_id, fields)
    conn.execute("DELETE FROM meta WHERE key = 'audit_anchored'")  # format 1 had no anchor
    vault.close()
    body = json.loads(paths.keyfile.read_bytes())
    legacy = {k: v for k, v in body.items() if k not in ("anchor", "database_salt")}
    paths.keyfile.write_text(json.dumps({**legacy, "format": 1}))
    return client, note
