"""The bulk import path writes exactly what the row-by-row path writes: the same enterprises,
projects, providers, payments, status history, audit trail (ids and times aside) and the
same figures; and it refuses the same rows, including refusals only the services see."""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import create_engine, func, make_url, select

from cixi_desktop.domain.errors import FieldError
from cixi_desktop.domain.workflow import Status
from cixi_desktop.reports.excel.commit import commit_import
from cixi_desktop.reports.excel.export import export_workbook
from cixi_desktop.reports.excel.importer import ImportOptions, ImportRefused, plan_import
from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.errors import PermissionDenied
from cixi_desktop.store.models import (
    AnnualPlan,
    AuditEntry,
    Enterprise,
    Project,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
)
from cixi_desktop.store.services.bulk import BatchRefused, NewEnterprise, NewProject, create_many
from cixi_desktop.store.services.enterprises import create_enterprise, delete_enterprise
from cixi_desktop.store.services.projects import create_project
from cixi_desktop.store.services.providers import create_provider
from cixi_desktop.store.services.registry_edits import withdraw


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messy = _load("excel_messy")
sample = _load("excel_sample")


@pytest.fixture
def twin(db: Database, tmp_path: Path) -> Iterator[Database]:
    """A second fresh ledger on the same backend as ``db`` (on the server: a new database,
    migrated from scratch; the template cannot be cloned while ``db``'s setup holds it)."""
    if db.is_sqlite:
        other = open_database(tmp_path / "twin.sqlite3", user=db.user)
        yield other
        other.close()
        return
    base = make_url(os.environ["CIXI_TEST_PG_URL"])
    name = f"cixi_t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    other = open_database(base.set(database=name), user=db.user)
    try:
        yield other
    finally:
        other.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# --- what a ledger holds, without ids and times ------------------------------------------


_MACHINE = {"id", "created_at", "updated_at", "enterprise_id", "project_id", "provider_id"}


def _fields(row: Any) -> tuple[tuple[str, object], ...]:
    return (
        *tuple(
            (c.key, getattr(row, c.key))
            for c in row.__table__.columns
            if c.key not in _MACHINE and not (c.key == "deleted_at" and getattr(row, c.key))
        ),
        ("deleted", row.deleted_at is not None),
    )


def snapshot(db: Database) -> dict[str, object]:
    with db.read() as s:
        enterprises = {e.id: e for e in s.scalars(select(Enterprise))}
        providers = {p.id: p for p in s.scalars(select(ServiceProvider))}
        projects = {p.id: p for p in s.scalars(select(Project))}
        payments = {p.id: p for p in s.scalars(select(SubsidyPayment))}
        key: dict[str, object] = {}
        key |= {str(i): ("enterprise", e.name) for i, e in enterprises.items()}
        key |= {str(i): ("provider", p.name) for i, p in providers.items()}
        key |= {str(i): ("project", p.code) for i, p in projects.items()}
        key |= {
            str(i): ("payment", projects[p.project_id].code, p.paid_on, p.amount)
            for i, p in payments.items()
        }
        key |= {str(p.id): ("plan", p.year, p.town_code) for p in s.scalars(select(AnnualPlan))}
        history: dict[str, list[tuple[object, ...]]] = {}
        for h in s.scalars(select(StatusChange).order_by(StatusChange.at)):
            history.setdefault(projects[h.project_id].code, []).append(
                (h.from_status, h.to_status, h.by, h.document_no, h.reason)
            )
        audit = sorted(
            (
                a.user,
                a.entity,
                repr(key.get(a.entity_id, a.entity_id)),
                a.action,
                a.field,
                a.old or "",
                a.new or "",
            )
            for a in s.scalars(select(AuditEntry))
        )
        return {
            "enterprises": sorted(
                (*_fields(e), ("former", sorted(f.name for f in e.former_names)))
                for e in enterprises.values()
            ),
            "providers": sorted(_fields(p) for p in providers.values()),
            "projects": sorted(
                (
                    *_fields(p),
                    ("enterprise", p.enterprise.name),
                    ("providers", sorted((x.provider.name, x.role) for x in p.providers)),
                )
                for p in projects.values()
            ),
            "payments": sorted(
                (*_fields(p), ("project", projects[p.project_id].code)) for p in payments.values()
            ),
            "history": history,
            "audit": audit,
        }


def figures(db: Database) -> list[object]:
    out: list[object] = []
    for scope in (summaries.EVERYTHING, summaries.Scope(2018, 2019)):
        out += [
            summaries.headline(db, scope),
            summaries.by_town(db, scope),
            summaries.by_category(db, scope),
            summaries.providers(db, scope),
            summaries.fiscal(db, scope),
        ]
    return out


