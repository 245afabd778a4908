"""Backups: verified copies, once-a-day automatic backups, rotation, restore."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from cixi_desktop.store import backup as backup_module
from cixi_desktop.store import backups
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.files import STALE_AFTER_SECONDS
from cixi_desktop.store.services import enterprises
from cixi_desktop.store.summaries import headline


def _add_enterprise(db: Database, name: str) -> None:
    enterprises.create_enterprise(db, {"name": name, "town_code": "周巷镇", "cluster_code": "其他"})


def test_backup_is_verified_single_file(sqlite_db: Database, db_path: Path) -> None:
    _add_enterprise(sqlite_db, "甲公司")
    made = backups.make_backup(db_path, "manual")
    assert made.parent == db_path.parent / "backups"
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal/-shm left
    copy = open_database(made, user="检查")
    try:
        assert headline(copy).enterprises == 0  # no projects, but the enterprise row came along
        with copy.read() as s:
            assert s.execute(text("select name from enterprise")).scalar() == "甲公司"
    finally:
        copy.close()


def test_daily_backup_once_per_day(sqlite_db: Database, db_path: Path) -> None:
    first = backups.daily_backup(db_path)
    second = backups.daily_backup(db_path)
    assert first is not None and second is None
    assert [b.reason for b in backups.list_backups(db_path)] == ["daily"]


def test_rotation_keeps_recent_dailies_and_one_per_week(
    sqlite_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime(2026, 1, 1, 8, 0)
    for day in range(40):
        monkeypatch.setattr(backups, "utcnow", lambda d=day: start + timedelta(days=d))
        backups.make_backup(db_path, "daily")
    monkeypatch.setattr(backups, "utcnow", lambda: start + timedelta(days=39, hours=1))
    backups.rotate(db_path, keep_daily=7, keep_weeks=4)
    kept = [b.made_at for b in backups.list_backups(db_path)]
    newest = start + timedelta(days=39)
    assert kept[:7] == [newest - timedelta(days=i) for i in range(7)]
    weeks = {d.isocalendar()[:2] for d in kept}
    assert len(weeks) == 4  # the last four ISO weeks, nothing older
    assert len(kept) < 40


def test_rotation_clears_copies_a_crash_cut_short(sqlite_db: Database, db_path: Path) -> None:
    backups.make_backup(db_path, "daily")
    folder = backups.backup_dir(db_path)
    cut = folder / "ledger-daily-20260101-080000-000000.sqlite3.partial"
    journal = cut.with_name(cut.name + "-journal")
    fresh = folder / "ledger-manual-20260101-080000-000001.sqlite3.partial"
    for leftover in (cut, journal, fresh):
        leftover.write_bytes(b"half a copy")
    long_ago = time.time() - STALE_AFTER_SECONDS - 60
    for leftover in (cut, journal):
        os.utime(leftover, (long_ago, long_ago))
    removed = backups.rotate(db_path)
    assert set(removed) == {cut, journal}
    assert fresh.exists()  # perhaps a backup being made right now
    assert len(backups.list_backups(db_path)) == 1


def test_restore_replaces_database_and_keeps_safety_copy(
    sqlite_db: Database, db_path: Path
) -> None:
    _add_enterprise(sqlite_db, "甲公司")
    good = backups.make_backup(db_path, "manual")
    _add_enterprise(sqlite_db, "乙公司")
    sqlite_db.close()
    safety = backups.restore_backup(good, db_path)
    assert safety is not None and safety.exists()
    reopened = open_database(db_path, user="恢复")
    try:
        with reopened.read() as s:
            names = s.execute(text("select name from enterprise")).scalars().all()
        assert names == ["甲公司"]
    finally:
        reopened.close()


def test_restore_refuses_damaged_or_foreign_files(
    sqlite_db: Database, db_path: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(EnvironmentProblem, match="已损坏"):
        backups.restore_backup(junk, db_path)
    import sqlite3

    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    with pytest.raises(EnvironmentProblem, match="不是 cixi-desktop"):
        backups.restore_backup(foreign, db_path)
    assert not list((db_path.parent / "backups").glob("*before-restore*"))  # nothing touched


def test_cli_backup_and_restore(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cli.sqlite3"
    open_database(path, user="x").close()
    out = tmp_path / "copy.sqlite3"
    made = run_cli("--db", str(path), "backup", str(out))
    assert made.returncode == 0, made.stderr
    assert out.exists()
    restored = run_cli("--db", str(path), "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    bad = run_cli("--db", str(path), "restore", str(tmp_path / "missing.sqlite3"))
    assert bad.returncode == 3
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_safety_backup_before_risky_work(sqlite_db: Database, db_path: Path) -> None:
    _add_enterprise(sqlite_db, "甲公司")
    made = backups.safety_backup(sqlite_db, "before-import")
    assert made is not None and "before-import" in made.name
    backups.backup_at_start(sqlite_db)
    assert {b.reason for b in backups.list_backups(db_path)} == {"before-import", "daily"}


def test_cli_import_backs_up_first(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ledger.sqlite3"
    open_database(path, user="x").close()
    sheet = tmp_path / "town.csv"
    sheet.write_text(
        "企业名称,所属镇街,产业集群,项目名称,计划年度,项目类别,项目总投资（万元）,其中设备投资（万元）\n"
        "慈溪市甲电器有限公司,周巷镇,智能家电,注塑车间机器换人,2019,机器换人,300,200\n",
        encoding="utf-8",
    )
    done = run_cli("--db", str(path), "import", str(sheet))
    assert done.returncode == 0, done.stderr
    assert [b.reason for b in backups.list_backups(path)] == ["before-import"]


def test_automatic_backups_of_a_large_ledger_use_the_quick_check(
    sqlite_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[bool] = []
    real = backup_module.integrity_problems

    def spy(path: Path, *, quick: bool = False) -> list[str]:
        checks.append(quick)
        return real(path, quick=quick)

    monkeypatch.setattr(backup_module, "integrity_problems", spy)
    monkeypatch.setattr(backups, "QUICK_CHECK_ABOVE", 0)  # this small ledger counts as large
    backups.make_backup(db_path, "before-import")
    backups.make_backup(db_path, "manual")
    assert checks == [True, False]
    assert [b.reason for b in backups.list_backups(db_path)] == ["manual", "before-import"]
