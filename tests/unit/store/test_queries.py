"""The ledger's read queries: ordered ids, pages, counts that agree with the summaries."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal

import pytest

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store import queries, summaries
from cixi_desktop.store.columns import COLUMN_KEYS
from cixi_desktop.store.database import Database
from cixi_desktop.store.queries import Cancelled, IdList
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.projects import create_project
from cixi_desktop.store.services.providers import create_provider
from cixi_desktop.store.summaries import Scope

TOWNS = ("周巷镇", "龙山镇", "宗汉街道")
STATUSES = (("计划", {}), ("在建", {"actual_start_date": "2018-05-01"}))


@pytest.fixture
def ledger(db: Database) -> Database:
    provider = create_provider(db, {"name": "宁波智造服务有限公司"})
    with db.batch():
        for e in range(6):
            enterprise = create_enterprise(
                db,
                {
                    "name": f"慈溪{'甲乙丙丁戊己'[e]}电器有限公司",
                    "uscc": make_uscc(f"91330282{e:09d}"),
                    "town_code": TOWNS[e % 3],
                    "cluster_code": "智能家电" if e % 2 else "新材料",
                    "above_scale": e % 2 == 0,
                    "above_scale_year": 2016 if e % 2 == 0 else None,
                },
                former_names=["慈溪老厂"] if e == 4 else [],
            )
            for p in range(4):
                k = e * 4 + p
                status, facts = STATUSES[k % 2]
                create_project(
                    db,
                    enterprise.id,
                    {
                        "name": f"改造项目{k:02d}",
                        "plan_year": 2017 + k % 3,
                        "category_code": "机器换人" if k % 3 else "智能工厂",
                        "total_investment": str(Decimal(100 + (k * 37) % 50)),
                        "equipment_investment": "50",
                        "status": status,
                        "approved_subsidy": "10" if k % 4 == 0 else None,
                        **facts,
                    },
                    providers=[(provider.id, "总包")] if k % 5 == 0 else [],
                )
    return db


SCOPES = (
    Scope(),
    Scope(town_code="330282121"),
    Scope(year_from=2018, year_to=2019, status="在建"),
    Scope(keyword="老厂"),
    Scope(keyword="cx-2018"),
    Scope(above_scale_only=True, cluster_code="materials"),
    Scope(category_code="smart_factory"),
)


def test_counts_and_ids_agree_with_the_headline(ledger: Database) -> None:
    for scope in SCOPES:
        expected = summaries.headline(ledger, scope).projects
        assert queries.count_projects(ledger, scope) == expected, scope
        assert len(queries.ordered_ids(ledger, scope)) == expected, scope


def test_provider_scope_counts_too(ledger: Database) -> None:
    provider_id = queries.reference_choices(ledger).providers[0][0]
    scope = Scope(provider_id=provider_id)
    assert queries.count_projects(ledger, scope) == summaries.headline(ledger, scope).projects == 5


def test_every_column_sorts_the_same_by_ids_and_by_pages(ledger: Database) -> None:
    for key in COLUMN_KEYS:
        for descending in (False, True):
            ids = queries.ordered_ids(ledger, Scope(), key, descending)
            whole = queries.project_page(ledger, Scope(), key, descending, 0, 100)
            assert [r["id"] for r in whole] == ids.slice(0, len(ids)), key
            # A page read from the far end (mirrored order) lines up with the whole.
            tail = queries.project_page(ledger, Scope(), key, descending, 17, 5, total=len(ids))
            assert [r["id"] for r in tail] == ids.slice(17, 22), key


def test_sorted_values_are_in_order_with_empty_values_last(ledger: Database) -> None:
    rows = queries.project_page(ledger, Scope(), "approved_subsidy", True, 0, 100)
    values = [r["approved_subsidy"] for r in rows]
    filled = [v for v in values if v is not None]
    assert values == filled + [None] * (len(values) - len(filled))
    rows = queries.project_page(ledger, Scope(), "town", False, 0, 100)
    towns = [r["town"] for r in rows]
    assert towns.index("宗汉街道") < towns.index("周巷镇") < towns.index("龙山镇"), "official order"


def test_rows_carry_every_ledger_column(ledger: Database) -> None:
    row = queries.project_page(ledger, Scope(), "code", False, 0, 1)[0]
    assert set(COLUMN_KEYS) | {"id"} == set(row)
    assert isinstance(row["total_investment"], Decimal)
    assert row["providers"] == "宁波智造服务有限公司（总包）"


def test_id_list_packs_finds_and_slices() -> None:
    ids = [uuid.uuid4() for _ in range(5)]
    packed = IdList(b"".join(i.bytes for i in ids[:3]))
    packed.extend(b"".join(i.bytes for i in ids[3:]))
    assert len(packed) == 5
    assert packed[4] == ids[4]
    assert packed.slice(3, 99) == ids[3:]
    assert packed.index(ids[2]) == 2
    assert packed.index(uuid.uuid4()) is None
    with pytest.raises(IndexError):
        packed[5]


def test_ids_arrive_in_chunks_the_first_one_small(ledger: Database) -> None:
    chunks = list(queries.iter_ordered_ids(ledger, Scope(), first=3, chunk=10))
    assert [len(c) // queries.ID_BYTES for c in chunks] == [3, 10, 10, 1]


def test_a_superseded_query_stops(ledger: Database) -> None:
    with pytest.raises(Cancelled):
        queries.ordered_ids(ledger, Scope(), cancelled=lambda: True)
    stop = threading.Event()
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return stop.is_set()

    assert len(queries.ordered_ids(ledger, Scope(), cancelled=cancelled)) == 24
    assert calls >= 1


def test_reference_choices_for_the_pickers(ledger: Database) -> None:
    choices = queries.reference_choices(ledger)
    assert choices.towns[0] == ("330282002", "宗汉街道")
    assert [name for name, _ in choices.statuses][:3] == ["计划", "在建", "竣工"]
    assert choices.years == (2017, 2018, 2019)
    assert [name for _, name in choices.providers] == ["宁波智造服务有限公司"]
    assert queries.status_colors(ledger)["在建"].startswith("#")


def test_interrupted_stops_a_long_statement_and_then_lets_reads_run(db: Database) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    if not db.is_sqlite:
        pytest.skip("statement interrupts are a SQLite progress handler")
    queries.enable_interrupt(db)
    long_count = text(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)"
        " SELECT count(*) FROM c"
    )
    started, outcome = threading.Event(), []

    def run() -> None:
        with db.read() as session:
            started.set()
            try:
                session.execute(long_count).scalar()
                outcome.append("finished")
            except OperationalError as exc:
                outcome.append(str(exc.orig))

    worker = threading.Thread(target=run)
    worker.start()
    assert started.wait(5)
    threading.Event().wait(0.1)
    with queries.interrupted(db):
        worker.join(10)
    assert not worker.is_alive()
    assert outcome and "interrupted" in outcome[0]
    assert queries.count_projects(db, Scope()) == 0, "reads work again afterwards"
