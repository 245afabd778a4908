"""Every way of matching a keyword (summaries.KeywordPlan) selects the same projects, and the
window's read (first page first, then every id) gives what the plain id query gives."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store import memo, queries, summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.ledger import ledger_select
from cixi_desktop.store.models import Project
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.projects import create_project
from cixi_desktop.store.summaries import Scope

NAMES = ("慈溪市华达电器有限公司", "宁波ABC智能装备有限公司", "慈溪宏达轴承厂")
KEYWORDS = (
    "华达",  # two characters: never the index
    "华达电器",  # an enterprise name
    "abc智能",  # ASCII in any case
    "改造项目",  # every project's name
    "项目07",
    "cx-2018-00",  # a code, as typed
    "ＣＸ－２０１８",  # full-width
    "0282000000",  # a USCC fragment
    "100%改",  # LIKE's wildcards are plain text here
    "老字号",  # a former name (three characters: through the index's former-name arm)
    "不存在的词",
)
SORTS = (("code", False), ("total_investment", True), ("enterprise_name", False))


@pytest.fixture
def ledger_db(db: Database) -> Database:
    with db.batch():
        for e, name in enumerate(NAMES):
            firm = create_enterprise(
                db,
                {
                    "name": name,
                    "uscc": make_uscc(f"91330282{e:09d}"),
                    "town_code": "周巷镇",
                    "cluster_code": "智能家电",
                },
                former_names=["慈溪老字号厂"] if e == 1 else [],
            )
            for p in range(5):
                k = e * 5 + p
                create_project(
                    db,
                    firm.id,
                    {
                        "name": "100%改造" if k == 6 else f"改造项目{k:02d}",
                        "plan_year": 2018 + k % 2,
                        "category_code": "机器换人",
                        "total_investment": str(Decimal(100 + (k * 37) % 11)),
                        "equipment_investment": "50",
                    },
                )
    return db


def _plans(db: Database) -> tuple[summaries.KeywordPlan, ...]:
    # The index plans need the trigram tables (SQLite); the unary + is SQLite's, too.
    return ("sets", "join", "index", "index_walk") if db.is_sqlite else ("sets", "join")


def _ids(db: Database, scope: Scope, plan: summaries.KeywordPlan, key: str, desc: bool) -> list:
    stmt = queries._first_page(scope, key, desc, plan).with_only_columns(Project.id)
    with db.read() as s:
        return list(s.scalars(stmt))


def test_every_plan_selects_the_same_projects_in_the_same_order(ledger_db: Database) -> None:
    for keyword, (key, desc) in itertools.product(KEYWORDS, SORTS):
        scope = Scope(keyword=keyword, year_from=2018, year_to=2019)
        expected = list(queries.ordered_ids(ledger_db, scope, key, desc))
        for plan in _plans(ledger_db):
            assert _ids(ledger_db, scope, plan, key, desc) == expected, (keyword, plan, key)
    found = {k: len(queries.ordered_ids(ledger_db, Scope(keyword=k))) for k in KEYWORDS}
    assert found["华达电器"] == found["华达"] == 5
    assert found["老字号"] == 5
    assert found["abc智能"] == (5 if ledger_db.is_sqlite else 0)  # PostgreSQL's LIKE minds case
    assert found["改造项目"] == 14 and found["100%改"] == 1 and found["不存在的词"] == 0


def test_figures_do_not_depend_on_the_plan(ledger_db: Database) -> None:
    for keyword in KEYWORDS:
        scope = Scope(keyword=keyword)
        memo.forget(ledger_db)
        with_sets = summaries.by_town(ledger_db, scope).total
        with ledger_db.read() as s:
            joined = len(s.execute(ledger_select(scope, keyword_plan="join")).all())
        assert with_sets.projects == joined, keyword


@pytest.mark.parametrize("page", [1, 3, 200])
def test_the_first_page_comes_first_then_every_id(ledger_db: Database, page: int) -> None:
    for keyword, (key, desc) in itertools.product(("", *KEYWORDS), SORTS):
        scope = Scope(keyword=keyword)
        expected = queries.ordered_ids(ledger_db, scope, key, desc)
        parts = list(queries.iter_ledger_order(ledger_db, scope, key, desc, page=page))
        first, rest = parts[0], parts[1:]
        assert first.restart and not any(p.restart for p in rest)
        ids = queries.IdList(b"".join(p.ids for p in parts))
        assert ids.slice(0, len(ids)) == expected.slice(0, len(expected)), (keyword, key)
        shown = expected.slice(0, page)
        assert [r["id"] for r in first.rows] == shown
        assert first.rows == queries.rows_for_ids(ledger_db, shown)
        assert all(p.rows == [] for p in rest)


def test_reading_only_the_ids(ledger_db: Database) -> None:
    scope = Scope(keyword="改造")
    parts = list(queries.iter_ledger_order(ledger_db, scope, page=0, chunk=4))
    assert [len(p.ids) // queries.ID_BYTES for p in parts] == [4, 4, 4, 3]
    assert all(p.rows == [] and not p.restart for p in parts)
    ids = queries.IdList(b"".join(p.ids for p in parts))
    assert ids.slice(0, 15) == queries.ordered_ids(ledger_db, scope).slice(0, 15)


def test_a_first_try_that_runs_out_of_time_gives_way(
    ledger_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not ledger_db.is_sqlite:
        pytest.skip("a statement is stopped by SQLite's progress handler; elsewhere: no try")
    tried: list[str | None] = []
    run = queries._run_first_page

    def spent_at_once(db, scope, key, desc, plan, cancelled, page):  # type: ignore[no-untyped-def]
        tried.append(plan)
        if plan == "join":
            cancelled.spent = True  # as the progress handler finds it, and stops the walk
            raise queries.Cancelled
        return run(db, scope, key, desc, plan, cancelled, page)

    monkeypatch.setattr(queries, "_run_first_page", spent_at_once)
    rows = queries._first_rows(ledger_db, Scope(keyword="华达"), "code", False, None, 200)
    assert tried == ["join", "sets"] and len(rows) == 5


def test_a_change_between_the_first_page_and_the_rest_starts_the_list_again(
    ledger_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    scope = Scope(keyword="改造")
    expected = queries.ordered_ids(ledger_db, scope)
    stream = queries._stream_ids

    def one_row_gone(*args, **kwargs):  # type: ignore[no-untyped-def]
        # The read after the first page sees the list without its first row (deleted).
        packed = b"".join(stream(*args[:-2], 0, 50_000))
        yield packed[queries.ID_BYTES :]

    monkeypatch.setattr(queries, "_stream_ids", one_row_gone)
    parts = list(queries.iter_ledger_order(ledger_db, scope, page=3))
    assert [p.restart for p in parts] == [True, True]
    after = expected.slice(1, len(expected))
    assert queries.IdList(parts[1].ids).slice(0, len(after)) == after
    assert [r["id"] for r in parts[1].rows] == after[:3]
