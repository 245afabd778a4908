"""The 项目明细 columns: one definition for the window, the workbook and the cards.

Plain data, no SQLAlchemy: the window lays out its table from these before the database
layer is loaded. How each column is read is ``ledger.ledger_select``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # text | code | amount | percent | date | int | flag
    width: int = 12  # characters, for workbooks and default column widths


LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("code", "项目编号", "code", 14),
    Column("enterprise_name", "企业名称", "text", 30),
    Column("uscc", "统一社会信用代码", "code", 21),
    Column("town", "所属镇街", "text", 12),
    Column("cluster", "产业集群", "text", 14),
    Column("above_scale", "是否规上", "flag", 8),
    Column("name", "项目名称", "text", 34),
    Column("plan_year", "计划年度", "int", 9),
    Column("category", "项目类别", "text", 16),
    Column("total_investment", "项目总投资（万元）", "amount", 14),
    Column("equipment_investment", "其中设备投资（万元）", "amount", 14),
    Column("planned_start_date", "计划开工日期", "date", 12),
    Column("planned_completion_date", "计划竣工日期", "date", 12),
    Column("actual_start_date", "实际开工日期", "date", 12),
    Column("actual_completion_date", "实际竣工日期", "date", 12),
    Column("status", "状态", "text", 9),
    Column("acceptance_date", "验收日期", "date", 12),
    Column("acceptance_result", "验收结论", "text", 14),
    Column("approved_subsidy", "核定补助（万元）", "amount", 13),
    Column("subsidy_paid", "已拨付（万元）", "amount", 13),
    Column("providers", "服务商", "text", 30),
    Column("contact", "联系人", "text", 9),
    Column("phone", "联系电话", "code", 15),
    Column("labour_reduction", "减少用工（人）", "int", 10),
    Column("productivity_gain_pct", "劳动生产率提升（%）", "percent", 12),
    Column("defect_reduction_pct", "不良率下降（%）", "percent", 12),
    Column("energy_reduction_pct", "能耗下降（%）", "percent", 12),
    Column("content", "建设内容", "text", 40),
    Column("notes", "备注", "text", 30),
)
COLUMN_KEYS = tuple(c.key for c in LEDGER_COLUMNS)
