"""PDF commands: briefing (工作简报) and card (项目档案卡)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cixi_desktop.cli.base import Context, UsageError, add_scope_options, scope_from_args, t


def register(sub: Any) -> None:
    p = sub.add_parser(
        "briefing",
        help=t("生成智能化技改工作简报（PDF）", "write the work briefing (PDF)"),
        description=t(
            "按计划年度统计；--period 指定“本期”（按实际竣工日期），如 2018、2018Q3、2018-09。"
            "不指定 --issue 时取当年下一期号并记录。",
            "Figures by plan year; --period sets the current period (by actual completion "
            "date), e.g. 2018, 2018Q3, 2018-09. Without --issue the next number of the year "
            "is taken and recorded.",
        ),
    )
    p.add_argument("out", metavar="OUT.pdf", help=t("输出文件", "output file"))
    add_scope_options(p)
    p.add_argument("--period", metavar="2018|2018Q3|2018-09", help=t("本期", "the period"))
    p.add_argument("--issue", type=int, metavar="N", help=t("期号（覆盖自动编号）", "issue no."))
    p.set_defaults(handler=run_briefing)

    p = sub.add_parser(
        "card",
        help=t("生成项目档案卡（PDF，每个项目一页）", "write project cards (PDF, one per page)"),
    )
    p.add_argument("out", metavar="OUT.pdf", help=t("输出文件", "output file"))
    p.add_argument(
        "--project",
        nargs="+",
        metavar=t("项目编号", "CODE"),
        help=t("一个或多个项目编号", "one or more project codes"),
    )
    add_scope_options(p)
    p.set_defaults(handler=run_card)


def _target(text: str) -> Path:
    path = Path(text)
    if path.is_dir():
        raise UsageError(t(f"“{text}”是文件夹，请给出文件名", f"'{text}' is a folder"))
    return path


def run_briefing(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.cli.base import parse_years
    from cixi_desktop.reports.pdf.briefing import (
        BriefingRequest,
        briefing_scope,
        write_briefing,
        years_label,
    )
    from cixi_desktop.reports.pdf.period import parse_period

    target = _target(args.out)
    if args.issue is not None and args.issue < 1:
        raise UsageError(t("--issue 应为正整数", "--issue must be a positive number"))
    period = None
    if args.period:
        try:
            period = parse_period(args.period)
        except ValueError as exc:
            raise UsageError(f"--period：{exc}") from None
    town = scope_from_args(ctx, argparse.Namespace(town=args.town)).town_code
    scope = briefing_scope(ctx.db(), parse_years(args.year), town, period)
    result = write_briefing(ctx.db(), BriefingRequest(scope, period, args.issue), target)
    print(
        t(
            f"已生成简报 {result.issue_year}年第{result.issue}期（{years_label(scope)}），"
            f"共 {result.pages} 页：{target}",
            f"briefing {result.issue_year} no. {result.issue} written, "
            f"{result.pages} pages: {target}",
        )
    )
    if result.missing:
        codes = "、".join(f"U+{ord(c):04X}" for c in result.missing)
        print(t(f"注意：字库中没有的字符以 □ 显示：{codes}", f"note: shown as □: {codes}"))
    return 0


def run_card(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.reports.pdf.cards import write_cards
    from cixi_desktop.store.cards import project_ids_for_codes, project_ids_in_scope

    target = _target(args.out)
    if args.project:
        if args.year or args.town:
            raise UsageError(
                t(
                    "--project 不能与 --year/--town 同时使用",
                    "--project cannot be combined with --year/--town",
                )
            )
        ids, missing = project_ids_for_codes(ctx.db(), args.project)
        if missing:
            raise UsageError(
                t(f"没有这些项目：{'、'.join(missing)}", f"no such projects: {', '.join(missing)}")
            )
    else:
        ids = project_ids_in_scope(ctx.db(), scope_from_args(ctx, args))
        if not ids:
            raise UsageError(t("所选范围内没有项目", "no projects in that scope"))
    pages = write_cards(ctx.db(), ids, target)
    print(t(f"已生成项目档案卡 {pages} 页：{target}", f"{pages} project cards written: {target}"))
    return 0
