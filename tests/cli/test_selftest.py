"""`coachdesk --self-test`: a real run in a child process, and its failures in words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.services.selftest import Check, run_self_test

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environ = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
               "HOME": str(home), "TMPDIR": str(temp), "LANG": "en_GB.UTF-8",
               "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(home / "data"),
               "XDG_CONFIG_HOME": str(home / "config"), **env}
    return subprocess.run([sys.executable, "-m", "coachdesk", "--self-test"], env=environ,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_self_test_passes_in_one_line_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("CoachDesk ") and " self-test passed in " in line
    for part in ("encrypted vault", "client and note", "action plan PDF (1 page)",
                 "Qt platform (offscreen)", "print support", "printed to PDF (1 page)",
                 "clean-up"):
        assert part in line
    assert list((tmp_path / "temp").iterdir()) == []  # the scratch vault is gone
    assert not (tmp_path / "home" / "data").exists()  # no coach's data folder was touched
    assert "Traceback" not in result.stderr


def test_missing_display_plugin_is_named_and_exits_non_zero(tmp_path: Path) -> None:
    result = _run(tmp_path, QT_QPA_PLATFORM="nosuchdisplay")
    assert result.returncode == 1
    line = result.stdout.strip()
    assert "self-test FAILED" in line
    assert "'nosuchdisplay' display plugin is missing" in line and "Reinstall" in line
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "temp").iterdir()) == []  # the vault part ran, and cleaned up


def test_a_failing_check_is_reported_and_the_scratch_folder_still_removed(
        tmp_path: Path) -> None:
    seen: list[Path] = []

    def broken(pdf: bytes | None, scratch: Path) -> list[Check]:
        assert pdf is not None and pdf.startswith(b"%PDF")
        seen.append(scratch)
        (scratch / "half-printed.pdf").write_bytes(b"%PDF-1.4")
        raise OSError("the print spooler went away")

    report = run_self_test(broken, temp_root=tmp_path)
    assert not report.ok
    line = report.one_line()
    assert "FAILED: display and printing checks: OSError: the print spooler went away" in line
    assert seen and not seen[0].exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a read-only folder")
def test_unwritable_temp_folder_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        report = run_self_test(temp_root=locked)
    finally:
        locked.chmod(0o700)
    assert not report.ok
    assert report.checks[0].name == "temporary folder"
    assert "TMPDIR" in report.one_line()
