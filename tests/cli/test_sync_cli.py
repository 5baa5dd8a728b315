"""Real processes: a `coachdesk hub serve` process on loopback and two vaults synced with
`coachdesk sync ...` commands, each its own process, after edits made offline on both."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from coachdesk.domain import Client, Practice
from coachdesk.domain.ids import new_id
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client
from tests.hub.helpers import hub_process
from tests.store.remote_helpers import records

ROOT = Path(__file__).resolve().parents[2]


def sync(home: Path, profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", "sync", *args, "--home", str(home), "--profile",
         profile, "--passphrase-stdin"],
        input=PASSPHRASE + "\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def sync_json(home: Path, profile: str, *args: str) -> dict[str, object]:
    done = sync(home, profile, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class Offline:
    """Open a profile's vault in this process (no hub involved), like the app would."""

    def __init__(self, home: Path, profile: str) -> None:
        self.paths = AppPaths.under(home).vault(profile)

    def __enter__(self) -> Store:
        self.vault = Vault.unlock(self.paths, PASSPHRASE)
        return Store(self.vault, actor="Test Coach")

    def __exit__(self, *_exc: object) -> None:
        self.vault.close()


def test_two_vaults_on_one_hub_exchange_offline_edits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for profile in ("Coach A", "Coach B"):
        vault, _code = Vault.create(AppPaths.under(home).vault(profile), PASSPHRASE, FAST_KDF)
        vault.close()
    client = make_client(None)
    with hub_process(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        made = sync_json(home, "Coach A", "create-team", "--hub", hub.url)
        with Offline(home, "Coach A") as a:
            practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
            a.repo(Practice).add(practice)
            a.repo(Client).add(replace(client, practice_id=practice.id))
        assert sync_json(home, "Coach A", "now")["sent"] > 0
        invite = sync_json(home, "Coach A", "invite")
        assert len(str(invite["code"]).split("-")) == 8 and invite["expires_at"]
        joined = sync_json(home, "Coach B", "join", "--hub", hub.url, "--code",
                           str(invite["code"]).lower())
        assert joined["team_id"] == made["team_id"] and joined["received"] > 0
        # offline on both PCs: the same field on each, and another field on one
        with Offline(home, "Coach A") as a:
            a.repo(Client).update(replace(a.repo(Client).require(client.id),
                                          phone="07700 900001"))
        with Offline(home, "Coach B") as b:
            b.repo(Client).update(replace(b.repo(Client).require(client.id),
                                          phone="07700 900002", postcode="LS9 7TF"))
        assert sync_json(home, "Coach A", "status")["waiting"] == 1
        for profile in ("Coach A", "Coach B", "Coach A"):
            sync_json(home, profile, "now")
        for profile in ("Coach A", "Coach B"):
            assert sync_json(home, profile, "verify")["match"] is True
            plain = sync(home, profile, "verify")
            assert plain.returncode == 0 and "holds exactly what the hub holds" in plain.stdout
        statuses = [sync_json(home, p, "status") for p in ("Coach A", "Coach B")]
        assert sum(int(str(s["conflicts"])) for s in statuses) >= 1
        assert all(s["waiting"] == 0 and s["last_sync_at"] for s in statuses)
        devices = sync_json(home, "Coach A", "devices")["devices"]
        assert isinstance(devices, list) and len(devices) == 2
        assert all(str(d["last_sync_at"]).endswith("Z") for d in devices)  # type: ignore[index]
        listed = sync(home, "Coach A", "devices").stdout.splitlines()
        assert len(listed) == 2
        assert all(re.search(r"last sync \d{1,2} [A-Z][a-z]{2} 20\d\d \d\d:\d\d", line)
                   for line in listed), listed
        used = sync(home, "Coach B", "join", "--hub", hub.url, "--code", str(invite["code"]))
        assert used.returncode == 1 and "already in a sync team" in used.stderr
    with Offline(home, "Coach A") as a, Offline(home, "Coach B") as b:
        assert records(a, "client") == records(b, "client")
        assert records(a, "client")[client.id]["postcode"] == "LS9 7TF"
        a.repo(Client).update(replace(a.repo(Client).require(client.id), phone="0113 496 0000"))
    # the hub has gone: a plain message, exit 1, the outbox kept
    gone = sync(home, "Coach A", "now")
    assert gone.returncode == 1 and "could not be reached" in gone.stderr
    assert "Traceback" not in gone.stderr
    assert sync_json(home, "Coach A", "status")["waiting"] == 1


def test_a_bad_invitation_code_is_refused_plainly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault, _code = Vault.create(AppPaths.under(home).vault("Coach B"), PASSPHRASE, FAST_KDF)
    vault.close()
    done = sync(home, "Coach B", "join", "--hub", "http://127.0.0.1:9", "--code", "ABC")
    assert done.returncode == 1 and "40 letters and digits" in done.stderr
    done = sync(home, "Coach B", "join", "--hub", "http://hub.example", "--code", "A" * 40)
    assert done.returncode == 1 and "https" in done.stderr and "Traceback" not in done.stderr
    not_in = sync(home, "Coach B", "now", "--json")
    assert not_in.returncode == 1 and "not in a sync team" in json.loads(not_in.stdout)["error"]


def _team_of_three(tmp_path: Path, hub_url: str) -> Path:
    home = tmp_path / "home"
    for profile in ("Coach A", "Coach B", "Coach C", "Coach D"):
        vault, _code = Vault.create(AppPaths.under(home).vault(profile), PASSPHRASE, FAST_KDF)
        vault.close()
    sync_json(home, "Coach A", "create-team", "--hub", hub_url)
    with Offline(home, "Coach A") as a:
        for n in range(12):
            a.repo(Client).add(make_client(None, given_name=f"Synthetic{n}"))
    assert sync_json(home, "Coach A", "now")["sent"] > 300
    return home


def test_a_first_sync_shows_progress_plainly_on_a_pipe_and_not_under_json(
        tmp_path: Path) -> None:
    with hub_process(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        home = _team_of_three(tmp_path, hub.url)
        code = str(sync_json(home, "Coach A", "invite")["code"])
        done = sync(home, "Coach B", "join", "--hub", hub.url, "--code", code)
        assert done.returncode == 0, done.stderr
        lines = [line for line in done.stderr.splitlines() if line]
        assert lines[-1].startswith("100% First sync done:"), lines
        assert any(line.endswith("Building the search index") for line in lines)
        assert "\r" not in done.stderr and "Joined team" in done.stdout
        code = str(sync_json(home, "Coach A", "invite")["code"])
        quiet = sync(home, "Coach C", "join", "--hub", hub.url, "--code", code, "--json")
        assert quiet.returncode == 0 and quiet.stderr == ""
        assert json.loads(quiet.stdout)["received"] > 300


def test_a_first_sync_draws_a_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty

    with hub_process(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        home = _team_of_three(tmp_path, hub.url)
        code = str(sync_json(home, "Coach A", "invite")["code"])
        master, slave = pty.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "coachdesk", "sync", "join", "--hub", hub.url,
                 "--code", code, "--home", str(home), "--profile", "Coach D",
                 "--passphrase-stdin"],
                input=PASSPHRASE + "\n", stdout=subprocess.PIPE, stderr=slave, text=True,
                timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
            os.close(slave)
            drawn = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                drawn += chunk
        finally:
            os.close(master)
        assert done.returncode == 0
        text = drawn.decode()
        assert "\r[" in text and "] 100%" in text and "#" * 30 in text
        assert text.rstrip().endswith("changes received\x1b[K")
