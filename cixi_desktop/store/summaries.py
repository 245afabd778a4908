"""Every figure superiors ask for, computed with SQL aggregates in one place.

The dashboard, the workbook, the PDF briefing and ``summary --json`` all read
these functions, so the same number reads the same everywhere. Amounts are
summed as integers (see ``types.FixedDecimal``) and come back as exact Decimals.

Definitions (also in docs/architecture.md):
- scope: projects not deleted, plan year within the years asked, enterprise in the town asked;
- completed: status in ``COMPLETED_STATUSES`` (竣工 and every status after it);
- investment and subsidy figures leave out terminated (终止) projects;
- completion rate: enterprises with a completed project ÷ planned enterprises of the annual plan;
- 规上 coverage: 规上 enterprises (规上 by the end of the last year in scope) that have a
  project completed on or before 31 December of that year, ÷ all such enterprises;
- leverage: enterprise investment ÷ approved subsidy.

Speed at province scale (1,000,000 projects; docs/benchmarks.md): each figure is one pass
over the covering indexes of migration 0004, the enterprise table is joined only when the
scope or the grouping needs it, totals that are sums of their groups are added up instead
of read again, and keywords of three characters or more are narrowed down through the
trigram search tables before the LIKE that defines a match.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal
from weakref import WeakKeyDictionary

from sqlalchemy import (
    BigInteger,
    Engine,
    Select,
    String,
    and_,
    case,
    column,
    distinct,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    type_coerce,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression
from sqlalchemy.sql.operators import custom_op

from cixi_desktop.domain.text import normalize_code
from cixi_desktop.domain.workflow import COMPLETED_STATUSES, Status
from cixi_desktop.store import memo
from cixi_desktop.store.database import Database
from cixi_desktop.store.memo import remember
from cixi_desktop.store.models import (
    AnnualPlan,
    Category,
    Cluster,
    Enterprise,
    FormerName,
    Project,
    ProjectProvider,
    ServiceProvider,
    SubsidyPayment,
    Town,
)
from cixi_desktop.store.scope import EVERYTHING, Scope
from cixi_desktop.store.types import from_scaled, sum_scaled

RATE_PLACES = Decimal("0.0001")
AMOUNT_PLACES = Decimal("0.01")
_DONE = [str(s) for s in COMPLETED_STATUSES]
_ACCEPTED = [str(Status.ACCEPTED), str(Status.PAID)]
_TERMINATED = str(Status.TERMINATED)


def ratio(
    numerator: Decimal | int, denominator: Decimal | int, places: Decimal = RATE_PLACES
) -> Decimal | None:
    """numerator ÷ denominator rounded half-up, or None when undefined."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(places, rounding=ROUND_HALF_UP)


def _live_amount(column: Any) -> Any:
    """SUM(column) over projects that were not terminated, as scaled integers."""
    return sum_scaled(
        case((Project.status != _TERMINATED, type_coerce(column, BigInteger)), else_=0)
    )


KeywordPlan = Literal["sets", "join", "index", "index_walk"]
"""How a keyword's matches are found (the same projects every way; only the speed differs):

- ``sets``: the enterprises whose name, USCC or former name matches are collected once,
  then each project is tested against that set and its own name and code: no per-row
  join, the quickest way through many rows (and the only one on PostgreSQL);
- ``join``: each project is tested through its joined enterprise row: the quickest way to
  the first rows in order when matches are common (they come after a few rows);
- ``index``: the trigram search tables name the candidate projects, which are then tested
  as in ``join``: for keywords that match few projects;
- ``index_walk``: the candidates tested while walking the projects in display order:
  the first rows of a keyword that matches a few thousand projects, without first
  collecting and sorting every candidate.
"""
_JOINED_PLANS = frozenset({"join", "index", "index_walk"})


def _project_filter(
    scope: Scope, *, search: bool = False, keyword_plan: KeywordPlan | None = None
) -> list[ColumnElement[bool]]:
    """The scope as conditions on Project (and Enterprise, when the scope is about it).

    ``search`` starts a keyword from the trigram search tables (see :func:`use_search_index`);
    ``keyword_plan`` chooses among the ways of :data:`KeywordPlan` (by default ``index``
    with ``search``, else ``sets``). What matches is the same LIKE whichever way is used.
    """
    conds: list[ColumnElement[bool]] = [Project.deleted_at.is_(None)]
    if scope.year_from is not None and scope.year_from == scope.year_to:
        # One year as an equality: the (plan_year, deleted_at, enterprise_id, …) index then
        # hands the rows over in enterprise order, and per-enterprise sums need no sort.
        conds.append(Project.plan_year == scope.year_from)
    else:
        if scope.year_from is not None:
            conds.append(Project.plan_year >= scope.year_from)
        if scope.year_to is not None:
            conds.append(Project.plan_year <= scope.year_to)
    if scope.town_code is not None:
        conds.append(Enterprise.town_code == scope.town_code)
    if scope.cluster_code is not None:
        conds.append(Enterprise.cluster_code == scope.cluster_code)
    if scope.status is not None:
        conds.append(Project.status == scope.status)
    if scope.category_code is not None:
        conds.append(Project.category_code == scope.category_code)
    if scope.above_scale_only:
        conds.append(Enterprise.above_scale.is_(True))
    if scope.provider_id is not None:
        conds.append(
            exists()
            .where(
                ProjectProvider.project_id == Project.id,
                ProjectProvider.provider_id == scope.provider_id,
            )
            # Only Project comes from outside: queries that join project_provider
            # themselves (headline's provider count) must not swallow this FROM.
            .correlate(Project)
        )
    keyword = scope.keyword.strip()
    if keyword:
        plan = _keyword_plan(keyword, search, keyword_plan)
        if plan == "sets":
            conds.append(_keyword_sets(keyword))
        else:
            if plan in ("index", "index_walk"):
                conds.append(_search_candidates(keyword, walk=plan == "index_walk"))
            conds.append(_keyword_condition(keyword))
    return conds


