"""The pages of the unlock screen that make or repair a profile's passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
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

    def __init__(self, edit: QLineEdit, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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

    def update_for(self, text: str) -> None:
        strength = passphrase_strength(text)
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
                         "Your caseload is kept encrypted on this PC. Only your passphrase "
                         "or your recovery code can open it.", parent, "create")
        self.profile = Field("profile_name", "Profile name", QLineEdit(),
                             "For example your name, or 'Tuesday clinics'.")
        self.coach = Field("coach_name", "Your name (shown on notes and printouts)", QLineEdit())
        self.passphrase = Field("new_passphrase", "Passphrase", password_edit(),
                                "At least 10 characters. Three or four unrelated words work well.")
        self.confirm = Field("confirm_passphrase", "Type the passphrase again", password_edit())
        self.meter = StrengthMeter(self.passphrase.editor, "create")  # type: ignore[arg-type]
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

    def _submit(self) -> None:
        problems = False
        for field in (self.profile, self.passphrase, self.confirm):
            field.set_error("")
        if not self.profile.text().strip():
            self.profile.set_error("Enter a profile name.")
            problems = True
        if self.passphrase.text() != self.confirm.text():
            self.confirm.set_error("The two passphrases are different.")
            problems = True
        if not problems:
            self.create.emit(self.profile.text().strip(), self.coach.text().strip(),
                             self.passphrase.text())

    def reset(self) -> None:
        for field in (self.profile, self.coach, self.passphrase, self.confirm):
            field.clear()
        self.show_message("")


class RecoveryCodePage(Card):
    """Shown once after creating a profile: the code that opens the vault if the
    passphrase is forgotten."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Write down your recovery code",
                         "If you forget your passphrase, this code is the only way back into "
                         "your caseload. Write it down or print it and keep it somewhere safe, "
                         "away from this PC. It will not be shown again.", parent, "code")
        self.code = QLabel()
        self.code.setObjectName("recoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setAccessibleName("Recovery code")
        self.body.addWidget(self.code)
        self.confirm = QCheckBox("I have written down my recovery code")
        self.confirm.setObjectName("recoveryConfirm")
        self.body.addWidget(self.confirm)
        self.print_button = button("Print code…", "printRecoveryCode")
        self.continue_button = button("Continue", "recoveryContinue", primary=True)
        self.continue_button.setEnabled(False)
        self.confirm.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._finish)
        self.print_button.clicked.connect(self._print)
        self.buttons(self.print_button, self.continue_button)

    def show_code(self, code: str) -> None:
        self.code.setText(code)
        self.confirm.setChecked(False)

    def _print(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            doc = QTextDocument()
            doc.setPlainText(f"CoachDesk recovery code\n\n{self.code.text()}\n\n"
                             "Keep this somewhere safe, away from the PC.")
            doc.print_(printer)

    def _finish(self) -> None:
        self.code.clear()
        self.done.emit()


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
