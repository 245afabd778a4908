"""User accounts (admin only, except changing one's own password): create, change role/town/name, deactivate, set a password,
and the switch that asks for a login on a single-user ledger too.

Two rules keep a ledger usable: the first user is an admin, and the last active admin
can be neither deactivated nor demoted. Password hashes never leave this module.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.text import clean_name
from cixi_desktop.store import auth
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import NotFound
from cixi_desktop.store.models import LOGIN_REQUIRED_SETTING, Town, User
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import ROLES, Permission, Role, require
from cixi_desktop.store.services.prefs import put_pref
from cixi_desktop.store.services.reference import resolve_codes
from cixi_desktop.store.services.rows import apply_changes, load_for_update, stamp_new, touch

ENTITY = "app_user"
MIN_PASSWORD = 8
MAX_LOGIN = 32
_ROLE_WORDS = {
    "录入员": Role.CLERK,
    "clerk": Role.CLERK,
    "审核员": Role.REVIEWER,
    "reviewer": Role.REVIEWER,
    "管理员": Role.ADMIN,
    "admin": Role.ADMIN,
}


@dataclass(frozen=True)
class UserInfo:
    """What the window and the CLI may see of an account (never the hash)."""

    id: uuid.UUID
    version: int
    name: str
    display_name: str
    role: str
    town_code: str | None
    town_name: str
    active: bool
    updated_at: datetime
    updated_by: str


def parse_role(text: str) -> Role:
    role = _ROLE_WORDS.get(clean_name(text).casefold())
    if role is None:
        raise ValidationError.single(
            "role", "角色", f"没有“{text}”这一角色；可选：{'、'.join(r.value for r in ROLES)}"
        )
    return role


def _info(user: User, town_name: str | None) -> UserInfo:
    return UserInfo(
        id=user.id,
        version=user.version,
        name=user.name,
        display_name=user.display_name,
        role=user.role,
        town_code=user.town_code,
        town_name=town_name or "",
        active=user.active,
        updated_at=user.updated_at,
        updated_by=user.updated_by,
    )


def _users(session: Session, *where: object) -> list[UserInfo]:
    stmt = (
        select(User, Town.name)
        .outerjoin(Town, Town.code == User.town_code)
        .where(User.deleted_at.is_(None), *where)  # type: ignore[arg-type]
        .order_by(User.name)
    )
    found = [_info(user, town) for user, town in session.execute(stmt)]
    rank = {role.value: -n for n, role in enumerate(ROLES)}
    # Active accounts first, admins before reviewers before clerks.
    return sorted(found, key=lambda u: (not u.active, rank.get(u.role, 1), u.name))


def list_users(db: Database) -> list[UserInfo]:
    """Every account, active ones first."""
    with db.read() as session:
        return _users(session)


def find_user(db: Database, name: str) -> UserInfo:
    with db.read() as session:
        found = _users(session, User.name == auth.normalize_login(name))
    if not found:
        raise NotFound(f"没有名为“{name}”的用户")
    return found[0]


def _check_name(session: Session, name: str) -> str:
    login = auth.normalize_login(name)
    if not login:
        raise ValidationError.single("name", "用户名", "必须填写")
    if len(login) > MAX_LOGIN or any(ch.isspace() or not ch.isprintable() for ch in login):
        raise ValidationError.single(
            "name", "用户名", f"用户名不能含空格，最多 {MAX_LOGIN} 个字符：“{name}”"
        )
    if session.scalar(select(User.id).where(User.name == login)) is not None:
        raise ValidationError.single("name", "用户名", f"已有名为“{login}”的用户")
    return login


def check_password(password: str) -> None:
    """A password the service accepts (the dialog checks as the user types)."""
    if len(auth.normalize_password(password).decode("utf-8")) < MIN_PASSWORD:
        raise ValidationError.single("password", "密码", f"至少要 {MIN_PASSWORD} 个字符")


def _town_for(session: Session, role: Role, town: str | None) -> str | None:
    """A clerk's town code (required); the other roles work on every town."""
    if role != Role.CLERK:
        return None
    values: dict[str, object] = {"town_code": clean_name(town)}
    if not values["town_code"]:
        raise ValidationError.single("town_code", "所属镇街", "录入员必须指定所属镇街")
    errors = resolve_codes(session, values)
    if errors:
        raise ValidationError(errors)
    return str(values["town_code"])


def _town_name(session: Session, code: str | None) -> str:
    town = session.get(Town, code) if code else None
    return town.name if town else ""


def _active_admins(session: Session, other_than: uuid.UUID | None = None) -> int:
    stmt = (
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.deleted_at.is_(None))
    )
    if other_than is not None:
        stmt = stmt.where(User.id != other_than)
    return int(session.scalar(stmt) or 0)


