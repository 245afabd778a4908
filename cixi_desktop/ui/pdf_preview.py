"""Looking at, printing and saving the PDFs the program makes.

The preview draws the pages with PDFium (pypdfium2, see ``pdf_pages``) — Qt's own PDF
modules come only with the 175 MB PySide6-Addons. Printing renders each chosen page at
the printer's resolution (at most 300 dpi) on a worker thread; the system's PDF reader
stays one click away.

Entry points for the window: ``show_briefing_dialog(db, scope, parent)`` and
``save_cards(db, project_ids, parent)``.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QPageLayout, QPageSize, QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.store.database import Database
from cixi_desktop.store.files import write_atomically
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.ledger.worker import Dropped, Lane, run_and_wait
from cixi_desktop.ui.pdf_page_view import PageView
from cixi_desktop.ui.pdf_pages import PdfPages, PdfUnreadable, print_pages, printer_pages


class PdfPreview(QWidget):
    """Pages of a PDF held in memory, scrolled continuously and fitted to the width, with
    zoom (Ctrl+= / Ctrl+- / Ctrl+0, Ctrl+wheel), a page box and "open in the system's
    reader". The zoom keys work anywhere in the window: one preview per window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = b""
        self.document: PdfPages | None = None
        self.doc_name = self.tr("智能化技改工作简报")  # what the print queue calls the job
        self.view = PageView(self)
        self._held: list[PdfPages] = []
        held = self._held
        # Release PDFium's copy with the widget; the closure must not hold on to self.
        self.destroyed.connect(lambda *_args: [pages.close() for pages in held])

        self.zoom_out_button = self._tool("−", self.tr("缩小 (Ctrl+-)"), self.view.zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400%  "))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._tool("+", self.tr("放大 (Ctrl+=)"), self.view.zoom_in)
        self.fit_button = self._tool(self.tr("适合宽度"), self.tr("适合宽度 (Ctrl+0)"),
                                     self.view.fit_width)  # fmt: skip
        self.fit_button.setCheckable(True)
        self.page_box = QSpinBox(self)
        self.page_box.setKeyboardTracking(False)  # jump on Enter, not on every digit
        self.page_box.setToolTip(self.tr("输入页码后按回车跳转"))
        self.page_box.setPrefix(self.tr("第 "))
        self.page_box.valueChanged.connect(lambda n: self.view.scroll_to_page(n - 1))
        self.open_button = QPushButton(self.tr("用系统阅读器打开"), self)
        self.open_button.setToolTip(self.tr("在系统的 PDF 阅读器中查看这份文件"))
        self.open_button.clicked.connect(self.open_externally)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            bar.addWidget(widget)
        bar.addSpacing(6)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        bar.addWidget(self.page_box)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        for keys, slot in (
            (("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn), self.view.zoom_in),
            (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), self.view.zoom_out),
            (("Ctrl+0",), self.view.fit_width),
        ):
            seen: set[str] = set()
            for key in keys:
                sequence = QKeySequence(key)
                if sequence.isEmpty() or sequence.toString() in seen:
                    continue  # StandardKey is often one of the spelled-out keys already
                seen.add(sequence.toString())
                shortcut = QShortcut(sequence, self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)

        self.view.zoom_changed.connect(self._show_zoom)
        self.view.current_page_changed.connect(self._show_page)
        self._show_document()

    def _tool(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda: slot())
        return button

    def set_pdf(self, data: bytes) -> None:
        self.data = data
        old = self.document
        try:
            self.document = PdfPages(data)
            message = ""
        except PdfUnreadable as exc:
            self.document = None
            message = str(exc)
        self.view.set_pages(self.document, message)
        self._held[:] = [self.document] if self.document is not None else []
        if old is not None:
            old.close()
        self._show_document()

    def page_count(self) -> int:
        return len(self.document) if self.document is not None else 0

    def current_page(self) -> int:
        """The page being looked at (0-based)."""
        return self.view.current_page()

    def open_externally(self) -> None:
        if not self.data:
            return
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as fh:
            fh.write(self.data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(fh.name))

    def _show_document(self) -> None:
        count = self.page_count()
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            widget.setEnabled(count > 0)
        self.page_box.setVisible(count > 0)
        self.open_button.setEnabled(bool(self.data))
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 0))
        self.page_box.setSuffix(self.tr(" / %1 页").replace("%1", str(count)))
        self.page_box.setValue(self.current_page() + 1 if count else 0)
        self.page_box.blockSignals(False)
        self._show_zoom()

    def _show_page(self, index: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.view.zoom() * 100)}%" if self.page_count() else "")
        self.fit_button.setChecked(self.view.fit)

    def shutdown(self) -> None:
        """Stop rendering and let go of the document (the widget shows nothing after)."""
        self.view.shutdown()
        self.view.set_pages(None)
        for pages in self._held:
            pages.close()
        self._held.clear()
        self.document = None


def print_document(document: PdfPages, printer: QPrinter, current: int = 0) -> int:
    """Print the pages the printer asks for (all, its page range, or ``current``) here and
    now; returns the pages sent."""
    return print_pages(document, printer, printer_pages(printer, len(document), current))


def _paper_like(printer: QPrinter, size: QSizeF) -> None:
    """Offer the document's own paper (A4 for ours), the right way round."""
    portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    page = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageSize(page)
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if size.width() > size.height()
        else QPageLayout.Orientation.Portrait
    )


def print_with_dialog(preview: PdfPreview, parent: QWidget) -> bool:
    """Ask for a printer and print the preview's pages; True when something was printed."""
    pages = preview.document
    if pages is None or not len(pages):
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(preview.doc_name)
    _paper_like(printer, pages.sizes[0])
    printer.setFromTo(1, len(pages))
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, len(pages))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    indexes = printer_pages(printer, len(pages), preview.current_page())
    return print_in_background(pages, printer, indexes, parent) > 0


def print_in_background(
    pages: PdfPages, printer: QPrinter, indexes: Sequence[int], parent: QWidget | None
) -> int:
    """Print on a worker thread behind a progress dialog with Cancel; the caller waits for
    the result (the window stays painted). Returns the pages sent, 0 when cancelled."""
    translate = QCoreApplication.translate
    progress = QProgressDialog(
        translate("PdfPreview", "正在打印…"),
        translate("PdfPreview", "取消"),
        0,
        max(len(indexes), 1),
        parent,
    )
    progress.setWindowTitle(translate("PdfPreview", "打印"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)  # a short briefing prints without a flash
    progress.setAutoReset(False)
    cancelled = False

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True

    progress.canceled.connect(cancel)
    result = run_and_wait(
        "print",
        parent,
        lambda ctx: print_pages(
            pages, printer, indexes, progress=ctx.report, cancelled=lambda: cancelled
        ),
        on_progress=lambda done: progress.setValue(int(done)),  # type: ignore[arg-type]
    )
    progress.reset()
    progress.deleteLater()
    if result is None:
        result = 0
    if isinstance(result, BaseException):
        if not isinstance(result, Dropped):
            QMessageBox.warning(
                parent,
                translate("PdfPreview", "打印"),
                translate("PdfPreview", "打印失败：%1").replace("%1", str(result)),
            )
        return 0
    return 0 if cancelled else int(result)  # type: ignore[call-overload]


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
