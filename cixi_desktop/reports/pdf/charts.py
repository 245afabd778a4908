"""Vector charts for the briefing (reportlab.graphics): investment by town, share by
cluster, completions per month.

Charts only draw figures they are given, already formatted by reports.numbers, so a
label in a chart reads exactly as the same figure in a table. Floats are used for
geometry only, never for a printed value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from cixi_desktop.reports.pdf.fonts import FONT_NAME, register_fonts

BAR = colors.HexColor("#2F5597")
BAR_ALT = colors.HexColor("#C00000")
AXIS = colors.Color(0.35, 0.35, 0.35)
GRID = colors.Color(0.85, 0.85, 0.85)
TEXT = colors.black
# Muted, distinguishable in greyscale print too (alternating light and dark).
PALETTE = tuple(
    colors.HexColor(c)
    for c in ("#2F5597", "#C00000", "#7F9FCF", "#E6A23C", "#548235", "#A5A5A5", "#7030A0",
              "#F4B183", "#264478", "#9E480E")
)  # fmt: skip
LABEL_SIZE = 8.5


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int  # for the geometry
    text: str  # the printed value, formatted by the caller


def _width(text: str, size: float = LABEL_SIZE) -> float:
    return stringWidth(text, FONT_NAME, size)


def _text(x: float, y: float, text: str, size: float = LABEL_SIZE, anchor: str = "start") -> String:
    return String(x, y, text, fontName=FONT_NAME, fontSize=size, fillColor=TEXT, textAnchor=anchor)


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # The renderer starts in Helvetica unless told otherwise; it would land unembedded.
    drawing.initialFontName = FONT_NAME
    return drawing


def nice_ticks(top: float, most: int = 6, whole: bool = False) -> list[float]:
    """0 and round steps (1, 2, 5 × 10^k; at least 1 when ``whole``) up to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / most
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(step, 1)
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def _tick_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def horizontal_bars(bars: Sequence[Bar], width: float, unit: str, row: float = 13.0) -> Drawing:
    """One bar per row, label on the left, value at the bar's end; a scale at the bottom."""
    register_fonts()
    label_w = max((_width(b.label) for b in bars), default=0) + 6
    value_w = max((_width(b.text) for b in bars), default=0) + 6
    axis_h = 26
    height = axis_h + row * len(bars) + 6
    drawing = _drawing(width, height)
    plot_x = label_w
    plot_w = max(width - label_w - value_w, 10)
    ticks = nice_ticks(float(max((b.value for b in bars), default=0)))
    scale = plot_w / ticks[-1]
    top = height - 4
    for tick in ticks:
        x = plot_x + tick * scale
        drawing.add(Line(x, axis_h, x, top, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(_text(x, axis_h - 10, _tick_text(tick), 7.5, "middle"))
    drawing.add(Line(plot_x, axis_h, plot_x, top, strokeColor=AXIS, strokeWidth=0.6))
    drawing.add(_text(plot_x + plot_w / 2, 2, unit, 8, "middle"))
    for i, bar in enumerate(bars):
        y = top - (i + 1) * row
        drawing.add(_text(plot_x - 4, y + row * 0.3, bar.label, anchor="end"))
        length = float(bar.value) * scale
        if length > 0:
            drawing.add(
                Rect(plot_x, y + row * 0.18, length, row * 0.64, fillColor=BAR, strokeColor=None)
            )
        drawing.add(_text(plot_x + length + 3, y + row * 0.3, bar.text, 7.5))
    return drawing


def vertical_bars(bars: Sequence[Bar], width: float, height: float, unit: str) -> Drawing:
    """Columns with their value on top and the category below (rotated when crowded)."""
    register_fonts()
    drawing = _drawing(width, height)
    ticks = nice_ticks(float(max((b.value for b in bars), default=0)), whole=True)
    tick_w = max(_width(_tick_text(t), 7.5) for t in ticks) + 6
    slot = (width - tick_w - 4) / max(len(bars), 1)
    rotate = max((_width(b.label, 7.5) for b in bars), default=0) > slot - 2
    axis_y = 40 if rotate else 22
    plot_h = height - axis_y - 24
    scale = plot_h / ticks[-1]
    for tick in ticks:
        y = axis_y + tick * scale
        drawing.add(Line(tick_w, y, width - 4, y, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(_text(tick_w - 3, y - 2.5, _tick_text(tick), 7.5, "end"))
    drawing.add(Line(tick_w, axis_y, width - 4, axis_y, strokeColor=AXIS, strokeWidth=0.6))
    drawing.add(_text(tick_w, height - 9, unit, 8, "middle"))
    for i, bar in enumerate(bars):
        x = tick_w + i * slot
        h = float(bar.value) * scale
        bar_w = min(slot * 0.62, 28)
        drawing.add(
            Rect(x + (slot - bar_w) / 2, axis_y, bar_w, h, fillColor=BAR_ALT, strokeColor=None)
        )
        if bar.value:
            drawing.add(_text(x + slot / 2, axis_y + h + 2, bar.text, 7, "middle"))
        label = _text(x + slot / 2, axis_y - 10, bar.label, 7.5, "middle")
        if rotate:
            label = _text(0, 0, bar.label, 7.5, "end")
            # A rotated label hangs from the tick under its column.
            group = Group(label)
            group.translate(x + slot / 2 + 2.5, axis_y - 4)
            group.rotate(45)
            drawing.add(group)
        else:
            drawing.add(label)
    return drawing


@dataclass(frozen=True)
class Slice:
    label: str
    value: Decimal
    figures: tuple[str, ...]  # printed in right-aligned columns, e.g. ("32.1%", "12,345.67")


def pie_with_legend(
    slices: Sequence[Slice], width: float, height: float = 150, units: Sequence[str] = ()
) -> Drawing:
    """A pie of the non-zero slices and a legend table with each slice's printed figures."""
    register_fonts()
    drawing = _drawing(width, height)
    shown = [s for s in slices if s.value > 0]
    diameter = min(height - 10, width * 0.4)
    pie = Pie()
    pie.x, pie.y = 10, (height - diameter) / 2
    pie.width = pie.height = diameter
    pie.data = [float(s.value) for s in shown] or [1.0]
    pie.labels = None
    pie.startAngle = 90
    pie.direction = "clockwise"
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    for i in range(len(shown)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    if not shown:
        pie.slices[0].fillColor = GRID
    drawing.add(pie)
    size = 9.0
    line = 15.0
    x = 10 + diameter + 24
    name_w = max((_width(s.label, size) for s in slices), default=0) + 22
    columns = max((len(s.figures) for s in slices), default=0)
    col_w = [
        max([_width(s.figures[i], size) for s in slices] + [_width(u, 8) for u in units[i : i + 1]])
        + 14
        for i in range(columns)
    ]
    rows = len(slices) + (1 if units else 0)
    y = height / 2 + line * rows / 2 - line
    if units:
        right = x + name_w
        for i, unit in enumerate(units):
            right += col_w[i]
            drawing.add(_text(right, y + 1, unit, 8, "end"))
        y -= line
    index = 0
    for s in slices:
        if s.value > 0:
            color = PALETTE[index % len(PALETTE)]
            index += 1
        else:
            color = colors.white
        drawing.add(Rect(x, y, 9, 9, fillColor=color, strokeColor=AXIS, strokeWidth=0.3))
        drawing.add(_text(x + 14, y + 1, s.label, size))
        right = x + name_w
        for i, figure in enumerate(s.figures):
            right += col_w[i]
            drawing.add(_text(right, y + 1, figure, size, "end"))
        y -= line
    return drawing
