"""Everything below coachdesk.ui imports with PySide6 absent: every module, found by walking
the package, in a fresh interpreter where `import PySide6` fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = """
import importlib, pathlib, sys
sys.modules["PySide6"] = None
package = pathlib.Path("coachdesk")
names = sorted(".".join(p.with_suffix("").parts).removesuffix(".__init__")
               for p in package.rglob("*.py")
               if p.parts[1] != "ui" and p.name != "__main__.py")  # __main__ runs the app
for name in names:
    importlib.import_module(name)
assert "coachdesk.services.desk" in names and "coachdesk.store.vault" in names
print("ok", len(names))
"""


def test_everything_below_the_ui_imports_without_qt():
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True,
                         text=True, check=False, timeout=120)
    assert out.stdout.startswith("ok"), out.stderr
    assert int(out.stdout.split()[1]) > 60
