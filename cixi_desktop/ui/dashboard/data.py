"""What the dashboard shows, read from store.summaries in one go (on a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Breakdown, Headline, MonthRow, Scope


@dataclass(frozen=True)
class DashboardData:
    scope: Scope
    headline: Headline
    towns: Breakdown
    coverage: Breakdown
    clusters: Breakdown
    months: tuple[MonthRow, ...]
    fiscal: dict[str, Decimal | None]


def load_dashboard(db: Database, scope: Scope) -> DashboardData:
    return DashboardData(
        scope=scope,
        headline=summaries.headline(db, scope),
        towns=summaries.by_town(db, scope),
        coverage=summaries.coverage_by_town(db, scope),
        clusters=summaries.by_cluster(db, scope),
        months=summaries.monthly(db, scope),
        fiscal=summaries.fiscal(db, scope),
    )
