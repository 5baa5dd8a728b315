"""The bulk write path (`Store.add_many`): the same rows, journal entries and search
entries as one `add` per record, one audit event per batch that lists every record (and
that `vault check` holds to its list), all or nothing, and every committed batch kept
through a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coachdesk.domain import CaseNote, Client, Practice
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.store.paths import VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _caseload(practice: Practice, n: int) -> list[Client | CaseNote]:
    out: list[Client | CaseNote] = []
    for i in range(n):
        client = make_client(practice.id, given_name=f"Bulkname{i}", nhs_number="")
        out.append(client)
        out.append(CaseNote(id=new_id(), client_id=client.id, author="Test Coach",
                            written_at=NOW, body=f"Talked about arrears{i} and the food bank"))
    return out


def _counts(store: Store) -> dict[str, int]:
    return {t: store.vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("client", "case_note", "journal", "audit", "audit_member", "search_doc")}


def test_bulk_rows_match_one_add_per_record(store: Store, practice: Practice) -> None:
    records = _caseload(practice, 30)
    before = _counts(store)
    assert store.add_many(records) == 60
    after = _counts(store)
    assert after["client"] - before["client"] == 30
    assert after["case_note"] - before["case_note"] == 30
    assert after["journal"] - before["journal"] == 60
    assert after["search_doc"] - before["search_doc"] == 60
    assert after["audit"] - before["audit"] == 2  # one event per kind in the batch
    assert after["audit_member"] - before["audit_member"] == 60
    client = records[0]
    assert store.repo(Client).get(client.id) == client
    # the device's change numbers go on without a gap or overlap
    rows = store.vault.conn.execute(
        "SELECT first_seq, last_seq, entity_id, fields FROM journal ORDER BY seq").fetchall()
    expected = 1
    for first, last, entity_id, fields in rows:
        assert fields == ""  # a creation refers to the stored row, it keeps no copy
        assert first == expected and last - first + 1 == len(store.journal.for_entity(entity_id))
        expected = last + 1
    # each record's journal entry carries every field, as add() journals them
    entry = store.journal.for_entity(client.id)
    assert {c.field: c.value for c in entry} == client.to_fields()
    assert store.audit_problems() == []


def test_bulk_records_are_searchable_like_single_ones(store: Store, practice: Practice) -> None:
    records = _caseload(practice, 5)
    store.add_many(records)
    assert [h.ref_id for h in store.search("Bulkname3")] == [records[6].id]
    (hit,) = store.search("arrears3")
    assert hit.ref_id == records[7].id and "[arrears3]" in hit.snippet


def test_batch_event_is_found_for_each_of_its_records(store: Store, practice: Practice) -> None:
    records = _caseload(practice, 4)
    store.add_many(records, detail="first sync")
    events = store.audit.events_for([records[2].id])
    (event,) = [e for e in events if e.action is AuditAction.CREATE]
    assert event.entity == "client" and event.entity_id == ""
    assert event.detail.startswith("4 client records written together; ids sha256:")
    assert event.detail.endswith("(first sync)")
    assert store.audit.verify() is None


def test_a_clash_writes_nothing(store: Store, practice: Practice) -> None:
    existing = make_client(practice.id, nhs_number="")
    store.repo(Client).add(existing)
    before = _counts(store)
    records = [*_caseload(practice, 3), existing]
    with pytest.raises(DomainRuleError):
        store.add_many(records)
    assert _counts(store) == before
    twice = _caseload(practice, 2)
    with pytest.raises(DomainRuleError, match="twice"):
        store.add_many([*twice, twice[0]])
    assert _counts(store) == before


def test_an_invalid_record_writes_nothing(store: Store, practice: Practice) -> None:
    records = _caseload(practice, 3)
    records.append(make_client(practice.id, given_name="", family_name="", nhs_number=""))
    before = _counts(store)
    with pytest.raises(ValidationError):
        store.add_many(records)
    assert _counts(store) == before


def _untriggered(store: Store) -> None:
    conn = store.vault.conn
    conn.execute("DROP TRIGGER audit_member_no_delete")
    conn.execute("DROP TRIGGER audit_member_no_update")


def test_taking_a_record_out_of_a_batch_is_found(store: Store, practice: Practice) -> None:
    records = _caseload(practice, 3)
    store.add_many(records)
    _untriggered(store)
    store.vault.conn.execute("DELETE FROM audit_member WHERE entity_id = ?", (records[0].id,))
    problems = store.audit_problems()
    assert any("batch audit event(s) do not match" in p for p in problems), problems
    assert any("saved changes with no audit event" in p for p in problems), problems


def test_slipping_a_record_into_a_batch_is_found(store: Store, practice: Practice) -> None:
    store.add_many(_caseload(practice, 3))
    # a record written with no audit at all, then claimed to be part of the batch
    sneaked = make_client(practice.id, nhs_number="")
    conn = store.vault.conn
    conn.execute("INSERT INTO journal(op_id, hlc, entity, entity_id, fields, first_seq,"
                 " last_seq) VALUES (?, '0', 'client', ?, '{}', 999, 999)",
                 (new_id(), sneaked.id))
    assert any("no audit event" in p for p in store.audit_problems())
    seq = conn.execute("SELECT max(audit_seq) FROM audit_member").fetchone()[0]
    conn.execute("INSERT INTO audit_member(entity_id, audit_seq) VALUES (?, ?)",
                 (sneaked.id, seq))
    problems = store.audit_problems()
    assert any("batch audit event(s) do not match" in p for p in problems), problems


def test_members_of_no_batch_event_are_found(store: Store, practice: Practice) -> None:
    client = make_client(practice.id, nhs_number="")
    store.repo(Client).add(client)
    conn = store.vault.conn
    seq = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("INSERT INTO audit_member(entity_id, audit_seq) VALUES (?, ?)",
                 (new_id(), seq))
    assert any("batch" in p for p in store.audit_problems())


_WRITER = """
import sys
from pathlib import Path
from coachdesk.domain import Practice
from coachdesk.domain.ids import new_id
from coachdesk.store.paths import VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import make_client
vault = Vault.unlock(VaultPaths(Path(sys.argv[1])), sys.argv[2])
store = Store(vault, "Writer")
practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
store.repo(Practice).add(practice)
for n in range(100000):
    batch = [make_client(practice.id, given_name=f"Kill{n}x{i}", nhs_number="")
             for i in range(40)]
    store.add_many(batch)
    print("COMMITTED", " ".join(c.id for c in batch), flush=True)
