"""The recovery code pages: shown once after a profile is made, or again (as a new code)
when a profile's code was never confirmed as written down. Printing goes to a printer only:
the code must never be saved to a file on the PC it is meant to be kept away from."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from coachdesk.domain.timefmt import uk_date_long
from coachdesk.ui.unlock.pages import Card, button

NO_PRINTER = ("No printer is set up on this PC, so the code has not been printed (and it is "
              "never saved to a file). Write it down instead.")
NOT_A_PRINTER = ("The code was not printed: CoachDesk prints it only on a printer, never to "
                 "a file. Choose a printer, or write the code down.")


def recovery_sheet(profile: str, code: str, on: date) -> str:
    """The printed sheet: whose code it is, when it was made, and what to do with it."""
    return (
        f"<h1>CoachDesk recovery code</h1>"
        f"<p style='font-size:14pt'>Profile: <b>{escape(profile)}</b><br>"
        f"Made on {uk_date_long(on)}</p>"
        f"<p style='font-size:22pt; font-family:monospace'><b>{escape(code)}</b></p>"
        "<p>This code opens the caseload if the passphrase is forgotten. Keep this sheet "
        "somewhere safe, away from the PC: a locked drawer, not the desk.</p>"
    )


def printer_for_code() -> QPrinter | None:
    """A printer set to print on paper (never to a PDF file), or None when there is none."""
    name = QPrinterInfo.defaultPrinterName() or next(
        iter(QPrinterInfo.availablePrinterNames()), "")
    if not name:
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(name)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setOutputFileName("")
    return printer


def print_dialog(printer: QPrinter, parent: QWidget | None) -> QPrintDialog:
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("recoveryPrintDialog")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setWindowTitle("Print your recovery code")
    return dialog


def goes_to_paper(printer: QPrinter) -> bool:
    return (printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
            and not printer.outputFileName())


class RecoveryCodePage(Card):
    """`done` once the coach has ticked that the code is written down and pressed Continue."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Write down your recovery code",
                         "If you forget your passphrase, this code is the only way back into "
                         "your caseload. Write it down or print it and keep it somewhere safe, "
                         "away from this PC. It will not be shown again.", parent, "code")
        self.profile, self.made_on = "", date.today()
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
        self.print_button.clicked.connect(self.print_code)
        self.buttons(self.print_button, self.continue_button)
        self.dialog: QPrintDialog | None = None

    @property
    def showing(self) -> bool:
        """A code is on screen and not yet confirmed."""
        return bool(self.code.text())

    def show_code(self, code: str, profile: str, made_on: date) -> None:
        self.code.setText(code)
        self.profile, self.made_on = profile, made_on
        self.confirm.setChecked(False)
        self.show_message("")

    def print_code(self) -> None:
        printer = printer_for_code()
        if printer is None:
            self.show_message(NO_PRINTER)
            return
        self.dialog = print_dialog(printer, self)
        self.dialog.accepted.connect(lambda: self._print_on(printer))
        self.dialog.open()

    def _print_on(self, printer: QPrinter) -> None:
        if not goes_to_paper(printer):
            self.show_message(NOT_A_PRINTER)
            return
        doc = QTextDocument()
        doc.setHtml(recovery_sheet(self.profile, self.code.text(), self.made_on))
        doc.print_(printer)
        self.show_message("")

    def _finish(self) -> None:
        self.code.clear()
        self.done.emit()


class UnconfirmedPage(Card):
    """Straight after unlock, for a profile whose recovery code was never confirmed."""

    make_new = Signal()
    later = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Your recovery code was never confirmed",
                         "When this profile was made, CoachDesk closed before you confirmed "
                         "that you had written down the recovery code. Without it, a forgotten "
                         "passphrase means the caseload cannot be opened. Make a new code now: "
                         "the old one will stop working.", parent, "unconfirmed")
        self.later_button = button("Not now", "recoveryLater")
        self.make_button = button("Make a new recovery code", "recoveryMakeNew", primary=True)
        self.later_button.clicked.connect(self.later)
        self.make_button.clicked.connect(self.make_new)
        self.buttons(self.later_button, self.make_button)
