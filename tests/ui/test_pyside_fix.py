"""CoachDesk survives the PySide6 6.12 reference-count defect on CPython 3.11."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = """
import threading
import coachdesk.ui
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit

class Source(QObject):
    changed = Signal(object)

app = QApplication([])
edit, source, got = QLineEdit(), Source(), []
source.changed.connect(got.append)
for n in range(50_000):
    edit.setText("x")  # a void method: the defect takes a reference from None
    source.changed.emit(n)  # emit: the defect takes a reference from True
worker = threading.Thread(target=lambda: [source.changed.emit(n) for n in range(5_000)])
worker.start()
worker.join()
app.processEvents()
print(len(got))
"""


def test_many_qt_calls_and_emits_do_not_abort_the_interpreter():
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True,
                         check=False, timeout=120, env={"QT_QPA_PLATFORM": "offscreen",
                                                        "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "55000"
