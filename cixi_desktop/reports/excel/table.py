"""A sheet opened for import: where its header is, how its columns map, and its lines
below the header, each marked as data or as what it is instead (section, 小计, note…)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from cixi_desktop.reports.excel.header import (
    HEADER_SCAN_ROWS,
    Layout,
    Row,
    RowKind,
    cell_text,
    classify,
    filled_cells,
    find_layout,
    find_town_name,
)
from cixi_desktop.reports.excel.mapping import ColumnMapping, auto_mapping, normalize_header
from cixi_desktop.reports.excel.reader import SourceError, read_sheet

SAMPLE_ROWS = 3


@dataclass
class Line:
    row: int
    kind: RowKind
    values: list[object]
    town: str | None = None  # the town of the section this line is in, if a section named one


@dataclass
class Table:
    path: Path
    sheet: str
    sheet_names: list[str]
    layout: Layout
    mapping: ColumnMapping
    row_count: int
    _head: list[Row] = field(default_factory=list, repr=False)
    _rest: Iterator[Row] | None = field(default=None, repr=False)

    def samples(self) -> dict[int, list[str]]:
        """A few values per column from the first data lines, for the mapping screen."""
        out: dict[int, list[str]] = {}
        after = self.layout.data_starts_after
        words = self._header_words()
        for row, values in self._head:
            if row <= after or classify(values, words)[0] is not RowKind.DATA:
                continue
            for index, value in enumerate(values):
                text = cell_text(value)
                if text and len(out.setdefault(index, [])) < SAMPLE_ROWS:
                    out[index].append(text[:40])
        return out

    def _header_words(self) -> frozenset[str]:
        return frozenset(normalize_header(h.child) for h in self.layout.headers if h.child)

    def lines(self) -> Iterator[Line]:
        """Every line below the header (once); after a note, only data lines can follow."""
        if self._rest is None:
            raise RuntimeError("a table's lines can be read once")
        rest, self._rest = self._rest, None
        after = self.layout.data_starts_after
        words = self._header_words()
        town: str | None = None
        in_notes = False
        for row, values in chain(self._head, rest):
            if row <= after:
                continue
            kind, section = classify(values, words)
            if kind is RowKind.SECTION:
                town = find_town_name(section) or town
            elif kind is RowKind.NOTE:
                in_notes = True
            elif kind is RowKind.DATA and in_notes and len(filled_cells(values)) <= 2:
                kind = RowKind.NOTE
            yield Line(row, kind, values, town)


def open_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read the sheet's first rows, find its header and guess the mapping."""
    path = Path(path)
    raw = read_sheet(path, sheet)
    rows = raw.rows()
    head: list[Row] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    layout = find_layout(head, raw.merged)
    if layout is None:
        raise SourceError(
            f"在“{raw.name}”的前 {HEADER_SCAN_ROWS} 行中找不到表头"
            "（应至少有“企业名称”“项目名称”“总投资”等中的两列）"
        )
    return Table(
        path=path,
        sheet=raw.name,
        sheet_names=raw.sheet_names,
        layout=layout,
        mapping=auto_mapping(layout.headers, layout.unit),
        row_count=raw.row_count,
        _head=head,
        _rest=rows,
    )
