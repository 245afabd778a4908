"""Role checks live in the services: a clerk edits their own town and cannot approve, a
reviewer approves in every town, an admin also keeps users, plans and reference data. A
refusal names the role it needs and changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store import auth
from cixi_desktop.store.database import Database
from cixi_desktop.store.demo import load_demo
from cixi_desktop.store.errors import PermissionDenied
from cixi_desktop.store.models import AuditEntry, Project, StatusChange
from cixi_desktop.store.services import enterprises, plans, prefs, projects, providers, users
from cixi_desktop.store.services.permissions import Permission, Role, allows
from cixi_desktop.store.services.projects import StatusMove
from cixi_desktop.store.services.registry_edits import revert_status, save_reference, withdraw
from cixi_desktop.store.services.reset import reset_ledger

ACCEPT = StatusMove(Status.ACCEPTED, acceptance_date=date(2018, 12, 1))


@dataclass
class Ledger:
    owner: Database
    clerk: Database  # 录入员 of 周巷镇
    reviewer: Database
    admin: Database
    zhouxiang_firm: uuid.UUID
    kandun_firm: uuid.UUID
    zhouxiang_done: uuid.UUID  # 竣工, ready for acceptance
    kandun_planned: uuid.UUID


def _firm(db: Database, name: str, town: str) -> uuid.UUID:
    return enterprises.create_enterprise(
        db, {"name": name, "town_code": town, "cluster_code": "智能家电"}
    ).id


def _project(db: Database, firm: uuid.UUID, name: str, **extra: object) -> uuid.UUID:
    raw = {
        "name": name,
        "plan_year": 2018,
        "category_code": "机器换人",
        "total_investment": "800",
        "equipment_investment": "600",
    }
    return projects.create_project(db, firm, raw | extra).id


def _version(db: Database, project_id: uuid.UUID) -> int:
    with db.read() as session:
        return session.get_one(Project, project_id).version


def _status(db: Database, project_id: uuid.UUID) -> str:
    with db.read() as session:
        return session.get_one(Project, project_id).status


@pytest.fixture
def ledger(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ledger]:
    monkeypatch.setattr(auth, "COST", auth.ScryptCost(n=2**10, r=8, p=1))
    users.create_user(db, "admin", "admin-password", "管理员")
    users.create_user(db, "li", "li-password", "审核员")
    users.create_user(db, "zhang", "zhang-password", "录入员", town="周巷")
    zx = _firm(db, "慈溪市周巷电器有限公司", "周巷")
    kd = _firm(db, "慈溪市坎墩轴承有限公司", "坎墩")
    done = _project(
        db,
        zx,
        "装配线机器换人",
        status="竣工",
        actual_start_date="2018-03-01",
        actual_completion_date="2018-10-01",
    )
    planned = _project(db, kd, "磨加工自动化")
    signed = [auth.authenticate(db, name, f"{name}-password") for name in ("zhang", "li", "admin")]
    yield Ledger(db, *signed, zhouxiang_firm=zx, kandun_firm=kd,
                 zhouxiang_done=done, kandun_planned=planned)  # fmt: skip
    for handle in signed:
        handle.close()


def _audit_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


# --- the clerk -------------------------------------------------------------------------


def test_a_clerk_cannot_accept_a_project_and_is_told_who_can(ledger: Ledger) -> None:
    pid = ledger.zhouxiang_done
    before = (_version(ledger.owner, pid), _audit_count(ledger.owner))
    with pytest.raises(PermissionDenied) as refused:
        projects.change_status(ledger.clerk, pid, before[0], ACCEPT)
    assert str(refused.value) == "只有审核员或管理员可以把项目转为“已验收”（您的角色：录入员）"
    assert _status(ledger.owner, pid) == "竣工"
    assert (_version(ledger.owner, pid), _audit_count(ledger.owner)) == before


@pytest.mark.parametrize("target", [Status.ACCEPTED, Status.REJECTED])
def test_no_acceptance_decision_either_way(ledger: Ledger, target: Status) -> None:
    move = StatusMove(target, acceptance_date=date(2018, 12, 1), reason="资料不全")
    pid = ledger.zhouxiang_done
    with pytest.raises(PermissionDenied, match=f"把项目转为“{target}”"):
        projects.change_status(ledger.clerk, pid, _version(ledger.owner, pid), move)


def test_a_clerk_cannot_grant_override_or_pay_subsidy(ledger: Ledger) -> None:
    pid = ledger.zhouxiang_done
    version = _version(ledger.owner, pid)
    with pytest.raises(PermissionDenied, match=r"^只有审核员或管理员可以核定或调整补助金额"):
        projects.grant_subsidy(ledger.clerk, pid, version)
    with pytest.raises(PermissionDenied, match="核定或调整补助金额"):
        projects.update_project(
            ledger.clerk,
            pid,
            version,
            {"approved_subsidy": "50", "subsidy_override_reason": "特事特办"},
        )
    with pytest.raises(PermissionDenied, match=r"^只有审核员或管理员可以登记补助拨付"):
        projects.record_payment(ledger.clerk, pid, date(2019, 1, 5), Decimal("10"))
    assert _version(ledger.owner, pid) == version


def test_a_clerk_cannot_enter_a_project_as_already_accepted(ledger: Ledger) -> None:
    with pytest.raises(PermissionDenied, match="把项目转为“已验收”"):
        _project(
            ledger.clerk,
            ledger.zhouxiang_firm,
            "数字化车间",
            status="已验收",
            actual_start_date="2018-01-01",
            actual_completion_date="2018-06-01",
            acceptance_date="2018-09-01",
        )
    with pytest.raises(PermissionDenied, match="核定或调整补助金额"):
        _project(ledger.clerk, ledger.zhouxiang_firm, "数字化车间", approved_subsidy="30")


def test_a_clerk_edits_and_moves_projects_of_their_own_town(ledger: Ledger) -> None:
    pid = _project(ledger.clerk, ledger.zhouxiang_firm, "注塑车间机器人上下料")
    row = projects.update_project(
        ledger.clerk, pid, _version(ledger.owner, pid), {"total_investment": "900"}
    )
    assert row.total_investment == Decimal("900") and row.updated_by == "zhang"
    start = StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 4, 2))
    row = projects.change_status(ledger.clerk, pid, row.version, start)
    assert row.status == "在建"
    with ledger.owner.read() as session:
        by = session.scalars(
            select(StatusChange.by).where(StatusChange.project_id == pid).order_by(StatusChange.at)
        ).all()
    assert by == ["zhang", "zhang"]


def test_a_clerk_cannot_touch_another_towns_records(ledger: Ledger) -> None:
    pid = ledger.kandun_planned
    version = _version(ledger.owner, pid)
    with pytest.raises(PermissionDenied) as refused:
        projects.update_project(ledger.clerk, pid, version, {"name": "改名"})
    assert str(refused.value) == (
        "录入员只能处理本镇街（周巷镇）的企业和项目，这条记录属于坎墩街道；"
        "其他镇街的记录请由审核员或管理员处理（您的角色：录入员）"
    )
    start = StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 4, 2))
    with pytest.raises(PermissionDenied, match="坎墩街道"):
        projects.change_status(ledger.clerk, pid, version, start)
    with pytest.raises(PermissionDenied, match="坎墩街道"):
        _project(ledger.clerk, ledger.kandun_firm, "新项目")
    with pytest.raises(PermissionDenied, match="坎墩街道"):
        _firm(ledger.clerk, "慈溪市坎墩新厂", "坎墩")
    with pytest.raises(PermissionDenied, match="坎墩街道"):
        withdraw(ledger.clerk, "project", pid, version)
    assert _version(ledger.owner, pid) == version


def test_a_clerk_cannot_move_an_enterprise_to_another_town(ledger: Ledger) -> None:
    firm = ledger.zhouxiang_firm
    with ledger.owner.read() as session:
        from cixi_desktop.store.models import Enterprise

        version = session.get_one(Enterprise, firm).version
    with pytest.raises(PermissionDenied, match="这条记录属于坎墩街道"):
        enterprises.update_enterprise(ledger.clerk, firm, version, {"town_code": "坎墩"})
    row = enterprises.update_enterprise(ledger.clerk, firm, version, {"contact": "王经理"})
    assert row.contact == "王经理" and row.town_code == "330282121"


@pytest.mark.parametrize(
    ("call", "needed", "doing"),
    [
        (lambda db: plans.set_annual_plan(db, 2018, "330282121", 30, Decimal("5000")),
         "管理员", "修改年度计划"),
        (lambda db: save_reference(db, "cluster", None, None, {"code": "AI", "name": "人工智能"}),
         "管理员", "修改参考数据（镇街、产业集群、项目类别）"),
        (lambda db: users.create_user(db, "wang", "wang-password", "录入员", town="坎墩"),
         "管理员", "管理用户和登录设置"),
        (lambda db: reset_ledger(db), "管理员", "清空台账或载入演示数据"),
        (lambda db: load_demo(db), "管理员", "清空台账或载入演示数据"),
        (lambda db: prefs.put_pref(db, "auth.login_required", False),
         "管理员", "管理用户和登录设置"),
    ],
)  # fmt: skip
def test_admin_work_is_refused_to_clerks_and_reviewers(
    ledger: Ledger, call: object, needed: str, doing: str
) -> None:
    before = _audit_count(ledger.owner)
    for db, role in ((ledger.clerk, "录入员"), (ledger.reviewer, "审核员")):
        with pytest.raises(PermissionDenied) as refused:
            call(db)  # type: ignore[operator]
        assert str(refused.value) == f"只有{needed}可以{doing}（您的角色：{role}）"
    assert _audit_count(ledger.owner) == before


def test_everyone_keeps_their_own_preferences(ledger: Ledger) -> None:
    prefs.put_pref(ledger.clerk, "ledger.views.zhang", {"town": "周巷"})
    assert prefs.get_pref(ledger.owner, "ledger.views.zhang") == {"town": "周巷"}


def test_a_clerk_registers_providers_but_only_reviewers_change_them(ledger: Ledger) -> None:
    mine = providers.create_provider(ledger.clerk, {"name": "宁波智造工程服务有限公司"})
    with pytest.raises(PermissionDenied, match=r"^只有审核员或管理员可以修改或删除已登记的服务商"):
        providers.update_provider(ledger.clerk, mine.id, mine.version, {"specialty": "机器人"})
    # Taking back one they just registered (undo) is theirs to do; someone else's is not.
    theirs = providers.create_provider(ledger.reviewer, {"name": "慈溪自动化集成有限公司"})
    with pytest.raises(PermissionDenied, match="修改或删除已登记的服务商"):
        withdraw(ledger.clerk, "service_provider", theirs.id, theirs.version)
    withdraw(ledger.clerk, "service_provider", mine.id, mine.version)
    changed = providers.update_provider(
        ledger.reviewer, theirs.id, theirs.version, {"specialty": "机器人"}
    )
    assert changed.specialty == "机器人"


# --- the reviewer and the admin ----------------------------------------------------------


def test_a_reviewer_accepts_grants_and_pays_in_every_town(ledger: Ledger) -> None:
    pid = ledger.zhouxiang_done
    row = projects.change_status(ledger.reviewer, pid, _version(ledger.owner, pid), ACCEPT)
    row = projects.grant_subsidy(ledger.reviewer, pid, row.version, Decimal("40"), "按文件核定")
    projects.record_payment(
        ledger.reviewer, pid, date(2019, 1, 5), Decimal("40"), "慈经信〔2019〕3号"
    )
    row = projects.change_status(
        ledger.reviewer, pid, _version(ledger.owner, pid), StatusMove(Status.PAID)
    )
    assert row.status == "已拨付" and row.updated_by == "li"
    kandun = ledger.kandun_planned
    start = StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 5, 1))
    assert projects.change_status(ledger.reviewer, kandun, 1, start).status == "在建"


def test_undoing_an_acceptance_is_a_reviewers_decision(ledger: Ledger) -> None:
    pid = ledger.zhouxiang_done
    accepted = projects.change_status(ledger.reviewer, pid, _version(ledger.owner, pid), ACCEPT)
    with pytest.raises(PermissionDenied, match="把项目转为“已验收”"):
        revert_status(
            ledger.clerk, pid, accepted.version, Status.COMPLETED, {"acceptance_date": None}
        )
    revert_status(
        ledger.reviewer, pid, accepted.version, Status.COMPLETED, {"acceptance_date": None}
    )
    assert _status(ledger.owner, pid) == "竣工"


def test_an_admin_keeps_plans_reference_data_and_users(ledger: Ledger) -> None:
    plan = plans.set_annual_plan(ledger.admin, 2018, "330282121", 30, Decimal("5000"))
    assert plan.created_by == "admin"
    saved = save_reference(ledger.admin, "cluster", None, None, {"code": "AI", "name": "人工智能"})
    assert saved["name"] == "人工智能"
    info = users.create_user(ledger.admin, "wang", "wang-password", "录入员", town="坎墩")
    assert (info.role, info.town_name) == ("录入员", "坎墩街道")
    pid = ledger.zhouxiang_done
    assert projects.change_status(ledger.admin, pid, _version(ledger.owner, pid), ACCEPT)


def test_the_window_can_ask_what_a_role_may_do(ledger: Ledger) -> None:
    assert allows(ledger.owner, Permission.USERS)  # the single-user owner may do anything
    assert allows(ledger.clerk, Permission.EDIT_LEDGER)
    assert not allows(ledger.clerk, Permission.REVIEW)
    assert allows(ledger.reviewer, Permission.REVIEW)
    assert not allows(ledger.reviewer, Permission.PLANS)
    assert all(allows(ledger.admin, p) for p in Permission)


# --- the rules of the accounts themselves --------------------------------------------------


def test_the_first_user_must_be_an_admin(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "COST", auth.ScryptCost(n=2**10, r=8, p=1))
    with pytest.raises(ValidationError, match="第一个用户必须是管理员"):
        users.create_user(db, "zhang", "zhang-password", "录入员", town="周巷")
    assert users.list_users(db) == []


def test_the_last_active_admin_stays(ledger: Ledger) -> None:
    admin = users.find_user(ledger.owner, "admin")
    with pytest.raises(ValidationError, match="admin 是唯一启用的管理员"):
        users.deactivate_user(ledger.admin, admin.id, admin.version)
    with pytest.raises(ValidationError, match="admin 是唯一启用的管理员"):
        users.update_user(ledger.admin, admin.id, admin.version, role="审核员")
    li = users.find_user(ledger.owner, "li")
    users.update_user(ledger.admin, li.id, li.version, role="管理员")
    demoted = users.update_user(ledger.admin, admin.id, admin.version, role="审核员")
    assert demoted.role == "审核员"


@pytest.mark.parametrize(
    ("name", "password", "role", "town", "message"),
    [
        ("wang", "wang-password", "录入员", None, "录入员必须指定所属镇街"),
        ("wang", "wang-password", "录入员", "火星镇", "没有“火星镇”这一项"),
        ("wang", "short", "审核员", None, "密码：至少要 8 个字符"),
        ("wang", "wang-password", "局长", None, "没有“局长”这一角色；可选：录入员、审核员、管理员"),
        ("ZHANG", "wang-password", "审核员", None, "已有名为“zhang”的用户"),
        ("wang li", "wang-password", "审核员", None, "用户名不能含空格"),
        ("  ", "wang-password", "审核员", None, "用户名：必须填写"),
    ],
)
def test_an_account_is_refused_with_a_sentence(
    ledger: Ledger, name: str, password: str, role: str, town: str | None, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        users.create_user(ledger.admin, name, password, role, town=town)


def test_a_reviewer_or_admin_has_no_town(ledger: Ledger) -> None:
    info = users.create_user(ledger.admin, "chen", "chen-password", "clerk", town="330282109")
    assert (info.role, info.town_name) == (Role.CLERK, "桥头镇")
    info = users.update_user(ledger.admin, info.id, info.version, role="审核员")
    assert (info.role, info.town_code) == ("审核员", None)


def test_login_cannot_be_turned_on_without_an_admin(sqlite_db: Database) -> None:
    with pytest.raises(ValidationError, match="请先添加一位管理员"):
        users.set_login_required(sqlite_db, True)
    assert not auth.login_required(sqlite_db)


def test_a_server_database_cannot_turn_login_off(ledger: Ledger) -> None:
    if ledger.owner.is_sqlite:
        users.set_login_required(ledger.admin, True)
        assert auth.login_required(ledger.owner)
        return
    with pytest.raises(ValidationError, match="服务器数据库总是要求登录"):
        users.set_login_required(ledger.admin, False)
