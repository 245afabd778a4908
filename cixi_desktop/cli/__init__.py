"""Headless command line over the same services as the window: ``cixi-desktop``.

Exit codes: 0 ok, 1 data refused, 2 usage, 3 environment, 70 a bug (reported,
with the details written to a log file, never a traceback on the terminal).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from importlib import import_module

from cixi_desktop import __version__
from cixi_desktop.cli.base import Context, UsageError, t

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_ENVIRONMENT, EXIT_BUG = 0, 1, 2, 3, 70

# Each module adds its sub-commands with register(subparsers).
COMMAND_MODULES = (
    "cixi_desktop.cli.core",
    "cixi_desktop.cli.maintenance",
    "cixi_desktop.cli.pdf",
    "cixi_desktop.cli.excel",
    "cixi_desktop.cli.users",
    "cixi_desktop.cli.projects",
    "cixi_desktop.cli.exchange",
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        # argparse passes prefix="" when it builds a sub-command's prog: keep that empty.
        if prefix is None:
            prefix = t("用法：", "usage: ")
        return super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and a one-line usage error (exit 2)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = t("命令", "commands")
        self._optionals.title = t("选项", "options")
        self.add_argument(
            "-h", "--help", action="help", help=t("显示本帮助并退出", "show this help and exit")
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(
            t(
                f"用法错误：{message}（见 {self.prog} --help）\n",
                f"usage error: {message} (see {self.prog} --help)\n",
            )
        )
        raise SystemExit(EXIT_USAGE)


def build_parser() -> Parser:
    parser = Parser(
        prog="cixi-desktop",
        description=t(
            "慈溪智能化技改项目台账：录入、流转、统计、导出、简报。",
            "Cixi smart-manufacturing transformation ledger: record, track, sum up, export, brief.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"cixi-desktop {__version__}",
        help=t("显示版本并退出", "show the version and exit"),
    )
    parser.add_argument(
        "--db",
        metavar=t("路径|URL", "PATH|URL"),
        help=t(
            "数据库文件路径或 SQLAlchemy 地址（默认：settings.json 的 database_url，"
            "否则用户数据文件夹中的台账）",
            "database file or SQLAlchemy URL (default: database_url in settings.json, "
            "else the ledger in the user data folder)",
        ),
    )
    parser.add_argument(
        "--user",
        metavar=t("用户名", "NAME"),
        help=t(
            "以此用户登录（服务器或要求登录的台账）；单机台账中只用于记录修改人",
            "sign in as this user (server, or a ledger that asks for a login); "
            "otherwise only names who writes",
        ),
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=t(
            "从标准输入的第一行读取 --user 的密码",
            "read the --user password from the first line of standard input",
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar=t("命令", "COMMAND"), parser_class=Parser)
    for name in COMMAND_MODULES:
        import_module(name).register(sub)
    return parser


def _report_bug(exc: BaseException) -> str:
    from cixi_desktop.store.paths import data_dir

    try:
        log = data_dir() / "crash.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
        return str(log)
    except OSError:
        return "（无法写入日志）"


def _database_problem(exc: BaseException, ctx: Context) -> str | None:
    """One sentence when the database itself failed (damaged, locked, unreachable), else None.

    Errors that mean our SQL or data were wrong (constraint, syntax) stay bugs.
    """
    from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, ProgrammingError

    from cixi_desktop.store.database import default_database_path, describe_db_error

    if not isinstance(exc, DBAPIError) or isinstance(
        exc, IntegrityError | ProgrammingError | DataError
    ):
        return None
    where = ctx.db_target or str(default_database_path())
    return describe_db_error(exc, where)


def main(argv: Sequence[str] | None = None) -> int:
    from cixi_desktop.domain.errors import ValidationError
    from cixi_desktop.store.errors import (
        ConflictError,
        EnvironmentProblem,
        LoginFailed,
        NotFound,
        PermissionDenied,
    )

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    from cixi_desktop import settings

    target = args.db or settings.database_url()
    ctx = Context(db_target=target, user=args.user, password_stdin=args.password_stdin)
    handler = getattr(args, "handler", None)
    if handler is None:
        from cixi_desktop.cli.core import run_gui

        handler = run_gui
    try:
        return int(handler(ctx, args) or 0)
    except UsageError as exc:
        print(t(f"用法错误：{exc}", f"usage error: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except LoginFailed as exc:
        print(t(f"无法登录：{exc}", f"cannot sign in: {exc}"), file=sys.stderr)
        return EXIT_REFUSED
    except (ValidationError, ConflictError, NotFound, PermissionDenied) as exc:
        print(t(f"数据未接受：{exc}", f"refused: {exc}"), file=sys.stderr)
        return EXIT_REFUSED
    except EnvironmentProblem as exc:
        print(t(f"无法继续：{exc}", f"cannot continue: {exc}"), file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print(t("已中断", "interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        problem = _database_problem(exc, ctx)
        if problem is not None:
            print(t(f"无法继续：{problem}", f"cannot continue: {problem}"), file=sys.stderr)
            return EXIT_ENVIRONMENT
        where = _report_bug(exc)
        # The first line only: driver errors go on to print the whole SQL statement.
        what = f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"
        print(
            t(
                f"程序错误：{what}；详细信息已写入 {where}，请发送给维护人员",
                f"internal error: {what}; details written to {where}",
            ),
            file=sys.stderr,
        )
        return EXIT_BUG
    finally:
        ctx.close()
