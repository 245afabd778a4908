"""Read queries for Excel import, export and templates: reference lists for drop-downs,
what an import matches against, and ledger facts a re-importable workbook needs."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select

from cixi_desktop.store.database import Database
from cixi_desktop.store.models import (
    Category,
    Cluster,
    Division,
    Enterprise,
    FormerName,
    Project,
    ServiceProvider,
    StatusRow,
    SubsidyPayment,
    Town,
)

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReferenceLists:
    """(code, name) pairs in display order, as the drop-downs and filters offer them."""

    towns: Pairs
    clusters: Pairs
    categories: Pairs
    divisions: Pairs
    statuses: tuple[str, ...]

    def name_of(self, kind: str, code: str | None) -> str:
        for c, name in getattr(self, kind):
            if c == code:
                return name
        return code or ""


def reference_lists(db: Database, on: date | None = None) -> ReferenceLists:
    """Reference data as stored (staff may have edited it); towns valid on ``on`` only."""
    with db.read() as s:
        town_q = select(Town.code, Town.name).order_by(Town.sort, Town.code)
        if on is not None:
            town_q = town_q.where(
                Town.valid_from <= on, or_(Town.valid_to.is_(None), Town.valid_to >= on)
            )
        return ReferenceLists(
            towns=tuple((c, n) for c, n in s.execute(town_q)),
            clusters=tuple(
                (c, n)
                for c, n in s.execute(select(Cluster.code, Cluster.name).order_by(Cluster.sort))
            ),
            categories=tuple(
                (c, n)
                for c, n in s.execute(select(Category.code, Category.name).order_by(Category.sort))
            ),
            divisions=tuple(
                (c, n)
                for c, n in s.execute(select(Division.code, Division.name).order_by(Division.code))
            ),
            statuses=tuple(s.scalars(select(StatusRow.name).order_by(StatusRow.sort))),
        )


def name_key(name: str) -> str:
    """Names compared for matching: full-width brackets and spaces are not a different firm."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass
class EnterpriseRecord:
    id: uuid.UUID
    version: int
    name: str
    values: dict[str, object]


@dataclass
class ProjectRecord:
    id: uuid.UUID
    version: int
    enterprise_id: uuid.UUID
    code: str
    name: str
    plan_year: int
    status: str
    values: dict[str, object]


ENTERPRISE_COLUMNS = (
    "name",
    "uscc",
    "town_code",
    "cluster_code",
    "division_code",
    "above_scale",
    "above_scale_year",
    "contact",
    "phone",
    "address",
)
PROJECT_COLUMNS = (
    "name",
    "plan_year",
    "category_code",
    "content",
    "total_investment",
    "equipment_investment",
    "planned_start_date",
    "planned_completion_date",
    "actual_start_date",
    "actual_completion_date",
    "acceptance_date",
    "acceptance_result",
    "approved_subsidy",
    "labour_reduction",
    "productivity_gain_pct",
    "defect_reduction_pct",
    "energy_reduction_pct",
    "notes",
)


@dataclass
class MatchIndex:
    """Live enterprises, projects and providers keyed the ways an import row can name them."""

    by_uscc: dict[str, EnterpriseRecord] = field(default_factory=dict)
    by_name: dict[str, EnterpriseRecord] = field(default_factory=dict)
    by_former_name: dict[str, EnterpriseRecord] = field(default_factory=dict)
    projects_by_code: dict[str, ProjectRecord] = field(default_factory=dict)
    projects_by_key: dict[tuple[uuid.UUID, str, int], ProjectRecord] = field(default_factory=dict)
    providers: dict[str, uuid.UUID] = field(default_factory=dict)
    project_codes: set[str] = field(default_factory=set)


def load_match_index(db: Database) -> MatchIndex:
    index = MatchIndex()
    ent_cols = [getattr(Enterprise, c) for c in ENTERPRISE_COLUMNS]
    proj_cols = [getattr(Project, c) for c in PROJECT_COLUMNS]
    with db.read() as s:
        by_id: dict[uuid.UUID, EnterpriseRecord] = {}
        for row in s.execute(
            select(Enterprise.id, Enterprise.version, *ent_cols).where(
                Enterprise.deleted_at.is_(None)
            )
        ):
            values = dict(zip(ENTERPRISE_COLUMNS, row[2:], strict=True))
            record = EnterpriseRecord(row[0], row[1], str(values["name"]), values)
            by_id[record.id] = record
            if values["uscc"]:
                index.by_uscc[str(values["uscc"])] = record
            index.by_name.setdefault(name_key(record.name), record)
        for enterprise_id, former in s.execute(select(FormerName.enterprise_id, FormerName.name)):
            if enterprise_id in by_id:
                index.by_former_name.setdefault(name_key(former), by_id[enterprise_id])
        for row in s.execute(
            select(
                Project.id,
                Project.version,
                Project.enterprise_id,
                Project.code,
                Project.status,
                *proj_cols,
            ).where(Project.deleted_at.is_(None))
        ):
            values = dict(zip(PROJECT_COLUMNS, row[5:], strict=True))
            record = ProjectRecord(
                row[0],
                row[1],
                row[2],
                row[3],
                str(values["name"]),
                int(values["plan_year"]),  # type: ignore[call-overload]
                row[4],
                values,
            )
            index.projects_by_code[record.code] = record
            index.projects_by_key[
                (record.enterprise_id, name_key(record.name), record.plan_year)
            ] = record
        # Deleted projects keep their codes (the column is unique), so a new one cannot take them.
        index.project_codes = set(s.scalars(select(Project.code)))
        index.providers = {
            name_key(name): pid
            for pid, name in s.execute(
                select(ServiceProvider.id, ServiceProvider.name).where(
                    ServiceProvider.deleted_at.is_(None)
                )
            )
        }
    return index


@dataclass(frozen=True)
class LedgerExtras:
    above_scale_year: int | None
    last_paid_on: date | None


def ledger_extras(db: Database, project_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, LedgerExtras]:
    """Facts an exported ledger carries beyond the window's columns, so that it imports back
    whole: the year an enterprise became 规上 and the date of the last subsidy payment."""
    if not project_ids:
        return {}
    last_paid = (
        select(func.max(SubsidyPayment.paid_on))
        .where(SubsidyPayment.project_id == Project.id, SubsidyPayment.deleted_at.is_(None))
        .correlate(Project)
        .scalar_subquery()
    )
    with db.read() as s:
        rows = s.execute(
            select(Project.id, Enterprise.above_scale_year, last_paid)
            .join(Enterprise, Enterprise.id == Project.enterprise_id)
            .where(Project.id.in_(list(project_ids)))
        )
        return {pid: LedgerExtras(year, paid_on) for pid, year, paid_on in rows}
