"""A damaged write-ahead log after a crash (issue 8 item 2): noticed, named, kept.

The audit's case exactly: a child process is killed (SIGKILL) after many commits, leaving
a multi-commit WAL; one byte is flipped at a quarter of its length.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk import cli
from coachdesk.store import walguard
from coachdesk.store.errors import WalDamaged
from coachdesk.store.paths import AppPaths, VaultPaths
from coachdesk.store.vault import Vault
from tests.factories import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "Sam Coach"
COMMITS = 22


def _crashed_vault(home: Path) -> VaultPaths:
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from coachdesk.domain import Client
        from coachdesk.store.paths import AppPaths
        from coachdesk.store.store import Store
        from coachdesk.store.vault import Vault
        from tests.factories import FAST_KDF, PASSPHRASE, make_client
        vault, _ = Vault.create(AppPaths.under(Path({str(home)!r})).vault({PROFILE!r}),
                                PASSPHRASE, FAST_KDF)
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store = Store(vault, "Sam Coach")
        for commit in range({COMMITS}):
            with store.transaction():
                for n in range(3):
                    store.repo(Client).add(make_client(
                        given_name=f"Person{{commit}}x{{n}}", nhs_number="",
                        accessibility_needs="Large print, please. " * 20,
                        health_barriers="Back pain when sitting for long. " * 25))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == -signal.SIGKILL, out.stderr
    return AppPaths.under(home).vault(PROFILE)


def _wal(paths: VaultPaths) -> Path:
    return Path(str(paths.database) + "-wal")


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.is_file() and p.name not in ("vault.lock", "unlock-attempts.json")}


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> VaultPaths:
    return _crashed_vault(tmp_path_factory.mktemp("crashed"))


def test_the_crash_leaves_a_multi_commit_wal(crashed: VaultPaths) -> None:
    report = walguard.inspect(_wal(crashed).read_bytes())
    assert report.valid_commits >= COMMITS and not report.damaged
    assert report.first_bad_frame is None


def test_flipped_byte_in_the_wal_is_named_and_nothing_is_lost(
    crashed: VaultPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io
    import shutil

    home = tmp_path / "home"
    shutil.copytree(crashed.folder.parents[2], home)
    paths = AppPaths.under(home).vault(PROFILE)
    wal = bytearray(_wal(paths).read_bytes())
    wal[len(wal) // 4] ^= 0x01
    _wal(paths).write_bytes(bytes(wal))
    report = walguard.inspect(bytes(wal))
    assert report.damaged and report.lost_commits >= 10

    before = _digests(paths.folder)
    with pytest.raises(WalDamaged, match="cannot be read back") as caught:
        Vault.unlock(paths, PASSPHRASE)
    assert f"{report.lost_commits} save(s)" in str(caught.value)
    kept = caught.value.kept
    assert kept.read_bytes() == bytes(wal) and kept.stat().st_mode & 0o777 == 0o600
    assert paths.kept.stat().st_mode & 0o777 == 0o700
    assert _digests(paths.folder) == before, "the vault or its WAL was changed"
    with pytest.raises(WalDamaged):
        Vault.unlock(paths, PASSPHRASE)  # trying again keeps no second copy
    assert list(paths.kept.iterdir()) == [kept]

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    code = cli.main(["--home", str(home), "vault", "check", "--profile", PROFILE,
                     "--passphrase-stdin"])
    out = capsys.readouterr()
    assert code == 1 and "cannot be read back" in out.err
    assert "intact" not in out.out and "Traceback" not in out.err
    assert _digests(paths.folder) == before

    # with the log put back as it was before the flip, every commit is there
    _wal(paths).write_bytes(_wal(crashed).read_bytes())
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert vault.conn.execute("SELECT count(*) FROM client").fetchone()[0] == COMMITS * 3


def test_a_torn_last_write_is_not_damage(crashed: VaultPaths, tmp_path: Path) -> None:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(crashed.folder.parents[2], home)
    paths = AppPaths.under(home).vault(PROFILE)
    wal = _wal(paths).read_bytes()
    _wal(paths).write_bytes(wal[: len(wal) - 1000])  # the last frame cut short
    assert not walguard.inspect(_wal(paths).read_bytes()).damaged
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert vault.is_open
    assert not list(paths.kept.iterdir()), "a whole log's copy is not kept"


def test_inspect_ignores_what_is_not_a_wal() -> None:
    assert not walguard.inspect(b"").damaged
    assert not walguard.inspect(os.urandom(5000)).damaged


@settings(max_examples=40 if settings.get_current_profile_name() != "long" else 2000,
          deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.floats(0, 1), data=st.binary(min_size=1, max_size=64),
       cut=st.booleans())
def test_fuzz_inspect_never_fails(crashed: VaultPaths, position: float, data: bytes,
                                  cut: bool) -> None:
    wal = _wal(crashed).read_bytes()
    at = int(position * (len(wal) - 1))
    damaged = wal[:at] if cut else wal[:at] + data + wal[at + len(data):]
    report = walguard.inspect(damaged)
    assert report.valid_commits + report.lost_commits <= COMMITS + 1


def test_atomic_create_without_hard_links(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A portable install on a FAT stick has no hard links: creating still works, and
    still never replaces a file that is there."""
    from coachdesk.store.atomic import atomic_create

    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    atomic_create(tmp_path / "vault.key", b"one")
    assert (tmp_path / "vault.key").read_bytes() == b"one"
    with pytest.raises(FileExistsError):
        atomic_create(tmp_path / "vault.key", b"two")
    assert (tmp_path / "vault.key").read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.key"]
