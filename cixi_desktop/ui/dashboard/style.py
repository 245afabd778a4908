"""Fonts and colours shared by the dashboard's charts.

Chart labels use the bundled WenQuanYi Micro Hei, so Chinese renders the same on every
machine (the window's own font may be the system's).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont

from cixi_desktop.ui.i18n import load_bundled_font

BAR = QColor("#2F5597")
BAR_ALT = QColor("#C00000")
AXIS = QColor("#555555")
GRID = QColor("#DDDDDD")
# Muted, distinguishable in greyscale print too; the same order as the PDF's pie.
PALETTE = tuple(
    QColor(c)
    for c in ("#2F5597", "#C00000", "#7F9FCF", "#E6A23C", "#548235", "#A5A5A5", "#7030A0",
              "#F4B183", "#264478", "#9E480E")
)  # fmt: skip


@cache
def _family() -> str | None:
    return load_bundled_font()


def chart_font(point_size: float = 9.0) -> QFont:
    font = QFont()
    family = _family()
    if family:
        font.setFamilies([family])
    font.setPointSizeF(point_size)
    return font
