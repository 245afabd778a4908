"""项目档案卡: one page per project, every field, history and payments, hostile text safe."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from cixi_desktop.reports.numbers import wan
from cixi_desktop.reports.pdf.cards import LONGEST_TEXT, build_cards, write_cards
from cixi_desktop.store.cards import project_cards, project_ids_for_codes, project_ids_in_scope
from cixi_desktop.store.database import Database
from cixi_desktop.store.ledger import iter_ledger
from cixi_desktop.store.services.projects import update_project
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


@pytest.fixture
def ledger(db: Database) -> Database:
    S.load_sample(db)
    return db


def test_one_page_per_project_in_code_order(ledger: Database, tmp_path: Path) -> None:
    scope = Scope(year_from=2018, year_to=2018)
    ids = project_ids_in_scope(ledger, scope)
    rows = {r["code"]: r for r in iter_ledger(ledger, scope)}
    out = tmp_path / "cards.pdf"
    assert write_cards(ledger, ids, out) == len(ids) == len(rows) == 9
    assert S.pdf_pages(out) == len(ids)
    for page, code in enumerate(sorted(rows), 1):
        text = S.flat(S.pdf_text(out, page=page))
        row = rows[code]
        assert f"项目编号：{code}" in text
        assert f"第{page}页" in text
        assert f"项目总投资（万元）{row['total_investment']:,.2f}" in text
        assert f"已拨付（万元）{row['subsidy_paid']:,.2f}" in text


def test_history_payments_and_providers_are_on_the_card(ledger: Database, tmp_path: Path) -> None:
    ids, missing = project_ids_for_codes(ledger, ["cx-2018-0001"])
    assert missing == []
    card = project_cards(ledger, ids)[0]
    out = tmp_path / "one.pdf"
    write_cards(ledger, ids, out)
    text = S.flat(S.pdf_text(out))
    assert "宁波智造工程服务有限公司（总包）" in text
    assert "慈溪市自动化科技有限公司（软件实施）" in text
    layout = S.pdf_text(out, layout=True)
    assert "状态变更记录" in text
    # from —, to 已拨付, by 测试员, no document number, reason 新建
    assert re.search(r"—\s+已拨付\s+测试员\s+—\s+新建", layout)
    assert re.search(r"2018-12-25\s+30\.00\s+慈经信〔2018〕88号", layout)
    assert re.search(r"2019-03-01\s+34\.01\s+慈经信〔2019〕12号", layout)
    assert card.project["subsidy_paid"] == Decimal("64.01")
    assert re.search(rf"合计\s+{re.escape(wan(card.project['subsidy_paid']))}", layout)
    assert "备注：含&和<b>字样" in text  # the note, markup printed literally


def test_hostile_and_very_long_text_stays_on_one_visible_page(
    ledger: Database, tmp_path: Path
) -> None:
    ids, _ = project_ids_for_codes(ledger, ["CX-2018-0008"])
    card = project_cards(ledger, ids)[0]
    update_project(ledger, ids[0], 1, {"content": "长" * 40_000, "notes": "备" * 5_000})
    data, pages, missing = build_cards(ledger, ids)
    out = tmp_path / "hostile.pdf"
    out.write_bytes(data)
    assert pages == 1 == S.pdf_pages(out)
    text = S.flat(S.pdf_text(out))
    assert S.flat("<b>粗体</b> & □野家 <i>电器</i> 有限公司") in text
    assert S.flat("□智能工厂 <script>&amp; 项目") in text
    assert f"以下{40_000 - LONGEST_TEXT:,}字从略" in text
    assert "U+1F600" in text and "U+20BB7" in text
    assert set(missing) == {"😀", "𠮷"}
    assert card.enterprise["name"] == S.HOSTILE_ENTERPRISE
    for row in S.pdf_fonts(out):
        assert row[-5] == "yes", row


@pytest.mark.slow
def test_cli_cards(
    ledger: Database, db_path: Path, db_url: str, run_cli: Callable[..., CompletedProcess[str]]
) -> None:
    ledger.close()
    out = db_path.parent / "c.pdf"
    done = run_cli("--db", db_url, "card", str(out), "--project", "CX-2018-0002", "CX-2017-0001")
    assert done.returncode == 0, done.stderr
    assert S.pdf_pages(out) == 2
    assert "CX-2017-0001" in S.pdf_text(out, page=2)
    done = run_cli("--db", db_url, "card", str(out), "--year", "2017", "--town", "宗汉街道")
    assert done.returncode == 0 and S.pdf_pages(out) == 1
    bad = run_cli("--db", db_url, "card", str(out), "--project", "CX-2030-0001")
    assert bad.returncode == 2 and "CX-2030-0001" in bad.stderr
    both = run_cli("--db", db_url, "card", str(out), "--project", "X", "--year", "2018")
    assert both.returncode == 2 and "Traceback" not in both.stderr
