"""`coachdesk sync ...` as a keyboard trial found it: invitation expiry in UK local time,
one JSON object for every failure under --json, no "sent later" for a join that never
happened, no first-sync lines when there was no first sync, and `sync leave`."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.cli_sync import ProgressShown
from coachdesk.domain import Client
from coachdesk.hub.serve import open_store
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from coachdesk.sync import team
from coachdesk.sync.firstsync import Progress
from tests.factories import FAST_KDF, PASSPHRASE, make_client
from tests.hub.helpers import running_hub


def _cli(home: Path, monkeypatch, capsys, *args: str, passphrase: str = PASSPHRASE):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(passphrase + "\n"))
    code = main(["sync", *args, "--home", str(home), "--profile", "Coach A",
                 "--passphrase-stdin"])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def home(tmp_path: Path) -> Path:
    vault, _code = Vault.create(AppPaths.under(tmp_path).vault("Coach A"), PASSPHRASE,
                                FAST_KDF)
    vault.close()
    return tmp_path


@pytest.fixture
def hub(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    with running_hub(store) as url:
        yield url
    store.close()


def test_invite_says_until_when_in_uk_local_time(home, hub, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    assert _cli(home, monkeypatch, capsys, "create-team", "--hub", hub)[0] == 0
    code, said, err = _cli(home, monkeypatch, capsys, "invite")
    assert code == 0, err
    assert re.search(r"until \d\d:\d\d on \d{1,2} [A-Z][a-z]{2} 20\d\d\b", said), said
    assert "UTC" not in said and "T" not in said.split("until", 1)[1]
    code, said, _err = _cli(home, monkeypatch, capsys, "invite", "--json")
    found = json.loads(said)
    assert found["ok"] is True and re.fullmatch(r"20\d\d-\d\d-\d\dT.*Z", found["expires_at"])


def test_every_failure_under_json_is_one_object(home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    code, said, _err = _cli(home, monkeypatch, capsys, "status", "--json", passphrase="")
    assert code != 0
    assert json.loads(said) == {"ok": False, "error": json.loads(said)["error"]}
    assert "passphrase" in json.loads(said)["error"].lower()
    code, said, _err = _cli(home, monkeypatch, capsys, "status", "--json", passphrase="wrong")
    assert code != 0 and json.loads(said)["ok"] is False


def test_a_join_to_an_unreachable_hub_promises_nothing(home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    code, _said, err = _cli(home, monkeypatch, capsys, "join", "--hub", "http://127.0.0.1:9",
                            "--code", "A" * 40)
    assert code == 1 and "could not be reached" in err
    assert "sent later" not in err and "not joined" in err.lower()


def test_no_first_sync_lines_without_a_first_sync_and_done_said_once() -> None:
    out = io.StringIO()
    shown = ProgressShown(out, on_terminal=False)
    shown(Progress(0, 0, 0, "indexing"))
    shown(Progress(0, 0, 0, "done"))
    assert out.getvalue() == ""  # an empty team: there was nothing to receive
    for on_terminal in (False, True):
        out = io.StringIO()
        shown = ProgressShown(out, on_terminal=on_terminal)
        shown(Progress(50, 100, 40, "receiving"))
        shown(Progress(100, 100, 80, "receiving"))
        shown(Progress(100, 100, 80, "indexing"))
        shown(Progress(100, 100, 80, "done"))
        shown(Progress(100, 100, 80, "done"))
        assert out.getvalue().count("First sync done") == 1, out.getvalue()


def test_sync_leave_keeps_the_records_and_the_changes_waiting(  # type: ignore[no-untyped-def]
        home, hub, monkeypatch, capsys, tmp_path):
    owner_vault, _ = Vault.create(AppPaths.under(tmp_path / "o").vault("Owner"), PASSPHRASE,
                                  FAST_KDF)
    owner = Store(owner_vault, actor="Owner")
    member = team.create_team(owner, hub)
    code, _said, err = _cli(home, monkeypatch, capsys, "join", "--hub", hub, "--code",
                            team.invite(member).code)
    assert code == 0, err
    with Vault.unlock(AppPaths.under(home).vault("Coach A"), PASSPHRASE) as vault:
        mine = Store(vault, actor="Coach A")
        mine.repo(Client).add(make_client(None, given_name="Wren"))
        own = mine.device_id
    team.revoke(owner, member, own)
    code, _said, err = _cli(home, monkeypatch, capsys, "now")
    assert code == 1 and "removed from the sync team" in err and "sync leave" in err
    code, said, err = _cli(home, monkeypatch, capsys, "leave", "--json")
    assert code == 0, err
    left = json.loads(said)
    assert left["ok"] is True and left["waiting"] > 0
    code, said, _err = _cli(home, monkeypatch, capsys, "status", "--json")
    status = json.loads(said)
    assert not status["in_team"] and status["waiting"] == left["waiting"]
    code, _said, err = _cli(home, monkeypatch, capsys, "leave")
    assert code == 1 and "not in a sync team" in err
    owner_vault.close()
