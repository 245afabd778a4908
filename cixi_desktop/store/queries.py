"""Read queries behind the window's ledger and filter pickers (no Qt here).

The window's ledger keeps only the ids of the rows in scope, in display order
(``ordered_ids``: one narrow query, 16 bytes a row), and reads full rows for the
pages the user looks at (``rows_for_ids``). Measured on SQLite, one sorted id
query costs about what a COUNT costs, while ``LIMIT … OFFSET`` on a sorted
result re-sorts for every page (a page in the middle of 200,000 rows: ~1 s).
``count_projects`` / ``project_page`` page by position for smaller callers.

Long queries take a ``cancelled`` callable: on SQLite a progress handler stops
the statement as soon as it returns True (the user typed on), raising
``Cancelled``.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import BigInteger, Engine, Select, String, event, func, select, type_coerce
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from cixi_desktop.store.columns import COLUMN_KEYS
from cixi_desktop.store.database import Database, describe_db_error
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.idlist import (
    DEFAULT_SORT,
    ID_BYTES,
    Cancelled,
    IdList,
)
from cixi_desktop.store.ledger import ledger_select, paid_subquery, providers_for
from cixi_desktop.store.models import (
    Category,
    Cluster,
    Enterprise,
    Project,
    ProjectProvider,
    ServiceProvider,
    StatusRow,
    Town,
)
from cixi_desktop.store.summaries import (
    EVERYTHING,
    KeywordPlan,
    Scope,
    _scoped,  # the one definition of what a scope selects
    use_search_index,
)
from cixi_desktop.store.types import from_scaled

# SQLite calls the progress handler every this many virtual-machine steps (~1 ms).
_PROGRESS_STEPS = 20_000


def _id_bytes(value: Any) -> bytes:
    if isinstance(value, uuid.UUID):  # PostgreSQL drivers hand back UUID objects
        return value.bytes
    return bytes.fromhex(str(value).replace("-", ""))


@contextmanager
def _as_environment_problem(db: Database) -> Iterator[None]:
    """A locked, missing or damaged database becomes a sentence for the window."""
    try:
        yield
    except DBAPIError as exc:
        raise EnvironmentProblem(describe_db_error(exc, db.display_name)) from exc


# One flag per engine: set, it stops every statement running on that database (SQLite),
# e.g. a long total still being computed when the window closes.
_interrupts: WeakKeyDictionary[Engine, threading.Event] = WeakKeyDictionary()


def _interrupt_flag(db: Database) -> threading.Event:
    flag = _interrupts.get(db.engine)
    if flag is None:
        flag = _interrupts[db.engine] = threading.Event()
        if db.is_sqlite:

            def arm(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
                dbapi_connection.set_progress_handler(
                    lambda: 1 if flag.is_set() else 0, _PROGRESS_STEPS
                )

            event.listen(db.engine, "checkout", arm)
    return flag


def enable_interrupt(db: Database) -> None:
    """Make statements on ``db`` stoppable by ``interrupted`` (from the next checkout on)."""
    _interrupt_flag(db)


@contextmanager
def interrupted(db: Database) -> Iterator[None]:
    """While the block runs, statements on ``db`` stop at once (they raise); then reads
    work again. For closing a window without waiting for a long read to finish."""
    flag = _interrupt_flag(db)
    flag.set()
    try:
        yield
    finally:
        flag.clear()


@contextmanager
def _cancellable(
    db: Database, session: Session, cancelled: Callable[[], bool] | None
) -> Iterator[None]:
    if cancelled is None:
        yield
        return
    if cancelled():
        raise Cancelled
    flag = _interrupt_flag(db)
    raw = session.connection().connection.dbapi_connection if db.is_sqlite else None
    if raw is not None:
        raw.set_progress_handler(lambda: 1 if cancelled() or flag.is_set() else 0, _PROGRESS_STEPS)
    try:
        yield
    except OperationalError as exc:
        if cancelled() or flag.is_set():
            raise Cancelled from exc
        raise
    finally:
        if raw is not None:
            raw.set_progress_handler(lambda: 1 if flag.is_set() else 0, _PROGRESS_STEPS)
    if cancelled():
        raise Cancelled


def _providers_sort_key() -> Any:
    return (
        select(func.min(ServiceProvider.name))
        .join(ProjectProvider, ProjectProvider.provider_id == ServiceProvider.id)
        .where(ProjectProvider.project_id == Project.id)
        .correlate(Project)
        .scalar_subquery()
    )


_ENTERPRISE_SORTS = frozenset(
    {"enterprise_name", "uscc", "above_scale", "contact", "phone", "town", "cluster"}
)


def _scoped_ids(
    scope: Scope,
    sort_key: str,
    search: bool = False,
    keyword_plan: KeywordPlan | None = None,
) -> Select[Any]:
    """``SELECT project.id`` over the scope, joining the enterprise only when needed.

    The join is on a non-null foreign key, so leaving it out changes no result; it
    halves the time of a full scan. ``summaries`` stays the one definition of the
    filter (and of when a keyword starts from the search index).
    """
    stmt = select(Project.id).select_from(Project)
    if sort_key in _ENTERPRISE_SORTS:
        stmt = stmt.join(Enterprise, Enterprise.id == Project.enterprise_id)
    return _scoped(stmt, scope, search=search, keyword_plan=keyword_plan)


def _sort_expression(key: str) -> tuple[Any, list[tuple[Any, Any]]]:
    """The SQL a column sorts by, and the outer joins it needs.

    Towns, clusters, categories and statuses sort in their official order (the
    ``sort`` of the reference table), which is what staff expect, not by code point.
    """
    if key == "town":
        return Town.sort, [(Town, Town.code == Enterprise.town_code)]
    if key == "cluster":
        return Cluster.sort, [(Cluster, Cluster.code == Enterprise.cluster_code)]
    if key == "category":
        return Category.sort, [(Category, Category.code == Project.category_code)]
    if key == "status":
        return StatusRow.sort, [(StatusRow, StatusRow.name == Project.status)]
    if key == "enterprise_name":
        return Enterprise.name, []
    if key in ("uscc", "above_scale", "contact", "phone"):
        return getattr(Enterprise, key), []
    if key == "subsidy_paid":
        return type_coerce(paid_subquery(), BigInteger), []
    if key == "providers":
        return _providers_sort_key(), []
    if key in COLUMN_KEYS:
        return getattr(Project, key), []
    raise ValueError(f"unknown ledger column: {key}")


def _order_by(sort_key: str, expr: Any, descending: bool, reverse: bool) -> list[Any]:
    """The ledger's order (``reverse``: its exact mirror image): the column, then the code."""
    down = descending != reverse
    # Empty values stay at the end whichever way the user sorts (as in Excel).
    nulls_at_end = not reverse
    primary = expr.desc() if down else expr.asc()
    primary = primary.nulls_last() if nulls_at_end else primary.nulls_first()
    tie = Project.code.desc() if reverse else Project.code.asc()
    return [tie] if sort_key == "code" else [primary, tie]