def _keyword_plan(keyword: str, search: bool, wanted: KeywordPlan | None) -> KeywordPlan:
    if wanted in ("index", "index_walk") and not searchable(keyword):
        wanted = None  # too short for trigrams: the index cannot name the candidates
    if wanted is not None:
        return wanted
    return "index" if search and searchable(keyword) else "sets"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _keyword_condition(keyword: str) -> ColumnElement[bool]:
    """Substring match over enterprise name, former names, USCC, project name and code."""
    pattern = f"%{_escape_like(keyword)}%"
    # Normalise before escaping: NFKC turns a full-width ％ or ＿ into a wildcard.
    code_pattern = f"%{_escape_like(normalize_code(keyword))}%"

    def like(column: Any, text: str) -> ColumnElement[bool]:
        return column.like(text, escape="\\")

    return or_(
        like(Enterprise.name, pattern),
        like(Project.name, pattern),
        like(Project.code, code_pattern),
        like(Enterprise.uscc, code_pattern),
        exists().where(FormerName.enterprise_id == Enterprise.id, like(FormerName.name, pattern)),
    )


def _keyword_sets(keyword: str) -> ColumnElement[bool]:
    """:func:`_keyword_condition` without the enterprise row: the enterprises that match are
    a set read once (every project has its enterprise, so the two select the same)."""
    pattern = f"%{_escape_like(keyword)}%"
    code_pattern = f"%{_escape_like(normalize_code(keyword))}%"
    firm = Enterprise.__table__.alias("keyword_firm")
    return or_(
        Project.name.like(pattern, escape="\\"),
        Project.code.like(code_pattern, escape="\\"),
        Project.enterprise_id.in_(
            select(firm.c.id).where(
                or_(
                    firm.c.name.like(pattern, escape="\\"),
                    firm.c.uscc.like(code_pattern, escape="\\"),
                )
            )
        ),
        Project.enterprise_id.in_(
            select(FormerName.enterprise_id).where(FormerName.name.like(pattern, escape="\\"))
        ),
    )


# --- the keyword search index (SQLite FTS5, trigram tokenizer; migration 0004) ----------

SEARCH_MIN_CHARS = 3
"""Trigrams find substrings of three characters or more; shorter keywords use LIKE alone."""
SEARCH_BROAD = 20_000
"""More candidate projects than this: walking the rows in order with LIKE shows the first
page sooner than collecting and sorting the candidates (measured at 1,000,000 projects)."""

_SEARCH_PROJECT = table("search_project", column("project_id"), column("code"), column("name"))
_SEARCH_ENTERPRISE = table(
    "search_enterprise", column("enterprise_id"), column("name"), column("uscc")
)
_SEARCH_OBJECTS = frozenset(
    {
        "search_project",
        "search_enterprise",
        "search_project_insert",
        "search_project_update",
        "search_project_delete",
        "search_enterprise_insert",
        "search_enterprise_update",
        "search_enterprise_delete",
    }
)
_search_ready: WeakKeyDictionary[Engine, bool] = WeakKeyDictionary()


def search_index_ready(db: Database) -> bool:
    """Whether ``db`` has the search tables and the triggers that keep them (a SQLite
    without FTS5 has none; a later table rebuild would drop the triggers: then LIKE)."""
    ready = _search_ready.get(db.engine)
    if ready is None:
        ready = False
        if db.is_sqlite:
            with db.read() as s:
                names = set(
                    s.scalars(
                        select(literal_column("name"))
                        .select_from(table("sqlite_master"))
                        .where(literal_column("name").like("search\\_%", escape="\\"))
                    )
                )
            ready = names >= _SEARCH_OBJECTS
        _search_ready[db.engine] = ready
    return ready


def searchable(keyword: str) -> bool:
    """Long enough for the trigram index, as typed and as a code."""
    return min(len(keyword), len(normalize_code(keyword))) >= SEARCH_MIN_CHARS


