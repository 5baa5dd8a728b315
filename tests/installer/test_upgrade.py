"""Installing a newer CoachDesk over the previous release: the first open migrates the
coach's format-1 vault, keeps every record, and leaves the backup made before migrating."""

from __future__ import annotations

from pathlib import Path

from coachdesk.domain import CaseNote, Client
from coachdesk.store import backupset, migrate
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import PASSPHRASE
from tests.installer.previous_release import make_format_1_vault


def test_previous_release_vault_opens_migrated_with_its_backup(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path).vault("Test Coach")
    client, note = make_format_1_vault(paths)
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == migrate.latest() > 1
        assert vault.anchor_problem is None
        store = Store(vault, "Test Coach")
        assert store.repo(Client).get(client.id) == client
        assert store.repo(CaseNote).get(note.id) == note
    made = backupset.backups(paths)
    assert [b.label for b in made] == ["v1"]
    assert made[0].path.stat().st_size > 0
    assert made[0].path.read_bytes()[:16] != b"SQLite format 3\x00"  # still encrypted
    # a second open finds nothing to migrate and makes no second backup
    with Vault.unlock(paths, PASSPHRASE):
        pass
    assert len(backupset.backups(paths)) == 1
