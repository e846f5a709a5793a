"""Work-arounds for defects of the PySide6 we ship with; each one checks that it is needed.

PySide6 6.12: `SignalInstance.emit()` returns `True` without taking a reference to it, so
every signal emitted from Python code steals one reference from `True`. From Python 3.12
`True` is immortal and nothing happens; on Python 3.11 the count runs down and the
process dies with "Fatal Python error: bool_dealloc" (often at exit, after a few thousand
emits). `install()` measures the leak on a probe signal and, only if it is there, wraps
`emit` to give the reference back. Giving back too many would be harmless (True is never
freed), so the fix stays safe after PySide is fixed; the probe just stops installing it.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_installed = False
_PROBES = 8


class _Probe(QObject):
    pinged = Signal()


def _give_back_true(count: int = 1) -> None:
    import ctypes  # only where the defect is (the login dialog is shown without it)

    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def emit_steals_true() -> bool:
    """True when Python-side emits lose references to `True` (the 6.12 defect)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.pinged.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        _give_back_true(lost)
    return lost >= _PROBES


def install() -> bool:
    """Apply the work-arounds this PySide needs (once); True if the emit fix went in."""
    global _installed
    if _installed:
        return True
    if not emit_steals_true():
        return False
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True:
            _give_back_true()
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _installed = True
    return True