def _ordered_ids(
    scope: Scope,
    sort_key: str,
    descending: bool,
    reverse: bool,
    search: bool = False,
    keyword_plan: KeywordPlan | None = None,
) -> Select[Any]:
    """Ids in the ledger's order; ``reverse`` gives the exact mirror image of that order."""
    expr, joins = _sort_expression(sort_key)
    stmt = _scoped_ids(scope, sort_key, search, keyword_plan)
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    return stmt.order_by(*_order_by(sort_key, expr, descending, reverse))


def _first_page(
    scope: Scope, sort_key: str, descending: bool, keyword_plan: KeywordPlan | None
) -> Select[Any]:
    """The ledger's rows (``ledger_select``) in the ledger's order, for the first page."""
    expr, joins = _sort_expression(sort_key)
    stmt = ledger_select(scope, keyword_plan=keyword_plan)
    for target, on in joins:
        if target not in (Town, Cluster, Category):  # ledger_select joins these already
            stmt = stmt.outerjoin(target, on)
    return stmt.order_by(*_order_by(sort_key, expr, descending, False))


SEARCH_FEW = 2_000
"""At most this many candidate projects: collecting and sorting them all is the quickest
way to the first page."""
FIRST_TRY_SECONDS = 0.05
"""How long (CPU time of the reading thread) the first page of a keyword is looked for by
simply walking the rows in order, before a plan that pays a fixed cost up front takes
over: a common word fills a page within a few hundred rows."""


