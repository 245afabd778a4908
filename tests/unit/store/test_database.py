"""Opening a ledger: where it lives, how --db is read, SQLite settings, files that are not ours."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from cixi_desktop.store import migrate
from cixi_desktop.store.database import (
    DATA_DIR_ENV,
    data_dir,
    default_database_path,
    open_database,
    resolve_url,
)
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.models import Enterprise
from cixi_desktop.store.services import enterprises

CHINESE = re.compile("[\u4e00-\u9fff]")


def _one_chinese_sentence(problem: EnvironmentProblem, path: Path) -> str:
    message = str(problem)
    assert "\n" not in message
    assert CHINESE.search(message), message
    assert str(path) in message
    return message


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- where the default ledger lives ---------------------------------------------------


def test_default_path_is_in_the_overridden_data_dir() -> None:
    folder = Path(os.environ[DATA_DIR_ENV])
    assert data_dir() == folder
    assert default_database_path() == folder / "ledger.sqlite3"
    db = open_database(None, user="测试员")
    try:
        assert db.display_name == str(folder / "ledger.sqlite3")
        assert (folder / "ledger.sqlite3").is_file()
    finally:
        db.close()


def test_without_override_the_platform_user_data_folder_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV)
    expected = platformdirs.user_data_path("cixi-desktop", appauthor=False)
    assert data_dir() == expected
    assert default_database_path() == expected / "ledger.sqlite3"


def test_tests_never_see_the_real_home() -> None:
    # conftest points HOME and the data folder at a temporary directory for every test.
    assert Path(os.environ["HOME"]) == Path(os.environ[DATA_DIR_ENV])
    assert platformdirs.user_data_path("cixi-desktop").is_relative_to(os.environ["HOME"])


# --- --db: a path or a URL -------------------------------------------------------------


def test_a_relative_path_becomes_an_absolute_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = resolve_url("sub/ledger.sqlite3")
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(tmp_path / "sub" / "ledger.sqlite3")


def test_home_is_expanded(tmp_path: Path) -> None:
    url = resolve_url("~/ledger.sqlite3")
    assert url.database == str(Path("~").expanduser().resolve() / "ledger.sqlite3")
    assert "~" not in url.database


def test_a_url_is_taken_as_is() -> None:
    url = resolve_url("postgresql+psycopg://clerk:secret@server:5432/ledger")
    assert url.get_backend_name() == "postgresql"
    assert url.database == "ledger"
    assert url.host == "server"


def test_an_unreadable_url_is_an_environment_problem() -> None:
    with pytest.raises(EnvironmentProblem) as info:
        resolve_url("not a url at all://x")
    assert "数据库地址" in str(info.value)


def test_sqlite_url_and_path_open_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    first = open_database(f"sqlite:///{path}", user="甲")
    try:
        ent = enterprises.create_enterprise(
            first, {"name": "经由地址写入", "town_code": "周巷镇", "cluster_code": "其他"}
        )
    finally:
        first.close()
    second = open_database(path, user="乙")
    try:
        assert second.display_name == str(path)
        with second.read() as s:
            assert s.get_one(Enterprise, ent.id).name == "经由地址写入"
    finally:
        second.close()


def test_missing_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "ledger.sqlite3"
    db = open_database(path, user="测试员")
    db.close()
    assert path.is_file()


# --- SQLite settings on every connection ---------------------------------------------


PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


def _pragmas(conn: object) -> dict[str, object]:
    return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in PRAGMAS}  # type: ignore[attr-defined]


def test_pragmas_are_set_on_every_connection(tmp_path: Path) -> None:
    db = open_database(tmp_path / "ledger.sqlite3", user="测试员")
    try:
        # Two connections open at once are two different SQLite connections.
        with db.engine.connect() as one, db.engine.connect() as two:
            assert _pragmas(one) == PRAGMAS
            assert _pragmas(two) == PRAGMAS
        db.engine.dispose()  # a fresh pool: the listener must run again
        with db.engine.connect() as three:
            assert _pragmas(three) == PRAGMAS
        with db.read() as s:
            assert _pragmas(s.connection()) == PRAGMAS
        with db.write() as s:
            assert _pragmas(s.connection()) == PRAGMAS
    finally:
        db.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_database(tmp_path / "ledger.sqlite3", user="测试员")
    try:
        with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO enterprise_former_name (id, enterprise_id, name) "
                "VALUES ('00000000000000000000000000000001', "
                "'00000000000000000000000000000002', 'x')"
            )
    finally:
        db.close()


# --- files that are not a ledger -------------------------------------------------------


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("会议纪要：明天上午九点开会\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(EnvironmentProblem) as info:
        open_database(path)
    assert "不是" in _one_chinese_sentence(info.value, path)
    assert _digest(path) == before


def test_a_directory_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "folder.sqlite3"
    path.mkdir()
    with pytest.raises(EnvironmentProblem) as info:
        open_database(path)
    assert "文件夹" in _one_chinese_sentence(info.value, path)


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(64 * 1024)))
    before = _digest(path)
    with pytest.raises(EnvironmentProblem) as info:
        open_database(path)
    _one_chinese_sentence(info.value, path)
    assert _digest(path) == before


def test_a_sqlite_header_with_garbage_after_it_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    with pytest.raises(EnvironmentProblem) as info:
        open_database(path)
    _one_chinese_sentence(info.value, path)


def test_a_zero_byte_file_becomes_a_new_ledger(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    db = open_database(path, user="测试员")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM ref_town")).scalar_one() >= 19
    finally:
        db.close()


def test_another_programs_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "wechat.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO message (body) VALUES ('你好')")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(EnvironmentProblem) as info:
        open_database(path)
    assert "其他程序" in _one_chinese_sentence(info.value, path)
    # Not even switched to WAL: the other program's file is exactly as it was.
    assert _digest(path) == before
    assert not Path(str(path) + "-wal").exists()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    db = open_database(path, user="测试员")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    db.close()
    with pytest.raises(EnvironmentProblem) as info:
        open_database(path)
    message = _one_chinese_sentence(info.value, path)
    assert "更新版本" in message and "ffff" in message
    assert not (tmp_path / "backups").exists()  # nothing was migrated, so nothing backed up
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("ffff",)
    con.close()


# --- transactions -----------------------------------------------------------------------


def test_write_rolls_back_on_error_and_read_never_commits(tmp_path: Path) -> None:
    db = open_database(tmp_path / "ledger.sqlite3", user="测试员")
    try:
        with pytest.raises(RuntimeError), db.write() as s:
            s.execute(text("INSERT INTO app_setting (key, value) VALUES ('a', '1')"))
            raise RuntimeError("stop")
        with db.read() as s:
            s.execute(text("INSERT INTO app_setting (key, value) VALUES ('b', '2')"))
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM app_setting")).scalar_one() == 0
    finally:
        db.close()


def test_a_write_session_holds_the_write_lock_from_its_start(tmp_path: Path) -> None:
    """So a concurrent writer waits, and a stale edit is then caught by its version."""
    path = tmp_path / "ledger.sqlite3"
    db = open_database(path, user="测试员")
    try:
        with db.write() as s:
            s.execute(text("SELECT 1"))  # only a read so far
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
        # Reading sessions take no write lock.
        with db.read() as s:
            s.execute(text("SELECT 1"))
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
            finally:
                other.close()
    finally:
        db.close()


def test_a_locked_database_is_an_environment_problem(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    db = open_database(path, user="测试员")
    # Give up at once instead of waiting out the busy timeout.
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA busy_timeout = 0"))
    db.engine.dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(EnvironmentProblem) as info:
            enterprises.create_enterprise(
                db, {"name": "等不到锁", "town_code": "周巷镇", "cluster_code": "其他"}
            )
        assert "锁定" in _one_chinese_sentence(info.value, path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()
