"""User text on its way into a PDF: escaped, checked against the font, broken into lines
the way Chinese is typeset.

Names and notes come from people and old spreadsheets, so they may hold ``<b>``, ``&``,
emoji or rare characters. ``safe`` escapes them before they reach Paragraph markup (which
would otherwise interpret or reject them) and replaces characters the font lacks with a
visible □, reporting which ones, instead of letting them vanish or print as tofu.

Line breaking follows the basic rule of Chinese typesetting (避头尾): a line never starts
with closing punctuation (，。、；：！？）》」 …) and never ends with an opening one.
reportlab's own CJK wrapping knows only part of that list and hangs the punctuation into
the margin, so ``CJKParagraph`` breaks lines with ``break_points`` instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

from cixi_desktop.reports.pdf.fonts import FONT_NAME, has_glyph

MISSING_MARK = "□"

# Closing punctuation, Chinese and Western: never the first character of a line.
NO_LINE_START = frozenset(
    "，。、；：！？）》」』】〕〗〉］｝”’…—·％‰℃"  # full-width and CJK
    ",.;:!?)]}%'\""  # narrow
)
# Opening punctuation: never the last character of a line.
NO_LINE_END = frozenset("（《「『【〔〖〈［｛“‘([{")

_FUZZ = 1e-6


@dataclass(frozen=True)
class SafeText:
    """Text ready for Paragraph markup, and the characters the font could not show."""

    markup: str
    missing: tuple[str, ...]


def escape(text: str) -> str:
    """Escape &, < and > so Paragraph prints them literally."""
    return _xml_escape(text)


def cover(text: str) -> tuple[str, tuple[str, ...]]:
    """Replace characters the font cannot draw with □; return the text and what was replaced.

    Line breaks and tabs become spaces (a name is one paragraph); other control
    characters are dropped, since they draw nothing in any font.
    """
    out: list[str] = []
    missing: list[str] = []
    for ch in text:
        if ch in "\t\r\n\v\f":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        elif has_glyph(ch):
            out.append(ch)
        else:
            out.append(MISSING_MARK)
            if ch not in missing:
                missing.append(ch)
    return "".join(out), tuple(missing)


def safe(text: object) -> SafeText:
    """Any value as Paragraph markup: glyphs checked, then escaped."""
    covered, missing = cover("" if text is None else str(text))
    return SafeText(escape(covered), missing)


def describe_missing(chars: Sequence[str]) -> str:
    """A note for the reader: which characters were printed as □."""
    codes = "、".join(f"U+{ord(c):04X}" for c in chars)
    return f"注：{MISSING_MARK} 表示字库中没有的字符（{codes}），原文以数据库为准。"


# --- line breaking -----------------------------------------------------------------------


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or ord(ch) >= 0x2E80


def can_break_before(text: Sequence[str], i: int) -> bool:
    """Whether a line may end between text[i-1] and text[i]."""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before.isspace() or after.isspace():
        return True
    # Inside a run of narrow characters (a Latin word, a number such as 12,345.67): no break.
    return _is_wide(before) or _is_wide(after)


def break_points(
    text: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    forced: frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """Greedy line breaking: (start, end) index pairs of each line.

    ``widths[i]`` is the advance of ``text[i]``; line n may be ``max_widths[n]`` wide (the
    last value repeats). ``forced`` holds indexes of explicit line breaks, which end their
    line. A line that would start with closing punctuation gives up its last characters
    to the next line instead; only a line with no allowed break at all (one unbroken run)
    is cut wherever it must be, still avoiding punctuation at the start when possible.
    """
    lines: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n:
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        end = start
        while end < n:
            if end > start and used + widths[end] > limit + _FUZZ:
                break
            used += widths[end]
            end += 1
            if end - 1 in forced:
                break
        if end >= n or end - 1 in forced:
            lines.append((start, end))
            start = end
            continue
        cut = end
        while cut > start and not can_break_before(text, cut):
            cut -= 1
        if cut == start:
            # One unbroken run wider than the line: cut it where neither rule is broken
            # (no closing mark starts the next line, no opening mark ends this one);
            # failing that, at least not before closing punctuation; failing that, at the edge.
            cut = _forced_cut(text, start, end)
        lines.append((start, cut))
        start = cut
    return lines


def _forced_cut(text: Sequence[str], start: int, end: int) -> int:
    for allowed in (
        lambda i: text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END,
        lambda i: text[i] not in NO_LINE_START,
    ):
        for cut in range(end, start, -1):
            if allowed(cut):
                return cut
    return end


def break_lines(
    text: str, width: float, font_name: str = FONT_NAME, font_size: float = 10.5
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points (for tests and measuring)."""
    widths = [stringWidth(ch, font_name, font_size) for ch in text]
    return [text[a:b] for a, b in break_points(text, widths, [width])]


class CJKParagraph(Paragraph):
    """A Paragraph whose lines break by ``break_points`` (避头尾), justified like reportlab's
    CJK lines. Give it a style with ``wordWrap='CJK'``; markup and font changes still work."""

    def breakLinesCJK(self, maxWidths: float | Sequence[float]) -> ParaLines:
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        glyphs: list[cjkU] = []
        forced: set[int] = set()
        for frag in self.frags:
            text = frag.text if isinstance(frag.text, str) else frag.text.decode("utf8")
            if text:
                glyphs.extend(cjkU(ch, frag, "utf8") for ch in text)
            else:
                if hasattr(frag, "lineBreak"):
                    forced.add(len(glyphs))
                glyphs.append(cjkU(text, frag, "utf8"))
        if not glyphs:
            return ParaLines(kind=1, lines=[])
        chars = [str(g) or "\n" for g in glyphs]
        widths = [g.width for g in glyphs]
        autoleading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = autoleading not in ("", "off")
        lines = []
        spans = break_points(chars, widths, list(maxWidths), frozenset(forced))
        for number, (a, b) in enumerate(spans):
            limit = maxWidths[min(number, len(maxWidths) - 1)]
            used = sum(widths[a:b])
            line_break = (b - 1) in forced
            lines.append(
                makeCJKParaLine(glyphs[a:b], limit, used, limit - used, line_break, calc_bounds)
            )
        return ParaLines(kind=1, lines=lines)
