"""The demo ledger: the article's figures exactly, every status with a history that follows
the workflow, plausible registry data, determinism, and refusing a database with data.

Full demo loads are slow, so these share the session's ``demo_db`` and only the CLI test
loads the demo once more (``--force``), which doubles as the determinism check.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.phone import clean_phone
from cixi_desktop.domain.uscc import clean_uscc
from cixi_desktop.domain.workflow import COMPLETED_STATUSES, TRANSITIONS, Status
from cixi_desktop.store.backup import backup_sqlite
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.demo import AS_OF, _demo_clock, has_business_data, load_demo
from cixi_desktop.store.models import (
    AnnualPlan,
    AuditEntry,
    Enterprise,
    Project,
    ServiceProvider,
    StatusChange,
    Town,
)
from cixi_desktop.store.services import enterprises, plans, projects, providers
from cixi_desktop.store.services.reset import reset_ledger
from cixi_desktop.store.summaries import Scope, headline

CLUSTER_DIVISIONS = {
    "appliance": {"38", "39"},
    "basic_parts": {"33", "34"},
    "auto_parts": {"36"},
    "equipment": {"34", "35"},
    "materials": {"26", "29"},
    "health": {"27", "35"},
}


def _projects(db: Database) -> list[Project]:
    with db.read() as s:
        return list(
            s.scalars(
                select(Project)
                .options(
                    selectinload(Project.status_changes),
                    selectinload(Project.payments),
                    selectinload(Project.providers),
                )
                .order_by(Project.code)
            )
        )


# --- the article's figures ---------------------------------------------------------------


def test_2018_plan_completion_and_coverage(demo_db: Database) -> None:
    h = headline(demo_db, Scope(2018, 2018))
    assert h.planned_enterprises == 400
    assert h.completed_enterprises == 722
    assert h.completion_rate == Decimal("1.805")
    assert h.above_scale_enterprises > 400
    assert h.above_scale_covered == h.above_scale_enterprises
    assert h.coverage_rate == 1


def test_2017_2018_subsidy_investment_and_providers(demo_db: Database) -> None:
    h = headline(demo_db, Scope(2017, 2018))
    assert h.subsidy == Decimal("37000.00")
    assert Decimal(950_000) <= h.total_investment < Decimal(1_000_000)
    assert h.providers == 42
    assert h.leverage is not None and 20 < h.leverage < 30


def test_2017_and_2019_have_plans_and_sensible_progress(demo_db: Database) -> None:
    h2017 = headline(demo_db, Scope(2017, 2017))
    assert h2017.planned_enterprises == 300
    assert 250 <= h2017.completed_enterprises <= 450
    assert 0 < (h2017.coverage_rate or 0) < 1  # full coverage came in 2018, a year early
    h2019 = headline(demo_db, Scope(2019, 2019))
    assert h2019.planned_enterprises > 400
    assert 0 < h2019.completed_projects < h2019.projects / 2
    assert h2019.subsidy == 0


def test_plans_cover_every_town_bigger_towns_more(demo_db: Database) -> None:
    with demo_db.read() as s:
        rows = s.execute(
            select(AnnualPlan.town_code, AnnualPlan.planned_enterprises).where(
                AnnualPlan.year == 2018
            )
        ).all()
        towns = {t.code: t for t in s.scalars(select(Town))}
    planned = dict(rows)
    assert set(planned) == set(towns)
    assert (
        planned["330282121"] > planned["330282004"] > planned["330282404"]
    )  # 周巷 > 浒山 > 创新中心


# --- statuses and histories ------------------------------------------------------------------


def test_every_status_appears_and_later_years_are_still_under_way(demo_db: Database) -> None:
    by_year = Counter((p.plan_year, p.status) for p in _projects(demo_db))
    assert {status for _, status in by_year} == {str(s) for s in Status}
    assert by_year[2019, Status.PLANNED] > 0 and by_year[2019, Status.IN_PROGRESS] > 0
    assert by_year[2019, Status.TERMINATED] > 0
    for year in (2017, 2018):
        done = sum(
            n for (y, status), n in by_year.items() if y == year and status in COMPLETED_STATUSES
        )
        assert done / sum(n for (y, _), n in by_year.items() if y == year) > 0.95


def test_histories_start_at_plan_and_follow_the_workflow(demo_db: Database) -> None:
    for p in _projects(demo_db):
        changes = p.status_changes
        assert changes[0].from_status is None and changes[0].to_status == Status.PLANNED, p.code
        for before, after in pairwise(changes):
            assert after.from_status == before.to_status, p.code
            assert Status(after.to_status) in TRANSITIONS[Status(before.to_status)], p.code
            assert after.at > before.at, p.code
        assert changes[-1].to_status == p.status, p.code
        for change in changes:
            if change.to_status in (Status.TERMINATED, Status.REJECTED, Status.RECTIFYING):
                assert change.reason, p.code
            if change.to_status in (Status.ACCEPTED, Status.REJECTED, Status.PAID):
                assert change.document_no.startswith(("慈经信〔", "慈财企〔")), p.code
        # Stored naive UTC: office hours in 慈溪 (UTC+8) are 01:00–09:00 plus a little.
        assert all(
            datetime(2017, 1, 1) <= c.at <= datetime.combine(AS_OF, datetime.max.time())
            for c in changes
        )
        assert all(0 <= c.at.hour <= 10 for c in changes), p.code


def test_dates_amounts_outcomes_and_payments_make_sense(demo_db: Database) -> None:
    for p in _projects(demo_db):
        year_start, year_end = date(p.plan_year, 1, 1), date(p.plan_year, 12, 31)
        assert Decimal(0) < p.equipment_investment <= p.total_investment, p.code
        assert year_start <= p.planned_start_date < p.planned_completion_date <= year_end, p.code
        if p.actual_start_date:
            assert p.actual_start_date >= year_start, p.code
        if p.actual_completion_date:
            assert p.actual_start_date < p.actual_completion_date <= year_end, p.code
        if p.acceptance_date:
            assert p.actual_completion_date < p.acceptance_date <= AS_OF, p.code
        done = p.status in COMPLETED_STATUSES
        assert (p.actual_completion_date is not None) == done, p.code
        assert (p.labour_reduction is not None and p.productivity_gain_pct is not None) == done
        assert 1 <= len(p.providers) <= 2, p.code
        paid = sum((pay.amount for pay in p.payments), Decimal(0))
        if p.status == Status.PAID:
            assert paid == p.approved_subsidy and 1 <= len(p.payments) <= 2, p.code
        else:
            assert not p.payments, p.code
        if p.approved_subsidy is not None:
            assert p.status in (Status.ACCEPTED, Status.PAID), p.code
            assert Decimal(0) <= p.approved_subsidy <= p.equipment_investment, p.code
            assert p.subsidy_rule_code == f"CX-{p.plan_year}", p.code
            if p.approved_subsidy != p.subsidy_computed:
                assert p.subsidy_override_reason == "经局务会研究，按专项资金额度统筹核定"
                assert p.approved_subsidy < p.subsidy_computed, p.code


def test_investment_spread_is_like_cixi(demo_db: Database) -> None:
    totals = sorted(p.total_investment for p in _projects(demo_db) if p.plan_year < 2019)
    median = totals[len(totals) // 2]
    assert Decimal(200) <= median <= Decimal(3000)
    assert sum(1 for t in totals if t >= 5000) >= 10
    assert 3 <= sum(1 for t in totals if t >= 10_000) <= 20
    overrides = [p for p in _projects(demo_db) if p.subsidy_override_reason]
    assert 1 <= len(overrides) <= 20


# --- registry data -------------------------------------------------------------------------


def test_enterprises_are_plausible(demo_db: Database) -> None:
    with demo_db.read() as s:
        firms = list(s.scalars(select(Enterprise)))
        zones = set(s.scalars(select(Town.code).where(Town.kind == "开发区")))
    names = [f.name for f in firms]
    assert len(set(names)) == len(names)
    assert len({f.uscc for f in firms}) == len(firms)
    for f in firms:
        assert f.uscc is not None and f.uscc.startswith("91330282") and clean_uscc(f.uscc) == f.uscc
        assert clean_phone(f.phone) == f.phone and f.phone
        assert f.contact and f.address.startswith("慈溪")
        assert f.name.endswith(("有限公司", "股份有限公司"))
        if f.cluster_code in CLUSTER_DIVISIONS:
            assert f.division_code in CLUSTER_DIVISIONS[f.cluster_code], f.name
        assert (f.above_scale_year is not None) == f.above_scale
    clusters = Counter(f.cluster_code for f in firms).most_common()
    assert [c for c, _ in clusters[:3]] == ["appliance", "basic_parts", "auto_parts"]
    towns = Counter(f.town_code for f in firms)
    assert zones <= set(towns) and all(towns[z] < towns["330282121"] for z in zones)


def test_providers_are_named_with_specialties(demo_db: Database) -> None:
    with demo_db.read() as s:
        pool = list(s.scalars(select(ServiceProvider)))
    assert len(pool) == 42 and len({p.name for p in pool}) == 42
    assert all(p.specialty and p.name.endswith("有限公司") and p.uscc for p in pool)


def test_everything_was_written_through_the_services(demo_db: Database) -> None:
    with demo_db.read() as s:
        audited = set(s.scalars(select(AuditEntry.entity_id).where(AuditEntry.entity == "project")))
        moved = s.scalar(select(func.min(Project.version)).where(Project.status != Status.PLANNED))
        history = s.scalar(select(func.count()).select_from(StatusChange))
        projects_count = s.scalar(select(func.count()).select_from(Project))
    assert len(audited) == projects_count
    assert moved is not None and moved > 1
    assert history > 3 * projects_count


# --- refusing, forcing, determinism ------------------------------------------------------------


def test_refuses_a_database_with_data(demo_db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        load_demo(demo_db)
    assert "--force" in str(caught.value)


def test_clock_is_restored_even_after_a_failure(db: Database) -> None:
    before = db.clock
    with pytest.raises(RuntimeError), _demo_clock(db) as clock:
        assert db.clock is clock
        raise RuntimeError
    assert db.clock is before


def _snapshot(path: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT p.code, p.name, e.name, e.uscc, p.status, p.total_investment,"
            " p.equipment_investment, p.approved_subsidy, p.actual_completion_date"
            " FROM project p JOIN enterprise e ON e.id = p.enterprise_id ORDER BY p.code"
        ).fetchall()
    finally:
        con.close()


def test_cli_refuses_then_force_backs_up_and_loads_the_same_demo(
    demo_db: Database,
    run_cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "copy" / "ledger.sqlite3"
    path.parent.mkdir()
    backup_sqlite(Path(demo_db.url.database or ""), path)
    before = _snapshot(path)

    refused = run_cli("--db", str(path), "demo")
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr

    forced = run_cli("--db", str(path), "demo", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "42" in forced.stdout
    backups = list((path.parent / "backups").glob("*before-demo*.sqlite3"))
    assert len(backups) == 1
    assert _snapshot(backups[0]) == before
    # A second, independent load gives the same ledger (UUIDs aside).
    assert _snapshot(path) == before
    reopened = open_database(path, user="测试员")
    try:
        assert headline(reopened, Scope(2017, 2018)).subsidy == Decimal("37000.00")
        with reopened.read() as s:
            resets = s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "reset")
            )
        assert resets == 1
    finally:
        reopened.close()


def test_reset_ledger_empties_business_tables_and_keeps_reference_data(db: Database) -> None:
    firm = enterprises.create_enterprise(
        db, {"name": "慈溪市测试电器有限公司", "town_code": "周巷", "cluster_code": "智能家电"}
    )
    pro = providers.create_provider(db, {"name": "宁波测试智能科技有限公司"})
    projects.create_project(
        db,
        firm.id,
        {
            "name": "测试项目",
            "plan_year": 2018,
            "category_code": "机器换人",
            "total_investment": "100",
            "equipment_investment": "80",
        },
        [(pro.id, "总包")],
    )
    plans.set_annual_plan(db, 2018, "330282121", 10, Decimal(1000))

    counts = reset_ledger(db)

    assert counts == {"企业": 1, "项目": 1, "服务商": 1, "年度计划": 1}
    with db.read() as s:
        for model in (Enterprise, Project, ServiceProvider, AnnualPlan, StatusChange):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        assert s.scalar(select(func.count()).select_from(Town)) == 22
        reset = s.scalars(select(AuditEntry).where(AuditEntry.action == "reset")).one()
    assert reset.user == "测试员" and "项目 1" in (reset.old or "")
    assert not has_business_data(db)
