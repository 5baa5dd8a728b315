"""coachdesk.printing must work where PySide6 is absent (the layering rule)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_printing_imports_and_renders_without_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from coachdesk.printing import render_action_plan\n"
        "from coachdesk.printing.sample import sample_plan\n"
        "assert render_action_plan(sample_plan()).startswith(b'%PDF')\n"
        "assert not any(m.startswith(('PySide6', 'coachdesk.store', 'coachdesk.ui'))\n"
        "               for m in sys.modules if sys.modules[m] is not None)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
