"""The ledger rows (项目明细): one column definition, streamed in code order, same scope as
the figures."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from cixi_desktop.store.columns import COLUMN_KEYS, LEDGER_COLUMNS
from cixi_desktop.store.database import Database
from cixi_desktop.store.ledger import iter_ledger
from cixi_desktop.store.services import enterprises, projects, providers
from cixi_desktop.store.summaries import EVERYTHING, Scope, headline

KINDS = {"text", "code", "amount", "percent", "date", "int", "flag"}


@pytest.fixture
def five(db: Database) -> list[uuid.UUID]:
    firm = enterprises.create_enterprise(
        db,
        {"name": "慈溪市甲电器有限公司", "town_code": "周巷镇", "cluster_code": "智能家电",
         "above_scale": "是", "above_scale_year": 2016, "contact": "张三",
         "phone": "13805741234"},
    )  # fmt: skip
    a = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    b = providers.create_provider(db, {"name": "慈溪自动化设备有限公司"})
    ids = []
    for n, year in enumerate((2018, 2018, 2019, 2017, 2018), start=1):
        row = projects.create_project(
            db,
            firm.id,
            {"name": f"项目{n}", "plan_year": year, "category_code": "机器换人",
             "total_investment": f"{n}00.5", "equipment_investment": "50",
             "productivity_gain_pct": "12.5%", "actual_start_date": "2018-03-01"},
            providers=[(a.id, "总包"), (b.id, "设备供应")] if n == 1 else [],
        )  # fmt: skip
        ids.append(row.id)
    first = projects.grant_subsidy(db, ids[0], 1, amount=Decimal("30"), reason="测试")
    projects.record_payment(db, first.id, date(2019, 1, 1), Decimal("12.34"))
    return ids


def test_columns_are_described_once() -> None:
    assert len(set(COLUMN_KEYS)) == len(COLUMN_KEYS)
    assert {c.kind for c in LEDGER_COLUMNS} <= KINDS
    assert all(c.label and c.width > 0 for c in LEDGER_COLUMNS)
    assert {"code", "enterprise_name", "uscc", "total_investment", "status"} <= set(COLUMN_KEYS)


def test_rows_come_in_code_order_with_every_column(db: Database, five: list[uuid.UUID]) -> None:
    rows = list(iter_ledger(db))
    assert [r["code"] for r in rows] == [
        "CX-2017-0001", "CX-2018-0001", "CX-2018-0002", "CX-2018-0003", "CX-2019-0001"
    ]  # fmt: skip
    assert all(set(r) == {"id", *COLUMN_KEYS} for r in rows)
    first = next(r for r in rows if r["id"] == five[0])
    assert first["enterprise_name"] == "慈溪市甲电器有限公司"
    assert (first["town"], first["cluster"], first["category"]) == (
        "周巷镇",
        "智能家电",
        "机器换人",
    )
    assert first["above_scale"] is True
    assert first["total_investment"] == Decimal("100.50")
    assert first["approved_subsidy"] == Decimal("30.00")
    assert first["subsidy_paid"] == Decimal("12.34")
    assert first["productivity_gain_pct"] == Decimal("12.50")
    assert first["actual_start_date"] == date(2018, 3, 1)
    assert (
        first["providers"] == "宁波智造工程服务有限公司（总包）、慈溪自动化设备有限公司（设备供应）"
    )
    other = next(r for r in rows if r["id"] == five[1])
    assert (other["providers"], other["subsidy_paid"], other["approved_subsidy"]) == (
        "", Decimal("0.00"), None
    )  # fmt: skip


def test_small_batches_yield_every_row_once(db: Database, five: list[uuid.UUID]) -> None:
    assert [r["id"] for r in iter_ledger(db, batch=2)] == [r["id"] for r in iter_ledger(db)]
    assert sorted(r["id"] for r in iter_ledger(db, batch=1)) == sorted(five)


@pytest.mark.parametrize(
    "scope",
    [EVERYTHING, Scope(2018, 2018), Scope(2017, 2018), Scope(keyword="项目3"), Scope(2020, 2020)],
)
def test_the_ledger_and_the_figures_cover_the_same_projects(
    db: Database, five: list[uuid.UUID], scope: Scope
) -> None:
    rows = list(iter_ledger(db, scope))
    figures = headline(db, scope)
    assert len(rows) == figures.projects
    live = [r for r in rows if r["status"] != "终止"]
    assert sum((r["total_investment"] for r in live), Decimal("0.00")) == figures.total_investment
