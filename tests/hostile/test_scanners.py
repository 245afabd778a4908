"""The checks the reader relies on, tried on generated input: the worksheet scan finds the
true reach of any sheet however it is cut into chunks (or says it cannot), and a cell's
text made safe for a workbook is always storable and never changed without a sentence."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import python_calamine as calamine
from hypothesis import given, settings
from hypothesis import strategies as st

from cixi_desktop.reports.excel.extent import Extent, column_letters, column_number
from cixi_desktop.reports.excel.safety import MAX_CELL_CHARS, REPLACEMENT, safe_text


def _load(name: str) -> ModuleType:
    qualified = f"hostile_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


files = _load("hostile_files")

# XML 1.0's Char production, complemented: what no worksheet can carry.
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

cells = st.lists(
    st.tuples(st.integers(1, 1_100_000), st.integers(1, 17_000)), min_size=1, max_size=30
)


def _sheet(
    refs: list[tuple[int, int]], ordered: bool, lower: bool, zeros: int, drop_ref: int | None
) -> bytes:
    rows: dict[int, list[int]] = {}
    for row, column in refs:
        rows.setdefault(row, []).append(column)
    order = sorted(rows) if ordered else list(rows)
    out = ['<?xml version="1.0"?>\n<worksheet xmlns="main"><sheetData>']
    for n, row in enumerate(order):
        out.append(f'<row r="{row}">')
        for i, column in enumerate(sorted(set(rows[row])) if ordered else rows[row]):
            letters = column_letters(column)
            ref = f"{letters.lower() if lower else letters}{'0' * zeros}{row}"
            attrs = "" if (n, i) == (drop_ref, 0) else f' r="{ref}"'
            out.append(f'<c{attrs} t="n"><v>{i}</v></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out).encode()


def _scan(xml: bytes, chunk: int) -> Extent:
    extent = Extent()
    for start in range(0, len(xml), chunk):
        extent.feed(xml[start : start + chunk])
    extent.finish()
    return extent


@settings(max_examples=300)
@given(cells, st.integers(1, 300), st.booleans(), st.booleans(), st.integers(0, 2))
def test_the_scan_finds_the_true_reach_in_any_chunking(
    refs: list[tuple[int, int]], chunk: int, ordered: bool, lower: bool, zeros: int
) -> None:
    extent = _scan(_sheet(refs, ordered, lower, zeros, None), chunk)
    assert not extent.irregular
    rows, columns = max(r for r, _c in refs), max(c for _r, c in refs)
    # Columns are exact; rows are exact only beyond Excel's limit (what the refusal needs):
    # below it, a row under the rounded-up bound may go unread, but the grid bound holds it.
    assert extent.columns == columns
    assert extent.rows <= rows
    assert rows * columns <= extent.cells <= 1.1 * rows * columns + columns


@given(cells, st.integers(1, 300), st.data())
def test_a_cell_without_its_reference_makes_the_sheet_irregular(
    refs: list[tuple[int, int]], chunk: int, data: st.DataObject
) -> None:
    rows = len({r for r, _c in refs})
    drop = data.draw(st.integers(0, rows - 1))
    assert _scan(_sheet(refs, True, False, 0, drop), chunk).irregular


@given(st.lists(st.tuples(st.integers(1, 60), st.integers(1, 40)), min_size=1, max_size=20))
def test_the_scan_agrees_with_calamine(
    tmp_path_factory: pytest.TempPathFactory, refs: list[tuple[int, int]]
) -> None:
    xml = _sheet(refs, True, False, 0, None).replace(b'"main"', f'"{files.MAIN_NS}"'.encode())
    path = files.write_xlsx(tmp_path_factory.mktemp("agree") / "s.xlsx", [xml])
    sheet = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    extent = _scan(xml, 64)
    assert (extent.rows - 1, extent.columns - 1) == sheet.end


@given(cells, st.integers(1, 300), st.sampled_from([' r="XFD1048576"', " r = 'A9'", '\tr="B2"']))
def test_a_second_reference_in_a_tag_makes_the_sheet_irregular(
    refs: list[tuple[int, int]], chunk: int, second: str
) -> None:
    """calamine takes the last r="…" of a tag: a scan of the first alone would be fooled."""
    xml = _sheet(refs, True, False, 0, None).replace(b' t="n">', f' t="n"{second}>'.encode(), 1)
    assert _scan(xml, chunk).irregular


@given(st.integers(1, 20_000))
def test_column_letters_round_trip(number: int) -> None:
    assert column_number(column_letters(number)) == number
    assert column_number(column_letters(number).lower()) == number


@given(
    st.one_of(st.text(), st.text("\x00\x01\x0b\ufffe\uffff=+-@\t\r 慈🏭"), st.just("🏭" * 20_000))
)
def test_safe_text_is_always_storable_and_says_what_it_changed(text: str) -> None:
    safe = safe_text(text)
    assert not XML_ILLEGAL.search(safe.text)
    assert len(safe.text) + sum(ord(c) > 0xFFFF for c in safe.text) <= MAX_CELL_CHARS
    assert bool(safe.problems) == (safe.text != text)
    if not safe.problems:
        assert safe.text == text
    elif XML_ILLEGAL.search(text):
        assert REPLACEMENT in safe.text


VALID_XLS = files.ole_file(
    {"Workbook": files.biff_workbook([(0, 0, 1.0), (2, 3, 2.0)])}
)  # fmt: skip


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, len(VALID_XLS) - 1), st.integers(0, 255)), max_size=12))
def test_a_damaged_xls_is_read_or_refused_in_a_sentence(
    tmp_path_factory: pytest.TempPathFactory, flips: list[tuple[int, int]]
) -> None:
    from cixi_desktop.reports.excel.reader import SourceError, read_sheet

    data = bytearray(VALID_XLS)
    for at, value in flips:
        data[at] = value
    path = tmp_path_factory.mktemp("damaged") / "台账.xls"
    path.write_bytes(bytes(data))
    try:
        rows = list(read_sheet(path).rows())
    except SourceError as exc:
        assert "\n" not in str(exc) and path.name in str(exc)
    else:
        assert len(rows) <= 65_536
