"""The unlock card (choose a profile, type the passphrase, wait out repeated failures) and
the stack that shows one card at a time, sized to it."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from coachdesk.ui.unlock.pages import Card, button, password_edit
from coachdesk.ui.widgets.fields import Field


class UnlockPage(Card):
    unlock = Signal(str, str)  # profile slug, passphrase
    create = Signal()
    forgotten = Signal()
    restore = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Unlock CoachDesk", "Choose your profile and type your passphrase.",
                         parent, "unlock")
        self.profiles = Field("profile", "Coach profile", QComboBox())
        self.passphrase = Field("passphrase", "Passphrase", password_edit())
        self.hint = QLabel()
        self.hint.setObjectName("demoHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.body.addWidget(self.profiles)
        self.body.addWidget(self.passphrase)
        self.body.addWidget(self.hint)
        self.forgotten_button = button("Forgotten passphrase", "forgottenPassphrase")
        self.forgotten_button.setProperty("flat", True)
        self.create_button = button("New profile…", "newProfile")
        self.restore_button = button("Restore from a backup…", "restoreFromBackup")
        self.restore_button.setProperty("flat", True)
        self.restore_button.clicked.connect(self.restore)
        self.unlock_button = button("Unlock", "unlockButton", primary=True)
        self.forgotten_button.clicked.connect(self.forgotten)
        self.create_button.clicked.connect(self.create)
        self.unlock_button.clicked.connect(self._submit)
        self.passphrase.editor.returnPressed.connect(self._submit)  # type: ignore[attr-defined]
        # four buttons do not fit one row of the card at 1366x768: the two links go on a row
        # of their own, under the message and above New profile… and Unlock
        self.body.addWidget(self.message)
        links = QHBoxLayout()
        links.addWidget(self.forgotten_button)
        links.addWidget(self.restore_button)
        links.addStretch(1)
        self.body.addLayout(links)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        row.addWidget(self.unlock_button)
        self.body.addLayout(row)
        self._wait = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)

    @property
    def combo(self) -> QComboBox:
        return self.profiles.editor  # type: ignore[return-value]

    def set_profiles(self, profiles: list[tuple[str, str]], selected: str = "") -> None:
        """Nobody is preselected when several coaches share the PC (it would say who used it
        last); a lone profile, or the demo's, is."""
        self.combo.clear()
        for slug, label in profiles:
            self.combo.addItem(label, slug)
        index = self.combo.findData(selected) if selected else -1
        if index < 0 and len(profiles) == 1:
            index = 0
        self.combo.setCurrentIndex(index)
        if index < 0:
            self.combo.setPlaceholderText("Choose your profile")
        has = bool(profiles)
        self.passphrase.setEnabled(has)
        self.unlock_button.setEnabled(has and self._wait <= 0)
        self.forgotten_button.setEnabled(has)
        self.restore_button.setEnabled(has)

    def _submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        slug = str(self.combo.currentData() or "")
        if slug:
            self.unlock.emit(slug, self.passphrase.text())
        else:
            self.show_message("Choose your profile first.")
            self.combo.setFocus()

    def slow_down(self, seconds: float) -> None:
        """Repeated wrong passphrases: the Unlock button waits, counting down."""
        self._wait = max(1, round(seconds))
        self.unlock_button.setEnabled(False)
        self._tick.start()
        self._count_down(step=0)

    def _count_down(self, step: int = 1) -> None:
        self._wait -= step
        if self._wait <= 0:
            self._tick.stop()
            self.unlock_button.setEnabled(self.combo.count() > 0)
            self.unlock_button.setText("Unlock")
            if "Wait" in self.message.text():  # the wait is over: say so, not "wait"
                self.show_message("You can try again now. Check the passphrase carefully: "
                                  "each wrong try makes the next wait longer.")
        else:
            self.unlock_button.setText(f"Unlock (wait {self._wait} s)")


class CardStack(QWidget):
    """One card shown at a time, sized to that card (a QStackedWidget takes the height of
    its tallest page, which left the unlock card full of gaps)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None

    def addWidget(self, card: QWidget) -> None:
        self._layout.addWidget(card)
        card.setVisible(self._current is None)
        self._current = self._current or card

    def setCurrentWidget(self, card: QWidget) -> None:
        for i in range(self._layout.count()):
            widget = self._layout.itemAt(i).widget()
            widget.setVisible(widget is card)
        self._current = card

    def currentWidget(self) -> QWidget | None:
        return self._current
