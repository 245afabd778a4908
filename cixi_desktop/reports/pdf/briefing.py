"""The 工作简报 for leaders: red masthead, key figures, tables and charts, 报尾.

Every figure is read from store.summaries and written with reports.numbers, so it reads
exactly as on screen, in the workbook and in ``summary --json``: tables give amounts to
the cent in 万元; the running text gives large amounts in 亿元 as leaders read them.

Scope and period: the figures cover the projects of the scope, selected by *plan year*
(and town), like every summary. The period (本期) adds one paragraph: projects of that
scope completed — by actual completion date — within the period. Without explicit years
the scope is the period's year, or else the latest plan year in the ledger.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
)

from cixi_desktop import __version__
from cixi_desktop.reports.numbers import format_figure, percent, wan, wan_or_yi
from cixi_desktop.reports.pdf import charts
from cixi_desktop.reports.pdf.briefing_settings import (
    BriefingSettings,
    load_settings,
    next_issue,
    record_issue,
)
from cixi_desktop.reports.pdf.fonts import FONT_NAME, register_fonts
from cixi_desktop.reports.pdf.layout import (
    BOTTOM_MARGIN,
    LEFT_MARGIN,
    TYPE_HEIGHT,
    TYPE_WIDTH,
    AtBottom,
    data_table,
    draw_page_number,
    lines_para,
    para,
    styles,
)
from cixi_desktop.reports.pdf.masthead import Masthead, chinese_date, colophon
from cixi_desktop.reports.pdf.period import Period
from cixi_desktop.reports.pdf.text import describe_missing
from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.files import write_atomically
from cixi_desktop.store.summaries import Scope

TOP_PROJECTS = 10
TOP_PROVIDERS = 20
_CN_NUMBERS = "一二三四五六七八九十"


class Cancelled(Exception):
    """The caller asked to stop before the document was written."""


@dataclass(frozen=True)
class BriefingRequest:
    scope: Scope
    period: Period | None = None
    issue: int | None = None  # None: the next number of the issue year
    issued_on: date | None = None  # None: today


@dataclass(frozen=True)
class BriefingResult:
    issue: int
    issue_year: int
    pages: int
    missing: tuple[str, ...] = field(default_factory=tuple)


def briefing_scope(
    db: Database,
    years: tuple[int | None, int | None],
    town_code: str | None,
    period: Period | None,
) -> Scope:
    """The scope a briefing covers (see the module docstring for the defaults)."""
    first, last = years
    if first is None:
        if period is not None:
            first = last = period.year
        else:
            present = summaries.years_present(db)
            first = last = present[-1] if present else date.today().year
    return Scope(year_from=first, year_to=last, town_code=town_code)


def years_label(scope: Scope) -> str:
    """2018年 | 2017—2018年 | 历年 (no space between digits and 年, as in official text)."""
    years = scope.years()
    if years is None:
        return "历年"
    first, last = years
    return f"{first}年" if first == last else f"{first}—{last}年"


def _month_span(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from first to last: a time axis has no gaps."""
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


