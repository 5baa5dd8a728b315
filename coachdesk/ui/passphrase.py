"""Change the passphrase while unlocked: old one, new one twice, strength shown as typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from coachdesk.ui.unlock.pages import StrengthMeter, password_edit
from coachdesk.ui.worker import DbWorker


class ChangePassphraseDialog(QDialog):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle("Change passphrase")
        self._worker = worker
        self.old, self.new, self.again = password_edit(), password_edit(), password_edit()
        form = QFormLayout()
        for edit, name, text in ((self.old, "oldPassphrase", "&Current passphrase"),
                                 (self.new, "newPassphrase", "&New passphrase"),
                                 (self.again, "repeatPassphrase", "Type it &again")):
            edit.setObjectName(name)
            edit.setAccessibleName(text.replace("&", ""))
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.meter = StrengthMeter(self.new, "change")
        self.message = QLabel()
        self.message.setObjectName("changePassphraseMessage")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.meter)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        old, new = self.old.text(), self.new.text()
        if new != self.again.text():
            self.message.setText("The two new passphrases differ: type the new one again.")
            self.again.setFocus()
            return
        self.message.setText("Changing…")
        self.buttons.setEnabled(False)
        self._worker.submit(lambda desk: desk.change_passphrase(old, new),
                            lambda _r: self._done(), self._failed)

    def _done(self) -> None:
        for edit in (self.old, self.new, self.again):
            edit.setText("")
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(str(error))
        self.old.setFocus()
