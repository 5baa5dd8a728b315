"""The demo's embedded hub: `coachdesk --demo` serves a hub on loopback from this process
(SQLite, under the data folder) with the demo vault in a team, so "Sync now" works on the
first try; `coachdesk --demo --second-device` opens a second, empty demo vault joined to
the same team (and uses the first window's hub when it is running: its port is kept in
the demo hub's folder)."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from pathlib import Path

from coachdesk.services.profiles import DEMO_PASSPHRASE, DEMO_PROFILE, AppPaths

DEMO_COACH = "Demo Coach"  # as coachdesk.demo.build names the demo coach


def _port_file(paths: AppPaths) -> Path:
    return paths.data_dir / "demo-hub" / "port"


def demo_hub_port(paths: AppPaths) -> int:
    """COACHDESK_DEMO_HUB_PORT if set; else the port the running demo hub wrote; else 0
    (any free port, so two trials on one PC never meet)."""
    if env := os.environ.get("COACHDESK_DEMO_HUB_PORT"):
        return int(env)
    with contextlib.suppress(OSError, ValueError):
        return int(_port_file(paths).read_text().strip())
    return 0


def second_device_paths(paths: AppPaths) -> AppPaths:
    return AppPaths.under(paths.data_dir / "second-device")


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_demo_hub(paths: AppPaths, port: int) -> str:
    """Serve the demo hub on loopback in a thread, unless the demo's hub already answers
    there (the first window's, when the second device starts)."""
    if port and _listening(port):
        return f"http://127.0.0.1:{port}"
    import uvicorn

    from coachdesk.hub.app import create_app
    from coachdesk.hub.serve import open_store

    folder = paths.data_dir / "demo-hub"
    folder.mkdir(parents=True, exist_ok=True)
    sock = socket.socket()
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    store = open_store(f"sqlite:///{folder / 'hub.db'}")
    server = uvicorn.Server(uvicorn.Config(create_app(store), log_level="warning",
                                           access_log=False))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                     name="coachdesk-demo-hub", daemon=True).start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError(f"The demo hub could not listen on port {port}.")
    _port_file(paths).write_text(str(port))
    return f"http://127.0.0.1:{port}"


def prepare(paths: AppPaths, second_device: bool = False) -> str:
    """Start (or find) the demo hub and put both demo PCs in its team; returns its URL.
    For the second device, when it has joined already, the first vault (perhaps open in
    the first window) is left alone."""
    from coachdesk.services.sync import prepare_demo_team

    url = start_demo_hub(paths, demo_hub_port(paths))
    prepare_demo_team(paths, second_device_paths(paths), url, DEMO_PASSPHRASE, DEMO_PROFILE,
                      DEMO_COACH, second_only=second_device)
    return url


def prepare_or_say(paths: AppPaths, second_device: bool = False) -> None:
    """For the app's start: the demo opens even if its hub cannot start (sync then says so)."""
    try:
        url = prepare(paths, second_device)
        print(f"Demo hub on {url}; the demo vault is in its team.", file=sys.stderr)
    except Exception as exc:  # the demo still opens; its status bar shows sync's problem
        print(f"The demo hub did not start ({exc}); the demo works offline.", file=sys.stderr)
