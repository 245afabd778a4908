"""A small bureau ledger made through the services, and a full dump to compare ledgers.

Shared by the exchange tests (unit, command line, window): load it with
``importlib.util.spec_from_file_location`` — tests folders are not packages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from cixi_desktop.domain.workflow import Status
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import Base
from cixi_desktop.store.services import enterprises, plans, projects, providers
from cixi_desktop.store.services.projects import StatusMove

ZHOUXIANG = "330282121"


@dataclass
class Sample:
    provider: uuid.UUID
    firm: uuid.UUID
    built: uuid.UUID  # 已拨付, with a payment
    planned: uuid.UUID  # 计划, the one both sides edit
    dropped: uuid.UUID  # soft-deleted


def project_raw(name: str, year: int = 2019, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "plan_year": year,
        "category_code": "机器换人",
        "total_investment": "1000",
        "equipment_investment": "500",
    } | extra


def build(db: Database) -> Sample:
    """Providers, enterprises (one renamed), projects through the whole workflow with a
    subsidy and a payment, a soft-deleted project and an annual plan."""
    provider = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    providers.create_provider(db, {"name": "慈溪精工自动化有限公司", "town_code": "周巷镇"})
    firm = enterprises.create_enterprise(
        db,
        {
            "name": "慈溪市甲电器有限公司",
            "uscc": "91330282MA2AGEKA2X",
            "town_code": "周巷镇",
            "cluster_code": "智能家电",
            "above_scale": True,
            "above_scale_year": 2015,
            "contact": "王经理",
        },
    )
    firm = enterprises.update_enterprise(
        db, firm.id, firm.version, {"name": "宁波甲电器股份有限公司"}
    )
    other = enterprises.create_enterprise(
        db, {"name": "慈溪市乙机械有限公司", "town_code": "观海卫镇", "cluster_code": "智能装备"}
    )
    built = projects.create_project(
        db, firm.id, project_raw("冲压车间机器换人", 2018), [(provider.id, "总包")]
    )
    for move in (
        StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 3, 1)),
        StatusMove(Status.COMPLETED, actual_completion_date=date(2018, 9, 30)),
        StatusMove(Status.ACCEPTED, acceptance_date=date(2018, 11, 5), acceptance_result="合格"),
    ):
        built = projects.change_status(db, built.id, built.version, move)
    built = projects.grant_subsidy(db, built.id, built.version, Decimal("80"), "按会议纪要")
    projects.record_payment(db, built.id, date(2018, 12, 20), Decimal("50"), "慈财企〔2018〕12号")
    planned = projects.create_project(db, other.id, project_raw("装配线改造", notes="原备注"))
    dropped = projects.create_project(db, other.id, project_raw("试点项目"))
    from cixi_desktop.store.services.registry_edits import withdraw

    withdraw(db, "project", dropped.id, dropped.version)
    plans.set_annual_plan(db, 2019, ZHOUXIANG, 12, Decimal("6000"))
    return Sample(provider.id, firm.id, built.id, planned.id, dropped.id)


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: equal dumps, equal ledgers."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            tables[table.name] = [tuple(r) for r in s.execute(select(table).order_by(*order))]
    return tables


PROVENANCE = {"updated_at", "updated_by"}


def content(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The business tables without merge-time stamps (which differ between ledgers)."""
    names = (
        "service_provider", "enterprise", "enterprise_former_name", "project",
        "project_provider", "annual_plan", "subsidy_payment", "status_change",
    )  # fmt: skip
    result: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name not in names:
                continue
            columns = [c for c in table.columns if c.key not in PROVENANCE]
            order = list(table.primary_key.columns)
            result[table.name] = [tuple(r) for r in s.execute(select(*columns).order_by(*order))]
    return result
