"""Issue 12 item 23: a Help menu with the keyboard shortcuts (a dialog, printable as a card),
where the data lives, and About (version, data folders, licences)."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMenu, QMessageBox, QTextBrowser

from coachdesk import __version__
from tests.ui.conftest import child, unlock


def test_help_menu_shortcuts_card_data_and_about(seeded, window, app_paths, tmp_path):  # type: ignore[no-untyped-def]
    unlock(window)
    menu = child(window, QMenu, "menuHelp")
    assert [a.text() for a in menu.actions()] == [
        "&Keyboard shortcuts", "&Where my data lives", "&About CoachDesk"]

    window.registry.trigger("shortcuts")
    dialog = window.shortcuts_dialog
    text = child(dialog, QTextBrowser, "shortcutsText").toPlainText()
    for expected in ("Ctrl+L", "Lock now", "Ctrl+Shift+S", "Start session", "F1"):
        assert expected in text, expected
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "card.pdf"
    printer.setOutputFileName(str(out))
    dialog.print_to(printer)
    card = " ".join(pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0]
                    .extract_text().split())
    assert "keyboard shortcuts" in card and "Lock now" in card
    dialog.reject()

    window.registry.trigger("data_location")
    box = window.help_box
    assert isinstance(box, QMessageBox) and str(app_paths.data_dir) in box.text()
    box.reject()

    window.registry.trigger("about")
    about = window.help_box.text()
    assert __version__ in about and str(app_paths.data_dir) in about
    assert "DejaVu fonts" in about and "ReportLab".lower() in about.lower()
    assert "LGPL" in about
