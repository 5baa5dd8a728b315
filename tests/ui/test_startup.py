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
