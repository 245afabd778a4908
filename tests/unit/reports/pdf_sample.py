"""A small ledger for the PDF tests, entered through the services: two plan years, several
towns and clusters, every kind of status, subsidies and payments, service providers, and
names that try to break a document (markup, ampersands, emoji, rare characters, 300
characters).

Loaded by the tests with ``load_sample()`` (test folders have no packages).
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store.database import Database
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.plans import set_annual_plan
from cixi_desktop.store.services.projects import create_project, record_payment
from cixi_desktop.store.services.providers import create_provider

HOSTILE_ENTERPRISE = "<b>粗体</b> & 𠮷野家 <i>电器</i> 有限公司"
HOSTILE_PROJECT = "😀智能工厂 <script>&amp; 项目" + "长" * 270 + "，。结束"
LONG_NAME = "宁波" + "很长的名字" * 30 + "有限公司"

# (name, town, cluster, above-scale year or None)
ENTERPRISES = (
    ("慈溪市甲电器有限公司", "周巷镇", "智能家电", 2015),
    ("宁波乙轴承有限公司", "观海卫镇", "关键基础件", 2017),
    ("慈溪丙汽配有限公司", "宗汉街道", "汽车及零部件", None),
    ("慈溪市丁新材料有限公司", "周巷镇", "新材料", 2016),
    ("宁波戊装备（慈溪）有限公司", "滨海经济开发区", "智能装备", None),
    ("慈溪己生物医药有限公司", "龙山镇", "生命健康", 2018),
    (HOSTILE_ENTERPRISE, "坎墩街道", "智能家电", 2014),
    (LONG_NAME, "宗汉街道", "其他", None),
)

# (enterprise index, year, category, status, total, equipment, start, completion, subsidy)
PROJECTS = (
    (0, 2018, "机器换人", "已拨付", "1234.56", "800.10", "2018-02-01", "2018-06-30", "64.01"),
    (0, 2018, "数字化车间", "竣工", "5600.00", "4100.00", "2018-03-01", "2018-09-15", None),
    (1, 2018, "生产线改造", "已验收", "870.35", "610.00", "2018-01-10", "2018-07-20", "48.80"),
    (2, 2018, "智能工厂", "在建", "15230.78", "9800.00", "2018-05-01", None, None),
    (3, 2018, "工业互联网/上云", "计划", "320.00", "120.00", None, None, None),
    (4, 2018, "生产线改造", "竣工", "2999.99", "2100.00", "2018-04-01", "2018-08-31", None),
    (5, 2018, "机器换人", "终止", "450.00", "300.00", "2018-03-15", None, None),
    (6, 2018, "智能工厂", "已验收", "23456.70", "12000.00", "2018-01-05", "2018-11-30", "200.00"),
    (7, 2018, "其他", "竣工", "88.00", "40.00", "2018-06-01", "2019-01-15", None),
    (1, 2017, "机器换人", "已拨付", "640.00", "500.00", "2017-03-01", "2017-10-10", "40.00"),
    (2, 2017, "生产线改造", "竣工", "1500.50", "900.25", "2017-02-01", "2017-12-20", None),
)
PLANS = (("周巷镇", 2018, 3), ("观海卫镇", 2018, 2), ("坎墩街道", 2018, 1), ("宗汉街道", 2017, 2))


def load_sample(db: Database) -> dict[str, object]:
    providers = [
        create_provider(db, {"name": name})
        for name in ("宁波智造工程服务有限公司", "慈溪市自动化科技有限公司", "杭州<云>&数字科技")
    ]
    enterprises = []
    for i, (name, town, cluster, above) in enumerate(ENTERPRISES):
        enterprises.append(
            create_enterprise(
                db,
                {
                    "name": name,
                    "uscc": make_uscc(f"91330282{i + 1:09d}"),
                    "town_code": town,
                    "cluster_code": cluster,
                    "above_scale": above is not None,
                    "above_scale_year": above,
                    "contact": "王工",
                    "phone": "0574-63123456",
                    "address": "慈溪市某某路 1 号",
                },
            )
        )
    projects = []
    for n, (ent, year, cat, status, total, equip, start, done, subsidy) in enumerate(PROJECTS):
        raw: dict[str, object] = {
            "name": HOSTILE_PROJECT if ent == 6 else f"年产 {n + 1} 万台智能化技改项目",
            "plan_year": year,
            "category_code": cat,
            "status": status,
            "total_investment": total,
            "equipment_investment": equip,
            "content": "购置机器人、AGV 和 MES 系统；<改造>两条生产线 & 仓储。",
            "planned_start_date": start,
            "actual_start_date": start,
            "actual_completion_date": done,
            "acceptance_date": "2018-12-20" if status in ("已验收", "已拨付") else None,
            "acceptance_result": "通过" if status in ("已验收", "已拨付") else "",
            "approved_subsidy": subsidy,
            "notes": "备注：含 & 和 <b> 字样" if n == 0 else "",
        }
        if status == "终止":
            raw["notes"] = "企业经营困难，申请撤项"
        links = [(providers[n % 3].id, "总包")]
        if n % 4 == 0:
            links.append((providers[(n + 1) % 3].id, "软件实施"))
        projects.append(create_project(db, enterprises[ent].id, raw, links))
    record_payment(db, projects[0].id, date(2018, 12, 25), Decimal("30.00"), "慈经信〔2018〕88号")
    record_payment(db, projects[0].id, date(2019, 3, 1), Decimal("34.01"), "慈经信〔2019〕12号")
    record_payment(db, projects[9].id, date(2018, 1, 20), Decimal("40.00"), "慈经信〔2018〕3号")
    for town, year, planned in PLANS:
        set_annual_plan(db, year, _town_code(town), planned, Decimal("1000.00"))
    return {"projects": projects, "enterprises": enterprises, "providers": providers}


def _town_code(name: str) -> str:
    from cixi_desktop.domain.reference import find_town

    town = find_town(name)
    assert town is not None
    return town.code


# --- reading PDFs back with independent tools (poppler-utils) ---


def pdf_text(path: Path, *, layout: bool = False, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    """Text without any whitespace: wrapped lines and justification spaces vanish."""
    return re.sub(r"\s+", "", text)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match is not None, info.stdout
    return int(match.group(1))


def pdf_fonts(path: Path) -> list[list[str]]:
    """Rows of ``pdffonts``: name, type, encoding, emb, sub, uni, object, generation."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