def _bulk_plan(db: Database, scope: Scope) -> KeywordPlan | None:
    """How a keyword is matched when every id in scope is read."""
    if not scope.keyword.strip():
        return None
    return "index" if use_search_index(db, scope) else "sets"


class _FirstTry:
    """The user's ``cancelled``, plus a budget of CPU time for a first attempt (checked by
    the progress handler on the thread that runs the statement)."""

    def __init__(self, cancelled: Callable[[], bool] | None, seconds: float) -> None:
        self._cancelled = cancelled
        self._seconds = seconds
        self._checks = 0
        self._until = 0.0
        self.spent = False

    def __call__(self) -> bool:
        if self._cancelled is not None and self._cancelled():
            return True
        # The first call is the check before the statement is even compiled; the clock
        # starts with the second, the first progress check of the running statement.
        self._checks += 1
        now = time.thread_time()
        if self._checks <= 2:
            self._until = now + self._seconds
        self.spent = self.spent or now > self._until
        return self.spent


def _first_rows(
    db: Database,
    scope: Scope,
    sort_key: str,
    descending: bool,
    cancelled: Callable[[], bool] | None,
    page: int,
) -> list[Any]:
    """The first ``page`` ledger rows in order, by the quickest plan for this keyword.

    Few candidates in the search index: collect and sort them; a few thousand: walk the
    rows in order testing each against the candidate sets. Otherwise (a common word, or
    one the index cannot narrow down) walk the rows in order testing each through its
    enterprise, which fills a page at once when matches are common; when that has not
    filled the page after a moment (on SQLite, where a statement can be stopped), the
    matches are rare: walk again testing each row against the matching enterprises, read
    once.
    """
    plan: KeywordPlan | None = None
    if scope.keyword.strip():
        if use_search_index(db, scope, SEARCH_FEW):
            plan = "index"
        elif use_search_index(db, scope):
            plan = "index_walk"
        else:
            plan = "sets"
            if db.is_sqlite:
                first_try = _FirstTry(cancelled, FIRST_TRY_SECONDS)
                try:
                    return _run_first_page(db, scope, sort_key, descending, "join", first_try, page)
                except Cancelled:
                    if not first_try.spent or (cancelled is not None and cancelled()):
                        raise
    return _run_first_page(db, scope, sort_key, descending, plan, cancelled, page)


def _run_first_page(
    db: Database,
    scope: Scope,
    sort_key: str,
    descending: bool,
    plan: KeywordPlan | None,
    cancelled: Callable[[], bool] | None,
    page: int,
) -> list[Any]:
    stmt = _first_page(scope, sort_key, descending, plan).limit(page)
    with _as_environment_problem(db), db.read() as s, _cancellable(db, s, cancelled):
        return list(s.execute(stmt).all())


def iter_ordered_ids(
    db: Database,
    scope: Scope,
    sort_key: str = DEFAULT_SORT,
    descending: bool = False,
    cancelled: Callable[[], bool] | None = None,
    *,
    first: int = 200,
    chunk: int = 50_000,
) -> Iterator[bytes]:
    """Every project id in scope in the ledger's order, packed, a chunk at a time.

    The first chunk is small, so a window can show the first rows while a long
    result is still being read.
    """
    with _as_environment_problem(db):
        search = use_search_index(db, scope)
        bulk = _bulk_plan(db, scope)
    yield from _stream_ids(db, scope, sort_key, descending, cancelled, search, bulk, first, chunk)


