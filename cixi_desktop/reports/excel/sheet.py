"""One table on a streaming (write-only) sheet: title, scope note, header, rows, 合计.

Every sheet of the export is written by :class:`TableSheet`, so every sheet gets the same
safety (text never becomes a formula, long text and control characters are reported), the
same print settings and, past Excel's row limit, continuation sheets with the same header.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties

from cixi_desktop.reports.excel import styles
from cixi_desktop.reports.excel.fast_cells import StyledCell, stream
from cixi_desktop.reports.excel.safety import (
    MAX_SHEET_ROWS,
    WarningLog,
    looks_like_formula,
    rows_per_sheet,
    safe_text,
)

TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
HEADER_ROWS = 3
MAX_TITLE_CHARS = 31  # Excel's limit on a sheet name
PAPER_A4 = "9"  # ECMA-376 paper size code


@dataclass(frozen=True)
class Col:
    label: str
    kind: str  # text | code | amount | rate | percent | ratio | int | date | flag
    width: int = 12


def _width(col: Col) -> float:
    """Wide enough for the column's own data and for its header on two lines."""
    header = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in col.label)
    return max(col.width, (header + 1) // 2 + 3) + 2


def _escape(text: str) -> str:
    """Page header/footer text: "&" starts a code there (&P is the page number)."""
    return text.replace("&", "&&")


def _flag(value: object) -> str:
    return "是" if value else "否"


class TableSheet:
    """Appends rows of plain values; cells are styled per column, text made safe."""

    def __init__(
        self,
        workbook: Workbook,
        name: str,
        title: str,
        note: str,
        columns: Sequence[Col],
        warnings: WarningLog,
        *,
        frozen_columns: int = 1,
        row_limit: int = MAX_SHEET_ROWS,
    ) -> None:
        self.workbook = workbook
        self.name = name
        self.title = title
        self.note = note
        self.columns = tuple(columns)
        self.warnings = warnings
        self.frozen_columns = frozen_columns
        self.capacity = rows_per_sheet(row_limit, HEADER_ROWS)
        self.sheets: list[Any] = []
        self._rows_on_sheet = 0
        self._ws: Any = None
        self._body: list[StyledCell] = []
        self._quoted: list[StyledCell] = []
        self._dates: dict[int, StyledCell] = {}

    # --- sheets -----------------------------------------------------------------------

    def _sheet_name(self) -> str:
        number = len(self.sheets) + 1
        if number == 1:
            return self.name[:MAX_TITLE_CHARS]
        suffix = f"（续{number - 1}）"
        return self.name[: MAX_TITLE_CHARS - len(suffix)] + suffix

    def _start_sheet(self) -> None:
        if self._ws is not None:
            self._finish_sheet()
        ws = self.workbook.create_sheet(self._sheet_name())
        ws_title = self.title if not self.sheets else f"{self.title}（续）"
        stream(ws)
        self._ws = ws
        self.sheets.append(ws)
        self._rows_on_sheet = 0
        last = get_column_letter(len(self.columns))
        # Everything written before the first row: openpyxl streams the sheet top-down.
        for index, col in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = _width(col)
        ws.freeze_panes = f"{get_column_letter(self.frozen_columns + 1)}{HEADER_ROWS + 1}"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = PAPER_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        # Body cells carry no borders (an empty cell is not written at all, which keeps a
        # large ledger fast); printed grid lines draw the table instead.
        ws.print_options.gridLines = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        # On paper the title and scope go to the page header and footer of every page; the
        # printed area is the table itself, drawn by grid lines.
        ws.oddHeader.center.text = _escape(ws_title)
        ws.oddHeader.center.size = 14
        ws.oddHeader.center.font = f"{styles.FONT_NAME},Bold"
        ws.oddFooter.left.text = _escape(self.note)
        ws.oddFooter.left.size = 9
        ws.oddFooter.right.text = "第 &P 页，共 &N 页"
        ws.oddFooter.right.size = 9
        ws.row_dimensions[HEADER_ROW].height = styles.HEADER_HEIGHT
        if len(self.columns) > 1:
            ws.merged_cells.add(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
            ws.merged_cells.add(f"A{NOTE_ROW}:{last}{NOTE_ROW}")

        title = styles.styled(ws, "text", "title")
        title.value = ws_title
        ws.append([title])
        note = styles.styled(ws, "text", "note")
        note.value = self.note
        ws.append([note])
        header = []
        for col in self.columns:
            cell = styles.styled(ws, "text", "header")
            cell.value = col.label
            header.append(cell)
        ws.append(header)
        self._dates: dict[int, StyledCell] = {}
        self._body = [styles.styled(ws, c.kind, "body") for c in self.columns]
        self._quoted = [styles.styled(ws, c.kind, "body", quote=True) for c in self.columns]

    def _finish_sheet(self) -> None:
        last_row = HEADER_ROWS + self._rows_on_sheet
        last_col = get_column_letter(len(self.columns))
        self._ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
        # Explicit, so text overflowing an empty neighbour never widens the printed page.
        self._ws.print_area = f"A{HEADER_ROW}:{last_col}{last_row + 1}"

    # --- rows -------------------------------------------------------------------------

    def _cell(self, index: int, value: object, row: int, proto: StyledCell) -> StyledCell | None:
        """The cell to write for ``value`` in column ``index``; None for an empty one."""
        if value is None or value == "":
            return None
        col = self.columns[index]
        if col.kind == "flag":
            value = _flag(value)
        if isinstance(value, str):
            safe = safe_text(value)
            for problem in safe.problems:
                self.warnings.add(f"{self._ws.title} 第 {row} 行“{col.label}”", problem)
            cell = self._quoted[index] if looks_like_formula(safe.text) else proto
            # Never a formula, never an error code: what the user typed stays text.
            return cell.put(safe.text, "s")
        if isinstance(value, bool):
            return proto.put(value, "b")
        if isinstance(value, int | float | Decimal):
            return proto.put(value, "n")
        if isinstance(value, date):
            if col.kind != "date":
                # A date in a text column (a report gives cells back as read) still reads
                # as a date.
                if index not in self._dates:
                    self._dates[index] = styles.styled(self._ws, "date", "body")
                proto = self._dates[index]
            return proto.put(value, "d")
        raise TypeError(f"cannot write {type(value).__name__} to a cell")

    def append(self, values: Sequence[object]) -> None:
        if self._ws is None or self._rows_on_sheet >= self.capacity:
            self._start_sheet()
        row = HEADER_ROWS + self._rows_on_sheet + 1
        body = self._body
        self._ws.append([self._cell(i, v, row, body[i]) for i, v in enumerate(values)])
        self._rows_on_sheet += 1

    def total(self, values: Sequence[object]) -> None:
        """The 合计 row, in the total style (on a new sheet only if the last one is full)."""
        if self._ws is None or self._rows_on_sheet >= self.capacity:
            self._start_sheet()
        protos = [styles.styled(self._ws, c.kind, "total") for c in self.columns]
        row = HEADER_ROWS + self._rows_on_sheet + 1
        # Empty cells of the total row are written too: its fill runs the full width.
        cells = [
            self._cell(i, value, row, protos[i]) or protos[i].put(None, "n")
            for i, value in enumerate(values)
        ]
        # The auto filter covers the data only: sorting must never move the 合计 row.
        self._finish_sheet()
        self._ws.append(cells)
        self._rows_on_sheet += 1
        self._ws = None

    def close(self) -> None:
        if self._ws is None and not self.sheets:
            self._start_sheet()
        if self._ws is not None:
            self._finish_sheet()
            self._ws = None


def abandon(wb: Workbook) -> None:
    """Close the sheets of a workbook that will not be saved and delete their temporary
    files (openpyxl streams each sheet to one); left open, they fail when collected."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()
