"""What every command shares: the context (lazy database), usage errors, scope options,
exact JSON numbers, and bilingual help text."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cixi_desktop import settings

if TYPE_CHECKING:  # imported when a command first needs it: `gui` paints before SQLAlchemy loads
    from cixi_desktop.store.database import Database


class UsageError(Exception):
    """The command line itself is wrong (exit 2)."""


def t(zh: str, en: str) -> str:
    """Chinese by default; English when the UI language is English."""
    return en if settings.language() == "en" else zh


@dataclass
class Context:
    db_target: str | None
    user: str | None
    password_stdin: bool = False
    require_sign_in: bool = False  # sign in even where the ledger asks no login
    _db: Database | None = field(default=None, repr=False)
    _opened: Database | None = field(default=None, repr=False)
    # The password this run signed in with (``users my-password`` proves it again).
    signed_in_password: str | None = field(default=None, repr=False)

    def db(self) -> Database:
        """The database, signed in as --user when it asks for a login (or a password was
        given with --password-stdin)."""
        if self._db is None:
            from cixi_desktop.store.database import open_database

            self._opened = open_database(self.db_target, user=self.user)
            for warning in self._opened.warnings:
                print(t(f"注意：{warning}", f"warning: {warning}"), file=sys.stderr)
            self._db = self._sign_in(self._opened)
        return self._db

    def _sign_in(self, opened: Database) -> Database:
        from cixi_desktop.store import auth

        if self.password_stdin and not self.user:
            raise UsageError(
                t(
                    "--password-stdin 要与 --user 用户名 一起使用",
                    "--password-stdin needs --user NAME",
                )
            )
        if not self.password_stdin and not self.require_sign_in and not auth.login_required(opened):
            # A single-user ledger (--user only names who writes), or a server database
            # before its first admin exists: nobody to sign in as yet.
            return opened
        if not self.user:
            raise auth.LoginFailed(
                t(
                    "此数据库要求登录：请加 --user 用户名 --password-stdin（密码从标准输入读一行）",
                    "this database asks for a login: add --user NAME --password-stdin",
                )
            )
        password = read_password(self.password_stdin, t("密码：", "Password: "))
        signed_in = auth.authenticate(opened, self.user, password)
        self.signed_in_password = password
        return signed_in

    def close(self) -> None:
        if self._db is not None and self._db is not self._opened:
            self._db.close()
        if self._opened is not None:
            self._opened.close()


def read_password(from_stdin: bool, prompt: str, what: str = "--password-stdin") -> str:
    """One line of standard input (a script, a pipe), or a hidden prompt at a terminal."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UsageError(t(f"{what}：标准输入中没有密码", f"{what}: no password on stdin"))
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError(
            t(
                f"需要密码：请加 {what}，从标准输入提供（每个密码一行）",
                f"a password is needed: add {what} and give it on stdin (one line each)",
            )
        )
    import getpass

    return getpass.getpass(prompt)


_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–~至到]\s*(\d{4}))?\s*$")


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """ "2018" → (2018, 2018); "2017-2018" → (2017, 2018); None → (None, None)."""
    if text is None:
        return None, None
    match = _YEARS.match(text)
    if not match:
        raise UsageError(
            t(
                f"--year 应为年份，如 2018 或 2017-2018，而不是“{text}”",
                f"--year expects a year such as 2018 or 2017-2018, not '{text}'",
            )
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise UsageError(
            t(
                f"--year 的起始年份 {first} 晚于结束年份 {last}",
                f"--year starts ({first}) after it ends ({last})",
            )
        )
    return first, last


def add_scope_options(parser: argparse.ArgumentParser, *, extended: bool = False) -> None:
    parser.add_argument(
        "--year", metavar="Y|Y1-Y2", help=t("计划年度或年度区间", "plan year or range")
    )
    parser.add_argument(
        "--town", metavar=t("镇街", "TOWN"), help=t("镇街名称或代码", "town name or code")
    )
    if extended:
        parser.add_argument("--status", help=t("项目状态，如 竣工", "project status, e.g. 竣工"))
        parser.add_argument("--category", help=t("项目类别", "project category"))
        parser.add_argument("--cluster", help=t("产业集群", "industry cluster"))


def scope_from_args(ctx: Context, args: argparse.Namespace) -> Any:
    """Build a summaries.Scope from --year/--town (and --status/--category/--cluster)."""
    from cixi_desktop.domain.workflow import parse_status
    from cixi_desktop.store.services.reference import resolve_reference
    from cixi_desktop.store.summaries import Scope

    first, last = parse_years(getattr(args, "year", None))
    codes: dict[str, str | None] = {}
    for option, kind in (
        ("town", "town_code"),
        ("category", "category_code"),
        ("cluster", "cluster_code"),
    ):
        text = getattr(args, option, None)
        if text:
            code = resolve_reference(ctx.db(), kind, text)
            if code is None:
                raise UsageError(
                    t(f"--{option}：没有“{text}”这一项", f"--{option}: no such entry '{text}'")
                )
            codes[kind] = code
    status = getattr(args, "status", None)
    if status:
        try:
            status = str(parse_status(status))
        except ValueError as exc:
            raise UsageError(f"--status：{exc}") from None
    return Scope(year_from=first, year_to=last, status=status or None, **codes)


def json_number(value: Decimal) -> str:
    """A Decimal as a JSON number, exactly as stored (never through float)."""
    text = format(value, "f")
    return text


def exact_json(data: Mapping[str, Any]) -> str:
    """One flat JSON object whose Decimals are written as exact numbers."""
    parts = []
    for key, value in data.items():
        rendered = (
            json_number(value)
            if isinstance(value, Decimal)
            else json.dumps(value, ensure_ascii=False)
        )
        parts.append(f"{json.dumps(key)}: {rendered}")
    return "{" + ", ".join(parts) + "}"
