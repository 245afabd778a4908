"""Integrity at open (store/integrity.py): a damaged ledger is refused before anything
writes, naming the newest good backup; large files after a clean close are left to the
window's background check; an unclean close is always checked first."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cixi_desktop.store import backups, integrity
from cixi_desktop.store import lock as writer_lock
from cixi_desktop.store.backup import integrity_problems
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.integrity import DamagedDatabase, QuickCheck, check_in_background

_spec = importlib.util.spec_from_file_location(
    "damaged_ledger", Path(__file__).with_name("damaged_ledger.py")
)
assert _spec is not None and _spec.loader is not None
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


@pytest.fixture
def ledger(db_path: Path) -> Path:
    return sample.build_ledger(db_path)


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record the synchronous checks made at open (they still run)."""
    made: list[Path] = []
    real = integrity.refuse_if_damaged

    def recorded(path: Path) -> None:
        made.append(path)
        real(path)

    monkeypatch.setattr(integrity, "refuse_if_damaged", recorded)
    return made


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_damaged_ledger_is_refused_naming_the_newest_good_backup(ledger: Path) -> None:
    older = backups.make_backup(ledger, "daily")
    newest = backups.make_backup(ledger, "manual")
    sample.damage(ledger)
    assert integrity_problems(ledger, quick=True)
    before = ledger.read_bytes()
    with pytest.raises(EnvironmentProblem) as info:
        open_database(ledger, user="测试员")
    message = str(info.value)
    assert isinstance(info.value, DamagedDatabase)
    assert "\n" not in message
    assert str(ledger) in message and "已损坏" in message
    assert newest.name in message and older.name not in message
    assert "cixi-desktop" in message and "restore" in message and str(newest) in message
    assert info.value.backup is not None and info.value.backup.path == newest
    assert ledger.read_bytes() == before  # nothing wrote to it: no migration, no WAL switch
    assert not writer_lock.held_here(ledger)  # the lock went with the refusal


def test_restoring_the_named_backup_gives_the_same_figures(ledger: Path) -> None:
    good = sample.figures(ledger)
    assert good.projects == sample.FIRMS
    backups.make_backup(ledger, "manual")
    db = open_database(ledger, user="测试员")
    sample.add_projects(db, 3, first=100)  # work after the backup: lost with the damage
    db.close()
    sample.damage(ledger)
    with pytest.raises(DamagedDatabase) as info:
        open_database(ledger, user="测试员")
    assert info.value.backup is not None
    kept = backups.restore_over_damaged(info.value.backup.path, ledger)
    assert sample.figures(ledger) == good
    # The damaged file stays beside the ledger for salvage, not among the backups.
    assert sorted(kept) == sorted(ledger.parent.glob("*.damaged-*"))
    assert integrity_problems(kept[0], quick=True)
    assert all(".damaged-" not in b.path.name for b in backups.list_backups(ledger))


def test_a_damaged_newest_backup_is_passed_over(ledger: Path) -> None:
    older = backups.make_backup(ledger, "daily")
    newest = backups.make_backup(ledger, "before-import")
    sample.damage(newest)
    sample.damage(ledger)
    with pytest.raises(DamagedDatabase) as info:
        open_database(ledger, user="测试员")
    assert info.value.backup is not None and info.value.backup.path == older
    assert older.name in str(info.value) and newest.name not in str(info.value)


def test_without_a_good_backup_the_sentence_says_so(ledger: Path) -> None:
    sample.damage(ledger)
    with pytest.raises(DamagedDatabase) as info:
        open_database(ledger, user="测试员")
    assert info.value.backup is None
    assert "没有找到完好的备份" in str(info.value)
    assert "\n" not in str(info.value)


