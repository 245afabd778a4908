"""The import wizard: choose a file → check the column mapping (saved as a profile for
the next file from that town) → preview every problem by row and field → import with
progress. Reading, checking and writing run on a worker thread; Cancel really stops them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget, QWizard

from cixi_desktop.reports.excel.importer import ImportCancelled
from cixi_desktop.reports.excel.reader import SourceError
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem
from cixi_desktop.ui.excel.commit_page import CommitPage
from cixi_desktop.ui.excel.file_page import FilePage
from cixi_desktop.ui.excel.mapping_page import MappingPage
from cixi_desktop.ui.excel.preview_page import PreviewPage
from cixi_desktop.ui.ledger.worker import Dropped, Lane


class ImportWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None, path: str | Path | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("导入 Excel 台账"))
        self.resize(980, 680)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self._lane = Lane("excel-import", self)
        self._running: str | None = None
        self._cancel: threading.Event | None = None
        self._close_when_idle = False
        self._token = 0
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.commit_page = CommitPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.commit_page):
            self.addPage(page)
        if path is not None:
            self.file_page.set_path(path)

    # --- background work --------------------------------------------------------------

    def run(
        self,
        key: str,
        work: Callable[[Any], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[Any], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        """Run ``work`` on the worker thread. Only the newest job's answer is shown: a page
        left and entered again asks anew, and what the old job finds is dropped."""
        if self._cancel is not None:
            self._cancel.set()  # whatever ran before is no longer wanted
        self._token += 1
        token = self._token
        self._running = key
        self._cancel = cancel
        self._set_back_enabled(False)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            if token != self._token:
                return
            self._running = None
            self._cancel = None
            self._set_back_enabled(True)
            if self._close_when_idle:
                self._close_when_idle = False
                super(ImportWizard, self).reject()
                return
            callback(value)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Dropped):
                finish(on_error, exc)

        self._lane.submit(
            (key, token),
            work,
            on_done=lambda value: finish(on_done, value),
            on_error=failed,
            on_progress=lambda payload: (
                on_progress(payload) if on_progress is not None and token == self._token else None
            ),
        )

    def _set_back_enabled(self, enabled: bool) -> None:
        button = self.button(QWizard.WizardButton.BackButton)
        if button is not None:
            button.setEnabled(enabled)

    def is_busy(self) -> bool:
        return self._running is not None

    def describe_failure(self, exc: BaseException, cancelled: str) -> str:
        if isinstance(exc, ImportCancelled):
            return cancelled
        if isinstance(exc, SourceError | ValueError | EnvironmentProblem | ConflictError):
            return str(exc)  # already a sentence for the user (file, data, locked database)
        return self.tr("出错：%1").replace("%1", f"{type(exc).__name__}: {exc}")

    def reject(self) -> None:
        """Cancel: stop running work first (the import rolls back), then close."""
        if self.is_busy():
            if self._cancel is not None:
                self._cancel.set()
            self._close_when_idle = True
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            return
        super().reject()

    def done(self, result: int) -> None:
        self._lane.close()
        super().done(result)


def run_import_wizard(db: Database, parent: QWidget | None = None) -> int:
    """Show the wizard modally; returns QDialog's result code."""
    wizard = ImportWizard(db, parent)
    return wizard.exec()
