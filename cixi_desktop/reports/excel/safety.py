"""What a cell may hold in a workbook, so that user text never turns into something else.

- Text that begins with = + - @, a tab or a carriage return is the classic spreadsheet
  injection: Excel or WPS would run it as a formula once someone edits the cell. Such text is
  written as a string cell with the "quote prefix" flag, which keeps it text even when edited.
- XML 1.0 cannot carry most control characters, nor U+FFFE/U+FFFF (openpyxl refuses the
  whole file); they are replaced by a visible U+FFFD and reported.
- Excel stops at 32,767 characters per cell (openpyxl cuts silently); longer text is cut
  with a visible marker and reported, never cut without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_CELL_CHARS = 32_767
MAX_SHEET_ROWS = 1_048_576
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"

# What XML 1.0 cannot carry: most C0 controls, lone surrogates (which cannot even be
# encoded) and the noncharacters U+FFFE/U+FFFF — with lxml installed openpyxl refuses the
# whole workbook for one of them.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_KEPT_WARNINGS = 500


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


def _utf16_len(text: str) -> int:
    # Excel counts UTF-16 code units: a character outside the BMP (an emoji, a rare 汉字) is two.
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _cut(text: str, units: int) -> str:
    """The longest prefix of ``text`` that fits in ``units`` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:index]
    return text


@dataclass(frozen=True)
class SafeText:
    text: str
    problems: tuple[str, ...] = ()


def safe_text(text: str) -> SafeText:
    """``text`` made storable in a cell, with a sentence for each change made to it."""
    problems: list[str] = []
    if _ILLEGAL_RE.search(text):
        count = len(_ILLEGAL_RE.findall(text))
        text = _ILLEGAL_RE.sub(REPLACEMENT, text)
        problems.append(f"含 {count} 个 Excel 无法保存的控制字符，已替换为“{REPLACEMENT}”")
    # Only text longer than half the limit can pass it, even counting every character twice.
    length = _utf16_len(text) if len(text) > MAX_CELL_CHARS // 2 else len(text)
    if length > MAX_CELL_CHARS:
        marker = f"…〔已截断，原文 {length:,} 字〕"
        text = _cut(text, MAX_CELL_CHARS - len(marker)) + marker
        problems.append(
            f"内容有 {length:,} 字，超过 Excel 单元格上限 {MAX_CELL_CHARS:,} 字，"
            "已截断（完整内容请在台账中查看）"
        )
    return SafeText(text, tuple(problems))


@dataclass
class WarningLog:
    """Warnings for the person who asked for the file; the first few hundred are kept whole."""

    messages: list[str] = field(default_factory=list)
    dropped: int = 0

    def add(self, where: str, problem: str) -> None:
        if len(self.messages) < _MAX_KEPT_WARNINGS:
            self.messages.append(f"{where}：{problem}")
        else:
            self.dropped += 1

    def lines(self) -> list[str]:
        extra = [f"……另有 {self.dropped:,} 条同类提示未列出"] if self.dropped else []
        return self.messages + extra

    def __bool__(self) -> bool:
        return bool(self.messages)


def rows_per_sheet(limit: int, header_rows: int) -> int:
    """How many data rows fit below ``header_rows`` on a sheet of ``limit`` rows."""
    room = limit - header_rows
    if room < 2:
        raise ValueError("row limit too small for the header")
    return room
