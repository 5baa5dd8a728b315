"""Print preview: the exact PDF pages, then Print…, Save as PDF… or Close."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.printing import save_pdf
from coachdesk.ui.files import ask_folder
from coachdesk.ui.printing.pages import PrintError, prepare_printer, print_pdf, render_page_images
from coachdesk.ui.widgets.sizing import fit_dialog

ZOOMS = (50, 75, 100, 125, 150, 200)
UNPROTECTED = ("A saved PDF is not protected by the vault: keep it on an encrypted drive and "
               "delete it once it has been given or sent to the client.")


def unused_path(folder: Path, name: str) -> Path:
    """folder/name, or folder/'name (2).pdf' and so on if that file exists."""
    target, stem, n = folder / name, Path(name).stem, 2
    while target.exists():
        target = folder / f"{stem} ({n}).pdf"
        n += 1
    return target
SCREEN_DPI = 96


class PrintPreviewDialog(QDialog):
    """Shows every page of `pdf` as it will print. The caller audits through the signals."""

    printed = Signal(int)  # pages sent to the printer
    saved = Signal(str)  # path of the PDF written
    folder_chosen = Signal(str)  # the coach chose where saved PDFs go: remember it

    def __init__(self, pdf: bytes, suggested_name: str, title: str = "",
                 parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__(parent)
        self._pdf = pdf
        self._folder = folder
        self._suggested_name = suggested_name
        self._title = title or Path(suggested_name).stem
        self._zoom = 100
        self.setObjectName("printPreviewDialog")
        self.setWindowTitle(f"Print preview: {self._title}")
        self.setAccessibleName("Print preview")
        self._build()
        self._show_pages()

    # ----- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        self._summary = QLabel(self)
        self._summary.setObjectName("previewSummary")
        self._summary.setWordWrap(True)
        font = self._summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self._summary.setFont(font)

        self._pages = QWidget(self)
        self._pages.setObjectName("previewPages")
        self._pages.setStyleSheet("#previewPages { background: #5f6368; }")
        self._page_layout = QVBoxLayout(self._pages)
        self._page_layout.setSpacing(16)
        self._page_layout.setContentsMargins(16, 16, 16, 16)
        self._page_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("previewScroll")
        self.scroll.setAccessibleName("Pages to print")
        self.scroll.setWidget(self._pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.zoom_out_button = self._button("zoomOutButton", "Zoom &out", "Make the pages smaller")
        self.zoom_in_button = self._button("zoomInButton", "Zoom &in", "Make the pages bigger")
        self._zoom_label = QLabel(self)
        self._zoom_label.setObjectName("zoomLabel")
        self.print_button = self._button("printButton", "&Print…", "Print on a printer")
        self.save_button = self._button("saveButton", "&Save as PDF…", "Save as a PDF file")
        self.close_button = self._button("closeButton", "&Close", "Close without printing")
        self.print_button.setDefault(True)

        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self._step_zoom(-1)))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self._step_zoom(+1)))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.reject)
        self.save_warning = QLabel(UNPROTECTED, self)
        self.save_warning.setObjectName("savedPdfWarning")
        self.save_warning.setProperty("role", "hint")
        self.save_warning.setWordWrap(True)
        for keys, zoom in ((QKeySequence.StandardKey.ZoomIn, +1),
                           (QKeySequence.StandardKey.ZoomOut, -1)):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(lambda z=zoom: self.set_zoom(self._step_zoom(z)))
        QShortcut(QKeySequence("Ctrl+0"), self).activated.connect(lambda: self.set_zoom(100))

        buttons = QHBoxLayout()
        buttons.addWidget(self.zoom_out_button)
        buttons.addWidget(self._zoom_label)
        buttons.addWidget(self.zoom_in_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._summary)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.save_warning)
        self.setTabOrder(self.scroll, self.print_button)
        fit_dialog(self, 1000, 720)

    def _button(self, name: str, label: str, accessible: str) -> QPushButton:
        button = QPushButton(label, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        return button

    def _show_pages(self) -> None:
        while (item := self._page_layout.takeAt(0)) is not None:
            if item.widget():
                item.widget().deleteLater()
        ratio = self.devicePixelRatioF()  # sharp text on high-DPI screens
        images = render_page_images(self._pdf, SCREEN_DPI * self._zoom / 100 * ratio)
        self.page_labels: list[QLabel] = []
        for number, image in enumerate(images, start=1):
            label = QLabel(self._pages)
            label.setObjectName(f"previewPage{number}")
            label.setAccessibleName(f"Page {number} of {len(images)}")
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFrameShape(QFrame.Shape.Box)
            label.setStyleSheet("QLabel { border: 1px solid #202124; background: white; }")
            self._page_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.page_total = len(images)
        pages = "1 page" if self.page_total == 1 else f"{self.page_total} pages"
        summary = f"{pages}. This is exactly what will print."
        if not self.has_printer():
            summary += " No printer is set up on this computer: use Save as PDF instead."
        self._summary.setText(summary)
        self._zoom_label.setText(f"{self._zoom}%")
        self.zoom_out_button.setEnabled(self._zoom > ZOOMS[0])
        self.zoom_in_button.setEnabled(self._zoom < ZOOMS[-1])

    # ----- zoom -----------------------------------------------------------------------
    def _step_zoom(self, direction: int) -> int:
        index = ZOOMS.index(self._zoom) if self._zoom in ZOOMS else ZOOMS.index(100)
        return ZOOMS[max(0, min(len(ZOOMS) - 1, index + direction))]

    def set_zoom(self, percent: int) -> None:
        if percent != self._zoom:
            self._zoom = percent
            self._show_pages()

    @property
    def zoom(self) -> int:
        return self._zoom

    # ----- printing ---------------------------------------------------------------------
    def has_printer(self) -> bool:
        return bool(QPrinterInfo.availablePrinters())

    def print_with_dialog(self) -> None:
        """Print…: Qt's print dialog, or, with no printer installed, an offer to save."""
        if not self.has_printer():
            if self.ask_save_instead():
                self.save_as()
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self._title)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        dialog.setMinMax(1, self.page_total)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Send the pages to `printer` (no dialog). Emits `printed`; returns pages sent."""
        try:
            pages = print_pdf(self._pdf, printer)
        except PrintError as error:
            self._warn("Printing did not work", str(error))
            return 0
        self.printed.emit(pages)
        return pages

    def no_printer_box(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "No printer set up",
                          "No printer is set up on this computer.", parent=self)
        box.setObjectName("noPrinterMessage")
        box.setInformativeText("You can save it as a PDF instead, then print it on another "
                               "computer or email it. To print here, ask the practice to set "
                               "up a printer.")
        save = box.addButton("Save as PDF…", QMessageBox.ButtonRole.AcceptRole)
        save.setObjectName("noPrinterSaveButton")
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("noPrinterCancelButton")
        box.setDefaultButton(save)
        return box

    def ask_save_instead(self) -> bool:
        box = self.no_printer_box()
        box.exec()
        return box.clickedButton() is not None and \
            box.clickedButton().objectName() == "noPrinterSaveButton"

    # ----- saving -----------------------------------------------------------------------
    def choose_folder(self) -> str:
        """Asked once per profile: where saved PDFs go from now on."""
        # CoachDesk's own folder dialog: no file-dialog history is left behind
        return ask_folder(self, "Choose the folder for saved PDFs (CoachDesk remembers it)")

    def choose_save_path(self) -> str:
        """The remembered folder and the suggested name (initials and date, never the
        client's name), numbered rather than overwriting; "" if no folder was chosen."""
        folder = self._folder if self._folder and Path(self._folder).is_dir() else ""
        if not folder:
            folder = self.choose_folder()
            if not folder:
                return ""
            self._folder = folder
            self.folder_chosen.emit(folder)
        return str(unused_path(Path(folder), self._suggested_name))

    def save_as(self) -> bool:
        """Save as PDF…: ask where, then write. Returns True once the file is saved."""
        chosen = self.choose_save_path()
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        try:
            save_pdf(Path(path), self._pdf)
        except OSError as error:
            reason = error.strerror or str(error)
            self._warn("The PDF was not saved",
                       f"CoachDesk could not save {path.name} in {path.parent}: {reason}. "
                       "Try another folder or a USB stick.")
            return False
        self.saved.emit(str(path))
        return True

    def _warn(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        box.setObjectName("printProblemMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
