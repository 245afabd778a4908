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
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Select,
    String,
    and_,
    case,
    distinct,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from cixi_desktop.domain.text import normalize_code
from cixi_desktop.domain.workflow import COMPLETED_STATUSES, Status
from cixi_desktop.store.database import Database
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
from cixi_desktop.store.types import from_scaled, sum_scaled

RATE_PLACES = Decimal("0.0001")
AMOUNT_PLACES = Decimal("0.01")
_DONE = [str(s) for s in COMPLETED_STATUSES]
_ACCEPTED = [str(Status.ACCEPTED), str(Status.PAID)]
_TERMINATED = str(Status.TERMINATED)


@dataclass(frozen=True)
class Scope:
    """Which projects a figure covers. Years select projects by plan year."""

    year_from: int | None = None
    year_to: int | None = None
    town_code: str | None = None
    status: str | None = None
    category_code: str | None = None
    cluster_code: str | None = None
    keyword: str = ""
    provider_id: uuid.UUID | None = None
    above_scale_only: bool = False

    @property
    def last_year(self) -> int | None:
        return self.year_to if self.year_to is not None else self.year_from

    def years(self) -> tuple[int, int] | None:
        if self.year_from is None:
            return None
        return self.year_from, self.year_to if self.year_to is not None else self.year_from

    def describe(self) -> str:
        if self.year_from is None:
            years = "全部年度"
        elif self.year_from == self.year_to:
            years = f"{self.year_from} 年"
        else:
            years = f"{self.year_from}–{self.year_to} 年"
        return years


EVERYTHING = Scope()
"""The default scope: every live project."""


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


def _project_filter(scope: Scope) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Project.deleted_at.is_(None)]
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
        conds.append(_keyword_condition(keyword))
    return conds


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


