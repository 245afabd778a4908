"""``exchange export`` / ``exchange import`` / ``exchange conflicts``: offline copies that merge.

A clerk's laptop writes a package of its changes; the bureau merges it. Conflicts are
held for a person to resolve in the window (文件 → 交换包); a damaged or foreign
package is refused whole (exit 1) and nothing is written.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cixi_desktop.cli.base import Context, UsageError, t

LAST_WORDS = {"last", "上次"}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "exchange",
        help=t("交换包：离线副本的导出与合并", "packages: export and merge offline copies"),
    )
    commands = p.add_subparsers(dest="exchange_command", metavar=t("操作", "ACTION"))
    p.set_defaults(handler=lambda ctx, args: _missing_action(p))

    e = commands.add_parser(
        "export", help=t("把本库的修改写成交换包", "write this ledger's changes to a package")
    )
    e.add_argument("out", metavar="OUT.cixi", help=t("交换包文件", "package file"))
    e.add_argument(
        "--since",
        metavar="LAST|DATE",
        help=t(
            "只导出此后修改的记录：LAST 表示上次导出以来，或一个日期（默认：全部）",
            "only records changed since: LAST (the last export) or a date (default: all)",
        ),
    )
    e.set_defaults(handler=run_export)

    i = commands.add_parser("import", help=t("合并一个交换包", "merge a package"))
    i.add_argument("file", metavar="FILE", help=t("交换包文件", "package file"))
    i.add_argument(
        "--dry-run",
        action="store_true",
        help=t(
            "只列出将新增、更新、跳过和冲突的记录，不做修改",
            "list what would change; write nothing",
        ),
    )
    i.set_defaults(handler=run_import)

    c = commands.add_parser(
        "conflicts", help=t("列出待处理的合并冲突", "list merge conflicts waiting")
    )
    c.set_defaults(handler=run_conflicts)


def _missing_action(parser: argparse.ArgumentParser) -> int:
    raise UsageError(
        t("请指定操作：export、import 或 conflicts", "choose export, import or conflicts")
    )


def _since(ctx: Context, text: str | None) -> tuple[datetime | None, str]:
    """The watermark for ``--since`` and how to describe it."""
    from cixi_desktop.domain.dates import parse_date
    from cixi_desktop.domain.errors import ValueProblem
    from cixi_desktop.store.exchange.export import last_export

    if text is None:
        return None, t("全部记录", "all records")
    if text.strip().lower() in LAST_WORDS:
        last = last_export(ctx.db())
        if last is None:
            return None, t("全部记录（本库尚未导出过）", "all records (never exported before)")
        return last, t(
            f"上次导出（{_local(last)}）以来的修改",
            f"changes since the last export ({_local(last)})",
        )
    try:
        day = parse_date(text)
    except ValueProblem as exc:
        raise UsageError(
            t(f"--since 应为 LAST 或日期：{exc}", f"--since expects LAST or a date: {exc}")
        ) from None
    if day is None:
        raise UsageError(t("--since 不能为空", "--since must not be empty"))
    # The date is the clerk's own day; stored times are UTC.
    start = datetime(day.year, day.month, day.day).astimezone(UTC).replace(tzinfo=None)
    return start, t(f"{day.isoformat()} 以来的修改", f"changes since {day.isoformat()}")


def _local(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


TABLE_NAMES = {
    "enterprise": ("企业", "enterprises"),
    "project": ("项目", "projects"),
    "service_provider": ("服务商", "service providers"),
    "annual_plan": ("年度计划", "annual plans"),
    "subsidy_payment": ("补助拨付", "payments"),
}


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.exchange.export import export_changes

    out = Path(args.out)
    if out.suffix.lower() != ".cixi":
        out = out.with_name(out.name + ".cixi")
    since, described = _since(ctx, args.since)
    result = export_changes(ctx.db(), out, since)
    parts = "，".join(
        f"{t(*TABLE_NAMES[name])} {result.counts.get(name, 0)}" for name in TABLE_NAMES
    )
    print(t(f"已导出 {described}：{parts}", f"exported {described}: {parts}"))
    print(t(f"交换包：{result.path}", f"package: {result.path}"))
    return 0


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.exchange.merge import (
        apply_merge,
        describe_plan,
        plan_merge,
        summary_of,
    )
    from cixi_desktop.store.exchange.package import read_package

    package = read_package(args.file)
    db = ctx.db()
    plan = plan_merge(db, package)
    manifest = package.manifest
    origin = f"（{manifest.database_name}）" if manifest.database_name else ""
    print(t(f"交换包：{package.label}{origin}", f"package: {package.label}{origin}"))
    if plan.already_applied:
        print(
            t(
                f"该交换包已于 {_local(datetime.fromisoformat(plan.already_applied))} 合并过，本次没有任何修改",
                "this package was merged before; nothing changed",
            )
        )
        return 0
    result = apply_merge(db, plan, dry_run=args.dry_run)
    counts = result.counts()
    summary = summary_of(result)
    for line in describe_plan(result):
        print(f"  {line}")
    if args.dry_run:
        print(t(f"试运行：{summary}；没有做任何修改", f"dry run: {summary}; nothing written"))
        return 0
    print(t(f"已合并：{summary}", f"merged: {summary}"))
    if counts["conflict"]:
        print(
            t(
                f"有 {counts['conflict']} 条记录两边都改过，已保留待处理；请在窗口中"
                "用 文件 → 合并交换包冲突 逐项选择",
                f"{counts['conflict']} records changed on both sides are held; resolve them in the "
                "window (File → Merge conflicts from packages)",
            )
        )
    return 0


def run_conflicts(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.services.exchange import conflict_views

    views = conflict_views(ctx.db())
    if not views:
        print(t("没有待处理的合并冲突", "no merge conflicts waiting"))
        return 0
    for view in views:
        print(f"{view.title}  {t('来自', 'from')} {view.package}")
        for f in view.fields:
            print(
                f"    {f.label}：{t('本库', 'here')} {f.mine} ／ {t('交换包', 'package')} {f.theirs}"
            )
    return 0
