"""A town's own ledger as towns really keep it, generated with openpyxl for the import tests:
title rows, a two-row merged header, section rows, 小计/合计 rows, trailing notes, full-width
digits, a USCC with spaces and a zero-width character, dates as text and as Excel dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from cixi_desktop.domain.uscc import make_uscc

USCC_A = make_uscc("91330282MA2AAAAA0")
USCC_B = make_uscc("91330282MA2BBBBB0")
USCC_C = make_uscc("91330282MA2CCCCC0")


def _spaced(code: str) -> str:
    # As pasted from a web page: spaces in groups and a zero-width space inside.
    return f" {code[:4]} {code[4:10]}\u200b{code[10:]} "


# What the database must hold afterwards (万元, exact).
EXPECTED = {
    "慈溪市甲电器有限公司/家电总装线机器换人": {
        "uscc": USCC_A,
        "town": "330282121",
        "total": Decimal("1200.50"),
        "equipment": Decimal("800.25"),
        "subsidy": Decimal("50.00"),
        "status": "竣工",
        "start": date(2018, 3, 15),
        "completion": date(2018, 11, 20),
        "category": "robot",
    },
    "慈溪市甲电器有限公司/注塑车间数字化改造": {
        "uscc": USCC_A,
        "town": "330282121",
        "total": Decimal("1200.00"),
        "equipment": Decimal("900.00"),
        "subsidy": None,
        "status": "在建",
        "start": date(2018, 3, 1),
        "completion": None,
        "category": "digital_workshop",
    },
    "宁波乙轴承有限公司/轴承磨加工自动化": {
        "uscc": USCC_B,
        "town": "330282120",
        "total": Decimal("860.00"),
        "equipment": Decimal("560.00"),
        "subsidy": Decimal("30.00"),
        "status": "已验收",
        "start": date(2018, 4, 2),
        "completion": date(2018, 10, 8),
        "category": "automation",
    },
    "宁波丙汽配有限公司/汽配产线上云": {
        "uscc": USCC_C,
        "town": "330282120",
        "total": Decimal("12000.00"),
        "equipment": Decimal("8000.00"),
        "subsidy": None,
        "status": "计划",
        "start": None,
        "completion": None,
        "category": "cloud",
    },
}


def write_messy_ledger(path: Path, unit: str = "万元", bad_rows: bool = False) -> Path:
    """``unit`` 元 writes every amount in 元 (header 投资情况（元）); ``bad_rows`` adds two
    rows that must be refused (a USCC Excel turned into a number, an unreadable amount)."""
    scale = Decimal(10000) if unit == "元" else Decimal(1)

    def money(value: str) -> object:
        return float(Decimal(value) * scale)

    wb = Workbook()
    ws = wb.active
    ws.title = "2018年技改"
    ws["A1"] = "周巷镇、长河镇 2018 年度智能化技术改造项目汇总表"
    ws.merge_cells("A1:O1")
    ws["A2"] = "填报单位：经发办"
    ws["L2"] = f"单位：{unit}"
    top = [
        "序号",
        "企业（单位）名称",
        "统一社会信用代码",
        "产业集群",
        "项目名称",
        "技改类型",
        f"投资情况（{unit}）",
        None,
        None,
        "开工时间",
        "竣工时间",
        "进展情况",
        "服务商",
        "备注",
        "验收时间",
    ]
    sub = [
        None,
        None,
        None,
        None,
        None,
        None,
        "项目总投资",
        "其中设备投资",
        "补助资金",
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    ws.append(top)
    ws.append(sub)
    ws.merge_cells("G3:I3")
    for col in "ABCDEFJKLMNO":
        ws.merge_cells(f"{col}3:{col}4")
    ws.append(["一、周巷镇"])
    ws.merge_cells("A5:O5")
    ws.append(
        [
            1,
            "慈溪市甲电器有限公司",
            _spaced(USCC_A),
            "智能家电",
            "家电总装线机器换人",
            "机器换人",
            money("1200.5"),
            money("800.25"),
            money("50"),
            datetime(2018, 3, 15),
            "2018年11月20日",
            "已完工",
            "宁波智造工程服务有限公司（总包）",
            "首台套",
        ]
    )
    ws.append(
        [
            2,
            "慈溪市甲电器有限公司 ",
            USCC_A,
            "智能家电",
            "注塑车间数字化改造",
            "数字化车间改造",
            "１，２００" if unit == "万元" else "１２，０００，０００",
            str(money("900")) + unit if unit == "元" else "900万元",
            None,
            "２０１８．３",
            None,
            "建设中",
            None,
            None,
        ]
    )
    ws.append(
        ["小计", None, None, None, None, None, money("2400.5"), money("1700.25"), money("50")]
    )
    ws.append(["二、长河镇"])
    ws.append(
        [
            3,
            "宁波乙轴承有限公司",
            USCC_B.lower(),
            "关键基础件",
            "轴承磨加工自动化",
            "自动化成套装备改造",
            money("860"),
            money("560"),
            money("30"),
            "2018/4/2",
            "2018-10-08",
            "验收通过",
            None,
            None,
            "2018年12月5日",
        ]
    )
    ws.append(
        [
            4,
            "宁波丙汽配有限公司",
            USCC_C,
            "汽车零部件",
            "汽配产线上云",
            "上云",
            "1.2亿元",
            money("8000"),
            None,
            None,
            None,
            "未开工",
            "",
            "",
        ]
    )
    if bad_rows:
        ws.append(
            [
                5,
                "慈溪丁机械有限公司",
                9.13302820000001e17,
                "智能装备",
                "数控加工中心",
                "机器换人",
                money("300"),
                money("200"),
                None,
                None,
                None,
                "计划",
                None,
                None,
            ]
        )
        ws.append(
            [
                6,
                "慈溪戊塑业有限公司",
                None,
                "新材料",
                "吹塑线改造",
                "生产线改造",
                "三百万",
                money("100"),
                None,
                None,
                None,
                "竣工",
                None,
                None,
            ]
        )
    ws.append(["小计", None, None, None, None, None, money("12860"), money("8560"), money("30")])
    ws.append(["合计", None, None, None, None, None, money("15260.5"), money("10260.25")])
    ws.append([])
    ws.append(["注：1. 本表由各镇（街道）经发办填报，投资额以备案为准。"])
    ws.append(["2. 竣工时间以验收报告为准。"])
    ws["J6"].number_format = "yyyy-mm-dd"
    wb.save(path)
    return path
