"""Issue 17, below the window: a new coach's vault, passphrase rule and recovery code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.services.appsession import passphrase_strength
from coachdesk.services.errors import VaultError
from coachdesk.services.profiles import create_profile, recover_profile, unlock_profile, unlocked
from coachdesk.store.errors import WeakPassphrase
from coachdesk.store.paths import AppPaths
from tests.factories import FAST_KDF, PASSPHRASE, TODAY

ROOT = Path(__file__).resolve().parents[2]


def _today():  # type: ignore[no-untyped-def]
    return TODAY


@pytest.mark.parametrize("weak", ["1234567890", "password123", "Sam Coach 1"])
def test_weak_passphrases_are_refused_with_a_reason_and_leave_no_files(
        app_paths: AppPaths, weak: str) -> None:
    rated = passphrase_strength(weak, ["Sam Coach", "Sam Coach"])
    assert not rated.acceptable and rated.label in ("Very weak", "Weak", "Fair")
    assert "guess" in rated.advice
    with pytest.raises(WeakPassphrase, match="guess"):
        create_profile(app_paths, "Sam Coach", "Sam Coach", weak, _today, FAST_KDF)
    assert app_paths.profiles() == []


def test_password123_is_not_rated_good_and_a_real_passphrase_is() -> None:
    assert passphrase_strength("password123").label not in ("Good", "Strong")
    good = passphrase_strength("kettle orbit meadow lantern", ["Sam Coach"])
    assert good.acceptable and good.label == "Strong"


def test_cli_vault_create_refuses_a_weak_passphrase(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--home", str(tmp_path), "vault", "create",
         "--profile", "Sam Coach", "--passphrase-stdin"],
        input="password123\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 1 and "guess" in out.stderr and "Traceback" not in out.stderr
    assert AppPaths.under(tmp_path).profiles() == []


def test_a_new_profile_has_the_starter_directory_and_crisis_contacts(
        app_paths: AppPaths) -> None:
    desk = create_profile(app_paths, "Sam Coach", "Sam Coach", PASSPHRASE, _today, FAST_KDF)
    try:
        services, _name = desk.directory.crisis(None)
        names = [s.name.lower() for s in services]
        assert any(n.startswith("samaritans") for n in names)
        assert any(n.startswith("nhs 111") for n in names)
        assert not desk.directory.is_empty()
        again = desk.directory.load_starter().value  # offered again from the Directory page
        assert again.counts()["unchanged"] >= len(names)  # nothing doubled
    finally:
        desk.lock({})


def test_an_unconfirmed_recovery_code_is_remembered_and_a_new_one_replaces_it(
        app_paths: AppPaths) -> None:
    desk = create_profile(app_paths, "Sam Coach", "Sam Coach", PASSPHRASE, _today, FAST_KDF)
    first = desk.recovery_code
    assert unlocked(desk).recovery_unconfirmed  # the window closed before Continue
    desk.lock({})
    desk = unlock_profile(app_paths, "sam-coach", PASSPHRASE, _today)
    assert unlocked(desk).recovery_unconfirmed  # said so on the next start
    second = desk.new_recovery_code()
    assert second != first
    desk.confirm_recovery_code()
    desk.lock({})
    desk = unlock_profile(app_paths, "sam-coach", PASSPHRASE, _today)
    assert not unlocked(desk).recovery_unconfirmed
    desk.lock({})
    with pytest.raises(VaultError):  # the old code no longer opens the vault
        recover_profile(app_paths, "sam-coach", first, "kettle orbit meadow lantern", _today)
    recover_profile(app_paths, "sam-coach", second, "kettle orbit meadow lantern",
                    _today).lock({})


def test_a_wrong_recovery_code_does_not_mention_caps_lock(app_paths: AppPaths) -> None:
    create_profile(app_paths, "Sam Coach", "Sam Coach", PASSPHRASE, _today, FAST_KDF).lock({})
    with pytest.raises(VaultError) as raised:
        recover_profile(app_paths, "sam-coach", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE",
                        "kettle orbit meadow lantern", _today)
    assert "Caps Lock" not in str(raised.value)
    assert "Recovery code not recognised" in str(raised.value)
