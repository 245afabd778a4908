"""Monthly trend on pyqtgraph: projects started and completed per month (actual dates)."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cixi_desktop.store.summaries import MonthRow
from cixi_desktop.ui.dashboard.style import AXIS, BAR, BAR_ALT, chart_font


def month_span(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from first to last: a time axis has no gaps."""
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


class TrendChart(QWidget):
    def __init__(self, started: str, completed: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = (started, completed)
        self.months: list[str] = []
        self.plot = pg.PlotWidget(background="w")
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.25)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setStyle(tickFont=chart_font(8))
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(AXIS))
        self.legend = item.addLegend(offset=(10, 5), labelTextColor=AXIS)
        self.legend.setLabelTextSize("9pt")
        self.setMinimumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_months(self, rows: Sequence[MonthRow]) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.legend.clear()
        if not rows:
            self.months = []
            return
        by_month = {r.month: r for r in rows}
        self.months = month_span(rows[0].month, rows[-1].month)
        xs = list(range(len(self.months)))
        started = [by_month[m].started if m in by_month else 0 for m in self.months]
        done = [by_month[m].completed if m in by_month else 0 for m in self.months]
        for values, colour, name in ((started, BAR, self.names[0]), (done, BAR_ALT, self.names[1])):
            item.plot(
                xs, values, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5,
                symbolBrush=colour, symbolPen=None, name=name,
            )  # fmt: skip
        step = max(1, len(self.months) // 12)
        ticks = [
            (i, m[2:4] + "." + str(int(m[5:])) if i == 0 or m.endswith("-01") else str(int(m[5:])))
            for i, m in enumerate(self.months)
            if i % step == 0
        ]
        item.getAxis("bottom").setTicks([ticks])
        item.setXRange(-0.5, len(self.months) - 0.5, padding=0)
        item.setYRange(0, max([*started, *done, 1]) * 1.1, padding=0)