def _report(report: Any) -> tuple[object, ...]:
    return (
        report.summary(),
        sorted(report.refused),
        [str(p) for p in report.problems],
        len(report.project_ids),
        len(report.enterprise_ids),
    )


def import_both(
    db: Database,
    twin: Database,
    path: Path,
    options: ImportOptions | None = None,
    *,
    skip_invalid: bool = False,
) -> tuple[Any, Any]:
    reports = []
    for database, bulk in ((db, True), (twin, False)):
        plan = plan_import(database, path, options)
        reports.append(commit_import(database, plan, skip_invalid=skip_invalid, bulk=bulk))
    bulk_report, row_report = reports
    assert _report(bulk_report) == _report(row_report)
    assert snapshot(db) == snapshot(twin)
    assert figures(db) == figures(twin)
    return bulk_report, row_report


# --- the test workbooks ------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["万元", "元"])
def test_messy_town_ledger_the_same_both_ways(
    db: Database, twin: Database, tmp_path: Path, unit: str
) -> None:
    path = messy.write_messy_ledger(tmp_path / "ledger.xlsx", unit)
    report, _ = import_both(db, twin, path)
    assert report.created_projects == 4 and report.created_enterprises == 3
    with db.read() as s:
        accepted = s.scalar(select(Project).where(Project.name == "轴承磨加工自动化"))
        assert accepted is not None and accepted.status == "已验收" and accepted.version == 4
        history = s.execute(
            select(StatusChange.from_status, StatusChange.to_status)
            .where(StatusChange.project_id == accepted.id)
            .order_by(StatusChange.at)
        ).all()
    # In time order, as the history view shows it.
    assert [tuple(h) for h in history] == [
        (None, "计划"),
        ("计划", "在建"),
        ("在建", "竣工"),
        ("竣工", "已验收"),
    ]


def test_refused_rows_skipped_the_same_both_ways(
    db: Database, twin: Database, tmp_path: Path
) -> None:
    path = messy.write_messy_ledger(tmp_path / "bad.xlsx", "元", bad_rows=True)
    report, _ = import_both(db, twin, path, skip_invalid=True)
    assert report.skipped_invalid == 2 and report.created_projects == 4


def test_round_trip_of_every_status_payment_and_provider(
    db: Database, twin: Database, tmp_path: Path
) -> None:
    source = open_database(tmp_path / "source.sqlite3", user="来源")
    try:
        sample.build_sample(source)
        path = export_workbook(source, tmp_path / "all.xlsx").path
    finally:
        source.close()
    report, _ = import_both(db, twin, path)
    assert report.created_projects == 8 and report.created_providers == 2
    with db.read() as s:
        paid = s.scalars(select(SubsidyPayment.amount)).all()
        statuses = set(s.scalars(select(Project.status)))
    assert sum(paid) == Decimal("56.00")
    assert statuses == {str(x) for x in Status}


