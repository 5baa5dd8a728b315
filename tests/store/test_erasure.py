"""Erasure on request, on real vault files: the client is nowhere in the decrypted vault,
its WAL, or a backup made afterwards; other devices erase it from the tombstone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.services import notes
from coachdesk.services.backups import backup_now
from coachdesk.services.erasure import KEPT_BY_HAND, erase_client, erasure_preview
from coachdesk.store.backupset import BackupPolicy
from coachdesk.store.erasure import ERASED
from coachdesk.store.keyfile import KeyFile
from coachdesk.store.sqlcipher import open_encrypted
from coachdesk.store.store import Store
from tests.factories import PASSPHRASE
from tests.governance_helpers import fill, service
from tests.store.remote_helpers import Hub, make_store


def dump(path: Path, keyfile: Path) -> str:
    """Every row of every table (search shadow tables too), decrypted, as one text."""
    key = KeyFile.load(keyfile).unwrap_with_passphrase(PASSPHRASE)
    conn = open_encrypted(path, key, create=False)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                out.append(" ".join(x.decode("utf-8", "replace") if isinstance(x, bytes)
                                    else str(x) for x in row))
        return "\n".join(out)
    finally:
        conn.close()


def test_erased_client_is_nowhere_in_the_vault_wal_or_a_later_backup(
        store: Store, practice: Practice) -> None:
    directory = service(store)
    gone = fill(store, practice, "Ama", "Fenwick", "Quillon", directory)
    kept = fill(store, practice, "Bryn", "Tallis", "Zephyrine", directory, nhs_number="")
    before = backup_now(store)
    preview = erasure_preview(store, gone.client.id, BackupPolicy(), utc_now())
    assert preview.name == "Ama Fenwick" and preview.records >= 9
    assert [b.path for b in preview.backups] == [before]
    assert preview.backups[0].expires_text == KEPT_BY_HAND
    with pytest.raises(DomainRuleError, match="does not match"):
        erase_client(store, gone.client.id, "Ama Fenwik")
    assert store.repo(Client).get(gone.client.id) is not None  # nothing lost
    erase_client(store, gone.client.id, "  ama   FENWICK ")
    assert store.repo(Client).get(gone.client.id) is None
    assert store.search("Quillon") == []
    assert not [k for k in store.drafts.keys("") if gone.client.id in k]
    assert [k for k in store.drafts.keys("") if kept.client.id in k]  # the other stays
    event = store.audit.events()[-1]
    assert event.action is AuditAction.ERASE and event.actor == "Test Coach"
    assert "Ama" not in event.detail
    assert store.audit_problems() == []
    tombstones = [c for c in store.journal.pending(10_000) if c.field == ERASED]
    assert [(c.entity, c.entity_id, c.value) for c in tombstones] == [
        ("client", gone.client.id, True)]
    after = backup_now(store)
    paths = store.vault.paths
    # the WAL is checkpointed: its bytes (and the shm's) are never plaintext
    for extra in (Path(f"{paths.database}-wal"), Path(f"{paths.database}-shm")):
        if extra.exists():
            raw = extra.read_bytes()
            assert not any(s.encode() in raw for s in gone.secrets + kept.secrets)
    store.vault.close()
    for raw in (paths.database.read_bytes(), after.read_bytes()):
        assert b"Quillon" not in raw and b"Zephyrine" not in raw  # encrypted at rest
    for copy in (paths.database, after):
        text = dump(copy, paths.keyfile)
        assert [s for s in gone.secrets if s in text] == [], copy
        # the search index keeps words lower-cased and prefix-compressed: look for the
        # end of the erased client's invented word in its segments
        assert "illon" not in text.lower(), copy
        assert all(s in text for s in kept.secrets)  # the dump really reads the rows
    assert "Quillon first note" in dump(before, paths.keyfile)  # listed as still holding


def test_another_device_erases_from_the_tombstone_and_drops_later_changes(
        tmp_path: Path) -> None:
    one, two, hub = make_store(tmp_path, "Device One"), make_store(tmp_path, "Device Two"), Hub()
    practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
    one.repo(Practice).add(practice)
    gone = fill(one, practice, "Ama", "Fenwick", "Quillon", service(one))
    hub.push(one)
    hub.pull(two)
    assert two.repo(Client).get(gone.client.id) is not None
    # device two edits the client offline and pushes, before the erasure reaches it
    late = notes.write_note(two, gone.client.id, "Quillon late note from device two")
    two.repo(Client).update(replace(two.repo(Client).require(gone.client.id), phone=""))
    hub.push(two)
    erase_client(one, gone.client.id, "Ama Fenwick")
    hub.push(one)
    # erasure beats everything: device one drops the later edits it now receives
    report = hub.pull(one)
    late_changes = [c for c in hub.changes if c.device_id == two.device_id]
    assert report.dropped_erased == len(late_changes) >= 2 and report.applied == 0
    assert one.repo(Client).get(gone.client.id) is None
    assert one.governance.client_rows(gone.client.id)["case_note"] == []
    # and device two erases the client from the tombstone, its own late note included
    report = hub.pull(two)
    assert report.erased == 1
    assert two.repo(Client).get(gone.client.id) is None
    assert all(not rows for rows in two.governance.client_rows(gone.client.id).values())
    assert two.repo(type(late)).get(late.id) is None
    assert two.search("Quillon") == []
    assert [c for c in two.journal.pending(10_000) if c.client_id == gone.client.id] == []
    assert hub.pull(two).erased == 0  # the same tombstone again changes nothing
    assert two.audit_problems() == [] and one.audit_problems() == []
