"""How exported sheets look: fonts, fills, borders and number formats per kind of column.

Kinds match ``store.columns.Column.kind`` plus ``rate`` (a fraction shown as a percentage)
``ratio`` (a multiple such as fiscal leverage) and ``year`` (no thousands separator).
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from cixi_desktop.reports.excel.fast_cells import StyledCell

AMOUNT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.0%"
POINTS_FORMAT = "0.00"
RATIO_FORMAT = "#,##0.00"
INT_FORMAT = "#,##0"
YEAR_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"

NUMBER_FORMATS = {
    "amount": AMOUNT_FORMAT,
    "rate": RATE_FORMAT,
    "percent": POINTS_FORMAT,
    "ratio": RATIO_FORMAT,
    "int": INT_FORMAT,
    "year": YEAR_FORMAT,
    "date": DATE_FORMAT,
    # "@" keeps a code text when someone edits it in Excel (no 9.13E+17).
    "code": TEXT_FORMAT,
}
NUMERIC_KINDS = frozenset({"amount", "rate", "percent", "ratio", "int", "year"})

FONT_NAME = "宋体"
_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
NOTE_FONT = Font(name=FONT_NAME, size=10, color="595959")
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=11)
TOTAL_FONT = Font(name=FONT_NAME, size=11, bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
TOTAL_FILL = PatternFill("solid", start_color="FFF2CC")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Wrapped, so long names and contents stay inside their column on screen and on paper.
TEXT_ALIGN = Alignment(vertical="center", wrap_text=True)
NUMBER_ALIGN = Alignment(horizontal="right", vertical="center")
CENTER_ALIGN = Alignment(horizontal="center", vertical="center")

HEADER_HEIGHT = 32  # points: two lines of a wrapped header


def styled(ws: Any, kind: str, role: str, *, quote: bool = False) -> StyledCell:
    """A cell carrying the style of a ``kind`` of column in a ``role`` of row.

    ``role`` is body, total, header, title or note. Writers keep one such cell per column
    and only change its value, so a style is looked up once per column, not per cell.
    """
    cell = StyledCell(ws)
    if role == "title":
        cell.font = TITLE_FONT
        return cell.freeze()
    if role == "note":
        cell.font = NOTE_FONT
        return cell.freeze()
    if role in ("header", "total"):
        cell.border = BORDER
    if role == "header":
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        return cell.freeze()
    cell.font = TOTAL_FONT if role == "total" else BODY_FONT
    if role == "total":
        cell.fill = TOTAL_FILL
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    if kind in NUMERIC_KINDS:
        cell.alignment = NUMBER_ALIGN
    elif kind in ("date", "flag"):
        cell.alignment = CENTER_ALIGN
    else:
        cell.alignment = TEXT_ALIGN
    if quote:
        cell.quotePrefix = True
    return cell.freeze()