def scoped_projects(stmt: Select[Any], scope: Scope) -> Select[Any]:
    """Add the scope's joins and conditions to a statement over Project."""
    return stmt.join(Enterprise, Enterprise.id == Project.enterprise_id).where(
        *_project_filter(scope)
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
    done = Project.status.in_(_DONE)
    with db.read() as s:
        row = s.execute(
            scoped_projects(
                select(
                    func.count(Project.id),
                    func.count(distinct(Project.enterprise_id)),
                    func.count(case((done, Project.id))),
                    func.count(distinct(case((done, Project.enterprise_id)))),
                    _live_amount(Project.total_investment),
                    _live_amount(Project.equipment_investment),
                    _live_amount(
                        func.coalesce(type_coerce(Project.approved_subsidy, BigInteger), 0)
                    ),
                ),
                scope,
            )
        ).one()
        planned = s.scalar(
            select(func.coalesce(func.sum(AnnualPlan.planned_enterprises), 0)).where(
                *_plan_filter(scope)
            )
        )
        paid = s.scalar(
            scoped_projects(
                select(sum_scaled(SubsidyPayment.amount))
                .select_from(Project)
                .join(SubsidyPayment, SubsidyPayment.project_id == Project.id)
                .where(SubsidyPayment.deleted_at.is_(None)),
                scope,
            )
        )
        providers = s.scalar(
            scoped_projects(
                select(func.count(distinct(ProjectProvider.provider_id)))
                .select_from(Project)
                .join(ProjectProvider, ProjectProvider.project_id == Project.id),
                scope,
            )
        )
        above, covered = _coverage(s, scope)
    total, equipment, subsidy = (from_scaled(v) for v in row[4:7])
    return Headline(
        projects=row[0],
        enterprises=row[1],
        planned_enterprises=int(planned or 0),
        completed_projects=row[2],
        completed_enterprises=row[3],
        completion_rate=ratio(row[3], int(planned or 0)),
        total_investment=total,
        equipment_investment=equipment,
        subsidy=subsidy,
        subsidy_paid=from_scaled(paid),
        leverage=ratio(total, subsidy, AMOUNT_PLACES),
        providers=int(providers or 0),
        above_scale_enterprises=above,
        above_scale_covered=covered,
        coverage_rate=ratio(covered, above),
    )


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


def _coverage(s: Any, scope: Scope) -> tuple[int, int]:
    ent, covered = _coverage_conditions(scope)
    row = s.execute(
        select(func.count(Enterprise.id), func.count(case((covered, Enterprise.id)))).where(*ent)
    ).one()
    return int(row[0]), int(row[1])


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
    done = Project.status.in_(_DONE)
    return [
        func.count(Project.id),
        func.count(distinct(Project.enterprise_id)),
        func.count(Project.actual_start_date),
        func.count(case((done, Project.id))),
        func.count(case((Project.status.in_(_ACCEPTED), Project.id))),
        func.count(distinct(case((done, Project.enterprise_id)))),
        _live_amount(Project.total_investment),
        _live_amount(Project.equipment_investment),
        _live_amount(func.coalesce(type_coerce(Project.approved_subsidy, BigInteger), 0)),
    ]


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
    with db.read() as s:
        agg = s.execute(scoped_projects(select(*_group_columns()), scope)).one()
    return _make_row("", "合计", agg, planned)


def _with_share(rows: list[GroupRow], total: GroupRow) -> tuple[GroupRow, ...]:
    return tuple(replace(r, share=ratio(r.total_investment, total.total_investment)) for r in rows)


def by_town(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    """Every reporting unit, in official order, even those without projects."""
    with db.read() as s:
        agg = {
            r[0]: r[1:]
            for r in s.execute(
                scoped_projects(select(Enterprise.town_code, *_group_columns()), scope).group_by(
                    Enterprise.town_code
                )
            )
        }
        plans = dict(
            s.execute(
                select(AnnualPlan.town_code, func.sum(AnnualPlan.planned_enterprises))
                .where(*_plan_filter(scope))
                .group_by(AnnualPlan.town_code)
            ).all()
        )
        towns = s.execute(select(Town.code, Town.name).order_by(Town.sort, Town.code)).all()
    zero = [0] * 9
    rows = [
        _make_row(code, name, agg.get(code, zero), int(plans.get(code) or 0))
        for code, name in towns
        if scope.town_code in (None, code)
    ]
    total = _total_row(db, scope, sum(r.planned_enterprises for r in rows))
    return Breakdown("分镇街道", _with_share(rows, total), total)


def _by_reference(db: Database, scope: Scope, title: str, key_col: Any, ref: Any) -> Breakdown:
    with db.read() as s:
        agg = {
            r[0]: r[1:]
            for r in s.execute(
                scoped_projects(select(key_col, *_group_columns()), scope).group_by(key_col)
            )
        }
        refs = s.execute(select(ref.code, ref.name).order_by(ref.sort, ref.code)).all()
    zero = [0] * 9
    rows = [_make_row(code, name, agg.get(code, zero)) for code, name in refs]
    total = _total_row(db, scope)
    return Breakdown(title, _with_share(rows, total), total)


def by_cluster(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    return _by_reference(db, scope, "分产业", Enterprise.cluster_code, Cluster)


def by_category(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    return _by_reference(db, scope, "分类别", Project.category_code, Category)


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
    with db.read() as s:
        agg = {
            r[0]: r[1:]
            for r in s.execute(
                scoped_projects(select(band, *_group_columns()), scope).group_by(band)
            )
        }
    zero = [0] * 9
    rows = [
        _make_row(str(i), label, agg.get(i, zero))
        for i, (label, _l, _h) in enumerate(INVESTMENT_BANDS)
    ]
    total = _total_row(db, scope)
    return Breakdown("投资规模分档", _with_share(rows, total), total)


def coverage_by_town(db: Database, scope: Scope = EVERYTHING) -> Breakdown:
    """规上 enterprises and how many are covered, per town (key figures in the extra dict)."""
    ent, covered = _coverage_conditions(Scope(scope.year_from, scope.year_to, scope.town_code))
    with db.read() as s:
        counts = {
            r[0]: (int(r[1]), int(r[2]))
            for r in s.execute(
                select(
                    Enterprise.town_code,
                    func.count(Enterprise.id),
                    func.count(case((covered, Enterprise.id))),
                )
                .where(*ent)
                .group_by(Enterprise.town_code)
            )
        }
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


def providers(
    db: Database, scope: Scope = EVERYTHING
) -> tuple[tuple[ProviderRow, ...], ProviderRow]:
    """Service providers by investment driven (projects they took part in, not terminated)."""
    with db.read() as s:
        rows = s.execute(
            scoped_projects(
                select(
                    ServiceProvider.name,
                    func.count(distinct(Project.enterprise_id)),
                    func.count(distinct(Project.id)),
                    _live_amount(Project.total_investment),
                )
                .select_from(Project)
                .join(ProjectProvider, ProjectProvider.project_id == Project.id)
                .join(ServiceProvider, ServiceProvider.id == ProjectProvider.provider_id),
                scope,
            )
            .group_by(ServiceProvider.id, ServiceProvider.name)
            .order_by(_live_amount(Project.total_investment).desc(), ServiceProvider.name)
        ).all()
        # Totals counted once per project, even when several providers served it.
        total = s.execute(
            scoped_projects(
                select(
                    func.count(distinct(Project.enterprise_id)),
                    func.count(distinct(Project.id)),
                )
                .select_from(Project)
                .where(exists().where(ProjectProvider.project_id == Project.id)),
                scope,
            )
        ).one()
        total_inv = s.scalar(
            scoped_projects(
                select(_live_amount(Project.total_investment))
                .select_from(Project)
                .where(exists().where(ProjectProvider.project_id == Project.id)),
                scope,
            )
        )
    items = tuple(ProviderRow(r[0], int(r[1]), int(r[2]), from_scaled(r[3])) for r in rows)
    return items, ProviderRow("合计", int(total[0]), int(total[1]), from_scaled(total_inv))


@dataclass(frozen=True)
class MonthRow:
    month: str  # "2018-03"
    started: int
    completed: int
    completed_investment: Decimal


def monthly(db: Database, scope: Scope = EVERYTHING) -> tuple[MonthRow, ...]:
    """Projects started and completed per calendar month (by actual dates)."""

    def per_month(column: Any, with_amount: bool) -> dict[str, tuple[int, int]]:
        month = func.substr(func.cast(column, String()), 1, 7)
        cols = [month, func.count(Project.id)]
        cols.append(
            _live_amount(Project.total_investment) if with_amount else func.count(Project.id)
        )
        with db.read() as s:
            stmt = scoped_projects(select(*cols).where(column.is_not(None)), scope).group_by(month)
            return {r[0]: (int(r[1]), int(r[2])) for r in s.execute(stmt)}

    started = per_month(Project.actual_start_date, False)
    completed = per_month(Project.actual_completion_date, True)
    months = sorted(set(started) | set(completed))
    return tuple(
        MonthRow(
            m,
            started.get(m, (0, 0))[0],
            completed.get(m, (0, 0))[0],
            from_scaled(completed.get(m, (0, 0))[1]),
        )
        for m in months
    )


def fiscal(db: Database, scope: Scope = EVERYTHING) -> dict[str, Decimal | None]:
    """财政资金绩效: subsidy approved and paid against the investment it drew."""
    h = headline(db, scope)
    return {
        "subsidy": h.subsidy,
        "subsidy_paid": h.subsidy_paid,
        "total_investment": h.total_investment,
        "equipment_investment": h.equipment_investment,
        "leverage": h.leverage,
        "equipment_leverage": ratio(h.equipment_investment, h.subsidy, AMOUNT_PLACES),
    }


def years_present(db: Database) -> list[int]:
    with db.read() as s:
        return [
            y
            for (y,) in s.execute(
                select(Project.plan_year)
                .distinct()
                .where(Project.deleted_at.is_(None))
                .order_by(Project.plan_year)
            )
        ]


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
    stmt = (
        scoped_projects(
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
        )
        .join(Town, Town.code == Enterprise.town_code)
        .join(Category, Category.code == Project.category_code)
        .where(Project.status != _TERMINATED)
        .order_by(Project.total_investment.desc(), Project.code)
        .limit(n)
    )
    with db.read() as s:
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
    stmt = scoped_projects(
        select(
            func.count(Project.id),
            func.count(distinct(Project.enterprise_id)),
            _live_amount(Project.total_investment),
            _live_amount(Project.equipment_investment),
            _live_amount(func.coalesce(type_coerce(Project.approved_subsidy, BigInteger), 0)),
        ).select_from(Project),
        scope,
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
    completed_amount = case(
        (
            Project.actual_completion_date.is_not(None),
            type_coerce(Project.total_investment, BigInteger),
        ),
        else_=0,
    )
    with db.read() as s:
        row = s.execute(
            scoped_projects(
                select(
                    func.count(Project.actual_start_date),
                    func.count(Project.actual_completion_date),
                    _live_amount(completed_amount),
                ),
                scope,
            )
        ).one()
    return MonthRow("合计", int(row[0]), int(row[1]), from_scaled(row[2]))


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
    with db.read() as s:
        paid = {
            code: from_scaled(amount)
            for code, amount in s.execute(
                scoped_projects(
                    select(Enterprise.town_code, sum_scaled(SubsidyPayment.amount))
                    .select_from(Project)
                    .join(SubsidyPayment, SubsidyPayment.project_id == Project.id)
                    .where(SubsidyPayment.deleted_at.is_(None)),
                    scope,
                ).group_by(Enterprise.town_code)
            )
        }
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
    f = fiscal(db, scope)
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
