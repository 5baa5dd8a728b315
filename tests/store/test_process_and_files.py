"""Core dumps off and private files (issue 8 items 5 and 6)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.domain import Client
from coachdesk.services.preferences import Preferences, save_preferences
from coachdesk.store.backup import restore
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

ROOT = Path(__file__).resolve().parents[2]


def test_entry_point_turns_off_core_dumps_and_sets_umask(tmp_path: Path) -> None:
    """The CLI/app entry point (`coachdesk.cli.main`) in a process of its own."""
    script = textwrap.dedent(f"""
        import os, resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from coachdesk import cli
        from coachdesk.services.hardening import is_dumpable
        assert cli.main(["--home", {str(tmp_path)!r}, "vault", "list"]) == 0
        umask = os.umask(0)
        print("core", resource.getrlimit(resource.RLIMIT_CORE))
        print("dumpable", is_dumpable())
        print("umask", oct(umask))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert "core (0, 0)" in out.stdout
    assert "umask 0o77" in out.stdout
    if sys.platform.startswith("linux"):
        assert "dumpable False" in out.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_running_command_has_no_core_limit(tmp_path: Path) -> None:
    """`python -m coachdesk`, waiting for its passphrase: the kernel's view of it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "coachdesk", "--home", str(tmp_path), "vault", "check",
         "--passphrase-stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    try:
        limits = ""
        for _ in range(200):
            status = Path(f"/proc/{proc.pid}/status").read_text()
            if "State:\tS" in status and "coachdesk" in Path(
                    f"/proc/{proc.pid}/cmdline").read_text():
                limits = Path(f"/proc/{proc.pid}/limits").read_text()
                if "Max core file size        0" in limits:
                    break
            import time
            time.sleep(0.05)
        assert "Max core file size        0                    0" in limits, limits
    finally:
        proc.communicate(input=b"not the passphrase\n", timeout=60)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A permissive umask, as a process that did not harden itself would have: the modes
    must come from CoachDesk's own chmods, not from luck."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _modes(root: Path) -> dict[str, str]:
    found = {}
    for path in [root / "data", root / "config", *(root / "data").rglob("*"),
                 *(root / "config").rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if (path.is_dir() and mode != 0o700) or (path.is_file() and mode != 0o600):
            found[str(path.relative_to(root))] = oct(mode)
    return found


def test_every_file_and_folder_is_private(tmp_path: Path, loose_umask: None) -> None:
    app = AppPaths.under(tmp_path)
    paths = app.vault("Sam Coach")
    vault, _ = Vault.create(paths, PASSPHRASE, FAST_KDF)
    store = Store(vault, "Sam Coach")
    for n in range(5):
        store.repo(Client).add(make_client(given_name=f"Person{n}", nhs_number=""))
    assert Path(str(paths.database) + "-wal").exists()
    backup = vault.backup()
    save_preferences(app, Preferences())
    assert _modes(tmp_path) == {}, "while open"
    vault.close()
    aside = restore(paths, PASSPHRASE, backup)
    assert aside.exists()
    with Vault.unlock(paths, PASSPHRASE) as reopened:
        Store(reopened, "Sam Coach").repo(Client).add(make_client(nhs_number=""))
        assert _modes(tmp_path) == {}, "restored and open"
    assert _modes(tmp_path) == {}, "after restore"
    assert {p.name for p in paths.folder.iterdir()} >= {"vault.db", "vault.key", "backups"}


def test_older_loose_modes_are_tightened_at_start(tmp_path: Path) -> None:
    """What an older CoachDesk left at 0755/0644 is private again after any start; the
    folder above (the user's own) is left alone."""
    tmp_path.chmod(0o755)
    app = AppPaths.under(tmp_path)
    vault, _ = Vault.create(app.vault("Sam Coach"), PASSPHRASE, FAST_KDF)
    vault.backup()
    vault.close()
    save_preferences(app, Preferences())
    for path in [tmp_path / "data", tmp_path / "config", *(tmp_path / "data").rglob("*"),
                 *(tmp_path / "config").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert _modes(tmp_path)
    out = subprocess.run([sys.executable, "-m", "coachdesk", "--home", str(tmp_path), "vault",
                          "list", "--profile", "Sam Coach"], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert _modes(tmp_path) == {}
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
