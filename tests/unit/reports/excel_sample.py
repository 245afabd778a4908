"""A small but varied ledger for the Excel tests: every status, providers, payments, 规上
enterprises with their year, a former name, annual plans, text that looks like formulas.

Loaded by the tests with ``load_sample()`` (test folders have no packages).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store.database import Database
from cixi_desktop.store.services.enterprises import create_enterprise, update_enterprise
from cixi_desktop.store.services.plans import set_annual_plan
from cixi_desktop.store.services.projects import (
    StatusMove,
    change_status,
    create_project,
    grant_subsidy,
    record_payment,
)
from cixi_desktop.store.services.providers import create_provider

USCC = [make_uscc(f"91330282{n:09d}") for n in range(1, 9)]
LONG_TEXT = "长" * 40_000


def _move(db: Database, project, target: Status, **facts):  # type: ignore[no-untyped-def]
    return change_status(db, project.id, project.version, StatusMove(target, **facts))


def build_sample(db: Database) -> dict[str, object]:
    """Create the data; returns a few handles the tests look at."""
    p1 = create_provider(db, {"name": "宁波智造工程服务有限公司"})
    p2 = create_provider(db, {"name": "慈溪市自动化科技有限公司"})
    ents = []
    specs = [
        ("慈溪市甲电器有限公司", USCC[0], "周巷镇", "智能家电", True, 2015),
        ("宁波乙轴承有限公司", USCC[1], "观海卫镇", "关键基础件", True, 2017),
        ("慈溪丙汽配有限公司", USCC[2], "宗汉街道", "汽车及零部件", False, None),
        ("慈溪市丁新材料有限公司", "", "周巷镇", "新材料", True, 2019),
        ("宁波戊装备（慈溪）有限公司", USCC[4], "滨海经济开发区", "智能装备", False, None),
    ]
    for name, uscc, town, cluster, above, year in specs:
        ents.append(
            create_enterprise(
                db,
                {
                    "name": name,
                    "uscc": uscc,
                    "town_code": town,
                    "cluster_code": cluster,
                    "above_scale": above,
                    "above_scale_year": year,
                    "contact": "王工",
                    "phone": "0574-63123456",
                },
            )
        )
    # A renamed firm: its old name still finds it.
    ents[2] = update_enterprise(db, ents[2].id, ents[2].version, {"name": "宁波丙汽车部件有限公司"})

    def project(ent, name, year, category, total, equipment, **extra):  # type: ignore[no-untyped-def]
        raw = {
            "name": name,
            "plan_year": year,
            "category_code": category,
            "total_investment": Decimal(total),
            "equipment_investment": Decimal(equipment),
            **extra,
        }
        return create_project(db, ent.id, raw, providers=extra.pop("providers", ()))

    made = {}
    made["planned"] = project(
        ents[0],
        "年产 50 万台家电智能生产线",
        2019,
        "生产线改造",
        "1200.50",
        "800.25",
        notes="=1+1",
        content="+86 574 63123456",
    )
    started = project(
        ents[1],
        "轴承磨加工机器换人",
        2018,
        "机器换人",
        "450.00",
        "300.00",
        providers=[(p1.id, "总包")],
        notes="-5 台待到货",
    )
    made["started"] = _move(db, started, Status.IN_PROGRESS, actual_start_date=date(2018, 3, 15))
    done = project(
        ents[2],
        "汽配数字化车间",
        2018,
        "数字化车间",
        "5600.00",
        "4200.00",
        providers=[(p1.id, "总包"), (p2.id, "软件实施")],
        notes="@x 备注",
    )
    done = _move(db, done, Status.IN_PROGRESS, actual_start_date=date(2018, 2, 1))
    made["completed"] = _move(db, done, Status.COMPLETED, actual_completion_date=date(2018, 11, 20))
    acc = project(
        ents[0],
        "智能仓储改造",
        2018,
        "智能工厂",
        "12000.00",
        "9000.00",
        providers=[(p2.id, "总包")],
        content=LONG_TEXT,
    )
    acc = _move(db, acc, Status.IN_PROGRESS, actual_start_date=date(2018, 1, 10))
    acc = _move(db, acc, Status.COMPLETED, actual_completion_date=date(2018, 9, 30))
    made["accepted"] = _move(
        db, acc, Status.ACCEPTED, acceptance_date=date(2018, 12, 5), acceptance_result="通过"
    )
    paid = project(
        ents[1], "轴承装配自动化成套改造", 2017, "自动化成套装备改造", "880.00", "700.00"
    )
    paid = _move(db, paid, Status.IN_PROGRESS, actual_start_date=date(2017, 4, 1))
    paid = _move(db, paid, Status.COMPLETED, actual_completion_date=date(2017, 10, 8))
    paid = _move(db, paid, Status.ACCEPTED, acceptance_date=date(2017, 12, 1))
    paid = grant_subsidy(db, paid.id, paid.version, Decimal("56.00"), "按审定数")
    record_payment(db, paid.id, date(2018, 1, 20), Decimal("30.00"))
    record_payment(db, paid.id, date(2018, 3, 20), Decimal("26.00"))
    made["paid"] = _move(db, paid, Status.PAID)
    rej = project(ents[3], "新材料产线上云", 2019, "工业互联网/上云", "300.00", "120.00")
    rej = _move(db, rej, Status.IN_PROGRESS, actual_start_date=date(2019, 3, 1))
    rej = _move(db, rej, Status.COMPLETED, actual_completion_date=date(2019, 8, 1))
    made["rejected"] = _move(
        db, rej, Status.REJECTED, acceptance_date=date(2019, 9, 1), reason="资料不全"
    )
    rect = project(
        ents[4],
        "装备总装线改造",
        2019,
        "生产线改造",
        "2500.00",
        "2000.00",
        providers=[(p1.id, "设备供应")],
    )
    rect = _move(db, rect, Status.IN_PROGRESS, actual_start_date=date(2019, 1, 5))
    rect = _move(db, rect, Status.COMPLETED, actual_completion_date=date(2019, 6, 30))
    rect = _move(db, rect, Status.REJECTED, acceptance_date=date(2019, 7, 10), reason="未达标")
    made["rectifying"] = _move(db, rect, Status.RECTIFYING, reason="限期整改")
    term = project(
        ents[4], "立体仓库", 2018, "其他", "700.00", "500.00", approved_subsidy=Decimal("20.00")
    )
    made["terminated"] = _move(db, term, Status.TERMINATED, reason="企业搬迁")
    for town, planned, invest in (("330282121", 3, "5000"), ("330282107", 2, "1500")):
        for year in (2017, 2018, 2019):
            set_annual_plan(db, year, town, planned, Decimal(invest))
    return {"enterprises": ents, "projects": made, "providers": [p1, p2]}


def copy_plans(source: Database, target: Database) -> None:
    """Annual plans are not part of a project ledger; a round trip brings them separately."""
    from sqlalchemy import select

    from cixi_desktop.store.models import AnnualPlan

    with source.read() as s:
        plans = s.execute(
            select(
                AnnualPlan.year,
                AnnualPlan.town_code,
                AnnualPlan.planned_enterprises,
                AnnualPlan.planned_investment,
            ).where(AnnualPlan.deleted_at.is_(None))
        ).all()
    for year, town, count, amount in plans:
        set_annual_plan(target, year, town, count, amount)