class _Builder:
    """Assembles the story, one section per method, reading figures from summaries."""

    def __init__(self, db: Database, request: BriefingRequest, issued_on: date) -> None:
        self.db = db
        self.scope = request.scope
        self.period = request.period
        self.issued_on = issued_on
        self.st = styles()
        self.missing: set[str] = set()
        self.story: list[Flowable] = []
        self.lead: list[Flowable] = []  # heading and intro waiting for their table or figure
        self.sections = 0
        self.tables = 0
        self.figures = 0
        self.place = "全市"
        if self.scope.town_code is not None:
            rows = summaries.by_town(db, Scope(town_code=self.scope.town_code)).rows
            self.place = rows[0].name if rows else self.scope.town_code

    # --- helpers ---
    def add(self, *items: Flowable) -> None:
        self.story.extend(items)

    def body(self, text: str) -> None:
        self.flush()
        self.add(para(text, self.st["body"], self.missing))

    def heading(self, text: str) -> None:
        """A section heading; it is held back and set with what follows, so that it never
        ends a page alone."""
        number = _CN_NUMBERS[self.sections] if self.sections < 10 else str(self.sections + 1)
        self.sections += 1
        self.add(CondPageBreak(4 * self.st["body"].leading))
        self.lead.append(para(f"{number}、{text}", self.st["heading"], self.missing))

    def intro(self, text: str) -> None:
        """The sentence that introduces a table or figure; kept with it, like the heading."""
        self.lead.append(para(text, self.st["body"], self.missing))

    def flush(self) -> None:
        self.add(*self.lead)
        self.lead = []

    def head(self, *labels: str) -> list[Any]:
        """Header cells; "|" marks where a label breaks (计划|企业)."""
        return [lines_para(label.split("|"), self.st["cell_head"]) for label in labels]

    def cell(self, text: object) -> Any:
        return para(text, self.st["cell"], self.missing)

    def table(
        self, title: str, unit: str, rows: list[list[Any]], widths: Sequence[float], **kw: Any
    ) -> None:
        """Caption above, unit line at its right, then the table; kept on one page with the
        heading and intro before it when it fits (a longer table splits, repeating its header)."""
        self.tables += 1
        caption = para(f"表{self.tables}　{title}", self.st["caption"], self.missing)
        unit_line = para(f"单位：{unit}", self.st["unit"])
        table = data_table(rows, widths, **kw)
        group = [*self.lead, caption, unit_line, table]
        self.lead = []
        self.add(KeepTogether(group), Spacer(1, 8))

    def figure(self, title: str, drawing: Flowable) -> None:
        self.figures += 1
        caption = para(f"图{self.figures}　{title}", self.st["caption"], self.missing)
        group = [*self.lead, Spacer(1, 4), drawing, caption]
        self.lead = []
        self.add(KeepTogether(group), Spacer(1, 4))

    # --- the document ---
    def build(self, issue: int, settings: BriefingSettings) -> list[Flowable]:
        self.add(Masthead(issue, settings.unit, self.issued_on, self.missing), Spacer(1, 16))
        title = f"{years_label(self.scope)}{self.place}智能化技改工作情况"
        self.add(para(title, self.st["title"], self.missing))
        if self.period is not None:
            self.add(para(f"（本期：{self.period.label}）", self.st["caption"]))
        head = summaries.headline(self.db, self.scope)
        self.overview(head)
        self.towns()
        self.clusters()
        self.categories()
        self.top_projects()
        self.providers(head)
        self.monthly()
        self.notes()
        self.flush()
        self.add(AtBottom(colophon(settings, self.missing)))
        return self.story

    def overview(self, h: summaries.Headline) -> None:
        self.heading("总体情况")
        years = years_label(self.scope)
        if h.planned_enterprises:
            plan = (
                f"{years}，{self.place}计划实施智能化技改企业{h.planned_enterprises:,}家，"
                f"已完成{h.completed_enterprises:,}家，完成率{percent(h.completion_rate)}。"
            )
        else:
            plan = (
                f"{years}，{self.place}已完成智能化技改企业{h.completed_enterprises:,}家"
                "（未录入年度计划企业数）。"
            )
        self.body(
            f"{plan}共有技改项目{h.projects:,}个，涉及企业{h.enterprises:,}家，"
            f"其中已竣工项目{h.completed_projects:,}个。"
        )
        self.body(
            f"项目总投资{wan_or_yi(h.total_investment)}，"
            f"其中设备投资{wan_or_yi(h.equipment_investment)}。"
            f"核定财政补助{wan_or_yi(h.subsidy)}，已拨付{wan_or_yi(h.subsidy_paid)}；"
            f"财政资金撬动比为1∶{format_figure('leverage', h.leverage)}。"
        )
        self.body(
            f"参与项目服务的智能制造工程服务公司{h.providers:,}家。"
            f"{self.place}规上工业企业{h.above_scale_enterprises:,}家，"
            f"其中{h.above_scale_covered:,}家已完成智能化技改，"
            f"覆盖率{percent(h.coverage_rate)}。"
        )
        if self.period is not None:
            p = summaries.completed_between(self.db, self.scope, self.period.start, self.period.end)
            self.body(
                f"本期（{self.period.label}），竣工项目{p.projects:,}个，"
                f"涉及企业{p.enterprises:,}家，完成投资{wan_or_yi(p.total_investment)}，"
                f"其中设备投资{wan_or_yi(p.equipment_investment)}，"
                f"核定补助{wan_or_yi(p.subsidy)}。"
            )

    def towns(self) -> None:
        towns = summaries.by_town(self.db, self.scope)
        cov = summaries.coverage_by_town(self.db, self.scope)
        coverage = {r.key: r for r in cov.rows}
        if self.scope.town_code is None:
            self.heading("分镇街道推进情况")
            self.intro(f"各镇（街道）、开发区推进情况见表{self.tables + 1}。")
        else:
            self.heading("推进情况")
            self.intro(f"{self.place}推进情况见表{self.tables + 1}。")
        rows: list[list[Any]] = [
            self.head(
                "镇（街道）", "计划|企业", "项目", "完成|企业", "完成率", "规上|覆盖率",
                "总投资", "核定补助", "投资|占比",
            )
        ]  # fmt: skip

        def line(r: summaries.GroupRow, c: summaries.GroupRow | None, share: str) -> list[Any]:
            return [
                self.cell(r.name),
                f"{r.planned_enterprises:,}",
                f"{r.projects:,}",
                f"{r.completed_enterprises:,}",
                percent(r.completion_rate),
                percent(c.completion_rate) if c else "—",
                wan(r.total_investment),
                wan(r.subsidy),
                share,
            ]

        rows += [line(r, coverage.get(r.key), percent(r.share)) for r in towns.rows]
        rows.append(line(towns.total, cov.total, _whole(towns.total)))
        widths = [78, 38, 36, 38, 44, 44, 70, 56, 38]
        self.table("各镇（街道）智能化技改推进情况", "家、个、万元", rows, widths, total_row=True)
        if self.scope.town_code is None:
            bars = sorted(towns.rows, key=lambda r: -r.total_investment)
            drawing = charts.horizontal_bars(
                [charts.Bar(r.name, r.total_investment, wan(r.total_investment)) for r in bars],
                TYPE_WIDTH,
                "项目总投资（万元）",
            )
            self.figure("各镇（街道）智能化技改项目总投资", drawing)

    def _group_table(self, title: str, first: str, breakdown: summaries.Breakdown) -> None:
        rows: list[list[Any]] = [
            self.head(
                first, "项目", "企业", "竣工|项目", "总投资", "设备投资", "核定补助", "投资|占比"
            )
        ]

        def line(r: summaries.GroupRow, share: str) -> list[Any]:
            return [
                self.cell(r.name),
                f"{r.projects:,}",
                f"{r.enterprises:,}",
                f"{r.completed_projects:,}",
                wan(r.total_investment),
                wan(r.equipment_investment),
                wan(r.subsidy),
                share,
            ]

        rows += [line(r, percent(r.share)) for r in breakdown.rows]
        rows.append(line(breakdown.total, _whole(breakdown.total)))
        widths = [94, 38, 38, 38, 70, 70, 56, 38]
        self.table(title, "个、家、万元", rows, widths, total_row=True)

    def clusters(self) -> None:
        clusters = summaries.by_cluster(self.db, self.scope)
        self.heading("分产业集群情况")
        self.intro(f"按企业所属产业集群统计见表{self.tables + 1}、图{self.figures + 1}。")
        self._group_table("各产业集群智能化技改情况", "产业集群", clusters)
        slices = [
            charts.Slice(r.name, r.total_investment, (percent(r.share), wan(r.total_investment)))
            for r in clusters.rows
        ]
        drawing = charts.pie_with_legend(slices, TYPE_WIDTH, 160, ("占比", "总投资（万元）"))
        self.figure("各产业集群项目总投资占比", drawing)

    def categories(self) -> None:
        self.heading("分项目类别情况")
        self.intro(f"按项目类别统计见表{self.tables + 1}。")
        breakdown = summaries.by_category(self.db, self.scope)
        self._group_table("各类别智能化技改项目情况", "项目类别", breakdown)

    def top_projects(self) -> None:
        top = summaries.top_projects(self.db, self.scope, TOP_PROJECTS)
        self.heading(f"投资额前{TOP_PROJECTS}位项目")
        if not top:
            self.body("本范围内暂无项目。")
            return
        self.intro(f"按项目总投资排序（不含已终止项目）见表{self.tables + 1}。")
        rows: list[list[Any]] = [
            self.head("序号", "企业名称", "项目名称", "镇（街道）", "总投资", "状态")
        ]
        for i, p in enumerate(top, 1):
            rows.append(
                [
                    str(i),
                    self.cell(p.enterprise),
                    self.cell(p.name),
                    self.cell(p.town),
                    wan(p.total_investment),
                    para(p.status, self.st["cell_center"]),
                ]
            )
        widths = [26, 132, 132, 56, 60, 36]
        self.table(
            f"投资额前{TOP_PROJECTS}位的智能化技改项目", "万元", rows, widths, numeric_from=4,
            numbered=True,
        )  # fmt: skip

    def providers(self, h: summaries.Headline) -> None:
        items, total = summaries.providers(self.db, self.scope)
        self.heading("智能制造工程服务公司")
        if not items:
            self.body("本范围内暂无服务公司参与的项目。")
            return
        listed = (
            f"，表{self.tables + 1}列带动投资前{TOP_PROVIDERS}位"
            if len(items) > TOP_PROVIDERS
            else f"，见表{self.tables + 1}"
        )
        self.intro(
            f"共有{h.providers:,}家智能制造工程服务公司参与项目服务，"
            f"服务企业{total.enterprises:,}家、项目{total.projects:,}个，"
            f"带动投资{wan_or_yi(total.investment)}{listed}。"
        )
        rows: list[list[Any]] = [
            self.head("序号", "服务公司名称", "服务企业", "参与项目", "带动投资")
        ]
        for i, p in enumerate(items[:TOP_PROVIDERS], 1):
            rows.append(
                [
                    str(i),
                    self.cell(p.name),
                    f"{p.enterprises:,}",
                    f"{p.projects:,}",
                    wan(p.investment),
                ]
            )
        rows.append(
            [
                "",
                self.cell(f"合计（{h.providers:,}家，项目不重复计）"),
                f"{total.enterprises:,}",
                f"{total.projects:,}",
                wan(total.investment),
            ]
        )
        self.table(
            "智能制造工程服务公司服务情况", "家、个、万元", rows, [30, 226, 56, 56, 74],
            numeric_from=2, total_row=True, numbered=True,
        )  # fmt: skip

    def monthly(self) -> None:
        months = summaries.monthly(self.db, self.scope)
        self.heading("月度竣工情况")
        done = [m for m in months if m.completed]
        if not done:
            self.body("本范围内暂无竣工项目。")
            return
        completed = {m.month: m.completed for m in months}
        span = _month_span(done[0].month, done[-1].month)
        one_year = span[0][:4] == span[-1][:4]
        bars = [
            charts.Bar(
                f"{int(m[5:])}月" if one_year else f"{m[:4]}.{int(m[5:])}",
                completed.get(m, 0),
                f"{completed.get(m, 0):,}",
            )
            for m in span
        ]
        self.intro(f"各月竣工项目数（按实际竣工日期）见图{self.figures + 1}。")
        drawing = charts.vertical_bars(bars, TYPE_WIDTH, 170, "竣工项目（个）")
        self.figure("各月竣工项目数", drawing)

    def notes(self) -> None:
        lines = [
            f"说明：1. 数据截至{chinese_date(self.issued_on)}，来源于慈溪市智能化技改项目台账，"
            "项目按计划年度统计。",
            "2. 完成率＝完成技改的企业数÷年度计划企业数；规上覆盖率＝已完成技改的规上企业数÷"
            "规上企业数；投资、补助均不含已终止项目；撬动比＝项目总投资÷核定补助。",
            "3. 金额保留两位小数；1亿元＝10,000万元。",
        ]
        if self.missing:
            lines.append("4. " + describe_missing(sorted(self.missing)).removeprefix("注："))
        self.add(Spacer(1, 8))
        self.add(para(lines[0], self.st["note_first"]))
        for text in lines[1:]:
            self.add(para(text, self.st["note"]))


