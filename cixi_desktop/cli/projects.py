"""Project commands: ``project status CODE 已验收 --date 2018-12-01`` moves a project
through the workflow, with the same checks (and role checks) as the window."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cixi_desktop.cli.base import Context, UsageError, t


def register(sub: Any) -> None:
    project = sub.add_parser("project", help=t("项目操作", "project actions"))
    commands = project.add_subparsers(
        dest="project_command", metavar=t("操作", "ACTION"), required=True
    )
    p = commands.add_parser(
        "status",
        help=t("变更项目状态（如 在建、竣工、已验收）", "move a project (e.g. 在建, 竣工, 已验收)"),
    )
    p.add_argument("code", metavar=t("项目编号", "CODE"))
    p.add_argument("status", metavar=t("新状态", "STATUS"))
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help=t(
            "这一步需要的日期：在建＝实际开工，竣工＝实际竣工，已验收/验收不通过＝验收日期",
            "the date the move needs: start (在建), completion (竣工), acceptance (已验收)",
        ),
    )
    p.add_argument(
        "--doc", default="", metavar=t("文号", "DOC"), help=t("文件编号", "document no.")
    )
    p.add_argument("--reason", default="", help=t("原因（终止、验收不通过等需要）", "reason"))
    p.add_argument("--result", default="", help=t("验收结论", "acceptance result"))
    p.set_defaults(handler=run_status)


def _date(text: str | None) -> date | None:
    from cixi_desktop.domain.dates import parse_date
    from cixi_desktop.domain.errors import ValueProblem

    if not text:
        return None
    try:
        return parse_date(text)
    except ValueProblem as exc:
        raise UsageError(f"--date：{exc}") from None


def run_status(ctx: Context, args: argparse.Namespace) -> int:
    from cixi_desktop.domain.workflow import Status, parse_status
    from cixi_desktop.store.cards import project_ids_for_codes
    from cixi_desktop.store.errors import NotFound
    from cixi_desktop.store.lookups import project_version
    from cixi_desktop.store.services.projects import StatusMove, change_status

    try:
        target = parse_status(args.status)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    when = _date(args.date)
    db = ctx.db()
    ids, missing = project_ids_for_codes(db, [args.code])
    version = project_version(db, ids[0]) if ids else None
    if missing or version is None:
        raise NotFound(t(f"没有编号为 {args.code} 的项目", f"no project with code {args.code}"))
    dated = {
        Status.IN_PROGRESS: "actual_start_date",
        Status.COMPLETED: "actual_completion_date",
        Status.ACCEPTED: "acceptance_date",
        Status.REJECTED: "acceptance_date",
    }
    if when and target not in dated:
        raise UsageError(t(f"转为“{target}”不需要 --date", f"a move to {target} takes no --date"))
    move = StatusMove(
        target=target,
        reason=args.reason,
        document_no=args.doc,
        acceptance_result=args.result,
        **({dated[target]: when} if when else {}),
    )
    row = change_status(db, ids[0], version, move)
    print(t(f"{row.code} 已转为“{row.status}”", f"{row.code} is now {row.status}"))
    return 0