def _stream_ids(
    db: Database,
    scope: Scope,
    sort_key: str,
    descending: bool,
    cancelled: Callable[[], bool] | None,
    search: bool,
    keyword_plan: KeywordPlan | None,
    first: int,
    chunk: int,
) -> Iterator[bytes]:
    stmt = _ordered_ids(scope, sort_key, descending, False, search, keyword_plan)
    # A plain text column (no UUID processing) read straight off the driver's cursor:
    # SQLAlchemy compiles and binds, but building a Row per id would triple the time.
    stmt = stmt.with_only_columns(type_coerce(Project.id, String))
    with _as_environment_problem(db), db.read() as s, _cancellable(db, s, cancelled):
        cursor = s.connection().execute(stmt).cursor
        size = first or chunk
        while True:
            rows = cursor.fetchmany(size)
            if not rows:
                return
            yield b"".join(_id_bytes(r[0]) for r in rows)
            size = chunk


@dataclass(frozen=True)
class LedgerPart:
    """A part of the ledger as the window reads it (:func:`iter_ledger_order`)."""

    ids: bytes  # packed, in order, following the previous part's (or starting over)
    rows: list[dict[str, Any]]  # the full rows of the first page, with a restart
    restart: bool = False  # these ids start the list (the first part, or after a change)


def iter_ledger_order(
    db: Database,
    scope: Scope,
    sort_key: str = DEFAULT_SORT,
    descending: bool = False,
    cancelled: Callable[[], bool] | None = None,
    *,
    page: int = 200,
    chunk: int = 50_000,
) -> Iterator[LedgerPart]:
    """The ledger in display order, first page first.

    The first part is one query that reads the first ``page`` full rows and stops, planned
    for the quickest first page (:func:`_first_rows`). Then every id in order, a chunk at
    a time, planned for the quickest whole read; its first ``page`` ids are the first
    part's (when the data changed in between, a part that starts again says ``restart``).
    ``page=0``: the ids only.
    """
    shown = b""
    if page > 0:
        found = _first_rows(db, scope, sort_key, descending, cancelled, page)
        with _as_environment_problem(db):
            rows = _row_dicts(db, found)
        shown = b"".join(_id_bytes(r["id"]) for r in rows)
        yield LedgerPart(shown, rows, restart=True)
        if len(rows) < page:
            return  # that was all of it
    with _as_environment_problem(db):
        search = use_search_index(db, scope)
        bulk = _bulk_plan(db, scope)
    parts = _stream_ids(
        db, scope, sort_key, descending, cancelled, search, bulk, len(shown) // ID_BYTES, chunk
    )
    if page > 0:
        head = next(parts, b"")
        if head != shown:  # changed in between: start the list again from this read
            yield LedgerPart(head, rows_for_ids(db, IdList(head).slice(0, page)), restart=True)
    for part in parts:
        yield LedgerPart(part, [], restart=False)


def ordered_ids(
    db: Database,
    scope: Scope,
    sort_key: str = DEFAULT_SORT,
    descending: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> IdList:
    """Every project id in scope, in the ledger's order (sort column, then code)."""
    ids = IdList()
    for part in iter_ordered_ids(db, scope, sort_key, descending, cancelled):
        ids.extend(part)
    return ids


def count_projects(db: Database, scope: Scope = EVERYTHING) -> int:
    """How many ledger rows the scope holds."""
    stmt = _scoped_ids(scope, DEFAULT_SORT, use_search_index(db, scope)).subquery()
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(stmt)) or 0)


def project_ids(
    db: Database,
    scope: Scope,
    sort_key: str,
    descending: bool,
    offset: int,
    limit: int,
    total: int | None = None,
) -> list[uuid.UUID]:
    """The ids of rows ``offset`` … ``offset + limit - 1`` in the ledger's order.

    With ``total`` known, a page in the second half is read from the far end
    (mirrored order, smaller OFFSET), so jumping to the last row is as quick as
    the first.
    """
    if limit <= 0 or offset < 0:
        return []
    reverse = total is not None and offset > total // 2
    search = use_search_index(db, scope)
    with db.read() as s:
        if reverse:
            assert total is not None
            end = min(offset + limit, total)
            if end <= offset:
                return []
            stmt = _ordered_ids(scope, sort_key, descending, True, search)
            ids = list(s.scalars(stmt.offset(total - end).limit(end - offset)))
            ids.reverse()
            return ids
        stmt = _ordered_ids(scope, sort_key, descending, False, search)
        return list(s.scalars(stmt.offset(offset).limit(limit)))


