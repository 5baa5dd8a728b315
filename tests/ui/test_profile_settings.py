"""Issue 17 item 6: two coaches on one PC share only machine-wide, non-identifying
preferences; a practice an older version left in the shared preferences.json moves into
the profile's vault at the first unlock; no plaintext file under the CoachDesk home or in
~/.config names a practice or a client (the bytes of every file are scanned)."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from coachdesk.domain import Client, Practice
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import confirm_recovery_code, create_profile
from coachdesk.services.preferences import Preferences, load_preferences
from coachdesk.ui.actions import ActionId
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client
from tests.ui.conftest import make_window, unlock


def _profile(app_paths: Any, name: str, token: str) -> tuple[Practice, Client]:
    store, _ = create_profile(app_paths, name, name, PASSPHRASE, lambda: TODAY, FAST_KDF)
    practice = Practice(id=new_id(), name=f"Brambleford {token} Surgery")
    client = make_client(practice.id, given_name=f"Wren{token}", family_name=f"Ashby{token}")
    store.repo(Practice).add(practice)
    store.repo(Client).add(client)
    confirm_recovery_code(store)
    store.vault.close()
    return practice, client


def _choose(window: Any, name: str) -> None:
    combo = window.unlock.unlock_page.combo
    combo.setCurrentIndex(combo.findText(name))
    unlock(window)
    assert not window.is_locked()


def _setting(window: Any, key: str) -> str | None:
    out: list[str | None] = []
    window.ctx.worker.submit(lambda desk: desk._store.settings.get(key), out.append)
    return out[0]


def _plaintext_hits(root: Path, secrets: list[str], since: float = 0.0) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        try:
            if not path.is_file() or path.stat().st_mtime < since:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        hits += [f"{path}: {s}" for s in secrets
                 if s.encode() in data or s.encode("utf-16-le") in data]
    return hits


def test_two_profiles_keep_their_settings_apart_and_nothing_identifying_is_in_plaintext(
        app_paths, clocks, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    started = time.time() - 1
    token_a, token_b = uuid.uuid4().hex[:8], uuid.uuid4().hex[:8]
    practice_a, client_a = _profile(app_paths, "Sam Coach", token_a)
    practice_b, client_b = _profile(app_paths, "Alex McLeod", token_b)
    shared = app_paths.config_dir / "preferences.json"  # as an older version left it
    shared.parent.mkdir(parents=True, exist_ok=True)
    shared.write_text(json.dumps({"idle_lock_minutes": 7, "last_profile": "sam-coach",
                                  "practice_id": practice_a.id}))
    window = make_window(app_paths, clocks, qtbot)
    _choose(window, "Sam Coach")
    assert _setting(window, "practice_id") == practice_a.id  # moved into Sam's vault
    data = json.loads(shared.read_text())
    assert "practice_id" not in data and "last_profile" not in data
    assert data["idle_lock_minutes"] == 7  # a machine-wide setting stays where it was
    assert load_preferences(app_paths).idle_lock_minutes == 7
    window.open_client(client_a.id)
    window.apply_preferences(Preferences(idle_lock_minutes=9))
    window.registry.trigger(ActionId.SWITCH_PROFILE)
    _choose(window, "Alex McLeod")
    assert _setting(window, "practice_id") is None  # Sam's practice is not Alex's
    window.open_client(client_b.id)
    QApplication.processEvents()
    window.registry.trigger(ActionId.LOCK)
    window.close()
    assert set(json.loads(shared.read_text())) <= set(Preferences.__dataclass_fields__)
    secrets = [practice_a.id, practice_b.id, practice_a.name, practice_b.name, token_a,
               token_b, client_a.id, client_b.id]
    assert _plaintext_hits(tmp_path, secrets) == []
    config = Path.home() / ".config"
    if config.is_dir():  # only what was written while the test ran
        assert _plaintext_hits(config, secrets, since=started) == []
