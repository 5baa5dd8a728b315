"""The pages of the unlock screen that make or repair a profile's passphrase."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.appsession import passphrase_strength
from coachdesk.ui.widgets.fields import Field, heading


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class StrengthMeter(QWidget):
    """A bar and words: how hard the passphrase would be to guess."""

    def __init__(self, edit: QLineEdit, prefix: str, parent: QWidget | None = None,
                 inputs: Callable[[], list[str]] = list) -> None:
        super().__init__(parent)
        self._edit, self._inputs = edit, inputs
        self.bar = QProgressBar()
        self.bar.setObjectName("strengthBar")
        self.bar.setProperty("meter", prefix)
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Passphrase strength")
        self.words = QLabel()
        self.words.setObjectName(f"{prefix}StrengthText")
        self.words.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.words)
        edit.textChanged.connect(self.update_for)
        self.update_for("")

    def refresh(self) -> None:
        """Again for the same passphrase: a name it is checked against has changed."""
        self.update_for(self._edit.text())

    def update_for(self, text: str) -> None:
        strength = passphrase_strength(text, self._inputs())
        self.bar.setValue(strength.score)
        self.bar.setProperty("score", strength.score)
        self.bar.style().unpolish(self.bar)
        self.bar.style().polish(self.bar)
        self.words.setText(f"{strength.label}. {strength.advice}")
        self.bar.setAccessibleDescription(strength.label)


class Card(QWidget):
    """A centred panel with a heading, used by every unlock page."""

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None,
                 name: str = "card") -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.body = QVBoxLayout(self)
        self.body.setSpacing(14)
        self.body.setContentsMargins(28, 20, 28, 24)
        self.body.addWidget(heading(title, 1))
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            self.body.addWidget(label)
        self.message = QLabel()
        self.message.setObjectName(f"{name}Message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def buttons(self, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        self.body.addWidget(self.message)
        self.body.addLayout(row)


def button(text: str, name: str, primary: bool = False) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    if primary:
        b.setProperty("primary", True)
        b.setDefault(True)
        b.setAutoDefault(True)
    return b


class CreatePage(Card):
    create = Signal(str, str, str)  # profile name, coach name, passphrase
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Create a coach profile",
                         "Your caseload is kept encrypted on this PC.", parent, "create")
        self.profile = Field("profile_name", "Profile name", QLineEdit(),
                             "What you pick on this PC's list of profiles: usually your name.")
        self.coach = Field("coach_name", "Your name (shown on notes and printouts)", QLineEdit(),
                           "Copied from the profile name; change it if yours differs.")
        self._coach_typed = False  # the coach changed "Your name": stop copying into it
        self.passphrase = Field("new_passphrase", "Passphrase", password_edit(),
                                "At least 10 characters. Three or four unrelated words work well.")
        self.confirm = Field("confirm_passphrase", "Type the passphrase again", password_edit())
        self.meter = StrengthMeter(self.passphrase.editor, "create",  # type: ignore[arg-type]
                                   inputs=self.names)
        for field in (self.profile, self.coach, self.passphrase):
            self.body.addWidget(field)
        self.body.addWidget(self.meter)
        self.body.addWidget(self.confirm)
        self.back_button = button("Back", "createBack")
        self.create_button = button("Create profile", "createProfile", primary=True)
        self.back_button.clicked.connect(self.back)
        self.create_button.clicked.connect(self._submit)
        self.confirm.editor.returnPressed.connect(self._submit)  # type: ignore[attr-defined]
        self.buttons(self.back_button, self.create_button)
        for field in (self.profile, self.coach, self.passphrase, self.confirm):
            field.editor.textChanged.connect(self._recheck)  # type: ignore[attr-defined]
        for field in (self.profile, self.coach):
            field.editor.textChanged.connect(self.meter.refresh)  # type: ignore[attr-defined]
        self.profile.editor.textChanged.connect(self._copy_name)  # type: ignore[attr-defined]
        self.coach.editor.textEdited.connect(self._coach_edited)  # type: ignore[attr-defined]

    def _copy_name(self, text: str) -> None:
        if not self._coach_typed:
            self.coach.editor.setText(text)  # type: ignore[attr-defined]

    def _coach_edited(self, text: str) -> None:
        self._coach_typed = bool(text)  # emptied again: copy the profile name once more

    def names(self) -> list[str]:
        """What the passphrase must not be built from."""
        return [t for t in (self.profile.text().strip(), self.coach.text().strip()) if t]

    def problems(self) -> dict[Field, str]:
        found: dict[Field, str] = {}
        if not self.profile.text().strip():
            found[self.profile] = "Enter a profile name."
        strength = passphrase_strength(self.passphrase.text(), self.names())
        if not strength.acceptable:
            found[self.passphrase] = strength.advice
        if self.passphrase.text() != self.confirm.text():
            found[self.confirm] = "The two passphrases are different."
        return found

    def _recheck(self) -> None:
        """An error goes as soon as it is fixed (new ones wait for Create profile)."""
        problems = self.problems()
        for field in (self.profile, self.passphrase, self.confirm):
            if field.error.text():
                field.set_error(problems.get(field, ""))
        self._meter_words()
        self.show_message("")

    def _meter_words(self) -> None:
        """The passphrase's error already gives the meter's reason: say it once."""
        self.meter.words.setVisible(not self.passphrase.error.text())

    def _submit(self) -> None:
        problems = self.problems()
        for field in (self.profile, self.passphrase, self.confirm):
            field.set_error(problems.get(field, ""))
        self._meter_words()
        if problems:
            next(iter(problems)).editor.setFocus()
            return
        self.create.emit(self.profile.text().strip(), self.coach.text().strip(),
                         self.passphrase.text())

    def reset(self) -> None:
        for field in (self.profile, self.coach, self.passphrase, self.confirm):
            field.clear()
        self._coach_typed = False
        self._meter_words()
        self.show_message("")


class RecoverPage(Card):
    recover = Signal(str, str)  # recovery code, new passphrase
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Forgotten passphrase",
                         "Type the recovery code you wrote down when you made this profile, "
                         "then choose a new passphrase.", parent, "recover")
        self.code = Field("recovery_code", "Recovery code", QLineEdit())
        self.passphrase = Field("reset_passphrase", "New passphrase", password_edit())
        self.confirm = Field("reset_confirm", "Type the new passphrase again", password_edit())
        self.meter = StrengthMeter(self.passphrase.editor, "reset")  # type: ignore[arg-type]
        for widget in (self.code, self.passphrase, self.meter, self.confirm):
            self.body.addWidget(widget)
        self.back_button = button("Back", "recoverBack")
        self.recover_button = button("Unlock and set passphrase", "recoverUnlock", primary=True)
        self.back_button.clicked.connect(self.back)
        self.recover_button.clicked.connect(self._submit)
        for field in (self.code, self.passphrase, self.confirm):  # Enter submits, as in Unlock
            field.editor.returnPressed.connect(self._submit)  # type: ignore[attr-defined]
        self.buttons(self.back_button, self.recover_button)

    def _submit(self) -> None:
        self.confirm.set_error("")
        if self.passphrase.text() != self.confirm.text():
            self.confirm.set_error("The two passphrases are different.")
            return
        self.recover.emit(self.code.text().strip(), self.passphrase.text())

    def reset(self) -> None:
        for field in (self.code, self.passphrase, self.confirm):
            field.clear()
        self.show_message("")
