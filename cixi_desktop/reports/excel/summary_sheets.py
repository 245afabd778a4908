"""The breakdown sheets of the export. Every figure is read from store.summaries, never
recomputed here, so the workbook says what the window and ``summary --json`` say."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cixi_desktop.reports.excel.sheet import Col
from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Breakdown, GroupRow, Scope

Rows = list[list[object]]


@dataclass(frozen=True)
class SummarySheet:
    name: str
    title: str
    columns: tuple[Col, ...]
    build: Callable[[Database, Scope], tuple[Rows, list[object]]]


_GROUP_TAIL = (
    Col("项目数", "int", 8),
    Col("企业数", "int", 8),
    Col("开工项目数", "int", 10),
    Col("完成项目数", "int", 10),
    Col("验收项目数", "int", 10),
    Col("总投资（万元）", "amount", 16),
    Col("设备投资（万元）", "amount", 16),
    Col("核定补助（万元）", "amount", 15),
    Col("投资占比", "rate", 9),
)


def _group_values(r: GroupRow) -> list[object]:
    return [
        r.projects,
        r.enterprises,
        r.started_projects,
        r.completed_projects,
        r.accepted_projects,
        r.total_investment,
        r.equipment_investment,
        r.subsidy,
        r.share,
    ]


def _group_sheet(
    fetch: Callable[[Database, Scope], Breakdown],
) -> Callable[..., tuple[Rows, list[object]]]:
    def build(db: Database, scope: Scope) -> tuple[Rows, list[object]]:
        b = fetch(db, scope)
        rows = [[r.name, *_group_values(r)] for r in b.rows]
        return rows, ["合计", *_group_values(b.total)]

    return build


def _town_values(r: GroupRow) -> list[object]:
    return [
        r.name,
        r.planned_enterprises,
        r.projects,
        r.enterprises,
        r.started_projects,
        r.completed_projects,
        r.accepted_projects,
        r.completed_enterprises,
        r.completion_rate,
        r.total_investment,
        r.equipment_investment,
        r.subsidy,
        r.share,
    ]


def _towns(db: Database, scope: Scope) -> tuple[Rows, list[object]]:
    b = summaries.by_town(db, scope)
    return [_town_values(r) for r in b.rows], _town_values(b.total)


def _coverage(db: Database, scope: Scope) -> tuple[Rows, list[object]]:
    b = summaries.coverage_by_town(db, scope)

    def values(r: GroupRow) -> list[object]:
        return [r.name, r.enterprises, r.completed_enterprises, r.completion_rate]

    return [values(r) for r in b.rows], values(b.total)


def _providers(db: Database, scope: Scope) -> tuple[Rows, list[object]]:
    items, total = summaries.providers(db, scope)
    rows: Rows = [[p.name, p.enterprises, p.projects, p.investment] for p in items]
    return rows, [total.name, total.enterprises, total.projects, total.investment]


def _fiscal(db: Database, scope: Scope) -> tuple[Rows, list[object]]:
    items, total = summaries.fiscal_by_town(db, scope)

    def values(r: summaries.FiscalRow) -> list[object]:
        return [
            r.name,
            r.subsidy,
            r.subsidy_paid,
            r.total_investment,
            r.equipment_investment,
            r.leverage,
            r.equipment_leverage,
        ]

    return [values(r) for r in items], values(total)


def _monthly(db: Database, scope: Scope) -> tuple[Rows, list[object]]:
    months = summaries.monthly(db, scope)
    total = summaries.monthly_total(db, scope)

    def values(m: summaries.MonthRow) -> list[object]:
        return [m.month, m.started, m.completed, m.completed_investment]

    return [values(m) for m in months], values(total)


SUMMARY_SHEETS: tuple[SummarySheet, ...] = (
    SummarySheet(
        "分镇街道",
        "分镇街道完成情况",
        (
            Col("镇（街道）", "text", 16),
            Col("计划企业数", "int", 10),
            Col("项目数", "int", 8),
            Col("企业数", "int", 8),
            Col("开工项目数", "int", 10),
            Col("完成项目数", "int", 10),
            Col("验收项目数", "int", 10),
            Col("完成企业数", "int", 10),
            Col("完成率", "rate", 9),
            Col("总投资（万元）", "amount", 16),
            Col("设备投资（万元）", "amount", 16),
            Col("核定补助（万元）", "amount", 15),
            Col("投资占比", "rate", 9),
        ),
        _towns,
    ),
    SummarySheet(
        "分产业",
        "分产业集群情况",
        (Col("产业集群", "text", 18), *_GROUP_TAIL),
        _group_sheet(summaries.by_cluster),
    ),
    SummarySheet(
        "分类别",
        "分项目类别情况",
        (Col("项目类别", "text", 20), *_GROUP_TAIL),
        _group_sheet(summaries.by_category),
    ),
    SummarySheet(
        "规上覆盖率",
        "规上工业企业智能化技改覆盖情况",
        (
            Col("镇（街道）", "text", 16),
            Col("规上企业数", "int", 12),
            Col("已覆盖企业数", "int", 12),
            Col("覆盖率", "rate", 10),
        ),
        _coverage,
    ),
    SummarySheet(
        "投资规模分档",
        "项目投资规模分档情况",
        (Col("投资规模", "text", 18), *_GROUP_TAIL),
        _group_sheet(summaries.investment_bands),
    ),
    SummarySheet(
        "服务商",
        "智能制造工程服务公司服务情况",
        (
            Col("服务商", "text", 34),
            Col("服务企业数", "int", 11),
            Col("服务项目数", "int", 11),
            Col("带动投资（万元）", "amount", 16),
        ),
        _providers,
    ),
    SummarySheet(
        "财政资金绩效",
        "财政资金绩效",
        (
            Col("镇（街道）", "text", 16),
            Col("核定补助（万元）", "amount", 15),
            Col("已拨付（万元）", "amount", 15),
            Col("带动总投资（万元）", "amount", 17),
            Col("其中设备投资（万元）", "amount", 17),
            Col("撬动比（总投资÷补助）", "ratio", 14),
            Col("设备投资÷补助", "ratio", 13),
        ),
        _fiscal,
    ),
    SummarySheet(
        "月度进度",
        "月度开工、竣工进度",
        (
            Col("月份", "text", 10),
            Col("开工项目数", "int", 11),
            Col("竣工项目数", "int", 11),
            Col("竣工项目总投资（万元）", "amount", 20),
        ),
        _monthly,
    ),
)
