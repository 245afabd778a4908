"""One writer per SQLite ledger: a second process opens read-only and is told who writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cixi_desktop.store import lock
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.services import enterprises

HOLD = """
import sys, time
from cixi_desktop.store.database import open_database
db = open_database(sys.argv[1], user="张三")
print("holding", flush=True)
sys.stdin.readline()
db.close()
"""


@pytest.fixture
def holder(db_path: Path):  # type: ignore[no-untyped-def]
    open_database(db_path, user="建库").close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()


def test_second_process_is_read_only_and_names_the_writer(holder, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(db_path, user="李四")
    try:
        assert db.read_only
        assert "张三" in db.read_only_because
        with pytest.raises(EnvironmentProblem, match="张三"):
            enterprises.create_enterprise(
                db, {"name": "甲", "town_code": "周巷镇", "cluster_code": "其他"}
            )
    finally:
        db.close()


def test_lock_of_a_crashed_process_is_reclaimed(holder, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    holder.kill()  # like a crash: no clean close
    holder.wait()
    db = open_database(db_path, user="李四")
    try:
        assert not db.read_only
        assert lock.read_holder(db_path).user == "李四"  # type: ignore[union-attr]
    finally:
        db.close()


def test_windows_of_one_process_share_the_lock(sqlite_db: Database, db_path: Path) -> None:
    second = open_database(db_path, user="同一进程")
    try:
        assert not second.read_only
        enterprises.create_enterprise(
            second, {"name": "甲", "town_code": "周巷镇", "cluster_code": "其他"}
        )
    finally:
        second.close()
    enterprises.create_enterprise(
        sqlite_db, {"name": "乙", "town_code": "周巷镇", "cluster_code": "其他"}
    )


def test_cli_write_refused_while_another_process_writes(holder, db_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    read = run_cli("--db", str(db_path), "summary", "--json")
    assert read.returncode == 0, read.stderr
    write = run_cli("--db", str(db_path), "backup")
    assert write.returncode == 0  # reading for a backup is allowed while someone writes


@pytest.mark.parametrize(
    ("path", "risky"),
    [
        ("/home/a/OneDrive/台账/ledger.sqlite3", True),
        ("/home/a/坚果云/ledger.sqlite3", True),
        ("//server/share/ledger.sqlite3", True),
        ("/home/a/文档/ledger.sqlite3", False),
    ],
)
def test_risky_locations_are_named(path: str, risky: bool) -> None:
    sentence = lock.risky_location(Path(path))
    assert (sentence is not None) == risky
    if sentence:
        assert "服务器模式" in sentence


def test_restore_refused_while_another_process_writes(
    holder, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from cixi_desktop.store.backups import make_backup, restore_backup

    copy = make_backup(db_path, "manual")
    with pytest.raises(EnvironmentProblem, match="张三"):
        restore_backup(copy, db_path, "李四")
