"""Finding the table inside a town's sheet: title rows above it, a header of one or two
rows (a merged group such as 投资情况（万元） over 项目总投资 / 其中设备投资 / 补助资金),
and, below, the lines that are not data: blank rows, section rows (一、周巷镇), 小计 and
合计 rows, repeated headers of a printed sheet, and trailing notes (注：…).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from cixi_desktop.domain.reference import load_towns
from cixi_desktop.reports.excel.mapping import HeaderCell, normalize_header, unit_in

HEADER_SCAN_ROWS = 40
MIN_HEADER_FIELDS = 2

Row = tuple[int, list[object]]
Merge = tuple[tuple[int, int], tuple[int, int]]

_YEAR_RE = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_NUMERAL = "一二三四五六七八九十百零〇"
_SECTION_RE = re.compile(
    rf"^(?:[{_NUMERAL}]+\s*[、.．]|[（(][{_NUMERAL}]+[)）]|第[{_NUMERAL}]+[部分章节类组])"
)
_NOTE_RE = re.compile(r"^(?:注|附注|说明|备注|填表说明)\s*[0-9一二三四五六七八九十]*\s*[:：]")
_NOTE_STARTS = (
    "填表人",
    "制表人",
    "审核人",
    "负责人",
    "填报人",
    "填表日期",
    "制表日期",
    "填报日期",
    "填报单位",
    "单位负责人",
    "联系人:",
    "联系人：",
    "联系电话:",
    "联系电话：",
)
_TOTAL_WORDS = ("小计", "合计", "总计")
_TOTAL_STARTS = ("其中", "累计", "汇总", "全市", *_TOTAL_WORDS)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def find_town_name(text: str) -> str | None:
    """The one reporting unit named in ``text`` (a title or a section row), by name; None
    when there is none or more than one (a county-wide title names no single town)."""
    compact = _compact(text)
    towns = load_towns()
    found = {town.name for town in towns if town.name in compact}
    if not found:
        found = {
            town.name
            for town in towns
            if len(town.short_name) >= 2
            and town.short_name in compact
            and "慈溪" + town.short_name not in compact
        }
    return found.pop() if len(found) == 1 else None


@dataclass
class Layout:
    """Where the table is: header rows (1-based), the columns' headers, what the title says."""

    header_rows: tuple[int, ...]
    headers: list[HeaderCell]
    title_lines: list[str] = field(default_factory=list)
    year: int | None = None
    town: str | None = None
    unit: str | None = None

    @property
    def data_starts_after(self) -> int:
        return self.header_rows[-1]


def _texts(values: Sequence[object]) -> list[str]:
    return [cell_text(v) for v in values]


def _score(cells: Sequence[HeaderCell]) -> int:
    return len({key for c in cells if (key := c.guess()) is not None})


def _looks_like_data(values: Sequence[object]) -> bool:
    numbers = sum(
        1
        for v in values
        if isinstance(v, int | float | date | datetime) and not isinstance(v, bool)
    )
    return numbers >= 2


def _single(row: Row) -> list[HeaderCell]:
    return [HeaderCell(i, t) for i, t in enumerate(_texts(row[1]))]


def _combined(parent: Row, child: Row, merges: Sequence[Merge]) -> list[HeaderCell]:
    top, low = _texts(parent[1]), _texts(child[1])
    width = max(len(top), len(low))
    top += [""] * (width - len(top))
    low += [""] * (width - len(low))
    filled = list(top)
    parent_index = parent[0] - 1
    spans = [(c0, c1) for (r0, c0), (r1, c1) in merges if r0 <= parent_index <= r1 and c1 > c0]
    if spans:
        for c0, c1 in spans:
            for col in range(c0, min(c1, width - 1) + 1):
                filled[col] = top[c0]
    else:
        # No merge information (.ods, .csv): a group header sits above its first sub-header
        # and the cells to its right are blank while their sub-headers are not.
        group = ""
        for col in range(width):
            if top[col]:
                group = top[col] if low[col] else ""
            elif group and low[col]:
                filled[col] = group
            else:
                group = ""
    cells = []
    for col in range(width):
        child_text = low[col]
        parent_text = filled[col]
        if not child_text:
            child_text, parent_text = parent_text, ""
        cells.append(HeaderCell(col, child_text, parent_text))
    return cells


def find_layout(rows: Sequence[Row], merges: Sequence[Merge] = ()) -> Layout | None:
    """The header among the first rows of a sheet, or None when no row reads as a header."""
    best: tuple[int, int] | None = None  # (score, position in rows)
    for pos, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = _score(_single(row))
        if score >= MIN_HEADER_FIELDS and (best is None or score > best[0]):
            best = (score, pos)
    if best is None:
        return None
    score, pos = best
    header_rows: tuple[int, ...] = (rows[pos][0],)
    headers = _single(rows[pos])
    for parent_pos, child_pos in ((pos - 1, pos), (pos, pos + 1)):
        if parent_pos < 0 or child_pos >= len(rows):
            continue
        parent, child = rows[parent_pos], rows[child_pos]
        if child[0] != parent[0] + 1 or _looks_like_data(child[1]):
            continue
        cells = _combined(parent, child, merges)
        combined_score = _score(cells)
        if combined_score > score:
            score, headers, header_rows = combined_score, cells, (parent[0], child[0])
    first = header_rows[0]
    title = [
        " ".join(t for t in _texts(r[1]) if t) for r in rows if r[0] < first and any(_texts(r[1]))
    ]
    layout = Layout(header_rows=header_rows, headers=headers, title_lines=title)
    text = " ".join(title)
    if match := _YEAR_RE.search(_compact(text)):
        layout.year = int(match.group(1))
    layout.town = find_town_name(text) if text else None
    for line in title:
        if "单位" in line and (unit := unit_in(line)):
            layout.unit = unit
    return layout


class RowKind(StrEnum):
    BLANK = "blank"
    SECTION = "section"
    SUBTOTAL = "subtotal"
    NOTE = "note"
    HEADER = "header"
    DATA = "data"


def filled_cells(values: Sequence[object]) -> list[object]:
    return [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]


def classify(values: Sequence[object], header_words: frozenset[str]) -> tuple[RowKind, str]:
    """What a row below the header is; the text is the section's title for SECTION rows.

    Runs once per line of a file that may have a million: only the first few cells are
    turned into text.
    """
    filled = filled_cells(values)
    if not filled:
        return RowKind.BLANK, ""
    texts = [cell_text(v) for v in filled[:3]]
    first = _compact(texts[0])
    if len(filled) <= 3 and (_NOTE_RE.match(first) or first.startswith(_NOTE_STARTS)):
        return RowKind.NOTE, ""
    for text in texts:
        word = _compact(text)
        if word.startswith(_TOTAL_STARTS) or word.endswith(_TOTAL_WORDS):
            return RowKind.SUBTOTAL, ""
    if len(filled) <= 2:
        joined = "".join(_compact(t) for t in texts)
        if _SECTION_RE.match(joined) or (len(filled) == 1 and find_town_name(joined) == joined):
            return RowKind.SECTION, joined
    if header_words and normalize_header(texts[0]) in header_words:
        # A header repeated on every printed page of the source.
        words = [normalize_header(cell_text(v)) for v in filled]
        if sum(1 for w in words if w in header_words) * 2 > len(words):
            return RowKind.HEADER, ""
    return RowKind.DATA, ""
