"""Users and roles through the real command line, on SQLite and (when a server is given)
PostgreSQL: the first admin, adding users, passwords on stdin, and a clerk who cannot
accept a project."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cixi_desktop import settings
from cixi_desktop.store import auth
from cixi_desktop.store.database import open_database
from cixi_desktop.store.models import Project, StatusChange
from cixi_desktop.store.services import enterprises, projects, users

Run = Callable[..., subprocess.CompletedProcess[str]]
pytestmark = pytest.mark.slow


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def _is_sqlite(db_url: str) -> bool:
    return "://" not in db_url


def _seed(db_url: str, *, login: bool = True) -> None:
    """Three users and one finished project in 周巷 (CX-2018-0001), ready for acceptance."""
    db = open_database(db_url, user="测试员")
    try:
        for name, role, town in (
            ("admin", "管理员", None),
            ("li", "审核员", None),
            ("zhang", "录入员", "周巷"),
        ):
            users.create_user(db, name, f"{name}-password", role, town=town)
        if login and db.is_sqlite:
            users.set_login_required(db, True)
        firm = enterprises.create_enterprise(
            db, {"name": "慈溪市周巷电器有限公司", "town_code": "周巷", "cluster_code": "智能家电"}
        )
        projects.create_project(
            db,
            firm.id,
            {
                "name": "装配线机器换人",
                "plan_year": 2018,
                "category_code": "机器换人",
                "total_investment": "800",
                "equipment_investment": "600",
                "status": "竣工",
                "actual_start_date": "2018-03-01",
                "actual_completion_date": "2018-10-01",
            },
        )
    finally:
        db.close()


def _project(db_url: str) -> tuple[str, date | None, list[str]]:
    db = open_database(db_url, user="测试员")
    try:
        with db.read() as session:
            row = session.scalar(select(Project).where(Project.code == "CX-2018-0001"))
            assert row is not None
            movers = session.scalars(
                select(StatusChange.by)
                .where(StatusChange.project_id == row.id)
                .order_by(StatusChange.at)
            ).all()
            return row.status, row.acceptance_date, list(movers)
    finally:
        db.close()


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Seeded accounts only; what the CLI itself hashes uses the real cost.
    monkeypatch.setattr(auth, "COST", auth.ScryptCost(n=2**10, r=8, p=1))


def test_a_clerk_cannot_accept_a_project_from_the_cli(
    run_cli: Run, db_url: str, cheap_hashes: None
) -> None:
    _seed(db_url)
    accept = ("project", "status", "CX-2018-0001", "已验收", "--date", "2018-12-01")

    result = run_cli("--db", db_url, "--user", "zhang", "--password-stdin", *accept,
                     input="zhang-password\n")  # fmt: skip
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "数据未接受：只有审核员或管理员可以把项目转为“已验收”（您的角色：录入员）"
    )
    assert result.stdout == ""
    assert _project(db_url)[:2] == ("竣工", None)

    result = run_cli("--db", db_url, *accept)
    assert result.returncode == 1
    assert _one_line(result.stderr).startswith("无法登录：此数据库要求登录：请加 --user 用户名")

    result = run_cli("--db", db_url, "--user", "li", "--password-stdin", *accept,
                     input="wrong-password\n")  # fmt: skip
    assert result.returncode == 1
    assert _one_line(result.stderr) == "无法登录：用户名或密码不正确"
    assert _project(db_url)[0] == "竣工"

    result = run_cli("--db", db_url, "--user", "li", "--password-stdin", *accept,
                     input="li-password\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "CX-2018-0001 已转为“已验收”"
    status, accepted_on, movers = _project(db_url)
    assert (status, accepted_on) == ("已验收", date(2018, 12, 1))
    assert movers[-1] == "li"


def test_the_first_admin_then_users_and_passwords_from_the_cli(run_cli: Run, db_url: str) -> None:
    def cli(
        *args: str, signed_in: str | None = None, new_password: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``signed_in`` is "name:password"; each password goes on stdin, one line each."""
        login: list[str] = []
        lines: list[str] = []
        if signed_in:
            name, password = signed_in.split(":")
            login = ["--user", name, "--password-stdin"]
            lines.append(password)
        if new_password is not None:
            args = (*args, "--password-stdin")
            lines.append(new_password)
        return run_cli("--db", db_url, *login, *args, input="".join(f"{x}\n" for x in lines))

    result = cli("users", "add", "zhang", "--role", "录入员", "--town", "周巷",
                 new_password="zhang-password")  # fmt: skip
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "数据未接受：角色：第一个用户必须是管理员，之后由管理员添加其他用户"
    )
    if not _is_sqlite(db_url):  # a server without users says who can connect meanwhile
        listed = cli("users", "list")
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout.splitlines()[:2] == [
            "还没有用户",
            "服务器数据库还没有用户，连接者拥有全部权限；请先创建第一个管理员："
            "cixi-desktop --db 地址 users add admin --role 管理员 --password-stdin",
        ]

    result = cli("users", "add", "admin", "--role", "管理员", new_password="admin-pass-1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "已添加用户 admin：管理员"
    if _is_sqlite(db_url):
        assert cli("users", "require-login", "on").returncode == 0

    # Creating the first admin without signing in works once; after that, sign in.
    result = cli("users", "add", "other", "--role", "管理员", new_password="other-pass-1")
    assert result.returncode == 1
    assert _one_line(result.stderr).startswith("无法登录：此数据库要求登录")

    admin = "admin:admin-pass-1"
    result = cli("users", "add", "Zhang", "--role", "录入员", "--town", "周巷",
                 "--display-name", "张三", new_password="zhang-pass-1",
                 signed_in=admin)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "已添加用户 zhang（张三）：录入员，周巷镇"

    result = cli("users", "list", signed_in=admin)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.strip().splitlines()
    assert listed[:2] == ["admin：管理员", "zhang（张三）：录入员，周巷镇"]
    assert listed[2:] == (["单机台账要求登录：是"] if _is_sqlite(db_url) else [])

    result = cli("users", "add", "wang", "--role", "审核员", new_password="wang-pass-1",
                 signed_in="zhang:zhang-pass-1")  # fmt: skip
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "数据未接受：只有管理员可以管理用户和登录设置（您的角色：录入员）"
    )

    result = cli("users", "passwd", "zhang", new_password="zhang-pass-2", signed_in=admin)
    assert result.returncode == 0, result.stderr
    assert cli("summary", signed_in="zhang:zhang-pass-1").returncode == 1
    result = cli("summary", "--json", signed_in="zhang:zhang-pass-2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("{")

    result = cli("users", "passwd", "zhang", new_password="short", signed_in=admin)
    assert result.returncode == 1
    assert "密码：至少要 8 个字符" in _one_line(result.stderr)

    assert cli("users", "deactivate", "zhang", signed_in=admin).returncode == 0
    result = cli("summary", signed_in="zhang:zhang-pass-2")
    assert result.returncode == 1
    assert _one_line(result.stderr) == "无法登录：用户 zhang 已停用，请联系管理员"

    result = cli("users", "deactivate", "admin", signed_in=admin)
    assert result.returncode == 1
    assert "admin 是唯一启用的管理员" in _one_line(result.stderr)


def test_a_single_user_ledger_records_the_named_user_without_a_login(
    run_cli: Run, db_path: Path, cheap_hashes: None
) -> None:
    _seed(str(db_path), login=False)
    result = run_cli("--db", str(db_path), "--user", "王五", "project", "status", "CX-2018-0001",
                     "已验收", "--date", "2018-12-01", "--doc", "慈经信〔2018〕88号")  # fmt: skip
    assert result.returncode == 0, result.stderr
    status, _, movers = _project(str(db_path))
    assert status == "已验收" and movers[-1] == "王五"
    result = run_cli("--db", str(db_path), "--password-stdin", "users", "list", input="x\n")
    assert result.returncode == 2
    assert _one_line(result.stderr) == "用法错误：--password-stdin 要与 --user 用户名 一起使用"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("CX-2018-0001", "已验收", "--date", "2018-13-40"), "用法错误：--date："),
        (("CX-2018-0001", "验收完了"), "用法错误：无法识别的项目状态“验收完了”"),
        (("CX-2018-0001", "终止", "--date", "2018-12-01"), "用法错误：转为“终止”不需要 --date"),
        (("CX-2099-0001", "在建", "--date", "2018-12-01"), "数据未接受：没有编号为 CX-2099-0001"),
        (("CX-2018-0001", "已验收"), "数据未接受：验收日期"),
    ],
)
def test_a_status_move_that_cannot_be_made_is_one_line(
    run_cli: Run, db_path: Path, cheap_hashes: None, args: tuple[str, ...], message: str
) -> None:
    _seed(str(db_path), login=False)
    result = run_cli("--db", str(db_path), "project", "status", *args)
    assert result.returncode in (1, 2)
    assert _one_line(result.stderr).startswith(message), result.stderr
    assert _project(str(db_path))[0] == "竣工"


