"""The ``--report`` workbook: the refused rows as they were, with a 问题 column, ready to be
fixed in Excel and imported again (its headers are the ones the importer reads), and the
full list of problems by row and field."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from cixi_desktop.reports.excel.importer import ImportPlan, Problem, Refused
from cixi_desktop.reports.excel.mapping import FIELDS_BY_KEY
from cixi_desktop.reports.excel.safety import WarningLog
from cixi_desktop.reports.excel.sheet import Col, TableSheet, abandon
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.files import atomic_path

_KIND = {"amount": "amount", "date": "date", "uscc": "code", "code": "code"}


# What a section row or the title supplied, given back as columns when no column held it.
_CONTEXT = (("town", "所属镇街"), ("plan_year", "计划年度"))


def _columns(plan: ImportPlan) -> list[tuple[int | str, Col]]:
    out: list[tuple[int | str, Col]] = []
    mapped = plan.mapping.by_field()
    for key, label in _CONTEXT:
        if key not in mapped:
            out.append((key, Col(label, "text", 12)))
    for c in plan.mapping.columns:
        if c.field:
            spec = FIELDS_BY_KEY[c.field]
            # An amount keeps its unit: the header says which one the numbers are in.
            label = spec.label
            if spec.kind == "amount" and c.unit and c.unit != "万元":
                label = label.replace("（万元）", "") + f"（{c.unit}）"
            out.append((c.index, Col(label, _KIND.get(spec.kind, "text"), 14)))
        elif c.header:
            out.append((c.index, Col(c.header, "text", 12)))
    return out


def _value(item: Refused, where: int | str) -> object:
    if isinstance(where, str):
        return item.context.get(where)
    return item.values[where] if where < len(item.values) else None


def write_problem_report(
    plan: ImportPlan,
    target: str | Path,
    problems: list[Problem] | None = None,
    refused: dict[int, Refused] | None = None,
) -> Path:
    """``problems`` and ``refused`` default to the plan's; after a commit pass the report's."""
    target = Path(target)
    problems = plan.problems if problems is None else problems
    refused = plan.refused if refused is None else refused
    note = f"来源：{plan.path.name}（工作表“{plan.sheet}”）　　生成日期：{date.today().isoformat()}"
    try:
        with atomic_path(target) as tmp:
            wb = Workbook(write_only=True)
            try:
                _rejected(wb, plan, problems, refused, note)
                _listing(wb, problems, note)
                wb.save(tmp)
            except BaseException:
                abandon(wb)
                raise
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入问题清单 {target}：{exc.strerror or exc}") from exc
    return target


def _rejected(
    wb: Workbook,
    plan: ImportPlan,
    problems: list[Problem],
    refused: dict[int, Refused],
    note: str,
) -> None:
    by_row: dict[int | None, list[Problem]] = defaultdict(list)
    for p in problems:
        by_row[p.row].append(p)
    cols = _columns(plan)
    sheet = TableSheet(
        wb,
        "未导入的行",
        "未导入的行（改正后可直接再次导入）",
        note,
        [Col("原行号", "int", 7), *(c for _i, c in cols), Col("问题", "text", 60)],
        WarningLog(),
    )
    for row, item in sorted(refused.items()):
        reasons = "；".join(
            f"{p.field}：{p.message}" if p.field else p.message
            for p in by_row.get(row, [])
            if p.level == "error"
        )
        sheet.append([row, *(_value(item, i) for i, _c in cols), reasons])
    # "合计" first: the importer skips the line when the fixed file comes back.
    sheet.total(["合计", *([None] * len(cols)), f"共 {len(refused):,} 行"])
    sheet.close()


def _listing(wb: Workbook, problems: list[Problem], note: str) -> None:
    sheet = TableSheet(
        wb,
        "问题清单",
        "导入问题清单",
        note,
        [
            Col("行号", "int", 7),
            Col("字段", "text", 20),
            Col("问题", "text", 80),
            Col("类别", "text", 8),
        ],
        WarningLog(),
    )
    for p in problems:
        sheet.append([p.row, p.field, p.message, "错误" if p.level == "error" else "提示"])
    sheet.total([None, "合计", f"{len(problems):,} 条", None])
    sheet.close()