def _phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: quoted, inner quotes doubled (no query syntax)."""
    return '"' + text.replace('"', '""') + '"'


def _match(target: Any, query: str) -> ColumnElement[bool]:
    return literal_column(target.name).op("MATCH")(query)


def _project_match(keyword: str) -> ColumnElement[bool]:
    return _match(
        _SEARCH_PROJECT,
        f"name : {_phrase(keyword)} OR code : {_phrase(normalize_code(keyword))}",
    )


def _enterprise_match(keyword: str) -> ColumnElement[bool]:
    return _match(
        _SEARCH_ENTERPRISE,
        f"name : {_phrase(keyword)} OR uscc : {_phrase(normalize_code(keyword))}",
    )


def _search_candidates(keyword: str, *, walk: bool = False) -> ColumnElement[bool]:
    """Projects that may match ``keyword``: a superset of the LIKE, found through indexes.

    ``walk``: the candidate sets are only tested against each project in the order the
    rows are read (SQLite's unary ``+`` keeps the planner from starting from them)."""
    escaped = f"%{_escape_like(keyword)}%"

    def left(column: Any) -> Any:
        if not walk:
            return column
        return UnaryExpression(column, operator=custom_op("+"), type_=column.type)

    return or_(
        left(Project.id).in_(select(_SEARCH_PROJECT.c.project_id).where(_project_match(keyword))),
        left(Project.enterprise_id).in_(
            select(_SEARCH_ENTERPRISE.c.enterprise_id).where(_enterprise_match(keyword))
        ),
        # Former names are few: LIKE over their table is cheap.
        left(Project.enterprise_id).in_(
            select(FormerName.enterprise_id).where(FormerName.name.like(escaped, escape="\\"))
        ),
    )


def search_candidates(db: Database, keyword: str, cap: int) -> int:
    """About how many projects the search index names for ``keyword`` (enterprises count
    five projects each), counted no further than just past ``cap``."""
    with db.read() as s:
        projects = s.scalar(
            select(func.count()).select_from(
                select(literal_column("1"))
                .select_from(_SEARCH_PROJECT)
                .where(_project_match(keyword))
                .limit(cap + 1)
                .subquery()
            )
        )
        if (projects or 0) > cap:
            return cap + 1
        firms = s.scalar(
            select(func.count()).select_from(
                select(literal_column("1"))
                .select_from(_SEARCH_ENTERPRISE)
                .where(_enterprise_match(keyword))
                .limit(cap // 5 + 1)
                .subquery()
            )
        )
    return (projects or 0) + 5 * (firms or 0)


def search_candidates_at_most(db: Database, keyword: str, limit: int) -> bool:
    """Whether the search index narrows ``keyword`` down to about ``limit`` projects or
    fewer (enterprises count five projects each). Reads at most ``limit`` index rows."""
    return search_candidates(db, keyword, limit) <= limit


def use_search_index(db: Database, scope: Scope, limit: int = SEARCH_BROAD) -> bool:
    """Whether reading ``scope`` should start from the search index: a keyword of three
    characters or more that does not match most of the ledger (``limit`` candidates)."""
    keyword = scope.keyword.strip()
    if not (keyword and searchable(keyword) and search_index_ready(db)):
        return False
    # Every figure of a scope asks this again, and the window asks with two limits: one
    # count, remembered while the data stands, answers them all.
    cap = max(limit, SEARCH_BROAD)
    found = remember(
        db, ("search_candidates", keyword, cap), lambda: search_candidates(db, keyword, cap)
    )
    return found <= limit


def scoped_projects(stmt: Select[Any], scope: Scope) -> Select[Any]:
    """Add the scope's joins and conditions to a statement over Project."""
    return stmt.join(Enterprise, Enterprise.id == Project.enterprise_id).where(
        *_project_filter(scope)
    )


def _scoped(
    stmt: Select[Any],
    scope: Scope,
    *,
    search: bool = False,
    keyword_plan: KeywordPlan | None = None,
) -> Select[Any]:
    """Like :func:`scoped_projects`, joining Enterprise only when the statement or the
    scope reads it: the join is on a non-null foreign key, so leaving it out changes no
    figure, and it is most of the cost of a pass over a large ledger."""
    # What the statement reads is looked at before the scope's conditions are added: with a
    # keyword's subqueries in the WHERE clause that look costs more than running a small query.
    enterprise = Enterprise.__table__
    froms = stmt.get_final_froms()
    joined = any(f is not enterprise and f.is_derived_from(enterprise) for f in froms)
    reads = _needs_enterprise(scope, search, keyword_plan) or any(f is enterprise for f in froms)
    stmt = stmt.where(*_project_filter(scope, search=search, keyword_plan=keyword_plan))
    if reads and not joined:
        stmt = stmt.join_from(Project, Enterprise, Enterprise.id == Project.enterprise_id)
    return stmt


def _needs_enterprise(
    scope: Scope, search: bool = False, keyword_plan: KeywordPlan | None = None
) -> bool:
    keyword = scope.keyword.strip()
    return bool(
        scope.town_code
        or scope.cluster_code
        or scope.above_scale_only
        or (keyword and _keyword_plan(keyword, search, keyword_plan) in _JOINED_PLANS)
    )


def _plan_filter(scope: Scope) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [AnnualPlan.deleted_at.is_(None)]
    if scope.year_from is not None:
        conds.append(AnnualPlan.year >= scope.year_from)
    if scope.year_to is not None:
        conds.append(AnnualPlan.year <= scope.year_to)
    if scope.town_code is not None:
        conds.append(AnnualPlan.town_code == scope.town_code)
    return conds


# --- headline -------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    projects: int
    enterprises: int
    planned_enterprises: int
    completed_projects: int
    completed_enterprises: int
    completion_rate: Decimal | None
    total_investment: Decimal
    equipment_investment: Decimal
    subsidy: Decimal
    subsidy_paid: Decimal
    leverage: Decimal | None
    providers: int
    above_scale_enterprises: int
    above_scale_covered: int
    coverage_rate: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


AMOUNT_KEYS = frozenset({"total_investment", "equipment_investment", "subsidy", "subsidy_paid"})


def headline(db: Database, scope: Scope = EVERYTHING) -> Headline:
    groups = _town_cluster_groups(db, scope)
    agg = _sum_groups(list(groups.values()))
    with db.read() as s:
        planned = _planned(s, scope)
    # Every provider with a project in scope has one line in the providers table.
    providers = sum(1 for r in _provider_groups(db, scope) if not r[0])
    above, covered = _coverage(db, scope)
    total, equipment, subsidy = (from_scaled(v) for v in agg[6:9])
    return Headline(
        projects=agg[0],
        enterprises=agg[1],
        planned_enterprises=planned,
        completed_projects=agg[3],
        completed_enterprises=agg[5],
        completion_rate=ratio(agg[5], planned),
        total_investment=total,
        equipment_investment=equipment,
        subsidy=subsidy,
        subsidy_paid=from_scaled(_paid_total(db, scope)),
        leverage=ratio(total, subsidy, AMOUNT_PLACES),
        providers=providers,
        above_scale_enterprises=above,
        above_scale_covered=covered,
        coverage_rate=ratio(covered, above),
    )


def _planned(s: Any, scope: Scope) -> int:
    planned = s.scalar(
        select(func.coalesce(func.sum(AnnualPlan.planned_enterprises), 0)).where(
            *_plan_filter(scope)
        )
    )
    return int(planned or 0)


def _coverage_conditions(scope: Scope) -> tuple[list[ColumnElement[bool]], ColumnElement[bool]]:
    """(which enterprises are 规上 in scope, whether one of them is covered)."""
    last = scope.last_year
    ent: list[ColumnElement[bool]] = [
        Enterprise.deleted_at.is_(None),
        Enterprise.above_scale.is_(True),
    ]
    if scope.town_code is not None:
        ent.append(Enterprise.town_code == scope.town_code)
    if scope.cluster_code is not None:
        ent.append(Enterprise.cluster_code == scope.cluster_code)
    done: list[ColumnElement[bool]] = [
        Project.enterprise_id == Enterprise.id,
        Project.deleted_at.is_(None),
        Project.status.in_(_DONE),
    ]
    if last is not None:
        ent.append(func.coalesce(Enterprise.above_scale_year, 0) <= last)
        done.append(Project.actual_completion_date <= date(last, 12, 31))
    return ent, exists().where(and_(*done))


def _coverage_groups(db: Database, last_year: int | None) -> dict[tuple[str, str], tuple[int, int]]:
    """(规上 enterprises, covered) per (town, cluster), for the scope's last year: one pass
    serves the headline's figure (any town or cluster) and the table by town."""

    def compute() -> dict[tuple[str, str], tuple[int, int]]:
        ent, covered = _coverage_conditions(Scope(year_to=last_year))
        stmt = (
            select(
                Enterprise.town_code,
                Enterprise.cluster_code,
                func.count(Enterprise.id),
                func.count(case((covered, Enterprise.id))),
            )
            .where(*ent)
            .group_by(Enterprise.town_code, Enterprise.cluster_code)
        )
        with db.read() as s:
            return {(r[0], r[1]): (int(r[2]), int(r[3])) for r in s.execute(stmt)}

    return remember(db, ("coverage", last_year), compute)


def _coverage(db: Database, scope: Scope) -> tuple[int, int]:
    above = covered = 0
    for (town, cluster), (n, c) in _coverage_groups(db, scope.last_year).items():
        if scope.town_code in (None, town) and scope.cluster_code in (None, cluster):
            above += n
            covered += c
    return above, covered


# --- breakdowns ----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    """One line of a breakdown table; ``key`` is the group's code, ``name`` its label."""

    key: str
    name: str
    projects: int = 0
    enterprises: int = 0
    planned_enterprises: int = 0
    started_projects: int = 0
    completed_projects: int = 0
    accepted_projects: int = 0
    completed_enterprises: int = 0
    total_investment: Decimal = Decimal("0.00")
    equipment_investment: Decimal = Decimal("0.00")
    subsidy: Decimal = Decimal("0.00")
    completion_rate: Decimal | None = None
    share: Decimal | None = None  # of the total investment in scope


@dataclass(frozen=True)
class Breakdown:
    title: str
    rows: tuple[GroupRow, ...]
    total: GroupRow
    extra: dict[str, Any] = field(default_factory=dict)


def _group_columns() -> list[Any]:
    # count() rather than count(project.id): the id is never null, and leaving it out lets
    # SQLite answer from the covering index without reading the rows.
    done = Project.status.in_(_DONE)
    return [
        func.count(),
        func.count(distinct(Project.enterprise_id)),
        func.count(Project.actual_start_date),
        func.count(case((done, 1))),
        func.count(case((Project.status.in_(_ACCEPTED), 1))),
        func.count(distinct(case((done, Project.enterprise_id)))),
        _live_amount(Project.total_investment),
        _live_amount(Project.equipment_investment),
        _live_amount(func.coalesce(type_coerce(Project.approved_subsidy, BigInteger), 0)),
    ]


_ZERO = (0,) * 9


def _sum_groups(aggs: Sequence[Sequence[Any]]) -> tuple[int, ...]:
    """The total of groups that split the enterprises (town, cluster): every column adds
    up, enterprise counts included, since each enterprise is in exactly one group."""
    width = max((len(a) for a in aggs), default=len(_ZERO))
    return tuple(sum(int(a[i] or 0) for a in aggs) for i in range(width))


def _per_firm(db: Database, scope: Scope) -> Any:
    """What per-enterprise sums group by. With a keyword (on SQLite) the unary ``+`` keeps
    the planner from walking the whole enterprise index to avoid a sort, which would read
    every project row for the few that match; the matches are sorted instead."""
    if db.is_sqlite and scope.keyword.strip():
        return UnaryExpression(
            Project.enterprise_id, operator=custom_op("+"), type_=Project.enterprise_id.type
        )
    return Project.enterprise_id


def _town_cluster_groups(db: Database, scope: Scope) -> dict[tuple[str, str], tuple[int, ...]]:
    """The group columns per (town, cluster) of the enterprises.

    Projects are first added up per enterprise, so the enterprise table is looked up
    once per enterprise rather than once per project, and "how many enterprises" is a
    count of those sums rather than a DISTINCT over text ids. The headline, the towns,
    the clusters and the fiscal figures of a scope all come from this one pass (the
    subsidy paid, a look-up per project, from :func:`_paid_by_town`).
    """

    def compute() -> dict[tuple[str, str], tuple[int, ...]]:
        search = use_search_index(db, scope)
        done = Project.status.in_(_DONE)
        per_firm = (
            _scoped(
                select(
                    Project.enterprise_id.label("firm"),
                    func.count().label("projects"),
                    func.count(Project.actual_start_date).label("started"),
                    func.count(case((done, 1))).label("done"),
                    func.count(case((Project.status.in_(_ACCEPTED), 1))).label("accepted"),
                    _live_amount(Project.total_investment).label("investment"),
                    _live_amount(Project.equipment_investment).label("equipment"),
                    _live_amount(
                        func.coalesce(type_coerce(Project.approved_subsidy, BigInteger), 0)
                    ).label("subsidy"),
                ).select_from(Project),
                scope,
                search=search,
            )
            .group_by(_per_firm(db, scope))
            .subquery()
        )
        c = per_firm.c

        def total(col: Any) -> Any:
            return func.coalesce(func.sum(col), 0)

        stmt = (
            select(
                Enterprise.town_code,
                Enterprise.cluster_code,
                total(c.projects),
                func.count(),
                total(c.started),
                total(c.done),
                total(c.accepted),
                func.count(case((c.done > 0, 1))),
                total(c.investment),
                total(c.equipment),
                total(c.subsidy),
            )
            .select_from(per_firm)
            .join(Enterprise, Enterprise.id == c.firm)
            .group_by(Enterprise.town_code, Enterprise.cluster_code)
        )
        with db.read() as s:
            return {(r[0], r[1]): tuple(int(v) for v in r[2:]) for r in s.execute(stmt)}

    return remember(db, ("town_cluster", scope), compute)


def _paid_subquery() -> Any:
    return type_coerce(
        select(sum_scaled(SubsidyPayment.amount))
        .where(SubsidyPayment.project_id == Project.id, SubsidyPayment.deleted_at.is_(None))
        .correlate(Project)
        .scalar_subquery(),
        BigInteger,
    )


def _paid_total(db: Database, scope: Scope) -> int:
    """The subsidy paid to the projects in scope (scaled): a look-up of each project's
    payments, which is why it is not part of the pass that every other total shares."""

    def compute() -> int:
        stmt = _scoped(
            select(func.coalesce(func.sum(_paid_subquery()), 0)).select_from(Project),
            scope,
            search=use_search_index(db, scope),
        )
        with db.read() as s:
            return int(s.scalar(stmt) or 0)

    return remember(db, ("paid", scope), compute)


def _paid_by_town(db: Database, scope: Scope) -> dict[str, int]:
    """The subsidy paid (scaled) per town of the enterprises, added up per enterprise first."""

    def compute() -> dict[str, int]:
        per_firm = (
            _scoped(
                select(
                    Project.enterprise_id.label("firm"),
                    func.coalesce(func.sum(_paid_subquery()), 0).label("paid"),
                ).select_from(Project),
                scope,
                search=use_search_index(db, scope),
            )
            .group_by(_per_firm(db, scope))
            .subquery()
        )
        stmt = (
            select(Enterprise.town_code, func.coalesce(func.sum(per_firm.c.paid), 0))
            .select_from(per_firm)
            .join(Enterprise, Enterprise.id == per_firm.c.firm)
            .group_by(Enterprise.town_code)
        )
        with db.read() as s:
            return {r[0]: int(r[1]) for r in s.execute(stmt)}

    return remember(db, ("paid_by_town", scope), compute)


def _groups_by(
    groups: dict[tuple[str, str], tuple[int, ...]], position: int
) -> dict[str, tuple[int, ...]]:
    """Town (position 0) or cluster (1) totals of the (town, cluster) groups."""
    parts: dict[str, list[tuple[int, ...]]] = {}
    for key, values in groups.items():
        parts.setdefault(key[position], []).append(values)
    return {k: _sum_groups(v) for k, v in parts.items()}


def _make_row(key: str, name: str, agg: Sequence[Any], planned: int = 0) -> GroupRow:
    return GroupRow(
        key=key,
        name=name,
        projects=agg[0],
        enterprises=agg[1],
        started_projects=agg[2],
        completed_projects=agg[3],
        accepted_projects=agg[4],
        completed_enterprises=agg[5],
        total_investment=from_scaled(agg[6]),
        equipment_investment=from_scaled(agg[7]),
        subsidy=from_scaled(agg[8]),
        planned_enterprises=planned,
        completion_rate=ratio(agg[5], planned) if planned else None,
    )


def _total_row(db: Database, scope: Scope, planned: int = 0) -> GroupRow:
    agg = _sum_groups(list(_town_cluster_groups(db, scope).values()))
    return _make_row("", "合计", agg, planned)


def _with_share(rows: list[GroupRow], total: GroupRow) -> tuple[GroupRow, ...]:
    return tuple(replace(r, share=ratio(r.total_investment, total.total_investment)) for r in rows)


def by_town(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    """Every reporting unit, in official order, even those without projects."""
    groups = _town_cluster_groups(db, scope)
    agg = _groups_by(groups, 0)
    with db.read() as s:
        plans = dict(
            s.execute(
                select(AnnualPlan.town_code, func.sum(AnnualPlan.planned_enterprises))
                .where(*_plan_filter(scope))
                .group_by(AnnualPlan.town_code)
            ).all()
        )
        towns = s.execute(select(Town.code, Town.name).order_by(Town.sort, Town.code)).all()
    rows = [
        _make_row(code, name, agg.get(code, _ZERO), int(plans.get(code) or 0))
        for code, name in towns
        if scope.town_code in (None, code)
    ]
    planned = sum(r.planned_enterprises for r in rows)
    total = _make_row("", "合计", _sum_groups(list(groups.values())), planned)
    return Breakdown("分镇街道", _with_share(rows, total), total)


def by_cluster(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    groups = _town_cluster_groups(db, scope)
    agg = _groups_by(groups, 1)
    with db.read() as s:
        refs = s.execute(
            select(Cluster.code, Cluster.name).order_by(Cluster.sort, Cluster.code)
        ).all()
    rows = [_make_row(code, name, agg.get(code, _ZERO)) for code, name in refs]
    total = _make_row("", "合计", _sum_groups(list(groups.values())))
    return Breakdown("分产业", _with_share(rows, total), total)


def _category_groups(db: Database, scope: Scope) -> dict[str, tuple[int, ...]]:
    def compute() -> dict[str, tuple[int, ...]]:
        stmt = _scoped(
            select(Project.category_code, *_group_columns()).select_from(Project),
            scope,
            search=use_search_index(db, scope),
        ).group_by(Project.category_code)
        with db.read() as s:
            return {r[0]: tuple(int(v) for v in r[1:]) for r in s.execute(stmt)}

    return remember(db, ("category", scope), compute)


def by_category(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    agg = _category_groups(db, scope)
    with db.read() as s:
        refs = s.execute(
            select(Category.code, Category.name).order_by(Category.sort, Category.code)
        ).all()
    rows = [_make_row(code, name, agg.get(code, _ZERO)) for code, name in refs]
    total = _total_row(db, scope)
    return Breakdown("分类别", _with_share(rows, total), total)


# Bands in 万元, lower bound inclusive: <500, 500–1000, 1000–5000, 5000–1亿, ≥1亿.
INVESTMENT_BANDS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("500 万元以下", None, Decimal(500)),
    ("500–1000 万元", Decimal(500), Decimal(1000)),
    ("1000–5000 万元", Decimal(1000), Decimal(5000)),
    ("5000 万元–1 亿元", Decimal(5000), Decimal(10000)),
    ("1 亿元及以上", Decimal(10000), None),
)


def investment_bands(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    # Bounds compared in hundredths, the unit the column is stored in.
    whens = []
    for index, (_label, low, high) in enumerate(INVESTMENT_BANDS):
        conds = []
        if low is not None:
            conds.append(Project.total_investment >= low)
        if high is not None:
            conds.append(Project.total_investment < high)
        whens.append((and_(*conds), index))
    band = case(*whens, else_=len(INVESTMENT_BANDS) - 1)
    search = use_search_index(db, scope)
    with db.read() as s:
        agg = {
            r[0]: r[1:]
            for r in s.execute(
                _scoped(
                    select(band, *_group_columns()).select_from(Project), scope, search=search
                ).group_by(band)
            )
        }
    rows = [
        _make_row(str(i), label, agg.get(i, _ZERO))
        for i, (label, _l, _h) in enumerate(INVESTMENT_BANDS)
    ]
    total = _total_row(db, scope)
    return Breakdown("投资规模分档", _with_share(rows, total), total)


def coverage_by_town(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    """规上 enterprises and how many are covered, per town (key figures in the extra dict)."""
    counts: dict[str, tuple[int, int]] = {}
    for (town, _cluster), (n, c) in _coverage_groups(db, scope.last_year).items():
        above, cov = counts.get(town, (0, 0))
        counts[town] = (above + n, cov + c)
    with db.read() as s:
        towns = s.execute(select(Town.code, Town.name).order_by(Town.sort, Town.code)).all()
    rows = []
    for code, name in towns:
        if scope.town_code not in (None, code):
            continue
        above, cov = counts.get(code, (0, 0))
        rows.append(
            GroupRow(
                key=code,
                name=name,
                enterprises=above,
                completed_enterprises=cov,
                completion_rate=ratio(cov, above),
            )
        )
    above_total = sum(r.enterprises for r in rows)
    covered_total = sum(r.completed_enterprises for r in rows)
    total = GroupRow(
        key="",
        name="合计",
        enterprises=above_total,
        completed_enterprises=covered_total,
        completion_rate=ratio(covered_total, above_total),
    )
    return Breakdown("规上覆盖率", tuple(rows), total)


@dataclass(frozen=True)
class ProviderRow:
    name: str
    enterprises: int
    projects: int
    investment: Decimal


def _project_key(db: Database) -> Any:
    """What DISTINCT counts projects by: on SQLite the row's integer rowid (in every index
    entry, and far cheaper to compare than a text UUID); elsewhere the id itself."""
    return literal_column("project.rowid") if db.is_sqlite else Project.id


def _provider_groups(db: Database, scope: Scope) -> tuple[tuple[Any, ...], ...]:
    """(is_total, name, enterprises, projects, investment) per provider, by investment
    driven, then the total over projects with any provider: one pass over the links.

    Every provider figure of a scope (the table, its total, the headline's count of
    providers) comes from this one statement; the project–provider links in scope are
    collected once and both aggregates read them.
    """

    def compute() -> tuple[tuple[Any, ...], ...]:
        search = use_search_index(db, scope)
        live = case(
            (Project.status != _TERMINATED, type_coerce(Project.total_investment, BigInteger)),
            else_=0,
        )
        links = _scoped(
            select(
                ProjectProvider.provider_id.label("provider"),
                _project_key(db).label("project"),
                Project.enterprise_id.label("firm"),
                live.label("amount"),
            )
            .select_from(Project)
            .join(ProjectProvider, ProjectProvider.project_id == Project.id),
            scope,
            search=search,
        ).cte("links")
        c = links.c
        per = (
            select(
                c.provider,
                func.count(distinct(c.firm)).label("firms"),
                func.count(distinct(c.project)).label("projects"),
                func.coalesce(func.sum(c.amount), 0).label("amount"),
            )
            .group_by(c.provider)
            .subquery("per_provider")
        )
        named = select(
            literal(0).label("is_total"),
            ServiceProvider.name.label("name"),
            per.c.firms,
            per.c.projects,
            per.c.amount,
        ).join_from(per, ServiceProvider, ServiceProvider.id == per.c.provider)
        # Counted once per project, even when several providers served it.
        once = select(c.project, c.amount).distinct().subquery("once")
        total = select(
            literal(1).label("is_total"),
            literal("").label("name"),
            func.count(distinct(c.firm)),
            func.count(distinct(c.project)),
            select(func.coalesce(func.sum(once.c.amount), 0)).scalar_subquery(),
        ).select_from(links)
        both = union_all(named, total).subquery("both")
        stmt = select(both).order_by(both.c.is_total, both.c.amount.desc(), both.c.name)
        with db.read() as s:
            return tuple(tuple(r) for r in s.execute(stmt))

    return remember(db, ("providers", scope), compute)


def providers(
    db: Database, scope: Scope = EVERYTHING
) -> tuple[tuple[ProviderRow, ...], ProviderRow]:
    """Service providers by investment driven (projects they took part in, not terminated)."""
    rows = _provider_groups(db, scope)
    items = tuple(
        ProviderRow(r[1], int(r[2]), int(r[3]), from_scaled(r[4])) for r in rows if not r[0]
    )
    t = rows[-1]
    return items, ProviderRow("合计", int(t[2]), int(t[3]), from_scaled(t[4]))


@dataclass(frozen=True)
class MonthRow:
    month: str  # "2018-03"
    started: int
    completed: int
    completed_investment: Decimal


def _month_groups(db: Database, scope: Scope) -> tuple[tuple[Any, ...], ...]:
    """(start month, completion month, projects, investment not terminated) for every pair
    of actual months in scope, in one pass: the monthly table and its total add these up."""

    def compute() -> tuple[tuple[Any, ...], ...]:
        started = func.substr(func.cast(Project.actual_start_date, String()), 1, 7)
        completed = func.substr(func.cast(Project.actual_completion_date, String()), 1, 7)
        stmt = (
            _scoped(
                select(
                    started, completed, func.count(), _live_amount(Project.total_investment)
                ).select_from(Project),
                scope,
                search=use_search_index(db, scope),
            )
            .where(
                or_(
                    Project.actual_start_date.is_not(None),
                    Project.actual_completion_date.is_not(None),
                )
            )
            .group_by(started, completed)
        )
        with db.read() as s:
            return tuple((r[0], r[1], int(r[2]), int(r[3])) for r in s.execute(stmt))

    return remember(db, ("months", scope), compute)


def monthly(db: Database, scope: Scope = EVERYTHING) -> tuple[MonthRow, ...]:
    """Projects started and completed per calendar month (by actual dates)."""
    started: dict[str, int] = {}
    completed: dict[str, tuple[int, int]] = {}
    for start, done, count, amount in _month_groups(db, scope):
        if start is not None:
            started[start] = started.get(start, 0) + count
        if done is not None:
            n, total = completed.get(done, (0, 0))
            completed[done] = (n + count, total + amount)
    months = sorted(set(started) | set(completed))
    return tuple(
        MonthRow(
            m,
            started.get(m, 0),
            completed.get(m, (0, 0))[0],
            from_scaled(completed.get(m, (0, 0))[1]),
        )
        for m in months
    )


def fiscal(db: Database, scope: Scope = EVERYTHING) -> dict[str, Decimal | None]:
    """财政资金绩效: subsidy approved and paid against the investment it drew."""
    agg = _sum_groups(list(_town_cluster_groups(db, scope).values()))
    total, equipment, subsidy = (from_scaled(agg[i]) for i in (6, 7, 8))
    return _fiscal_figures(total, equipment, subsidy, from_scaled(_paid_total(db, scope)))


def _fiscal_figures(
    total: Decimal, equipment: Decimal, subsidy: Decimal, paid: Decimal
) -> dict[str, Decimal | None]:
    return {
        "subsidy": subsidy,
        "subsidy_paid": paid,
        "total_investment": total,
        "equipment_investment": equipment,
        "leverage": ratio(total, subsidy, AMOUNT_PLACES),
        "equipment_leverage": ratio(equipment, subsidy, AMOUNT_PLACES),
    }


def years_present(db: Database) -> list[int]:
    """Plan years with a live project, ascending: one index seek per year found."""
    years: list[int] = []
    with db.read() as s:
        while True:
            stmt = select(func.min(Project.plan_year)).where(Project.deleted_at.is_(None))
            if years:
                stmt = stmt.where(Project.plan_year > years[-1])
            year = s.scalar(stmt)
            if year is None:
                return years
            years.append(int(year))


def prepare(
    db: Database, scope: Scope, *, period: tuple[date, date] | None = None, top: int = 10
) -> threading.Thread | None:
    """Start working out, on a thread of its own, the figures a report of ``scope`` reads
    (the briefing's), so that the report finds them remembered; None where nothing is
    remembered (PostgreSQL). SQLite runs a statement without holding Python's lock, so on
    a machine with two cores the report and this thread sum up side by side: this thread
    takes them in the reverse of the order the briefing reads them, and the two meet in
    the middle (a figure one of them is working out, the other waits for)."""
    if not memo.active(db):
        return None
    jobs: list[Callable[[], object]] = []
    if period is not None:
        jobs.append(lambda: completed_between(db, scope, *period))
    jobs += [
        lambda: _month_groups(db, scope),
        lambda: _provider_groups(db, scope),
        lambda: top_projects(db, scope, top),
        lambda: _category_groups(db, scope),
        lambda: _coverage_groups(db, scope.last_year),
        lambda: _paid_total(db, scope),
        lambda: _town_cluster_groups(db, scope),
    ]

    def run() -> None:
        for job in jobs:
            # A failure here is met again (and reported) by the report's own call.
            with contextlib.suppress(Exception):
                job()

    thread = threading.Thread(target=run, name="summaries-prepare", daemon=True)
    thread.start()
    return thread


def headline_fields() -> list[str]:
    return [f.name for f in fields(Headline)]


# --- for the briefing ------------------------------------------------------------------


@dataclass(frozen=True)
class RankedProject:
    code: str
    enterprise: str
    name: str
    town: str
    category: str
    status: str
    total_investment: Decimal
    equipment_investment: Decimal
    subsidy: Decimal | None


def top_projects(db: Database, scope: Scope = EVERYTHING, n: int = 10) -> tuple[RankedProject, ...]:
    """The ``n`` largest projects by total investment (terminated ones left out, like every
    investment figure); ties in project-code order."""
    return remember(db, ("top", scope, n), lambda: _top_projects(db, scope, n))


def _top_projects(db: Database, scope: Scope, n: int) -> tuple[RankedProject, ...]:
    search = use_search_index(db, scope)
    live = Project.status != _TERMINATED
    # First the n-th largest investment, from the covering index alone; then only the
    # projects at or above it are read in full (with names), not every project in scope.
    nth = (
        _scoped(select(Project.total_investment).select_from(Project), scope, search=search)
        .where(live)
        .order_by(Project.total_investment.desc())
        .offset(max(n - 1, 0))
        .limit(1)
    )
    stmt = (
        _scoped(
            select(
                Project.code,
                Enterprise.name,
                Project.name,
                Town.name,
                Category.name,
                Project.status,
                Project.total_investment,
                Project.equipment_investment,
                Project.approved_subsidy,
            ).select_from(Project),
            scope,
            search=search,
        )
        .join(Town, Town.code == Enterprise.town_code)
        .join(Category, Category.code == Project.category_code)
        .where(live)
        .order_by(Project.total_investment.desc(), Project.code)
        .limit(n)
    )
    with db.read() as s:
        threshold = s.scalar(nth) if n > 0 else None
        if threshold is not None:
            stmt = stmt.where(Project.total_investment >= threshold)
        return tuple(RankedProject(*row) for row in s.execute(stmt))


@dataclass(frozen=True)
class CompletedInPeriod:
    """Projects in scope whose actual completion date falls within [start, end]."""

    start: date
    end: date
    projects: int
    enterprises: int
    total_investment: Decimal
    equipment_investment: Decimal
    subsidy: Decimal


def completed_between(db: Database, scope: Scope, start: date, end: date) -> CompletedInPeriod:
    """本期 figures of a briefing: completed projects (status 竣工 or later) of the scope
    (plan years, town…) with ``start <= actual_completion_date <= end``."""
    return remember(
        db, ("completed", scope, start, end), lambda: _completed_between(db, scope, start, end)
    )


def _completed_between(db: Database, scope: Scope, start: date, end: date) -> CompletedInPeriod:
    stmt = _scoped(
        select(
            func.count(),
            func.count(distinct(Project.enterprise_id)),
            _live_amount(Project.total_investment),
            _live_amount(Project.equipment_investment),
            _live_amount(func.coalesce(type_coerce(Project.approved_subsidy, BigInteger), 0)),
        ).select_from(Project),
        scope,
        search=use_search_index(db, scope),
    ).where(
        Project.status.in_(_DONE),
        Project.actual_completion_date >= start,
        Project.actual_completion_date <= end,
    )
    with db.read() as s:
        row = s.execute(stmt).one()
    return CompletedInPeriod(
        start,
        end,
        int(row[0]),
        int(row[1]),
        from_scaled(row[2]),
        from_scaled(row[3]),
        from_scaled(row[4]),
    )


def monthly_total(db: Database, scope: Scope = EVERYTHING) -> MonthRow:
    """The 合计 line under :func:`monthly`: every project with an actual start or completion."""
    groups = _month_groups(db, scope)
    return MonthRow(
        "合计",
        sum(g[2] for g in groups if g[0] is not None),
        sum(g[2] for g in groups if g[1] is not None),
        from_scaled(sum(g[3] for g in groups if g[1] is not None)),
    )


@dataclass(frozen=True)
class FiscalRow:
    """财政资金绩效 of one town (or the total): subsidy against the investment it drew."""

    key: str
    name: str
    subsidy: Decimal
    subsidy_paid: Decimal
    total_investment: Decimal
    equipment_investment: Decimal
    leverage: Decimal | None
    equipment_leverage: Decimal | None


def fiscal_by_town(
    db: Database, scope: Scope = EVERYTHING
) -> tuple[tuple[FiscalRow, ...], FiscalRow]:
    """:func:`fiscal` per reporting unit, in official order; the total is :func:`fiscal`."""
    towns = by_town(db, scope)
    paid_scaled = _paid_by_town(db, scope)
    paid = {code: from_scaled(value) for code, value in paid_scaled.items()}
    rows = tuple(
        FiscalRow(
            key=r.key,
            name=r.name,
            subsidy=r.subsidy,
            subsidy_paid=paid.get(r.key, Decimal("0.00")),
            total_investment=r.total_investment,
            equipment_investment=r.equipment_investment,
            leverage=ratio(r.total_investment, r.subsidy, AMOUNT_PLACES),
            equipment_leverage=ratio(r.equipment_investment, r.subsidy, AMOUNT_PLACES),
        )
        for r in towns.rows
    )
    # fiscal(), with the paid total added up from the towns (each enterprise is in one town)
    # rather than read in a second pass.
    agg = _sum_groups(list(_town_cluster_groups(db, scope).values()))
    f = _fiscal_figures(
        *(from_scaled(agg[i]) for i in (6, 7, 8)), from_scaled(sum(paid_scaled.values()))
    )
    total = FiscalRow(
        key="",
        name="合计",
        subsidy=f["subsidy"] or Decimal("0.00"),
        subsidy_paid=f["subsidy_paid"] or Decimal("0.00"),
        total_investment=f["total_investment"] or Decimal("0.00"),
        equipment_investment=f["equipment_investment"] or Decimal("0.00"),
        leverage=f["leverage"],
        equipment_leverage=f["equipment_leverage"],
    )
    return rows, total
