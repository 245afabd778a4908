"""Every summaries figure for many scopes, as one JSON document: run it before and after a
change to the summaries SQL and compare the files (they must be identical).

    python bench/figures_snapshot.py --db /tmp/demo.db > after.json
    python bench/figures_snapshot.py --db /tmp/demo.db --summaries old_summaries.py > before.json
    cmp before.json after.json

``--summaries`` reads the figures with another copy of ``store/summaries.py`` (e.g. the
one from ``git show HEAD:cixi_desktop/store/summaries.py``) against the same database.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import sys
import uuid
from datetime import date
from decimal import Decimal
from types import ModuleType
from typing import Any

from sqlalchemy import select

from cixi_desktop.store import summaries
from cixi_desktop.store.database import open_database
from cixi_desktop.store.models import Category, Cluster, Enterprise, ServiceProvider, Town
from cixi_desktop.store.summaries import Scope


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal | date):
        return f"{type(value).__name__}:{value}"
    return value


def scopes(db: Any, s: ModuleType) -> dict[str, Scope]:
    with db.read() as session:
        town = session.scalar(
            select(Enterprise.town_code).order_by(Enterprise.name, Enterprise.town_code).limit(1)
        )
        cluster = session.scalar(select(Cluster.code).order_by(Cluster.sort).limit(1))
        category = session.scalar(select(Category.code).order_by(Category.sort).limit(1))
        provider = session.scalar(select(ServiceProvider.id).order_by(ServiceProvider.name))
        name = session.scalar(select(Enterprise.name).order_by(Enterprise.name).limit(1)) or ""
        towns = session.scalars(select(Town.code).order_by(Town.code)).all()
    years = s.years_present(db)  # the module under test
    mid = years[len(years) // 2] if years else 2018
    out = {
        "all": Scope(),
        "year": Scope(year_from=mid, year_to=mid),
        "from_year": Scope(year_from=mid),
        "to_year": Scope(year_to=mid),
        "years": Scope(year_from=years[0] if years else None, year_to=mid),
        "town": Scope(town_code=town),
        "year_town": Scope(year_from=mid, year_to=mid, town_code=town),
        "empty_town": Scope(town_code=next((t for t in towns if t != town), None)),
        "cluster": Scope(year_from=mid, year_to=mid, cluster_code=cluster),
        "category": Scope(category_code=category),
        "status": Scope(status="竣工"),
        "status_year": Scope(year_from=mid, year_to=mid, status="已拨付"),
        "above_scale": Scope(above_scale_only=True),
        "above_scale_year": Scope(year_from=mid, year_to=mid, above_scale_only=True),
        "provider": Scope(provider_id=provider),
        "provider_year": Scope(year_from=mid, year_to=mid, provider_id=provider),
        "kw_short": Scope(keyword="智能"),
        "kw_one": Scope(keyword="机"),
        "kw_long": Scope(keyword=name[2:6]),
        "kw_name": Scope(keyword=name),
        "kw_code": Scope(keyword="-0001"),
        "kw_fullwidth": Scope(keyword="－００１"),
        "kw_wild": Scope(keyword="%_"),
        "kw_none": Scope(keyword="不存在的词语"),
        "kw_year": Scope(year_from=mid, year_to=mid, keyword="改造"),
        "kw_town": Scope(town_code=town, keyword="电器"),
        "kw_provider": Scope(provider_id=provider, keyword="有限公司"),
        "everything": Scope(
            year_from=mid,
            year_to=mid,
            town_code=town,
            above_scale_only=True,
            keyword="有限公司",
        ),
        "everything_narrow": Scope(
            year_from=mid,
            year_to=mid,
            cluster_code=cluster,
            category_code=category,
            status="已拨付",
            keyword="公司",
        ),
    }
    return out


def load_summaries(path: str | None) -> ModuleType:
    if path is None:
        return summaries
    spec = importlib.util.spec_from_file_location("summaries_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def snapshot(db: Any, s: ModuleType) -> dict[str, Any]:
    out: dict[str, Any] = {"years_present": s.years_present(db)}
    period = (date(2018, 4, 1), date(2018, 9, 30))
    for label, plain in scopes(db, s).items():
        scope = s.Scope(**dataclasses.asdict(plain))
        out[label] = {
            "scope": _plain(scope),
            "headline": _plain(s.headline(db, scope)),
            "by_town": _plain(s.by_town(db, scope)),
            "by_cluster": _plain(s.by_cluster(db, scope)),
            "by_category": _plain(s.by_category(db, scope)),
            "investment_bands": _plain(s.investment_bands(db, scope)),
            "coverage_by_town": _plain(s.coverage_by_town(db, scope)),
            "providers": _plain(s.providers(db, scope)),
            "monthly": _plain(s.monthly(db, scope)),
            "monthly_total": _plain(s.monthly_total(db, scope)),
            "fiscal": _plain(s.fiscal(db, scope)),
            "fiscal_by_town": _plain(s.fiscal_by_town(db, scope)),
            "top_projects": _plain(s.top_projects(db, scope, 10)),
            "completed_between": _plain(s.completed_between(db, scope, *period)),
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--summaries", help="another copy of store/summaries.py to read with")
    args = parser.parse_args()
    db = open_database(args.db, user="bench")
    try:
        json.dump(
            snapshot(db, load_summaries(args.summaries)),
            sys.stdout,
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
    finally:
        db.close()
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
