"""The Linux one-folder bundle, built from this checkout with the documented command, run
with no Python to lean on (PATH and PYTHONPATH stripped): `--self-test` passes, it fits in
150 MB, it migrates the previous release's vault, and the tarball holds the
whole app."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from coachdesk.domain import CaseNote, Client
from coachdesk.store import backupset, migrate
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import PASSPHRASE
from tests.installer.previous_release import make_format_1_vault

pytest.importorskip("PyInstaller")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle")]

ROOT = Path(__file__).resolve().parents[2]
#: on disk, in MiB (du -sm): the issue's target. Measured 131 with ICU's data slimmed to
#: British English (installer/slim_icu.py; see installer/README.md for what takes the space).
LIMIT_MB = 150


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    started = time.perf_counter()
    result = subprocess.run(
        ["bash", str(ROOT / "installer" / "build.sh"), "--tarball",
         "--dist", str(out / "dist"), "--work", str(out / "work")],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, capture_output=True,
        text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    print(f"bundle built in {time.perf_counter() - started:.0f} s")
    return out / "dist"


def _bare_env(tmp_path: Path) -> dict[str, str]:
    """Only what a bare PC gives: no PATH, no PYTHONPATH, no Python anywhere to help."""
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir(exist_ok=True)
    temp.mkdir(exist_ok=True)
    return {"HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(temp),
            "QT_QPA_PLATFORM": "offscreen"}


def test_bundle_passes_self_test_with_no_python_around(dist: Path, tmp_path: Path) -> None:
    app = dist / "CoachDesk" / "CoachDesk"
    env = _bare_env(tmp_path)
    result = subprocess.run([str(app), "--self-test"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    line = result.stdout.strip()
    assert line.startswith("CoachDesk ") and " self-test passed in " in line, line
    for part in ("encrypted vault", "action plan PDF (1 page)", "Qt platform (offscreen)",
                 "print support", "printed to PDF (1 page)", "clean-up"):
        assert part in line
    assert list(Path(env["TMPDIR"]).iterdir()) == []
    # the fonts, style sheet and directory data came from inside the bundle
    internal = dist / "CoachDesk" / "_internal"
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "style.qss").is_file()
    assert (internal / "coachdesk" / "store" / "migrations" / "0001_initial.sql").is_file()


def test_bundle_fits_on_disk(dist: Path) -> None:
    total = sum(p.stat().st_blocks * 512 for p in (dist / "CoachDesk").rglob("*")
                if p.is_file() and not p.is_symlink())
    assert total / 2**20 <= LIMIT_MB, f"{total / 2**20:.1f} MB"
    unused = [p.name for p in (dist / "CoachDesk").rglob("*")
              if any(word in p.name for word in ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D",
                                                 "Multimedia", "tkinter", "libtk"))]
    assert unused == []


def test_bundle_migrates_the_previous_release_vault(dist: Path, tmp_path: Path) -> None:
    data = tmp_path / "coach data"
    paths = AppPaths.under(data).vault("Test Coach")
    client, note = make_format_1_vault(paths)
    result = subprocess.run(
        [str(dist / "CoachDesk" / "CoachDesk"), "--home", str(data), "vault", "check",
         "--profile", "Test Coach", "--passphrase-stdin"],
        input=PASSPHRASE + "\n", env=_bare_env(tmp_path), cwd=tmp_path,
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checks passed" in result.stdout
    assert [b.label for b in backupset.backups(paths)] == ["v1"]
    with Vault.unlock(paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == migrate.latest() > 1
        store = Store(vault, "Test Coach")
        assert store.repo(Client).get(client.id) == client
        assert store.repo(CaseNote).get(note.id) == note


def test_tarball_holds_the_app_its_desktop_entry_and_icons(dist: Path) -> None:
    (tarball,) = dist.glob("CoachDesk-*-linux-*.tar.gz")
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    for wanted in ("CoachDesk/CoachDesk", "CoachDesk/coachdesk.desktop",
                   "CoachDesk/icons/coachdesk-48.png", "CoachDesk/icons/coachdesk-256.png",
                   "CoachDesk/icons/coachdesk.svg",
                   "CoachDesk/_internal/resources/icons/coachdesk.svg"):
        assert wanted in names
