"""User accounts from the command line (an admin's job; the services check the role).

Passwords never go on the command line (it shows in the process list and the shell
history): ``--password-stdin`` reads one line per password, the signed-in user's first.
"""

from __future__ import annotations

import argparse
from typing import Any

from cixi_desktop.cli.base import Context, UsageError, read_password, t

ROLE_CHOICES = "录入员|审核员|管理员"


def register(sub: Any) -> None:
    users = sub.add_parser("users", help=t("用户和登录（管理员）", "users and sign-in (admins)"))
    commands = users.add_subparsers(
        dest="users_command", metavar=t("操作", "ACTION"), required=True
    )

    p = commands.add_parser("add", help=t("添加用户", "add a user"))
    p.add_argument("name", metavar=t("用户名", "NAME"))
    _account_options(p, role_required=True)
    _new_password_option(p)
    p.set_defaults(handler=run_add)

    p = commands.add_parser("list", help=t("列出用户", "list users"))
    p.set_defaults(handler=run_list)

    p = commands.add_parser("passwd", help=t("重设用户密码", "set a user's password"))
    p.add_argument("name", metavar=t("用户名", "NAME"))
    _new_password_option(p)
    p.set_defaults(handler=run_passwd)

    p = commands.add_parser(
        "my-password",
        help=t(
            "修改自己的密码（任何角色；需 --user 与登录密码）",
            "change your own password (any role; needs --user and your sign-in password)",
        ),
    )
    _new_password_option(p)
    p.set_defaults(handler=run_my_password)

    p = commands.add_parser(
        "set", help=t("修改用户的角色、镇街或姓名", "change role, town or name")
    )
    p.add_argument("name", metavar=t("用户名", "NAME"))
    _account_options(p, role_required=False)
    p.set_defaults(handler=run_set)

    for name, active, text in (
        ("deactivate", False, t("停用用户（不再能登录）", "deactivate a user (no more sign-in)")),
        ("activate", True, t("重新启用用户", "activate a user again")),
    ):
        p = commands.add_parser(name, help=text)
        p.add_argument("name", metavar=t("用户名", "NAME"))
        p.set_defaults(handler=run_active, active=active)

    p = commands.add_parser(
        "require-login",
        help=t("单机台账是否也要求登录", "whether a single-user ledger asks for a login too"),
    )
    p.add_argument("state", choices=("on", "off"))
    p.set_defaults(handler=run_require_login)


def _account_options(p: argparse.ArgumentParser, *, role_required: bool) -> None:
    p.add_argument("--role", required=role_required, metavar=ROLE_CHOICES, help=t("角色", "role"))
    p.add_argument(
        "--town",
        metavar=t("镇街", "TOWN"),
        help=t("录入员所属镇街（名称或代码）", "a clerk's town (name or code)"),
    )
    p.add_argument(
        "--display-name", metavar=t("姓名", "NAME"), help=t("显示的姓名", "name shown to people")
    )


def _new_password_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--password-stdin",
        dest="new_password_stdin",
        action="store_true",
        help=t(
            "从标准输入读取新密码（一行；登录密码在它之前一行）",
            "read the new password from stdin (one line, after the sign-in password)",
        ),
    )


def _new_password(args: argparse.Namespace) -> str:
    if args.new_password_stdin:
        return read_password(True, "", "users --password-stdin")
    first = read_password(False, t("新密码：", "New password: "), "--password-stdin")
    again = read_password(False, t("再输入一次：", "Again: "), "--password-stdin")
    if first != again:
        raise UsageError(t("两次输入的密码不一致", "the two passwords differ"))
    return first


def _describe(info: Any) -> str:
    town = f"，{info.town_name}" if info.town_name else ""
    shown = f"（{info.display_name}）" if info.display_name else ""
    state = "" if info.active else t("，已停用", ", inactive")
    return f"{info.name}{shown}：{info.role}{town}{state}"


def run_add(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.services.users import create_user

    db = ctx.db()
    info = create_user(
        db,
        args.name,
        _new_password(args),
        args.role,
        town=args.town,
        display_name=args.display_name or "",
    )
    print(t(f"已添加用户 {_describe(info)}", f"user added: {_describe(info)}"))
    return 0


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.auth import NO_USERS_YET, login_required
    from cixi_desktop.store.services.users import list_users

    db = ctx.db()
    found = list_users(db)
    if not found:
        print(t("还没有用户", "no users yet"))
        if not db.is_sqlite:
            print(NO_USERS_YET)
    for info in found:
        print(_describe(info))
    if db.is_sqlite:
        on = login_required(db)
        print(
            t(
                f"单机台账要求登录：{'是' if on else '否'}",
                f"this ledger asks for a login: {'yes' if on else 'no'}",
            )
        )
    return 0


def run_passwd(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.services.users import find_user, set_password

    db = ctx.db()
    info = find_user(db, args.name)
    set_password(db, info.id, info.version, _new_password(args))
    print(t(f"已重设 {info.name} 的密码", f"password of {info.name} set"))
    return 0


def run_my_password(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.services.users import change_own_password

    if not ctx.user:
        raise UsageError(
            t(
                "修改自己的密码要先登录：请加 --user 用户名 --password-stdin",
                "sign in first: add --user NAME --password-stdin",
            )
        )
    ctx.require_sign_in = True  # the current password is proved by signing in
    db = ctx.db()
    assert ctx.signed_in_password is not None
    info = change_own_password(db, ctx.signed_in_password, _new_password(args))
    print(t(f"已修改 {info.name} 的密码", f"password of {info.name} changed"))
    return 0


def run_set(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.services.users import find_user, update_user

    if args.role is None and args.town is None and args.display_name is None:
        raise UsageError(
            t(
                "请至少给出 --role、--town 或 --display-name",
                "give --role, --town or --display-name",
            )
        )
    db = ctx.db()
    info = find_user(db, args.name)
    info = update_user(
        db,
        info.id,
        info.version,
        role=args.role,
        town=args.town,
        display_name=args.display_name,
    )
    print(t(f"已修改用户 {_describe(info)}", f"user changed: {_describe(info)}"))
    return 0


def run_active(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.services.users import find_user, update_user

    db = ctx.db()
    info = find_user(db, args.name)
    info = update_user(db, info.id, info.version, active=args.active)
    print(_describe(info))
    return 0


def run_require_login(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.services.users import set_login_required

    on = args.state == "on"
    set_login_required(ctx.db(), on)
    print(
        t(
            "此台账今后打开时要求登录" if on else "此台账不再要求登录（单机模式）",
            "this ledger now asks for a login" if on else "this ledger no longer asks for a login",
        )
    )
    return 0
