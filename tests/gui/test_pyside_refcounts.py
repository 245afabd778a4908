"""PySide6 6.12.0 under Python 3.11 dropped a reference to None/True/False on ordinary
calls (a void setter, a getter returning None, Signal.emit) and aborted the interpreter
after a few thousand. pyproject.toml keeps us below it; this fails if an allowed
release regresses, before a user's session can crash."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

CALLS = 500


class _Pinger(QObject):
    ping = Signal(int)


def _refs() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def _nothing_lost(before: tuple[int, int, int], after: tuple[int, int, int]) -> bool:
    # New objects may hold a few more references; the bug showed as one lost per call.
    return all(a >= b for a, b in zip(after, before, strict=True))


def test_signals_keep_their_references(qapp: QApplication) -> None:
    pinger = _Pinger()
    pinger.ping.connect(lambda value: None)
    before = _refs()
    for i in range(CALLS):
        pinger.ping.emit(i)
    with pytest.warns(RuntimeWarning):
        pinger.ping.disconnect(print)  # not connected: returns False
    assert _nothing_lost(before, _refs())


def test_setters_and_getters_keep_their_references(qapp: QApplication) -> None:
    label = QLabel()
    before = _refs()
    for _ in range(CALLS):
        label.setText("慈溪")  # returns None
        label.parent()  # returns None
        label.isVisible()  # returns False
    assert _nothing_lost(before, _refs())
