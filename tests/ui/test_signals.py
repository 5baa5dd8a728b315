"""The emit workaround keeps the interpreter alive through thousands of emits."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, Signal

from coachdesk.ui.signals import emit


class Source(QObject):
    changed = Signal(object)


def test_thousands_of_emits_leave_true_alone(qapp):
    source = Source()
    got: list[object] = []
    source.changed.connect(got.append)
    before = sys.getrefcount(True)
    for n in range(5000):
        emit(source.changed, n)
    thread = threading.Thread(target=lambda: [emit(source.changed, n) for n in range(2000)])
    thread.start()
    thread.join()
    qapp.processEvents()
    assert len(got) == 7000
    assert abs(sys.getrefcount(True) - before) < 50