def _book(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


HEADER = [
    "企业名称", "统一社会信用代码", "曾用名", "所属镇街", "产业集群", "是否规上", "列入规上年份",
    "联系电话", "项目编号", "项目名称", "计划年度", "项目类别", "总投资", "设备投资",
    "实际开工日期", "实际竣工日期", "验收日期", "状态", "核定补助", "已拨付", "拨付日期", "服务商",
]  # fmt: skip


def _prepare(database: Database) -> None:
    """The same registered ledger in both databases: the sample, a withdrawn provider, a
    deleted enterprise and a project that keeps its code."""
    sample.build_sample(database)
    gone = create_provider(database, {"name": "已注销服务有限公司"})
    withdraw(database, "service_provider", gone.id, gone.version)
    firm = create_enterprise(
        database,
        {
            "name": "已注销企业",
            "uscc": sample.USCC[7],
            "town_code": "周巷镇",
            "cluster_code": "智能家电",
        },
    )
    delete_enterprise(database, firm.id, firm.version)
    owner = create_enterprise(
        database, {"name": "编号占用企业", "town_code": "周巷镇", "cluster_code": "新材料"}
    )
    create_project(
        database,
        owner.id,
        {
            "code": "CX-2020-0007",
            "name": "占号项目",
            "plan_year": 2020,
            "category_code": "其他",
            "total_investment": Decimal(1),
            "equipment_investment": Decimal(1),
        },
    )


def _mixed_rows() -> list[list[object]]:
    u = sample.USCC
    d = date
    return [
        # registered by name, without a USCC: the row's is filled in (row by row both ways)
        ["慈溪市丁新材料有限公司", u[3], "", "周巷镇", "新材料", "是", 2019, "", "", "新线一", 2020,
         "机器换人", 100, 50, d(2020, 3, 1), None, None, "在建", None, None, None,
         "宁波智造工程服务有限公司"],
        # registered by former name; a new provider with a role
        ["慈溪丙汽配有限公司", "", "", "宗汉街道", "汽车及零部件", "否", None, "", "", "新线二",
         2020, "数字化车间", 300, 100, d(2020, 2, 1), d(2020, 9, 1), None, "竣工", None, None,
         None, "慈溪新服务有限公司（软件实施）、宁波智造工程服务有限公司"],
        # a new enterprise with a former name, paid in full (walks to 已拨付)
        ["新企业甲有限公司", messy.USCC_A, "慈溪老厂", "长河镇", "关键基础件", "是", 2019,
         "13805741234", "", "付清项目", 2020, "智能工厂", 900, 600, d(2020, 1, 5),
         d(2020, 6, 30), d(2020, 8, 1), "已拨付", 40, 40, d(2020, 12, 1), ""],
        # the same new enterprise again, with a code of its own
        ["新企业甲有限公司", messy.USCC_A, "", "长河镇", "关键基础件", "是", 2019, "", "CX-2020-0100",
         "第二个项目", 2020, "其他", 20, 10, None, None, None, "计划", None, None, None, ""],
        # a code generated after CX-2020-0100 (and past the deleted-code holder's 0007)
        ["新企业乙有限公司", messy.USCC_B, "", "长河镇", "新材料", "否", None, "", "", "后续项目",
         2020, "其他", 5, 5, None, None, None, "", None, None, None, ""],
        # refused only by the services: a withdrawn provider's name is still taken
        ["新企业丙有限公司", messy.USCC_C, "", "观海卫镇", "新材料", "否", None, "", "", "服务商冲突",
         2020, "其他", 5, 5, None, None, None, "", None, None, None, "已注销服务有限公司"],
        # ... and a deleted enterprise's USCC
        ["另起炉灶有限公司", u[7], "", "观海卫镇", "新材料", "否", None, "", "", "信用代码冲突",
         2020, "其他", 5, 5, None, None, None, "", None, None, None, ""],
        # the enterprise of the refused row, brought again by a later row with good data
        ["新企业丙有限公司", messy.USCC_C, "", "观海卫镇", "新材料", "否", None, "", "", "第二次",
         2020, "其他", 6, 6, None, None, None, "终止", None, None, None, ""],
        # a repeat of a registered project (skipped as a duplicate)
        ["宁波乙轴承有限公司", u[1], "", "观海卫镇", "关键基础件", "是", 2017, "", "",
         "轴承磨加工机器换人", 2018, "机器换人", 450, 300, d(2018, 3, 15), None, None, "在建",
         None, None, None, ""],
    ]  # fmt: skip


def test_mixed_file_against_a_registered_ledger(
    db: Database, twin: Database, tmp_path: Path
) -> None:
    for database in (db, twin):
        _prepare(database)
    path = _book(tmp_path / "mixed.xlsx", HEADER, _mixed_rows())
    plan = plan_import(db, path)
    assert plan.errors == [] and plan.to_create == 8 and len(plan.duplicates) == 1
    for database, bulk in ((db, True), (twin, False)):
        with pytest.raises(ImportRefused) as caught:
            commit_import(database, plan_import(database, path), bulk=bulk)
        assert "第 7 行 服务商名称：已有同名服务商" in str(caught.value)
    assert snapshot(db) == snapshot(twin)
    report, _ = import_both(db, twin, path, skip_invalid=True)
    assert sorted(report.refused) == [7, 8]
    assert report.created_projects == 6 and report.skipped_duplicates == 1
    with db.read() as s:
        codes = {name: code for name, code in s.execute(select(Project.name, Project.code))}
        firm = s.scalar(select(Enterprise).where(Enterprise.name == "新企业甲有限公司"))
        assert firm is not None and [f.name for f in firm.former_names] == ["慈溪老厂"]
        filled = s.scalar(select(Enterprise).where(Enterprise.uscc == sample.USCC[3]))
        assert filled is not None and filled.version == 2
    assert codes["第二个项目"] == "CX-2020-0100"
    assert codes["后续项目"] == "CX-2020-0101"
    assert codes["新线一"] == "CX-2020-0008"


def test_updates_go_row_by_row_between_bulk_batches(
    db: Database, twin: Database, tmp_path: Path
) -> None:
    for database in (db, twin):
        sample.build_sample(database)
    rows = _mixed_rows()[:5] + _mixed_rows()[-1:]
    rows[-1][13] = 310  # the registered project's equipment investment changes
    path = _book(tmp_path / "update.xlsx", HEADER, rows)
    report, _ = import_both(db, twin, path, ImportOptions(update_duplicates=True))
    assert report.updated_projects == 1 and report.created_projects == 5


# --- the service on its own --------------------------------------------------------------


def _values(**extra: object) -> dict[str, object]:
    return {
        "name": "项目",
        "plan_year": 2021,
        "category_code": "robot",
        "total_investment": Decimal("10.00"),
        "equipment_investment": Decimal("5.00"),
        **extra,
    }


def _firm(**extra: object) -> NewEnterprise:
    values = {"name": "批量企业", "town_code": "330282121", "cluster_code": "appliance"}
    return NewEnterprise(values | extra)


def test_service_refuses_unclean_values_and_writes_nothing(db: Database) -> None:
    projects = [
        NewProject(0, _values(name="好项目")),
        NewProject(0, _values(name="坏金额", total_investment="三百万")),
        NewProject(0, _values(name="坏顺序", equipment_investment=Decimal("20.00"))),
        NewProject(0, _values(name="缺日期"), moves=(Status.IN_PROGRESS,), reason="导入"),
        NewProject(uuid.uuid4(), _values(name="没有企业")),
    ]
    with pytest.raises(BatchRefused) as caught:
        create_many(db, projects, [_firm()])
    failures = caught.value.failures
    assert sorted(failures) == [1, 2, 3, 4]
    assert failures[1][0].field == "total_investment"
    assert "不能大于项目总投资" in failures[2][0].message
    assert failures[3] == (FieldError("actual_start_date", "实际开工日期", failures[3][0].message),)
    assert failures[4][0].message == "所选企业不存在"
    with db.read() as s:
        assert s.scalars(select(Project)).all() == []
        assert s.scalars(select(Enterprise)).all() == []
        assert s.scalars(select(AuditEntry)).all() == []


def test_service_checks_roles_once_per_town(db: Database) -> None:
    db.role, db.town_code = "录入员", "330282121"  # a clerk of 周巷镇
    try:
        made = create_many(db, [NewProject(0, _values())], [_firm()])
        assert len(made.project_ids) == 1
        with pytest.raises(PermissionDenied, match="录入员只能处理本镇街"):
            create_many(
                db, [NewProject(0, _values())], [_firm(name="外镇企业", town_code="330282120")]
            )
        with pytest.raises(PermissionDenied):  # a clerk may not approve a subsidy
            create_many(
                db, [NewProject(0, _values(approved_subsidy=Decimal(1)))], [_firm(name="乙")]
            )
    finally:
        db.role, db.town_code = None, None
    with db.read() as s:
        assert len(s.scalars(select(Project)).all()) == 1


# --- the cleaning shortcuts agree with the domain's parsers ------------------------------

_AWKWARD = "a 中\u3000\u00a0\t\n\r\x01\x7f\x9f\u200b\ufeff\u202e（）(ｱ)-=+"


@given(st.text(alphabet=st.sampled_from(_AWKWARD) | st.characters(), max_size=30))
def test_text_shortcut_is_clean_name(text: str) -> None:
    from cixi_desktop.domain.text import clean_name
    from cixi_desktop.reports.excel.cleaning import _clean_text

    assert _clean_text(text) == clean_name(text)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYIOZSV -", min_size=16, max_size=20))
def test_uscc_shortcut_gives_what_the_parser_gives(text: str) -> None:
    from cixi_desktop.domain.errors import ValueProblem
    from cixi_desktop.domain.uscc import clean_uscc
    from cixi_desktop.reports.excel.cleaning import _parsed

    try:
        want: tuple[object, str | None] = (clean_uscc(text), None)
    except ValueProblem as exc:
        want = (None, str(exc))
    assert _parsed("uscc", text) == want


def test_uscc_shortcut_on_real_codes() -> None:
    from cixi_desktop.domain.uscc import make_uscc
    from cixi_desktop.reports.excel.cleaning import _parsed

    for n in range(0, 10**9, 7_654_321):
        code = make_uscc(f"91330282{n:09d}")
        assert _parsed("uscc", code) == (code, None)
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        assert _parsed("uscc", wrong)[1] is not None


# --- the commit writes the preview's kept rows, or matches again -------------------------


def _refused_cells(report: Any) -> dict[int, tuple[list[object], dict[str, object]]]:
    return {n: (r.values, r.context) for n, r in report.refused.items()}


@pytest.mark.parametrize("bulk", [True, False])
def test_kept_rows_write_what_matching_again_writes(
    db: Database, twin: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    """The preview's kept rows (the ledger unchanged) and the pipeline run again over the
    file leave the same ledger, the same report, and the same cells of rows refused only
    at the commit (read back from the file for kept rows)."""
    from cixi_desktop.reports.excel import commit as commit_module

    for database in (db, twin):
        _prepare(database)
    path = _book(tmp_path / "mixed.xlsx", HEADER, _mixed_rows())
    kept = plan_import(db, path)
    again = plan_import(twin, path)
    assert kept.kept is not None and len(kept.kept.rows) == 8
    again.kept = None  # as if the ledger had changed: the file is read and matched again
    real = commit_module.open_pipeline
    opened: list[object] = []
    monkeypatch.setattr(commit_module, "open_pipeline", lambda *a: opened.append(a) or real(*a))
    reports = [
        commit_import(database, plan, skip_invalid=True, bulk=bulk)
        for database, plan in ((db, kept), (twin, again))
    ]
    assert len(opened) == 1  # the twin's only
    assert _report(reports[0]) == _report(reports[1])
    assert _refused_cells(reports[0]) == _refused_cells(reports[1])
    assert sorted(reports[0].refused) == [7, 8]
    assert reports[0].refused[7].values[0] == "新企业丙有限公司"
    assert snapshot(db) == snapshot(twin)


def test_a_plan_kept_rows_survive_a_refused_commit(db: Database, tmp_path: Path) -> None:
    """A refused commit changes nothing the next commit of the same plan relies on."""
    _prepare(db)
    path = _book(tmp_path / "mixed.xlsx", HEADER, _mixed_rows())
    plan = plan_import(db, path)
    with pytest.raises(ImportRefused):
        commit_import(db, plan)
    report = commit_import(db, plan, skip_invalid=True)
    assert report.created_projects == 6 and report.created_enterprises == 3
    with db.read() as s:
        filled = s.scalar(select(Enterprise).where(Enterprise.uscc == sample.USCC[3]))
        assert filled is not None and filled.version == 2
    # Committed: the ledger moved on, so the same plan now matches its own rows again.
    report = commit_import(db, plan, skip_invalid=True)
    assert report.created_projects == 0 and report.skipped_duplicates == 7


def test_the_commit_matches_again_when_the_ledger_changed(db: Database, tmp_path: Path) -> None:
    rows = [
        ["后来登记有限公司", messy.USCC_A, "", "长河镇", "新材料", "否", None, "", "", "甲线",
         2020, "其他", 5, 5, None, None, None, "", None, None, None, ""],
        ["后来登记有限公司", messy.USCC_A, "", "长河镇", "新材料", "否", None, "", "", "乙线",
         2020, "其他", 5, 5, None, None, None, "", None, None, None, ""],
    ]  # fmt: skip
    path = _book(tmp_path / "late.xlsx", HEADER, rows)
    plan = plan_import(db, path)
    assert plan.new_enterprises == ["后来登记有限公司"]
    # Between the preview and the commit, someone registers the firm and one project.
    firm = create_enterprise(
        db, {"name": "后来登记有限公司", "town_code": "长河镇", "cluster_code": "新材料"}
    )
    create_project(
        db,
        firm.id,
        {
            "name": "甲线",
            "plan_year": 2020,
            "category_code": "其他",
            "total_investment": Decimal(5),
            "equipment_investment": Decimal(5),
        },
    )
    report = commit_import(db, plan)
    assert report.created_enterprises == 0
    assert report.created_projects == 1 and report.skipped_duplicates == 1
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Enterprise)) == 1
        uscc = s.scalar(select(Enterprise.uscc))
    assert uscc == messy.USCC_A  # the row filled in what the registered firm lacked


def test_options_changed_after_the_preview_are_followed(db: Database, tmp_path: Path) -> None:
    sample.build_sample(db)
    rows = _mixed_rows()[-1:]
    rows[0][13] = 310
    path = _book(tmp_path / "again.xlsx", HEADER, rows)
    plan = plan_import(db, path)
    assert len(plan.duplicates) == 1
    plan.options.update_duplicates = True  # changed after the preview: matched again
    report = commit_import(db, plan)
    assert report.updated_projects == 1


def test_a_large_write_gets_a_large_page_cache_for_its_batch_only(db: Database) -> None:
    with db.batch() as session:
        conn = session.connection()

        def cache() -> object:
            return conn.exec_driver_sql("PRAGMA cache_size").scalar() if db.is_sqlite else None

        before = cache()
        with db.large_write(session, cache_mib=64):
            assert cache() == (-64 * 1024 if db.is_sqlite else None)
        assert cache() == before