def rows_for_ids(db: Database, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Full ledger rows (``COLUMN_KEYS`` + ``id``) for ``ids``, in the order given."""
    if not ids:
        return []
    with _as_environment_problem(db):
        with db.read() as s:
            rows = s.execute(ledger_select(EVERYTHING).where(Project.id.in_(ids))).all()
        by_id = {data["id"]: data for data in _row_dicts(db, rows)}
    # A row deleted between the two reads is simply left out.
    return [by_id[i] for i in ids if i in by_id]


def _row_dicts(db: Database, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """``ledger_select`` rows as dicts, with the subsidy paid and the providers filled in."""
    providers = providers_for(db, [row.id for row in rows])
    out = []
    for row in rows:
        data = dict(row._mapping)
        data["subsidy_paid"] = from_scaled(data["subsidy_paid"])
        data["providers"] = providers.get(data["id"], "")
        out.append(data)
    return out


def project_page(
    db: Database,
    scope: Scope,
    sort_key: str = DEFAULT_SORT,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    total: int | None = None,
) -> list[dict[str, Any]]:
    """One page of the ledger, sorted by ``sort_key`` then project code, as dicts."""
    return rows_for_ids(db, project_ids(db, scope, sort_key, descending, offset, limit, total))


def status_colors(db: Database) -> dict[str, str]:
    """Status name → display colour ("#RRGGBB"), in workflow order."""
    with _as_environment_problem(db), db.read() as s:
        rows = s.execute(select(StatusRow.name, StatusRow.color).order_by(StatusRow.sort))
        return {name: color for name, color in rows}


@dataclass(frozen=True)
class ReferenceChoices:
    """What the filter pickers offer, each list in the order staff know it."""

    towns: tuple[tuple[str, str], ...]  # (code, name)
    clusters: tuple[tuple[str, str], ...]
    categories: tuple[tuple[str, str], ...]
    statuses: tuple[tuple[str, str], ...]  # (name, colour)
    providers: tuple[tuple[uuid.UUID, str], ...]
    years: tuple[int, ...]


def reference_choices(db: Database) -> ReferenceChoices:
    with _as_environment_problem(db), db.read() as s:
        towns = s.execute(select(Town.code, Town.name).order_by(Town.sort, Town.code)).all()
        clusters = s.execute(
            select(Cluster.code, Cluster.name).order_by(Cluster.sort, Cluster.code)
        ).all()
        categories = s.execute(
            select(Category.code, Category.name).order_by(Category.sort, Category.code)
        ).all()
        statuses = s.execute(select(StatusRow.name, StatusRow.color).order_by(StatusRow.sort)).all()
        providers = s.execute(
            select(ServiceProvider.id, ServiceProvider.name)
            .where(ServiceProvider.deleted_at.is_(None))
            .order_by(ServiceProvider.name)
        ).all()
        # One index seek per year (not a walk over every row's year): a picker may offer
        # the year of a deleted project, but never has to visit every row to find them.
        years: list[int] = []
        while True:
            stmt = select(func.min(Project.plan_year))
            if years:
                stmt = stmt.where(Project.plan_year > years[-1])
            year = s.scalar(stmt)
            if year is None:
                break
            years.append(int(year))
    return ReferenceChoices(
        towns=tuple((c, n) for c, n in towns),
        clusters=tuple((c, n) for c, n in clusters),
        categories=tuple((c, n) for c, n in categories),
        statuses=tuple((n, c) for n, c in statuses),
        providers=tuple((i, n) for i, n in providers),
        years=tuple(int(y) for y in years),
    )
