"""The unlock's background work (full integrity check, daily backup) waits for the first
page, runs at low priority, and damage still locks the app. Real vault, real threads."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

import coachdesk.store.vault as vault_module
from coachdesk.store.vault import Vault
from tests.factories import PASSPHRASE
from tests.ui.conftest import PROFILE, make_window, unlock
from tests.ui.damage import damage_a_page_only_the_full_check_reads


@pytest.fixture
def large(monkeypatch):  # type: ignore[no-untyped-def]
    """Every vault counts as large: checked in full after unlock, not before."""
    monkeypatch.setattr(vault_module, "FULL_CHECK_BYTES", 1024)


def _spy_check(monkeypatch, events: list) -> None:  # type: ignore[no-untyped-def]
    original = Vault.check_integrity

    def check(vault: Vault) -> None:
        tid = threading.get_native_id()
        nice = os.getpriority(os.PRIO_PROCESS, tid) if sys.platform == "linux" else 0
        events.append(("check", nice))
        original(vault)
        events.append(("checked",))
    monkeypatch.setattr(Vault, "check_integrity", check)


def test_full_check_starts_after_the_first_page_at_low_priority(
    seeded, app_paths, clocks, qtbot, monkeypatch, large  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    events: list = []
    _spy_check(monkeypatch, events)
    original_loaded = window.today._loaded
    window.today._loaded = lambda *a: (original_loaded(*a), events.append(("today",)))
    unlock(window)
    qtbot.waitUntil(lambda: ("checked",) in events, timeout=15000)
    assert events[0] == ("today",), events
    check = next(e for e in events if e[0] == "check")
    if sys.platform == "linux":
        assert check[1] > os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert not window.is_locked()
    window.close()


def test_damage_found_by_the_later_check_still_locks_the_app(
    seeded, app_paths, clocks, qtbot, monkeypatch, large  # type: ignore[no-untyped-def]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    damage_a_page_only_the_full_check_reads(app_paths, PROFILE)
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert window.is_locked() and "damaged" in shown[0]
    window.close()


def test_locking_before_the_check_starts_reports_nothing(
    seeded, app_paths, clocks, qtbot, monkeypatch, large  # type: ignore[no-untyped-def]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    window = make_window(app_paths, clocks, qtbot)
    events: list = []
    _spy_check(monkeypatch, events)
    window.unlock.unlock_page.passphrase.editor.setText(PASSPHRASE)
    window.unlock.unlock_page.unlock_button.click()  # synchronous: unlocked, page loaded
    assert not window.is_locked()
    window.lock()  # before the event loop ran again: the check had not begun
    qtbot.wait(300)
    assert events == [] and shown == []
    unlock(window)  # the next unlock checks in full again
    qtbot.waitUntil(lambda: ("checked",) in events, timeout=15000)
    assert shown == [] and not window.is_locked()
    window.close()
