"""Passwords are stored as salted scrypt strings that carry their cost; signing in gives a
Database that acts as the user, with their role and town, and every write it makes is
recorded under their name."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sqlalchemy import select

from cixi_desktop.store import auth
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.models import AuditEntry, User
from cixi_desktop.store.services import enterprises, users
from cixi_desktop.store.services.permissions import Role

CHEAP = auth.ScryptCost(n=2**10, r=8, p=1)


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real scrypt, at a cost that keeps the suite quick (the default is tested below)."""
    monkeypatch.setattr(auth, "COST", CHEAP)


def test_the_default_cost_is_memory_hard_and_stored_with_the_hash() -> None:
    stored = auth.hash_password("correct horse")
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**15, 8, 3)
    assert 128 * int(n) * int(r) == 32 * 1024 * 1024  # 32 MiB per hash
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(key)) == 32
    assert auth.verify_password("correct horse", stored)
    assert not auth.verify_password("correct horsE", stored)


def test_each_hash_has_its_own_salt_and_the_cost_travels_with_it(cheap_hashes: None) -> None:
    first, second = auth.hash_password("同一个密码"), auth.hash_password("同一个密码")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert auth.verify_password("同一个密码", first) and auth.verify_password("同一个密码", second)
    # A hash made at another cost still verifies: its parameters are read from it.
    stronger = auth.hash_password("同一个密码", auth.ScryptCost(n=2**11, r=8, p=2))
    assert stronger.startswith("scrypt$2048$8$2$")
    assert auth.verify_password("同一个密码", stronger)


def test_a_password_typed_in_full_width_matches(cheap_hashes: None) -> None:
    stored = auth.hash_password("abc12345")
    assert auth.verify_password("ａｂｃ１２３４５", stored)  # a Chinese IME in full-width mode


@pytest.mark.parametrize(
    "tampered",
    [
        "",
        "plain-text-password",
        "md5$1$1$1$AAAA$AAAA",
        "scrypt$1024$8$1$not base64!$AAAA",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",  # N not a power of 2
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",  # 1 TiB
        "scrypt$1048576$32$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",  # 4 GiB
        "scrypt$1024$8$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",
    ],
)
def test_a_damaged_or_foreign_hash_never_matches(tampered: str) -> None:
    assert not auth.verify_password("", tampered)
    assert not auth.verify_password("anything", tampered)


def _user(db: Database, name: str, role: str, town: str | None = None) -> users.UserInfo:
    return users.create_user(db, name, f"{name}-password", role, town=town)


def test_signing_in_gives_the_users_role_town_and_name(db: Database, cheap_hashes: None) -> None:
    _user(db, "admin", "管理员")
    _user(db, "Zhang", "录入员", town="周巷")
    acting = auth.authenticate(db, "  ZHANG ", "Zhang-password")
    try:
        assert (acting.user, acting.role, acting.town_code) == ("zhang", Role.CLERK, "330282121")
        assert acting.url == db.url and db.role is None  # the owner's handle is unchanged
        firm = enterprises.create_enterprise(
            acting, {"name": "慈溪市周巷电器厂", "town_code": "周巷", "cluster_code": "智能家电"}
        )
        with db.read() as session:
            who = session.scalars(
                select(AuditEntry.user).where(AuditEntry.entity_id == str(firm.id))
            ).all()
        assert who == ["zhang"] and firm.created_by == "zhang"
    finally:
        acting.close()
    # The owner's handle still works after the signed-in one is closed.
    assert users.find_user(db, "zhang").role == "录入员"


@pytest.mark.parametrize(
    ("name", "password"),
    [("admin", "wrong-password"), ("nobody", "admin-password"), ("", "admin-password")],
)
def test_a_wrong_name_or_password_says_the_same_thing(
    db: Database, cheap_hashes: None, name: str, password: str
) -> None:
    _user(db, "admin", "管理员")
    with pytest.raises(auth.LoginFailed, match=r"^用户名或密码不正确$"):
        auth.authenticate(db, name, password)


def test_a_deactivated_user_cannot_sign_in(db: Database, cheap_hashes: None) -> None:
    _user(db, "admin", "管理员")
    li = _user(db, "li", "审核员")
    users.deactivate_user(db, li.id, li.version)
    with pytest.raises(auth.LoginFailed, match="用户 li 已停用，请联系管理员"):
        auth.authenticate(db, "li", "li-password")


def test_a_new_password_replaces_the_old_one_at_once(db: Database, cheap_hashes: None) -> None:
    admin = _user(db, "admin", "管理员")
    users.set_password(db, admin.id, admin.version, "brand-new-pass")
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(db, "admin", "admin-password")
    auth.authenticate(db, "admin", "brand-new-pass").close()
    with db.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.name == "admin"))
        trail = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "app_user", AuditEntry.field == "password"
            )
        ).all()
    assert stored is not None and "brand-new-pass" not in stored
    # The trail says the password changed, never what it was or became.
    assert [(e.old, e.new) for e in trail] == [(None, "（已重设）")]


def test_no_hash_or_password_reaches_the_audit_trail(db: Database, cheap_hashes: None) -> None:
    _user(db, "admin", "管理员")
    with db.read() as session:
        texts = [f"{e.old} {e.new}" for e in session.scalars(select(AuditEntry))]
    assert not any("scrypt" in text or "admin-password" in text for text in texts)


def test_a_single_user_ledger_asks_for_a_login_only_when_an_admin_turns_it_on(
    sqlite_db: Database, cheap_hashes: None
) -> None:
    assert not auth.login_required(sqlite_db)
    _user(sqlite_db, "admin", "管理员")
    assert not auth.login_required(sqlite_db)
    users.set_login_required(sqlite_db, True)
    assert auth.login_required(sqlite_db)
    admin = auth.authenticate(sqlite_db, "admin", "admin-password")
    try:
        users.set_login_required(admin, False)
    finally:
        admin.close()
    assert not auth.login_required(sqlite_db)


def test_a_server_database_asks_once_it_has_its_first_user(
    pg_url: str, db: Database, cheap_hashes: None
) -> None:
    if db.is_sqlite:
        pytest.skip("the PostgreSQL half of this test")
    assert not auth.login_required(db)  # nobody to sign in as yet: the first admin is made
    _user(db, "admin", "管理员")
    assert auth.login_required(db)


def test_a_signed_in_handle_shares_the_sqlite_writer_lock(
    db_path: Path, cheap_hashes: None
) -> None:
    owner = open_database(db_path, user="测试员")
    _user(owner, "admin", "管理员")
    admin = auth.authenticate(owner, "admin", "admin-password")
    admin.close()
    # Closing the signed-in handle leaves the owner's share of the lock: it still writes.
    users.create_user(owner, "li", "li-password", "审核员")
    owner.close()
    again = open_database(db_path, user="测试员")
    try:
        assert not again.read_only
        assert [u.name for u in users.list_users(again)] == ["admin", "li"]
    finally:
        again.close()


def test_a_signed_in_handle_keeps_its_own_batch_state(db: Database, cheap_hashes: None) -> None:
    _user(db, "admin", "管理员")
    acting = auth.authenticate(db, "admin", "admin-password")
    try:
        assert acting.engine is db.engine and acting.sessions is db.sessions
        # A batch opened on one handle must not swallow the other's writes.
        assert acting._local is not db._local
    finally:
        acting.close()
