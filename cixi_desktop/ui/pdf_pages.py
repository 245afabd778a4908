"""PDF bytes to page pictures, with PDFium (pypdfium2): for the preview and for printing.

PDFium is not thread-safe — not even across documents — so every call into it goes
through one process-wide lock; pages and bitmaps are closed explicitly under that lock
rather than left to finalizers, which could run on any thread at any time.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

_PDFIUM = threading.RLock()

# A page picture never exceeds this many pixels (about 96 MB); beyond that it is drawn
# scaled up, slightly soft, rather than exhausting memory at 400 % on a HiDPI screen.
MAX_PIXELS = 24_000_000
PRINT_DPI_CAP = 300

# PDFium's BGRx is Qt's RGB32 in memory on little-endian machines (all we ship for);
# the byte-ordered RGBX8888 is the portable spelling for the rest.
if sys.byteorder == "little":
    _REVERSED, _FORMAT = False, QImage.Format.Format_RGB32
else:  # pragma: no cover
    _REVERSED, _FORMAT = True, QImage.Format.Format_RGBX8888


class PdfUnreadable(ValueError):
    """The bytes are not a PDF PDFium can open; the message is a sentence for the user."""


class PdfPages:
    """One PDF held in memory: its page sizes (in points) and pictures of its pages.

    Safe to use from any thread. ``close()`` releases PDFium's copy; rendering after that
    raises ``PdfUnreadable``.
    """

    def __init__(self, data: bytes) -> None:
        self._doc: pdfium.PdfDocument | None = None  # __del__ runs even if opening fails
        self.sizes: tuple[QSizeF, ...] = ()
        with _PDFIUM:
            try:
                doc = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                raise PdfUnreadable(
                    QCoreApplication.translate("PdfPages", "无法读取这份 PDF：%1").replace(
                        "%1", str(exc)
                    )
                ) from exc
            self._doc = doc
            # Sizes without loading pages: fast even for hundreds of pages.
            self.sizes = tuple(QSizeF(*doc.get_page_size(i)) for i in range(len(doc)))

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float) -> QImage:
        """Page ``index`` at ``scale`` pixels per point (1/72 inch), on white."""
        size = self.sizes[index]
        pixels = size.width() * size.height() * scale * scale
        if pixels > MAX_PIXELS:
            scale *= (MAX_PIXELS / pixels) ** 0.5
        with _PDFIUM:
            if self._doc is None:
                raise PdfUnreadable(QCoreApplication.translate("PdfPages", "PDF 已关闭。"))
            page = self._doc[index]
            try:
                bitmap = page.render(
                    scale=scale,
                    prefer_bgrx=True,
                    rev_byteorder=_REVERSED,
                    fill_color=(255, 255, 255, 255),
                    optimize_mode="print" if scale > 2 else None,
                )
                try:
                    image = QImage(
                        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, _FORMAT
                    ).copy()  # own the pixels: the bitmap's buffer goes away below
                finally:
                    bitmap.close()
            finally:
                page.close()
        return image

    def __del__(self) -> None:
        # Not PDFium's own finalizer: that runs unlocked, on whichever thread collects.
        self.close()

    def close(self) -> None:
        with _PDFIUM:
            if self._doc is not None:
                self._doc.close()
                self._doc = None


def printer_pages(printer: QPrinter, count: int, current: int = 0) -> list[int]:
    """The 0-based pages the print dialog asked for: all, a range (or ranges), or the
    page being looked at."""
    chosen = printer.printRange()
    if chosen == QPrinter.PrintRange.CurrentPage:
        return [min(max(current, 0), count - 1)] if count else []
    if chosen == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [i for i in range(count) if ranges.contains(i + 1)]
        first, last = printer.fromPage(), printer.toPage()
        if first and last:
            return list(range(first - 1, min(last, count)))
    return list(range(count))


def print_pages(
    pages: PdfPages,
    printer: QPrinter,
    indexes: Sequence[int],
    *,
    progress: Callable[[int], None] = lambda done: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Draw ``indexes`` onto ``printer`` page by page at its resolution (at most 300 dpi),
    each page full size on the paper (its own margins are the document's), shrunk and
    centred only when the paper is smaller. Copies the printer cannot make itself are
    made here. Returns the pages sent; may run on a worker thread (Qt allows painting on
    a QPrinter outside the GUI thread)."""
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if printer.collateCopies():
        order = [i for _copy in range(copies) for i in indexes]
    else:
        order = [i for i in indexes for _copy in range(copies)]
    if not order:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    sent = 0
    try:
        resolution = printer.resolution()
        scale = min(resolution, PRINT_DPI_CAP) / 72
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for index in order:
            if cancelled():
                printer.abort()
                break
            if sent and not printer.newPage():
                break
            image = pages.render(index, scale)
            target = QSizeF(pages.sizes[index] * (resolution / 72))
            if target.width() > paper.width() or target.height() > paper.height():
                target.scale(QSizeF(paper.size()), Qt.AspectRatioMode.KeepAspectRatio)
            box = QRectF(0, 0, target.width(), target.height())
            box.moveCenter(QRectF(0, 0, paper.width(), paper.height()).center())
            painter.drawImage(box, image)
            sent += 1
            progress(sent)
    finally:
        painter.end()
    return sent
