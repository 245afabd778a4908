"""The keyword search index (migration 0004) narrows searches down without changing what
matches; remembered figures are dropped as soon as the data changes."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store import ledger, memo, queries, summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import Project
from cixi_desktop.store.services.enterprises import create_enterprise, update_enterprise
from cixi_desktop.store.services.projects import create_project, update_project
from cixi_desktop.store.summaries import Scope

NAMES = ("慈溪市华达电器有限公司", "宁波ABC智能装备有限公司", '浙江"引号"轴承有限公司')
KEYWORDS = (
    "华达电器",
    "abc智能",  # ASCII letters match whatever their case, as LIKE does
    "改造项目",
    "项目07",
    "cx-2018-00",
    "ＣＸ－２０１８",  # full-width: codes are compared after NFKC
    "0282000000",
    '"引号"',
    "100%改",
    "老字号厂",  # a former name
    "不存在的词",
    "华达",  # two characters: LIKE alone
)


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
            for p in range(4):
                k = e * 4 + p
                create_project(
                    db,
                    firm.id,
                    {
                        "name": "100%改造" if k == 5 else f"改造项目{k:02d}",
                        "plan_year": 2018,
                        "category_code": "机器换人",
                        "total_investment": str(Decimal(100 + k)),
                        "equipment_investment": "50",
                    },
                )
    return db


@pytest.fixture
def sqlite_ledger(ledger_db: Database) -> Database:
    if not ledger_db.is_sqlite:
        pytest.skip("the trigram search index is SQLite's (FTS5); PostgreSQL searches with LIKE")
    return ledger_db


def _results(db: Database, keyword: str) -> tuple[object, ...]:
    scope = Scope(keyword=keyword)
    memo.forget(db)
    return (
        summaries.headline(db, scope),
        summaries.by_category(db, scope),
        list(queries.ordered_ids(db, scope)),
        [row["id"] for row in ledger.iter_ledger(db, scope)],
    )


def _without_index(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(db: Database, scope: Scope, limit: int = 0) -> bool:
        return False

    for module in (summaries, queries, ledger):
        monkeypatch.setattr(module, "use_search_index", never)


def test_the_index_finds_exactly_what_like_finds(
    sqlite_ledger: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger_db = sqlite_ledger
    assert summaries.search_index_ready(ledger_db)
    with_index = {k: _results(ledger_db, k) for k in KEYWORDS}
    used = {k for k in KEYWORDS if summaries.use_search_index(ledger_db, Scope(keyword=k))}
    assert used >= {"华达电器", "abc智能", "cx-2018-00", '"引号"'}
    assert "华达" not in used
    _without_index(monkeypatch)
    for keyword in KEYWORDS:
        assert _results(ledger_db, keyword) == with_index[keyword], keyword
    assert with_index["华达电器"][0].projects == 4  # type: ignore[attr-defined]
    assert with_index["abc智能"][0].projects == 4  # type: ignore[attr-defined]
    assert with_index["老字号厂"][0].projects == 4  # type: ignore[attr-defined]
    assert with_index["100%改"][0].projects == 1  # type: ignore[attr-defined]
    assert with_index["不存在的词"][0].projects == 0  # type: ignore[attr-defined]


def test_renames_are_found_under_the_new_name(ledger_db: Database) -> None:
    project_id = queries.ordered_ids(ledger_db, Scope(keyword="项目07"))[0]
    with ledger_db.read() as s:
        version = s.execute(select(Project.version).where(Project.id == project_id)).scalar_one()
    update_project(ledger_db, project_id, version, {"name": "焊接机器人换人项目"})
    assert summaries.headline(ledger_db, Scope(keyword="项目07")).projects == 0
    assert summaries.headline(ledger_db, Scope(keyword="焊接机器人")).projects == 1

    with ledger_db.read() as s:
        row = s.execute(
            text("SELECT id, version FROM enterprise WHERE name = :n"), {"n": NAMES[0]}
        ).one()
    update_enterprise(ledger_db, uuid.UUID(str(row[0])), row[1], {"name": "慈溪市恒泰电器有限公司"})
    assert summaries.headline(ledger_db, Scope(keyword="恒泰电器")).projects == 4
    # The old name became a former name: still found, by LIKE over former names.
    assert summaries.headline(ledger_db, Scope(keyword="华达电器")).projects == 4
    if ledger_db.is_sqlite:
        with ledger_db.read() as s:
            rows = s.execute(text("SELECT name FROM search_enterprise")).scalars().all()
        assert "慈溪市恒泰电器有限公司" in rows and NAMES[0] not in rows


def test_without_its_triggers_the_index_is_not_used(sqlite_ledger: Database) -> None:
    ledger_db = sqlite_ledger
    expected = summaries.headline(ledger_db, Scope(keyword="华达电器"))
    with ledger_db.write() as s:
        s.execute(text("DROP TRIGGER search_project_insert"))
    summaries._search_ready.clear()
    assert not summaries.search_index_ready(ledger_db)
    memo.forget(ledger_db)
    assert summaries.headline(ledger_db, Scope(keyword="华达电器")) == expected


def test_remembered_figures_follow_every_write(ledger_db: Database) -> None:
    scope = Scope(year_from=2018, year_to=2018)
    before = summaries.headline(ledger_db, scope)
    assert summaries.headline(ledger_db, scope) == before  # remembered
    with ledger_db.read() as s:
        enterprise_id = s.execute(text("SELECT enterprise_id FROM project LIMIT 1")).scalar_one()
    create_project(
        ledger_db,
        uuid.UUID(str(enterprise_id)),
        {
            "name": "新增项目",
            "plan_year": 2018,
            "category_code": "机器换人",
            "total_investment": "1000",
            "equipment_investment": "10",
        },
    )
    after = summaries.headline(ledger_db, scope)
    assert after.projects == before.projects + 1
    assert after.total_investment == before.total_investment + Decimal(1000)
    assert summaries.by_town(ledger_db, scope).total.projects == after.projects


def test_years_are_found_by_seeking(ledger_db: Database) -> None:
    assert summaries.years_present(ledger_db) == [2018]
    assert queries.reference_choices(ledger_db).years == (2018,)
