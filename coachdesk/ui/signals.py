"""Emit Qt signals from Python without tripping a reference-count bug.

PySide6 6.12.0's `SignalInstance.emit()` returns `True` without taking a reference to it.
Every emit from Python then takes one reference from `True` that was never given, and
after a few hundred emits the interpreter aborts ("deallocating True or False"). The bug is
detected once, at import, on a throwaway signal; if present, each emit gives back the
missing reference. With a fixed PySide6 the probe finds nothing and `emit` is a plain call.
Every signal CoachDesk emits from Python goes through `emit()`.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        for _ in range(lost):
            _incref(True)  # give back what the probe itself took
    return lost >= 4


EMIT_DROPS_A_REFERENCE = _emit_drops_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:
    result = signal.emit(*args)
    if EMIT_DROPS_A_REFERENCE and result is not None:
        _incref(result)
