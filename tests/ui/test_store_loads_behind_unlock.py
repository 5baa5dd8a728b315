"""Start-up shows the unlock screen before the store is imported; the store loads on a
thread while the coach types, unlock waits for it, and a store that cannot load says so
in plain words. Each window runs in a fresh interpreter (the test process has the store
loaded already), on a real vault made here."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.services import loading
from tests.factories import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["sqlcipher3", "argon2", "cryptography", "httpx", "zxcvbn", "coachdesk.store.store",
         "coachdesk.store.vault", "coachdesk.services.desk"]

SCRIPT = """
import json, sys
from pathlib import Path
{prelude}
from PySide6.QtTest import QTest
from coachdesk.services.profiles import AppPaths
from coachdesk.ui.app import build_window, make_application
HEAVY = {heavy!r}


def wait_for(test, ms=30000):
    import time
    end = time.monotonic() + ms / 1000
    while not test() and time.monotonic() < end:
        QTest.qWait(10)
    return test()


app = make_application(sys.argv[:1])
window = build_window(AppPaths.under(Path({home!r})))
window.resize(1366, 768)
window.show()
QTest.qWaitForWindowExposed(window)
app.processEvents()
out = {{"at_shown": [m for m in HEAVY if m in sys.modules],
        "unlock_visible": window.unlock.isVisible()}}
page = window.unlock.unlock_page
{action}
print(json.dumps(out))
window.ctx.worker.shutdown()
"""

UNLOCK_AT_ONCE = """
page.passphrase.editor.setText({passphrase!r})
page.unlock_button.click()  # before the load has finished: the unlock must wait for it
wait_for(lambda: not window.is_locked() or bool(page.message.text()))
out["locked"] = window.is_locked()
out["message"] = page.message.text()
out["workspace"] = window._workspace
out["after"] = [m for m in HEAVY if m in sys.modules]
"""

WAIT_FOR_LOAD = """
wait_for(lambda: window.loader.done)
out["load_message"] = page.message.text()
page.passphrase.editor.setText({passphrase!r})
page.unlock_button.click()
wait_for(lambda: "reinstall" in page.message.text() and page.isEnabled())
out["locked"] = window.is_locked()
out["message"] = page.message.text()
"""


def _run(home: Path, action: str, prelude: str = "") -> dict:  # type: ignore[type-arg]
    code = SCRIPT.format(prelude=prelude, heavy=HEAVY, home=str(home),
                         action=action.format(passphrase=PASSPHRASE))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "QT_LOGGING_RULES": "qt.qpa.*=false"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_unlock_screen_shows_before_the_store_loads_and_an_early_unlock_waits_for_it(
        seeded, app_paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = _run(tmp_path, UNLOCK_AT_ONCE)
    assert out["unlock_visible"]
    assert out["at_shown"] == []  # none of the store, its crypto or the sync client yet
    assert out["message"] == "" and not out["locked"]  # unlocked, after the load
    # the passphrase rater's word lists when a passphrase is rated, the HTTP client when a
    # hub is set up (memory)
    assert out["workspace"] and set(out["after"]) == set(HEAVY) - {"zxcvbn", "httpx"}


def test_a_store_that_cannot_load_says_so_plainly_and_leaves_the_vault_alone(
        seeded, app_paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = _digest(tmp_path)
    # a broken install: the SQLCipher binding will not import
    out = _run(tmp_path, WAIT_FOR_LOAD, prelude="sys.modules['sqlcipher3'] = None")
    assert out["unlock_visible"]
    assert "could not load the part that opens vaults (sqlcipher3)" in out["load_message"]
    assert "reinstall" in out["message"] and out["locked"]
    assert _digest(tmp_path) == before


def test_require_turns_a_failed_import_into_a_vault_error_with_plain_words() -> None:
    with pytest.raises(loading.StoreUnavailable) as caught:
        loading.require(("coachdesk_no_such_module",))
    assert isinstance(caught.value, loading.VaultError)
    assert "Nothing has been changed" in str(caught.value)
    loading.require()  # the real modules load (they are in this process already)


def test_enter_presses_unlock_screen_buttons_once_the_window_is_shown(seeded, app_paths, clocks,
                                                                      qtbot) -> None:  # type: ignore[no-untyped-def]
    """The Enter-presses-buttons filter is taken off while the window is built (it would
    see every construction event) and put back once it is on screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tests.ui.conftest import make_window

    window = make_window(app_paths, clocks, qtbot)
    button = window.unlock.unlock_page.create_button
    window.activateWindow()
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button, timeout=2000)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.unlock.create_page.isVisible(), timeout=2000)
    window.close()
