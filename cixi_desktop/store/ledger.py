"""The project ledger (项目明细) as rows: one definition of its columns for the window,
the workbook and the cards, read in SQL and streamed in batches (never a whole table)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import BigInteger, Select, select, type_coerce

from cixi_desktop.store.database import Database
from cixi_desktop.store.models import (
    Category,
    Cluster,
    Enterprise,
    Project,
    ProjectProvider,
    ServiceProvider,
    SubsidyPayment,
    Town,
)
from cixi_desktop.store.summaries import (
    EVERYTHING,
    KeywordPlan,
    Scope,
    _project_filter,  # the one definition of what a scope selects
    use_search_index,
)
from cixi_desktop.store.types import from_scaled, sum_scaled


def paid_subquery() -> Any:
    return (
        select(sum_scaled(SubsidyPayment.amount))
        .where(SubsidyPayment.project_id == Project.id, SubsidyPayment.deleted_at.is_(None))
        .correlate(Project)
        .scalar_subquery()
    )


def ledger_select(
    scope: Scope, *, search: bool = False, keyword_plan: KeywordPlan | None = None
) -> Select[Any]:
    """Project id plus every ledger column except ``providers`` (filled per batch);
    ``search``: a keyword starts from the search index (``summaries.use_search_index``);
    ``keyword_plan``: how a keyword is matched (``summaries.KeywordPlan``; by default through
    the index with ``search``, else through the enterprise row this statement joins anyway)."""
    if keyword_plan is None:
        keyword_plan = "index" if search else "join"
    stmt = select(
        Project.id.label("id"),
        Project.code,
        Enterprise.name.label("enterprise_name"),
        Enterprise.uscc,
        Town.name.label("town"),
        Cluster.name.label("cluster"),
        Enterprise.above_scale,
        Project.name,
        Project.plan_year,
        Category.name.label("category"),
        Project.total_investment,
        Project.equipment_investment,
        Project.planned_start_date,
        Project.planned_completion_date,
        Project.actual_start_date,
        Project.actual_completion_date,
        Project.status,
        Project.acceptance_date,
        Project.acceptance_result,
        Project.approved_subsidy,
        type_coerce(paid_subquery(), BigInteger).label("subsidy_paid"),
        Enterprise.contact,
        Enterprise.phone,
        Project.labour_reduction,
        Project.productivity_gain_pct,
        Project.defect_reduction_pct,
        Project.energy_reduction_pct,
        Project.content,
        Project.notes,
    ).select_from(Project)
    stmt = stmt.join(Enterprise, Enterprise.id == Project.enterprise_id).where(
        *_project_filter(scope, search=search, keyword_plan=keyword_plan)
    )
    return (
        stmt.join(Town, Town.code == Enterprise.town_code)
        .join(Cluster, Cluster.code == Enterprise.cluster_code)
        .join(Category, Category.code == Project.category_code)
    )


def providers_for(db: Database, project_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """ "名称（角色）、…" per project, for a batch of ids."""
    found: dict[uuid.UUID, list[str]] = defaultdict(list)
    if not project_ids:
        return {}
    with db.read() as s:
        rows = s.execute(
            select(ProjectProvider.project_id, ServiceProvider.name, ProjectProvider.role)
            .join(ServiceProvider, ServiceProvider.id == ProjectProvider.provider_id)
            .where(ProjectProvider.project_id.in_(list(project_ids)))
            .order_by(ServiceProvider.name)
        )
        for pid, name, role in rows:
            found[pid].append(f"{name}（{role}）" if role else name)
    return {pid: "、".join(names) for pid, names in found.items()}


def _as_dict(row: Any, providers: dict[uuid.UUID, str]) -> dict[str, Any]:
    data = dict(row._mapping)
    data["subsidy_paid"] = from_scaled(data["subsidy_paid"])
    data["providers"] = providers.get(data["id"], "")
    return data


def iter_ledger(
    db: Database, scope: Scope = EVERYTHING, *, batch: int = 2000
) -> Iterator[dict[str, Any]]:
    """Every project in scope in code order, as dicts keyed by ``COLUMN_KEYS`` (+ ``id``).

    Keyset paging on the unique code keeps memory flat and each query short.
    """
    last_code = ""
    search = use_search_index(db, scope)
    while True:
        stmt = (
            ledger_select(scope, search=search)
            .where(Project.code > last_code)
            .order_by(Project.code)
            .limit(batch)
        )
        with db.read() as s:
            rows = s.execute(stmt).all()
        if not rows:
            return
        providers = providers_for(db, [r.id for r in rows])
        for row in rows:
            yield _as_dict(row, providers)
        last_code = rows[-1].code
