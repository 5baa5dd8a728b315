"""Everything below coachdesk.ui imports and runs with PySide6 absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = """
import sys
sys.modules["PySide6"] = None
import coachdesk.services.appsession, coachdesk.services.clinic
import coachdesk.services.preferences, coachdesk.services.record
print("ok")
"""


def test_new_services_do_not_need_qt():
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True,
                         text=True, check=False, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
