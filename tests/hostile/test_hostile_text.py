"""Hostile text in a town's workbook: it imports exactly (as the cleaning rules say, and no
other way), and goes out again in the workbook as text — never a formula, never cut or
replaced without a warning the user sees."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.reports.excel.commit import commit_import
from cixi_desktop.reports.excel.export import LEDGER_SHEET, NOTICE_SHEET, export_workbook
from cixi_desktop.reports.excel.importer import plan_import
from cixi_desktop.reports.excel.safety import MAX_CELL_CHARS, REPLACEMENT
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import Enterprise, Project


def _load(name: str) -> ModuleType:
    qualified = f"hostile_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


files = _load("hostile_files")
cli = _load("cli_runs")

USCC = make_uscc("91330282MA2HXT001")
FULL_WIDTH_USCC = USCC.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
LONG_NOTE = "备注" * 19_999 + "🏭🏭"  # 40,000 characters, 40,002 UTF-16 units
HEADERS = (
    "项目编号", "企业名称", "统一社会信用代码", "所属镇街", "产业集群", "项目名称",
    "项目类别", "计划年度", "总投资", "设备投资", "备注",
)  # fmt: skip
# (cells as the town typed them — control characters as Excel stores them, _xHHHH_ —
#  then what the ledger must hold: enterprise name, USCC, project code, name, notes)
ROWS = [
    (
        ("CX-2018-0901", "=SUM(A1)", "", "+1 机器换人", "@x 备注"),
        ("=SUM(A1)", None, "CX-2018-0901", "+1 机器换人", "@x 备注"),
    ),
    (
        ("CX-2018-0902", "-2 慈溪市乙有限公司", "", '\t=HYPERLINK("http://x")', "\r=1+1"),
        ("-2 慈溪市乙有限公司", None, "CX-2018-0902", '=HYPERLINK("http://x")', "=1+1"),
    ),
    (
        ("CX-2018-0903", "慈溪市长备注有限公司", "", "长备注项目", LONG_NOTE),
        ("慈溪市长备注有限公司", None, "CX-2018-0903", "长备注项目", LONG_NOTE),
    ),
    (
        # Codes: full-width, a zero-width space, a BOM, a bell and spaces all go.
        (
            " ｃｘ－２０１８－０９０４\u200b_x0007_ ",
            "慈溪市\u200bＡＢＣ_x0001_电器（集团）有限公司\ufeff",
            f"{FULL_WIDTH_USCC[:6]}\u200b_x0001_ {FULL_WIDTH_USCC[6:]}\ufeff",
            "全角\u3000项目\u200b名称",
            "备注_x001F_含控制字符",
        ),
        # Names keep their full-width letters; invisible and control characters go.
        ("慈溪市ＡＢＣ电器（集团）有限公司", USCC, "CX-2018-0904", "全角 项目名称", "备注含控制字符"),
    ),
    (
        ("CX-2018-0905", "𠀀🏭慈溪市智造有限公司", "", "🏭 数字化车间", "含 𠀀 和 🏭"),
        ("𠀀🏭慈溪市智造有限公司", None, "CX-2018-0905", "🏭 数字化车间", "含 𠀀 和 🏭"),
    ),
    (
        ("CX-2018-0906", "慈溪市“引号”&<b>有限公司</b>", "", "\u202e反向 'x' & <i>", "a < b > c"),
        ("慈溪市“引号”&<b>有限公司</b>", None, "CX-2018-0906", "\u202e反向 'x' & <i>", "a < b > c"),
    ),
]  # fmt: skip


def _hostile_workbook(path: Path) -> Path:
    def cells(row: int, values: tuple[str, ...]) -> str:
        code, enterprise, uscc, project, notes = values
        typed = (code, enterprise, uscc, "周巷镇", "智能家电", project, "机器换人", "2018",
                 "100", "50", notes)  # fmt: skip
        return f'<row r="{row}">' + "".join(
            files.text_cell(f"{chr(65 + i)}{row}", v) for i, v in enumerate(typed) if v
        ) + "</row>"  # fmt: skip

    header = '<row r="1">' + "".join(
        files.text_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADERS)
    ) + "</row>"  # fmt: skip
    body = "".join(cells(n, typed) for n, (typed, _want) in enumerate(ROWS, 2))
    return files.write_xlsx(path, [files.SHEET_HEAD, header, body, files.SHEET_TAIL])


@pytest.fixture
def imported(db: Database, tmp_path: Path) -> Database:
    plan = plan_import(db, _hostile_workbook(tmp_path / "镇街台账.xlsx"))
    assert [str(p) for p in plan.errors] == []
    assert plan.to_create == len(ROWS)
    commit_import(db, plan)
    return db


def test_hostile_text_imports_exactly(imported: Database) -> None:
    with imported.read() as s:
        got = {
            p.code: (p.enterprise.name, p.enterprise.uscc, p.code, p.name, p.notes)
            for p in s.scalars(select(Project))
        }
    for _typed, want in ROWS:
        assert got[want[2]] == want, want[2]
    assert len(got["CX-2018-0903"][4]) == 40_000  # imported whole: the ledger has no cell limit


def test_hostile_text_goes_out_as_text_with_warnings(imported: Database, tmp_path: Path) -> None:
    out = tmp_path / "导出.xlsx"
    result = export_workbook(imported, out)
    ws = load_workbook(out)[LEDGER_SHEET]
    header = [c.value for c in ws[3]]
    column = {label: header.index(label) for label in ("项目编号", "企业名称", "项目名称", "备注")}
    rows = {r[column["项目编号"]].value: r for r in ws.iter_rows(min_row=4) if r[0].value}
    for _typed, (enterprise, _uscc, code, name, notes) in ROWS:
        row = rows[code]
        for label, text in (("企业名称", enterprise), ("项目名称", name), ("备注", notes)):
            cell = row[column[label]]
            assert cell.data_type == "s", (code, label)  # a string cell, never a formula
            assert cell.quotePrefix == text.startswith(("=", "+", "-", "@")), (code, label)
            if len(text) <= MAX_CELL_CHARS:
                assert cell.value == text, (code, label)
    assert not [c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"]
    cut = rows["CX-2018-0903"][column["备注"]].value
    assert cut.startswith(LONG_NOTE[:1000]) and "已截断，原文 40,002 字" in cut
    assert len(cut) + sum(ord(c) > 0xFFFF for c in cut) <= MAX_CELL_CHARS
    assert [w for w in result.warnings if "超过 Excel 单元格上限" in w] == [
        next(w for w in result.warnings if "备注" in w)
    ]
    notices = [
        r[0] for r in load_workbook(out)[NOTICE_SHEET].iter_rows(min_row=4, values_only=True)
    ]
    assert any("40,002 字" in str(n) for n in notices)


def test_noncharacters_from_a_csv_are_replaced_visibly_on_export(
    db: Database, tmp_path: Path
) -> None:
    """U+FFFE/U+FFFF are legal in a CSV and in the ledger but not in XML: the exporter
    replaces them with a visible U+FFFD and says so (lxml would refuse the whole file)."""
    source = tmp_path / "台账.csv"
    source.write_text(
        "企业名称,所属镇街,产业集群,项目名称,项目类别,计划年度,总投资,设备投资\n"
        "慈溪\uffff非字符有限公司,周巷镇,智能家电,项目\ufffe一,机器换人,2018,10,5\n",
        encoding="utf-8",
    )
    commit_import(db, plan_import(db, source))
    with db.read() as s:
        assert s.scalar(select(Enterprise.name)) == "慈溪\uffff非字符有限公司"
    out = tmp_path / "导出.xlsx"
    result = cli.run_main("--db", db.url.render_as_string(hide_password=False), "export", str(out))
    assert result.code == 0, result.err
    notes = [line for line in result.out.splitlines() if line.startswith("提示：")]
    assert len(notes) == 2 and all("无法保存的控制字符" in n for n in notes), result.out
    ws = load_workbook(out)[LEDGER_SHEET]
    values = {c.value for r in ws.iter_rows(min_row=4) for c in r}
    assert f"慈溪{REPLACEMENT}非字符有限公司" in values and f"项目{REPLACEMENT}一" in values
