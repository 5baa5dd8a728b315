"""A zero-length vault.db (issue 8 item 4): refused, nothing written, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.store.errors import VaultCorrupt
from coachdesk.store.paths import AppPaths
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def test_zero_length_vault_is_refused_and_left_empty(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path).vault("Sam Coach")
    Vault.create(paths, PASSPHRASE, FAST_KDF)[0].close()
    os.truncate(paths.database, 0)
    with pytest.raises(VaultCorrupt, match="empty"):
        Vault.unlock(paths, PASSPHRASE)
    assert paths.database.stat().st_size == 0
    assert not Path(str(paths.database) + "-wal").exists()

    out = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--home", str(tmp_path), "vault", "check",
         "--profile", "Sam Coach", "--passphrase-stdin"],
        input=PASSPHRASE + "\n", capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 1 and "empty" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert paths.database.stat().st_size == 0


def test_missing_vault_file_with_key_file_is_refused(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path).vault("Sam Coach")
    Vault.create(paths, PASSPHRASE, FAST_KDF)[0].close()
    paths.database.unlink()
    with pytest.raises(VaultCorrupt, match="missing"):
        Vault.unlock(paths, PASSPHRASE)
    assert not paths.database.exists()
