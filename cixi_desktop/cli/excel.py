"""Excel commands: export (the workbook for superiors), template (what towns fill in),
import (a town's ledger: preview every problem, then all or nothing)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from cixi_desktop.cli.base import Context, UsageError, add_scope_options, scope_from_args, t

MAX_LISTED = 200


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export", help=t("导出 Excel 工作簿（明细与各项统计）", "export the Excel workbook")
    )
    p.add_argument("out", metavar="OUT.xlsx", help=t("输出文件", "output file"))
    add_scope_options(p, extended=True)
    p.set_defaults(handler=run_export)

    p = sub.add_parser(
        "template", help=t("生成镇街填报用的采集模板", "write the collection template for towns")
    )
    p.add_argument("out", metavar="OUT.xlsx", help=t("输出文件", "output file"))
    p.add_argument("--town", metavar=t("镇街", "TOWN"), help=t("镇街名称或代码", "town"))
    p.add_argument("--year", metavar="Y", help=t("计划年度", "plan year"))
    p.set_defaults(handler=run_template)

    p = sub.add_parser(
        "import", help=t("导入镇街的 Excel/CSV 台账", "import a town's Excel/CSV ledger")
    )
    p.add_argument("file", metavar=t("文件", "FILE"), help=".xlsx .xls .ods .csv")
    p.add_argument("--sheet", metavar=t("工作表", "SHEET"), help=t("工作表名称", "sheet name"))
    p.add_argument(
        "--year",
        metavar="Y",
        help=t("表格和标题中都没有年度时使用的计划年度", "plan year when the file gives none"),
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=t("只检查并列出问题，不写入数据库", "check and list problems, write nothing"),
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help=t("跳过有问题的行，只导入正确的行", "import the valid rows, skip the others"),
    )
    p.add_argument(
        "--report",
        metavar="OUT.xlsx",
        help=t("把未导入的行和问题清单写入工作簿", "write refused rows and problems here"),
    )
    p.add_argument(
        "--profile",
        metavar=t("方案", "NAME"),
        help=t("使用保存过的列对应方案", "apply a saved column-mapping profile"),
    )
    p.add_argument(
        "--update-duplicates",
        action="store_true",
        help=t("库中已有的项目用表格内容更新（默认跳过）", "update projects already present"),
    )
    p.set_defaults(handler=run_import)


def _xlsx(path: str) -> Path:
    if Path(path).suffix.lower() != ".xlsx":
        raise UsageError(t(f"输出文件应以 .xlsx 结尾：{path}", f"output must end in .xlsx: {path}"))
    return Path(path)


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    if not re.fullmatch(r"\s*(19|20)\d\d\s*", text):
        raise UsageError(t(f"--year 应为四位年份，而不是“{text}”", f"--year: not a year: {text}"))
    return int(text)


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.reports.excel.export import export_workbook

    target = _xlsx(args.out)
    scope = scope_from_args(ctx, args)
    result = export_workbook(ctx.db(), target, scope)
    print(
        t(
            f"已导出 {target}：项目明细 {result.ledger_rows:,} 行，"
            f"工作表 {len(result.sheets)} 张（{'、'.join(result.sheets)}）",
            f"exported {target}: {result.ledger_rows:,} ledger rows, {len(result.sheets)} sheets",
        )
    )
    for line in result.warnings:
        print(t(f"提示：{line}", f"note: {line}"))
    return 0


def run_template(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.reports.excel.template import write_template
    from cixi_desktop.store.import_queries import reference_lists
    from cixi_desktop.store.services.reference import resolve_reference

    target = _xlsx(args.out)
    year = _year(args.year)
    town_name = None
    if args.town:
        code = resolve_reference(ctx.db(), "town_code", args.town)
        if code is None:
            raise UsageError(t(f"--town：没有“{args.town}”这一项", "--town: no such town"))
        town_name = reference_lists(ctx.db()).name_of("towns", code)
    write_template(ctx.db(), target, town=town_name, year=year)
    print(t(f"已生成采集模板 {target}", f"template written to {target}"))
    return 0


def _print_plan(plan: Any) -> None:
    rows = "–".join(str(r) for r in (plan.header_rows[0], plan.header_rows[-1]))
    rows = str(plan.header_rows[0]) if len(plan.header_rows) == 1 else rows
    print(
        f"读取 {plan.path.name}（工作表“{plan.sheet}”，表头在第 {rows} 行）："
        f"数据 {plan.data_rows:,} 行"
    )
    print(
        f"可导入 {plan.importable:,} 行（新建 {plan.to_create:,}，更新 {plan.to_update:,}），"
        f"库中已有 {len(plan.duplicates):,} 行，有问题 {len(plan.refused):,} 行"
    )
    for what, names in (("新企业", plan.new_enterprises), ("新服务商", plan.new_providers)):
        if names:
            shown = "、".join(names[:10]) + ("……" if len(names) > 10 else "")
            print(f"{what} {len(names):,} 家：{shown}")
    listed = plan.errors + plan.warnings
    if listed:
        print("问题和提示：")
        for problem in listed[:MAX_LISTED]:
            mark = "" if problem.level == "error" else "（提示）"
            print(f"  {problem}{mark}")
        if len(listed) > MAX_LISTED:
            print(f"  ……另有 {len(listed) - MAX_LISTED:,} 条，完整清单请用 --report 导出")


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.reports.excel.commit import commit_import
    from cixi_desktop.reports.excel.importer import ImportOptions, ImportRefused, plan_import
    from cixi_desktop.reports.excel.mapping import load_profile
    from cixi_desktop.reports.excel.problem_report import write_problem_report
    from cixi_desktop.reports.excel.reader import SourceError
    from cixi_desktop.reports.excel.table import open_table

    report_path = _xlsx(args.report) if args.report else None
    options = ImportOptions(
        sheet=args.sheet, year=_year(args.year), update_duplicates=args.update_duplicates
    )
    db = ctx.db()
    try:
        mapping = None
        if args.profile:
            profile = load_profile(db, args.profile)
            if profile is None:
                raise UsageError(t(f"没有名为“{args.profile}”的方案", f"no profile {args.profile}"))
            mapping = open_table(args.file, args.sheet).mapping
            mapping.apply_profile(profile)
        plan = plan_import(db, args.file, options, mapping)
    except SourceError as exc:
        print(t(f"无法导入：{exc}", f"cannot import: {exc}"), file=sys.stderr)
        return 1
    _print_plan(plan)
    problems, refused = plan.problems, plan.refused
    status = 0
    if args.dry_run:
        print("预演（--dry-run）：未写入数据库")
        status = 1 if plan.errors and not args.skip_invalid else 0
    elif plan.errors and not args.skip_invalid:
        print(
            f"未写入任何数据：有 {len(plan.refused):,} 行存在问题。"
            "请改正后重新导入，或加 --skip-invalid 只导入正确的行。"
        )
        status = 1
    else:
        try:
            report = commit_import(db, plan, skip_invalid=args.skip_invalid)
        except ImportRefused as exc:
            print(f"未写入任何数据：{exc}")
            status = 1
        else:
            problems, refused = report.problems, report.refused
            print(f"导入完成：{report.summary()}")
    if report_path is not None:
        write_problem_report(plan, report_path, problems, refused)
        print(f"问题清单已写入 {report_path}")
    return status
