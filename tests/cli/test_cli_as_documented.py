"""The README's commands work as written; no passphrase means a plain message
(issue 8 item 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASS = "a long enough passphrase\n"


def _run(home: Path, *args: str, stdin: str | None = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", "--home", str(home), *args],
        input=stdin, stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_readme_commands_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    assert 'vault restore --profile "Sam Coach" PATH-TO-BACKUP' in readme
    made = _run(tmp_path, "vault", "create", "--profile", "Sam Coach", "--passphrase-stdin",
                stdin=PASS)
    assert made.returncode == 0, made.stderr
    backup = _run(tmp_path, "vault", "backup", "--profile", "Sam Coach", "--passphrase-stdin",
                  stdin=PASS)
    assert backup.returncode == 0, backup.stderr
    path = backup.stdout.strip().rsplit(" ", 1)[-1]
    listed = _run(tmp_path, "vault", "list", "--profile", "Sam Coach")
    assert listed.stdout.strip() == path
    restored = _run(tmp_path, "vault", "restore", "--profile", "Sam Coach", path,
                    "--passphrase-stdin", stdin=PASS)
    assert restored.returncode == 0, restored.stderr
    assert "replaced vault was kept" in restored.stdout
    again = _run(tmp_path, "vault", "restore", path, "--profile", "Sam Coach",
                 "--passphrase-stdin", stdin=PASS)
    assert again.returncode == 0, again.stderr
    check = _run(tmp_path, "vault", "check", "--profile", "Sam Coach", "--passphrase-stdin",
                 stdin=PASS)
    assert check.returncode == 0 and "audit trail: intact" in check.stdout, check.stderr


def test_no_terminal_and_no_passphrase(tmp_path: Path) -> None:
    _run(tmp_path, "vault", "create", "--profile", "Sam Coach", "--passphrase-stdin",
         stdin=PASS)
    for stdin in (None, ""):
        out = _run(tmp_path, "vault", "check", "--profile", "Sam Coach", stdin=stdin)
        assert out.returncode != 0
        assert "No passphrase given" in out.stderr and "Traceback" not in out.stderr
    empty = _run(tmp_path, "vault", "check", "--profile", "Sam Coach", "--passphrase-stdin",
                 stdin="")
    assert empty.returncode != 0 and "No passphrase given" in empty.stderr
    assert "Traceback" not in empty.stderr


def test_restore_needs_a_path(tmp_path: Path) -> None:
    out = _run(tmp_path, "vault", "restore", "--profile", "Sam Coach")
    assert out.returncode == 2 and "PATH" in out.stderr and "Traceback" not in out.stderr


def test_backup_while_the_app_is_open_points_to_the_menu(tmp_path: Path) -> None:
    from coachdesk.store.paths import AppPaths
    from coachdesk.store.vault import Vault

    _run(tmp_path, "vault", "create", "--profile", "Sam Coach", "--passphrase-stdin",
         stdin=PASS)
    with Vault.unlock(AppPaths.under(tmp_path).vault("Sam Coach"), PASS.strip()):
        out = _run(tmp_path, "vault", "backup", "--profile", "Sam Coach",
                   "--passphrase-stdin", stdin=PASS)
    assert out.returncode == 1 and "Back up now" in out.stderr
    assert "Traceback" not in out.stderr
