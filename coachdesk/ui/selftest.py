"""The Qt part of `coachdesk --self-test`: the platform plugin, print support, and the
action plan printed through QPrinter to a PDF file, offscreen, then checked.

A platform plugin that cannot load stops Qt outright (it cannot be caught), so the plugin
file is looked for before the application is made, and a missing one is reported in words.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo

from coachdesk.services.selftest import Check, SelfTestReport, pdf_text, run_self_test

REINSTALL = "Reinstall CoachDesk (the whole folder), or ask CoachDesk support."


def default_platform() -> str:
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    return "xcb"


def wanted_platform() -> str:
    """The platform Qt will try first: QT_QPA_PLATFORM (its first choice) or the default."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    return chosen or default_platform()


def plugin_folder() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


def _plugin_file(folder: Path, name: str) -> Path | None:
    for candidate in folder.glob("*"):
        stem = candidate.stem.removeprefix("lib").removeprefix("q")
        if stem == name and candidate.suffix in {".so", ".dll", ".dylib"}:
            return candidate
    return None


def platform_plugin_check() -> Check:
    """Is the platform plugin Qt will load there? (Before any QApplication exists.)"""
    start = time.perf_counter()
    name = wanted_platform()
    folder = plugin_folder() / "platforms"
    found = _plugin_file(folder, name)
    if found is None:
        have = sorted(p.stem for p in folder.glob("*")) if folder.is_dir() else []
        detail = (f"Qt's '{name}' display plugin is missing from {folder} "
                  f"(found: {', '.join(have) or 'nothing'}). {REINSTALL}")
        return Check("Qt platform", False, detail, time.perf_counter() - start)
    return Check("Qt platform", True, name, time.perf_counter() - start)


def _qt_checks(pdf: bytes | None, scratch: Path) -> list[Check]:
    checks: list[Check] = []
    start = time.perf_counter()
    try:
        from PySide6.QtGui import QGuiApplication

        from coachdesk.ui.app import make_application

        # inside the running app (the dialog, on a thread) the app is used as it is
        if QGuiApplication.instance() is None:
            make_application()
        checks.append(Check("Qt platform", True, QGuiApplication.platformName(),
                            time.perf_counter() - start))
    except Exception as exc:  # report, never crash
        checks.append(Check("Qt platform", False, f"Qt could not start: {exc}. {REINSTALL}",
                            time.perf_counter() - start))
        return checks
    checks.append(_icon_check())
    checks.append(_unicode_check())
    checks.append(_print_support_check())
    checks.append(_print_to_pdf_check(pdf, scratch))
    return checks


def _icon_check() -> Check:
    """The app icon draws: proves the SVG image plugin and the bundled resources are there."""
    start = time.perf_counter()
    from PySide6.QtGui import QImage

    from coachdesk.domain.resources import bundled

    path = bundled().app_icon
    image = QImage(str(path))
    if image.isNull():
        return Check("app icon", False, f"The icon {path} could not be drawn (Qt's SVG "
                     f"image plugin or the resources folder is missing). {REINSTALL}",
                     time.perf_counter() - start)
    return Check("app icon", True, "", time.perf_counter() - start)


def _unicode_check() -> Check:
    """Qt sorts with ICU (its file dialog too), and the Linux bundle carries a slimmed ICU
    data library (installer/slim_icu.py): check that collation still works from it. Without
    the data Qt falls back to comparing code points, where "B" < "a" and "file10" < "file2"."""
    start = time.perf_counter()
    from PySide6.QtCore import QCollator, QLocale

    collator = QCollator(QLocale("en_GB"))
    collator.setNumericMode(True)
    if not (collator.compare("a", "B") < 0 and collator.compare("file2", "file10") < 0):
        return Check("Unicode sorting", False, "Qt's Unicode data (ICU) is missing or damaged, "
                     f"so lists cannot be sorted as people expect. {REINSTALL}",
                     time.perf_counter() - start)
    return Check("Unicode sorting", True, "", time.perf_counter() - start)


def _print_support_check() -> Check:
    start = time.perf_counter()
    try:
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        printers = QPrinterInfo.availablePrinters()
        QPrinter()  # the print-support plugin is loaded here
    except Exception as exc:
        return Check("print support", False, f"Qt print support could not load: {exc}. "
                     f"{REINSTALL}", time.perf_counter() - start)
    if sys.platform.startswith("linux") and _plugin_file(
            plugin_folder() / "printsupport", "cupsprintersupport") is None:
        return Check("print support", False, "The CUPS print plugin is missing from "
                     f"{plugin_folder() / 'printsupport'}. {REINSTALL}",
                     time.perf_counter() - start)
    if sys.platform.startswith("linux") and not _cups_present():
        return Check("print support", False, "The CUPS client library (libcups.so.2) is not "
                     "installed, so no printer can be listed: install the package libcups2 "
                     "(Debian, Ubuntu) or cups-libs (Fedora). Save as PDF works without it.",
                     time.perf_counter() - start)
    count = len(printers)
    return Check("print support", True,
                 f"{count} printer{'s' if count != 1 else ''} found",
                 time.perf_counter() - start)


def _cups_present() -> bool:
    """The Linux bundle uses the PC's own libcups (it must match the PC's print service)."""
    import ctypes

    try:
        ctypes.CDLL("libcups.so.2")
    except OSError:
        return False
    return True


def _print_to_pdf_check(pdf: bytes | None, scratch: Path) -> Check:
    start = time.perf_counter()
    if pdf is None:
        return Check("printed to PDF", False, "Not tried: there was no action plan to print "
                     "(see the failure above).", 0.0)
    target = scratch / "printed.pdf"
    try:
        from PySide6.QtPrintSupport import QPrinter

        from coachdesk.ui.printing.pages import prepare_printer, print_pdf

        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        prepare_printer(printer, "CoachDesk self-test")
        sent = print_pdf(pdf, printer)
        pages, _text = pdf_text(target.read_bytes())
    except Exception as exc:
        return Check("printed to PDF", False, f"Printing through Qt failed: {exc}. "
                     f"{REINSTALL}", time.perf_counter() - start)
    if sent < 1 or pages != sent:
        return Check("printed to PDF", False, f"Qt sent {sent} pages but the file has "
                     f"{pages}. {REINSTALL}", time.perf_counter() - start)
    return Check("printed to PDF", True, f"{pages} page{'s' if pages != 1 else ''}",
                 time.perf_counter() - start)


def full_self_test() -> SelfTestReport:
    """Every check, Qt's included; the platform plugin is looked for before Qt starts."""
    first = platform_plugin_check()
    if not first.ok:
        report = run_self_test()
        report.checks.append(first)
        return report
    return run_self_test(_qt_checks)
