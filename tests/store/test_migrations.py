"""Numbered migrations: backup before upgrade, one transaction per step, newer refused."""

from __future__ import annotations

import pytest

from coachdesk.domain import Client
from coachdesk.store import migrate
from coachdesk.store.backup import list_backups
from coachdesk.store.errors import StorageFailed, VaultTooNew
from coachdesk.store.paths import VaultPaths
from coachdesk.store.sqlcipher import open_encrypted
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client


@pytest.fixture
def v1_vault(vault_paths: VaultPaths) -> tuple[VaultPaths, str]:
    """A vault of the shipped version, before a test adds one more migration."""
    vault, _ = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    client = make_client()
    Store(vault, "t").repo(Client).add(client)
    vault.close()
    return vault_paths, client.id


def _with_extra(monkeypatch: pytest.MonkeyPatch, sql: str) -> None:
    shipped = migrate.available()
    monkeypatch.setattr(
        migrate, "available",
        lambda: [*shipped, (len(shipped) + 1, f"{len(shipped) + 1:04d}_test.sql", sql)],
    )


def test_fresh_vault_is_at_latest_version(vault) -> None:  # type: ignore[no-untyped-def]
    assert migrate.current_version(vault.conn) == migrate.latest() >= 1


def test_upgrade_backs_up_first_and_keeps_data(
    v1_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, client_id = v1_vault
    shipped = migrate.latest()
    _with_extra(monkeypatch, "CREATE TABLE preference (key TEXT PRIMARY KEY, value TEXT);")
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == migrate.latest()
        vault.conn.execute("INSERT INTO preference VALUES ('idle', '300')")
        assert Store(vault, "t").repo(Client).get(client_id) is not None
        key = bytes(vault._key or b"")  # the vault zeroes its own copy on close
    (backup,) = list_backups(paths)
    assert backup.name.endswith(f"-v{shipped}.db")
    assert key is not None
    old = open_encrypted(backup, key, create=False)  # encrypted with the same key
    assert migrate.current_version(old) == shipped
    assert old.execute("SELECT count(*) FROM client").fetchone()[0] == 1
    old.close()


def test_failed_step_rolls_back_and_vault_still_opens(
    v1_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, client_id = v1_vault
    shipped = migrate.latest()
    _with_extra(monkeypatch, "CREATE TABLE half (x);\nINSERT INTO no_such_table VALUES (1);")
    with pytest.raises(StorageFailed):
        Vault.unlock(paths, PASSPHRASE)
    monkeypatch.undo()
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == shipped
        tables = {r[0] for r in vault.conn.execute("SELECT name FROM sqlite_schema")}
        assert "half" not in tables
        assert Store(vault, "t").repo(Client).get(client_id) is not None


def test_newer_vault_refused(v1_vault: tuple[VaultPaths, str]) -> None:
    paths, _ = v1_vault
    with Vault.unlock(paths, PASSPHRASE) as vault:
        vault.conn.execute(f"PRAGMA user_version = {migrate.latest() + 1}")
    before = paths.database.read_bytes()
    with pytest.raises(VaultTooNew, match="Update CoachDesk"):
        Vault.unlock(paths, PASSPHRASE)
    assert paths.database.read_bytes() == before


def test_migration_statements_split_keeps_triggers_whole() -> None:
    sql = migrate.available()[0][2]
    statements = migrate._statements(sql)
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 2 and all(s.rstrip().endswith("END;") for s in triggers)


def test_upgrade_backup_does_not_reseal_a_tampered_trail(
    v1_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup before an upgrade must not overwrite the anchor a tampering broke."""
    from coachdesk.store.keyfile import KeyFile
    from coachdesk.store.vaultanchor import anchor_path

    paths, _ = v1_vault
    key = KeyFile.load(paths.keyfile).unwrap_with_passphrase(PASSPHRASE)
    conn = open_encrypted(paths.database, key, create=False)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    conn.close()
    _with_extra(monkeypatch, "CREATE TABLE preference (key TEXT PRIMARY KEY, value TEXT);")
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert vault.anchor_problem is not None
    (backup,) = list_backups(paths)
    assert not anchor_path(backup).exists(), "a broken trail's head is never sealed"
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert vault.anchor_problem is not None, "still reported after the upgrade"


def test_failed_upgrade_leaves_the_key_file_as_it_was(
    v1_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, _ = v1_vault
    before = paths.keyfile.read_bytes()
    _with_extra(monkeypatch, "CREATE TABLE half (x);\nINSERT INTO no_such_table VALUES (1);")
    with pytest.raises(StorageFailed):
        Vault.unlock(paths, PASSPHRASE)
    assert paths.keyfile.read_bytes() == before
