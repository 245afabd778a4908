"""Copying ledger rows to the clipboard as tab-separated text (pastes into Excel/WPS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from cixi_desktop.ui.ledger import columns
from cixi_desktop.ui.ledger.model import LedgerModel

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database

MAX_COPY_ROWS = 5000


class TooManyRows(Exception):
    def __init__(self, rows: int) -> None:
        super().__init__(rows)
        self.rows = rows


def _cell(text: str) -> str:
    # A tab or line break inside a cell would split it in the spreadsheet.
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def rows_as_tsv(
    db: Database, model: LedgerModel, rows: list[int], visible_columns: list[int]
) -> str:
    """Header plus ``rows`` (in the given order) over ``visible_columns``, as shown.

    Rows whose page is not loaded yet are read here (at most ``MAX_COPY_ROWS``).
    """
    from cixi_desktop.store import queries

    if len(rows) > MAX_COPY_ROWS:
        raise TooManyRows(len(rows))
    wanted = [model.project_id(r) for r in rows]
    loaded = {r: model.row_data(r) for r in rows}
    missing = [pid for r, pid in zip(rows, wanted, strict=True) if loaded[r] is None and pid]
    fetched = {row["id"]: row for row in queries.rows_for_ids(db, missing)} if missing else {}
    chosen = [columns.COLUMNS[c] for c in visible_columns]
    lines = ["\t".join(_cell(columns.header_text(c)) for c in chosen)]
    for r, pid in zip(rows, wanted, strict=True):
        data = loaded[r] or fetched.get(pid)
        if data is None:
            continue
        lines.append("\t".join(_cell(columns.cell_text(c, data.get(c.key))) for c in chosen))
    return "\n".join(lines) + "\n"


def too_many_message(rows: int) -> str:
    return (
        QCoreApplication.translate(
            "LedgerCopy", "选中了 %1 行，一次最多复制 %2 行；更多的行请用导出。"
        )
        .replace("%1", f"{rows:,}")
        .replace("%2", f"{MAX_COPY_ROWS:,}")
    )
