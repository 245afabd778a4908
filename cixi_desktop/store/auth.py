"""Signing in: scrypt password hashes and the Database that acts as a user.

A hash is ``scrypt$N$r$p$salt$key`` (base64), so its cost travels with it and a later
release can raise the cost without locking anyone out. scrypt is memory-hard and in
the standard library; the cost below is OWASP's minimum (32 MiB, ~0.4 s on a slow core).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import unicodedata
from dataclasses import dataclass, replace

from sqlalchemy import select

from cixi_desktop.store import lock as writer_lock
from cixi_desktop.store.database import Database, sqlite_path
from cixi_desktop.store.errors import LoginFailed
from cixi_desktop.store.models import LOGIN_REQUIRED_SETTING, Setting, User

SCHEME = "scrypt"
# Refuse stored parameters beyond these: a tampered hash must not make a login eat the RAM.
_MAX_MEMORY, _MAX_P = 256 * 1024 * 1024, 16


@dataclass(frozen=True)
class ScryptCost:
    n: int = 2**15
    r: int = 8
    p: int = 3
    salt_bytes: int = 16
    key_bytes: int = 32

    def maxmem(self) -> int:
        return 128 * self.n * self.r + 2 * 1024 * 1024


COST = ScryptCost()


def normalize_password(password: str) -> bytes:
    # NFKC: a full-width "ａｂｃ１２３" typed with a Chinese IME still matches "abc123".
    return unicodedata.normalize("NFKC", password).encode("utf-8")


def normalize_login(name: str) -> str:
    """The form login names are stored and looked up in ("Admin " → "admin")."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, cost: ScryptCost | None = None) -> str:
    cost = cost or COST
    salt = os.urandom(cost.salt_bytes)
    key = hashlib.scrypt(
        normalize_password(password),
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=cost.maxmem(),
        dklen=cost.key_bytes,
    )
    return f"{SCHEME}${cost.n}${cost.r}${cost.p}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; a malformed hash never matches."""
    try:
        scheme, n_text, r_text, p_text, salt_text, key_text = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt = base64.b64decode(salt_text, validate=True)
        expected = base64.b64decode(key_text, validate=True)
    except ValueError:
        return False
    if scheme != SCHEME or n < 2 or n & (n - 1) or r < 1 or not 0 < p <= _MAX_P:
        return False
    if 128 * n * r > _MAX_MEMORY or not expected:
        return False
    cost = ScryptCost(n=n, r=r, p=p)
    try:
        key = hashlib.scrypt(
            normalize_password(password),
            salt=salt,
            n=n,
            r=r,
            p=p,
            maxmem=cost.maxmem(),
            dklen=len(expected),
        )
    except ValueError:  # parameters OpenSSL refuses
        return False
    return hmac.compare_digest(key, expected)


# Checked when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not a password")
    return _DUMMY_HASH


NO_USERS_YET = (
    "服务器数据库还没有用户，连接者拥有全部权限；请先创建第一个管理员："
    "cixi-desktop --db 地址 users add admin --role 管理员 --password-stdin"
)


def login_required(db: Database) -> bool:
    """A server database asks who you are once it has users (its first admin is created
    without a login, exactly once); a SQLite ledger only when an admin turned login on."""
    with db.read() as session:
        if session.scalar(select(User.id).limit(1)) is None:
            return False  # nobody to sign in as
        if not db.is_sqlite:
            return True
        row = session.get(Setting, LOGIN_REQUIRED_SETTING)
    try:
        return row is not None and json.loads(row.value) is True
    except ValueError:
        return True  # a damaged flag fails closed


def authenticate(db: Database, name: str, password: str) -> Database:
    """The Database acting as ``name`` with their role and town; LoginFailed otherwise.

    The returned Database shares the engine (and the SQLite writer lock, counted once
    more) with ``db``; close each one you opened.
    """
    login = normalize_login(name)
    with db.read() as session:
        user = session.scalar(select(User).where(User.name == login, User.deleted_at.is_(None)))
    if user is None:
        verify_password(password, _dummy_hash())
        raise LoginFailed("用户名或密码不正确")
    if not verify_password(password, user.password_hash):
        raise LoginFailed("用户名或密码不正确")
    if not user.active:
        raise LoginFailed(f"用户 {user.name} 已停用，请联系管理员")
    return acting_as(db, user.name, user.role, user.town_code)


def acting_as(db: Database, user: str, role: str | None, town_code: str | None) -> Database:
    """A second handle on ``db``'s connection, writing as ``user`` with ``role``."""
    acting = replace(
        db,
        user=user,
        role=role,
        town_code=town_code,
        warnings=list(db.warnings),
        _local=threading.local(),
    )
    path = sqlite_path(db.url)
    if db._locked_path is not None and path is not None:
        writer_lock.acquire(path, user)  # this process holds it: only counts one more
        acting._locked_path = path
    return acting
