"""Export of the window's current filter to an Excel workbook: written on a worker thread
with progress and a Cancel that leaves any older file untouched; when done, the dialog
lists what it had to alter (cut cells) and offers to open the folder."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.reports.excel.export import ExportCancelled, ExportResult, export_workbook
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.ledger.worker import Dropped, Lane


class ExportDialog(QDialog):
    def __init__(
        self, db: Database, scope: Scope, path: str | Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.scope = scope
        self.path = Path(path)
        self.result_info: ExportResult | None = None
        self.setWindowTitle(self.tr("导出 Excel"))
        self.resize(560, 220)
        self.status = QLabel(self.tr("正在导出到 %1 …").replace("%1", str(self.path)), self)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setReadOnly(True)
        self.notes.setVisible(False)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = QPushButton(self.tr("打开所在文件夹(&O)"), self)
        self.open_button.setVisible(False)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setVisible(False)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        self.open_button.clicked.connect(self.open_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.buttons)
        self._lane = Lane("excel-export", self)
        self._cancel = threading.Event()
        self._running = False

    def start(self) -> None:
        self._running = True
        db, path, scope, cancel = self.db, self.path, self.scope, self._cancel

        def work(ctx):  # type: ignore[no-untyped-def]
            return export_workbook(
                db, path, scope, progress=lambda d, t: ctx.report((d, t)), cancel=cancel
            )

        self._lane.submit(
            "export", work, on_done=self._done, on_error=self._failed, on_progress=self._progress
        )

    def _progress(self, payload: object) -> None:
        done, total = payload  # type: ignore[misc]
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _finished(self) -> None:
        self._running = False
        self.cancel_button.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setFocus()

    def _done(self, result: ExportResult) -> None:
        self.result_info = result
        self._finished()
        self.progress.setValue(self.progress.maximum())
        self.status.setText(
            self.tr("已导出 %1：项目明细 %2 行，工作表 %3 张。")
            .replace("%1", str(result.path))
            .replace("%2", f"{result.ledger_rows:,}")
            .replace("%3", str(len(result.sheets)))
        )
        if result.warnings:
            self.notes.setVisible(True)
            self.notes.setPlainText(
                self.tr("以下单元格做了处理（也列在工作簿的“导出提示”表中）：")
                + "\n"
                + "\n".join(result.warnings)
            )
        self.open_button.setVisible(True)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Dropped):
            return
        self._finished()
        if isinstance(exc, ExportCancelled):
            self.status.setText(self.tr("已取消，没有写入文件（原有文件保持不变）。"))
        else:
            self.status.setText(self.tr("导出失败：%1").replace("%1", str(exc)))

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    def reject(self) -> None:
        if self._running:
            self._cancel.set()
            self.status.setText(self.tr("正在取消…"))
            self.cancel_button.setEnabled(False)
            return
        super().reject()

    def done(self, result: int) -> None:
        self._lane.close()
        super().done(result)


def default_export_name(scope: Scope) -> str:
    years = scope.describe().replace(" ", "")
    return f"智能化技改台账_{years}_{date.today():%Y%m%d}.xlsx"


def run_export(
    db: Database, scope: Scope, parent: QWidget | None = None, path: str | Path | None = None
) -> ExportResult | None:
    """Ask where to save (unless ``path`` is given), export with progress; the result or None."""
    if path is None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("ExportDialog", "导出 Excel"),
            str(Path(folder) / default_export_name(scope)),
            QCoreApplication.translate("ExportDialog", "Excel 工作簿 (*.xlsx)"),
        )
        if not chosen:
            return None
        path = chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx"
    dialog = ExportDialog(db, scope, path, parent)
    dialog.start()
    dialog.exec()
    return dialog.result_info
