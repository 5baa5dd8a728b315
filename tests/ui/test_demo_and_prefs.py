"""`coachdesk --demo` gets a newcomer in; preferences set the idle lock."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from coachdesk.demo.build import DEMO_PASSPHRASE, make_demo_vault
from coachdesk.services.preferences import load_preferences
from coachdesk.ui.preferences import PreferencesDialog
from tests.factories import FAST_KDF, TODAY
from tests.ui.conftest import child, make_window, unlock


def test_demo_opens_on_the_demo_profile_with_its_passphrase_shown(app_paths, clocks, qtbot):
    make_demo_vault(app_paths, clients=12, today=TODAY, kdf=FAST_KDF)
    window = make_window(app_paths, clocks, qtbot, demo=True)
    assert child(window, QComboBox, "field_profile").currentData() == "demo-coach"
    hint = child(window, QLabel, "demoHint")
    assert not hint.isHidden() and DEMO_PASSPHRASE in hint.text()
    unlock(window, DEMO_PASSPHRASE)
    assert window.page_name() == "today"
    assert window.today.clinic.rowCount() == 8  # the demo's morning clinic
    assert "Demo Coach" in child(window, QLabel, "coachLabel").text()
    window.close()


def test_preferences_change_the_idle_lock(seeded, window, clocks, app_paths):
    unlock(window)
    dialog = PreferencesDialog(window.ctx.prefs, window)
    dialog.idle.setValue(2)
    window.apply_preferences(dialog.result_prefs())
    assert load_preferences(app_paths).idle_lock_minutes == 2
    clocks.advance(2.5)
    window.idle.check()
    assert window.is_locked()
