"""`coachdesk hub serve` runs on both backends with PySide6, sqlcipher3 and reportlab blocked."""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys

from coachdesk.domain.ids import new_id
from coachdesk.sync.hubclient import HubClient
from tests.hub.helpers import BLOCK, ROOT, Device, hub_process

ALLOWED = ("coachdesk.hub", "coachdesk.domain", "coachdesk.sync.wire")


def test_hub_modules_import_only_domain_and_the_wire_format():
    for path in sorted((ROOT / "coachdesk" / "hub").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name.startswith("coachdesk"):
                    assert name.startswith(ALLOWED), f"{path.name} imports {name}"
                assert not name.startswith(("PySide6", "sqlcipher3", "reportlab")), path.name


def test_hub_imports_with_desktop_packages_blocked():
    code = BLOCK + ("import coachdesk.hub.app, coachdesk.hub.serve, coachdesk.hub.sqlite\n"
                    "import coachdesk.hub.postgres, coachdesk.sync.hubclient\n"
                    "print(sorted(m for m in sys.modules if m.startswith('coachdesk')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    loaded = ast.literal_eval(out.stdout.strip())
    assert not [m for m in loaded if m.startswith(("coachdesk.store", "coachdesk.ui",
                                                   "coachdesk.printing"))]


def test_hub_serve_runs_without_desktop_packages(store_url):
    with hub_process(store_url) as hub:
        founder = Device.founder(hub.url)
        founder.push([founder.change("client", new_id(), "phone", "07700 900111")])
        assert len(list(founder.client.pull_all(founder.team))) == 1
        spec = HubClient(hub.url).request("GET", "/v1/openapi.json", auth=False)
        assert "/v1/teams/{team}/changes" in spec["paths"]
        founder.client.close()
    lines = [json.loads(line) for line in hub.stderr.splitlines() if line.startswith("{")]
    assert any(line.get("event") == "start" for line in lines), hub.stderr
    assert {"create_team", "push", "pull"} <= {line.get("op") for line in lines}
    assert founder.client.token not in hub.stderr and founder.team not in hub.stderr


def test_hub_serve_refuses_plain_http_off_loopback_and_bad_store(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "coachdesk", "hub", "serve", *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)

    off_loopback = run("--store", f"sqlite:///{tmp_path}/h.db", "--host", "0.0.0.0")  # noqa: S104 (refused)
    assert off_loopback.returncode == 2 and "--behind-proxy" in off_loopback.stderr
    bad = run("--store", "mysql://nowhere")
    assert bad.returncode == 2 and "sqlite: or postgresql://" in bad.stderr
    missing = run("--store", f"sqlite:///{tmp_path}/no/such/folder/h.db")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    no_rate = run("--store", f"sqlite:///{tmp_path}/h.db", "--rate", "0")
    assert no_rate.returncode == 2 and "--rate" in no_rate.stderr
    assert "Traceback" not in off_loopback.stderr + bad.stderr + missing.stderr + no_rate.stderr


def test_server_warnings_are_json_lines_too(tmp_path):
    with hub_process(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        host, port = hub.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as raw:
            raw.sendall(b"NOT HTTP AT ALL secret-looking-token\r\n\r\n")
            raw.recv(1024)
    lines = [line for line in hub.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("{") for line in lines), hub.stderr
    assert "secret-looking-token" not in hub.stderr
    assert any(json.loads(line).get("event") == "server" for line in lines), hub.stderr


def test_serve_takes_its_settings_from_the_environment(monkeypatch):
    import argparse

    from coachdesk.hub.serve import add_arguments

    monkeypatch.setenv("COACHDESK_HUB_STORE", "sqlite:///var/lib/coachdesk-hub/hub.db")
    monkeypatch.setenv("COACHDESK_HUB_PORT", "9443")
    monkeypatch.setenv("COACHDESK_HUB_RATE", "12.5")
    monkeypatch.setenv("COACHDESK_HUB_BEHIND_PROXY", "1")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([])
    assert (args.store, args.port, args.rate, args.behind_proxy) == (
        "sqlite:///var/lib/coachdesk-hub/hub.db", 9443, 12.5, True)
    assert parser.parse_args(["--port", "8000"]).port == 8000


def test_a_bad_setting_in_the_environment_gets_a_plain_message():
    out = subprocess.run([sys.executable, "-m", "coachdesk", "hub", "serve"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, check=False,
                         env={**os.environ, "COACHDESK_HUB_PORT": "eighty"})
    assert out.returncode == 2 and "invalid int value: 'eighty'" in out.stderr
    assert "Traceback" not in out.stderr
