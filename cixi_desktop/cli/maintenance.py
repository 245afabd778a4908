"""Keeping the ledger safe: backup, restore, list backups (SQLite ledgers)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cixi_desktop.cli.base import Context, UsageError, t


def register(sub: Any) -> None:
    p = sub.add_parser(
        "backup", help=t("备份数据库（经完整性检查）", "back up the database (verified)")
    )
    p.add_argument(
        "out",
        nargs="?",
        metavar=t("输出文件", "OUT"),
        help=t(
            "备份文件路径（默认放在数据库旁的 backups 文件夹）",
            "backup file (default: the backups folder beside the database)",
        ),
    )
    p.set_defaults(handler=run_backup)

    p = sub.add_parser(
        "restore",
        help=t(
            "用备份恢复数据库（先备份当前数据库）",
            "restore a backup (the current database is backed up first)",
        ),
    )
    p.add_argument("file", metavar=t("备份文件", "FILE"))
    p.set_defaults(handler=run_restore)

    p = sub.add_parser("backups", help=t("列出已有备份", "list backups"))
    p.set_defaults(handler=run_list)


def _sqlite_file(ctx: Context) -> Path:
    from cixi_desktop.store.database import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(ctx.db_target))
    if path is None:
        raise UsageError(
            t(
                "备份与恢复只适用于本机 SQLite 台账；服务器数据库请用 pg_dump",
                "backup/restore work on local SQLite ledgers; use pg_dump for a server",
            )
        )
    return path


def run_backup(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.backup import backup_sqlite
    from cixi_desktop.store.backups import make_backup

    path = _sqlite_file(ctx)
    ctx.db()  # opens (and migrates) it, refusing damaged or foreign files with exit 3
    made = (
        backup_sqlite(path, Path(args.out).resolve()) if args.out else make_backup(path, "manual")
    )
    print(t(f"已备份并通过完整性检查：{made}", f"backed up and verified: {made}"))
    return 0


def run_restore(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.backups import restore_backup, restore_over_damaged
    from cixi_desktop.store.database import open_database
    from cixi_desktop.store.integrity import is_damaged

    path = _sqlite_file(ctx)
    source = Path(args.file).resolve()
    safety = None
    if is_damaged(path):  # it cannot be backed up first: it is kept beside itself instead
        kept = restore_over_damaged(source, path, ctx.user or "")[0]
        print(t(f"已损坏的数据库保留为 {kept}", f"the damaged database was kept as {kept}"))
    else:
        safety = restore_backup(source, path, ctx.user or "")
    open_database(path, user=ctx.user).close()  # migrates an older backup to the current schema
    if safety:
        print(
            t(
                f"已恢复；原数据库已备份到 {safety}",
                f"restored; the previous database was saved as {safety}",
            )
        )
    else:
        print(t("已恢复", "restored"))
    return 0


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.backups import list_backups

    backups = list_backups(_sqlite_file(ctx))
    if not backups:
        print(t("还没有备份", "no backups yet"))
    for b in backups:
        print(
            f"{b.made_at:%Y-%m-%d %H:%M:%S} UTC  {b.size / 1_048_576:8.2f} MB  {b.reason:<24} {b.path}"
        )
    return 0