def test_a_healthy_small_ledger_is_checked_and_opens(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _checks(monkeypatch)
    db = open_database(ledger, user="测试员")
    try:
        assert made == [ledger]
        assert not db.unchecked and not db.read_only
    finally:
        db.close()


def test_a_new_ledger_has_nothing_to_check(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _checks(monkeypatch)
    open_database(db_path, user="测试员").close()
    assert made == []


def test_a_large_ledger_after_a_clean_close_is_left_to_the_window(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "SYNC_LIMIT", 4096)
    made = _checks(monkeypatch)
    db = open_database(ledger, user="测试员")
    try:
        assert made == []
        assert db.unchecked and not db.read_only
    finally:
        db.close()
    assert writer_lock.read_holder(ledger) is None  # a clean close leaves no holder behind


def test_a_stale_lock_of_a_dead_process_makes_the_check_synchronous(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "SYNC_LIMIT", 4096)
    # What a writer killed mid-work leaves: its lock file still naming it.
    stale = {"user": "张三", "host": "pc-1", "pid": _dead_pid(), "since": "2026-01-05 08:00 UTC"}
    writer_lock.lock_path(ledger).write_text(json.dumps(stale, ensure_ascii=False), "utf-8")
    made = _checks(monkeypatch)
    db = open_database(ledger, user="测试员")
    try:
        assert made == [ledger]
        assert not db.unchecked
        assert writer_lock.reclaimed_from(ledger) is not None
        assert writer_lock.reclaimed_from(ledger).user == "张三"  # type: ignore[union-attr]
    finally:
        db.close()


def test_a_damaged_large_ledger_after_a_crash_is_refused(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "SYNC_LIMIT", 4096)
    backups.make_backup(ledger, "daily")
    sample.damage(ledger)
    stale = {"user": "张三", "host": "pc-1", "pid": _dead_pid(), "since": "2026-01-05 08:00 UTC"}
    writer_lock.lock_path(ledger).write_text(json.dumps(stale, ensure_ascii=False), "utf-8")
    with pytest.raises(DamagedDatabase):
        open_database(ledger, user="测试员")


KILLED_WRITER = """
import os, sys
from cixi_desktop.store.database import open_database
from cixi_desktop.store.services import enterprises
db = open_database(sys.argv[1], user="张三")
enterprises.create_enterprise(db, {"name": "未关闭企业", "town_code": "周巷镇", "cluster_code": "其他"})
os._exit(0)  # like kill -9: no close, no atexit
"""


def test_a_killed_writer_makes_the_next_open_check_first(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(ledger)], check=True)
    assert integrity.wal_left_behind(ledger)
    monkeypatch.setattr(integrity, "SYNC_LIMIT", 4096)
    made = _checks(monkeypatch)
    db = open_database(ledger, user="测试员")
    try:
        assert made == [ledger]
        assert not db.unchecked
        assert writer_lock.reclaimed_from(ledger).user == "张三"  # type: ignore[union-attr]
    finally:
        db.close()


def test_a_leftover_wal_alone_counts_as_an_unclean_close(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA journal_mode=WAL')\n"
        "con.execute(\"UPDATE enterprise SET contact = '李四'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(ledger)], check=True)
    assert integrity.wal_left_behind(ledger)
    assert writer_lock.read_holder(ledger) is None
    monkeypatch.setattr(integrity, "SYNC_LIMIT", 4096)
    made = _checks(monkeypatch)
    db = open_database(ledger, user="测试员")
    try:
        assert made == [ledger]
    finally:
        db.close()


def test_a_second_window_of_this_process_is_not_an_unclean_close(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "SYNC_LIMIT", 4096)
    first = open_database(ledger, user="测试员")
    try:
        sample.add_projects(first, 1, first=200)  # this process's own WAL content
        made = _checks(monkeypatch)
        second = open_database(ledger, user="测试员")
        second.close()
        assert made == []
    finally:
        first.close()


def test_a_normal_exit_without_close_is_not_a_crash(ledger: Path) -> None:
    script = (
        "import sys\n"
        "from cixi_desktop.store.database import open_database\n"
        "db = open_database(sys.argv[1], user='张三')\n"
    )
    subprocess.run([sys.executable, "-c", script, str(ledger)], check=True)
    assert writer_lock.read_holder(ledger) is None


def test_background_check_finds_damage_and_names_the_backup(ledger: Path) -> None:
    assert QuickCheck(ledger).run() == []
    assert check_in_background(QuickCheck(ledger)) is None
    good = backups.make_backup(ledger, "daily")
    sample.damage(ledger)
    found = check_in_background(QuickCheck(ledger))
    assert isinstance(found, DamagedDatabase)
    assert found.backup is not None and found.backup.path == good
    assert found.problems and str(ledger) in str(found)


def test_a_stopped_background_check_reports_nothing(ledger: Path) -> None:
    sample.damage(ledger)
    check = QuickCheck(ledger)
    check.stop()
    assert check.run() is None
    assert check_in_background(check) is None


def test_only_sqlite_files_are_checked(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # A server checks its own storage; a small SQLite ledger is checked at every open.
    made = _checks(monkeypatch)
    again = open_database(db.url.render_as_string(hide_password=False), user="测试员")
    try:
        assert made == ([Path(db.display_name)] if db.is_sqlite else [])
        assert not again.unchecked and not again.read_only
    finally:
        again.close()
