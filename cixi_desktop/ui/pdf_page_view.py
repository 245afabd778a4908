"""A scrolling stack of PDF pages: fitted to the width or zoomed, drawn from pictures made
on a worker thread for the pages in view only, so a file of hundreds of pages opens at
once and scrolls without waiting.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from cixi_desktop.ui.ledger.worker import Dropped, Lane
from cixi_desktop.ui.pdf_pages import PdfPages

MARGIN = 16  # around the stack of pages
GAP = 14  # between pages
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
CACHE_BYTES = 192 * 1024 * 1024  # page pictures kept beyond the ones in view


class _Canvas(QWidget):
    """The whole stack at the current scale; paints only the pages in the exposed area."""

    def __init__(self, view: PageView) -> None:
        super().__init__(view)
        self._view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._view.paint(painter, event.rect())
        painter.end()


class PageView(QScrollArea):
    zoom_changed = Signal()
    current_page_changed = Signal(int)  # 0-based

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfView")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.canvas = _Canvas(self)
        # A click on a page lets the keys scroll (PageDown, arrows, Home, End).
        self.canvas.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.canvas.setFocusProxy(self)
        self.setWidget(self.canvas)
        self.message = self.tr("生成后在此预览")
        self.pages: PdfPages | None = None
        self.fit = True
        self.scale = 1.0  # screen pixels per point
        self.rects: list[QRect] = []
        self._tops: list[int] = []
        self._cache: OrderedDict[int, tuple[float, QImage]] = OrderedDict()
        self._failed: set[int] = set()
        self._rendering = False
        self._wheel = 0
        self._current = -1
        self._lane = Lane("pdf-pages", self)
        lane = self._lane  # not self: this runs as the widget is being deleted
        self.destroyed.connect(lambda *_args: lane.close())
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.set_pages(None)

    # --- what is shown -----------------------------------------------------------------

    def set_pages(self, pages: PdfPages | None, message: str = "") -> None:
        """Show ``pages`` (None: nothing, with ``message``), keeping zoom and scroll place."""
        self.pages = pages
        self.message = message or self.message
        # Always there with pages, so fitting to the width never makes it come and go.
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if pages is not None
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self._cache.clear()
        self._failed.clear()
        self._current = -1
        self._relayout(None)
        self.canvas.update()
        self._scrolled()

    def page_count(self) -> int:
        return len(self.pages) if self.pages is not None else 0

    def current_page(self) -> int:
        return max(self._current, 0)

    def actual_size(self) -> float:
        """Pixels per point at 100 %: the page as large on screen as on paper."""
        return self.logicalDpiX() / 72

    def zoom(self) -> float:
        return self.scale / self.actual_size()

    def image(self, index: int) -> QImage | None:
        """The picture of page ``index`` rendered for the current zoom, or None (tests)."""
        entry = self._cache.get(index)
        return entry[1] if entry is not None and entry[0] == self._pixel_scale() else None

    # --- zoom -----------------------------------------------------------------------

    def zoom_in(self, anchor: QPoint | None = None) -> None:
        current = self.zoom()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > current + 0.005), ZOOM_STEPS[-1]), anchor)

    def zoom_out(self, anchor: QPoint | None = None) -> None:
        current = self.zoom()
        lower = [z for z in ZOOM_STEPS if z < current - 0.005]
        self.set_zoom(lower[-1] if lower else ZOOM_STEPS[0], anchor)

    def set_zoom(self, zoom: float, anchor: QPoint | None = None) -> None:
        self.fit = False
        self.scale = min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1]) * self.actual_size()
        self._relayout(anchor)

    def fit_width(self) -> None:
        self.fit = True
        self._relayout(QPoint(0, 0))

    def scroll_to_page(self, index: int) -> None:
        if 0 <= index < len(self.rects):
            self.verticalScrollBar().setValue(self.rects[index].top() - MARGIN // 2)

    # --- layout -------------------------------------------------------------------------

    def _relayout(self, anchor: QPoint | None) -> None:
        """Lay the pages out at the current scale; the spot under ``anchor`` (viewport
        coordinates; the middle when None) stays where it is on screen."""
        viewport = self.viewport().size()
        if anchor is None:
            anchor = QPoint(viewport.width() // 2, viewport.height() // 2)
        spot = self._spot_at(anchor)
        sizes = self.pages.sizes if self.pages is not None else ()
        widest = max((s.width() for s in sizes), default=0.0)
        if self.fit and widest:
            fitted = (viewport.width() - 2 * MARGIN) / widest
            self.scale = min(max(fitted, ZOOM_STEPS[0] * self.actual_size()), 8.0)
        width = max(viewport.width(), round(widest * self.scale) + 2 * MARGIN)
        self.rects = []
        y = MARGIN
        for size in sizes:
            w, h = round(size.width() * self.scale), round(size.height() * self.scale)
            self.rects.append(QRect((width - w) // 2, y, w, h))
            y += h + GAP
        self._tops = [r.top() for r in self.rects]
        height = y - GAP + MARGIN if self.rects else viewport.height()
        self.canvas.resize(width, max(height, viewport.height()))
        if spot is not None and spot[0] < len(self.rects):  # a new document may be shorter
            index, fx, fy = spot
            rect = self.rects[index]
            self.horizontalScrollBar().setValue(round(rect.left() + fx * rect.width()) - anchor.x())
            self.verticalScrollBar().setValue(round(rect.top() + fy * rect.height()) - anchor.y())
        self.canvas.update()
        self.zoom_changed.emit()
        self._pump()

    def _spot_at(self, point: QPoint) -> tuple[int, float, float] | None:
        """Which page lies under a viewport point, and where on it (fractions)."""
        if not self.rects:
            return None
        x = point.x() + self.horizontalScrollBar().value()
        y = point.y() + self.verticalScrollBar().value()
        index = max(bisect.bisect_right(self._tops, y) - 1, 0)
        rect = self.rects[index]
        return index, (x - rect.left()) / rect.width(), (y - rect.top()) / rect.height()

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(bisect.bisect_right(self._tops, top) - 1, 0)
        last = bisect.bisect_left(self._tops, bottom)
        if first < len(self.rects) and self.rects[first].bottom() < top:
            first += 1  # the page above ended in the gap
        return range(first, max(min(last, len(self.rects)), first))

    # --- rendering ----------------------------------------------------------------------

    def _pixel_scale(self) -> float:
        return round(self.scale * self.canvas.devicePixelRatioF(), 4)

    def _pump(self) -> None:
        """Start rendering the most wanted page that has no picture at this zoom yet:
        those in view from the middle outwards, then one either side."""
        if self._rendering or self.pages is None:
            return
        visible = self.visible_pages()
        middle = (visible.start + visible.stop - 1) / 2
        wanted = sorted(visible, key=lambda i: abs(i - middle))
        wanted += [i for i in (visible.stop, visible.start - 1) if 0 <= i < len(self.rects)]
        scale = self._pixel_scale()
        for index in wanted:
            entry = self._cache.get(index)
            if index in self._failed or (entry is not None and entry[0] == scale):
                continue
            pages = self.pages
            self._rendering = True
            self._lane.submit(
                "page",
                lambda _ctx, pages=pages, index=index, scale=scale: pages.render(index, scale),
                on_done=lambda image, pages=pages, index=index, scale=scale: self._rendered(
                    pages, index, scale, image
                ),
                on_error=lambda exc, pages=pages, index=index: self._render_failed(
                    pages, index, exc
                ),
            )
            return

    def _rendered(self, pages: PdfPages, index: int, scale: float, image: QImage) -> None:
        self._rendering = False
        if not shiboken6.isValid(self.canvas):
            return
        if pages is not self.pages:
            self._pump()
            return
        image.setDevicePixelRatio(self.canvas.devicePixelRatioF())
        self._cache[index] = (scale, image)
        self._cache.move_to_end(index)
        self._evict()
        if index < len(self.rects):
            self.canvas.update(self.rects[index])
        self._pump()

    def _render_failed(self, pages: PdfPages, index: int, exc: BaseException) -> None:
        self._rendering = False
        if not shiboken6.isValid(self.canvas):
            return
        if pages is self.pages and not isinstance(exc, Dropped):
            self._failed.add(index)  # drawn as such, never retried in a loop
            if index < len(self.rects):
                self.canvas.update(self.rects[index])
        self._pump()

    def _evict(self) -> None:
        keep = set(self.visible_pages())
        total = sum(img.sizeInBytes() for _s, img in self._cache.values())
        for index in list(self._cache):
            if total <= CACHE_BYTES:
                break
            if index not in keep:
                total -= self._cache.pop(index)[1].sizeInBytes()

    # --- painting -----------------------------------------------------------------------

    def paint(self, painter: QPainter, area: QRect) -> None:
        painter.fillRect(area, self.palette().color(QPalette.ColorRole.Dark))
        if not self.rects:
            painter.setPen(self.palette().color(QPalette.ColorRole.BrightText))
            painter.drawText(self.canvas.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        first = max(bisect.bisect_right(self._tops, area.top()) - 1, 0)
        for index in range(first, len(self.rects)):
            rect = self.rects[index]
            if rect.top() > area.bottom():
                break
            self._paint_page(painter, index, rect)

    def _paint_page(self, painter: QPainter, index: int, rect: QRect) -> None:
        for grow, alpha in ((3, 18), (2, 28), (1, 45)):  # a soft shadow, lit from top left
            painter.fillRect(rect.adjusted(-grow + 2, -grow + 2, grow + 1, grow + 2),
                             QColor(0, 0, 0, alpha))  # fmt: skip
        painter.fillRect(rect, Qt.GlobalColor.white)
        entry = self._cache.get(index)
        if entry is not None:
            # A picture at another zoom stands in, softly, until the sharp one arrives.
            painter.drawImage(rect, entry[1])
            self._cache.move_to_end(index)
            return
        painter.setPen(QColor(0, 0, 0, 90))
        text = (
            self.tr("无法显示第 %1 页") if index in self._failed else self.tr("第 %1 页")
        ).replace("%1", str(index + 1))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    # --- events -------------------------------------------------------------------------

    def _scrolled(self) -> None:
        self._pump()
        if not self.rects:
            return
        spot = self._spot_at(QPoint(0, self.viewport().height() // 3))
        current = spot[0] if spot is not None else 0
        if current != self._current:
            self._current = current
            self.current_page_changed.emit(current)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout(QPoint(0, 0))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        event.accept()
        # Touchpads send many small deltas: zoom one step per notch's worth.
        self._wheel += event.angleDelta().y()
        anchor = QPointF(event.position()).toPoint()
        while abs(self._wheel) >= 120:
            if self._wheel > 0:
                self._wheel -= 120
                self.zoom_in(anchor)
            else:
                self._wheel += 120
                self.zoom_out(anchor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        else:
            super().keyPressEvent(event)

    def shutdown(self) -> None:
        self._lane.close()
