"""Horizontal bar chart (one or two series) on pyqtgraph: categories down the left, each
bar's figure at its end; a click on a bar emits that category's key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cixi_desktop.ui.dashboard.style import AXIS, BAR, BAR_ALT, GRID, chart_font


@dataclass(frozen=True)
class BarRow:
    key: str
    label: str
    values: tuple[float, ...]  # geometry only, one per series
    texts: tuple[str, ...]  # the printed figures (reports.numbers), one per series


class BarChart(QWidget):
    bar_clicked = Signal(str)

    ROW = 22  # pixels per category

    def __init__(self, series: Sequence[str] = ("",), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = tuple(series)
        self.rows: tuple[BarRow, ...] = ()
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("barPlot")
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.invertY(True)
        item.showGrid(x=True, y=False, alpha=0.25)
        font = chart_font(9)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setStyle(tickFont=font)
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(AXIS))
        if len(self.series) > 1 and all(self.series):
            legend = item.addLegend(offset=(-10, 10), labelTextColor=AXIS)
            legend.setLabelTextSize("9pt")
            self._legend = legend
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_rows(self, rows: Sequence[BarRow]) -> None:
        self.rows = tuple(rows)
        item = self.plot.getPlotItem()
        item.clear()
        count = len(self.series)
        thickness = 0.8 / count
        colours = (BAR, BAR_ALT)
        top = max((v for r in self.rows for v in r.values), default=0.0) or 1.0
        for s in range(count):
            centres = [i - 0.4 + thickness * (s + 0.5) for i in range(len(self.rows))]
            lengths = [r.values[s] for r in self.rows]
            colour = colours[s % len(colours)]
            bars = pg.BarGraphItem(
                x0=0, y=centres, height=thickness * 0.9, width=lengths, brush=colour, pen=None
            )
            if count > 1 and self.series[s]:
                bars.opts["name"] = self.series[s]
            item.addItem(bars)
            for y, row in zip(centres, self.rows, strict=True):
                label = pg.TextItem(row.texts[s], color=QColor("#222222"), anchor=(0, 0.5))
                label.setFont(chart_font(8))
                label.setPos(row.values[s], y)
                item.addItem(label)
        if count > 1 and hasattr(self, "_legend"):
            self._legend.clear()
            for s, name in enumerate(self.series):
                sample = pg.BarGraphItem(x=[0], height=[1], width=1, brush=colours[s % 2])
                self._legend.addItem(sample, name)
        left = item.getAxis("left")
        left.setTicks([[(i, r.label) for i, r in enumerate(self.rows)]])
        # Room after the longest bar for its figure.
        item.setXRange(0, top * 1.28, padding=0)
        item.setYRange(-0.6, max(len(self.rows) - 0.4, 0.4), padding=0)
        item.getAxis("bottom").setGrid(60)
        item.getAxis("bottom").setPen(pg.mkPen(GRID))
        item.getAxis("bottom").setTextPen(pg.mkPen(AXIS))
        self.setMinimumHeight(60 + self.ROW * max(len(self.rows), 3))

    def point_of(self, key: str, series: int = 0) -> QPointF:
        """Where bar ``key`` is drawn, in the plot widget's coordinates (for clicks)."""
        index = [r.key for r in self.rows].index(key)
        row = self.rows[index]
        count = len(self.series)
        y = index - 0.4 + 0.8 / count * (series + 0.5)
        x = max(row.values[series], 0.0) / 2 or 0.0
        view = self.plot.getPlotItem().getViewBox()
        scene = view.mapViewToScene(QPointF(x, y))
        return QPointF(self.plot.mapFromScene(scene))

    def _clicked(self, event: object) -> None:
        view = self.plot.getPlotItem().getViewBox()
        pos = event.scenePos()  # type: ignore[attr-defined]
        if not view.sceneBoundingRect().contains(pos):
            return
        point = view.mapSceneToView(pos)
        index = round(point.y())
        if 0 <= index < len(self.rows) and abs(point.y() - index) <= 0.45:
            self.bar_clicked.emit(self.rows[index].key)
