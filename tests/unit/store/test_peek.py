"""The glance app.py takes at a ledger file before loading the database layer: it must
never say "no login" where ``auth.login_required`` would ask for one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cixi_desktop.store import auth, peek
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.services import users

CHEAP = auth.ScryptCost(n=2**10, r=8, p=1)


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "COST", CHEAP)


def glance(path: Path) -> Path | None:
    return peek.opens_without_login(str(path))


def test_a_ledger_without_users_opens_after_the_window(sqlite_db: Database, db_path: Path) -> None:
    assert not auth.login_required(sqlite_db)
    assert glance(db_path) == db_path


def test_the_glance_agrees_with_the_login_rule_as_it_changes(
    sqlite_db: Database, db_path: Path, cheap_hashes: None
) -> None:
    users.create_user(sqlite_db, "admin", "admin-password", "管理员")
    assert not auth.login_required(sqlite_db)
    assert glance(db_path) == db_path
    users.set_login_required(sqlite_db, True)
    assert auth.login_required(sqlite_db)
    assert glance(db_path) is None  # the login dialog comes before any window
    admin = auth.authenticate(sqlite_db, "admin", "admin-password")
    try:
        users.set_login_required(admin, False)
    finally:
        admin.close()
    assert not auth.login_required(sqlite_db)
    assert glance(db_path) == db_path


def test_the_default_ledger_is_the_one_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIXI_DESKTOP_DATA_DIR", str(tmp_path))
    assert peek.opens_without_login(None) is None  # not made yet: opened (and made) first
    database = open_database(tmp_path / "ledger.sqlite3", user="测试员")
    database.close()
    assert peek.opens_without_login(None) == tmp_path / "ledger.sqlite3"


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200],
    ids=["empty", "text", "torn header"],
)
def test_in_doubt_the_database_is_opened_first(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.sqlite3"
    path.write_bytes(content)
    assert glance(path) is None
    assert glance(tmp_path) is None  # a folder
    assert glance(tmp_path / "missing.sqlite3") is None


def test_a_server_is_opened_first() -> None:
    assert peek.opens_without_login("postgresql+psycopg://cixi_app@db.example/cixi") is None
    assert peek.opens_without_login("sqlite:///ledger.sqlite3") is None


def test_an_unreadable_login_flag_asks(
    sqlite_db: Database, db_path: Path, cheap_hashes: None
) -> None:
    users.create_user(sqlite_db, "admin", "admin-password", "管理员")
    import sqlite3

    con = sqlite3.connect(db_path)
    with con:
        con.execute(
            "INSERT OR REPLACE INTO app_setting (key, value) VALUES (?, ?)",
            (peek.LOGIN_REQUIRED_SETTING, "{not json"),
        )
    con.close()
    assert auth.login_required(sqlite_db)
    assert glance(db_path) is None
