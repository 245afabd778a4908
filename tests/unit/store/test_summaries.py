"""Every figure on a small ledger built by hand, where each answer is known.

Enterprises (town, 规上 since):
  A 周巷 2016 (renamed; former name 慈溪市旧甲电器厂)   B 周巷 2018   C 观海卫 2019
  D 观海卫 not 规上                                      E 宗汉 2010, no 2017–2018 project
Projects (plan year, status, total / equipment, approved subsidy, completion):
  pA1 2018 竣工   1000.00 / 600.00   60  2018-12-31   providers P1, P3
  pA2 2018 终止    500.00 / 300.00   10  —
  pB1 2018 已验收  800.50 / 400.25   40  2019-01-01   provider P1
  pC1 2018 在建   2000.00 / 1500.00  —   —            provider P2
  pD1 2018 已拨付  300.00 / 100.00   20  2018-06-30   paid 20
  pD0 2017 已验收  100.00 / 50.00     5  2017-05-01
  pE1 2020 计划 "良率提升10%改造", pE2 2020 计划 "A_B线改造"
Plans: 2018 周巷 3, 观海卫 2; 2017 周巷 1.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store.database import Database
from cixi_desktop.store.services import enterprises, plans, projects, providers
from cixi_desktop.store.summaries import (
    EVERYTHING,
    Scope,
    by_category,
    by_cluster,
    by_town,
    coverage_by_town,
    fiscal,
    headline,
    headline_fields,
    investment_bands,
    monthly,
    years_present,
)
from cixi_desktop.store.summaries import providers as provider_figures

ZHOUXIANG, GUANHAIWEI, ZONGHAN = "330282121", "330282107", "330282002"
USCC_A = make_uscc("91330282MA2AAAAA0")
USCC_B = make_uscc("91330282MA2BQBQB0")
D = Decimal

HEADLINE_KEYS = [
    "projects", "enterprises", "planned_enterprises", "completed_projects",
    "completed_enterprises", "completion_rate", "total_investment", "equipment_investment",
    "subsidy", "subsidy_paid", "leverage", "providers", "above_scale_enterprises",
    "above_scale_covered", "coverage_rate",
]  # fmt: skip


@dataclass
class Ledger:
    db: Database
    firms: dict[str, uuid.UUID]
    projects: dict[str, uuid.UUID]


def _firm(db: Database, name: str, town: str, cluster: str, since: int | None, **kw: object):  # type: ignore[no-untyped-def]
    return enterprises.create_enterprise(
        db,
        {
            "name": name,
            "town_code": town,
            "cluster_code": cluster,
            "above_scale": since is not None,
            "above_scale_year": since,
        }
        | kw,
    )


def _project(db: Database, firm: uuid.UUID, **values: object) -> uuid.UUID:
    return projects.create_project(db, firm, values).id


@pytest.fixture
def ledger(db: Database) -> Ledger:
    a = _firm(db, "慈溪市旧甲电器厂", "周巷镇", "智能家电", 2016, uscc=USCC_A)
    a = enterprises.update_enterprise(db, a.id, a.version, {"name": "宁波甲智能科技有限公司"})
    b = _firm(db, "慈溪乙轴承有限公司", "周巷镇", "关键基础件", 2018, uscc=USCC_B)
    c = _firm(db, "慈溪丙汽配有限公司", "观海卫镇", "汽车及零部件", 2019)
    d = _firm(db, "慈溪丁塑料制品厂", "观海卫镇", "其他", None)
    e = _firm(db, "慈溪戊新材料有限公司", "宗汉街道", "新材料", 2010)
    p1 = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    p2 = providers.create_provider(db, {"name": "慈溪自动化设备有限公司"})
    p3 = providers.create_provider(db, {"name": "杭州工业软件有限公司"})

    ids: dict[str, uuid.UUID] = {}
    ids["pA1"] = projects.create_project(
        db, a.id,
        {"name": "冲压车间机器换人", "plan_year": 2018, "category_code": "机器换人",
         "total_investment": "1000", "equipment_investment": "600", "status": "竣工",
         "actual_start_date": "2018-03-01", "actual_completion_date": "2018-12-31",
         "approved_subsidy": "60"},
        providers=[(p1.id, "总包"), (p3.id, "软件实施")],
    ).id  # fmt: skip
    ids["pA2"] = _project(
        db, a.id, name="装配线改造", plan_year=2018, category_code="生产线改造",
        total_investment="500", equipment_investment="300", status="终止", approved_subsidy="10",
    )  # fmt: skip
    ids["pB1"] = projects.create_project(
        db, b.id,
        {"name": "轴承数字化车间", "plan_year": 2018, "category_code": "数字化车间",
         "total_investment": "800.50", "equipment_investment": "400.25", "status": "已验收",
         "actual_start_date": "2018-04-01", "actual_completion_date": "2019-01-01",
         "acceptance_date": "2019-02-01", "approved_subsidy": "40"},
        providers=[(p1.id, "总包")],
    ).id  # fmt: skip
    ids["pC1"] = projects.create_project(
        db, c.id,
        {"name": "汽配智能工厂", "plan_year": 2018, "category_code": "智能工厂",
         "total_investment": "2000", "equipment_investment": "1500", "status": "在建",
         "actual_start_date": "2018-09-01"},
        providers=[(p2.id, "设备供应")],
    ).id  # fmt: skip
    ids["pD1"] = _project(
        db, d.id, name="注塑机器换人", plan_year=2018, category_code="机器换人",
        total_investment="300", equipment_investment="100", status="已拨付",
        actual_start_date="2018-02-01", actual_completion_date="2018-06-30",
        acceptance_date="2018-07-15", approved_subsidy="20",
    )  # fmt: skip
    projects.record_payment(db, ids["pD1"], date(2018, 8, 1), D("20"))
    ids["pD0"] = _project(
        db, d.id, name="仓储改造", plan_year=2017, category_code="其他",
        total_investment="100", equipment_investment="50", status="已验收",
        actual_start_date="2017-01-10", actual_completion_date="2017-05-01",
        acceptance_date="2017-06-01", approved_subsidy="5",
    )  # fmt: skip
    ids["pE1"] = _project(
        db, e.id, name="良率提升10%改造", plan_year=2020, category_code="其他",
        total_investment="10", equipment_investment="5",
    )  # fmt: skip
    ids["pE2"] = _project(
        db, e.id, name="A_B线改造", plan_year=2020, category_code="其他",
        total_investment="20", equipment_investment="10",
    )  # fmt: skip
    plans.set_annual_plan(db, 2018, ZHOUXIANG, 3, D("2000"))
    plans.set_annual_plan(db, 2018, GUANHAIWEI, 2, D("2500"))
    plans.set_annual_plan(db, 2017, ZHOUXIANG, 1, D("100"))
    firms = {"A": a.id, "B": b.id, "C": c.id, "D": d.id, "E": e.id}
    return Ledger(db, firms, ids)


# --- headline -------------------------------------------------------------------------------


def test_headline_has_exactly_the_fifteen_figures() -> None:
    assert headline_fields() == HEADLINE_KEYS


def test_headline_2018(ledger: Ledger) -> None:
    assert headline(ledger.db, Scope(2018, 2018)).as_dict() == {
        "projects": 5,  # the terminated project still counts as a project
        "enterprises": 4,
        "planned_enterprises": 5,
        "completed_projects": 3,
        "completed_enterprises": 3,
        "completion_rate": D("0.6000"),
        "total_investment": D("4100.50"),  # without the terminated 500
        "equipment_investment": D("2600.25"),
        "subsidy": D("120.00"),  # without the terminated 10
        "subsidy_paid": D("20.00"),
        "leverage": D("34.17"),  # 4100.50 / 120
        "providers": 3,  # P1 serves two projects: counted once
        "above_scale_enterprises": 3,  # A, B, E; C only became 规上 in 2019
        "above_scale_covered": 1,  # A (31 Dec counts); B completed on 1 January 2019
        "coverage_rate": D("0.3333"),
    }


def test_headline_2017_to_2018(ledger: Ledger) -> None:
    figures = headline(ledger.db, Scope(2017, 2018))
    assert (figures.projects, figures.enterprises, figures.planned_enterprises) == (6, 4, 6)
    assert (figures.completed_projects, figures.completed_enterprises) == (4, 3)
    assert figures.completion_rate == D("0.5000")
    assert (figures.total_investment, figures.equipment_investment) == (D("4200.50"), D("2650.25"))
    assert (figures.subsidy, figures.leverage) == (D("125.00"), D("33.60"))
    assert (figures.above_scale_enterprises, figures.above_scale_covered) == (3, 1)


def test_headline_2017(ledger: Ledger) -> None:
    figures = headline(ledger.db, Scope(2017, 2017))
    assert (figures.projects, figures.planned_enterprises, figures.completion_rate) == (
        1, 1, D("1.0000")
    )  # fmt: skip
    assert (figures.subsidy, figures.leverage, figures.providers) == (D("5.00"), D("20.00"), 0)
    # 规上 by the end of 2017: A and E; neither had completed a project by then.
    assert (figures.above_scale_enterprises, figures.above_scale_covered) == (2, 0)
    assert figures.coverage_rate == D("0.0000")


def test_undefined_rates_are_none(ledger: Ledger) -> None:
    figures = headline(ledger.db, Scope(2019, 2019))
    assert (figures.projects, figures.planned_enterprises) == (0, 0)
    assert figures.completion_rate is None
    assert figures.leverage is None
    assert (figures.total_investment, figures.subsidy) == (D("0.00"), D("0.00"))
    # Coverage is about enterprises, not projects in scope: by the end of 2019 A and B are.
    assert (figures.above_scale_enterprises, figures.above_scale_covered) == (4, 2)
    assert figures.coverage_rate == D("0.5000")


def test_completion_dates_around_31_december(ledger: Ledger) -> None:
    db = ledger.db
    a1, b1 = ledger.projects["pA1"], ledger.projects["pB1"]
    projects.update_project(db, a1, 1, {"actual_completion_date": "2019-01-01"})
    assert headline(db, Scope(2018, 2018)).above_scale_covered == 0
    projects.update_project(db, b1, 1, {"actual_completion_date": "2018-12-31"})
    figures = headline(db, Scope(2018, 2018))
    assert (figures.above_scale_covered, figures.coverage_rate) == (1, D("0.3333"))


def test_a_town_scope(ledger: Ledger) -> None:
    figures = headline(ledger.db, Scope(2018, 2018, town_code=GUANHAIWEI))
    assert (figures.projects, figures.planned_enterprises, figures.completed_enterprises) == (
        2, 2, 1
    )  # fmt: skip
    assert figures.total_investment == D("2300.00")
    # C is 规上 only from 2019, D never: no 规上 enterprise in 观海卫 in 2018.
    assert (figures.above_scale_enterprises, figures.coverage_rate) == (0, None)


def test_deleted_rows_leave_every_figure(ledger: Ledger) -> None:
    db = ledger.db
    before = headline(db, EVERYTHING)
    e = ledger.firms["E"]
    for key in ("pE1", "pE2"):
        from cixi_desktop.store.models import Project

        with db.write() as s:
            s.get_one(Project, ledger.projects[key]).deleted_at = db.now()
    enterprises.delete_enterprise(db, e, 1)
    after = headline(db, EVERYTHING)
    assert after.projects == before.projects - 2
    assert after.above_scale_enterprises == before.above_scale_enterprises - 1
    assert years_present(db) == [2017, 2018]


# --- breakdowns add up to the headline -------------------------------------------------------


def test_by_town(ledger: Ledger) -> None:
    table = by_town(ledger.db, Scope(2018, 2018))
    rows = {r.key: r for r in table.rows}
    assert len(rows) == 22  # every reporting unit, in official order
    assert next(iter(rows)) == ZONGHAN
    z = rows[ZHOUXIANG]
    assert (z.projects, z.enterprises, z.planned_enterprises, z.started_projects) == (3, 2, 3, 2)
    assert (z.completed_projects, z.accepted_projects, z.completed_enterprises) == (2, 1, 2)
    assert (z.total_investment, z.equipment_investment, z.subsidy) == (
        D("1800.50"), D("1000.25"), D("100.00")
    )  # fmt: skip
    assert (z.completion_rate, z.share) == (D("0.6667"), D("0.4391"))
    g = rows[GUANHAIWEI]
    assert (g.projects, g.completed_projects, g.accepted_projects, g.completion_rate) == (
        2, 1, 1, D("0.5000")
    )  # fmt: skip
    assert rows[ZONGHAN].projects == 0 and rows[ZONGHAN].completion_rate is None

    head = headline(ledger.db, Scope(2018, 2018))
    total = table.total
    assert (total.projects, total.enterprises, total.planned_enterprises) == (5, 4, 5)
    assert (total.total_investment, total.equipment_investment, total.subsidy) == (
        head.total_investment, head.equipment_investment, head.subsidy
    )  # fmt: skip
    assert total.completed_enterprises == head.completed_enterprises
    assert total.completion_rate == head.completion_rate
    for name in ("projects", "total_investment", "equipment_investment", "subsidy"):
        assert sum(getattr(r, name) for r in table.rows) == getattr(total, name), name


def test_by_town_for_one_town_has_one_row(ledger: Ledger) -> None:
    table = by_town(ledger.db, Scope(2018, 2018, town_code=ZHOUXIANG))
    assert [r.key for r in table.rows] == [ZHOUXIANG]
    assert table.total.total_investment == D("1800.50")


def test_by_category_and_cluster(ledger: Ledger) -> None:
    scope = Scope(2018, 2018)
    cats = {r.key: (r.projects, r.total_investment) for r in by_category(ledger.db, scope).rows}
    assert cats["robot"] == (2, D("1300.00"))
    assert cats["line"] == (1, D("0.00"))  # terminated: a project, but no investment
    assert cats["digital_workshop"] == (1, D("800.50"))
    assert cats["smart_factory"] == (1, D("2000.00"))
    clusters = by_cluster(ledger.db, scope)
    assert {r.key: r.projects for r in clusters.rows if r.projects} == {
        "appliance": 2, "basic_parts": 1, "auto_parts": 1, "other": 1
    }  # fmt: skip
    assert clusters.total.total_investment == D("4100.50")


def test_investment_bands_put_bounds_in_the_higher_band(ledger: Ledger) -> None:
    table = investment_bands(ledger.db, Scope(2018, 2018))
    assert [(r.projects, r.total_investment) for r in table.rows] == [
        (1, D("300.00")),  # < 500
        (2, D("800.50")),  # 500 (terminated) and 800.50
        (2, D("3000.00")),  # 1000 and 2000
        (0, D("0.00")),
        (0, D("0.00")),
    ]
    assert table.total.total_investment == D("4100.50")


def test_coverage_by_town(ledger: Ledger) -> None:
    table = coverage_by_town(ledger.db, Scope(2018, 2018))
    rows = {r.key: (r.enterprises, r.completed_enterprises) for r in table.rows}
    assert rows[ZHOUXIANG] == (2, 1)
    assert rows[ZONGHAN] == (1, 0)
    assert rows[GUANHAIWEI] == (0, 0)
    assert (table.total.enterprises, table.total.completed_enterprises) == (3, 1)
    assert table.total.completion_rate == headline(ledger.db, Scope(2018, 2018)).coverage_rate


def test_service_providers(ledger: Ledger) -> None:
    rows, total = provider_figures(ledger.db, Scope(2018, 2018))
    assert [(r.name, r.enterprises, r.projects, r.investment) for r in rows] == [
        ("慈溪自动化设备有限公司", 1, 1, D("2000.00")),
        ("宁波智造工程服务有限公司", 2, 2, D("1800.50")),
        ("杭州工业软件有限公司", 1, 1, D("1000.00")),
    ]
    # A project with two providers counts once in the total.
    assert (total.enterprises, total.projects, total.investment) == (3, 3, D("3800.50"))


def test_monthly_progress(ledger: Ledger) -> None:
    rows = {r.month: (r.started, r.completed, r.completed_investment) for r in monthly(
        ledger.db, Scope(2018, 2018)
    )}  # fmt: skip
    assert rows == {
        "2018-02": (1, 0, D("0.00")),
        "2018-03": (1, 0, D("0.00")),
        "2018-04": (1, 0, D("0.00")),
        "2018-06": (0, 1, D("300.00")),
        "2018-09": (1, 0, D("0.00")),
        "2018-12": (0, 1, D("1000.00")),
        "2019-01": (0, 1, D("800.50")),
    }


def test_fiscal(ledger: Ledger) -> None:
    assert fiscal(ledger.db, Scope(2018, 2018)) == {
        "subsidy": D("120.00"),
        "subsidy_paid": D("20.00"),
        "total_investment": D("4100.50"),
        "equipment_investment": D("2600.25"),
        "leverage": D("34.17"),
        "equipment_leverage": D("21.67"),
    }


def test_years_present(ledger: Ledger) -> None:
    assert years_present(ledger.db) == [2017, 2018, 2020]


# --- keyword filter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("丁塑料", {"pD1", "pD0"}),  # enterprise name
        ("旧甲", {"pA1", "pA2"}),  # former name
        ("甲智能", {"pA1", "pA2"}),  # current name
        (USCC_B[8:14].lower(), {"pB1"}),  # USCC fragment, typed in lower case
        (USCC_A, {"pA1", "pA2"}),
        ("机器换人", {"pA1", "pD1"}),  # project name
        ("cx-2017", {"pD0"}),  # project code, lower case
        ("ＣＸ－２０２０", {"pE1", "pE2"}),  # full-width code
        ("%", {"pE1"}),  # % is a character, not a wildcard
        ("10%", {"pE1"}),
        ("_", {"pE2"}),  # so is _
        ("A_B", {"pE2"}),
        ("＿", set()),  # full-width: NFKC must not turn it into a wildcard for codes
        ("％", set()),
        ("\\", set()),
        ("  ", {"pA1", "pA2", "pB1", "pC1", "pD1", "pD0", "pE1", "pE2"}),  # blank: no filter
        ("周巷", set()),  # towns are filtered by town, not by keyword
    ],
)
def test_keyword_filter(ledger: Ledger, keyword: str, expected: set[str]) -> None:
    from cixi_desktop.store.ledger import iter_ledger

    found = {r["id"] for r in iter_ledger(ledger.db, Scope(keyword=keyword))}
    assert found == {ledger.projects[k] for k in expected}
    assert headline(ledger.db, Scope(keyword=keyword)).projects == len(expected)


def test_keyword_combines_with_year(ledger: Ledger) -> None:
    assert headline(ledger.db, Scope(2018, 2018, keyword="机器换人")).projects == 2
    assert headline(ledger.db, Scope(2017, 2017, keyword="机器换人")).projects == 0


# --- exact sums -----------------------------------------------------------------------------


def test_sums_of_big_amounts_stay_exact(db: Database) -> None:
    big = D("12345678901234567.89")
    for n in range(3):
        firm = _firm(db, f"大额企业{n}", "周巷镇", "其他", None)
        _project(
            db, firm.id, name="大额项目", plan_year=2018, category_code="其他",
            total_investment=big if n < 2 else "0.03", equipment_investment="0.01",
            approved_subsidy="0.07",
        )  # fmt: skip
    figures = headline(db, Scope(2018, 2018))
    assert figures.total_investment == D("24691357802469135.81")
    assert str(figures.total_investment) == "24691357802469135.81"
    assert figures.equipment_investment == D("0.03")
    assert figures.subsidy == D("0.21")
    assert figures.leverage == D("117577894297472075.29")
    assert by_town(db, Scope(2018, 2018)).total.total_investment == figures.total_investment