def test_the_default_ledger_can_be_a_server_named_in_the_settings(
    run_cli: Run, db_url: str, cheap_hashes: None
) -> None:
    _seed(db_url)
    settings.save({"database_url": db_url})
    result = run_cli("--user", "li", "--password-stdin", "users", "list", input="li-password\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "admin：管理员",
        "li：审核员",
        "zhang：录入员，周巷镇",
    ]


def test_a_clerk_changes_their_own_password_proving_the_current_one(
    run_cli: Run, db_url: str
) -> None:
    _seed(db_url)

    def my_password(current: str, new: str) -> subprocess.CompletedProcess[str]:
        return run_cli(
            "--db", db_url, "--user", "zhang", "--password-stdin",
            "users", "my-password", "--password-stdin", input=f"{current}\n{new}\n",
        )  # fmt: skip

    refused = my_password("wrong-password", "zhang-new-pass")
    assert refused.returncode == 1
    assert _one_line(refused.stderr).startswith("无法登录：用户名或密码不正确")

    result = my_password("zhang-password", "zhang-new-pass")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "已修改 zhang 的密码"
    login = ("--db", db_url, "--user", "zhang", "--password-stdin", "summary", "--json")
    assert run_cli(*login, input="zhang-password\n").returncode == 1
    assert run_cli(*login, input="zhang-new-pass\n").returncode == 0

    result = my_password("zhang-new-pass", "short")
    assert result.returncode == 1
    assert "至少要 8 个字符" in _one_line(result.stderr)


def test_own_password_service_checks_the_current_password(db_url: str) -> None:
    _seed(db_url)
    db = open_database(db_url, user="测试员")
    try:
        zhang = auth.authenticate(db, "zhang", "zhang-password")
        with pytest.raises(Exception, match="当前密码不正确"):
            users.change_own_password(zhang, "not-it-at-all", "zhang-new-pass")
        with pytest.raises(Exception, match="单机模式"):
            users.change_own_password(db, "zhang-password", "zhang-new-pass")
        users.change_own_password(zhang, "zhang-password", "zhang-new-pass")
        zhang.close()
        with pytest.raises(auth.LoginFailed):
            auth.authenticate(db, "zhang", "zhang-password")
        auth.authenticate(db, "zhang", "zhang-new-pass").close()
    finally:
        db.close()
