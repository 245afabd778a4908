"""Two shortcuts through openpyxl's streaming writer that keep styled cells as cheap as
plain ones (measured: 2–3× faster on a styled ledger).

- A cell's style id is looked up in the workbook's style table on every write; a column's
  cell keeps one style for the whole export, so :class:`StyledCell` remembers the id.
- ``WriteOnlyWorksheet.append`` recognises a ready-made cell only by first failing to use
  it as a value, building an error message with the cell's repr each time; ``stream``
  replaces that conversion on a sheet with one that checks the type instead.

``StyledCell.put`` also skips openpyxl's guessing of the value's type, which the caller
has already settled. All of this touches openpyxl internals (3.1): ``tests/unit/reports/test_excel_export.py`` reads
every format and style back, so a change there fails loudly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell


class StyledCell(Cell):
    """A reusable cell whose style is fixed once :meth:`freeze` has been called."""

    __slots__ = ("_frozen_id",)

    def freeze(self) -> StyledCell:
        self._frozen_id = Cell.style_id.fget(self)  # type: ignore[attr-defined]
        return self

    def put(self, value: object, data_type: str) -> StyledCell:
        """Set a value already checked by the caller (text made safe, numbers finite),
        skipping openpyxl's type inference — which would also make "=…" a formula."""
        self._value = value
        self.data_type = data_type
        return self

    @property
    def style_id(self) -> int:  # type: ignore[override]
        return self._frozen_id

    @property
    def has_style(self) -> bool:  # type: ignore[override]
        return True


def stream(ws: Any) -> None:
    """Make ``ws.append`` take ready-made cells without the exception round trip."""
    plain = WriteOnlyCell(ws)

    def values_to_row(values: Iterable[object], row_idx: int) -> Iterator[Cell]:
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            cell = value if isinstance(value, Cell) else plain
            if cell is plain:
                cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    convert: Callable[..., Iterator[Cell]] = values_to_row
    ws._values_to_row = convert
