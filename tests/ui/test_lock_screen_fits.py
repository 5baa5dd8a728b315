"""Trial item 9: after a lock, the lock screen's buttons show their whole text at 1366x768
and 1024x700, and the demo profile is named as everywhere else ("Demo Coach")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox

from coachdesk.demo.build import DEMO_COACH, DEMO_PASSPHRASE, make_demo_vault
from tests.factories import FAST_KDF, TODAY
from tests.ui.conftest import make_window, unlock


@pytest.fixture(autouse=True)
def styled(app_style: None) -> None:
    """The app's own font and style sheet for every test here (tests/ui/conftest.py)."""


def _clipped(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Buttons on screen whose text (plus the style's margins) is wider than the button."""
    found = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or not button.text():
            continue
        text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        needed = button.fontMetrics().horizontalAdvance(text)
        if needed > button.contentsRect().width() - 8:  # the frame's padding inside
            found.append(f"{text!r}: {needed}px in {button.width()}px")
    return found


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_lock_screen_buttons_fit_and_the_demo_profile_is_named_once(
        size: tuple[int, int], app_paths, clocks, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_demo_vault(app_paths, clients=6, today=TODAY, kdf=FAST_KDF)
    window = make_window(app_paths, clocks, qtbot, demo=True)
    window.resize(*size)
    unlock(window, DEMO_PASSPHRASE)
    assert not window.is_locked()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):
        QApplication.processEvents()
    assert window.is_locked()
    window.grab().save(str(tmp_path / f"lock-{size[0]}.png"))
    assert _clipped(window.unlock_area) == []
    combo = window.unlock_area.findChild(QComboBox, "field_profile")
    assert combo.currentText() == DEMO_COACH == "Demo Coach"
    window.close()
