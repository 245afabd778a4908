"""The exported workbook: every 合计 equals the summaries module, codes stay text, nothing a
user typed becomes a formula, long text is reported, the file is written atomically."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import re
import shutil
import subprocess
import threading
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from cixi_desktop.reports.excel import export as export_module
from cixi_desktop.reports.excel.export import ExportCancelled, export_workbook
from cixi_desktop.reports.excel.safety import MAX_CELL_CHARS, WarningLog, safe_text
from cixi_desktop.reports.excel.sheet import Col, TableSheet
from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.summaries import Scope


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _load("excel_sample")
SHEETS = [
    "项目明细",
    "分镇街道",
    "分产业",
    "分类别",
    "规上覆盖率",
    "投资规模分档",
    "服务商",
    "财政资金绩效",
    "月度进度",
]


@pytest.fixture
def exported(db: Database, tmp_path: Path) -> tuple[Database, Path, Any]:
    sample.build_sample(db)
    result = export_workbook(db, tmp_path / "台账.xlsx", today=date(2019, 1, 31))
    return db, result.path, result


def _dec(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)  # type: ignore[arg-type]


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(min_row=4, values_only=True))


def _amount(value: object) -> Decimal | None:
    d = _dec(value)
    return None if d is None else d.quantize(Decimal("0.01"))


def _rate(value: object) -> Decimal | None:
    d = _dec(value)
    return None if d is None else d.quantize(Decimal("0.0001"))


def test_every_sheet_is_there_with_title_scope_and_date(exported: tuple) -> None:
    _db, path, result = exported
    wb = load_workbook(path)
    assert wb.sheetnames == [*SHEETS, "导出提示"]
    assert result.sheets == wb.sheetnames
    for name in SHEETS:
        ws = wb[name]
        assert ws["A1"].value.startswith("慈溪市")
        assert "范围：全部年度" in ws["A2"].value and "导出日期：2019-01-31" in ws["A2"].value


def test_every_total_row_equals_the_summaries(exported: tuple) -> None:
    db, path, _result = exported
    wb = load_workbook(path)
    scope = summaries.EVERYTHING
    h = summaries.headline(db, scope)

    ledger = _rows(wb["项目明细"])
    total = ledger[-1]
    labels = [c.value for c in wb["项目明细"][3]]
    at = {label: i for i, label in enumerate(labels)}
    assert total[0] == "合计" and len(ledger) == h.projects + 1
    assert _amount(total[at["项目总投资（万元）"]]) == h.total_investment
    assert _amount(total[at["其中设备投资（万元）"]]) == h.equipment_investment
    assert _amount(total[at["核定补助（万元）"]]) == h.subsidy
    assert _amount(total[at["已拨付（万元）"]]) == h.subsidy_paid

    towns = summaries.by_town(db, scope)
    rows = _rows(wb["分镇街道"])
    assert [r[0] for r in rows] == [t.name for t in towns.rows] + ["合计"]
    for got, want in zip(rows, [*towns.rows, towns.total], strict=True):
        assert got[1:8] == (
            want.planned_enterprises,
            want.projects,
            want.enterprises,
            want.started_projects,
            want.completed_projects,
            want.accepted_projects,
            want.completed_enterprises,
        )
        assert _rate(got[8]) == want.completion_rate
        assert tuple(_amount(v) for v in got[9:12]) == (
            want.total_investment,
            want.equipment_investment,
            want.subsidy,
        )
        assert _rate(got[12]) == want.share

    for name, fetch in (
        ("分产业", summaries.by_cluster),
        ("分类别", summaries.by_category),
        ("投资规模分档", summaries.investment_bands),
    ):
        b = fetch(db, scope)
        rows = _rows(wb[name])
        assert len(rows) == len(b.rows) + 1
        for got, want in zip(rows, [*b.rows, b.total], strict=True):
            assert got[0] == want.name
            assert got[1:6] == (
                want.projects,
                want.enterprises,
                want.started_projects,
                want.completed_projects,
                want.accepted_projects,
            )
            assert tuple(_amount(v) for v in got[6:9]) == (
                want.total_investment,
                want.equipment_investment,
                want.subsidy,
            )

    cov = summaries.coverage_by_town(db, scope)
    rows = _rows(wb["规上覆盖率"])
    assert rows[-1][:3] == ("合计", cov.total.enterprises, cov.total.completed_enterprises)
    assert _rate(rows[-1][3]) == cov.total.completion_rate == h.coverage_rate

    items, ptotal = summaries.providers(db, scope)
    rows = _rows(wb["服务商"])
    assert [r[0] for r in rows] == [p.name for p in items] + ["合计"]
    assert rows[-1][1:3] == (ptotal.enterprises, ptotal.projects)
    assert _amount(rows[-1][3]) == ptotal.investment

    fiscal = summaries.fiscal(db, scope)
    last = _rows(wb["财政资金绩效"])[-1]
    assert last[0] == "合计"
    assert tuple(_amount(v) for v in last[1:5]) == (
        fiscal["subsidy"],
        fiscal["subsidy_paid"],
        fiscal["total_investment"],
        fiscal["equipment_investment"],
    )
    assert _amount(last[5]) == fiscal["leverage"] == h.leverage
    assert _amount(last[6]) == fiscal["equipment_leverage"]

    months = summaries.monthly(db, scope)
    rows = _rows(wb["月度进度"])
    assert [r[0] for r in rows] == [m.month for m in months] + ["合计"]
    mt = summaries.monthly_total(db, scope)
    assert (
        rows[-1][1:3]
        == (mt.started, mt.completed)
        == (
            sum(m.started for m in months),
            sum(m.completed for m in months),
        )
    )
    assert _amount(rows[-1][3]) == mt.completed_investment


def test_codes_stay_text_and_numbers_and_dates_are_real(exported: tuple) -> None:
    _db, path, _result = exported
    ws = load_workbook(path)["项目明细"]
    header = {c.value: c.column for c in ws[3]}
    uscc_cells = [ws.cell(r, header["统一社会信用代码"]) for r in range(4, ws.max_row)]
    filled = [c for c in uscc_cells if c.value]
    assert filled and all(c.data_type == "s" and len(c.value) == 18 for c in filled)
    assert all(c.number_format == "@" for c in filled)
    assert {c.value for c in filled} >= {sample.USCC[0], sample.USCC[1]}
    amounts = [ws.cell(r, header["项目总投资（万元）"]) for r in range(4, ws.max_row + 1)]
    assert all(c.number_format == "#,##0.00" and c.data_type == "n" for c in amounts)
    starts = [ws.cell(r, header["实际开工日期"]) for r in range(4, ws.max_row)]
    real = [c for c in starts if c.value is not None]
    assert real and all(isinstance(c.value, datetime) and c.is_date for c in real)
    assert all(c.number_format == "yyyy-mm-dd" for c in real)
    years = [ws.cell(r, header["计划年度"]) for r in range(4, ws.max_row)]
    assert all(c.number_format == "0" and c.value in (2017, 2018, 2019) for c in years)
    towns = load_workbook(path)["分镇街道"]
    rates = [towns.cell(r, 9) for r in range(4, towns.max_row + 1) if towns.cell(r, 9).value]
    assert rates and all(c.number_format == "0.0%" for c in rates)


def test_frozen_panes_filter_and_print_settings(exported: tuple) -> None:
    _db, path, _result = exported
    wb = load_workbook(path)
    for name in SHEETS:
        ws = wb[name]
        assert ws.freeze_panes == ("C4" if name == "项目明细" else "B4")
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A3:")
        # The filter stops above the 合计 row, so sorting never moves it.
        assert int(re.findall(r"\d+", ws.auto_filter.ref)[-1]) == ws.max_row - 1
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$3:$3" and ws.print_options.gridLines
        assert ws.column_dimensions["A"].width >= 10


def test_user_text_that_looks_like_a_formula_stays_text(exported: tuple) -> None:
    _db, path, _result = exported
    ws = load_workbook(path)["项目明细"]
    values = {
        c.value: c for row in ws.iter_rows(min_row=4) for c in row if isinstance(c.value, str)
    }
    for text in ("=1+1", "+86 574 63123456", "-5 台待到货", "@x 备注"):
        assert values[text].data_type == "s", text
        assert values[text].quotePrefix, text
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_tab_cr_control_and_error_code_text_through_the_sheet_writer(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    warnings = WarningLog()
    sheet = TableSheet(
        wb, "测试", "标题", "说明", [Col("内容", "text"), Col("代码", "code")], warnings
    )
    texts = ["\t=SUM(A1)", "\r+1", '=HYPERLINK("http://x")', "#N/A", "a\x01b\x1fc", "@SUM(1)"]
    for text in texts:
        sheet.append([text, "913302820000000000"])
    sheet.total(["合计", None])
    sheet.close()
    wb.save(tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx")["测试"]
    got = [ws.cell(r, 1) for r in range(4, 4 + len(texts))]
    assert [c.data_type for c in got] == ["s"] * len(texts)
    assert got[0].value == "\t=SUM(A1)" and got[3].value == "#N/A"
    assert got[4].value == "a\ufffdb\ufffdc"
    assert all(ws.cell(r, 2).data_type == "s" for r in range(4, 4 + len(texts)))
    assert warnings.lines() == [
        "测试 第 8 行“内容”：含 2 个 Excel 无法保存的控制字符，已替换为“\ufffd”"
    ]


def test_text_over_the_cell_limit_is_cut_with_a_warning(exported: tuple) -> None:
    _db, path, result = exported
    assert len(result.warnings) == 1
    assert "建设内容" in result.warnings[0] and "40,000 字" in result.warnings[0]
    wb = load_workbook(path)
    long_cells = [
        c
        for row in wb["项目明细"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("长长长")
    ]
    assert len(long_cells) == 1
    assert len(long_cells[0].value) <= MAX_CELL_CHARS
    assert long_cells[0].value.endswith("〔已截断，原文 40,000 字〕")
    notices = [r[0] for r in wb["导出提示"].iter_rows(min_row=4, values_only=True)]
    assert notices[0] == result.warnings[0]


def test_cell_limit_counts_characters_outside_the_bmp_twice() -> None:
    text = "😀" * 20_000  # 40,000 UTF-16 units
    safe = safe_text(text)
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in safe.text)
    assert units <= MAX_CELL_CHARS and safe.problems
    assert safe_text("普通文字").problems == ()


def test_rows_beyond_the_limit_continue_on_further_sheets(db: Database, tmp_path: Path) -> None:
    sample.build_sample(db)
    result = export_workbook(db, tmp_path / "split.xlsx", row_limit=6)
    wb = load_workbook(tmp_path / "split.xlsx")
    ledger = [n for n in wb.sheetnames if n.startswith("项目明细")]
    # 3 header rows leave 3 data rows a sheet: 8 projects + 合计 → 3 sheets.
    assert ledger == ["项目明细", "项目明细（续1）", "项目明细（续2）"]
    codes = []
    for name in ledger:
        ws = wb[name]
        assert ws.max_row <= 6 and ws["A3"].value == "项目编号"
        codes += [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert codes[-1] == "合计" and len(codes) == 9
    assert codes[:-1] == sorted(codes[:-1]) and len(set(codes)) == 9
    assert "分镇街道（续6）" in wb.sheetnames  # 22 towns + 合计 at 3 a sheet
    assert result.ledger_rows == 8


def test_scope_filters_the_ledger_and_is_named_in_the_title(db: Database, tmp_path: Path) -> None:
    sample.build_sample(db)
    scope = Scope(year_from=2018, year_to=2018, town_code="330282121")
    result = export_workbook(db, tmp_path / "zx.xlsx", scope)
    wb = load_workbook(result.path)
    ws = wb["项目明细"]
    assert "2018" in ws["A1"].value and "周巷镇" in ws["A2"].value
    rows = _rows(ws)
    assert result.ledger_rows == summaries.headline(db, scope).projects == len(rows) - 1
    assert {r[3] for r in rows[:-1]} == {"周巷镇"}
    assert [r[0] for r in _rows(wb["分镇街道"])] == ["周巷镇", "合计"]


def test_a_failure_while_writing_leaves_the_previous_file_intact(
    exported: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, path, _result = exported
    before = path.read_bytes()
    calls = {"n": 0}
    real = TableSheet.append

    def failing(self: TableSheet, values: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        real(self, values)

    monkeypatch.setattr(TableSheet, "append", failing)
    with pytest.raises(EnvironmentProblem, match="原文件保持不变"):
        export_workbook(db, path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".partial")] == []


def test_cancel_writes_nothing(db: Database, tmp_path: Path) -> None:
    sample.build_sample(db)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ExportCancelled):
        export_workbook(db, tmp_path / "x.xlsx", cancel=cancel)
    assert not (tmp_path / "x.xlsx").exists()
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_progress_reaches_the_end(db: Database, tmp_path: Path) -> None:
    sample.build_sample(db)
    seen: list[tuple[int, int]] = []
    export_workbook(db, tmp_path / "p.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and all(a <= b for (a, _), (b, _) in itertools.pairwise(seen))


def test_empty_database_exports_zero_totals(db: Database, tmp_path: Path) -> None:
    result = export_workbook(db, tmp_path / "empty.xlsx")
    wb = load_workbook(result.path)
    (total,) = _rows(wb[export_module.LEDGER_SHEET])
    assert total[:2] == ("合计", "共 0 个项目，0 家企业")
    assert _amount(total[11]) == Decimal("0.00")
    assert _rows(wb["分镇街道"])[-1][:3] == ("合计", 0, 0)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
def test_demo_export_reads_the_same_in_libreoffice(demo_db: Database, tmp_path: Path) -> None:
    """An independent spreadsheet program sees the summaries' figures and codes as text."""
    path = export_workbook(demo_db, tmp_path / "demo.xlsx").path
    out = tmp_path / "csv"
    subprocess.run(
        [_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip

    def sheet(name: str) -> list[list[str]]:
        with (out / f"demo-{name}.csv").open(encoding="utf-8") as fh:
            return list(csv.reader(fh))

    h = summaries.headline(demo_db)
    ledger = sheet("项目明细")
    header, total = ledger[2], ledger[-1]
    assert total[0] == "合计" and len(ledger) - 4 == h.projects
    figure = {
        label: Decimal(total[header.index(label)])
        for label in (
            "项目总投资（万元）",
            "其中设备投资（万元）",
            "核定补助（万元）",
            "已拨付（万元）",
        )
    }
    assert figure == {
        "项目总投资（万元）": h.total_investment,
        "其中设备投资（万元）": h.equipment_investment,
        "核定补助（万元）": h.subsidy,
        "已拨付（万元）": h.subsidy_paid,
    }
    uscc = [r[header.index("统一社会信用代码")] for r in ledger[3:-1]]
    assert all(re.fullmatch(r"[0-9A-Z]{18}", u) for u in uscc if u) and any(uscc)
    towns = sheet("分镇街道")[-1]
    assert towns[0] == "合计" and int(towns[1]) == h.planned_enterprises
    assert int(towns[5]) == h.completed_projects and Decimal(towns[9]) == h.total_investment
    fiscal = sheet("财政资金绩效")[-1]
    assert Decimal(fiscal[5]) == h.leverage
    coverage = sheet("规上覆盖率")[-1]
    assert (int(coverage[1]), int(coverage[2])) == (
        h.above_scale_enterprises,
        h.above_scale_covered,
    )
