"""A reference-count fix for PySide6 6.12.0 on Python 3.11 (imported by ``cixi_desktop.ui``).

``SignalInstance.emit()`` and ``SignalInstance.disconnect()`` return ``True``/``False``
without taking a reference to it. Every call then takes one reference from the
interpreter's ``True`` (or ``False``); after enough of them the interpreter aborts
with "bool_dealloc: deallocating True or False", at the latest when it exits.
Python 3.12+ makes the two immortal, so there it is harmless.

Rather than trusting a version number, this measures the loss on a probe signal at
import and, only when the loss is there, wraps the two methods to give the reference
back. When PySide is fixed the wrapper is simply not installed.
"""

from __future__ import annotations

import ctypes
import sys
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 8
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _bool_refs() -> int:
    return sys.getrefcount(True) + sys.getrefcount(False)


def _lost(call: Callable[[], object]) -> int:
    """References to True/False lost by ``_PROBES`` calls (given back at once)."""
    before = _bool_refs()
    for _ in range(_PROBES):
        call()
    lost = before - _bool_refs()
    for _ in range(max(lost, 0)):
        # Which of the two lost it does not matter for the measurement; give each back
        # to the one the call returned (the probes below return True).
        _incref(True)
    return lost


def _compensated(original: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: SignalInstance, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        if result is True or result is False:
            _incref(result)
        return result

    method.__name__ = original.__name__
    method.__doc__ = original.__doc__
    return method


def _slot() -> None:
    pass


def install() -> list[str]:
    """Wrap the methods that lose references; returns their names (empty when none do)."""
    if sys.version_info >= (3, 12) or getattr(SignalInstance, "_cixi_fixed", False):
        return []
    probe = _Probe()
    fixed = []
    if _lost(probe.ping.emit) >= _PROBES:
        SignalInstance.emit = _compensated(SignalInstance.emit)  # type: ignore[method-assign]
        fixed.append("emit")

    def reconnect_and_disconnect() -> object:
        probe.ping.connect(_slot)
        return probe.ping.disconnect(_slot)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if _lost(reconnect_and_disconnect) >= _PROBES:
            SignalInstance.disconnect = _compensated(  # type: ignore[method-assign]
                SignalInstance.disconnect
            )
            fixed.append("disconnect")
    SignalInstance._cixi_fixed = True  # type: ignore[attr-defined]
    return fixed


def pin_none() -> bool:
    """Every void method (``QLabel.setText``, ``QPainter.drawRect``…) also returns ``None``
    without a reference: about 5,000 such calls abort the interpreter ("none_dealloc").
    Compensating each call is impossible, so when a probe shows the loss, ``None`` gets a
    reference count no session can use up — what Python 3.12 does by making it immortal."""
    if sys.version_info >= (3, 12) or getattr(SignalInstance, "_cixi_none_pinned", False):
        return False
    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    if before - sys.getrefcount(None) < _PROBES:
        return False
    # ob_refcnt is the first field of every object in a release build of CPython 3.11.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    SignalInstance._cixi_none_pinned = True  # type: ignore[attr-defined]
    return True


FIXED = install()
if pin_none():
    FIXED.append("None")
