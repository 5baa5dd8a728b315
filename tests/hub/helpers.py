"""Test helpers: a real uvicorn hub on loopback, and simulated team devices."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from coachdesk.domain.hlc import HybridLogicalClock
from coachdesk.domain.ids import new_id
from coachdesk.hub.app import create_app
from coachdesk.hub.http import HubConfig
from coachdesk.hub.storage import HubStore
from coachdesk.sync import wire
from coachdesk.sync.hubclient import HubClient, HubUnreachable
from coachdesk.sync.teamkeys import DeviceKeys, Keyring
from coachdesk.sync.wire import SealedChange

#: Synthetic people and notes only; the dump tests look for every one of these strings.
NAMES = ["Marigold Featherstonehaugh", "Bartholomew Quillfeather", "Odalys Pemberton-Vane"]
NOTE = "Discussed a phased return with the occupational health adviser at Brackenford"
FIELDS = ["given_name", "family_name", "body", "phone"]


@dataclass
class Change:
    """Same attributes as coachdesk.domain.change.Change."""

    op_id: str
    device_id: str
    seq: int
    hlc: str
    entity: str
    entity_id: str
    field: str
    value: Any
    client_id: str | None


@contextmanager
def running_hub(store: HubStore, config: HubConfig | None = None,
                tls: tuple[str, str] | None = None, port: int = 0) -> Iterator[str]:
    """Serve the hub with a real uvicorn on 127.0.0.1 in a thread; yields its base URL.
    Give `port` to serve again where a stopped hub was (a hub restart)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # so NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    cert, key = tls or (None, None)
    server = uvicorn.Server(uvicorn.Config(create_app(store, config), log_level="warning",
                                           access_log=False, lifespan="on",
                                           timeout_graceful_shutdown=2,
                                           ssl_certfile=cert, ssl_keyfile=key))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


ROOT = Path(__file__).resolve().parents[2]
#: Run code with the desktop app's packages made unimportable.
BLOCK = ("import sys\n"
         "for name in ('PySide6', 'sqlcipher3', 'reportlab', 'argon2', 'pypdfium2'):\n"
         "    sys.modules[name] = None\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class HubProcess:
    url: str
    stderr: str = ""


@contextmanager
def hub_process(store_url: str, *extra: str) -> Iterator[HubProcess]:
    """`coachdesk hub serve` in its own process, desktop packages blocked; stopped after."""
    port = free_port()
    argv = ["hub", "serve", "--store", store_url, "--port", str(port), *extra]
    code = BLOCK + f"from coachdesk.cli import main\nraise SystemExit(main({argv!r}))\n"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    hub = HubProcess(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with HubClient(hub.url, timeout=2) as probe:
                    probe.health()
                break
            except HubUnreachable:
                assert proc.poll() is None and time.monotonic() < deadline, "hub did not start"
                time.sleep(0.1)
        yield hub
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            hub.stderr = proc.communicate(timeout=30)[1]
        except subprocess.TimeoutExpired:
            proc.kill()
            hub.stderr = proc.communicate()[1]


@dataclass
class Device:
    """A simulated device: its keys, its team keyring, a client and a change counter."""

    url: str
    device_id: str = field(default_factory=lambda: "dev-" + new_id()[-12:])
    keys: DeviceKeys = field(default_factory=DeviceKeys.generate)
    ring: Keyring | None = None
    client: HubClient = field(init=False)
    clock: HybridLogicalClock = field(default_factory=HybridLogicalClock)
    seq: int = 0

    def __post_init__(self) -> None:
        self.client = HubClient(self.url)

    @property
    def team(self) -> str:
        assert self.ring is not None
        return self.ring.team_id

    @classmethod
    def founder(cls, url: str) -> Device:
        device = cls(url)
        device.ring = Keyring.new(new_id())
        device.client.create_team(device.ring, device.device_id, device.keys)
        return device

    def invite(self) -> Device:
        assert self.ring is not None
        joiner = Device(self.url)
        code = self.client.invite(self.ring)
        joiner.ring = joiner.client.join(self.team, code, joiner.device_id, joiner.keys)
        return joiner

    def change(self, entity: str, entity_id: str, field_name: str, value: Any,
               client_id: str | None = None) -> SealedChange:
        assert self.ring is not None
        self.seq += 1
        plain = Change(new_id(), self.device_id, self.seq, self.clock.now().encode(), entity,
                       entity_id, field_name, value, client_id)
        return wire.seal(plain, self.team, self.ring.epoch, self.ring.value_key(),
                         self.ring.tag_key)

    def open(self, sealed: SealedChange) -> wire.OpenedChange:
        assert self.ring is not None
        return wire.open_change(sealed, self.ring.value_key(sealed.epoch), self.ring.tag_key)

    def push(self, changes: list[SealedChange]) -> dict[str, Any]:
        return self.client.push(self.team, changes)


def materialise(device: Device, changes: list[tuple[int, SealedChange]]) -> dict[Any, Any]:
    """Apply changes last-writer-wins by (hlc, device id): {(entity, id, field): value}."""
    best: dict[Any, tuple[str, str, Any]] = {}
    for _seq, sealed in changes:
        opened = device.open(sealed)
        key = (opened.entity, sealed.entity_id, opened.field)
        rank = (sealed.hlc, sealed.device_id)
        if key not in best or rank > best[key][:2]:
            best[key] = (sealed.hlc, sealed.device_id, opened.value)
    return {key: value[2] for key, value in best.items()}
