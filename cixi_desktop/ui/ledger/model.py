"""The ledger as a Qt table model that never holds a whole table.

For the current filter and sort it keeps only the ordered project ids (16 bytes a
row, read in one SQL query on a background thread, first rows shown as soon as
they arrive) and reads full rows a page (200) at a time for the rows the view
paints, keeping a few pages. Filtering and sorting run in SQL. Every read runs
off the GUI thread; a result for a filter the user has already typed past is
stopped or thrown away (generation counter).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.idlist import DEFAULT_SORT, ID_BYTES, Cancelled, IdList
from cixi_desktop.store.scope import EVERYTHING, Scope
from cixi_desktop.ui.attach import attached
from cixi_desktop.ui.events import events
from cixi_desktop.ui.ledger import columns
from cixi_desktop.ui.ledger.worker import Dropped, JobContext, Lane

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database

PAGE_SIZE = 200
# At most this long (seconds) the rest of a read waits for its first page to be painted.
FIRST_PAINT_WAIT = 0.5
MAX_PAGES = 12
# A refresh after an edit re-reads at most this many of the pages in view, in one go.
REFRESH_PAGES = 3
PROJECT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value (Decimal, date…), for copying
REFRESHED_ENTITIES = frozenset({"project", "enterprise", "service_provider", "reference", "*"})

Index = QModelIndex | QPersistentModelIndex
Row = dict[str, Any]


class LedgerModel(QAbstractTableModel):
    """Rows of ``store.columns.LEDGER_COLUMNS`` for a scope, sorted by one column then code."""

    loading_changed = Signal(bool)
    """True while the ids of the current filter are still being read."""
    shown = Signal()
    """The first rows of a new filter or sort are in the model (or nothing matched): what
    can wait for the first page (the status-bar totals) starts now."""
    loaded = Signal()
    """Every id of the current filter and sort is in; ``rowCount`` is final."""
    failed = Signal(str)
    """A read failed; the sentence says what happened."""

    def __init__(self, db: Database | None, parent: QObject | None = None) -> None:
        """Without ``db`` the model has its columns and no rows until ``attach``."""
        super().__init__(parent)
        self._db = db
        self._scope: Scope = EVERYTHING
        self._sort_key = DEFAULT_SORT
        self._descending = False
        self._ids = IdList()
        self._pages: OrderedDict[int, list[Row | None]] = OrderedDict()
        self._pending_pages: set[int] = set()
        # The generation asked for last, in a plain list: the worker thread reads it to
        # stop a superseded query, without touching this QObject from that thread.
        self._latest = [0]
        self._shown = 0  # generation whose ids the model holds
        self._first_painted = threading.Event()  # the current read's first page is on screen
        self._loading = False
        self._active = False
        self._colors: dict[str, QColor] = {}
        self._dots: dict[str, QIcon] = {}
        self._ids_lane = Lane("ledger-ids", self, max_waiting=1)
        self._page_lane = Lane("ledger-pages", self, max_waiting=4)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(50)
        self._refresh_timer.timeout.connect(self.refresh)
        events().changed.connect(self._on_data_changed)
        self._listening = True
        if db is not None:
            self._read_colors()

    def attach(self, db: Database) -> None:
        """The database is open: the next ``set_scope`` reads from it."""
        self._db = db
        self._read_colors()

    @property
    def db(self) -> Database:
        return attached(self._db, "the ledger model")

    def _read_colors(self) -> None:
        from cixi_desktop.store import queries

        self._colors = {n: QColor(c) for n, c in queries.status_colors(self.db).items()}
        self._dots.clear()

    # --- what is shown ------------------------------------------------------------

    @property
    def scope(self) -> Scope:
        return self._scope

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    def is_loading(self) -> bool:
        return self._loading

    def set_scope(self, scope: Scope) -> bool:
        """Show the projects of ``scope`` (read in the background); the first call starts
        reading, so a sort set while the window is being built costs nothing. False when
        ``scope`` is already shown (nothing is read, ``shown`` is not emitted)."""
        if scope == self._scope and self._active:
            return False
        self._scope = scope
        self._active = True
        self._load(progressive=True)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(columns.COLUMNS):
            return
        key = columns.COLUMNS[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        if self._active:
            self._load(progressive=True)

    def refresh(self) -> None:
        """Re-read the current filter after a change, keeping the scroll position."""
        if self._active:
            self._load(progressive=False)

    def project_id(self, row: int) -> uuid.UUID | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, project_id: uuid.UUID) -> int | None:
        return self._ids.index(project_id)

    def row_data(self, row: int) -> Row | None:
        """The row's values if its page is loaded (it is requested otherwise)."""
        number, offset = divmod(row, PAGE_SIZE)
        page = self._page(number)
        if page is None:
            return None
        if offset >= len(page):  # read before more ids arrived at the end: read it again
            del self._pages[number]
            self._request_page(number)
            return None
        return page[offset]

    def close(self) -> None:
        """Stop background reads; call before the database is closed."""
        self._refresh_timer.stop()
        if self._listening:
            self._listening = False
            events().changed.disconnect(self._on_data_changed)
        self._latest[0] += 1  # stops a running SQLite query at its next progress check
        self._first_painted.set()
        self._ids_lane.close()
        self._page_lane.close()

    # --- Qt model interface -------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(columns.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(columns.COLUMNS):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return columns.header_text(columns.COLUMNS[section])
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == PROJECT_ID_ROLE:
            return self._ids[index.row()]
        column = columns.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(columns.alignment(column).value)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
            VALUE_ROLE,
        ):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        value = row.get(column.key)
        if role == VALUE_ROLE:
            return value
        if column.key == "status" and role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            return self._status_colour(str(value or ""), role)
        if role == Qt.ItemDataRole.DisplayRole:
            return columns.cell_text(column, value)
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == "text":
            text = columns.cell_text(column, value)
            return text if len(text) > column.width // 2 else None
        return None

    def _status_colour(self, status: str, role: int) -> QColor | QIcon | None:
        colour = self._colors.get(status)
        if colour is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = QColor(colour)
            tint.setAlpha(28)
            return tint
        if role == Qt.ItemDataRole.DecorationRole:
            if status not in self._dots:
                self._dots[status] = _dot(colour)
            return self._dots[status]
        return colour

    # --- reading ids ----------------------------------------------------------------

    def _load(self, *, progressive: bool) -> None:
        self._first_painted.set()  # a read still waiting for its first page: go on, to stop
        from cixi_desktop.store import queries

        db = self.db
        self._latest[0] += 1
        generation = self._latest[0]
        latest = self._latest
        scope, key, descending = self._scope, self._sort_key, self._descending
        keep = list(reversed(self._pages))[:REFRESH_PAGES] if not progressive else []

        def superseded() -> bool:
            return generation != latest[0]

        painted = threading.Event()
        self._first_painted = painted

        def read(ctx: JobContext) -> tuple[IdList, dict[int, list[Row]]]:
            ids = IdList()
            # The first page travels with the first ids (no empty rows flash by), read by
            # a query that stops at one page; every other id follows in chunks.
            parts = queries.iter_ledger_order(
                db, scope, key, descending, ctx.cancelled, page=PAGE_SIZE if progressive else 0
            )
            for part in parts:
                if part.restart:
                    ids = IdList()
                ids.extend(part.ids)
                if progressive:
                    ctx.report((part.ids, part.rows, part.restart))
                    if part.restart:
                        # First page first: the rest is read once that page is on screen
                        # (reading it at once would take turns with the painting thread).
                        painted.wait(FIRST_PAINT_WAIT)
            pages = {
                p: queries.rows_for_ids(db, ids.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE))
                for p in keep
            }
            return ids, pages

        self._set_loading(True)
        self._ids_lane.submit(
            "ids",
            read,
            on_progress=lambda part: self._ids_arrived(generation, *part),
            on_done=lambda result: self._ids_done(generation, progressive, *result),
            on_error=lambda exc: self._ids_failed(generation, exc),
            cancelled=superseded,
            urgent=True,
        )

    def _ids_arrived(self, generation: int, chunk: bytes, first: list[Row], is_first: bool) -> None:
        if generation != self._latest[0]:
            self._first_painted.set()  # nobody will look at it: read on (and stop soon)
            return
        if is_first:
            self.beginResetModel()
            self._ids = IdList(chunk)
            self._pages.clear()
            self._pending_pages.clear()
            self._shown = generation
            self._store_page(0, first)
            self.endResetModel()
            # Queued behind the repaint this reset asked for: runs once the page is shown.
            QTimer.singleShot(0, self, lambda: self._first_page_painted(generation))
            return
        start = len(self._ids)
        self.beginInsertRows(QModelIndex(), start, start + len(chunk) // ID_BYTES - 1)
        self._ids.extend(chunk)
        self.endInsertRows()

    def _first_page_painted(self, generation: int) -> None:
        self._first_painted.set()
        if generation == self._latest[0]:
            self.shown.emit()

    def _ids_done(
        self, generation: int, progressive: bool, ids: IdList, pages: dict[int, list[Row]]
    ) -> None:
        if generation != self._latest[0]:
            return
        if progressive:
            if self._shown != generation:  # nothing matched: no chunk ever arrived
                self.beginResetModel()
                self._ids = IdList()
                self._pages.clear()
                self._pending_pages.clear()
                self._shown = generation
                self.endResetModel()
                self.shown.emit()
        else:
            self._swap_in(generation, ids, pages)
        self._set_loading(False)
        self.loaded.emit()

    def _swap_in(self, generation: int, ids: IdList, pages: dict[int, list[Row]]) -> None:
        """Replace the ids in place (rows added or removed at the end), keeping the view."""
        old, new = len(self._ids), len(ids)
        if new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
        elif new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
        self._ids = ids
        self._shown = generation
        self._pages.clear()
        self._pending_pages.clear()
        for number, rows in pages.items():
            self._store_page(number, rows)
        if new > old:
            self.endInsertRows()
        elif new < old:
            self.endRemoveRows()
        if new:
            last = self.index(new - 1, len(columns.COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _ids_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._latest[0] or isinstance(exc, Dropped | Cancelled):
            return
        self._set_loading(False)
        self._report(exc)

    def _report(self, exc: BaseException) -> None:
        if isinstance(exc, EnvironmentProblem):
            self.failed.emit(str(exc))
            return
        raise exc  # a bug: the crash dialog shows it

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # --- reading pages ----------------------------------------------------------------

    def _page(self, number: int) -> list[Row | None] | None:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        self._request_page(number)
        return None

    def _request_page(self, number: int) -> None:
        if number in self._pending_pages or self._page_lane.stopping:
            return
        ids = self._ids.slice(number * PAGE_SIZE, (number + 1) * PAGE_SIZE)
        if not ids:
            return
        self._pending_pages.add(number)
        from cixi_desktop.store import queries

        generation, db = self._shown, self.db
        self._page_lane.submit(
            ("page", number),
            lambda ctx: queries.rows_for_ids(db, ids),
            on_done=lambda rows: self._page_arrived(generation, number, rows),
            on_error=lambda exc: self._page_failed(generation, number, exc),
        )

    def _page_arrived(self, generation: int, number: int, rows: list[Row]) -> None:
        if generation != self._shown:
            return
        self._pending_pages.discard(number)
        self._store_page(number, rows)
        first = number * PAGE_SIZE
        last = min(first + PAGE_SIZE, len(self._ids)) - 1
        if last >= first:
            right = len(columns.COLUMNS) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, right))

    def _page_failed(self, generation: int, number: int, exc: BaseException) -> None:
        if generation != self._shown:
            return
        self._pending_pages.discard(number)
        if not isinstance(exc, Dropped | Cancelled):
            self._report(exc)

    def _store_page(self, number: int, rows: list[Row]) -> None:
        """Keep a page, aligned with the ids (a row deleted meanwhile stays empty)."""
        by_id = {row["id"]: row for row in rows}
        ids = self._ids.slice(number * PAGE_SIZE, (number + 1) * PAGE_SIZE)
        self._pages[number] = [by_id.get(i) for i in ids]
        self._pages.move_to_end(number)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    # --- changes elsewhere ---------------------------------------------------------

    def _on_data_changed(self, entity: str, ids: list[object]) -> None:
        if self._db is None:  # nothing read yet: nothing to re-read
            return
        if entity in ("reference", "*"):  # a status colour may have been edited
            self._read_colors()
        if entity in REFRESHED_ENTITIES:
            self._refresh_timer.start()


def _dot(colour: QColor, size: int = 10) -> QIcon:
    """A small round swatch for the status cell (the text says the status, too)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(0, 0, size, size)
    painter.end()
    return QIcon(pixmap)
