"""Remembered figures: one computation for callers that ask at the same time, and figures
worked out ahead (summaries.prepare) equal to the ones worked out when asked."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest

from cixi_desktop.store import memo, summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.projects import create_project
from cixi_desktop.store.summaries import Scope


@pytest.fixture
def sqlite_db(db: Database) -> Database:
    if not db.is_sqlite:
        pytest.skip("figures are remembered on SQLite only (PRAGMA data_version)")
    return db


def test_a_figure_asked_for_twice_at_once_is_worked_out_once(sqlite_db: Database) -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        started.set()
        release.wait(5)
        return 42

    got: list[int] = []
    first = threading.Thread(target=lambda: got.append(memo.remember(sqlite_db, "k", slow)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: got.append(memo.remember(sqlite_db, "k", slow)))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert got == [42, 42] and len(calls) == 1


def test_a_failure_is_not_handed_to_the_caller_who_waited(sqlite_db: Database) -> None:
    started, release = threading.Event(), threading.Event()

    def fails() -> int:
        started.set()
        release.wait(5)
        raise RuntimeError("stopped")

    errors: list[BaseException] = []

    def first_caller() -> None:
        try:
            memo.remember(sqlite_db, "k", fails)
        except RuntimeError as exc:
            errors.append(exc)

    first = threading.Thread(target=first_caller)
    first.start()
    started.wait(5)
    got: list[int] = []
    second = threading.Thread(target=lambda: got.append(memo.remember(sqlite_db, "k", lambda: 7)))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert len(errors) == 1 and got == [7]


def _ledger(db: Database) -> None:
    with db.batch():
        for e in range(3):
            firm = create_enterprise(
                db,
                {
                    "name": f"慈溪{'甲乙丙'[e]}电器有限公司",
                    "town_code": ("周巷镇", "龙山镇", "宗汉街道")[e],
                    "cluster_code": "智能家电",
                    "above_scale": True,
                    "above_scale_year": 2016,
                },
            )
            for p in range(3):
                create_project(
                    db,
                    firm.id,
                    {
                        "name": f"改造项目{e}{p}",
                        "plan_year": 2018,
                        "category_code": "机器换人",
                        "total_investment": str(Decimal(100 + 10 * p)),
                        "equipment_investment": "50",
                        "status": "竣工" if p else "计划",
                        "actual_start_date": "2018-03-01" if p else None,
                        "actual_completion_date": "2018-10-01" if p else None,
                    },
                )


def test_figures_prepared_ahead_equal_figures_asked_for(sqlite_db: Database) -> None:
    _ledger(sqlite_db)
    scope = Scope(year_from=2018, year_to=2018)
    period = (date(2018, 7, 1), date(2018, 12, 31))

    def figures() -> tuple[object, ...]:
        return (
            summaries.headline(sqlite_db, scope),
            summaries.by_town(sqlite_db, scope),
            summaries.by_category(sqlite_db, scope),
            summaries.providers(sqlite_db, scope),
            summaries.monthly(sqlite_db, scope),
            summaries.top_projects(sqlite_db, scope, 3),
            summaries.completed_between(sqlite_db, scope, *period),
        )

    memo.forget(sqlite_db)
    asked = figures()
    memo.forget(sqlite_db)
    thread = summaries.prepare(sqlite_db, scope, period=period, top=3)
    assert thread is not None
    prepared = figures()
    thread.join(10)
    assert prepared == asked
    assert asked[0].completed_projects == 6  # type: ignore[attr-defined]


def test_nothing_is_prepared_where_nothing_is_remembered(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite remembers")
    assert summaries.prepare(db, Scope()) is None
