"""The schema is made by the migrations, and a ledger of the previous release upgrades
without losing a row, after a verified backup."""

from __future__ import annotations

import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from cixi_desktop.store import migrate
from cixi_desktop.store.backup import integrity_problems
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.models import Base, Enterprise, Project, is_search_object
from cixi_desktop.store.services import projects
from cixi_desktop.store.services.reference import load_missing_reference_data
from cixi_desktop.store.summaries import Scope, headline

PREVIOUS = "0001"
BUSINESS_TABLES = (
    "enterprise",
    "enterprise_former_name",
    "service_provider",
    "project",
    "project_provider",
    "annual_plan",
    "subsidy_payment",
    "status_change",
    "audit_entry",
)


def _schema_differences(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        opts = {
            "compare_type": True,
            # Search tables and indexes are kept by the database, not declared in models.
            "include_name": lambda name, _type, _parent: not is_search_object(name),
        }
        context = MigrationContext.configure(conn, opts=opts)
        return list(compare_metadata(context, Base.metadata))


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every business row, as SQLite stores it, in a stable order."""
    con = sqlite3.connect(path)
    try:
        return {
            table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in BUSINESS_TABLES
        }
    finally:
        con.close()


def test_a_fresh_database_is_made_by_the_migrations(db_path: Path) -> None:
    db = open_database(db_path, user="测试员")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        assert versions == [(migrate.head_revision(),)]
        assert _schema_differences(db) == []
        # Nothing was backed up: there was nothing to lose.
        assert not (db_path.parent / "backups").exists()
    finally:
        db.close()


def test_models_and_migrations_name_the_same_tables(db_path: Path) -> None:
    db = open_database(db_path, user="测试员")
    try:
        with db.engine.connect() as conn:
            tables = {t for t in inspect(conn).get_table_names() if not is_search_object(t)}
        assert tables == set(Base.metadata.tables) | {"alembic_version"}
    finally:
        db.close()


# --- a ledger written by the previous release --------------------------------------


E1, E2 = uuid.UUID(int=1), uuid.UUID(int=2)
P1, P2 = uuid.UUID(int=11), uuid.UUID(int=12)
SP, PAY, SC1, SC2, FN = (uuid.UUID(int=n) for n in (21, 31, 41, 42, 51))
STAMP = "2018-05-06 07:08:09.000000"
TRACKED = "version, created_at, created_by, updated_at, updated_by, deleted_at"


def _tracked(version: int = 1, deleted: str | None = None) -> tuple[object, ...]:
    return (version, STAMP, "老版本", STAMP, "老版本", deleted)


def _write_release_0001_ledger(path: Path) -> None:
    """Rows as release 0001 wrote them, in plain SQL against its schema."""
    db = open_database(path, user="老版本", migrate=False)
    try:
        migrate.upgrade_to_head(db, target=PREVIOUS)
        assert migrate.current_revision(db) == PREVIOUS
        load_missing_reference_data(db)  # reference tables exist since 0001
    finally:
        db.close()
    con = sqlite3.connect(path)
    try:
        con.executemany(
            "INSERT INTO enterprise (id, name, uscc, town_code, cluster_code, division_code,"
            " above_scale, above_scale_year, contact, phone, address, notes, "
            f"{TRACKED}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    E1.hex,
                    "慈溪市老字号电器有限公司",
                    "91330282MA2AAAAA0X",
                    "330282121",
                    "appliance",
                    "38",
                    1,
                    2015,
                    "王五",
                    "0574-63123456",
                    "周巷镇某路1号",
                    "",
                    *_tracked(3),
                ),
                (
                    E2.hex,
                    "已删除企业",
                    None,
                    "330282107",
                    "other",
                    None,
                    0,
                    None,
                    "",
                    "",
                    "",
                    "备注",
                    *_tracked(2, STAMP),
                ),
            ],
        )
        con.execute(
            "INSERT INTO enterprise_former_name (id, enterprise_id, name, until) "
            "VALUES (?, ?, ?, ?)",
            (FN.hex, E1.hex, "慈溪老字号电器厂", "2016-01-01"),
        )
        con.execute(
            "INSERT INTO service_provider (id, name, uscc, town_code, specialty, contact, phone,"
            f" notes, {TRACKED}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (SP.hex, "宁波智造工程服务有限公司", None, None, "机器人集成", "", "", "", *_tracked()),
        )
        project_columns = (
            "id, code, enterprise_id, name, plan_year, category_code, content, total_investment,"
            " equipment_investment, planned_start_date, planned_completion_date,"
            " actual_start_date, actual_completion_date, status, acceptance_date,"
            " acceptance_result, subsidy_computed, subsidy_rule_code, approved_subsidy,"
            " subsidy_override_reason, labour_reduction, productivity_gain_pct,"
            f" defect_reduction_pct, energy_reduction_pct, notes, {TRACKED}"
        )
        con.executemany(
            f"INSERT INTO project ({project_columns}) VALUES ({', '.join('?' * 31)})",
            [
                (
                    P1.hex,
                    "CX-2018-0001",
                    E1.hex,
                    "冲压车间机器换人",
                    2018,
                    "robot",
                    "六轴机器人",
                    1234567890123456789,
                    80000,
                    "2018-03-01",
                    "2018-10-31",
                    "2018-03-05",
                    "2018-11-20",
                    "已拨付",
                    "2018-12-10",
                    "通过",
                    5000,
                    "CX-2018",
                    5000,
                    "",
                    12,
                    1550,
                    320,
                    None,
                    "",
                    *_tracked(5),
                ),
                (
                    P2.hex,
                    "CX-2018-0002",
                    E1.hex,
                    "数字化车间",
                    2018,
                    "digital_workshop",
                    "",
                    50000,
                    30000,
                    None,
                    None,
                    None,
                    None,
                    "计划",
                    None,
                    "",
                    None,
                    None,
                    None,
                    "",
                    None,
                    None,
                    None,
                    None,
                    "",
                    *_tracked(),
                ),
            ],
        )
        con.execute(
            "INSERT INTO project_provider (project_id, provider_id, role) VALUES (?, ?, ?)",
            (P1.hex, SP.hex, "总包"),
        )
        con.execute(
            "INSERT INTO annual_plan (id, year, town_code, planned_enterprises,"
            f" planned_investment, {TRACKED}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid.UUID(int=61).hex, 2018, "330282121", 40, 123456, *_tracked()),
        )
        con.execute(
            "INSERT INTO subsidy_payment (id, project_id, paid_on, amount, document_no, note,"
            f" {TRACKED}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (PAY.hex, P1.hex, "2018-12-20", 5000, "慈经信〔2018〕88号", "", *_tracked()),
        )
        con.executemany(
            "INSERT INTO status_change (id, project_id, at, by, from_status, to_status,"
            " document_no, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (SC1.hex, P1.hex, STAMP, "老版本", None, "计划", "", "新建"),
                (SC2.hex, P1.hex, STAMP, "老版本", "已验收", "已拨付", "", ""),
            ],
        )
        con.execute(
            "INSERT INTO audit_entry (at, user, entity, entity_id, action, field, old, new)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (STAMP, "老版本", "project", str(P1), "update", "status", "已验收", "已拨付"),
        )
        con.commit()
    finally:
        con.close()


def test_a_populated_previous_release_ledger_upgrades_without_loss(db_path: Path) -> None:
    _write_release_0001_ledger(db_path)
    before = _dump(db_path)
    assert sum(len(rows) for rows in before.values()) == 12

    db = open_database(db_path, user="新版本")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        assert _schema_differences(db) == []
        with db.read() as s:
            p1 = s.get_one(Project, P1)
            assert p1.total_investment == Decimal("12345678901234567.89")
            assert p1.productivity_gain_pct == Decimal("15.50")
            assert [n.name for n in s.get_one(Enterprise, E1).former_names] == ["慈溪老字号电器厂"]
            assert s.get_one(Enterprise, E2).deleted_at is not None
        figures = headline(db, Scope(2018, 2018))
        assert (figures.projects, figures.planned_enterprises, figures.completed_projects) == (
            2,
            40,
            1,
        )
        assert figures.subsidy_paid == Decimal("50.00")
        assert figures.total_investment == Decimal("12345678901234567.89") + Decimal("500.00")
        # And the old rows can be edited by the new release.
        p2 = projects.update_project(db, P2, 1, {"content": "升级后补充"})
        assert p2.version == 2
    finally:
        db.close()
    after = _dump(db_path)
    for table in BUSINESS_TABLES:
        if table in ("project", "audit_entry"):
            continue  # edited above
        assert after[table] == before[table], table
    assert len(after["audit_entry"]) == len(before["audit_entry"]) + 1


def test_the_migration_is_preceded_by_a_verified_backup(db_path: Path) -> None:
    _write_release_0001_ledger(db_path)
    before = _dump(db_path)
    open_database(db_path, user="新版本").close()

    backups = sorted((db_path.parent / "backups").glob("*.sqlite3"))
    assert len(backups) == 1, backups
    backup = backups[0]
    assert f"before-migration-{PREVIOUS}" in backup.name
    assert integrity_problems(backup) == []
    # The backup is the ledger as it was: old schema, same rows.
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(PREVIOUS,)]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "app_setting" not in tables
    finally:
        con.close()
    assert _dump(backup) == before
    assert not list((db_path.parent / "backups").glob("*.partial"))

    # Opening an up-to-date ledger again makes no further backup.
    open_database(db_path, user="新版本").close()
    assert len(list((db_path.parent / "backups").glob("*.sqlite3"))) == 1


def test_downgrade_and_upgrade_again(db_path: Path) -> None:
    _write_release_0001_ledger(db_path)
    db = open_database(db_path, user="测试员")
    try:
        before = _dump(db_path)
        with db.engine.begin() as conn:
            command.downgrade(migrate._config(conn), PREVIOUS)
        assert migrate.current_revision(db) == PREVIOUS
        assert "app_setting" not in inspect(db.engine).get_table_names()
        assert _dump(db_path) == before

        with db.engine.begin() as conn:
            command.upgrade(migrate._config(conn), "head")
        assert migrate.current_revision(db) == migrate.head_revision()
        assert _schema_differences(db) == []
        assert _dump(db_path) == before

        with db.engine.begin() as conn:
            command.downgrade(migrate._config(conn), "base")
        assert migrate.current_revision(db) is None
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}

        migrate.upgrade_to_head(db)
        load_missing_reference_data(db)
        assert _schema_differences(db) == []
        assert headline(db).projects == 0
    finally:
        db.close()


def test_every_revision_chain_is_linear_and_known() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate._config())
    revisions = list(script.walk_revisions())
    assert len(script.get_heads()) == 1
    assert revisions[-1].down_revision is None
    assert {r.revision for r in revisions} >= {PREVIOUS, migrate.head_revision()}


@pytest.mark.parametrize("unknown", ["ffff", "9999_from_the_future"])
def test_an_unknown_revision_is_refused_before_any_change(db_path: Path, unknown: str) -> None:
    open_database(db_path, user="测试员").close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = ?", (unknown,))
    con.commit()
    con.close()
    from cixi_desktop.store.errors import EnvironmentProblem

    with pytest.raises(EnvironmentProblem, match="更新版本"):
        open_database(db_path, user="测试员")
    assert not (db_path.parent / "backups").exists()
