"""Start-up loads only what the first screen needs: no jsonschema, no ReportLab, no demo.
Each is loaded when first used (an import, a print, `coachdesk --demo`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema','reportlab') "
         "or m.startswith('coachdesk.demo'))")


def _loaded_after(imports: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", f"import {imports}, sys; print({HEAVY})"], cwd=ROOT,
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_importing_the_app_loads_no_schema_checker_pdf_library_or_demo() -> None:
    assert _loaded_after("coachdesk.ui.app") == "[]"


def test_the_window_and_its_plugins_load_them_only_when_used() -> None:
    assert _loaded_after("coachdesk.cli, coachdesk.ui.main_window, coachdesk.ui.printing, "
                         "coachdesk.ui.directory, coachdesk.ui.directory.plugin, "
                         "coachdesk.ui.printing.plugin, coachdesk.services.desk") == "[]"


SHOWN = """
import sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from coachdesk.services.profiles import AppPaths
from coachdesk.ui.app import build_window, make_application
app = make_application(sys.argv[:1])
window = build_window(AppPaths.under(Path(tempfile.mkdtemp())))
window.resize(1366, 768)
window.show()
app.processEvents()
print(sorted(m for m in ('PySide6.QtNetwork', 'PySide6.QtPrintSupport',
                         'coachdesk.ui.unlock.recovery', 'coachdesk.ui.unlock.restore')
             if m in sys.modules), window.unlock.unlock_page.isVisible() or
      window.unlock.stack.currentWidget() is window.unlock.create_page)
"""


def test_the_first_screen_shows_without_qt_network_printing_or_the_recovery_cards() -> None:
    """Issue 13: Qt Network loads when a sync round first finds the hub unreachable, the
    printing module and the recovery-code cards when a code is shown."""
    out = subprocess.run([sys.executable, "-c", SHOWN], cwd=ROOT, capture_output=True,
                         text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT),
                              "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[] True"
