"""The headless commands, run as a person would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coachdesk.demo.build import DEMO_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def _run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", "--home", str(home), *args],
        input=stdin, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_demo_then_check_backup_and_restore(tmp_path: Path) -> None:
    made = _run(tmp_path, "demo", "--clients", "15")
    assert made.returncode == 0 and DEMO_PASSPHRASE in made.stdout
    again = _run(tmp_path, "demo")
    assert "Kept the existing" in again.stdout

    check = _run(tmp_path, "vault", "check", "--passphrase-stdin", stdin=DEMO_PASSPHRASE + "\n")
    assert check.returncode == 0, check.stderr
    assert "client: 15" in check.stdout and "audit trail: intact" in check.stdout

    bad = _run(tmp_path, "vault", "check", "--passphrase-stdin", stdin="wrong words here\n")
    assert bad.returncode == 1 and "Passphrase not recognised" in bad.stderr
    assert "Traceback" not in bad.stderr

    backup = _run(tmp_path, "vault", "backup", "--passphrase-stdin", stdin=DEMO_PASSPHRASE + "\n")
    assert backup.returncode == 0, backup.stderr
    backup_file = backup.stdout.strip().rsplit(" ", 1)[-1]
    assert Path(backup_file).is_file()

    # damage the vault, then restore the backup over it
    db = next((tmp_path / "data" / "profiles").glob("*/vault.db"))
    data = bytearray(db.read_bytes())
    data[5000] ^= 0xFF
    db.write_bytes(bytes(data))
    broken = _run(tmp_path, "vault", "check", "--passphrase-stdin", stdin=DEMO_PASSPHRASE + "\n")
    assert broken.returncode == 1 and "damaged" in broken.stderr
    assert f"The last good backup is {backup_file}" in broken.stderr
    restored = _run(tmp_path, "vault", "restore", backup_file, "--passphrase-stdin",
                    stdin=DEMO_PASSPHRASE + "\n")
    assert restored.returncode == 0, restored.stderr
    assert "replaced vault was kept" in restored.stdout
    kept = list(db.parent.glob("vault-replaced-*.db"))
    assert kept and kept[0].read_bytes() == bytes(data)
    check = _run(tmp_path, "vault", "check", "--passphrase-stdin", stdin=DEMO_PASSPHRASE + "\n")
    assert check.returncode == 0 and "client: 15" in check.stdout


def test_create_prints_recovery_code_once(tmp_path: Path) -> None:
    out = _run(tmp_path, "vault", "create", "--profile", "Sam Coach", "--passphrase-stdin",
               stdin="a long enough passphrase\n")
    assert out.returncode == 0, out.stderr
    assert "Recovery code" in out.stdout
    refused = _run(tmp_path, "vault", "create", "--profile", "Sam Coach", "--passphrase-stdin",
                   stdin="another passphrase here\n")
    assert refused.returncode == 1 and "will not overwrite" in refused.stderr


def test_restore_with_wrong_backup_refused(tmp_path: Path) -> None:
    _run(tmp_path, "demo", "--clients", "3")
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    db = next((tmp_path / "data" / "profiles").glob("*/vault.db"))
    before = db.read_bytes()
    out = _run(tmp_path, "vault", "restore", str(junk), "--passphrase-stdin",
               stdin=DEMO_PASSPHRASE + "\n")
    assert out.returncode == 1 and "damaged" in out.stderr
    assert db.read_bytes() == before


def test_demo_flag_makes_the_demo_vault_then_opens_the_app_on_it(tmp_path: Path,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`coachdesk --demo`: cli.py (the composition root) loads the demo tool only now,
    makes the vault, and starts the app offering the demo profile."""
    import coachdesk.ui.app as app_module
    from coachdesk import cli

    started: list[tuple[object, bool]] = []
    monkeypatch.setattr(app_module, "run_app",
                        lambda paths, demo=False: started.append((paths, demo)) or 0)
    assert cli.main(["--home", str(tmp_path), "--demo"]) == 0
    ((paths, demo),) = started
    assert demo is True
    assert paths.profiles() == ["demo-coach"]  # type: ignore[attr-defined]
    assert cli.main(["--home", str(tmp_path), "--demo"]) == 0  # kept, not made again
    assert len(started) == 2


def test_starting_the_app_does_not_load_the_demo() -> None:
    code = ("import sys, coachdesk.cli, coachdesk.ui.app, coachdesk.ui.main_window; "
            "print([m for m in sys.modules if m.startswith('coachdesk.demo')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr
