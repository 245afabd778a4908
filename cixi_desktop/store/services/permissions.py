"""Who may do what: every service write calls :func:`require` before it touches data,
so neither the CLI, the window nor a crafted call can go around a role.

A Database with ``role`` None is the single-user ledger's owner (no login asked) and may
do everything, exactly as before roles existed. A refusal names the roles that may.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy.orm import Session

from cixi_desktop.domain.workflow import Status
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import PermissionDenied
from cixi_desktop.store.models import Town


class Role(StrEnum):
    CLERK = "录入员"
    REVIEWER = "审核员"
    ADMIN = "管理员"


ROLES: tuple[Role, ...] = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


class Permission(StrEnum):
    EDIT_LEDGER = "edit_ledger"  # enterprises and projects (a clerk: own town only)
    ADD_PROVIDER = "add_provider"  # typing a project may need a new provider
    EDIT_PROVIDER = "edit_provider"  # providers are shared by every town
    REVIEW = "review"  # 已验收 / 验收不通过 / 已拨付
    SUBSIDY = "subsidy"  # grant, override or edit the approved subsidy
    PAYMENT = "payment"
    PLANS = "plans"
    REFERENCE = "reference"
    RULES = "rules"
    USERS = "users"
    RESET = "reset"
    MERGE = "merge"  # exchange packages from offline copies, and their conflicts


_ALL = frozenset(ROLES)
_REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
_ADMINS = frozenset({Role.ADMIN})

GRANTS: Mapping[Permission, frozenset[Role]] = MappingProxyType(
    {
        Permission.EDIT_LEDGER: _ALL,
        Permission.ADD_PROVIDER: _ALL,
        Permission.EDIT_PROVIDER: _REVIEWERS,
        Permission.REVIEW: _REVIEWERS,
        Permission.SUBSIDY: _REVIEWERS,
        Permission.PAYMENT: _REVIEWERS,
        Permission.PLANS: _ADMINS,
        Permission.REFERENCE: _ADMINS,
        Permission.RULES: _ADMINS,
        Permission.USERS: _ADMINS,
        Permission.RESET: _ADMINS,
        Permission.MERGE: _REVIEWERS,
    }
)

# What the refusal says the user tried to do.
ACTIONS: Mapping[Permission, str] = MappingProxyType(
    {
        Permission.EDIT_LEDGER: "新建或修改企业和项目",
        Permission.ADD_PROVIDER: "登记服务商",
        Permission.EDIT_PROVIDER: "修改或删除已登记的服务商",
        Permission.REVIEW: "验收项目",
        Permission.SUBSIDY: "核定或调整补助金额",
        Permission.PAYMENT: "登记补助拨付",
        Permission.PLANS: "修改年度计划",
        Permission.REFERENCE: "修改参考数据（镇街、产业集群、项目类别）",
        Permission.RULES: "修改补助规则",
        Permission.USERS: "管理用户和登录设置",
        Permission.RESET: "清空台账或载入演示数据",
        Permission.MERGE: "合并交换包、处理合并冲突",
    }
)

# Moves that approve: acceptance (either way) and payment.
REVIEW_STATUSES: frozenset[Status] = frozenset({Status.ACCEPTED, Status.REJECTED, Status.PAID})


def allows(db: Database, permission: Permission) -> bool:
    """Whether the acting user's role carries ``permission`` (the window greys out the rest)."""
    return db.role is None or db.role in GRANTS[permission]


def move_permission(target: Status | str) -> Permission:
    return Permission.REVIEW if Status(target) in REVIEW_STATUSES else Permission.EDIT_LEDGER


def _who_may(permission: Permission) -> str:
    return "或".join(role.value for role in ROLES if role in GRANTS[permission])


def require(
    db: Database,
    permission: Permission,
    town_code: str | None = None,
    *,
    action: str | None = None,
    session: Session | None = None,
) -> None:
    """Raise PermissionDenied unless the acting user may do this (to a record of
    ``town_code``, when given: a clerk works on their own town only)."""
    if db.role is None:
        return
    doing = action or ACTIONS[permission]
    if db.role not in GRANTS[permission]:
        raise PermissionDenied(f"只有{_who_may(permission)}可以{doing}（您的角色：{db.role}）")
    if db.role == Role.CLERK and town_code is not None and town_code != db.town_code:
        mine = _town_name(db, db.town_code, session)
        theirs = _town_name(db, town_code, session)
        raise PermissionDenied(
            f"录入员只能处理本镇街（{mine}）的企业和项目，这条记录属于{theirs}；"
            f"其他镇街的记录请由审核员或管理员处理（您的角色：{db.role}）"
        )


def require_move(
    db: Database,
    target: Status | str,
    town_code: str | None = None,
    *,
    session: Session | None = None,
) -> None:
    """The permission a workflow move to ``target`` needs."""
    require(
        db,
        move_permission(target),
        town_code,
        action=f"把项目转为“{Status(target)}”",
        session=session,
    )


def _town_name(db: Database, code: str | None, session: Session | None) -> str:
    if code is None:
        return "未指定镇街"
    if session is not None:
        town = session.get(Town, code)
        return town.name if town else code
    with db.read() as reader:
        town = reader.get(Town, code)
        return town.name if town else code
