"""Import of towns' ledgers: messy real-world layouts, units, encodings, refused rows that
leave the database untouched, statuses walked through the workflow, hostile files."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import subprocess
import threading
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from cixi_desktop.reports.excel.commit import commit_import
from cixi_desktop.reports.excel.export import export_workbook
from cixi_desktop.reports.excel.header import RowKind, classify
from cixi_desktop.reports.excel.importer import (
    ImportCancelled,
    ImportOptions,
    ImportRefused,
    plan_import,
)
from cixi_desktop.reports.excel.mapping import (
    HeaderCell,
    auto_mapping,
    field_for,
    load_profile,
    profile_names,
    save_profile,
    unit_in,
)
from cixi_desktop.reports.excel.problem_report import write_problem_report
from cixi_desktop.reports.excel.reader import SourceError, read_sheet
from cixi_desktop.reports.excel.table import open_table
from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.models import (
    AuditEntry,
    Enterprise,
    Project,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
)


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messy = _load("excel_messy")
sample = _load("excel_sample")


def _counts(db: Database) -> tuple[int, int, int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Project)),
            s.scalar(select(func.count()).select_from(Enterprise)),
            s.scalar(select(func.count()).select_from(ServiceProvider)),
            s.scalar(select(func.count()).select_from(AuditEntry)),
        )


def _projects(db: Database) -> dict[str, Project]:
    with db.read() as s:
        rows = s.scalars(select(Project)).all()
        out = {}
        for p in rows:
            out[f"{p.enterprise.name}/{p.name}"] = p
            _ = p.enterprise.uscc, p.enterprise.town_code, [pp.provider.name for pp in p.providers]
        return out


def _check_expected(db: Database) -> None:
    projects = _projects(db)
    assert set(projects) == set(messy.EXPECTED)
    for key, want in messy.EXPECTED.items():
        p = projects[key]
        assert p.enterprise.uscc == want["uscc"], key
        assert p.enterprise.town_code == want["town"], key
        assert p.total_investment == want["total"], key
        assert p.equipment_investment == want["equipment"], key
        assert p.approved_subsidy == want["subsidy"], key
        assert p.status == want["status"], key
        assert p.actual_start_date == want["start"], key
        assert p.actual_completion_date == want["completion"], key
        assert p.category_code == want["category"], key
        assert p.plan_year == 2018, key


# --- the messy town ledger ---------------------------------------------------------------


@pytest.mark.parametrize("unit", ["万元", "元"])
def test_messy_town_ledger_imports_exactly(db: Database, tmp_path: Path, unit: str) -> None:
    path = messy.write_messy_ledger(tmp_path / f"周巷长河_{unit}.xlsx", unit)
    plan = plan_import(db, path)
    assert plan.header_rows == (3, 4)
    assert plan.title_year == 2018
    assert plan.data_rows == 4  # sections, 小计, 合计, blank and notes are not data
    assert plan.errors == []
    assert plan.to_create == 4
    assert plan.new_enterprises == sorted(
        ["慈溪市甲电器有限公司", "宁波乙轴承有限公司", "宁波丙汽配有限公司"]
    )
    assert plan.new_providers == ["宁波智造工程服务有限公司"]
    amounts = {c.field: c.unit for c in plan.mapping.mapped() if c.unit}
    assert amounts == dict.fromkeys(
        ("total_investment", "equipment_investment", "approved_subsidy"), unit
    )
    report = commit_import(db, plan)
    assert report.committed and report.created_projects == 4 and report.created_enterprises == 3
    _check_expected(db)
    projects = _projects(db)
    first = projects["慈溪市甲电器有限公司/家电总装线机器换人"]
    assert [pp.provider.name for pp in first.providers] == ["宁波智造工程服务有限公司"]
    assert first.notes == "首台套"


def test_imported_status_walks_the_workflow_with_the_rows_dates(
    db: Database, tmp_path: Path
) -> None:
    path = messy.write_messy_ledger(tmp_path / "ledger.xlsx")
    commit_import(db, plan_import(db, path))
    accepted = _projects(db)["宁波乙轴承有限公司/轴承磨加工自动化"]
    with db.read() as s:
        history = s.execute(
            select(StatusChange.from_status, StatusChange.to_status, StatusChange.reason)
            .where(StatusChange.project_id == accepted.id)
            .order_by(StatusChange.at, StatusChange.to_status)
        ).all()
    moves = [(h[0], h[1]) for h in history]
    assert moves[0] == (None, "计划")
    assert set(moves[1:]) == {("计划", "在建"), ("在建", "竣工"), ("竣工", "已验收")}
    assert all("ledger.xlsx 第 10 行" in h[2] for h in history[1:])
    assert accepted.acceptance_date == date(2018, 12, 5)


def test_refused_rows_name_row_and_field_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    path = messy.write_messy_ledger(tmp_path / "bad.xlsx", "元", bad_rows=True)
    before = _counts(db)
    plan = plan_import(db, path)
    texts = [str(p) for p in plan.errors]
    assert any(
        t.startswith("第 12 行 统一社会信用代码：Excel 已把信用代码存成了数字") for t in texts
    )
    assert "第 13 行 项目总投资（万元）：无法识别的金额“三百万”" in texts
    assert "第 13 行 实际竣工日期：状态为“竣工”，需要填写实际竣工日期" in texts
    # An unreadable amount is not reported a second time as missing.
    assert not any(t.startswith("第 13 行 项目总投资（万元）：必须填写") for t in texts)
    assert sorted(plan.refused) == [12, 13]
    with pytest.raises(ImportRefused) as caught:
        commit_import(db, plan)
    assert "第 12 行" in str(caught.value)
    assert _counts(db) == before


def test_skip_invalid_writes_exactly_the_valid_rows(db: Database, tmp_path: Path) -> None:
    path = messy.write_messy_ledger(tmp_path / "bad.xlsx", "元", bad_rows=True)
    report = commit_import(db, plan_import(db, path), skip_invalid=True)
    assert report.created_projects == 4 and report.skipped_invalid == 2
    _check_expected(db)


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "row_by_row"])
def test_a_row_failing_at_commit_rolls_back_everything(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    """A refusal only the service sees (here: forced) aborts the whole batch."""
    from cixi_desktop.domain.errors import FieldError, ValidationError
    from cixi_desktop.reports.excel import commit as commit_module
    from cixi_desktop.store.services.bulk import BatchRefused

    path = messy.write_messy_ledger(tmp_path / "ledger.xlsx")
    plan = plan_import(db, path)
    real = commit_module.create_project
    real_many = commit_module.create_many
    calls = {"n": 0}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError.single("name", "项目名称", "模拟的拒绝")
        return real(*args, **kwargs)

    def flaky_many(database, projects, enterprises=(), **options):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:  # the file's third project, refused by the service
            raise BatchRefused({2: [FieldError("name", "项目名称", "模拟的拒绝")]})
        return real_many(database, projects, enterprises, **options)

    monkeypatch.setattr(commit_module, "create_project", flaky)
    monkeypatch.setattr(commit_module, "create_many", flaky_many)
    before = _counts(db)
    with pytest.raises(ImportRefused, match="模拟的拒绝"):
        commit_import(db, plan, bulk=bulk)
    assert _counts(db) == before
    calls["n"] = 0
    report = commit_import(db, plan, skip_invalid=True, bulk=bulk)
    assert report.created_projects == 3 and report.skipped_invalid == 1
    with db.read() as s:
        # The refused row's enterprise (created in its savepoint) is gone with it.
        assert s.scalar(select(func.count()).select_from(Enterprise)) == 2 + (
            report.created_enterprises - 2
        )
    assert len(_projects(db)) == 3


def test_cancel_rolls_the_whole_import_back(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "企业名称",
            "项目名称",
            "所属镇街",
            "产业集群",
            "项目类别",
            "计划年度",
            "总投资",
            "设备投资",
        ]
    )
    for n in range(450):
        ws.append([f"企业{n}", f"项目{n}", "周巷镇", "智能家电", "机器换人", 2019, 100, 50])
    path = tmp_path / "many.xlsx"
    wb.save(path)
    plan = plan_import(db, path)
    assert plan.to_create == 450
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        cancel.set()  # the first report comes after 200 lines, well inside the batch

    before = _counts(db)
    with pytest.raises(ImportCancelled):
        commit_import(db, plan, progress=progress, cancel=cancel)
    assert seen and _counts(db) == before


def test_duplicates_are_skipped_or_updated(db: Database, tmp_path: Path) -> None:
    path = messy.write_messy_ledger(tmp_path / "ledger.xlsx")
    commit_import(db, plan_import(db, path))
    again = plan_import(db, path)
    assert again.to_create == 0 and len(again.duplicates) == 4 and again.errors == []
    before = _counts(db)
    report = commit_import(db, again)
    assert report.skipped_duplicates == 4 and _counts(db) == before

    wb = load_workbook(path)
    wb.active["G7"] = "1300"  # the second project's total investment changes
    wb.active["L7"] = "已完工"
    wb.active["K7"] = "2018-12-01"
    wb.save(path)
    plan = plan_import(db, path, ImportOptions(update_duplicates=True))
    assert plan.to_update == 4 and plan.errors == []
    report = commit_import(db, plan)
    assert report.updated_projects == 1 and report.skipped_duplicates == 3
    changed = _projects(db)["慈溪市甲电器有限公司/注塑车间数字化改造"]
    assert changed.total_investment == Decimal("1300.00")
    assert changed.status == "竣工" and changed.actual_completion_date == date(2018, 12, 1)


def test_same_project_twice_in_a_file_is_refused(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["企业名称", "项目名称", "所属镇街", "产业集群", "项目类别", "年度", "总投资", "设备投资"]
    )
    ws.append(["甲公司", "产线", "周巷", "智能家电", "生产线改造", "2019年", 10, 5])
    ws.append(["甲公司", "产线", "周巷", "智能家电", "生产线改造", "2019", 10, 5])
    path = tmp_path / "twice.xlsx"
    wb.save(path)
    plan = plan_import(db, path)
    assert [str(p) for p in plan.errors] == [
        "第 3 行 项目名称：与第 2 行是同一项目（企业、项目名称、年度都相同）"
    ]


def test_plan_year_from_title_then_from_the_option(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称", "项目名称", "所属镇街", "产业集群", "项目类别", "总投资", "设备投资"])
    ws.append(["甲公司", "产线", "周巷", "智能家电", "生产线改造", 10, 5])
    path = tmp_path / "no_year.xlsx"
    wb.save(path)
    plan = plan_import(db, path)
    assert [p.field for p in plan.errors] == ["计划年度"]
    plan = plan_import(db, path, ImportOptions(year=2020))
    assert plan.errors == []
    commit_import(db, plan)
    assert next(iter(_projects(db).values())).plan_year == 2020


def test_enterprises_match_by_uscc_then_name_then_former_name(db: Database, tmp_path: Path) -> None:
    made = sample.build_sample(db)
    renamed = made["enterprises"][2]  # 宁波丙汽车部件有限公司, formerly 慈溪丙汽配有限公司
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["企业名称", "统一社会信用代码", "项目名称", "项目类别", "年度", "总投资", "设备投资"]
    )
    ws.append(["别的名字", sample.USCC[0], "新项目一", "其他", 2020, 10, 5])
    ws.append(["慈溪市丁新材料有限公司", "", "新项目二", "其他", 2020, 10, 5])
    ws.append(["慈溪丙汽配有限公司", "", "新项目三", "其他", 2020, 10, 5])
    path = tmp_path / "match.xlsx"
    wb.save(path)
    plan = plan_import(db, path)
    assert plan.errors == [] and plan.new_enterprises == []
    commit_import(db, plan)
    projects = _projects(db)
    assert "慈溪市甲电器有限公司/新项目一" in projects
    assert "慈溪市丁新材料有限公司/新项目二" in projects
    assert projects[f"{renamed.name}/新项目三"].enterprise_id == renamed.id


# --- round trip --------------------------------------------------------------------------


def test_round_trip_export_then_import_gives_the_same_summaries(
    db: Database, tmp_path: Path
) -> None:
    sample.build_sample(db)
    path = export_workbook(db, tmp_path / "all.xlsx").path
    fresh = open_database(tmp_path / "fresh.sqlite3", user="测试员")
    try:
        sample.copy_plans(db, fresh)
        plan = plan_import(fresh, path)
        assert plan.errors == [] and plan.to_create == 8
        commit_import(fresh, plan)
        for scope in (summaries.EVERYTHING, summaries.Scope(2018, 2018)):
            assert summaries.headline(fresh, scope) == summaries.headline(db, scope)
            for fetch in (
                summaries.by_town,
                summaries.by_cluster,
                summaries.by_category,
                summaries.investment_bands,
                summaries.coverage_by_town,
            ):
                assert fetch(fresh, scope) == fetch(db, scope), fetch.__name__
            assert summaries.providers(fresh, scope) == summaries.providers(db, scope)
            assert summaries.monthly(fresh, scope) == summaries.monthly(db, scope)
            assert summaries.fiscal(fresh, scope) == summaries.fiscal(db, scope)
        with fresh.read() as s:
            paid = s.scalar(select(func.sum(SubsidyPayment.amount)))
        assert paid is not None
    finally:
        fresh.close()


def test_template_read_back_maps_every_column(db: Database, tmp_path: Path) -> None:
    from cixi_desktop.reports.excel.template import template_headers, write_template

    path = write_template(db, tmp_path / "模板.xlsx", town="周巷镇", year=2019)
    table = open_table(path)
    assert [c.header for c in table.mapping.columns] == template_headers()
    assert all(c.field for c in table.mapping.columns)
    assert (table.layout.year, table.layout.town) == (2019, "周巷镇")
    wb = load_workbook(path)
    ws = wb["项目采集表"]
    row = {h: None for h in template_headers()}
    row.update(
        {
            "企业名称": "甲公司",
            "统一社会信用代码": sample.USCC[5],
            "产业集群": "新材料",
            "项目名称": "改造",
            "项目类别": "机器换人",
            "项目总投资（万元）": 12.5,
            "其中设备投资（万元）": 10,
            "状态": "在建",
            "实际开工日期": date(2019, 5, 6),
        }
    )
    for col, header in enumerate(template_headers(), 1):
        ws.cell(4, col, row[header])
    wb.save(path)
    plan = plan_import(db, path)
    assert plan.errors == [] and plan.to_create == 1
    commit_import(db, plan)
    project = next(iter(_projects(db).values()))
    assert (project.plan_year, project.enterprise.town_code, project.status) == (
        2019,
        "330282121",
        "在建",
    )


# --- other formats -----------------------------------------------------------------------

CSV_HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "镇（街道）",
    "产业集群",
    "项目名称",
    "项目类别",
    "计划年度",
    "总投资（元）",
    "设备投资（元）",
    "状态",
]
CSV_ROWS = [
    [
        "1",
        "慈溪市甲电器有限公司",
        messy.USCC_A,
        "周巷镇",
        "智能家电",
        "家电线",
        "机器换人",
        "2019",
        "12,000,000",
        "8,000,000",
        "计划",
    ],
    [
        "2",
        "宁波乙轴承有限公司",
        messy.USCC_B,
        "长河",
        "关键基础件",
        "轴承线",
        "生产线",
        "２０１９",
        "5000000",
        "3000000",
        "",
    ],
    ["", "合计", "", "", "", "", "", "", "17,000,000", "11,000,000", ""],
]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_every_encoding_towns_send(db: Database, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "ledger.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["慈溪市智能化技改项目表"])
        writer.writerow(CSV_HEADER)
        writer.writerows(CSV_ROWS)
    plan = plan_import(db, path)
    assert plan.errors == [] and plan.to_create == 2
    commit_import(db, plan)
    projects = _projects(db)
    assert projects["慈溪市甲电器有限公司/家电线"].total_investment == Decimal("1200.00")
    assert projects["宁波乙轴承有限公司/轴承线"].equipment_investment == Decimal("300.00")
    assert projects["宁波乙轴承有限公司/轴承线"].enterprise.town_code == "330282120"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods_made_by_libreoffice(db: Database, tmp_path: Path, fmt: str) -> None:
    source = messy.write_messy_ledger(tmp_path / "ledger.xlsx")
    out = tmp_path / "converted"
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out / f"ledger.{fmt}"
    plan = plan_import(db, converted)
    assert plan.header_rows == (3, 4) and plan.errors == []
    commit_import(db, plan)
    _check_expected(db)


# --- header, rows and mapping --------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["一、周巷镇"], RowKind.SECTION),
        (["（二）", "长河镇"], RowKind.SECTION),
        (["周巷镇"], RowKind.SECTION),
        (["小计", None, 100], RowKind.SUBTOTAL),
        ([None, "周巷镇小计", 100, 50], RowKind.SUBTOTAL),
        (["合　计", "", 1], RowKind.SUBTOTAL),
        (["注：本表金额单位为万元"], RowKind.NOTE),
        (["填表人：王某", "", "审核人：李某"], RowKind.NOTE),
        ([None, "", "  "], RowKind.BLANK),
        ([1, "注塑机械有限公司", "项目"], RowKind.DATA),
    ],
)
def test_lines_that_are_not_data(values: list[object], kind: RowKind) -> None:
    assert classify(values, frozenset())[0] is kind


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("企业名称", "enterprise_name"),
        ("单位名称", "enterprise_name"),
        ("企业（单位）名称", "enterprise_name"),
        ("企业(单位)名称", "enterprise_name"),
        ("公司名称", "enterprise_name"),
        ("统一社会信用代码", "uscc"),
        ("信用代码", "uscc"),
        ("社会信用代码", "uscc"),
        ("镇街道", "town"),
        ("镇（街道）", "town"),
        ("所属镇街", "town"),
        ("乡镇（街道）", "town"),
        ("总投资", "total_investment"),
        ("项目总投资（万元）", "total_investment"),
        ("计划总投资", "total_investment"),
        ("设备投资", "equipment_investment"),
        ("其中：设备投资", "equipment_investment"),
        ("补助资金", "approved_subsidy"),
        ("财政补助", "approved_subsidy"),
        ("奖补资金", "approved_subsidy"),
        ("开工时间", "actual_start_date"),
        ("开工日期", "actual_start_date"),
        ("实际开工", "actual_start_date"),
        ("计划开工", "planned_start_date"),
        ("竣工时间", "actual_completion_date"),
        ("完工时间", "actual_completion_date"),
        ("实际竣工", "actual_completion_date"),
        ("计划竣工", "planned_completion_date"),
        ("服务商", "providers"),
        ("服务公司", "providers"),
        ("工程服务公司", "providers"),
        ("技改类型", "category"),
        ("项目类别", "category"),
        ("改造类型", "category"),
        ("状态", "status"),
        ("项目状态", "status"),
        ("进展情况", "status"),
        ("年度", "plan_year"),
        ("计划年度", "plan_year"),
        ("序号", None),
    ],
)
def test_header_variants(header: str, key: str | None) -> None:
    assert field_for(header) == key


def test_units_from_header_parent_and_note() -> None:
    assert unit_in("总投资（元）") == "元"
    assert unit_in("投资(亿元)") == "亿元"
    assert unit_in("单位：万元") == "万元"
    headers = [HeaderCell(0, "项目总投资", "投资情况（元）"), HeaderCell(1, "补助资金")]
    mapping = auto_mapping(headers, sheet_unit="万元")
    assert [(c.field, c.unit) for c in mapping.columns] == [
        ("total_investment", "元"),
        ("approved_subsidy", "万元"),
    ]


def test_cell_values_of_every_messy_kind(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "企业名称",
            "项目名称",
            "所属镇街",
            "产业集群",
            "项目类别",
            "年度",
            "总投资",
            "设备投资",
            "开工日期",
            "状态",
        ]
    )
    cases = [
        ("860万元", "2018-03-15", date(2018, 3, 15), Decimal("860.00")),
        ("12000000元", "2018/3/15", date(2018, 3, 15), Decimal("1200.00")),
        ("1.2亿元", "2018.3.15", date(2018, 3, 15), Decimal("12000.00")),
        ("１，２３４．５", "2018年3月15日", date(2018, 3, 15), Decimal("1234.50")),
        ("1,234.5 ", "2018年3月", date(2018, 3, 1), Decimal("1234.50")),
        ("  99 ", "２０１８－０３－１５", date(2018, 3, 15), Decimal("99.00")),
        (77, "2018.3", date(2018, 3, 1), Decimal("77.00")),
    ]
    for n, (amount, day, _d, _a) in enumerate(cases):
        ws.append(
            [
                f"企业{n}",
                "线",
                "周巷镇",
                "智能家电",
                "机器换人",
                2018,
                amount,
                1,
                day,
                ["已完工", "完成", "在建", "建设中", "实施中", "已开工", "在建"][n],
            ]
        )
    path = tmp_path / "kinds.xlsx"
    wb.save(path)
    plan = plan_import(db, path)
    assert [str(p) for p in plan.errors if p.field != "实际竣工日期"] == []
    # 已完工 and 完成 mean 竣工: those rows need a completion date, and say so.
    assert sorted(p.row for p in plan.errors) == [2, 3]
    commit_import(db, plan, skip_invalid=True)
    projects = _projects(db)
    for n, (_amount, _day, want_day, want_amount) in enumerate(cases[2:], 2):
        p = projects[f"企业{n}/线"]
        assert (p.total_investment, p.actual_start_date, p.status) == (
            want_amount,
            want_day,
            "在建",
        )


def test_amounts_finer_than_a_hundred_yuan_are_rounded_with_a_warning(
    db: Database, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "企业名称",
            "项目名称",
            "所属镇街",
            "产业集群",
            "项目类别",
            "年度",
            "总投资（元）",
            "设备投资（元）",
        ]
    )
    ws.append(["甲", "线", "周巷镇", "智能家电", "机器换人", 2018, 1234567, 1000000])
    path = tmp_path / "yuan.xlsx"
    wb.save(path)
    plan = plan_import(db, path)
    assert plan.errors == []
    assert [str(w) for w in plan.warnings] == [
        "第 2 行 项目总投资（万元）：123.4567 万元已按四舍五入取两位小数：123.46 万元"
    ]


def test_profiles_are_saved_and_applied(db: Database, tmp_path: Path) -> None:
    path = messy.write_messy_ledger(tmp_path / "ledger.xlsx")
    table = open_table(path)
    mapping = table.mapping
    notes = next(c for c in mapping.columns if c.header == "备注")
    mapping.set(notes.index, "content")
    save_profile(db, "周巷镇", mapping)
    assert profile_names(db) == ["周巷镇"]
    fresh = open_table(path).mapping
    assert next(c for c in fresh.columns if c.index == notes.index).field == "notes"
    fresh.apply_profile(load_profile(db, "周巷镇") or {})
    assert next(c for c in fresh.columns if c.index == notes.index).field == "content"


def test_problem_report_holds_refused_rows_fit_to_fix_and_import(
    db: Database, tmp_path: Path
) -> None:
    path = messy.write_messy_ledger(tmp_path / "bad.xlsx", "元", bad_rows=True)
    plan = plan_import(db, path)
    out = write_problem_report(plan, tmp_path / "问题.xlsx")
    wb = load_workbook(out)
    rows = list(wb["未导入的行"].iter_rows(min_row=3, values_only=True))
    header = rows[0]
    assert header[0] == "原行号" and header[-1] == "问题"
    assert [r[0] for r in rows[1:3]] == [12, 13]
    assert "信用代码" in rows[1][-1] and "三百万" in rows[2][-1]
    listing = list(wb["问题清单"].iter_rows(min_row=4, values_only=True))
    assert (12, "统一社会信用代码") in [(r[0], r[1]) for r in listing]
    # Fix the two rows in the report itself and import it.
    ws = wb["未导入的行"]
    cols = {c.value: c.column for c in ws[3]}
    ws.cell(4, cols["统一社会信用代码"], sample.USCC[6])
    ws.cell(5, cols["项目总投资（元）"], 3000000)
    ws.cell(5, cols["状态"], "计划")
    wb.save(out)
    again = plan_import(db, out, ImportOptions(year=2018))
    assert again.errors == [] and again.to_create == 2


# --- hostile files -----------------------------------------------------------------------


def _hostile(tmp_path: Path, name: str) -> Path:
    path = tmp_path / ("hostile.csv" if name == "binary csv" else "hostile.xlsx")
    if name == "renamed":
        path.write_bytes(b"%PDF-1.4\n" + b"x" * 1000)
    elif name == "empty":
        path.write_bytes(b"")
    elif name == "zip bomb":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    elif name == "password":
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
        path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500)
    elif name == "binary csv":
        path.write_bytes(b"a,b\n\x00\x01\x02")
    else:
        base = tmp_path / "base.xlsx"
        wb = Workbook()
        wb.active.append(["企业名称", "项目名称"])
        wb.save(base)
        if name == "truncated":
            path.write_bytes(base.read_bytes()[:300])
            return path
        prolog = (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        )
        with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as out:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = prolog + data.split(b"?>", 1)[-1]
                out.writestr(info, data)
    return path


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("renamed", "不是 Excel、WPS 或 LibreOffice 表格文件"),
        ("empty", "是空的"),
        ("zip bomb", "压缩炸弹"),
        ("xml entities", "XML 实体"),
        ("password", "密码"),
        ("binary csv", "不是文本格式"),
        ("truncated", "已损坏"),
    ],
)
def test_hostile_files_get_one_clear_sentence(
    db: Database, tmp_path: Path, name: str, words: str
) -> None:
    path = _hostile(tmp_path, name)
    before = _counts(db)
    with pytest.raises(SourceError) as caught:
        plan_import(db, path)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _counts(db) == before


def test_reader_gives_spreadsheet_row_numbers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["C3"] = "x"
    ws["B5"] = "y"
    wb.save(tmp_path / "offset.xlsx")
    rows = dict(read_sheet(tmp_path / "offset.xlsx").rows())
    assert rows[3][2] == "x" and rows[5][1] == "y"


def test_a_very_large_sheet_is_streamed_row_by_row(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the threshold the sheet is read with openpyxl's streaming reader (no merge
    information): the same ledger still imports exactly."""
    from cixi_desktop.reports.excel import reader

    calls: list[str] = []
    real = reader._read_streamed
    monkeypatch.setattr(reader, "STREAM_ABOVE", 0)
    monkeypatch.setattr(reader, "_read_streamed", lambda *a: calls.append("streamed") or real(*a))
    path = messy.write_messy_ledger(tmp_path / "big.xlsx", "元")
    plan = plan_import(db, path)
    assert calls and plan.header_rows == (3, 4) and plan.errors == []
    commit_import(db, plan)
    _check_expected(db)
