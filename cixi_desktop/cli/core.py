"""Core commands: gui (default), demo, summary, check."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cixi_desktop.cli.base import Context, add_scope_options, exact_json, scope_from_args, t


def register(sub: Any) -> None:
    p = sub.add_parser("gui", help=t("打开桌面窗口（默认）", "open the desktop window (default)"))
    p.set_defaults(handler=run_gui)

    p = sub.add_parser(
        "demo", help=t("载入演示数据（2017–2019 年）", "load the demo dataset (2017–2019)")
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=t("数据库非空时也载入", "load even when the database is not empty"),
    )
    p.set_defaults(handler=run_demo)

    p = sub.add_parser("summary", help=t("主要指标", "headline figures"))
    add_scope_options(p)
    p.add_argument(
        "--json", action="store_true", help=t("输出一个 JSON 对象", "print one JSON object")
    )
    p.set_defaults(handler=run_summary)

    p = sub.add_parser(
        "check", help=t("检查数据库结构版本和完整性", "check schema version and integrity")
    )
    p.set_defaults(handler=run_check)


def run_gui(ctx: Context, args: argparse.Namespace) -> int:
    # The database layer is imported once the window is on screen (see app.py).
    from cixi_desktop.app import run_app

    return run_app(ctx.db_target, ctx.user)


def run_demo(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.demo import load_demo

    counts = load_demo(ctx.db(), force=args.force)
    print(
        t(
            f"已载入演示数据：{counts.enterprises} 家企业，{counts.projects} 个项目，"
            f"{counts.providers} 家服务商",
            f"demo data loaded: {counts.enterprises} enterprises, {counts.projects} projects, "
            f"{counts.providers} service providers",
        )
    )
    return 0


SUMMARY_LABELS = {
    "projects": ("项目数", "projects"),
    "enterprises": ("企业数", "enterprises"),
    "planned_enterprises": ("计划企业数", "planned enterprises"),
    "completed_projects": ("完成项目数", "completed projects"),
    "completed_enterprises": ("完成企业数", "completed enterprises"),
    "completion_rate": ("完成率", "completion rate"),
    "total_investment": ("总投资（万元）", "total investment (10k yuan)"),
    "equipment_investment": ("设备投资（万元）", "equipment investment (10k yuan)"),
    "subsidy": ("核定补助（万元）", "approved subsidy (10k yuan)"),
    "subsidy_paid": ("已拨付（万元）", "subsidy paid (10k yuan)"),
    "leverage": ("财政资金撬动比", "fiscal leverage"),
    "providers": ("服务商数", "service providers"),
    "above_scale_enterprises": ("规上企业数", "above-scale enterprises"),
    "above_scale_covered": ("已覆盖规上企业", "above-scale covered"),
    "coverage_rate": ("规上覆盖率", "above-scale coverage"),
}


def run_summary(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.reports.numbers import format_figure
    from cixi_desktop.store.summaries import headline

    scope = scope_from_args(ctx, args)
    figures = headline(ctx.db(), scope).as_dict()
    if args.json:
        print(exact_json(figures))
        return 0
    width = max(len(t(*v)) for v in SUMMARY_LABELS.values())
    for key, value in figures.items():
        label = t(*SUMMARY_LABELS[key])
        print(f"{label}{'　' * (width - len(label))}  {format_figure(key, value)}")
    return 0


def run_check(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.store.health import check_database

    report = check_database(ctx.db_target, user=ctx.user)
    for line in report.lines:
        print(line)
    if report.healthy:
        return 0
    # The full report stays on stdout; the verdict is one line on stderr, like every error.
    from cixi_desktop.store.database import default_database_path

    where = ctx.db_target or str(default_database_path())
    problem = report.problems[0]
    print(
        t(f"数据库 {where} 检查未通过：{problem}", f"check of {where} failed: {problem}"),
        file=sys.stderr,
    )
    return 3
