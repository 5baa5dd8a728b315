"""The preview dialog: the pages shown, printed and saved are the PDF's own pages."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from coachdesk.printing import render_action_plan, render_signposting_sheet
from coachdesk.printing.sample import sample_plan, sample_steps
from coachdesk.ui.printing import PrintPreviewDialog

NAME = "Action plan - Zoë Okafor-Nowak - 2026-11-23.pdf"


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_action_plan(dataclasses.replace(sample_plan(), steps=sample_steps(40)),
                              large_print=True)


@pytest.fixture(scope="module")
def one_page_pdf() -> bytes:
    return render_signposting_sheet(sample_plan(service_count=1).signposting())


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def dialog(qtbot, long_pdf):
    dlg = PrintPreviewDialog(long_pdf, NAME, title="Action plan for Zoë Okafor-Nowak")
    qtbot.addWidget(dlg)
    return dlg


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(150)  # keeps the test quick; the code caps at 300 anyway
    return printer


def test_preview_shows_every_page(dialog, long_pdf) -> None:
    expected = _pages(long_pdf)
    assert expected > 3
    assert dialog.page_total == expected == len(dialog.page_labels)
    assert [lbl.accessibleName() for lbl in dialog.page_labels] == [
        f"Page {n} of {expected}" for n in range(1, expected + 1)]
    summary = dialog.findChild(type(dialog.page_labels[0]), "previewSummary").text()
    assert summary.startswith(f"{expected} pages. This is exactly what will print.")
    assert "Zoë" in dialog.windowTitle()
    width = dialog.page_labels[0].pixmap().width()
    assert abs(width - 794) <= 2  # A4 at 96 dpi, 100%


def test_zoom_changes_page_size_and_stops_at_the_ends(dialog) -> None:
    before = dialog.page_labels[0].pixmap().width()
    dialog.zoom_in_button.click()
    assert dialog.zoom == 125
    assert dialog.page_labels[0].pixmap().width() > before
    for _ in range(10):
        dialog.zoom_out_button.click()
    assert dialog.zoom == 50 and not dialog.zoom_out_button.isEnabled()


def test_controls_are_named_for_tests_and_screen_readers(dialog) -> None:
    for name in ["printButton", "saveButton", "closeButton", "zoomInButton", "zoomOutButton"]:
        button = dialog.findChild(QPushButton, name)
        assert button is not None, name
        assert button.accessibleName()
        assert "&" in button.text()  # a keyboard mnemonic
    assert dialog.scroll.accessibleName() == "Pages to print"
    assert dialog.print_button.isDefault()


@pytest.mark.parametrize("which", ["long", "one"])
def test_print_to_a_pdf_printer_gives_the_same_page_count(
        qtbot, tmp_path, which, long_pdf, one_page_pdf) -> None:
    source = long_pdf if which == "long" else one_page_pdf
    dlg = PrintPreviewDialog(source, NAME)
    qtbot.addWidget(dlg)
    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(dlg.printed, timeout=20000) as signal:
        sent = dlg.print_to(_pdf_printer(out))
    assert sent == signal.args[0] == _pages(source)
    printed = PdfReader(str(out))
    assert len(printed.pages) == _pages(source)
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_print_range_prints_only_the_chosen_pages(dialog, tmp_path) -> None:
    printer = _pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.print_to(printer) == 2
    assert len(PdfReader(str(tmp_path / "range.pdf")).pages) == 2


def test_save_writes_the_exact_pdf_atomically(qtbot, dialog, long_pdf, tmp_path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old version")
    with qtbot.waitSignal(dialog.saved) as signal:
        assert dialog.save_to(target)
    assert signal.args == [str(target)]
    assert target.read_bytes() == long_pdf
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]  # no temp file left


def test_save_as_adds_pdf_suffix(qtbot, dialog, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(dialog, "choose_save_path", lambda: str(tmp_path / "for client"))
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert (tmp_path / "for client.pdf").is_file()


def test_save_failure_is_explained_and_not_reported_as_saved(qtbot, dialog, tmp_path) -> None:
    emitted: list[str] = []
    dialog.saved.connect(emitted.append)
    assert not dialog.save_to(tmp_path / "no such folder" / "plan.pdf")
    assert emitted == []
    box = dialog.findChild(QMessageBox, "printProblemMessage")
    assert box is not None and "could not save plan.pdf" in box.text()


def _answer_no_printer(button_name: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.objectName() == "noPrinterMessage":
        seen.append(box.text())
        box.findChild(QPushButton, button_name).click()
    else:
        QTimer.singleShot(20, lambda: _answer_no_printer(button_name, seen))


def test_summary_warns_up_front_when_no_printer(qtbot, long_pdf, monkeypatch) -> None:
    monkeypatch.setattr(PrintPreviewDialog, "has_printer", lambda self: False)
    dlg = PrintPreviewDialog(long_pdf, NAME)
    qtbot.addWidget(dlg)
    summary = dlg.findChild(type(dlg.page_labels[0]), "previewSummary").text()
    assert "No printer is set up on this computer" in summary
    monkeypatch.setattr(PrintPreviewDialog, "has_printer", lambda self: True)
    dlg.set_zoom(150)
    assert "No printer" not in dlg.findChild(type(dlg.page_labels[0]), "previewSummary").text()


def test_no_printer_offers_save_as_pdf(qtbot, dialog, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(dialog, "has_printer", lambda: False)
    monkeypatch.setattr(dialog, "choose_save_path", lambda: str(tmp_path / "plan.pdf"))
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer_no_printer("noPrinterSaveButton", seen))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.print_button.click()
    assert seen == ["No printer is set up on this computer."]
    assert (tmp_path / "plan.pdf").is_file()


def test_no_printer_cancel_saves_nothing(qtbot, dialog, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(dialog, "has_printer", lambda: False)
    monkeypatch.setattr(dialog, "choose_save_path", lambda: str(tmp_path / "plan.pdf"))
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer_no_printer("noPrinterCancelButton", seen))
    dialog.print_button.click()
    assert seen and not (tmp_path / "plan.pdf").exists()


def test_print_button_uses_qt_print_dialog_with_a4_whole_page(dialog, monkeypatch) -> None:
    used: list[QPrinter] = []
    monkeypatch.setattr(dialog, "has_printer", lambda: True)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(dialog, "print_to", used.append)
    dialog.print_button.click()
    (printer,) = used
    assert printer.fullPage()
    assert printer.pageLayout().pageSize().id().name == "A4"
    assert printer.docName() == "Action plan for Zoë Okafor-Nowak"


def _grey(data: bytes, index: int, dpi: int = 24) -> list[int]:
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(data)[index]
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    raw = bytes(bitmap.buffer)
    return [raw[y * bitmap.stride + x] for y in range(bitmap.height) for x in range(bitmap.width)]


def test_printed_page_looks_like_the_pdf_page(dialog, long_pdf, tmp_path) -> None:
    out = tmp_path / "printed.pdf"
    dialog.print_to(_pdf_printer(out))
    printed = out.read_bytes()
    for index in (0, 2):
        source, paper = _grey(long_pdf, index), _grey(printed, index)
        assert len(source) == len(paper)
        assert min(paper) < 60  # there is dark ink on the page, not a blank sheet
        mean_diff = sum(abs(a - b) for a, b in zip(source, paper, strict=True)) / len(source)
        # at 24 dpi the difference is antialiasing, about 80 times the share of the page
        # inked: 7 for the old large-print pages, 9 for the fuller ones; another page is 23
        assert mean_diff < 11, mean_diff
    # and a different page really would differ
    other = _grey(printed, 1)
    assert sum(abs(a - b) for a, b in zip(_grey(long_pdf, 0), other, strict=True)) / len(other) > 16
