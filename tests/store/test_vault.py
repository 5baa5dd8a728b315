"""Creating, unlocking, locking, rekeying and recovering a real SQLCipher vault."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coachdesk.domain import Client
from coachdesk.store.errors import (
    TooManyAttempts,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
)
from coachdesk.store.keyfile import KeyFile
from coachdesk.store.paths import VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

ROOT = Path(__file__).resolve().parents[2]


def _fill(vault: Vault, *names: str) -> list[Client]:
    store = Store(vault, "Test Coach")
    clients = [make_client(given_name=n, family_name="Wojciechowska", nhs_number="")
               for n in names]
    for c in clients:
        store.repo(Client).add(c)
    return clients


def test_create_unlock_and_data_survives(vault_paths: VaultPaths) -> None:
    vault, code = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    (client,) = _fill(vault, "Siobhán")
    vault.close()
    assert len(code.replace("-", "")) == 25
    with Vault.unlock(vault_paths, PASSPHRASE) as again:
        assert Store(again, "t").repo(Client).get(client.id) == client


def test_vault_bytes_hold_no_names_and_key_file_no_key(vault_paths: VaultPaths) -> None:
    vault, _ = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    _fill(vault, "Xanthippe", "Quillon")
    key = vault._key
    vault.close()
    assert key is not None
    for path in vault_paths.folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"Xanthippe", b"Quillon", b"Wojciechowska", PASSPHRASE.encode(),
                           key, key.hex().encode()):
                assert secret not in data, f"{secret!r} found in {path.name}"
    assert vault_paths.database.read_bytes()[:16] != b"SQLite format 3\x00"


def test_wrong_passphrase_is_refused_and_file_untouched(vault_paths: VaultPaths) -> None:
    Vault.create(vault_paths, PASSPHRASE, FAST_KDF)[0].close()
    before = vault_paths.database.read_bytes()
    with pytest.raises(WrongPassphrase, match="Passphrase not recognised"):
        Vault.unlock(vault_paths, "not the passphrase at all")
    assert vault_paths.database.read_bytes() == before


def test_repeated_failures_slow_down_and_are_audited(vault_paths: VaultPaths) -> None:
    Vault.create(vault_paths, PASSPHRASE, FAST_KDF)[0].close()
    now = [1000.0]
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_paths, "wrong passphrase!", clock=lambda: now[0])
    with pytest.raises(TooManyAttempts) as waited:
        Vault.unlock(vault_paths, PASSPHRASE, clock=lambda: now[0])
    assert waited.value.wait_seconds > 0
    now[0] += 3600
    with Vault.unlock(vault_paths, PASSPHRASE, clock=lambda: now[0]) as vault:
        assert len(vault.failed_unlocks) == 3
    # the failures were cleared by the successful unlock
    with Vault.unlock(vault_paths, PASSPHRASE, clock=lambda: now[0]) as vault:
        assert vault.failed_unlocks == []


def test_recovery_code_sets_new_passphrase(vault_paths: VaultPaths) -> None:
    vault, code = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    (client,) = _fill(vault, "Łukasz")
    vault.close()
    with pytest.raises(WrongPassphrase, match="Recovery code not recognised"):
        Vault.unlock_with_recovery(vault_paths, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE", "brand new pass")
    with Vault.unlock_with_recovery(vault_paths, code.lower().replace("-", " "),
                                    "brand new passphrase") as vault:
        assert Store(vault, "t").repo(Client).get(client.id) is not None
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_paths, PASSPHRASE)
    Vault.unlock(vault_paths, "brand new passphrase").close()


def test_change_passphrase_rewraps_without_rewriting_database(vault_paths: VaultPaths) -> None:
    vault, code = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    _fill(vault, "Niamh")
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_before = vault_paths.database.read_bytes()
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("wrong old passphrase", "another long one")
    vault.change_passphrase(PASSPHRASE, "another long passphrase")
    assert vault_paths.database.read_bytes() == db_before
    vault.close()
    Vault.unlock(vault_paths, "another long passphrase").close()
    Vault.unlock_with_recovery(vault_paths, code, "third passphrase here").close()


def test_weak_passphrase_refused_and_nothing_created(vault_paths: VaultPaths) -> None:
    with pytest.raises(WeakPassphrase):
        Vault.create(vault_paths, "short", FAST_KDF)
    assert not vault_paths.database.exists() and not vault_paths.keyfile.exists()


def test_create_never_overwrites(vault_paths: VaultPaths) -> None:
    Vault.create(vault_paths, PASSPHRASE, FAST_KDF)[0].close()
    before = vault_paths.keyfile.read_bytes(), vault_paths.database.read_bytes()
    with pytest.raises(VaultExists):
        Vault.create(vault_paths, "some other passphrase", FAST_KDF)
    assert (vault_paths.keyfile.read_bytes(), vault_paths.database.read_bytes()) == before


def test_missing_vault_is_reported_not_created(vault_paths: VaultPaths) -> None:
    with pytest.raises(VaultNotFound):
        Vault.unlock(vault_paths, PASSPHRASE)
    assert not vault_paths.folder.exists()


def test_lock_drops_connection_and_key(vault: Vault) -> None:
    vault.close()
    assert vault._key is None
    with pytest.raises(VaultLocked):
        _ = vault.conn


def test_key_file_is_json_with_wraps_only(vault_paths: VaultPaths) -> None:
    Vault.create(vault_paths, PASSPHRASE, FAST_KDF)[0].close()
    keyfile = KeyFile.load(vault_paths.keyfile)
    assert keyfile.kdf == FAST_KDF
    assert vault_paths.keyfile.stat().st_mode & 0o077 == 0


def test_second_process_is_refused(vault_paths: VaultPaths) -> None:
    vault, _ = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from coachdesk.store.paths import VaultPaths
        from coachdesk.store.vault import Vault
        from coachdesk.store.errors import VaultInUse
        try:
            Vault.unlock(VaultPaths(Path({str(vault_paths.folder)!r})), {PASSPHRASE!r})
        except VaultInUse as exc:
            print("REFUSED:", exc)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert "REFUSED:" in out.stdout and "already open" in out.stdout, out.stderr
    vault.close()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert "REFUSED" not in out.stdout and out.returncode == 0, out.stderr


def test_same_process_second_open_refused(vault: Vault, vault_paths: VaultPaths) -> None:
    with pytest.raises(VaultInUse):
        Vault.unlock(vault_paths, PASSPHRASE)
