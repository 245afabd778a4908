"""Page geometry, type styles and table styles shared by the briefing and the cards.

Geometry after GB/T 9704-2012 (党政机关公文格式): A4, top margin 37 mm, binding-side
margin 28 mm, type area 156 mm × 225 mm; body text 3号 (16 pt) on 22 lines per page;
page numbers 4号 (14 pt) as "— 1 —", 7 mm below the type area, odd pages on the right
and even pages on the left, each one character in from the edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from cixi_desktop.reports.pdf.fonts import FONT_NAME, register_fonts
from cixi_desktop.reports.pdf.text import CJKParagraph, safe

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 28 * mm
TOP_MARGIN = 37 * mm
TYPE_WIDTH = 156 * mm
TYPE_HEIGHT = 225 * mm
RIGHT_MARGIN = PAGE_WIDTH - LEFT_MARGIN - TYPE_WIDTH
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - TYPE_HEIGHT

BODY_SIZE = 16.0  # 3号
BODY_LEADING = TYPE_HEIGHT / 22  # 22 lines on a page
PAGE_NUMBER_SIZE = 14.0  # 4号
TABLE_SIZE = 9.0
NOTE_SIZE = 10.5  # 五号

# 红头: CMYK 0/100/100/0 prints as the pure red of official documents.
RED = colors.CMYKColor(0, 1, 1, 0)
RULE_GREY = colors.Color(0.55, 0.55, 0.55)
HEADER_FILL = colors.Color(0.93, 0.93, 0.93)
TOTAL_FILL = colors.Color(0.97, 0.97, 0.97)


def styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle(
        "base", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", parent=base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3)
    return {
        "body": ParagraphStyle(
            "body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=10
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, firstLineIndent=2 * BODY_SIZE, spaceBefore=8, spaceAfter=2
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontSize=12,
            leading=18,
            alignment=TA_CENTER,
            spaceBefore=4,
            spaceAfter=4,
        ),
        # 说明：1. … with the following items under "1.", not under "说明：".
        "note": ParagraphStyle(
            "note", parent=base, fontSize=NOTE_SIZE, leading=15, leftIndent=3 * NOTE_SIZE
        ),
        "note_first": ParagraphStyle(
            "note_first",
            parent=base,
            fontSize=NOTE_SIZE,
            leading=15,
            leftIndent=3 * NOTE_SIZE,
            firstLineIndent=-3 * NOTE_SIZE,
        ),
        "unit": ParagraphStyle(
            "unit", parent=base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.5, alignment=TA_RIGHT
        ),
        "cell": cell,
        "cell_center": ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=cell, alignment=TA_CENTER),
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
        # 版记 (报/送/发): 4号, one character in from each side; continuation lines hang
        # under the text, not under "报：".
        "colophon": ParagraphStyle(
            "colophon",
            parent=base,
            fontSize=PAGE_NUMBER_SIZE,
            leading=21,
            leftIndent=3 * PAGE_NUMBER_SIZE,
            firstLineIndent=-2 * PAGE_NUMBER_SIZE,
            rightIndent=PAGE_NUMBER_SIZE,
        ),
        "colophon_right": ParagraphStyle(
            "colophon_right",
            parent=base,
            fontSize=PAGE_NUMBER_SIZE,
            leading=21,
            alignment=TA_RIGHT,
            rightIndent=PAGE_NUMBER_SIZE,
        ),
    }


def para(text: object, style: ParagraphStyle, missing: set[str] | None = None) -> CJKParagraph:
    """User text as a paragraph: escaped, unknown glyphs shown as □ and noted in ``missing``."""
    prepared = safe(text)
    if missing is not None:
        missing.update(prepared.missing)
    return CJKParagraph(prepared.markup, style)


def lines_para(lines: Sequence[str], style: ParagraphStyle) -> CJKParagraph:
    """Our own short labels, broken where we say (table headers such as 计划|企业)."""
    return CJKParagraph("<br/>".join(safe(line).markup for line in lines), style)


def draw_page_number(canvas: Canvas, page: int) -> None:
    """ "— N —" after GB/T 9704: odd pages right, even pages left, one character inset."""
    text = f"— {page} —"
    canvas.saveState()
    canvas.setFont(FONT_NAME, PAGE_NUMBER_SIZE)
    y = BOTTOM_MARGIN - 7 * mm - PAGE_NUMBER_SIZE * 0.8
    if page % 2:
        canvas.drawRightString(LEFT_MARGIN + TYPE_WIDTH - PAGE_NUMBER_SIZE, y, text)
    else:
        canvas.drawString(LEFT_MARGIN + PAGE_NUMBER_SIZE, y, text)
    canvas.restoreState()


def data_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric_from: int = 1,
    total_row: bool = False,
    header_rows: int = 1,
    numbered: bool = False,
) -> Table:
    """A ruled table: header shaded and repeated on each page, numbers right-aligned
    (columns from ``numeric_from`` on), an optional shaded total row at the bottom and an
    optional centred 序号 column first."""
    # Left-aligned: a card scaled down to fit its page keeps its tables under its headings.
    table = Table(list(rows), colWidths=list(widths), repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_NAME, TABLE_SIZE, TABLE_SIZE * 1.3),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (numeric_from, header_rows), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if numbered:  # a 序号 column, centred
        commands.append(("ALIGN", (0, header_rows), (0, -1), "CENTER"))
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ]
    if total_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.9, colors.black))
    table.setStyle(TableStyle(commands))
    return table


class AtBottom(Flowable):
    """Stacks its flowables at the bottom of the frame (the 报尾 sits at the foot of the last
    page); when there is not enough room left, the whole block moves to a new page."""

    def __init__(self, items: Sequence[Flowable]) -> None:
        super().__init__()
        self.items = list(items)
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._heights = [item.wrap(availWidth, availHeight)[1] for item in self.items]
        needed = sum(self._heights) + sum(
            item.getSpaceBefore() + item.getSpaceAfter() for item in self.items
        )
        return availWidth, (availHeight - 1e-3 if needed <= availHeight else needed)

    def draw(self) -> None:
        y = sum(self._heights) + sum(
            item.getSpaceBefore() + item.getSpaceAfter() for item in self.items
        )
        for item, height in zip(self.items, self._heights, strict=True):
            y -= item.getSpaceBefore() + height
            item.drawOn(self.canv, 0, y)
            y -= item.getSpaceAfter()


class Rule(Flowable):
    """A horizontal rule across the frame."""

    def __init__(
        self, thickness: float, color: colors.Color, space_before: float = 0, space_after: float = 0
    ) -> None:
        super().__init__()
        self.thickness = thickness
        self.color = color
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        y = self.thickness / 2
        self.canv.line(0, y, self.width, y)
