"""The integrity check of a ledger too large to check before the window opened
(store/integrity.py): on a low-priority thread after the first paint; if the file is
damaged, the window turns read-only and offers the newest good backup."""

from __future__ import annotations

import contextlib
import os
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from cixi_desktop.store.database import sqlite_path
from cixi_desktop.store.integrity import DamagedDatabase, QuickCheck, check_in_background
from cixi_desktop.ui.ledger.worker import Dropped, Lane
from cixi_desktop.ui.restore_runner import PendingRestore

if TYPE_CHECKING:
    from cixi_desktop.ui.main_window import MainWindow


class IntegrityWatch(QObject):
    def __init__(self, window: MainWindow, check: QuickCheck) -> None:
        super().__init__(window)
        self.window = window
        self.check = check
        self.found: DamagedDatabase | None = None
        self._lane = Lane("integrity", self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.window:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.start)  # once this first paint is on screen
        return False

    def start(self) -> None:
        if self._lane.stopping:
            return
        check = self.check

        def work(_ctx: object) -> DamagedDatabase | None:
            _lower_this_thread()
            return check_in_background(check)

        self._lane.submit("check", work, on_done=self._done, on_error=self._failed)

    def stop(self) -> None:
        """Before the database closes: a check still running is stopped, not waited for."""
        self.check.stop()
        self._lane.close()

    def _done(self, found: DamagedDatabase | None) -> None:
        if found is None:
            return
        self.found = found
        window = self.window
        window.db.read_only_because = str(found)
        window.damaged = True
        window.statusBar().showMessage(self.tr("数据库已损坏：本窗口只能查看，不能修改"))
        from cixi_desktop.ui.damaged_dialog import DamagedDialog

        dialog = DamagedDialog(found, in_window=True, parent=window)
        if dialog.exec() and found.backup is not None:
            window.restart_with_backup(
                PendingRestore(found.backup.path, found.path, over_damaged=True)
            )
        dialog.deleteLater()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Dropped):
            raise exc


def _lower_this_thread() -> None:
    # Nice this thread only (Linux counts threads apart): the ledger's own reads and the
    # window go first on a busy two-core machine. Elsewhere the check runs as it is.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def watch_integrity(window: MainWindow) -> IntegrityWatch | None:
    """Start the deferred check once the window has painted; None when none is due."""
    path = sqlite_path(window.db.url)
    if path is None or not window.db.unchecked:
        return None
    watch = IntegrityWatch(window, QuickCheck(path))
    window.installEventFilter(watch)
    return watch
