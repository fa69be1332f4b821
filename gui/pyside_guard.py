"""A guard against a reference-count bug of PySide6 6.12 that aborts long entry sessions.

Measured here (PySide6 6.12.0, CPython 3.11): every `SignalInstance.emit()` called from
Python returns True without taking a reference to it, so each emit drops one reference to
True. On CPython before 3.12, where True is not immortal, the process aborts with
"Fatal Python error: bool_dealloc" after a few thousand emits: about a thousand answers
keyed. CPython 3.12 made True and False immortal; `guard_bool_refcounts` gives them the
same headroom on older interpreters, only when the bug is actually detected.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

HEADROOM = 1 << 40  # references added to True and False: more emits than any run makes
_guarded = False


class _Probe(QObject):
    probe = Signal()


def emit_drops_a_reference_to_true() -> bool:
    """Does emit() from Python lose a reference to True (the bug)?"""
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.probe.emit()
    return sys.getrefcount(True) < before


def guard_bool_refcounts() -> bool:
    """Make True, False and None effectively immortal if this PySide6 needs it."""
    global _guarded
    if _guarded:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal already
    if not emit_drops_a_reference_to_true():
        return False
    # The same build also drops a reference to None per call of a Qt method returning
    # nothing (about 22 per answer keyed: an abort after ~500 answers), so None too.
    for value in (True, False, None):  # ob_refcnt is a PyObject's first field in CPython
        ctypes.c_ssize_t.from_address(id(value)).value += HEADROOM
    _guarded = True
    return True
