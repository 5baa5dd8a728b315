"""Keep CPython 3.11 alive under a PySide6 6.12 reference-count defect.

PySide6/shiboken 6.12.0 returns `None` from every void C++ method, and `True` from
`SignalInstance.emit()`, without taking a reference. On CPython 3.12+ these singletons are
immortal (PEP 683), so nothing happens. On 3.11 each call takes away one reference that
was never given: a few thousand setter calls later the interpreter aborts with
"deallocating None". Measured here: `QLineEdit.setText` x1000 takes 1000 references from
None, which starts with about 5,000.

If the defect is found (probed once, on a throwaway QObject), the three singletons are
given a very large reference count, the same thing CPython 3.12 does for them. They are
never freed anyway; only their counter moves. Nothing is done on 3.12+ or on a fixed
PySide6.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

#: references added to each singleton; 2**40 lasts years at a million lost references a second
MARGIN = 1 << 40


class _Probe(QObject):
    ping = Signal()


def _refcounts() -> tuple[int, int]:
    return sys.getrefcount(None), sys.getrefcount(True)


def defect_present() -> bool:
    probe = _Probe()
    none_before, true_before = _refcounts()
    for _ in range(64):
        probe.setObjectName("probe")  # a void method: returns None
        probe.ping.emit()  # returns True
    none_after, true_after = _refcounts()
    return none_before - none_after >= 32 or true_before - true_after >= 32


def _add_references(obj: object, count: int) -> None:
    # CPython object header: ob_refcnt is the first field (Py_ssize_t)
    ctypes.c_ssize_t.from_address(id(obj)).value += count


def apply() -> bool:
    """Immortalise None, True and False if this PySide6 needs it. Returns whether it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not defect_present():
        return False
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < MARGIN:
            _add_references(singleton, MARGIN)
    return True


APPLIED = apply()
