"""The background lane: one job at a time, newest first, superseded jobs dropped."""

from __future__ import annotations

import threading

from cixi_desktop.ui.ledger.worker import Dropped, JobContext, Lane


def test_jobs_run_off_the_gui_thread_and_report_back(qtbot) -> None:
    lane = Lane("test")
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def job(ctx: JobContext) -> int:
        seen["thread"] = threading.get_ident()
        ctx.report("half")
        return 42

    lane.submit(
        "a",
        job,
        on_done=lambda result: seen.setdefault("result", result),
        on_progress=lambda part: seen.setdefault("progress", part),
    )
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["thread"] != gui
    assert (seen["progress"], seen["result"]) == ("half", 42)
    lane.close()


def test_waiting_jobs_are_superseded_and_the_newest_runs_first(qtbot) -> None:
    lane = Lane("test", max_waiting=2)
    gate = threading.Event()
    order: list[str] = []
    dropped: list[str] = []

    def block(ctx: JobContext) -> str:
        gate.wait(5)
        return "first"

    def make(name: str):  # type: ignore[no-untyped-def]
        return lambda ctx: name

    def submit(key: str, name: str, urgent: bool = False) -> None:
        lane.submit(
            key,
            make(name),
            on_done=order.append,
            on_error=lambda exc, name=name: (
                dropped.append(name) if isinstance(exc, Dropped) else None
            ),
            urgent=urgent,
        )

    lane.submit("running", block, on_done=order.append)
    submit("p1", "page 1")
    submit("p2", "page 2")
    submit("p1", "page 1 again")  # replaces the waiting page 1
    submit("p3", "page 3")  # more than two waiting: the oldest goes
    submit("ids", "ids", urgent=True)
    gate.set()
    qtbot.waitUntil(lane.is_idle)
    assert dropped == ["page 1", "page 2"]
    assert order == ["first", "ids", "page 3", "page 1 again"]
    lane.close()


def test_errors_come_back_and_the_lane_goes_on(qtbot) -> None:
    lane = Lane("test")
    errors: list[BaseException] = []
    results: list[object] = []

    def boom(ctx: JobContext) -> None:
        raise ValueError("坏了")

    lane.submit("x", boom, on_error=errors.append)
    lane.submit("y", lambda ctx: "ok", on_done=results.append)
    qtbot.waitUntil(lambda: results == ["ok"])
    assert isinstance(errors[0], ValueError)
    lane.close()


def test_close_stops_and_waits(qtbot) -> None:
    lane = Lane("test")
    started = threading.Event()
    stopped: list[bool] = []

    def long_job(ctx: JobContext) -> None:
        started.set()
        while not ctx.cancelled():
            threading.Event().wait(0.01)
        stopped.append(True)

    lane.submit("long", long_job)
    assert started.wait(5)
    lane.close()
    assert stopped == [True]
    lane.submit("after", lambda ctx: None)  # ignored once closed
    assert lane.is_idle()
