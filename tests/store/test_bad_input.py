"""Every way a vault can be wrong: a clear message, no new vault, the file left as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachdesk.domain import Client
from coachdesk.store.errors import (
    KeyFileDamaged,
    StorageFailed,
    StorageFull,
    StorageReadOnly,
    VaultCorrupt,
    VaultTooNew,
)
from coachdesk.store.paths import VaultPaths
from coachdesk.store.sqlcipher import open_encrypted
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

ROOT = Path(__file__).resolve().parents[2]


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir()) if p.is_file() and p.name != "vault.lock"
        and p.name != "unlock-attempts.json"
    }


@pytest.fixture
def filled(vault_paths: VaultPaths) -> VaultPaths:
    vault, _ = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    store = Store(vault, "Test Coach")
    for n in range(40):
        store.repo(Client).add(make_client(given_name=f"Person{n}", nhs_number=""))
    vault.close()
    return vault_paths


def _refused(paths: VaultPaths, error: type[Exception], match: str) -> None:
    before = _digest(paths.folder)
    with pytest.raises(error, match=match) as caught:
        Vault.unlock(paths, PASSPHRASE)
    assert str(paths.folder) in str(caught.value) or "vault" in str(caught.value).lower()
    assert _digest(paths.folder) == before, "the vault files changed"
    assert sorted(p.name for p in paths.folder.iterdir() if p.name.endswith(".db")) == [
        "vault.db"
    ], "a new database appeared"


def test_truncated_vault(filled: VaultPaths) -> None:
    size = filled.database.stat().st_size
    with open(filled.database, "r+b") as handle:
        handle.truncate(size // 2 + 100)
    _refused(filled, VaultCorrupt, "damaged")


def test_truncated_at_page_boundary(filled: VaultPaths) -> None:
    size = filled.database.stat().st_size
    with open(filled.database, "r+b") as handle:
        handle.truncate((size // 4096 // 2) * 4096)
    _refused(filled, VaultCorrupt, "damaged")


def test_one_flipped_byte(filled: VaultPaths) -> None:
    data = bytearray(filled.database.read_bytes())
    data[len(data) // 2] ^= 0x01
    filled.database.write_bytes(bytes(data))
    _refused(filled, VaultCorrupt, "damaged")


def test_flipped_byte_in_first_page(filled: VaultPaths) -> None:
    data = bytearray(filled.database.read_bytes())
    data[100] ^= 0x80
    filled.database.write_bytes(bytes(data))
    _refused(filled, VaultCorrupt, "damaged")


def test_plain_unencrypted_sqlite_file(filled: VaultPaths) -> None:
    filled.database.unlink()
    plain = sqlite3.connect(filled.database)
    plain.execute("CREATE TABLE client (id TEXT)")
    plain.commit()
    plain.close()
    _refused(filled, VaultCorrupt, "not a readable CoachDesk vault")


def test_vault_from_newer_version(filled: VaultPaths) -> None:
    with Vault.unlock(filled, PASSPHRASE) as vault:
        vault.conn.execute("PRAGMA user_version = 999")
    _refused(filled, VaultTooNew, "newer version of CoachDesk")


def test_missing_key_file_with_database_present(filled: VaultPaths) -> None:
    filled.keyfile.rename(filled.folder / "elsewhere.key")
    with pytest.raises(VaultCorrupt, match="key file is missing"):
        Vault.unlock(filled, PASSPHRASE)
    assert filled.database.exists() and not filled.keyfile.exists()


def test_damaged_key_file(filled: VaultPaths) -> None:
    filled.keyfile.write_text("{ not json")
    _refused(filled, KeyFileDamaged, "damaged or not CoachDesk's")


def test_key_file_of_another_vault(filled: VaultPaths, app_paths) -> None:  # type: ignore[no-untyped-def]
    other = app_paths.vault("Other Coach")
    Vault.create(other, PASSPHRASE, FAST_KDF)[0].close()
    filled.keyfile.write_bytes(other.keyfile.read_bytes())
    _refused(filled, KeyFileDamaged, "damaged or not CoachDesk's .*does not belong")


class Mount:
    """A small tmpfs of our own (root only): a real read-only or full filesystem."""

    def __init__(self, where: Path, size_kib: int) -> None:
        self.where = where
        where.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(where)],
                       check=True, capture_output=True)

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.where)], check=True)

    def close(self) -> None:
        subprocess.run(["umount", "-l", str(self.where)], check=False)


def _mount_or_skip(where: Path, size_kib: int) -> Mount:
    if os.geteuid() != 0 or sys.platform != "linux":
        pytest.skip("needs root on Linux to mount a small filesystem")
    try:
        return Mount(where, size_kib)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")


def _read_only(folder: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Make `folder` read-only in a way that binds root too; returns an undo callable."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o700)
    mount = _mount_or_skip(tmp_path / "ro-mount", 16384)
    for item in folder.iterdir():
        if item.is_file():
            (mount.where / item.name).write_bytes(item.read_bytes())
    mount.read_only()
    return mount


def test_read_only_data_folder(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    undo = _read_only(base, tmp_path)
    target = getattr(undo, "where", base)
    try:
        with pytest.raises(StorageReadOnly, match="read-only"):
            Vault.create(VaultPaths(target / "coach"), PASSPHRASE, FAST_KDF)
        assert list(target.iterdir()) == []
    finally:
        undo.close() if hasattr(undo, "close") else undo()


def test_vault_in_read_only_folder_is_refused_with_file_untouched(
    filled: VaultPaths, tmp_path: Path
) -> None:
    undo = _read_only(filled.folder, tmp_path)
    paths = VaultPaths(getattr(undo, "where", filled.folder))
    try:
        before = _digest(paths.folder)
        with pytest.raises((StorageReadOnly, VaultCorrupt)) as caught:
            Vault.unlock(paths, PASSPHRASE)
        assert "read-only" in str(caught.value) or "could not be read" in str(caught.value)
        assert _digest(paths.folder) == before
    finally:
        undo.close() if hasattr(undo, "close") else undo()


def test_disk_full_on_a_real_small_filesystem(filled: VaultPaths, tmp_path: Path) -> None:
    mount = _mount_or_skip(tmp_path / "small", 1024)
    try:
        for item in filled.folder.iterdir():
            if item.is_file():
                (mount.where / item.name).write_bytes(item.read_bytes())
        paths = VaultPaths(mount.where)
        committed: list[str] = []
        with Vault.unlock(paths, PASSPHRASE) as vault:
            store = Store(vault, "Test Coach")
            with pytest.raises(StorageFull, match="disk is full"):
                for n in range(5000):
                    client = make_client(given_name=f"Filler{n}", nhs_number="",
                                         health_barriers="y" * 3000)
                    store.repo(Client).add(client)
                    committed.append(client.id)
        assert committed
        # make room, as the coach would, then everything committed is there
        subprocess.run(["mount", "-o", "remount,size=8m", str(mount.where)], check=True)
        _all_present(paths, committed)
    finally:
        mount.close()


_WRITER = """
import os, resource, signal, sys
from pathlib import Path
from coachdesk.domain import Client
from coachdesk.store.paths import VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from coachdesk.store.errors import VaultError
from tests.factories import make_client
vault = Vault.unlock(VaultPaths(Path(sys.argv[1])), sys.argv[2])
store = Store(vault, "Writer")
mode = sys.argv[3]
if mode == "full":
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    room = int(sys.argv[4])
    sizes = [p.stat().st_size for p in Path(sys.argv[1]).glob("vault.db*")]
    resource.setrlimit(resource.RLIMIT_FSIZE, (max(sizes) + room, resource.RLIM_INFINITY))
