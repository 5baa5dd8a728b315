"""The demo's embedded hub: the demo vault in a team on loopback, and a second demo PC
joined to it, so "Sync now" works on the first try and two windows exchange edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.cli_demo import demo_hub_port, prepare, second_device_paths
from coachdesk.demo.build import DEMO_PASSPHRASE, DEMO_PROFILE, make_demo_vault
from coachdesk.services.sync import sync_desk
from coachdesk.store.paths import AppPaths
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF


def test_demo_pcs_share_a_team_on_the_embedded_hub(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACHDESK_DEMO_HUB_PORT", raising=False)
    paths = AppPaths.under(tmp_path)
    make_demo_vault(paths, clients=4, kdf=FAST_KDF)
    url = prepare(paths)
    assert url == f"http://127.0.0.1:{demo_hub_port(paths)}"  # a free port, remembered
    second = second_device_paths(paths)
    with sync_desk(paths, DEMO_PROFILE, DEMO_PASSPHRASE) as desk:
        assert desk.sync_now().pushed > 0
        team_id = desk.status().team_id
    with sync_desk(second, DEMO_PROFILE, DEMO_PASSPHRASE) as desk:
        assert desk.status().team_id == team_id
        assert desk.sync_now().pulled > 0
        assert desk.verify().matches
    # the first window holds the demo vault open: the second device still starts
    with Vault.unlock(paths.vault(DEMO_PROFILE), DEMO_PASSPHRASE):
        assert prepare(paths, second_device=True) == url
    assert prepare(paths) == url  # run again: same hub, same team, nothing remade
    with sync_desk(paths, DEMO_PROFILE, DEMO_PASSPHRASE) as desk:
        assert desk.status().team_id == team_id and desk.verify().matches
