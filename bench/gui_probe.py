"""The window side of the benchmark, run in its own process (QT_QPA_PLATFORM=offscreen).

    python bench/gui_probe.py bare START OUT.json
    python bench/gui_probe.py app START OUT.json DB [--scenario KEYWORDS_JSON]

``START`` is the parent's ``time.time()`` just before it started this process, so the
startup time counts the interpreter, the imports and everything up to the first paint
of the main window. ``bare`` is the baseline: a PySide6 ``QMainWindow`` holding an empty
``QTableView``. ``app`` starts the real window through the real command line
(``cixi-desktop --db DB gui``); with ``--scenario`` it then scrolls to the end, filters
by each keyword, sorts by investment and reports each step's time to the first page on
screen, the longest time the GUI thread did not answer, and the peak memory.

Nothing here changes the app: the probe watches paint events through an event filter on
the application object, installed by handing the app a ``QApplication`` subclass.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

START = 0.0  # the parent's clock when it started this process (argv)
result: dict[str, Any] = {}


def peak_mb() -> float:
    """This process's own peak resident memory. (``ru_maxrss`` would not do: Linux keeps
    the parent's peak across fork and exec, so a child started by a big parent reports it.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(out: str) -> None:
    result["peak_mb"] = peak_mb()
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)


def _install_paint_watch(on_first_paint: Callable[[Any], None]) -> None:
    """Make every QApplication created from now on report the first paint of a main window."""
    from PySide6 import QtWidgets
    from PySide6.QtCore import QEvent, QObject

    base = QtWidgets.QApplication

    class Watch(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint:
                widget = watched if isinstance(watched, QtWidgets.QWidget) else None
                if widget is not None and isinstance(widget.window(), QtWidgets.QMainWindow):
                    self.done = True
                    on_first_paint(widget.window())
            return False

    class WatchedApplication(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self._watch = Watch()
            self.installEventFilter(self._watch)

    QtWidgets.QApplication = WatchedApplication  # type: ignore[misc]


def bare(out: str) -> None:
    from PySide6.QtCore import QTimer

    def painted(window: Any) -> None:
        result["first_paint"] = time.time() - START
        QTimer.singleShot(0, window.close)

    _install_paint_watch(painted)
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView(window))
    window.resize(1280, 800)
    window.show()
    app.exec()
    _write(out)


def app(out: str, db: str, keywords: list[str] | None) -> int:
    def painted(window: Any) -> None:
        result["first_paint"] = time.time() - START
        Scenario(window, keywords).start()

    # The command line first, as the installed ``cixi-desktop`` script starts: what it
    # imports then comes before PySide6. (PySide6 reads the source of every module
    # imported after it, looking for ``__feature__``; installing the watch first would
    # charge the app for that on modules it imports before Qt.)
    from cixi_desktop.cli import main

    _install_paint_watch(painted)
    code = main(["--db", db, "gui"])
    _write(out)
    return int(code or 0)


class Scenario:
    """Drives the window step by step on its own event loop (a polling timer; no waits)."""

    POLL_MS = 2

    def __init__(self, window: Any, keywords: list[str] | None) -> None:
        from PySide6.QtCore import QTimer

        self.window = window
        self.keywords = keywords
        self.model = window.model
        self.view = window.view
        self.steps: list[tuple[str, Callable[[], None], Callable[[], bool]]] = []
        self.timer = QTimer(window)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.heartbeat = QTimer(window)
        self.heartbeat.setInterval(10)
        self.heartbeat.timeout.connect(self._beat)
        self.last_beat = time.perf_counter()
        self.stall = 0.0
        self.measuring_stall = False
        self.painted_at = 0.0
        self.step_started = 0.0
        self.phase = "rows"
        self.current: tuple[str, Callable[[], None], Callable[[], bool]] | None = None
        self.changed_at = 0.0
        window.view.viewport().installEventFilter(self._viewport_watch())
        # Rows inserted below the view need no paint; a reset or new cell values do.
        self.model.modelReset.connect(self._changed)
        self.model.dataChanged.connect(self._changed)

    def _viewport_watch(self) -> Any:
        from PySide6.QtCore import QEvent, QObject

        scenario = self

        class ViewportWatch(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    scenario.painted_at = time.perf_counter()
                return False

        self._watch = ViewportWatch()
        return self._watch

    def _beat(self) -> None:
        now = time.perf_counter()
        if self.measuring_stall:
            self.stall = max(self.stall, now - self.last_beat - 0.010)
        self.last_beat = now

    # --- conditions -----------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        self.changed_at = time.perf_counter()

    def _painted_since_change(self) -> bool:
        return self.painted_at > max(self.changed_at, self.step_started)

    def first_page_shown(self) -> bool:
        """The model holds the new result (not the previous one) with its first page, and
        the table has painted since the model last changed."""
        model = self.model
        if not self.window.attached or not model._active:  # the ledger is still opening
            return False
        if model._shown != model._latest[0]:  # still showing the previous result
            return False
        if model.rowCount() == 0:
            if model.is_loading():
                return False
        elif model.row_data(0) is None:
            return False
        return self._painted_since_change()

    def settled(self) -> bool:
        """Every id read and the status-bar totals shown: the next step starts clean."""
        totals = self.window.totals_label.text()
        return not self.model.is_loading() and "正在计算" not in totals

    # --- the script -------------------------------------------------------------------

    def start(self) -> None:
        from PySide6.QtCore import Qt

        from cixi_desktop.ui.ledger import columns

        self.step_started = time.perf_counter()
        self.steps = [("first_rows", lambda: None, self.first_page_shown)]
        if self.keywords is not None:
            self.steps.append(("settle", lambda: None, self.settled))
            self.steps.append(("scroll_end", self.view.scrollToBottom, self.last_row_shown))
            self.steps.append(("scroll_top", self.view.scrollToTop, self.first_page_shown))
            for i, keyword in enumerate(self.keywords):
                self.steps.append((f"filter_{i}", self._filter(keyword), self.first_page_shown))
                self.steps.append((f"filter_{i}_all", lambda: None, self.settled))
            self.steps.append(("clear", self._filter(""), self.first_page_shown))
            self.steps.append(("clear_all", lambda: None, self.settled))
            invest = columns.column_index("total_investment")
            desc, asc = Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder
            for name, order in (("sort_desc", desc), ("sort_asc", asc)):
                self.steps.append((name, self._sort(invest, order), self.first_page_shown))
                self.steps.append((f"{name}_all", lambda: None, self.settled))
        self.heartbeat.start()
        self.timer.start()
        self.current = self.steps.pop(0)

    def _filter(self, keyword: str) -> Callable[[], None]:
        def act() -> None:
            self.window.filter_bar.keyword.setText(keyword)
            self.window.filter_bar.apply_now()

        return act

    def _sort(self, column: int, order: Any) -> Callable[[], None]:
        return lambda: self.view.sortByColumn(column, order)

    def last_row_shown(self) -> bool:
        last = self.model.rowCount() - 1
        return (
            last >= 0 and self.model.row_data(last) is not None and (self._painted_since_change())
        )

    STEP_LIMIT = 300.0  # seconds; a step that never finishes is reported, not waited for

    def _poll(self) -> None:
        assert self.current is not None
        name, _act, done = self.current
        now = time.perf_counter()
        if not done():
            if now - self.step_started > self.STEP_LIMIT:
                result.setdefault("timed_out", []).append(name)
                print(f"probe: {name} did not finish in {self.STEP_LIMIT:.0f} s", file=sys.stderr)
                self.steps.clear()
                self.timer.stop()
                self.window.close()
            return
        result.setdefault("steps", {})[name] = now - self.step_started
        print(f"probe: {name} {now - self.step_started:.3f} s", file=sys.stderr, flush=True)
        if name == "first_rows":
            result["first_rows"] = time.time() - START
        if name == "scroll_end":
            result["pages_held"] = len(self.model._pages)
            result["rows"] = self.model.rowCount()
        if name.startswith("filter_") and not name.endswith("_all"):
            result.setdefault("matches", {})[name] = self.model.rowCount()
        if not self.steps:
            self.timer.stop()
            self.heartbeat.stop()
            result["max_stall"] = self.stall
            self.window.close()
            return
        self.current = self.steps.pop(0)
        self.measuring_stall = True
        self.step_started = time.perf_counter()
        self.current[1]()


def main() -> int:
    global START
    mode, START, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if mode == "bare":
        bare(out)
        return 0
    keywords = None
    if len(sys.argv) > 6 and sys.argv[5] == "--scenario":
        keywords = json.loads(sys.argv[6])
    return app(out, sys.argv[4], keywords)


if __name__ == "__main__":
    sys.exit(main())
