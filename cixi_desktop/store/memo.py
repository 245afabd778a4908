"""Read results remembered until the data changes (SQLite only).

The dashboard, the briefing and the workbook ask for figures that share most of their
work (the totals of a scope are the sum of its towns; the towns and the clusters come
from one pass). ``remember`` keeps such a result and hands it out again while the
database is unchanged.

"Unchanged" is SQLite's ``PRAGMA data_version`` read on a connection of our own that
never writes: it changes whenever any other connection — this process's pooled ones
or another program — commits. The stamp is read *before* the work starts, so a result
can only be filed under a version at least as old as the data it saw; a commit in
between makes the next call miss, never return old figures. PostgreSQL (and in-memory
databases) have no such stamp: there nothing is remembered.

A result being worked out is not worked out twice: a second caller asking for it (the
briefing while ``summaries.prepare`` computes it on another thread) waits for it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event

from cixi_desktop.store.database import Database, sqlite_path

T = TypeVar("T")
KEEP = 64  # results per database; a dashboard and a briefing need a dozen


class _Flight:
    """A result being worked out on some thread, for the stamp it started under."""

    def __init__(self, stamp: int) -> None:
        self.stamp = stamp
        self.done = threading.Event()
        self.ok = False
        self.value: object = None


class _Memo:
    def __init__(self, probe: sqlite3.Connection) -> None:
        self.probe = probe
        self.lock = threading.Lock()
        self.results: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self.flights: dict[Hashable, _Flight] = {}

    def stamp(self) -> int:
        with self.lock:
            return int(self.probe.execute("PRAGMA data_version").fetchone()[0])


_memos: WeakKeyDictionary[Engine, _Memo | None] = WeakKeyDictionary()
_memos_lock = threading.Lock()


def _memo(db: Database) -> _Memo | None:
    with _memos_lock:
        if db.engine in _memos:
            return _memos[db.engine]
        memo = None
        path = sqlite_path(db.url)
        if path is not None and path.exists():
            try:
                # Not opened read-only, though it never writes: the pool closes its
                # connections before this one (engine_disposed comes last), and only a
                # connection that may write can, closing last, checkpoint the -wal into the
                # file and delete it. A read-only probe left the latest commits in the -wal
                # after every clean close, missing from a copy of the file alone.
                probe = sqlite3.connect(path, check_same_thread=False)
                probe.execute("PRAGMA data_version").fetchone()
                memo = _Memo(probe)
            except sqlite3.Error:
                memo = None  # unreadable here: compute every time
            else:
                event.listen(db.engine, "engine_disposed", _close)
        _memos[db.engine] = memo
        return memo


def _close(engine: Engine) -> None:
    """The database was closed: so is our connection to it (a later use opens another)."""
    with _memos_lock:
        memo = _memos.pop(engine, None)
    if memo is not None:
        with memo.lock:
            memo.results.clear()
            memo.probe.close()


def active(db: Database) -> bool:
    """Whether results on ``db`` are remembered (worth working out ahead of time)."""
    return _memo(db) is not None


def remember(db: Database, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from an earlier call while the data is unchanged."""
    memo = _memo(db)
    if memo is None:
        return compute()
    try:
        stamp = memo.stamp()
    except sqlite3.Error:
        return compute()
    with memo.lock:
        hit = memo.results.get(key)
        if hit is not None and hit[0] == stamp:
            memo.results.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
        flight = memo.flights.get(key)
        mine = flight is None or flight.stamp != stamp
        if mine:
            flight = memo.flights[key] = _Flight(stamp)
    assert flight is not None
    if not mine:
        flight.done.wait()
        if flight.ok:
            return flight.value  # type: ignore[return-value]
        return compute()  # it failed there (or was stopped): this caller tries for itself
    try:
        value = compute()
    except BaseException:
        with memo.lock:
            if memo.flights.get(key) is flight:
                del memo.flights[key]
        flight.done.set()
        raise
    with memo.lock:
        memo.results[key] = (stamp, value)
        memo.results.move_to_end(key)
        while len(memo.results) > KEEP:
            memo.results.popitem(last=False)
        if memo.flights.get(key) is flight:
            del memo.flights[key]
    flight.value, flight.ok = value, True
    flight.done.set()
    return value


def forget(db: Database) -> None:
    """Drop what is remembered for ``db`` (benchmarks measure the work, not the memory)."""
    memo = _memo(db)
    if memo is not None:
        with memo.lock:
            memo.results.clear()
