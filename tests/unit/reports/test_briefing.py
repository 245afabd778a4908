"""The 工作简报: its figures equal the summaries to the cent, it is a clean PDF (every font
embedded, page numbers), hostile names cannot break it, issue numbers count per year."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from cixi_desktop.reports.numbers import format_figure, percent, wan, wan_or_yi
from cixi_desktop.reports.pdf.briefing import BriefingRequest, build_briefing, write_briefing
from cixi_desktop.reports.pdf.briefing_settings import (
    BriefingSettings,
    last_issue,
    load_settings,
    save_settings,
)
from cixi_desktop.reports.pdf.period import parse_period
from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Scope


def _sample():  # type: ignore[no-untyped-def]
    if "pdf_sample" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "pdf_sample", Path(__file__).with_name("pdf_sample.py")
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["pdf_sample"] = module
        spec.loader.exec_module(module)
    return sys.modules["pdf_sample"]


S = _sample()
Y2018 = Scope(year_from=2018, year_to=2018)
ISSUED = date(2019, 1, 31)


@pytest.fixture
def ledger(db: Database) -> Database:
    S.load_sample(db)
    return db


@pytest.fixture
def briefing_pdf(ledger: Database, tmp_path: Path) -> Path:
    out = tmp_path / "简报.pdf"
    request = BriefingRequest(Y2018, parse_period("2018Q3"), issued_on=ISSUED)
    write_briefing(ledger, request, out)
    return out


def _row(*cells: str) -> re.Pattern[str]:
    """A table row as pdftotext -layout prints it: the cells in order on one line."""
    return re.compile(r"[ \t]+".join(re.escape(c) for c in cells))


def test_key_figures_equal_the_summaries(ledger: Database, briefing_pdf: Path) -> None:
    h = summaries.headline(ledger, Y2018)
    text = S.flat(S.pdf_text(briefing_pdf))
    p = summaries.completed_between(ledger, Y2018, date(2018, 7, 1), date(2018, 9, 30))
    expected = [
        f"计划实施智能化技改企业{h.planned_enterprises}家",
        f"已完成{h.completed_enterprises}家，完成率{percent(h.completion_rate)}",
        f"共有技改项目{h.projects}个，涉及企业{h.enterprises}家",
        f"已竣工项目{h.completed_projects}个",
        f"项目总投资{wan_or_yi(h.total_investment)}",
        f"其中设备投资{wan_or_yi(h.equipment_investment)}",
        f"核定财政补助{wan_or_yi(h.subsidy)}，已拨付{wan_or_yi(h.subsidy_paid)}",
        f"撬动比为1∶{format_figure('leverage', h.leverage)}",
        f"工程服务公司{h.providers}家",
        f"规上工业企业{h.above_scale_enterprises}家，其中{h.above_scale_covered}家",
        f"覆盖率{percent(h.coverage_rate)}",
        f"竣工项目{p.projects}个，涉及企业{p.enterprises}家，完成投资{wan_or_yi(p.total_investment)}",
    ]
    for phrase in expected:
        assert S.flat(phrase) in text, phrase
    # The sample's figures, as a person checked them: nothing is quietly zero.
    assert h.total_investment == Decimal("49800.38") and p.projects == 3


def test_tables_equal_the_summaries_to_the_cent(ledger: Database, briefing_pdf: Path) -> None:
    text = S.pdf_text(briefing_pdf, layout=True)
    towns = summaries.by_town(ledger, Y2018)
    coverage = {r.key: r for r in summaries.coverage_by_town(ledger, Y2018).rows}
    for r in towns.rows:
        cov = coverage[r.key]
        cells = (r.name, f"{r.planned_enterprises}", f"{r.projects}", f"{r.completed_enterprises}")
        cells += (percent(r.completion_rate), percent(cov.completion_rate))
        cells += (wan(r.total_investment), wan(r.subsidy), percent(r.share))
        assert _row(*cells).search(text), cells
    total = towns.total
    assert _row("合计", str(total.planned_enterprises), str(total.projects)).search(text)
    assert _row(wan(total.total_investment), wan(total.subsidy), "100.0%").search(text)
    for breakdown in (summaries.by_cluster(ledger, Y2018), summaries.by_category(ledger, Y2018)):
        for r in (*breakdown.rows, breakdown.total):
            cells = (f"{r.projects}", f"{r.enterprises}", f"{r.completed_projects}")
            cells += (wan(r.total_investment), wan(r.equipment_investment), wan(r.subsidy))
            assert _row(*cells).search(text), (r.name, cells)
    for p in summaries.top_projects(ledger, Y2018, 10):
        assert _row(wan(p.total_investment), p.status).search(text), p.code
    items, total_p = summaries.providers(ledger, Y2018)
    for p in items:
        assert _row(f"{p.enterprises}", f"{p.projects}", wan(p.investment)).search(text)
    assert _row(f"{total_p.enterprises}", f"{total_p.projects}", wan(total_p.investment)).search(
        text
    )


def test_every_font_is_embedded_and_every_page_numbered(briefing_pdf: Path) -> None:
    fonts = S.pdf_fonts(briefing_pdf)
    assert fonts, "the briefing draws text"
    for row in fonts:
        assert row[-5] == "yes", row  # the emb column
    pages = S.pdf_pages(briefing_pdf)
    assert pages >= 3
    for page in range(1, pages + 1):
        assert f"—{page}—" in S.flat(S.pdf_text(briefing_pdf, page=page))


def test_masthead_and_colophon(ledger: Database, tmp_path: Path) -> None:
    save_settings(
        ledger,
        BriefingSettings(
            unit="慈溪市经信局<测试>",
            report_to="市领导",
            send_to="各部门",
            distribute_to="各镇",
            copies=45,
        ),
    )
    out = tmp_path / "b.pdf"
    write_briefing(ledger, BriefingRequest(Y2018, issue=12, issued_on=date(2018, 10, 8)), out)
    first = S.flat(S.pdf_text(out, page=1))
    assert first.startswith(
        "内部资料注意保存智能化技改工作简报第12期慈溪市经信局<测试>2018年10月8日"
    )
    last = S.flat(S.pdf_text(out, page=S.pdf_pages(out)))
    assert "报：市领导送：各部门发：各镇（共印45份）" in last
    assert load_settings(ledger).copies == 45


def test_hostile_names_render_literally_and_missing_glyphs_are_noted(
    briefing_pdf: Path,
) -> None:
    text = S.flat(S.pdf_text(briefing_pdf))
    # The hostile project is the largest: first in the top-10 table, markup printed as text.
    assert S.flat("<b>粗体</b> & □野家 <i>电器</i> 有限公司") in text
    assert S.flat("□智能工厂 <script>&amp; 项目") in text
    assert "长，。结束" in text  # the 300-character name is whole, to its last characters
    assert "杭州<云>&数字科技" in text
    assert "U+1F600" in text and "U+20BB7" in text


def test_a_town_briefing_covers_that_town(ledger: Database, tmp_path: Path) -> None:
    town = next(r for r in summaries.by_town(ledger).rows if r.name == "周巷镇")
    scope = Scope(year_from=2018, year_to=2018, town_code=town.key)
    data, result = build_briefing(ledger, BriefingRequest(scope, issued_on=ISSUED))
    out = tmp_path / "t.pdf"
    out.write_bytes(data)
    text = S.flat(S.pdf_text(out))
    h = summaries.headline(ledger, scope)
    assert "2018年周巷镇智能化技改工作情况" in text
    assert f"周巷镇计划实施智能化技改企业{h.planned_enterprises}家" in text
    assert S.flat(f"项目总投资{wan_or_yi(h.total_investment)}") in text
    assert result.pages == S.pdf_pages(out)


def test_an_empty_ledger_still_gives_a_briefing(db: Database, tmp_path: Path) -> None:
    data, result = build_briefing(db, BriefingRequest(Y2018, issued_on=ISSUED))
    out = tmp_path / "e.pdf"
    out.write_bytes(data)
    text = S.flat(S.pdf_text(out))
    assert "本范围内暂无项目" in text and "本范围内暂无竣工项目" in text
    assert result.missing == ()


def test_issue_numbers_count_per_year_and_can_be_overridden(
    ledger: Database, tmp_path: Path
) -> None:
    def issue(day: date, number: int | None = None) -> int:
        request = BriefingRequest(Y2018, issue=number, issued_on=day)
        return write_briefing(ledger, request, tmp_path / "x.pdf").issue

    assert issue(date(2019, 1, 5)) == 1
    assert issue(date(2019, 2, 5)) == 2
    assert issue(date(2019, 3, 5), number=7) == 7
    assert issue(date(2019, 4, 5)) == 8
    assert issue(date(2019, 5, 5), number=3) == 3  # a reprint of an old number …
    assert issue(date(2019, 6, 5)) == 9  # … does not send the series back
    assert issue(date(2020, 1, 5)) == 1  # a new year starts again
    assert last_issue(ledger, 2019) == 9
    # Building without writing (the preview) records nothing.
    build_briefing(ledger, BriefingRequest(Y2018, issued_on=date(2019, 7, 1)))
    assert last_issue(ledger, 2019) == 9


@pytest.mark.slow
def test_cli_briefing_matches_summary_json(
    ledger: Database, db_path: Path, db_url: str, run_cli: Callable[..., CompletedProcess[str]]
) -> None:
    ledger.close()
    out = db_path.parent / "cli.pdf"
    done = run_cli("--db", db_url, "briefing", str(out), "--year", "2018", "--period", "2018-09")
    assert done.returncode == 0, done.stderr
    assert "第1期" in done.stdout and "U+1F600" in done.stdout
    figures = json.loads(
        run_cli("--db", db_url, "summary", "--year", "2018", "--json").stdout,
        parse_float=Decimal,
    )
    text = S.flat(S.pdf_text(out))
    assert S.flat(f"项目总投资{wan_or_yi(figures['total_investment'])}") in text
    assert f"完成率{percent(figures['completion_rate'])}" in text
    assert "本期（2018年9月）" in text
    again = run_cli("--db", db_url, "briefing", str(out), "--issue", "5")
    assert again.returncode == 0 and "第5期" in again.stdout
    bad = run_cli("--db", db_url, "briefing", str(out), "--period", "2018Q5")
    assert bad.returncode == 2 and "期间" in bad.stderr and "Traceback" not in bad.stderr
