"""Issue 17 item 7: two coaches on one PC: names as typed, nobody preselected, Switch
profile."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from coachdesk.services.appsession import confirm_recovery_code, create_profile
from coachdesk.ui.actions import ActionId
from tests.factories import FAST_KDF, PASSPHRASE, TODAY
from tests.ui.conftest import child, click, make_window, unlock


def test_names_as_typed_nobody_preselected_and_switch_profile(app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    for name in ("Sam Coach", "Alex McLeod"):
        store, _ = create_profile(app_paths, name, name, PASSPHRASE, lambda: TODAY, FAST_KDF)
        confirm_recovery_code(store)
        store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    combo = window.unlock.unlock_page.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Alex McLeod", "Sam Coach"]
    assert combo.currentIndex() == -1  # who used the PC last is not shown
    unlock(window)
    assert "Choose your profile" in child(window, QLabel, "unlockMessage").text()
    assert window.is_locked()
    combo.setCurrentIndex(combo.findText("Sam Coach"))
    unlock(window)
    assert not window.is_locked()
    assert "Sam Coach" in window.coach_label.text()
    window.show_page("caseload")
    window.registry.trigger(ActionId.SWITCH_PROFILE)
    assert window.is_locked() and combo.currentIndex() == -1
    combo.setCurrentIndex(combo.findText("Alex McLeod"))
    unlock(window)
    assert "Alex McLeod" in window.coach_label.text()
    assert window.page_name() == "today"  # a fresh start, not Sam's last page
    window.close()
    window2 = make_window(app_paths, clocks, qtbot)  # the next start: still nobody chosen
    assert window2.unlock.unlock_page.combo.currentIndex() == -1
    click(window2, "newProfile")
    window2.close()


def test_your_name_follows_the_profile_name_until_the_coach_changes_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    profile = child(window, QLineEdit, "field_profile_name")
    coach = child(window, QLineEdit, "field_coach_name")
    qtbot.keyClicks(profile, "Sam Coach")
    assert coach.text() == "Sam Coach"
    profile.setText("Tuesday clinics")
    assert coach.text() == "Tuesday clinics"
    coach.clear()
    qtbot.keyClicks(coach, "Sam Coach")
    profile.setText("Tuesday clinics Leeds")
    assert coach.text() == "Sam Coach"  # the coach's own words are kept
