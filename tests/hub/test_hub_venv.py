"""The hub installs into a virtualenv of its own, without the desktop app's packages, and serves.

Builds the venv the way docs/hub.md says (hub requirements, then CoachDesk --no-deps), from
the package registry, then runs `coachdesk hub serve` from it outside this checkout.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachdesk.sync.hubclient import HubClient, HubUnreachable
from tests.hub.helpers import ROOT, free_port


def _pip(venv: Path, *args: str) -> None:
    out = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                          "--disable-pip-version-check", *args], capture_output=True,
                         text=True, timeout=240, check=False)
    assert out.returncode == 0, out.stderr[-2000:]


@pytest.mark.slow
def test_hub_builds_and_serves_from_its_own_virtualenv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    _pip(venv, "-r", str(ROOT / "installer" / "hub-requirements.txt"))
    _pip(venv, "--no-deps", str(ROOT))
    python = str(venv / "bin" / "python")
    for absent in ("PySide6", "sqlcipher3", "reportlab"):
        probe = subprocess.run([python, "-c", f"import {absent}"], cwd=tmp_path,
                               capture_output=True, timeout=60, check=False)
        assert probe.returncode != 0, f"{absent} is in the hub's virtualenv"
    port = free_port()
    proc = subprocess.Popen([str(venv / "bin" / "coachdesk"), "hub", "serve", "--store",
                             f"sqlite:///{tmp_path / 'hub.db'}", "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env={"PATH": "/usr/bin:/bin"})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with HubClient(f"http://127.0.0.1:{port}", timeout=2) as client:
                    assert client.health() == {"status": "ok"}
                break
            except HubUnreachable:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "the hub did not start"
                time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        err = proc.communicate(timeout=30)[1]
    assert '"event":"start"' in err
