"""Consent in the real window: recorded, withdrawn, the banner on the record."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.domain.consent import ConsentScope
from coachdesk.ui.governance import open_consent
from tests.governance_helpers import shots
from tests.ui.conftest import Seeded, unlock


def test_withdrawing_consent_shows_a_banner_on_the_record(seeded: Seeded, window, qtbot,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    unlock(window)
    window.open_client(seeded.client.id)
    QApplication.processEvents()
    assert not window.record.consent_banner.isVisible()
    dialog = open_consent(window)
    QApplication.processEvents()
    for scope in (ConsentScope.KEEP_RECORDS, ConsentScope.SHARE_WITH_GP):
        dialog.boxes[scope].setChecked(True)
    qtbot.keyClick(dialog.give_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert dialog.history.rowCount() == 1
    assert "Keep records, Share with GP" in dialog.state_label.text()
    dialog.boxes[ConsentScope.SHARE_WITH_GP].setChecked(True)
    qtbot.keyClick(dialog.withdraw_button, Qt.Key.Key_Space)
    QApplication.processEvents()
    assert dialog.history.rowCount() == 2
    assert dialog.banner.text().startswith("Consent withdrawn on 23 Nov 2026: share with GP")
    dialog.grab().save(str(shots(tmp_path) / "consent.png"))
    dialog.close()
    QApplication.processEvents()
    assert window.record.consent_banner.isVisible()
    assert "share with GP" in window.record.consent_banner.text()
    # withdrawing what is not in force is refused in words
    dialog = open_consent(window)
    QApplication.processEvents()
    dialog.boxes[ConsentScope.EVALUATION].setChecked(True)
    dialog.withdraw_button.click()
    QApplication.processEvents()
    assert "not in force" in dialog.message.text()
