"""A small but varied ledger, entered through the services as a clerk would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store.database import Database
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.projects import create_project, record_payment
from cixi_desktop.store.services.providers import create_provider

TOWNS = ("周巷镇", "宗汉街道", "观海卫镇", "坎墩街道", "龙山镇")
CLUSTERS = ("智能家电", "关键基础件", "汽车及零部件", "新材料")
CATEGORIES = ("机器换人", "生产线改造", "数字化车间", "智能工厂")
# (status, facts the status needs)
STATUSES: tuple[tuple[str, dict[str, object]], ...] = (
    ("计划", {}),
    ("在建", {"actual_start_date": "2018-03-01"}),
    (
        "竣工",
        {"actual_start_date": "2018-03-01", "actual_completion_date": "2018-11-20"},
    ),
    (
        "已验收",
        {
            "actual_start_date": "2018-02-01",
            "actual_completion_date": "2018-09-30",
            "acceptance_date": "2018-12-10",
            "approved_subsidy": "36.5",
        },
    ),
)
ENTERPRISES = 16
PROJECTS_EACH = 3


def fill_ledger(db: Database) -> None:
    providers = [
        create_provider(db, {"name": name, "town_code": "浒山街道"})
        for name in ("宁波甬智科技有限公司", "慈溪智造工程服务有限公司", "浙江精工自动化有限公司")
    ]
    with db.batch():
        for e in range(ENTERPRISES):
            enterprise = create_enterprise(
                db,
                {
                    "name": f"慈溪市{'甲乙丙丁戊己庚辛'[e % 8]}{e:02d}电器有限公司",
                    "uscc": make_uscc(f"91330282{e:09d}"),
                    "town_code": TOWNS[e % len(TOWNS)],
                    "cluster_code": CLUSTERS[e % len(CLUSTERS)],
                    "above_scale": e % 3 != 0,
                    "above_scale_year": 2015 if e % 3 != 0 else None,
                    "contact": "王工",
                    "phone": "0574-63012345",
                },
                former_names=[f"慈溪县老字号{e:02d}厂"] if e % 4 == 0 else [],
            )
            for p in range(PROJECTS_EACH):
                k = e * PROJECTS_EACH + p
                status, facts = STATUSES[k % len(STATUSES)]
                total = Decimal(120 + 37 * k) + Decimal("0.55")
                link = [(providers[k % len(providers)].id, "总包")] if k % 5 else []
                project = create_project(
                    db,
                    enterprise.id,
                    {
                        "name": f"{'年产五万台' if p else ''}智能化改造项目{k:03d}",
                        "plan_year": 2017 + k % 3,
                        "category_code": CATEGORIES[k % len(CATEGORIES)],
                        "total_investment": str(total),
                        "equipment_investment": str((total / 2).quantize(Decimal("0.01"))),
                        "status": status,
                        "content": "新增工业机器人及自动化生产线，建设车间数据采集系统",
                        **facts,
                    },
                    providers=link,
                )
                if status == "已验收" and k % 2:
                    record_payment(db, project.id, date(2019, 1, 15), Decimal("20.00"))


@pytest.fixture
def ledger_db(db: Database) -> Iterator[Database]:
    """48 projects of 16 enterprises in 5 towns, 3 years, 4 statuses, with providers."""
    fill_ledger(db)
    yield db
