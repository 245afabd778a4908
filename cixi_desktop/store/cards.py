"""Read queries behind the project cards (项目档案卡): every field of a project and its
enterprise, its service providers, status history and subsidy payments.

Cards are printed for many projects at once, so each function reads a batch of
projects in a fixed number of queries rather than one round of queries per project.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, select, type_coerce

from cixi_desktop.domain.text import normalize_code
from cixi_desktop.store.database import Database
from cixi_desktop.store.ledger import paid_subquery
from cixi_desktop.store.models import (
    Category,
    Cluster,
    Division,
    Enterprise,
    Project,
    ProjectProvider,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
    Town,
)
from cixi_desktop.store.summaries import Scope, scoped_projects
from cixi_desktop.store.types import from_scaled


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    by: str
    from_status: str | None
    to_status: str
    document_no: str
    reason: str


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    amount: Decimal
    document_no: str
    note: str


@dataclass(frozen=True)
class ProjectCard:
    """``project`` and ``enterprise`` hold column values by field name (as in
    domain.fields, plus ``subsidy_paid``, summed in SQL as in the ledger); reference
    codes come with their names in ``names``."""

    id: uuid.UUID
    project: dict[str, Any]
    enterprise: dict[str, Any]
    names: dict[str, str]
    providers: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    history: list[HistoryLine] = field(default_factory=list)
    payments: list[PaymentLine] = field(default_factory=list)


_PROJECT_COLUMNS = (
    "code", "name", "plan_year", "category_code", "content", "total_investment",
    "equipment_investment", "planned_start_date", "planned_completion_date",
    "actual_start_date", "actual_completion_date", "status", "acceptance_date",
    "acceptance_result", "subsidy_computed", "subsidy_rule_code", "approved_subsidy",
    "subsidy_override_reason", "labour_reduction", "productivity_gain_pct",
    "defect_reduction_pct", "energy_reduction_pct", "notes", "updated_at", "updated_by",
)  # fmt: skip
_ENTERPRISE_COLUMNS = (
    "name", "uscc", "town_code", "cluster_code", "division_code", "above_scale",
    "above_scale_year", "contact", "phone", "address",
)  # fmt: skip


def project_ids_for_codes(db: Database, codes: Sequence[str]) -> tuple[list[uuid.UUID], list[str]]:
    """Ids of live projects with these codes (in the order asked) and the codes not found."""
    wanted = [normalize_code(c) for c in codes]
    with db.read() as s:
        found = dict(
            s.execute(
                select(Project.code, Project.id).where(
                    Project.code.in_(wanted), Project.deleted_at.is_(None)
                )
            ).all()
        )
    missing = [c for c, w in zip(codes, wanted, strict=True) if w not in found]
    return [found[w] for w in wanted if w in found], missing


def project_ids_in_scope(db: Database, scope: Scope) -> list[uuid.UUID]:
    """Ids of the projects in scope, in project-code order."""
    stmt = scoped_projects(select(Project.id).select_from(Project), scope).order_by(Project.code)
    with db.read() as s:
        return list(s.scalars(stmt))


def project_cards(db: Database, ids: Sequence[uuid.UUID]) -> list[ProjectCard]:
    """Cards for ``ids`` in the order given (deleted or unknown ids are left out)."""
    if not ids:
        return []
    id_list = list(ids)
    cols = [getattr(Project, c) for c in _PROJECT_COLUMNS]
    ent_cols = [getattr(Enterprise, c) for c in _ENTERPRISE_COLUMNS]
    stmt = (
        select(
            Project.id,
            *cols,
            *ent_cols,
            Town.name,
            Cluster.name,
            Category.name,
            Division.name,
            type_coerce(paid_subquery(), BigInteger),
        )
        .join(Enterprise, Enterprise.id == Project.enterprise_id)
        .join(Town, Town.code == Enterprise.town_code)
        .join(Cluster, Cluster.code == Enterprise.cluster_code)
        .join(Category, Category.code == Project.category_code)
        .outerjoin(Division, Division.code == Enterprise.division_code)
        .where(Project.id.in_(id_list), Project.deleted_at.is_(None))
    )
    providers: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    history: dict[uuid.UUID, list[HistoryLine]] = defaultdict(list)
    payments: dict[uuid.UUID, list[PaymentLine]] = defaultdict(list)
    with db.read() as s:
        rows = s.execute(stmt).all()
        for pid, name, role in s.execute(
            select(ProjectProvider.project_id, ServiceProvider.name, ProjectProvider.role)
            .join(ServiceProvider, ServiceProvider.id == ProjectProvider.provider_id)
            .where(ProjectProvider.project_id.in_(id_list))
            .order_by(ServiceProvider.name, ProjectProvider.role)
        ):
            providers[pid].append((name, role))
        for h in s.scalars(
            select(StatusChange)
            .where(StatusChange.project_id.in_(id_list))
            .order_by(StatusChange.at, StatusChange.id)
        ):
            history[h.project_id].append(
                HistoryLine(h.at, h.by, h.from_status, h.to_status, h.document_no, h.reason)
            )
        for p in s.scalars(
            select(SubsidyPayment)
            .where(SubsidyPayment.project_id.in_(id_list), SubsidyPayment.deleted_at.is_(None))
            .order_by(SubsidyPayment.paid_on, SubsidyPayment.created_at)
        ):
            payments[p.project_id].append(PaymentLine(p.paid_on, p.amount, p.document_no, p.note))
    cards: dict[uuid.UUID, ProjectCard] = {}
    n_project = len(_PROJECT_COLUMNS)
    n_enterprise = len(_ENTERPRISE_COLUMNS)
    for row in rows:
        pid = row[0]
        values = row[1 : 1 + n_project]
        ent_values = row[1 + n_project : 1 + n_project + n_enterprise]
        town, cluster, category, division, paid = row[1 + n_project + n_enterprise :]
        cards[pid] = ProjectCard(
            id=pid,
            project=dict(zip(_PROJECT_COLUMNS, values, strict=True))
            | {"subsidy_paid": from_scaled(paid)},
            enterprise=dict(zip(_ENTERPRISE_COLUMNS, ent_values, strict=True)),
            names={
                "town": town,
                "cluster": cluster,
                "category": category,
                "division": division or "",
            },
            providers=providers.get(pid, []),
            history=history.get(pid, []),
            payments=payments.get(pid, []),
        )
    return [cards[i] for i in id_list if i in cards]
