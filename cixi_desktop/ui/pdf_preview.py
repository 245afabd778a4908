"""Looking at, printing and saving the PDFs the program makes.

The preview is Qt's own ``QPdfView`` (module QtPdfWidgets, shipped in the small
PySide6-Pdf wheel — not in Essentials, and not needing the 161 MB Addons). Printing
renders each page with ``QPdfDocument`` at the printer's resolution onto a ``QPrinter``.
If QtPdf is missing, the preview says so and offers the system's PDF reader instead.

Entry points for the window: ``show_briefing_dialog(db, scope, parent)`` and
``save_cards(db, project_ids, parent)``.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QRect,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.store.database import Database
from cixi_desktop.store.files import write_atomically
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.ledger.worker import Dropped, Lane

try:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAVE_QTPDF = True
except ImportError:  # PySide6-Pdf not installed: fall back to the system's reader
    HAVE_QTPDF = False


class PdfPreview(QWidget):
    """Pages of a PDF held in memory, scrolled continuously and fitted to the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = b""
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if HAVE_QTPDF:
            self.document: QPdfDocument | None = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setObjectName("pdfView")
            self.view.setDocument(self.document)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            layout.addWidget(self.view)
        else:
            self.document = None
            self.note = QLabel(
                self.tr("本机缺少 PDF 预览组件（PySide6-Pdf），请保存后用系统的 PDF 阅读器查看。"),
                self,
            )
            self.note.setWordWrap(True)
            self.open_button = QPushButton(self.tr("用系统阅读器打开"), self)
            self.open_button.clicked.connect(self.open_externally)
            layout.addWidget(self.note)
            layout.addWidget(self.open_button)
            layout.addStretch(1)

    def set_pdf(self, data: bytes) -> None:
        self.data = data
        if self.document is None:
            return
        # The document reads from the buffer while pages are shown: keep it alive.
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    def open_externally(self) -> None:
        if not self.data:
            return
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as fh:
            fh.write(self.data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(fh.name))


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Render the pages the printer asks for (all, or its page range); returns pages sent."""
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    pages = range(first - 1, min(last, count)) if first and last else range(count)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    sent = 0
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for index in pages:
            if sent:
                printer.newPage()
            size = document.pagePointSize(index).toSize()
            size.scale(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            image = document.render(index, size)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(QRect(0, 0, area.width(), area.height()).center())
            painter.drawImage(target, image)
            sent += 1
    finally:
        painter.end()
    return sent


def print_with_dialog(preview: PdfPreview, parent: QWidget) -> bool:
    """Ask for a printer and print the preview's pages; True when something was printed."""
    if preview.document is None or not preview.page_count():
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(QCoreApplication.translate("PdfPreview", "智能化技改工作简报"))
    printer.setFromTo(1, preview.page_count())
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return print_document(preview.document, printer) > 0


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path.home() / suggested),
        QCoreApplication.translate("PdfPreview", "PDF 文件 (*.pdf)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def show_briefing_dialog(db: Database, scope: Scope, parent: QWidget | None = None) -> None:
    """The 简报 dialog: choose year, town, period and issue; generate, preview, print, save."""
    from cixi_desktop.ui.briefing_dialog import BriefingDialog

    dialog = BriefingDialog(db, scope, parent)
    dialog.exec()
    dialog.shutdown()


class CardsExport(QObject):
    """Writing project cards in the background, with a progress dialog and Cancel."""

    finished = Signal(str)  # the file written
    failed = Signal(str)  # a sentence for the user ("" when cancelled)

    def __init__(
        self, db: Database, project_ids: Sequence[uuid.UUID], target: Path, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._cancelled = False
        self._target = target
        self._lane = Lane("cards", self)
        self.progress = QProgressDialog(
            self.tr("正在生成项目档案卡…"), self.tr("取消"), 0, max(len(project_ids), 1), parent
        )
        self.progress.setWindowTitle(self.tr("项目档案卡"))
        self.progress.setMinimumDuration(600)  # only when it is slow
        self.progress.canceled.connect(self.cancel)
        ids = list(project_ids)

        def work(ctx) -> bytes:  # type: ignore[no-untyped-def]
            from cixi_desktop.reports.pdf.cards import build_cards

            data, _pages, _missing = build_cards(
                db,
                ids,
                progress=lambda done, total: ctx.report(done),
                cancelled=lambda: self._cancelled or ctx.cancelled(),
            )
            return data

        self._lane.submit(
            "cards",
            work,
            on_done=self._write,
            on_error=self._error,
            on_progress=lambda done: self.progress.setValue(int(done)),  # type: ignore[arg-type]
        )

    def cancel(self) -> None:
        self._cancelled = True

    def _write(self, data: bytes) -> None:
        self.progress.reset()
        try:
            write_atomically(self._target, data)
        except OSError as exc:
            self.failed.emit(
                self.tr("无法写入 %1：%2")
                .replace("%1", str(self._target))
                .replace("%2", exc.strerror or str(exc))
            )
            return
        self.finished.emit(str(self._target))

    def _error(self, exc: BaseException) -> None:
        self.progress.reset()
        from cixi_desktop.reports.pdf.cards import Cancelled

        if isinstance(exc, (Cancelled, Dropped)):
            self.failed.emit("")
        else:
            self.failed.emit(self.tr("生成项目档案卡失败：%1").replace("%1", str(exc)))

    def shutdown(self) -> None:
        self._lane.close()


def save_cards(
    db: Database,
    project_ids: Sequence[uuid.UUID],
    parent: QWidget | None = None,
    target: Path | None = None,
) -> CardsExport | None:
    """Ask where to save (unless ``target`` is given) and write one card page per project
    in the background; the user hears when it is done. Returns the running export."""
    if not project_ids:
        return None
    if target is None:
        anchor = parent or QWidget()
        target = ask_pdf_path(
            anchor, QCoreApplication.translate("PdfPreview", "保存项目档案卡"), "项目档案卡.pdf"
        )
        if target is None:
            return None
    export = CardsExport(db, project_ids, target, parent)

    def done(path: str) -> None:
        if parent is not None:
            QMessageBox.information(
                parent,
                QCoreApplication.translate("PdfPreview", "项目档案卡"),
                QCoreApplication.translate("PdfPreview", "已保存：%1").replace("%1", path),
            )
        export.shutdown()

    def failed(message: str) -> None:
        if parent is not None and message:
            QMessageBox.warning(
                parent, QCoreApplication.translate("PdfPreview", "项目档案卡"), message
            )
        export.shutdown()

    export.finished.connect(done)
    export.failed.connect(failed)
    return export
