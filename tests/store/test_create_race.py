"""Two processes creating one profile (issue 8 item 1): the loser never removes the
winner's files, and a failed create removes only what it made itself."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coachdesk.store import vault as vault_module
from coachdesk.store.errors import VaultExists
from coachdesk.store.lockfile import ProcessLock
from coachdesk.store.paths import VaultPaths
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def _create_in_other_process(folder: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from coachdesk.store.keyfile import KdfParams
        from coachdesk.store.paths import VaultPaths
        from coachdesk.store.vault import Vault
        vault, _ = Vault.create(VaultPaths(Path({str(folder)!r})), "another long passphrase",
                                KdfParams.fast_for_tests())
        vault.close()
        print("CREATED")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert "CREATED" in out.stdout, out.stderr


def test_create_waiting_on_the_lock_leaves_the_other_vault_alone(
    vault_paths: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Process A makes and closes the profile while this process (B) is on its way to
    the lock, exactly the audit's interleaving."""
    real_acquire = ProcessLock.acquire
    raced = []

    def acquire_after_other_process(self: ProcessLock) -> None:
        if not raced:
            raced.append(True)
            _create_in_other_process(vault_paths.folder)
        real_acquire(self)

    monkeypatch.setattr(vault_module.ProcessLock, "acquire", acquire_after_other_process)
    with pytest.raises(VaultExists, match="will not overwrite"):
        Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    assert raced
    assert vault_paths.database.stat().st_size > 0 and vault_paths.keyfile.is_file()
    monkeypatch.undo()
    Vault.unlock(vault_paths, "another long passphrase").close()  # A's vault still opens


@pytest.mark.parametrize("stray", ["vault.db", "vault.db-wal", "vault.key"])
def test_any_existing_file_stops_create_and_is_kept(vault_paths: VaultPaths, stray: str) -> None:
    vault_paths.folder.mkdir(parents=True)
    (vault_paths.folder / stray).write_bytes(b"someone else's bytes")
    with pytest.raises(VaultExists):
        Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    assert (vault_paths.folder / stray).read_bytes() == b"someone else's bytes"
    assert sorted(p.name for p in vault_paths.folder.iterdir()) == sorted([stray, "vault.lock"])


def test_failed_create_removes_only_its_own_files(
    vault_paths: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_paths.folder.mkdir(parents=True)
    keep = vault_paths.folder / "notes.txt"
    keep.write_text("not ours")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("coachdesk.store.vaultanchor.atomic_create", fail)
    with pytest.raises(Exception, match="no room left"):
        Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    names = sorted(p.name for p in vault_paths.folder.iterdir())
    assert names == ["notes.txt", "vault.lock"]
    assert keep.read_text() == "not ours"