def create_user(
    db: Database,
    name: str,
    password: str,
    role: str,
    *,
    town: str | None = None,
    display_name: str = "",
) -> UserInfo:
    require(db, Permission.USERS)
    parsed = parse_role(role)
    check_password(password)
    # Hashing takes a moment on purpose: do it before the write lock is taken.
    password_hash = auth.hash_password(password)
    with db.write() as session:
        login = _check_name(session, name)
        if parsed != Role.ADMIN and not session.scalar(select(func.count()).select_from(User)):
            raise ValidationError.single(
                "role", "角色", "第一个用户必须是管理员，之后由管理员添加其他用户"
            )
        user = User(
            name=login,
            display_name=clean_name(display_name),
            role=str(parsed),
            town_code=_town_for(session, parsed, town),
            password_hash=password_hash,
            active=True,
        )
        stamp_new(user, db)
        session.add(user)
        session.flush()
        audit.record(session, db, ENTITY, user.id, "create", new=f"{login}（{parsed}）")
        return _info(user, _town_name(session, user.town_code))


def update_user(
    db: Database,
    user_id: uuid.UUID,
    expected_version: int,
    *,
    role: str | None = None,
    town: str | None = None,
    display_name: str | None = None,
    active: bool | None = None,
) -> UserInfo:
    """Change an account's role, town, display name or active flag (None keeps it)."""
    require(db, Permission.USERS)
    with db.write() as session:
        user = load_for_update(session, User, user_id, expected_version)
        new_role = parse_role(role) if role is not None else Role(user.role)
        town_code = _town_for(session, new_role, user.town_code if town is None else town)
        changes: dict[str, object] = {"role": str(new_role), "town_code": town_code}
        if display_name is not None:
            changes["display_name"] = clean_name(display_name)
        if active is not None:
            changes["active"] = active
        still_admin = new_role == Role.ADMIN and changes.get("active", user.active)
        was_admin = user.role == Role.ADMIN and user.active
        if was_admin and not still_admin and not _active_admins(session, other_than=user.id):
            raise ValidationError.single(
                "role", "角色", f"{user.name} 是唯一启用的管理员，不能停用或改为其他角色"
            )
        town_name = _town_name(session, town_code)
        apply_changes(session, user, changes, db)
        session.flush()
        return _info(user, town_name)


def deactivate_user(db: Database, user_id: uuid.UUID, expected_version: int) -> UserInfo:
    return update_user(db, user_id, expected_version, active=False)


def set_password(
    db: Database, user_id: uuid.UUID, expected_version: int | None, password: str
) -> UserInfo:
    """A new password for the account (the old one stops working at once)."""
    require(db, Permission.USERS)
    check_password(password)
    return _store_password(db, user_id, expected_version, password, "（已重设）")


def _store_password(
    db: Database, user_id: uuid.UUID, expected_version: int | None, password: str, note: str
) -> UserInfo:
    password_hash = auth.hash_password(password)
    with db.write() as session:
        user = load_for_update(session, User, user_id, expected_version)
        town_name = _town_name(session, user.town_code)
        user.password_hash = password_hash
        touch(user, db)
        # The audit trail says that it changed, never what to.
        audit.record(session, db, ENTITY, user.id, "update", "password", None, note)
        session.flush()
        return _info(user, town_name)


def change_own_password(db: Database, current: str, new: str) -> UserInfo:
    """The signed-in user replaces their own password (no admin needed): the current
    password must be given, so a desk left unlocked is not enough to take the account."""
    if db.role is None:
        raise ValidationError.single(
            "password", "密码", "当前没有登录的用户账户；单机模式下请由管理员设置密码"
        )
    check_password(new)
    if new == current:
        raise ValidationError.single("password", "新密码", "新密码与当前密码相同")
    login = auth.normalize_login(db.user)
    with db.read() as session:
        user = session.scalar(select(User).where(User.name == login, User.deleted_at.is_(None)))
    if user is None or not auth.verify_password(current, user.password_hash):
        raise ValidationError.single("current_password", "当前密码", "当前密码不正确")
    return _store_password(db, user.id, user.version, new, "（本人修改）")


def set_login_required(db: Database, on: bool) -> None:
    """Ask for a login on this SQLite ledger too (a server database always asks)."""
    require(db, Permission.USERS)
    if not db.is_sqlite:
        if not on:
            raise ValidationError.single(
                "login_required", "登录", "服务器数据库总是要求登录，不能关闭"
            )
        return
    if on:
        with db.read() as session:
            admins = _active_admins(session)
        if not admins:
            raise ValidationError.single(
                "login_required",
                "登录",
                "还没有启用的管理员：请先添加一位管理员，否则开启后没有人能登录",
            )
    put_pref(db, LOGIN_REQUIRED_SETTING, on)
