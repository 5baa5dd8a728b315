"""`coachdesk sync leave` then `coachdesk sync join` with a new code: a PC that left its
team without being revoked is let back in (new keys and token, the old token dead) and
sends the changes it kept (real hub on loopback)."""

from __future__ import annotations

import json

import pytest

from coachdesk.domain import Client
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine
from coachdesk.sync.hubclient import HubRefused
from coachdesk.sync.membership import Membership
from tests.cli.test_sync_cli_words import _cli, home, hub  # noqa: F401 (fixtures)
from tests.factories import FAST_KDF, PASSPHRASE, make_client


def _membership(home_dir) -> Membership:  # type: ignore[no-untyped-def]
    with Vault.unlock(AppPaths.under(home_dir).vault("Coach A"), PASSPHRASE) as vault:
        member = team.membership(Store(vault, actor="Coach A"))
    assert member is not None
    return member


def test_leave_then_join_again_with_a_new_code(  # type: ignore[no-untyped-def]
        home, hub, monkeypatch, capsys, tmp_path):  # noqa: F811
    owner_vault, _ = Vault.create(AppPaths.under(tmp_path / "o").vault("Owner"), PASSPHRASE,
                                  FAST_KDF)
    owner = Store(owner_vault, actor="Owner")
    member = team.create_team(owner, hub)
    code, _said, err = _cli(home, monkeypatch, capsys, "join", "--hub", hub, "--code",
                            team.invite(member).code)
    assert code == 0, err
    before = _membership(home)
    code, said, err = _cli(home, monkeypatch, capsys, "leave", "--json")
    assert code == 0 and json.loads(said)["ok"] is True, err
    with Vault.unlock(AppPaths.under(home).vault("Coach A"), PASSPHRASE) as vault:
        typed = make_client(None, given_name="Tamsin", family_name="Oldcastle")
        Store(vault, actor="Coach A").repo(Client).add(typed)  # typed while out
    code, said, err = _cli(home, monkeypatch, capsys, "join", "--hub", hub, "--code",
                           team.invite(member).code, "--json")
    assert code == 0, err
    assert json.loads(said)["ok"] is True
    after = _membership(home)
    assert after.token != before.token and after.keys.sign_key != before.keys.sign_key
    code, said, err = _cli(home, monkeypatch, capsys, "now", "--json")
    assert code == 0, err
    code, said, _err = _cli(home, monkeypatch, capsys, "status", "--json")
    assert json.loads(said)["waiting"] == 0
    with team.client_for(member) as owners_hub:
        SyncEngine(owner, owners_hub, member).sync()
    assert owner.repo(Client).get(typed.id) is not None
    with team.client_for(before) as old_hub, pytest.raises(HubRefused) as refused:
        old_hub.devices(before.team_id)
    assert refused.value.status == 401
    owner_vault.close()
