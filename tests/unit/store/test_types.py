"""Money on the database: exact to the last 0.01 万元, never through float, never rounded."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    Table,
    create_engine,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.exc import StatementError

from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.models import Project
from cixi_desktop.store.services import enterprises, projects
from cixi_desktop.store.types import FixedDecimal, Money, from_scaled, sum_scaled

BIG = Decimal("12345678901234567.89")
# BIGINT holds ±9,223,372,036,854,775,807 hundredths.
LIMIT = Decimal("92233720368547758.07")

metadata = MetaData()
amounts = Table(
    "amounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("amount", Money),
    Column("pct", FixedDecimal(2)),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("types") / "amounts.sqlite3"
    eng = create_engine(f"sqlite:///{path}")
    metadata.create_all(eng)
    yield eng
    eng.dispose()


def _round_trip(engine: Engine, value: Decimal | None) -> tuple[object, object]:
    with engine.begin() as conn:
        conn.execute(delete(amounts))
        conn.execute(insert(amounts).values(id=1, amount=value))
        back = conn.execute(select(amounts.c.amount)).scalar_one()
        raw = conn.execute(text("SELECT amount, typeof(amount) FROM amounts")).one()
    return back, raw


def test_big_amount_round_trips_exactly_as_an_integer_of_hundredths(engine: Engine) -> None:
    back, raw = _round_trip(engine, BIG)
    assert back == BIG
    assert str(back) == "12345678901234567.89"
    assert raw == (1234567890123456789, "integer")


def test_limits_and_none_round_trip(engine: Engine) -> None:
    for value in (LIMIT, -LIMIT, Decimal("0.01"), Decimal("0"), Decimal("-0.01")):
        assert _round_trip(engine, value)[0] == value
    assert _round_trip(engine, None)[0] is None


def test_values_come_back_with_two_places(engine: Engine) -> None:
    back, _ = _round_trip(engine, Decimal("7"))
    assert str(back) == "7.00"
    back, _ = _round_trip(engine, Decimal("7.5"))
    assert str(back) == "7.50"


@pytest.mark.parametrize("value", [1.5, 0.1, 12345678901234567.89])
def test_float_is_refused(engine: Engine, value: float) -> None:
    with pytest.raises(StatementError) as info, engine.begin() as conn:
        conn.execute(insert(amounts).values(id=2, amount=value))
    assert isinstance(info.value.orig, TypeError)


@pytest.mark.parametrize("value", ["1.005", "12345678901234567.891", "0.001", "-0.009"])
def test_more_than_two_places_is_refused_not_rounded(engine: Engine, value: str) -> None:
    with pytest.raises(StatementError) as info, engine.begin() as conn:
        conn.execute(insert(amounts).values(id=3, amount=Decimal(value)))
    assert isinstance(info.value.orig, ValueError)
    with engine.connect() as conn:
        assert conn.execute(select(amounts).where(amounts.c.id == 3)).first() is None


def test_trailing_zeros_beyond_two_places_are_fine(engine: Engine) -> None:
    assert _round_trip(engine, Decimal("1.2300000"))[0] == Decimal("1.23")


@given(st.decimals(min_value=-LIMIT, max_value=LIMIT, places=2, allow_nan=False))
def test_every_two_place_decimal_round_trips(engine: Engine, value: Decimal) -> None:
    back, raw = _round_trip(engine, value)
    assert back == value
    assert raw[0] == int(value * 100)


@given(
    st.lists(
        st.decimals(min_value=0, max_value=Decimal("10") ** 15, places=2, allow_nan=False),
        max_size=20,
    )
)
def test_sums_in_sql_are_exact(engine: Engine, values: list[Decimal]) -> None:
    with engine.begin() as conn:
        conn.execute(delete(amounts))
        if values:
            conn.execute(insert(amounts), [{"id": i, "amount": v} for i, v in enumerate(values, 1)])
        total = conn.execute(select(sum_scaled(amounts.c.amount))).scalar_one()
    assert isinstance(total, int)
    assert from_scaled(total) == sum(values, Decimal(0))


def test_from_scaled() -> None:
    assert str(from_scaled(None)) == "0.00"
    assert str(from_scaled(0)) == "0.00"
    assert from_scaled(1234567890123456789) == BIG
    assert from_scaled(-5) == Decimal("-0.05")
    assert from_scaled(1234, places=3) == Decimal("1.234")


def test_project_amounts_round_trip_through_the_model(db: Database, tmp_path: Path) -> None:
    ent = enterprises.create_enterprise(
        db, {"name": "大额企业", "town_code": "周巷镇", "cluster_code": "其他"}
    )
    row = projects.create_project(
        db,
        ent.id,
        {
            "name": "大额项目",
            "plan_year": 2018,
            "category_code": "其他",
            "total_investment": BIG,
            "equipment_investment": "12345678901234567.88",
        },
    )
    # A second connection reads what the first wrote, not a cached object.
    other = open_database(db.url.render_as_string(hide_password=False), user="另一人")
    try:
        with other.read() as s:
            back = s.get_one(Project, row.id)
            assert back.total_investment == BIG
            assert back.equipment_investment == Decimal("12345678901234567.88")
            assert str(back.total_investment) == "12345678901234567.89"
    finally:
        other.close()
