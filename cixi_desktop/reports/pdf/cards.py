"""项目档案卡: one A4 page per project for the enterprise's file — every field, the
service providers, the status history and the subsidy payments.

A card never runs onto a second page: very long texts are cut visibly (with the number of
characters left out), long histories keep their latest lines with a note, and whatever
is still too tall is scaled down to fit the page.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)

from cixi_desktop import __version__
from cixi_desktop.domain.fields import ENTERPRISE_FIELDS, PROJECT_FIELDS
from cixi_desktop.reports.numbers import wan
from cixi_desktop.reports.pdf.fonts import FONT_NAME, register_fonts
from cixi_desktop.reports.pdf.layout import (
    HEADER_FILL,
    data_table,
    para,
    styles,
)
from cixi_desktop.reports.pdf.masthead import chinese_date
from cixi_desktop.reports.pdf.text import describe_missing
from cixi_desktop.store.cards import ProjectCard, project_cards
from cixi_desktop.store.database import Database
from cixi_desktop.store.files import write_atomically

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
HEIGHT = A4[1] - 2 * MARGIN - 8 * mm  # room for the footer
LONGEST_TEXT = 600  # characters of one field shown on a card
MOST_LINES = 14  # history or payment lines shown on a card
BATCH = 500
LABEL_FILL = colors.Color(0.965, 0.965, 0.965)


class Cancelled(Exception):
    """The caller asked to stop before the document was written."""


def _label(name: str) -> str:
    spec = PROJECT_FIELDS.get(name) or ENTERPRISE_FIELDS.get(name)
    return spec.label if spec else name


def _clip(text: str) -> str:
    if len(text) <= LONGEST_TEXT:
        return text
    return f"{text[:LONGEST_TEXT]}……（以下 {len(text) - LONGEST_TEXT:,} 字从略，全文见台账）"


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return _clip(str(value))


def _local(stamp: datetime) -> datetime:
    """Stored stamps are naive UTC; people read local time."""
    return stamp.replace(tzinfo=UTC).astimezone()


def _styles() -> dict[str, ParagraphStyle]:
    st = styles()
    cell = st["cell"]
    return st | {
        "card_title": ParagraphStyle(
            "card_title", parent=st["title"], fontSize=18, leading=26, spaceAfter=2
        ),
        "card_sub": ParagraphStyle("card_sub", parent=cell, fontSize=10, alignment=TA_CENTER),
        "card_label": ParagraphStyle("card_label", parent=cell),
        "card_section": ParagraphStyle("card_section", parent=cell, fontSize=10),
        "card_note": ParagraphStyle("card_note", parent=cell, fontSize=9, spaceBefore=2),
        "card_heading": ParagraphStyle(
            "card_heading", parent=cell, fontSize=10, leading=14, spaceBefore=8, spaceAfter=3
        ),
    }


class _Card:
    def __init__(self, card: ProjectCard, st: dict[str, ParagraphStyle]) -> None:
        self.card = card
        self.missing: set[str] = set()
        self.st = st

    def cell(self, value: object, style: str = "cell") -> Any:
        return para(_value(value), self.st[style], self.missing)

    def flowables(self) -> list[Flowable]:
        c = self.card
        p, e = c.project, c.enterprise
        title = para("智能化技改项目档案卡", self.st["card_title"])
        sub = Table(
            [
                [
                    self.cell(f"{k}：{_value(v)}", "card_sub")
                    for k, v in (("项目编号", p["code"]), ("计划年度", p["plan_year"]),
                                 ("状态", p["status"]))
                ]
            ],
            [WIDTH / 3] * 3,
            # Every table sets its cells' font, even for paragraphs: never Helvetica.
            style=[("FONT", (0, 0), (-1, -1), FONT_NAME)],
            hAlign="LEFT",
        )  # fmt: skip
        above = "否"
        if e["above_scale"]:
            above = f"是（{e['above_scale_year']}年列入）" if e["above_scale_year"] else "是"
        providers = "、".join(f"{n}（{r}）" if r else n for n, r in c.providers) or "—"
        L = self.label
        V = self.cell
        grid: list[list[Any]] = [
            [self.section("企业信息"), "", "", ""],
            [L("企业名称"), V(e["name"]), "", ""],
            [L("统一社会信用代码"), V(e["uscc"]), L("所属镇街"), V(c.names["town"])],
            [L("产业集群"), V(c.names["cluster"]), L("行业大类"), V(c.names["division"])],
            [L("是否规上"), V(above), L("联系人"), V(e["contact"])],
            [L("联系电话"), V(e["phone"]), L("地址"), V(e["address"])],
            [self.section("项目信息"), "", "", ""],
            [L("项目名称"), V(p["name"]), "", ""],
            [L("项目类别"), V(c.names["category"]), L("状态"), V(p["status"])],
            [L("建设内容"), V(p["content"]), "", ""],
            [L(_label("total_investment")), V(p["total_investment"]),
             L(_label("equipment_investment")), V(p["equipment_investment"])],
            [L(_label("planned_start_date")), V(p["planned_start_date"]),
             L(_label("planned_completion_date")), V(p["planned_completion_date"])],
            [L(_label("actual_start_date")), V(p["actual_start_date"]),
             L(_label("actual_completion_date")), V(p["actual_completion_date"])],
            [L(_label("acceptance_date")), V(p["acceptance_date"]),
             L(_label("acceptance_result")), V(p["acceptance_result"])],
            [L("服务商（角色）"), V(providers), "", ""],
            [self.section("补助与成效"), "", "", ""],
            [L("按规则计算补助（万元）"), V(p["subsidy_computed"]),
             L("补助规则"), V(p["subsidy_rule_code"])],
            [L(_label("approved_subsidy")), V(p["approved_subsidy"]),
             L("已拨付（万元）"), V(p["subsidy_paid"])],
            [L(_label("subsidy_override_reason")), V(p["subsidy_override_reason"]), "", ""],
            [L(_label("labour_reduction")), V(p["labour_reduction"]),
             L(_label("productivity_gain_pct")), V(p["productivity_gain_pct"])],
            [L(_label("defect_reduction_pct")), V(p["defect_reduction_pct"]),
             L(_label("energy_reduction_pct")), V(p["energy_reduction_pct"])],
            [L(_label("notes")), V(p["notes"]), "", ""],
        ]  # fmt: skip
        table = data_table(grid, [106, 150, 106, WIDTH - 362], numeric_from=99, header_rows=0)
        commands: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), LABEL_FILL)]
        for i, row in enumerate(grid):
            if row[1] == "":  # a section line across the card
                commands += [
                    ("SPAN", (0, i), (-1, i)),
                    ("BACKGROUND", (0, i), (-1, i), HEADER_FILL),
                ]
            elif row[2] == "":  # one long value across three columns
                commands.append(("SPAN", (1, i), (-1, i)))
            else:
                commands.append(("BACKGROUND", (2, i), (2, i), LABEL_FILL))
        table.setStyle(commands)
        content: list[Flowable] = [title, sub, Spacer(1, 4), table]
        content += self.history() + self.payments()
        if self.missing:
            content.append(para(describe_missing(sorted(self.missing)), self.st["card_note"]))
        return content

    def label(self, text: str) -> Any:
        return para(text, self.st["card_label"])

    def section(self, text: str) -> Any:
        return para(text, self.st["card_section"])

    def history(self) -> list[Flowable]:
        lines = self.card.history
        rows: list[list[Any]] = [
            [self.label(t) for t in ("时间", "原状态", "新状态", "经办人", "文号", "原因/说明")]
        ]
        shown = lines[-MOST_LINES:]
        for h in shown:
            rows.append(
                [
                    self.cell(h.at),
                    self.cell(h.from_status or "—"),
                    self.cell(h.to_status),
                    self.cell(h.by),
                    self.cell(h.document_no),
                    self.cell(h.reason),
                ]
            )
        out: list[Flowable] = [para("状态变更记录", self.st["card_heading"])]
        if len(lines) > len(shown):
            out.append(
                para(f"（共 {len(lines)} 条，列最近 {len(shown)} 条）", self.st["card_note"])
            )
        if not lines:
            out.append(para("（无）", self.st["card_note"]))
            return out
        out.append(data_table(rows, [78, 46, 46, 60, 90, WIDTH - 320], numeric_from=99))
        return out

    def payments(self) -> list[Flowable]:
        lines = self.card.payments
        out: list[Flowable] = [para("补助拨付记录", self.st["card_heading"])]
        if not lines:
            out.append(para("（无）", self.st["card_note"]))
            return out
        shown = lines[-MOST_LINES:]
        rows: list[list[Any]] = [
            [self.label(t) for t in ("拨付日期", "金额（万元）", "文号", "备注")]
        ]
        for pay in shown:
            rows.append(
                [
                    pay.paid_on.isoformat(),
                    wan(pay.amount),
                    self.cell(pay.document_no),
                    self.cell(pay.note),
                ]
            )
        rows.append([self.label("合计"), wan(self.card.project["subsidy_paid"]), "", ""])
        if len(lines) > len(shown):
            out.append(
                para(
                    f"（共 {len(lines)} 笔，列最近 {len(shown)} 笔；合计含全部）",
                    self.st["card_note"],
                )
            )
        table = data_table(rows, [78, 80, 140, WIDTH - 298], numeric_from=1, total_row=True)
        table.setStyle([("ALIGN", (2, 1), (-1, -1), "LEFT")])
        out.append(table)
        return out


def _footer(printed: str) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT_NAME, 9)
        canvas.drawString(MARGIN, MARGIN - 4 * mm, f"慈溪市智能化技改项目台账　打印于{printed}")
        canvas.drawRightString(A4[0] - MARGIN, MARGIN - 4 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    return draw


def build_cards(
    db: Database,
    project_ids: Sequence[uuid.UUID],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    printed_on: date | None = None,
) -> tuple[bytes, int, tuple[str, ...]]:
    """(PDF bytes, pages, characters shown as □) for the projects in the order given."""
    register_fonts()
    st = _styles()
    missing: set[str] = set()
    story: list[Flowable] = []
    ids = list(project_ids)
    for start in range(0, len(ids), BATCH):
        if cancelled is not None and cancelled():
            raise Cancelled
        for card in project_cards(db, ids[start : start + BATCH]):
            maker = _Card(card, st)
            content = maker.flowables()
            missing |= maker.missing
            if story:
                story.append(PageBreak())
            # One page per card whatever it holds: shrink what is still too tall.
            story.append(KeepInFrame(WIDTH, HEIGHT, content, mode="shrink"))
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    if not story:
        story.append(para("（没有项目）", st["body"]))
    buffer = io.BytesIO()
    frame = Frame(MARGIN, MARGIN + 8 * mm, WIDTH, HEIGHT, 0, 0, 0, 0, id="card")
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title="智能化技改项目档案卡",
        creator=f"cixi-desktop {__version__}",
        initialFontName=FONT_NAME,
    )
    printed = chinese_date(printed_on or date.today())
    doc.addPageTemplates([PageTemplate("card", [frame], onPage=_footer(printed))])
    doc.build(story)
    return buffer.getvalue(), doc.page, tuple(sorted(missing))


def write_cards(db: Database, project_ids: Sequence[uuid.UUID], target: Path) -> int:
    """Write the cards atomically to ``target``; returns the number of pages."""
    data, pages, _missing = build_cards(db, project_ids)
    write_atomically(Path(target), data)
    return pages
