"""Column types that keep figures exact on every backend.

SQLAlchemy's ``Numeric`` on SQLite goes through float and rounds silently, so
money is stored as an integer count of hundredths (分 of a 万元 amount is 0.01
万元 = 100 元) in a BIGINT. Integers sum exactly in SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, func, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class FixedDecimal(TypeDecorator[Decimal]):
    """A Decimal with a fixed number of places, stored as a scaled integer.

    Binding a value with more places than the column holds raises instead of
    rounding: bending a figure is the caller's decision, never the database's.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        self._quantum = Decimal(1).scaleb(-places)

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("FixedDecimal refuses float; pass a Decimal")
        scaled = Decimal(value).scaleb(self.places)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return from_scaled(int(value), self.places)


def from_scaled(value: int | None, places: int = 2) -> Decimal:
    """Turn an integer read from SQL (e.g. a SUM over a FixedDecimal column) back into Decimal."""
    return Decimal(int(value or 0)).scaleb(-places)


Money = FixedDecimal(2)
"""Amounts in 万元 with two places."""


def sum_scaled(column: Any) -> ColumnElement[int]:
    """SUM over a FixedDecimal column (or expression) as the raw scaled integer, 0 when empty.

    Pair with :func:`from_scaled`. Coercing to BIGINT keeps the type decorator
    from converting the sum, so the arithmetic stays in integers end to end.
    """
    return func.coalesce(func.sum(type_coerce(column, BigInteger)), 0)
