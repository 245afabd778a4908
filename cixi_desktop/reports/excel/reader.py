"""Raw rows from whatever towns send: .xlsx/.xlsm/.xls/.ods (python-calamine, fast, also
WPS files) and .csv (UTF-8 with or without BOM, or GB18030, as saved by Excel on Chinese
Windows).

The file is judged by its content, not its name, and checked before the reader touches
it (source_checks.py): a renamed non-spreadsheet, a password, a zip or XML bomb, a sheet
beyond Excel's grid gets one sentence (:class:`SourceError`) instead of a hang, a memory
blow-up, an aborted process or a traceback; a legal sheet too sparse for calamine's dense
grid is read row by row.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as calamine

from cixi_desktop.reports.excel.safety import MAX_SHEET_ROWS
from cixi_desktop.reports.excel.source_checks import (
    MAX_GRID_CELLS,
    SourceError,
    check_ole,
    check_zip,
    not_a_spreadsheet,
    said,
    too_many_rows,
)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})

MAX_CSV_BYTES = 500 * 1024**2
# Above this a worksheet is read row by row (flat memory) instead of whole (fast).
STREAM_ABOVE = 200 * 1024**2
_SNIFF = 64 * 1024
_CHUNK = 1024 * 1024

Cell = Any  # str | int | float | bool | date | datetime | time | timedelta


@dataclass
class RawSheet:
    """One sheet: its rows (1-based row numbers as the spreadsheet shows them, columns from
    A) and its merged ranges (0-based, inclusive)."""

    name: str
    sheet_names: list[str]
    row_count: int = 0  # the last row number; for progress
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    _rows: Iterator[tuple[int, list[Cell]]] | None = None

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        if self._rows is None:
            raise RuntimeError("rows can be read once")
        rows, self._rows = self._rows, None
        return rows


# --- sniffing and safety checks -------------------------------------------------------


def _kind(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF)
    except FileNotFoundError:
        raise SourceError(f"找不到文件 {path}") from None
    except IsADirectoryError:
        raise SourceError(f"{path} 是文件夹，不是表格文件") from None
    except OSError as exc:
        raise SourceError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    if not head:
        raise SourceError(f"文件 {path.name} 是空的")
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "csv"
    raise SourceError(not_a_spreadsheet(path, head))


# --- spreadsheets ---------------------------------------------------------------------


def _calamine_error(path: Path, exc: Exception) -> SourceError:
    if isinstance(exc, calamine.PasswordError):
        return SourceError(f"{path.name} 设置了密码，请先在 Excel/WPS 中取消密码后再导入")
    if isinstance(exc, calamine.XmlError):
        return SourceError(f"{path.name} 的内容无法解析（文件可能已损坏）：{said(exc)}")
    return SourceError(f"{path.name} 无法作为表格读取（文件可能已损坏或格式不受支持）：{said(exc)}")


def _open_book(path: Path) -> Any:
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors, and ValueError for unknown formats
        raise _calamine_error(path, exc) from None


def sheet_names(path: str | Path) -> list[str]:
    path = Path(path)
    kind = _kind(path)
    if kind == "csv":
        return [path.stem]
    _prepare(path, kind)
    book = _open_book(path)
    try:
        return _visible_names(book)
    finally:
        book.close()


def _visible_names(book: Any) -> list[str]:
    names = [
        m.name
        for m in book.sheets_metadata
        if m.visible == calamine.SheetVisibleEnum.Visible
        and m.typ == calamine.SheetTypeEnum.WorkSheet
    ]
    return names or list(book.sheet_names)


def _prepare(path: Path, kind: str) -> bool:
    """Check the file; whether its sheets must be read row by row (.xlsx only)."""
    if kind == "zip":
        facts = check_zip(path)
        return (
            facts.irregular
            or facts.largest_sheet > STREAM_ABOVE
            or facts.largest_grid > MAX_GRID_CELLS
        )
    if kind == "ole":
        check_ole(path)
    return False


def _sheet_rows(path: Path, sheet: Any, first_column: int) -> Iterator[tuple[int, list[Cell]]]:
    # calamine starts at the sheet's row 1 but at the first used column: pad, so that column
    # indexes match the merged ranges and the letters the user sees.
    pad = [""] * first_column
    try:
        for index, row in enumerate(sheet.iter_rows(), 1):
            yield index, pad + row if pad else row
    except Exception as exc:
        raise _calamine_error(path, exc) from None


def read_sheet(path: str | Path, sheet: str | None = None) -> RawSheet:
    """The rows of ``sheet`` (by name; default the first visible sheet)."""
    path = Path(path)
    kind = _kind(path)
    if kind == "csv":
        return _read_csv(path)
    if _prepare(path, kind):
        return _read_streamed(path, sheet)
    book = _open_book(path)
    names = _visible_names(book)
    if sheet is None:
        if not names:
            raise SourceError(f"{path.name} 中没有工作表")
        sheet = names[0]
    elif sheet not in book.sheet_names:
        raise SourceError(f"{path.name} 中没有名为“{sheet}”的工作表；有：{'、'.join(names)}")
    try:
        data = book.get_sheet_by_name(sheet)
    except Exception as exc:
        raise _calamine_error(path, exc) from None
    start = data.start
    first_column = start[1] if start else 0
    end = data.end
    if end and end[0] + 1 > MAX_SHEET_ROWS:
        raise too_many_rows(path, sheet, end[0] + 1)
    return RawSheet(
        name=sheet,
        sheet_names=names,
        row_count=end[0] + 1 if end else 0,
        merged=list(data.merged_cell_ranges or []),
        _rows=_sheet_rows(path, data, first_column),
    )


def _read_streamed(path: Path, sheet: str | None) -> RawSheet:
    """A very large .xlsx sheet row by row (openpyxl read-only: slower, memory flat), where
    calamine would hold the whole sheet in memory. Merged ranges are not known this way;
    the header finder then infers groups from blank cells, as for .ods and .csv."""
    from openpyxl import load_workbook

    # Opened here, and closed here: openpyxl leaves a file it opened itself open when a
    # damaged sheet makes it fail.
    source = path.open("rb")
    try:
        book = load_workbook(source, read_only=True, data_only=True)
        names = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
        name = sheet or (names[0] if names else None)
        if name is None or name not in book.sheetnames:
            raise SourceError(f"{path.name} 中没有名为“{sheet}”的工作表；有：{'、'.join(names)}")
        ws = book[name]
        ws.reset_dimensions()  # a wrong stored size must not cut the sheet short
    except SourceError:
        source.close()
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        source.close()
        raise SourceError(f"{path.name} 无法作为表格读取（文件可能已损坏）：{said(exc)}") from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for index, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
                if index > MAX_SHEET_ROWS:
                    # Only a sheet the scan could not measure gets here (see extent.py).
                    raise too_many_rows(path, name, index)
                yield index, ["" if v is None else v for v in row]
        except SourceError:
            raise
        except Exception as exc:
            raise SourceError(
                f"{path.name} 读取到中途出错（文件可能已损坏）：{said(exc)}"
            ) from None
        finally:
            book.close()
            source.close()

    return RawSheet(name=name, sheet_names=names, row_count=0, _rows=rows())


# --- CSV ------------------------------------------------------------------------------


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        sample = fh.read(_SNIFF)
    if b"\x00" in sample:
        raise SourceError(f"{path.name} 不是文本格式的 CSV 文件")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _read_csv(path: Path) -> RawSheet:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise SourceError(f"{path.name} 超过 {MAX_CSV_BYTES // 1024**2} MB，请拆分后导入")
    encoding = _csv_encoding(path)
    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(_SNIFF)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        with path.open("r", encoding=encoding, newline="") as fh:
            try:
                for index, row in enumerate(csv.reader(fh, dialect), 1):
                    yield index, list(row)
            except UnicodeDecodeError:
                raise SourceError(
                    f"{path.name} 的文字编码无法识别（既不是 UTF-8 也不是 GB18030），"
                    "请在 Excel 中另存为“CSV UTF-8”后再导入"
                ) from None
            except csv.Error as exc:
                raise SourceError(f"{path.name} 不是有效的 CSV 文件：{said(exc)}") from None

    return RawSheet(
        name=path.stem, sheet_names=[path.stem], row_count=_count_lines(path), _rows=rows()
    )


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            count += chunk.count(b"\n")
    return count + 1


def describe_formats() -> str:
    return "Excel（.xlsx .xlsm .xls）、WPS（.et）、LibreOffice（.ods）或 CSV 文件"


__all__ = ["RawSheet", "SourceError", "read_sheet", "sheet_names"]
