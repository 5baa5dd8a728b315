"""The hub certificate in the Sync dialog: what "Show the hub's certificate" says, and
the explicit confirmation asked before a pin is replaced by another certificate (after a
pin mismatch that is either a renewed certificate or someone in the middle)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from coachdesk.services.sync import normal_pin, shown_pin


def _same(fingerprint: str, pinned: str) -> bool:
    try:
        return normal_pin(fingerprint) == pinned
    except ValueError:
        return False


def certificate_words(fingerprint: str, pinned: str) -> str:
    """What the dialog says about the certificate the hub presents, beside the pin."""
    if pinned and not _same(fingerprint, pinned):
        return ("The hub's certificate DIFFERS from the one pinned on this PC.\n"
                f"The hub presents:  {fingerprint}\n"
                f"Pinned on this PC: {shown_pin(pinned)}\n"
                "Sync stays stopped until this is settled. Replace the pin only if your IT "
                "team confirms the hub's certificate was renewed and gives you this "
                "fingerprint; otherwise someone may be between this PC and the hub.")
    if pinned:
        return (f"The hub's certificate is the one pinned on this PC:\n{fingerprint}")
    return (f"The hub's certificate has the SHA-256 fingerprint\n{fingerprint}\n"
            "Check it is the one your IT team gave you. It is pinned when you create or "
            "join a team (or press 'Pin this certificate'): this PC will then refuse any "
            "other certificate.")


def confirm_replacing(parent: QWidget, pinned: str, typed: str,
                      go: Callable[[], None]) -> QMessageBox | None:
    """Run `go` at once unless it would replace a pin with another certificate; then ask
    first (No is the default, Enter keeps the old pin). Returns the question shown."""
    if not pinned or not typed.strip() or _same(typed, pinned):
        go()
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, "Replace the pinned certificate?",
                      "This replaces the certificate pinned on this PC.\n\n"
                      f"Pinned now: {shown_pin(pinned)}\nNew: {typed.strip()}\n\n"
                      "Do this only if your IT team confirmed the hub's certificate was "
                      "renewed and gave you the new fingerprint.",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("syncReplacePin")
    replace = box.button(QMessageBox.StandardButton.Yes)
    replace.setText("&Replace the pin")
    box.button(QMessageBox.StandardButton.No).setText("&Keep the old pin")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.buttonClicked.connect(lambda button: go() if button is replace else None)
    box.open()
    return box
