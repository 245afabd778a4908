"""The demo ledger: 慈溪's smart-manufacturing projects of plan years 2017–2019, consistent
with the 2019 article (2018: 400 enterprises planned, 722 completed, every 规上 enterprise
covered; 2017–2018: 3.7 亿元 of subsidy for close to 100 亿元 of investment; 42 providers).

``demo_plan`` decides everything from one seeded random generator; here the plan is fed
to the services in date order inside one batch, with the database clock set to each
event's moment, so the demo is validated, audited and versioned like data typed in by
staff, and is either whole or absent. The data stands as of ``AS_OF`` (30 Sep 2019).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, or_, select

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.subsidy import SubsidyRuleSet
from cixi_desktop.store.backup import backup_beside
from cixi_desktop.store.database import Database, sqlite_path
from cixi_desktop.store.demo_plan import (
    AS_OF,
    OVERRIDE_REASON,
    UTC_OFFSET,
    DemoPlan,
    Firm,
    Job,
    PoolProvider,
    build_plan,
    document_no,
)
from cixi_desktop.store.models import AnnualPlan, Category, Enterprise, Project, ServiceProvider
from cixi_desktop.store.services import enterprises, plans, projects, providers
from cixi_desktop.store.services.permissions import Permission, require
from cixi_desktop.store.services.projects import StatusMove
from cixi_desktop.store.services.reset import reset_ledger

__all__ = ["AS_OF", "DemoCounts", "has_business_data", "load_demo"]


@dataclass(frozen=True)
class DemoCounts:
    enterprises: int
    projects: int
    providers: int


# --- replay through the services -----------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2017, 1, 1)

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def _demo_clock(db: Database) -> Iterator[_Clock]:
    saved = db.clock
    clock = _Clock()
    db.clock = clock
    try:
        yield clock
    finally:
        db.clock = saved


def _events(plan: DemoPlan) -> list[tuple[tuple[datetime, int, int, int], Callable[..., None]]]:
    """Every write as (sort key, action); the key orders by local moment, then creation."""
    events: list[tuple[tuple[datetime, int, int, int], Callable[..., None]]] = []
    for n, p in enumerate(plan.providers):
        events.append(((p.joined, 0, n, 0), lambda db, p=p: _create_provider(db, p)))
    for n, (at, year, code, count, money) in enumerate(plan.annual):
        events.append(
            (
                (at, 0, 1000 + n, 0),
                lambda db, y=year, c=code, k=count, m=money: plans.set_annual_plan(db, y, c, k, m),
            )
        )
    for n, f in enumerate(plan.firms):
        assert f.joined is not None
        events.append(((f.joined, 1, n, 0), lambda db, f=f: _create_firm(db, f)))
    for j in plan.jobs:
        for step_no, (at, kind, payload) in enumerate(j.steps):
            events.append(
                ((at, 2, j.index, step_no), lambda db, j=j, k=kind, p=payload: _STEPS[k](db, j, p))
            )
    events.sort(key=lambda e: e[0])
    return events


def _create_provider(db: Database, p: PoolProvider) -> None:
    p.row = providers.create_provider(db, p.raw)
    p.row_id = p.row.id


def _create_firm(db: Database, f: Firm) -> None:
    f.row = enterprises.create_enterprise(db, f.raw, f.former)
    f.row_id = f.row.id


def _track(j: Job, row: Project) -> None:
    j.row_id, j.version = row.id, row.version


def _step_create(db: Database, j: Job, _payload: object) -> None:
    # Enterprises and providers are registered before any project names them (see _events).
    assert j.firm.row_id is not None and all(p.row_id for p, _ in j.providers)
    links = [(p.row_id, role) for p, role in j.providers]
    _track(j, projects.create_project(db, j.firm.row_id, j.raw, links))  # type: ignore[arg-type]


def _step_move(db: Database, j: Job, move: StatusMove) -> None:
    assert j.row_id is not None
    _track(j, projects.change_status(db, j.row_id, j.version, move))


def _step_outcomes(db: Database, j: Job, outcomes: dict[str, object]) -> None:
    assert j.row_id is not None
    _track(j, projects.update_project(db, j.row_id, j.version, outcomes))


def _step_grant(db: Database, j: Job, _payload: object) -> None:
    assert j.row_id is not None
    if j.override is None:
        row = projects.grant_subsidy(db, j.row_id, j.version)
    else:
        row = projects.grant_subsidy(db, j.row_id, j.version, j.override, OVERRIDE_REASON)
    if j.subsidy is not None and row.subsidy_computed != j.subsidy:
        raise AssertionError(
            f"demo plan: {row.code} computed {row.subsidy_computed}, planned {j.subsidy}"
        )
    _track(j, row)


def _step_pay(db: Database, j: Job, payload: tuple[date, Decimal, str]) -> None:
    assert j.row_id is not None
    paid_on, amount, note = payload
    projects.record_payment(db, j.row_id, paid_on, amount, document_no("慈财企", paid_on), note)


_STEPS: dict[str, Callable[[Database, Job, Any], None]] = {
    "create": _step_create,
    "move": _step_move,
    "outcomes": _step_outcomes,
    "grant": _step_grant,
    "pay": _step_pay,
}


def _replay(db: Database, plan: DemoPlan) -> None:
    with _demo_clock(db) as clock:
        for (at, *_), action in _events(plan):
            clock.now = at - UTC_OFFSET
            action(db)


# --- entry point -----------------------------------------------------------------------------


def has_business_data(db: Database) -> bool:
    """Any enterprise, project, provider or annual plan, soft-deleted ones included."""
    with db.read() as session:
        return bool(
            session.scalar(
                select(
                    or_(
                        exists().where(Enterprise.id.is_not(None)),
                        exists().where(Project.id.is_not(None)),
                        exists().where(ServiceProvider.id.is_not(None)),
                        exists().where(AnnualPlan.id.is_not(None)),
                    )
                )
            )
        )


def _reference(db: Database) -> tuple[dict[int, SubsidyRuleSet], dict[str, str]]:
    """The rule sets and category names the services will use, read from the database."""
    with db.read() as session:
        rules = {}
        for year in (2017, 2018):
            rule = projects.rule_set(session, year)
            if rule is None:
                raise ValidationError.single(
                    "subsidy_rules",
                    "补助规则",
                    f"数据库中没有 {year} 年的补助规则，无法载入演示数据",
                )
            rules[year] = rule
        categories = {c.code: c.name for c in session.scalars(select(Category))}
    return rules, categories


def load_demo(db: Database, *, force: bool = False) -> DemoCounts:
    """Load the demo ledger; refuses a database with data unless ``force`` (then a SQLite
    file is backed up first and emptied in the same transaction as the load)."""
    require(db, Permission.RESET)
    occupied = has_business_data(db)
    if occupied and not force:
        raise ValidationError.single(
            "database",
            "数据库",
            "数据库中已有数据；如确需载入演示数据请加 --force（将先备份再清空）",
        )
    plan = build_plan(*_reference(db))
    if occupied:
        path = sqlite_path(db.url)
        if path is not None:
            backup_beside(path, "before-demo")
    with db.batch():
        if occupied:
            reset_ledger(db)
        _replay(db, plan)
    return DemoCounts(
        enterprises=len(plan.firms), projects=len(plan.jobs), providers=len(plan.providers)
    )
