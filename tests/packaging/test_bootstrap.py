"""Issue 12 item 21: `bootstrap.sh test` installs the xcb libraries as `demo` does, so a
machine set up for the tests can also open the app's window. The real script runs with
stand-ins for dpkg (everything missing), apt-get (records what it was asked for) and sudo;
PYTHON=false stops it just after the system packages."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
XCB = {"libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-keysyms1",
       "libxcb-shape0", "libxcb-randr0", "libxcb-render-util0", "libxcb-image0",
       "libxcb-xinerama0"}


def _asked_for(tmp_path: Path, action: str) -> set[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / f"apt-{action}.log"
    scripts = {"dpkg": "exit 1", "apt-get": f'echo "$@" >> {log}', "sudo": 'exec "$@"',
               "initdb": "exit 0"}
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHON": "false",
           "COACHDESK_VENV": str(tmp_path / "no-venv")}
    subprocess.run(["bash", str(ROOT / "installer" / "bootstrap.sh"), action], env=env,
                   capture_output=True, text=True, timeout=60, check=False)
    words = log.read_text().split() if log.exists() else []
    return set(words)


@pytest.mark.parametrize("action", ["test", "demo"])
def test_both_actions_install_the_xcb_libraries(tmp_path: Path, action: str) -> None:
    asked = _asked_for(tmp_path, action)
    assert "install" in asked
    assert asked >= XCB, sorted(XCB - asked)
