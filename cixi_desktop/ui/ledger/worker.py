"""A lane of background work: one job at a time on its own thread, results back on the
GUI thread through a queued signal.

Jobs that are still waiting can be superseded: a job submitted under a key that is
already waiting replaces it, "urgent" jobs go first, and of the others the newest
runs next (the page the user scrolled to last matters most), so a burst of requests
never queues up work nobody wants any more.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal


class Dropped(Exception):
    """The job was superseded before it started."""


class JobContext:
    """What a job sees while it runs on the worker thread."""

    def __init__(self, job_id: int, lane: Lane, cancelled: Callable[[], bool]) -> None:
        self._job_id = job_id
        self._lane = lane
        self._cancelled = cancelled

    def cancelled(self) -> bool:
        return self._lane.stopping or self._cancelled()

    def report(self, payload: object) -> None:
        """Hand a partial result to the GUI thread (``on_progress``)."""
        self._lane._emit(self._job_id, "progress", payload)


@dataclass
class _Job:
    job_id: int
    fn: Callable[[JobContext], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[Any], None] | None
    cancelled: Callable[[], bool]
    urgent: bool = False


class _Signals(QObject):
    event = Signal(int, str, object)


class _Runner(QRunnable):
    def __init__(self, lane: Lane, job: _Job) -> None:
        super().__init__()
        self._lane = lane
        self._job = job

    def run(self) -> None:
        job = self._job
        context = JobContext(job.job_id, self._lane, job.cancelled)
        try:
            result = job.fn(context)
        except BaseException as exc:  # handed to the GUI thread, never lost in this one
            self._lane._emit(job.job_id, "error", exc)
        else:
            self._lane._emit(job.job_id, "done", result)


class Lane(QObject):
    """A serial background worker; ``close()`` before the database it reads is closed."""

    def __init__(self, name: str, parent: QObject | None = None, max_waiting: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        # The thread waits for the next job instead of ending after 30 s idle: starting one
        # costs a few milliseconds, which a filter typed after a pause would pay.
        self._pool.setExpiryTimeout(-1)
        self._pool.setObjectName(name)
        self._signals = _Signals()
        self._signals.event.connect(self._on_event)
        self._waiting: OrderedDict[Hashable, _Job] = OrderedDict()
        self._running: _Job | None = None
        self._ids = itertools.count(1)
        self._max_waiting = max_waiting
        self.stopping = False

    # --- GUI thread ---------------------------------------------------------------

    def submit(
        self,
        key: Hashable,
        fn: Callable[[JobContext], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        urgent: bool = False,
    ) -> None:
        if self.stopping:
            return
        old = self._waiting.pop(key, None)
        if old is not None:
            self._drop(old)
        job = _Job(next(self._ids), fn, on_done, on_error, on_progress, cancelled, urgent)
        self._waiting[key] = job
        relaxed = [k for k, j in self._waiting.items() if not j.urgent]
        for stale in relaxed[: max(0, len(relaxed) - self._max_waiting)]:
            self._drop(self._waiting.pop(stale))
        self._start_next()

    def is_idle(self) -> bool:
        return self._running is None and not self._waiting

    def close(self) -> None:
        """Drop waiting jobs, ask the running one to stop and wait for it."""
        self.stopping = True
        for job in self._waiting.values():
            self._drop(job)
        self._waiting.clear()
        self._pool.waitForDone()
        self._running = None

    def _drop(self, job: _Job) -> None:
        if job.on_error is not None:
            job.on_error(Dropped())

    def _start_next(self) -> None:
        if self._running is not None or not self._waiting:
            return
        urgent = [k for k, j in self._waiting.items() if j.urgent]
        key = urgent[0] if urgent else next(reversed(self._waiting))
        self._running = self._waiting.pop(key)
        self._pool.start(_Runner(self, self._running))

    def _on_event(self, job_id: int, kind: str, payload: object) -> None:
        job = self._running
        if job is None or job.job_id != job_id:
            return
        if kind == "progress":
            if job.on_progress is not None and not self.stopping:
                job.on_progress(payload)
            return
        self._running = None
        try:
            if not self.stopping:
                if kind == "done" and job.on_done is not None:
                    job.on_done(payload)
                elif kind == "error" and job.on_error is not None:
                    assert isinstance(payload, BaseException)
                    job.on_error(payload)
        finally:  # a failing callback (shown as a crash) must not stall the lane
            self._start_next()

    # --- worker thread --------------------------------------------------------------

    def _emit(self, job_id: int, kind: str, payload: object) -> None:
        # The lane's QObject may be gone when the window closed under a running job.
        with contextlib.suppress(RuntimeError):
            self._signals.event.emit(job_id, kind, payload)


def run_and_wait(
    name: str,
    parent: QObject | None,
    fn: Callable[[JobContext], Any],
    on_progress: Callable[[Any], None] | None = None,
) -> Any:
    """Run ``fn`` on a lane of its own while this thread's event loop keeps the window
    painted (a dialog's progress bar, its Cancel button); its result, or the exception
    it raised as the value."""
    lane = Lane(name, parent)
    loop = QEventLoop()
    outcome: list[Any] = []

    def finish(result: object) -> None:
        outcome.append(result)
        loop.quit()

    lane.submit(name, fn, on_done=finish, on_error=finish, on_progress=on_progress)
    if not outcome:
        loop.exec()
    lane.close()
    lane.deleteLater()
    return outcome[0] if outcome else None
