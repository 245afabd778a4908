"""``Scope``: which projects a figure or the ledger covers (the one filter type).

Plain data, no SQLAlchemy: the window's filter bar and ledger model hold scopes before the
database layer is loaded. What a scope selects in SQL is ``summaries._project_filter``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Which projects a figure covers. Years select projects by plan year."""

    year_from: int | None = None
    year_to: int | None = None
    town_code: str | None = None
    status: str | None = None
    category_code: str | None = None
    cluster_code: str | None = None
    keyword: str = ""
    provider_id: uuid.UUID | None = None
    above_scale_only: bool = False

    @property
    def last_year(self) -> int | None:
        return self.year_to if self.year_to is not None else self.year_from

    def years(self) -> tuple[int, int] | None:
        if self.year_from is None:
            return None
        return self.year_from, self.year_to if self.year_to is not None else self.year_from

    def describe(self) -> str:
        if self.year_from is None:
            years = "全部年度"
        elif self.year_from == self.year_to:
            years = f"{self.year_from} 年"
        else:
            years = f"{self.year_from}–{self.year_to} 年"
        return years


EVERYTHING = Scope()
"""The default scope: every live project."""