n = 0
while n < 100000:
    client = make_client(given_name=f"Written{n}", nhs_number="", health_barriers="x" * 2000)
    try:
        store.repo(Client).add(client)
    except VaultError as exc:
        print("ERROR", type(exc).__name__, exc, flush=True)
        break
    print("COMMITTED", client.id, flush=True)
    n += 1
"""


def _run_writer(paths: VaultPaths, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(paths.folder), PASSPHRASE, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _committed_ids(stdout: str) -> list[str]:
    """Ids the writer reported as committed; a line cut short by the kill is not counted."""
    ids = []
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "COMMITTED" and len(parts[1]) == 36:
            ids.append(parts[1])
    return ids


def _all_present(paths: VaultPaths, ids: list[str]) -> None:
    with Vault.unlock(paths, PASSPHRASE) as vault:  # integrity checks run on unlock
        store = Store(vault, "Checker")
        found = {c.id for c in store.repo(Client).all()}
        assert set(ids) <= found
        assert store.audit.verify() is None
        journal_ids = {r[0] for r in vault.conn.execute("SELECT DISTINCT entity_id FROM journal")}
        assert set(ids) <= journal_ids


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_during_writes(filled: VaultPaths) -> None:
    proc = _run_writer(filled, "full", str(200_000))
    out, err = proc.communicate(timeout=120)
    assert "ERROR" in out, (out[-500:], err[-2000:])
    error_line = next(line for line in out.splitlines() if line.startswith("ERROR"))
    assert ("StorageFull" in error_line or "StorageFailed" in error_line), error_line
    assert "Traceback" not in err
    committed = _committed_ids(out)
    assert committed, "expected some writes to succeed before the disk filled"
    _all_present(filled, committed)
    # the failed write left nothing half-written: every client has journal rows
    with Vault.unlock(filled, PASSPHRASE) as vault:
        orphans = vault.conn.execute(
            "SELECT count(*) FROM client WHERE id NOT IN (SELECT entity_id FROM journal)"
        ).fetchone()[0]
        assert orphans == 0


def test_storage_errors_have_plain_messages(filled: VaultPaths) -> None:
    full = StorageFull(filled.database)
    assert "disk is full" in str(full) and "Nothing was half-saved" in str(full)
    assert "read-only" in str(StorageReadOnly(filled.folder))
    assert "failed" in str(StorageFailed(filled.database, "disk i/o error"))


@pytest.mark.parametrize("delay", [0.6, 1.2])
def test_killed_in_the_middle_of_writing(filled: VaultPaths, delay: float) -> None:
    proc = _run_writer(filled, "forever")
    time.sleep(delay)
    lines: list[str] = []
    assert proc.stdout is not None
    while len(lines) < 5:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    committed = _committed_ids("".join(lines) + rest)
    assert len(committed) >= 5
    _all_present(filled, committed)


def test_open_encrypted_refuses_to_create_when_asked_to_open(tmp_path: Path) -> None:
    with pytest.raises(VaultCorrupt, match="missing"):
        open_encrypted(tmp_path / "nothing.db", b"k" * 32, create=False)
    assert not (tmp_path / "nothing.db").exists()


def test_large_vault_checked_after_unlock(
    filled: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coachdesk.store.vault as vault_module

    monkeypatch.setattr(vault_module, "FULL_CHECK_BYTES", 1024)
    data = bytearray(filled.database.read_bytes())
    data[len(data) - 2000] ^= 0x04  # damage a late page that opening does not read
    filled.database.write_bytes(bytes(data))
    vault = Vault.unlock(filled, PASSPHRASE)
    try:
        assert vault.integrity_pending
        with pytest.raises(VaultCorrupt, match="damaged"):
            vault.check_integrity()
        assert vault.integrity_pending
    finally:
        vault.close()
    with pytest.raises(VaultCorrupt):
        Vault.unlock(filled, PASSPHRASE, full_check=True)