def _whole(total: summaries.GroupRow) -> str:
    """The total row's share of the investment (100% unless there is none)."""
    return percent(summaries.ratio(total.total_investment, total.total_investment))


# --- rendering ---------------------------------------------------------------------------


def render(story: list[Flowable], title: str, author: str) -> tuple[bytes, int]:
    """Lay the story out on GB/T 9704 pages with page numbers; (PDF bytes, page count)."""
    buffer = io.BytesIO()
    frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, TYPE_WIDTH, TYPE_HEIGHT, 0, 0, 0, 0, id="body")
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        creator=f"cixi-desktop {__version__}",
        subject=title,
        # reportlab's canvas starts every page in Helvetica, which would sit in the file
        # unembedded; starting in the bundled font keeps every font in the file embedded.
        initialFontName=FONT_NAME,
    )
    doc.addPageTemplates(
        [PageTemplate("page", [frame], onPage=lambda c, d: draw_page_number(c, d.page))]
    )
    doc.build(story)
    return buffer.getvalue(), doc.page


def build_briefing(
    db: Database,
    request: BriefingRequest,
    settings: BriefingSettings | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[bytes, BriefingResult]:
    """The briefing as PDF bytes and what it was given (the issue number is not recorded)."""
    # The figures are summed on a second thread while this one sets out the story (and
    # registers the font): on a large ledger they are most of the work.
    period = (request.period.start, request.period.end) if request.period is not None else None
    summaries.prepare(db, request.scope, period=period, top=TOP_PROJECTS)
    register_fonts()
    settings = settings or load_settings(db)
    issued_on = request.issued_on or date.today()
    issue = request.issue if request.issue is not None else next_issue(db, issued_on.year)
    builder = _Builder(db, request, issued_on)
    story = builder.build(issue, settings)
    if cancelled is not None and cancelled():
        raise Cancelled
    data, pages = render(story, f"智能化技改工作简报 第{issue}期", settings.unit)
    return data, BriefingResult(issue, issued_on.year, pages, tuple(sorted(builder.missing)))


def write_briefing(
    db: Database, request: BriefingRequest, target: Path, settings: BriefingSettings | None = None
) -> BriefingResult:
    """Build the briefing, write it atomically to ``target`` and record its issue number."""
    data, result = build_briefing(db, request, settings)
    write_atomically(Path(target), data)
    record_issue(db, result.issue_year, result.issue)
    return result
