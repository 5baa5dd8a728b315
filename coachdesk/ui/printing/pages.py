"""PDF pages to pixels with pypdfium2: for the preview and for the printer.

There is one layout engine (ReportLab); what is previewed and printed are rasters of the
very same PDF pages, so the paper matches the preview exactly.
"""

from __future__ import annotations

from collections.abc import Iterator

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

#: dots per inch for print rasters: sharp on paper at a size a practice PC can handle
PRINT_DPI_CAP = 300


class PrintError(RuntimeError):
    """Printing could not start or finish; the message says so in plain words."""


def page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def _to_image(page: pdfium.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
    try:
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888)
        return image.copy()  # own the pixels before the bitmap is freed
    finally:
        bitmap.close()


def iter_page_images(pdf: bytes, dpi: float) -> Iterator[QImage]:
    """Each page as an image, one at a time (a 40-page plan never sits in memory at once)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                yield _to_image(page, dpi)
            finally:
                page.close()
    finally:
        doc.close()


def render_page_images(pdf: bytes, dpi: float = 96) -> list[QImage]:
    return list(iter_page_images(pdf, dpi))


def prepare_printer(printer: QPrinter, title: str) -> None:
    """A4 portrait, whole sheet: the PDF already carries its own margins."""
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)


def _pages_to_print(printer: QPrinter, total: int) -> range:
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(total, printer.toPage() or total)
        return range(first - 1, last)
    return range(total)


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint the PDF's pages into `printer`; return how many pages were sent."""
    total = page_count(pdf)
    wanted = _pages_to_print(printer, total)
    dpi = min(printer.resolution(), PRINT_DPI_CAP)
    printer.setFullPage(True)  # the PDF page already has its margins: map sheet to sheet
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("The printer could not be started. Check it is switched on and "
                         "connected, then try again.")
    sent = 0
    try:
        doc = pdfium.PdfDocument(pdf)
        try:
            for index in wanted:
                if sent:
                    printer.newPage()
                page = doc[index]
                try:
                    image = _to_image(page, dpi)
                finally:
                    page.close()
                painter.drawImage(_target(printer, image), image)
                sent += 1
        finally:
            doc.close()
    finally:
        painter.end()
    return sent


def _target(printer: QPrinter, image: QImage) -> QRectF:
    """The largest rectangle of the image's shape that fits the paper, centred."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    paper.moveTo(0, 0)
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    return QRectF(paper.x() + (paper.width() - w) / 2, paper.y() + (paper.height() - h) / 2,
                  w, h)
