"""How the ledger's columns read in the window: translated headers, cell text, alignment,
which columns are frozen and which show by default. The columns themselves are
``store.columns.LEDGER_COLUMNS`` (the same as in the workbook)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from cixi_desktop.domain.workflow import Status
from cixi_desktop.reports.numbers import wan
from cixi_desktop.store.columns import LEDGER_COLUMNS, Column

CONTEXT = "LedgerColumns"
STATUS_CONTEXT = "Status"  # the workflow statuses' catalogue context, shared with the forms
# Listed here so that pyside6-lupdate sees every header; tests check the list is complete.
HEADER_SOURCES = (
    QT_TRANSLATE_NOOP("LedgerColumns", "项目编号"),
    QT_TRANSLATE_NOOP("LedgerColumns", "企业名称"),
    QT_TRANSLATE_NOOP("LedgerColumns", "统一社会信用代码"),
    QT_TRANSLATE_NOOP("LedgerColumns", "所属镇街"),
    QT_TRANSLATE_NOOP("LedgerColumns", "产业集群"),
    QT_TRANSLATE_NOOP("LedgerColumns", "是否规上"),
    QT_TRANSLATE_NOOP("LedgerColumns", "项目名称"),
    QT_TRANSLATE_NOOP("LedgerColumns", "计划年度"),
    QT_TRANSLATE_NOOP("LedgerColumns", "项目类别"),
    QT_TRANSLATE_NOOP("LedgerColumns", "项目总投资（万元）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "其中设备投资（万元）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "计划开工日期"),
    QT_TRANSLATE_NOOP("LedgerColumns", "计划竣工日期"),
    QT_TRANSLATE_NOOP("LedgerColumns", "实际开工日期"),
    QT_TRANSLATE_NOOP("LedgerColumns", "实际竣工日期"),
    QT_TRANSLATE_NOOP("LedgerColumns", "状态"),
    QT_TRANSLATE_NOOP("LedgerColumns", "验收日期"),
    QT_TRANSLATE_NOOP("LedgerColumns", "验收结论"),
    QT_TRANSLATE_NOOP("LedgerColumns", "核定补助（万元）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "已拨付（万元）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "服务商"),
    QT_TRANSLATE_NOOP("LedgerColumns", "联系人"),
    QT_TRANSLATE_NOOP("LedgerColumns", "联系电话"),
    QT_TRANSLATE_NOOP("LedgerColumns", "减少用工（人）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "劳动生产率提升（%）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "不良率下降（%）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "能耗下降（%）"),
    QT_TRANSLATE_NOOP("LedgerColumns", "建设内容"),
    QT_TRANSLATE_NOOP("LedgerColumns", "备注"),
    QT_TRANSLATE_NOOP("LedgerColumns", "是"),
    QT_TRANSLATE_NOOP("LedgerColumns", "否"),
)

COLUMNS: tuple[Column, ...] = LEDGER_COLUMNS
KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
# Stay in view while scrolling sideways: what a row is about.
FROZEN_KEYS: tuple[str, ...] = ("enterprise_name", "name")
# The first-run layout, left to right (what a reviewer scans first); the other columns
# follow, hidden, a right-click on the header away.
DEFAULT_ORDER: tuple[str, ...] = (
    "enterprise_name",
    "name",
    "code",
    "status",
    "town",
    "plan_year",
    "category",
    "total_investment",
    "equipment_investment",
    "approved_subsidy",
    "subsidy_paid",
    "cluster",
    "above_scale",
    "actual_completion_date",
    "providers",
)
DEFAULT_VISIBLE: frozenset[str] = frozenset(DEFAULT_ORDER)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def column_index(key: str) -> int:
    return KEYS.index(key)


def header_text(column: Column) -> str:
    return QCoreApplication.translate(CONTEXT, column.label)


def fixed_texts(column: Column) -> list[str]:
    """Every text a column of a fixed set of values can show (statuses, 是/否), translated:
    its default width must hold the longest (in English "Acceptance failed", not "验收不通过")."""
    if column.kind == "flag":
        return [cell_text(column, True), cell_text(column, False)]
    if column.key == "status":
        return [cell_text(column, str(status)) for status in Status]
    return []


def cell_text(column: Column, value: object) -> str:
    """A value as the ledger shows it: amounts in 万元 with separators, codes as text."""
    if value is None or value == "":
        return ""
    kind = column.kind
    if kind == "amount" and isinstance(value, Decimal):
        return wan(value)
    if kind == "percent" and isinstance(value, Decimal):
        return f"{value:,.2f}"
    if kind == "flag":
        return QCoreApplication.translate(CONTEXT, "是" if value else "否")
    if column.key == "status":
        # The value stays the stored Chinese name; only what is shown is translated.
        return QCoreApplication.translate(STATUS_CONTEXT, str(value))
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind == "int" and isinstance(value, int) and column.key != "plan_year":
        return f"{value:,}"
    return str(value)


def alignment(column: Column) -> Qt.AlignmentFlag:
    if column.kind in ("amount", "percent") or (column.kind == "int" and column.key != "plan_year"):
        return _RIGHT
    if column.kind in ("flag", "date") or column.key == "plan_year":
        return _CENTER
    return _LEFT