"""


def test_every_committed_batch_survives_a_kill(vault_paths: VaultPaths) -> None:
    Vault.create(vault_paths, PASSPHRASE, FAST_KDF)[0].close()
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(vault_paths.folder), PASSPHRASE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    lines = [proc.stdout.readline() for _ in range(3)]
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    rest, err = proc.communicate(timeout=30)
    committed = [i for line in ("".join(lines) + rest).splitlines()
                 if (parts := line.split()) and parts[0] == "COMMITTED" and len(parts) == 41
                 for i in parts[1:]]
    assert len(committed) >= 120, err[-2000:]
    with Vault.unlock(vault_paths, PASSPHRASE) as vault:
        store = Store(vault, "Checker")
        found = {r[0] for r in vault.conn.execute("SELECT id FROM client")}
        assert set(committed) <= found
        # a batch is whole or absent: every client has its journal entry and audit listing
        assert vault.conn.execute(
            "SELECT count(*) FROM client WHERE id NOT IN (SELECT entity_id FROM journal)"
            " OR id NOT IN (SELECT entity_id FROM audit_member)").fetchone()[0] == 0
        assert store.audit_problems() == []


def test_batch_event_reads_plainly_in_a_record_trail(store: Store, practice: Practice) -> None:
    from coachdesk.services.audit import describe
    from coachdesk.store.auditlog import batch_wording

    records = _caseload(practice, 3)
    store.add_many(records, detail="first sync")
    events = [e for e in store.audit.events_for([records[1].id])
              if e.action is AuditAction.CREATE]
    assert [describe(e) for e in events] == [
        "Created with 2 other case note records (first sync)"]
    single = store.audit.events_for([practice.id])
    assert batch_wording(single[0]) is None  # a one-record event keeps its own wording
