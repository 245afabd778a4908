"""The workbook superiors ask for: the ledger (项目明细) and every breakdown, one scope.

Streamed (openpyxl write-only: rows go to disk as they are made, memory stays flat) and
written atomically (a temporary file beside the target, renamed at the end), so a crash,
a full disk or a Cancel leaves any older file exactly as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from cixi_desktop.reports.excel.safety import MAX_SHEET_ROWS, WarningLog
from cixi_desktop.reports.excel.sheet import Col, TableSheet, abandon
from cixi_desktop.reports.excel.summary_sheets import SUMMARY_SHEETS
from cixi_desktop.store import summaries
from cixi_desktop.store.columns import LEDGER_COLUMNS
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.files import atomic_path
from cixi_desktop.store.import_queries import ReferenceLists, ledger_extras, reference_lists
from cixi_desktop.store.ledger import iter_ledger
from cixi_desktop.store.summaries import EVERYTHING, Scope

Progress = Callable[[int, int], None]
LEDGER_SHEET = "项目明细"
NOTICE_SHEET = "导出提示"
PROGRESS_EVERY = 500

# Columns the window's ledger leaves out but a workbook that is imported again needs:
# 规上 needs the year it began, 已拨付 needs the day money was paid. Inserted after ``key``.
EXTRA_COLUMNS = {
    "above_scale": ("above_scale_year", Col("列入规上年份", "year", 10)),
    "subsidy_paid": ("last_paid_on", Col("拨付日期", "date", 12)),
}
# Plan years print as 2018, not 2,018.
KIND_OVERRIDES = {"plan_year": "year"}


class ExportCancelled(Exception):
    """The user pressed Cancel; nothing was written."""


@dataclass
class ExportResult:
    path: Path
    sheets: list[str] = field(default_factory=list)
    ledger_rows: int = 0
    warnings: list[str] = field(default_factory=list)


def describe_scope(scope: Scope, refs: ReferenceLists) -> str:
    parts = [scope.describe()]
    if scope.town_code:
        parts.append(refs.name_of("towns", scope.town_code))
    if scope.cluster_code:
        parts.append(refs.name_of("clusters", scope.cluster_code))
    if scope.category_code:
        parts.append(refs.name_of("categories", scope.category_code))
    if scope.status:
        parts.append(f"状态：{scope.status}")
    if scope.above_scale_only:
        parts.append("仅规上企业")
    if scope.provider_id is not None:
        parts.append("指定服务商")
    if scope.keyword.strip():
        parts.append(f"关键词：{scope.keyword.strip()}")
    return "，".join(parts)


def ledger_columns() -> list[tuple[str, Col]]:
    out: list[tuple[str, Col]] = []
    for c in LEDGER_COLUMNS:
        out.append((c.key, Col(c.label, KIND_OVERRIDES.get(c.key, c.kind), c.width)))
        if c.key in EXTRA_COLUMNS:
            out.append(EXTRA_COLUMNS[c.key])
    return out


class _Writer:
    def __init__(
        self,
        db: Database,
        scope: Scope,
        progress: Progress | None,
        cancel: threading.Event | None,
        row_limit: int,
        today: date,
    ) -> None:
        self.db = db
        self.scope = scope
        self.progress = progress
        self.cancel = cancel
        self.row_limit = row_limit
        refs = reference_lists(db)
        self.scope_text = describe_scope(scope, refs)
        self.note = f"范围：{self.scope_text}　　导出日期：{today.isoformat()}　　金额单位：万元"
        self.warnings = WarningLog()
        self.headline = summaries.headline(db, scope)
        self.total_steps = self.headline.projects + len(SUMMARY_SHEETS) * PROGRESS_EVERY
        self.done = 0

    def _step(self, n: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ExportCancelled
        self.done += n
        if self.progress is not None:
            self.progress(min(self.done, self.total_steps), self.total_steps)

    def _title(self, what: str) -> str:
        years = self.scope.describe()
        prefix = "" if years == "全部年度" else years.replace(" ", "")
        return f"慈溪市{prefix}智能化技改{what}"

    def write(self, wb: Workbook, result: ExportResult) -> None:
        self._ledger(wb, result)
        for spec in SUMMARY_SHEETS:
            sheet = TableSheet(
                wb,
                spec.name,
                self._title(spec.title),
                self.note,
                spec.columns,
                self.warnings,
                row_limit=self.row_limit,
            )
            rows, total = spec.build(self.db, self.scope)
            for row in rows:
                sheet.append(row)
            sheet.total(total)
            sheet.close()
            result.sheets += [ws.title for ws in sheet.sheets]
            self._step(PROGRESS_EVERY)
        if self.warnings:
            self._notices(wb, result)

    def _ledger(self, wb: Workbook, result: ExportResult) -> None:
        keyed = ledger_columns()
        sheet = TableSheet(
            wb,
            LEDGER_SHEET,
            self._title("项目明细"),
            f"{self.note}　　合计行的投资和补助不含终止项目",
            [c for _k, c in keyed],
            self.warnings,
            frozen_columns=2,
            row_limit=self.row_limit,
        )
        keys = [k for k, _c in keyed]
        batch: list[dict[str, object]] = []

        def flush() -> None:
            extras = ledger_extras(self.db, [r["id"] for r in batch])  # type: ignore[misc]
            for record in batch:
                extra = extras.get(record["id"])  # type: ignore[call-overload]
                record["above_scale_year"] = extra.above_scale_year if extra else None
                record["last_paid_on"] = extra.last_paid_on if extra else None
                sheet.append([record.get(k) for k in keys])
            self._step(len(batch))
            batch.clear()

        for record in iter_ledger(self.db, self.scope):
            batch.append(record)
            result.ledger_rows += 1
            if len(batch) >= PROGRESS_EVERY:
                flush()
        flush()
        h = self.headline
        totals: dict[str, object] = {
            "code": "合计",
            "enterprise_name": f"共 {h.projects:,} 个项目，{h.enterprises:,} 家企业",
            "total_investment": h.total_investment,
            "equipment_investment": h.equipment_investment,
            "approved_subsidy": h.subsidy,
            "subsidy_paid": h.subsidy_paid,
        }
        sheet.total([totals.get(k) for k in keys])
        sheet.close()
        result.sheets += [ws.title for ws in sheet.sheets]

    def _notices(self, wb: Workbook, result: ExportResult) -> None:
        sheet = TableSheet(
            wb,
            NOTICE_SHEET,
            "导出时对个别单元格的处理",
            self.note,
            [Col("提示", "text", 100)],
            WarningLog(),
            frozen_columns=0,
        )
        for line in self.warnings.lines():
            sheet.append([line])
        sheet.total([f"共 {len(self.warnings.lines()):,} 条"])
        sheet.close()
        result.sheets += [ws.title for ws in sheet.sheets]


def export_workbook(
    db: Database,
    target: str | Path,
    scope: Scope = EVERYTHING,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    row_limit: int = MAX_SHEET_ROWS,
    today: date | None = None,
) -> ExportResult:
    """Write the workbook for ``scope`` to ``target``; warnings list every altered cell."""
    target = Path(target)
    writer = _Writer(db, scope, progress, cancel, row_limit, today or date.today())
    result = ExportResult(path=target)
    wb = Workbook(write_only=True)
    wb.properties.creator = "cixi-desktop"
    wb.properties.title = f"慈溪市智能化技改项目台账（{writer.scope_text}）"
    try:
        with atomic_path(target) as tmp:
            try:
                writer.write(wb, result)
                wb.save(tmp)
            except BaseException:
                abandon(wb)
                raise
    except PermissionError as exc:
        raise EnvironmentProblem(
            f"无法写入 {target}：没有写入权限，或文件正在 Excel/WPS 中打开（请关闭后重试）"
        ) from exc
    except OSError as exc:
        raise EnvironmentProblem(
            f"无法写入 {target}：{exc.strerror or exc}（原文件保持不变）"
        ) from exc
    result.warnings = writer.warnings.lines()
    return result
