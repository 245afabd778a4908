"""The export, template and import commands as a clerk runs them (a real subprocess)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.models import Enterprise, Project

pytestmark = pytest.mark.slow


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messy = _load("excel_messy")
sample = _load("excel_sample")


def _count(path: Path) -> tuple[int, int]:
    db = open_database(path, user="测试员")
    try:
        with db.read() as s:
            return (
                s.scalar(select(func.count()).select_from(Project)),
                s.scalar(select(func.count()).select_from(Enterprise)),
            )
    finally:
        db.close()


def test_export_with_scope_and_a_clear_summary(
    db: Database, db_path: Path, db_url: str, run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sample.build_sample(db)
    db.close()
    out = tmp_path / "2018.xlsx"
    done = run_cli("--db", db_url, "export", str(out), "--year", "2018", "--town", "周巷")
    assert done.returncode == 0, done.stderr
    assert "项目明细 1 行" in done.stdout and "工作表 10 张" in done.stdout
    assert "40,000 字" in done.stdout  # the cut cell is reported, not hidden
    wb = load_workbook(out)
    assert wb["项目明细"]["A4"].value.startswith("CX-2018")
    bad = run_cli("--db", db_url, "export", str(tmp_path / "x.csv"))
    assert bad.returncode == 2 and ".xlsx" in bad.stderr


def test_template_then_import_it_back(db: Database, db_path: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db.close()
    out = tmp_path / "模板.xlsx"
    done = run_cli("--db", str(db_path), "template", str(out), "--town", "周巷镇", "--year", "2019")
    assert done.returncode == 0, done.stderr
    wb = load_workbook(out)
    ws = wb["项目采集表"]
    headers = [c.value for c in ws[3]]
    row = dict.fromkeys(headers)
    row.update(
        {
            "企业名称": "甲公司",
            "产业集群": "其他",
            "项目名称": "线",
            "项目类别": "其他",
            "项目总投资（万元）": 10,
            "其中设备投资（万元）": 5,
        }
    )
    for col, header in enumerate(headers, 1):
        ws.cell(4, col, row[header])
    wb.save(out)
    done = run_cli("--db", str(db_path), "import", str(out))
    assert done.returncode == 0, done.stderr + done.stdout
    assert "导入完成：新建项目 1 个" in done.stdout
    assert _count(db_path) == (1, 1)


def test_refused_rows_exit_1_name_row_and_field_and_write_nothing(
    db: Database, db_path: Path, run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db.close()
    path = messy.write_messy_ledger(tmp_path / "bad.xlsx", "元", bad_rows=True)
    report = tmp_path / "问题.xlsx"
    done = run_cli("--db", str(db_path), "import", str(path), "--report", str(report))
    assert done.returncode == 1
    assert "第 12 行 统一社会信用代码：Excel 已把信用代码存成了数字" in done.stdout
    assert "第 13 行 项目总投资（万元）：无法识别的金额“三百万”" in done.stdout
    assert "未写入任何数据" in done.stdout and "Traceback" not in done.stderr
    assert _count(db_path) == (0, 0)
    assert [
        r[0] for r in load_workbook(report)["未导入的行"].iter_rows(min_row=4, values_only=True)
    ] == [12, 13, "合计"]


def test_dry_run_writes_nothing_and_skip_invalid_writes_the_valid_rows(
    db: Database, db_path: Path, run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db.close()
    path = messy.write_messy_ledger(tmp_path / "bad.xlsx", "元", bad_rows=True)
    done = run_cli("--db", str(db_path), "import", str(path), "--dry-run", "--skip-invalid")
    assert done.returncode == 0, done.stderr
    assert "预演（--dry-run）：未写入数据库" in done.stdout
    assert _count(db_path) == (0, 0)
    done = run_cli("--db", str(db_path), "import", str(path), "--skip-invalid")
    assert done.returncode == 0, done.stderr
    assert "新建项目 4 个" in done.stdout and "有问题 2 行" in done.stdout
    assert _count(db_path) == (4, 3)
    again = run_cli("--db", str(db_path), "import", str(path), "--skip-invalid")
    assert "库中已有 4 行" in again.stdout and _count(db_path) == (4, 3)


def test_a_file_that_is_not_a_spreadsheet_gets_one_line(
    db: Database, db_path: Path, run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db.close()
    fake = tmp_path / "台账.xlsx"
    fake.write_bytes(b"%PDF-1.7 not a workbook")
    done = run_cli("--db", str(db_path), "import", str(fake))
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "不是 Excel" in done.stderr
    missing = run_cli("--db", str(db_path), "import", str(tmp_path / "nope.xlsx"))
    assert missing.returncode == 1 and "找不到文件" in missing.stderr
    year = run_cli("--db", str(db_path), "import", str(fake), "--year", "18")
    assert year.returncode == 2
