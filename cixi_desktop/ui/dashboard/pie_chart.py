"""A pie with its legend, painted with QPainter (pyqtgraph has no pie); clicking a slice
or its legend line emits the slice's key."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cixi_desktop.ui.dashboard.style import PALETTE, chart_font


@dataclass(frozen=True)
class PieSlice:
    key: str
    label: str
    value: float  # geometry only
    texts: tuple[str, ...]  # printed figures, right-aligned in columns, e.g. ("29.9%", "3.71 亿元")


class PieChart(QWidget):
    slice_clicked = Signal(str)

    LINE = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slices: tuple[PieSlice, ...] = ()
        self.setMinimumSize(360, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    def set_slices(self, slices: Sequence[PieSlice]) -> None:
        self.slices = tuple(slices)
        self.update()

    # --- geometry ---
    def _pie_rect(self) -> QRectF:
        side = max(min(self.height() - 20, self.width() * 0.45), 20)
        return QRectF(10, (self.height() - side) / 2, side, side)

    def _legend_top(self) -> float:
        return self.height() / 2 - self.LINE * len(self.slices) / 2

    def _spans(self) -> list[tuple[float, float]]:
        """(start, span) in degrees, clockwise from 12 o'clock, per slice."""
        total = sum(s.value for s in self.slices if s.value > 0)
        spans, start = [], 0.0
        for s in self.slices:
            span = 360.0 * s.value / total if total and s.value > 0 else 0.0
            spans.append((start, span))
            start += span
        return spans

    def point_of(self, key: str) -> QPointF:
        """The middle of a slice (for clicks)."""
        index = [s.key for s in self.slices].index(key)
        start, span = self._spans()[index]
        rect = self._pie_rect()
        angle = math.radians(start + span / 2)
        r = rect.width() / 3
        return QPointF(
            rect.center().x() + r * math.sin(angle), rect.center().y() - r * math.cos(angle)
        )

    def key_at(self, pos: QPointF) -> str | None:
        rect = self._pie_rect()
        dx, dy = pos.x() - rect.center().x(), pos.y() - rect.center().y()
        if math.hypot(dx, dy) <= rect.width() / 2:
            angle = math.degrees(math.atan2(dx, -dy)) % 360
            for s, (start, span) in zip(self.slices, self._spans(), strict=True):
                if span and start <= angle < start + span:
                    return s.key
            return None
        legend_x = rect.right() + 24
        if pos.x() >= legend_x:
            index = int((pos.y() - self._legend_top()) // self.LINE)
            if 0 <= index < len(self.slices):
                return self.slices[index].key
        return None

    # --- events ---
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            key = self.key_at(event.position())
            if key is not None:
                self.slice_clicked.emit(key)
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.key_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._pie_rect()
        colours = {}
        index = 0
        for s in self.slices:
            if s.value > 0:
                colours[s.key] = PALETTE[index % len(PALETTE)]
                index += 1
        if not colours:
            painter.setPen(QPen(QColor("#BBBBBB")))
            painter.setBrush(QColor("#EEEEEE"))
            painter.drawEllipse(rect)
        painter.setPen(QPen(QColor("white"), 1.2))
        for s, (start, span) in zip(self.slices, self._spans(), strict=True):
            if span:
                painter.setBrush(colours[s.key])
                # Qt: 1/16 degree, counter-clockwise from 3 o'clock.
                painter.drawPie(rect, int((90 - start) * 16), int(-span * 16))
        painter.setFont(chart_font(9))
        x = rect.right() + 24
        y = self._legend_top()
        metrics = painter.fontMetrics()
        name_w = max((metrics.horizontalAdvance(s.label) for s in self.slices), default=0) + 24
        columns = max((len(s.texts) for s in self.slices), default=0)
        col_w = [
            max(metrics.horizontalAdvance(s.texts[i]) for s in self.slices if len(s.texts) > i) + 16
            for i in range(columns)
        ]
        for s in self.slices:
            painter.setPen(QPen(QColor("#888888"), 0.6))
            painter.setBrush(colours.get(s.key, QColor("white")))
            painter.drawRect(QRectF(x, y + 5, 10, 10))
            painter.setPen(QColor("#222222"))
            painter.drawText(QPointF(x + 16, y + 14), s.label)
            right = x + 16 + name_w
            for i, text in enumerate(s.texts):
                right += col_w[i]
                painter.drawText(QPointF(right - metrics.horizontalAdvance(text), y + 14), text)
            y += self.LINE
        painter.end()
