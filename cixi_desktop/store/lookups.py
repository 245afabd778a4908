"""Read queries behind the entry forms, registries and history views (no Qt).

Every function opens one short read session and returns plain dataclasses, so
the window never holds a session or a model row. Searches are bounded by a
``limit``; nothing here loads a whole business table.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from cixi_desktop.domain.fields import ENTERPRISE_FIELDS, PROJECT_FIELDS
from cixi_desktop.domain.subsidy import SubsidyResult
from cixi_desktop.domain.text import clean_name, normalize_code
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import NotFound
from cixi_desktop.store.ledger import paid_subquery
from cixi_desktop.store.models import (
    AnnualPlan,
    AuditEntry,
    Category,
    Cluster,
    Division,
    Enterprise,
    FormerName,
    Project,
    ProjectProvider,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
    Town,
)
from cixi_desktop.store.services.projects import compute_project_subsidy, rule_set
from cixi_desktop.store.services.registry_edits import REF_LABELS
from cixi_desktop.store.types import from_scaled

PROVIDER_FIELDS: Mapping[str, str] = {
    "name": "服务商名称",
    "uscc": "统一社会信用代码",
    "town_code": "所在镇街",
    "specialty": "擅长领域",
    "contact": "联系人",
    "phone": "联系电话",
    "notes": "备注",
}

# Audit fields that are not plain columns of the form's field lists.
_EXTRA_LABELS: Mapping[str, str] = {
    "former_names": "曾用名",
    "providers": "服务商",
    "subsidy_computed": "按规则计算补助（万元）",
    "subsidy_rule_code": "补助规则",
    "amount": "拨付金额（万元）",
    "value": "设置值",
    "kind": "类型",
    "valid_from": "有效期起",
    "valid_to": "有效期止",
    "sort": "排序",
    "planned_enterprises": "计划企业数",
    "planned_investment": "计划投资（万元）",
    "deleted_at": "删除",
}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(column: Any, text: str) -> Any:
    return column.like(f"%{_escape_like(text)}%", escape="\\")


# --- enterprises -----------------------------------------------------------------


@dataclass(frozen=True)
class EnterpriseHit:
    """One enterprise found by the picker; when it was not found by its name,
    ``matched_by`` says how ("former_name", "uscc") and ``matched`` what matched."""

    id: uuid.UUID
    name: str
    uscc: str | None
    town: str
    matched_by: str = ""
    matched: str = ""


def _enterprise_search(text: str) -> Any:
    """Name, former name or code contains the text. The former names are scanned once
    (an IN over their table), not looked up row by row for every enterprise."""
    name_text = clean_name(text)
    code_text = normalize_code(text)
    former = select(FormerName.enterprise_id).where(_like(FormerName.name, name_text))
    conditions = [_like(Enterprise.name, name_text), Enterprise.id.in_(former)]
    if code_text:
        conditions.append(_like(Enterprise.uscc, code_text))
    return or_(*conditions)


def search_enterprises(db: Database, text: str, limit: int = 20) -> list[EnterpriseHit]:
    """Live enterprises whose name, former name or USCC contains ``text``.

    Names that start with the text come first, then other name matches, then
    matches by former name or code; at most ``limit`` rows are read.
    """
    name_text = clean_name(text)
    if not name_text:
        return []
    code_text = normalize_code(text)
    rank = case(
        (Enterprise.name.like(f"{_escape_like(name_text)}%", escape="\\"), 0),
        (_like(Enterprise.name, name_text), 1),
        else_=2,
    )
    stmt = (
        select(Enterprise.id, Enterprise.name, Enterprise.uscc, Town.name)
        .join(Town, Town.code == Enterprise.town_code)
        .where(Enterprise.deleted_at.is_(None), _enterprise_search(text))
        .order_by(rank, func.length(Enterprise.name), Enterprise.name)
        .limit(limit)
    )
    with db.read() as s:
        rows = s.execute(stmt).all()
        others = [r[0] for r in rows if name_text not in r[1]]
        formers: dict[uuid.UUID, str] = {}
        if others:
            for eid, former in s.execute(
                select(FormerName.enterprise_id, FormerName.name).where(
                    FormerName.enterprise_id.in_(others), _like(FormerName.name, name_text)
                )
            ):
                formers.setdefault(eid, former)
    hits = []
    for eid, name, uscc, town in rows:
        how, matched = "", ""
        if name_text not in name:
            if eid in formers:
                how, matched = "former_name", formers[eid]
            elif uscc and code_text in uscc:
                how, matched = "uscc", uscc
        hits.append(EnterpriseHit(eid, name, uscc, town, how, matched))
    return hits


@dataclass(frozen=True)
class EnterpriseRow:
    """A line of the enterprise registry list."""

    id: uuid.UUID
    name: str
    uscc: str | None
    town: str
    cluster: str
    above_scale: bool
    projects: int


def _enterprise_list_stmt(text: str) -> Select[Any]:
    stmt = select(Enterprise).where(Enterprise.deleted_at.is_(None))
    if clean_name(text):
        stmt = stmt.where(_enterprise_search(text))
    return stmt


def count_enterprises(db: Database, text: str = "") -> int:
    inner = _enterprise_list_stmt(text).with_only_columns(Enterprise.id).subquery()
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(inner)) or 0)


def list_enterprises(
    db: Database,
    text: str = "",
    after: EnterpriseRow | None = None,
    limit: int = 200,
) -> list[EnterpriseRow]:
    """One page of the registry list in name order, starting after the row ``after``
    (keyset paging: a later page costs what the first one does, unlike OFFSET)."""
    projects = (
        select(func.count(Project.id))
        .where(Project.enterprise_id == Enterprise.id, Project.deleted_at.is_(None))
        .correlate(Enterprise)
        .scalar_subquery()
    )
    stmt = (
        _enterprise_list_stmt(text)
        .with_only_columns(
            Enterprise.id,
            Enterprise.name,
            Enterprise.uscc,
            Town.name,
            Cluster.name,
            Enterprise.above_scale,
            projects,
        )
        .join(Town, Town.code == Enterprise.town_code)
        .join(Cluster, Cluster.code == Enterprise.cluster_code)
        .order_by(Enterprise.name, Enterprise.id)
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(
            or_(
                Enterprise.name > after.name,
                (Enterprise.name == after.name) & (Enterprise.id > after.id),
            )
        )
    with db.read() as s:
        return [EnterpriseRow(*row[:6], int(row[6] or 0)) for row in s.execute(stmt)]


@dataclass(frozen=True)
class ProjectBrief:
    """A project line in an enterprise's or provider's list."""

    id: uuid.UUID
    code: str
    name: str
    plan_year: int
    status: str
    total_investment: Decimal
    enterprise: str = ""
    role: str = ""


@dataclass(frozen=True)
class EnterpriseDetail:
    id: uuid.UUID
    version: int
    values: dict[str, object]
    former_names: list[str]
    town: str
    cluster: str
    projects: list[ProjectBrief]


def enterprise_values(row: Enterprise) -> dict[str, object]:
    return {name: getattr(row, name) for name in ENTERPRISE_FIELDS}


def enterprise_detail(db: Database, enterprise_id: uuid.UUID) -> EnterpriseDetail:
    with db.read() as s:
        row = s.get(Enterprise, enterprise_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("找不到该企业（可能已被删除）")
        projects = s.execute(
            select(
                Project.id,
                Project.code,
                Project.name,
                Project.plan_year,
                Project.status,
                Project.total_investment,
            )
            .where(Project.enterprise_id == row.id, Project.deleted_at.is_(None))
            .order_by(Project.plan_year.desc(), Project.code)
        ).all()
        return EnterpriseDetail(
            id=row.id,
            version=row.version,
            values=enterprise_values(row),
            former_names=[n.name for n in row.former_names],
            town=s.get_one(Town, row.town_code).name,
            cluster=s.get_one(Cluster, row.cluster_code).name,
            projects=[ProjectBrief(*p, enterprise=row.name) for p in projects],
        )


# --- projects --------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderLink:
    provider_id: uuid.UUID
    name: str
    role: str


@dataclass(frozen=True)
class PaymentRow:
    id: uuid.UUID
    version: int
    paid_on: date
    amount: Decimal
    document_no: str
    note: str


@dataclass(frozen=True)
class StatusRow:
    at: datetime
    by: str
    from_status: str | None
    to_status: str
    document_no: str
    reason: str


@dataclass(frozen=True)
class ProjectDetail:
    id: uuid.UUID
    version: int
    values: dict[str, object]
    enterprise_id: uuid.UUID
    enterprise: EnterpriseHit
    town_code: str
    providers: list[ProviderLink]
    payments: list[PaymentRow]
    paid_total: Decimal
    status_history: list[StatusRow]
    subsidy_computed: Decimal | None
    subsidy_rule_code: str | None
    updated_at: datetime
    updated_by: str


def project_values(row: Project) -> dict[str, object]:
    return {name: getattr(row, name) for name in PROJECT_FIELDS}


def _payments(s: Session, project_id: uuid.UUID) -> list[PaymentRow]:
    rows = s.scalars(
        select(SubsidyPayment)
        .where(SubsidyPayment.project_id == project_id, SubsidyPayment.deleted_at.is_(None))
        .order_by(SubsidyPayment.paid_on, SubsidyPayment.created_at)
    )
    return [PaymentRow(p.id, p.version, p.paid_on, p.amount, p.document_no, p.note) for p in rows]


def project_detail(db: Database, project_id: uuid.UUID) -> ProjectDetail:
    """Everything the project form shows, read in one session."""
    with db.read() as s:
        row = s.get(Project, project_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("找不到该项目（可能已被删除）")
        ent = s.get_one(Enterprise, row.enterprise_id)
        providers = s.execute(
            select(ProjectProvider.provider_id, ServiceProvider.name, ProjectProvider.role)
            .join(ServiceProvider, ServiceProvider.id == ProjectProvider.provider_id)
            .where(ProjectProvider.project_id == row.id)
            .order_by(ServiceProvider.name, ProjectProvider.role)
        ).all()
        paid = s.scalar(
            select(type_coerce(paid_subquery(), BigInteger)).where(Project.id == row.id)
        )
        history = s.scalars(
            select(StatusChange)
            .where(StatusChange.project_id == row.id)
            .order_by(StatusChange.at, StatusChange.id)
        )
        return ProjectDetail(
            id=row.id,
            version=row.version,
            values=project_values(row),
            enterprise_id=ent.id,
            town_code=ent.town_code,
            enterprise=EnterpriseHit(
                ent.id, ent.name, ent.uscc, s.get_one(Town, ent.town_code).name
            ),
            providers=[ProviderLink(*p) for p in providers],
            payments=_payments(s, row.id),
            paid_total=from_scaled(paid),
            status_history=[
                StatusRow(h.at, h.by, h.from_status, h.to_status, h.document_no, h.reason)
                for h in history
            ],
            subsidy_computed=row.subsidy_computed,
            subsidy_rule_code=row.subsidy_rule_code,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )


def status_history(db: Database, project_id: uuid.UUID) -> list[StatusRow]:
    """A project's status changes in order (also for a deleted project)."""
    with db.read() as s:
        rows = s.scalars(
            select(StatusChange)
            .where(StatusChange.project_id == project_id)
            .order_by(StatusChange.at, StatusChange.id)
        )
        return [
            StatusRow(h.at, h.by, h.from_status, h.to_status, h.document_no, h.reason) for h in rows
        ]


def project_version(db: Database, project_id: uuid.UUID) -> int | None:
    """The row's current version (None when gone) — cheap check before an undo."""
    with db.read() as s:
        return s.scalar(
            select(Project.version).where(Project.id == project_id, Project.deleted_at.is_(None))
        )


def last_status_change(db: Database, project_id: uuid.UUID) -> StatusRow | None:
    with db.read() as s:
        h = s.scalar(
            select(StatusChange)
            .where(StatusChange.project_id == project_id)
            .order_by(StatusChange.at.desc(), StatusChange.id.desc())
            .limit(1)
        )
        if h is None:
            return None
        return StatusRow(h.at, h.by, h.from_status, h.to_status, h.document_no, h.reason)


def preview_subsidy(
    db: Database,
    enterprise_id: uuid.UUID | None,
    plan_year: int,
    category_code: str,
    equipment: Decimal,
    total: Decimal,
    project_id: uuid.UUID | None = None,
) -> SubsidyResult | None:
    """The subsidy the plan year's rules give for these values, as the service would grant
    it (same rule, same per-enterprise room); None when the year has no rule set."""
    with db.read() as s:
        if s.get(Category, category_code) is None:
            return None
        # A transient row, never added to the session: the grant computation reads
        # only these attributes, so the preview and the grant cannot disagree.
        probe = Project(
            id=project_id or uuid.uuid4(),
            enterprise_id=enterprise_id or uuid.uuid4(),
            plan_year=plan_year,
            category_code=category_code,
            equipment_investment=equipment,
            total_investment=total,
        )
        return compute_project_subsidy(s, probe)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    source: str


def rule_info(db: Database, year: int) -> RuleInfo | None:
    """Name and source of the subsidy rule set for a plan year (for the explanation)."""
    with db.read() as s:
        rules = rule_set(s, year)
    if rules is None:
        return None
    return RuleInfo(rules.code, rules.name, rules.source)


# --- service providers -----------------------------------------------------------


@dataclass(frozen=True)
class ProviderRow:
    id: uuid.UUID
    name: str
    uscc: str | None
    town: str
    specialty: str
    contact: str
    phone: str
    projects: int


def list_providers(db: Database, text: str = "", limit: int = 1000) -> list[ProviderRow]:
    """Service providers (a few dozen per city) with the number of live projects of each."""
    projects = (
        select(func.count(func.distinct(ProjectProvider.project_id)))
        .join(Project, Project.id == ProjectProvider.project_id)
        .where(ProjectProvider.provider_id == ServiceProvider.id, Project.deleted_at.is_(None))
        .correlate(ServiceProvider)
        .scalar_subquery()
    )
    stmt = (
        select(
            ServiceProvider.id,
            ServiceProvider.name,
            ServiceProvider.uscc,
            func.coalesce(Town.name, ""),
            ServiceProvider.specialty,
            ServiceProvider.contact,
            ServiceProvider.phone,
            projects,
        )
        .outerjoin(Town, Town.code == ServiceProvider.town_code)
        .where(ServiceProvider.deleted_at.is_(None))
        .order_by(ServiceProvider.name)
        .limit(limit)
    )
    if clean_name(text):
        conds = [_like(ServiceProvider.name, clean_name(text))]
        if normalize_code(text):
            conds.append(_like(ServiceProvider.uscc, normalize_code(text)))
        stmt = stmt.where(or_(*conds))
    with db.read() as s:
        return [ProviderRow(*row[:7], int(row[7] or 0)) for row in s.execute(stmt)]


@dataclass(frozen=True)
class ProviderDetail:
    id: uuid.UUID
    version: int
    values: dict[str, object]
    projects: list[ProjectBrief]


def provider_detail(db: Database, provider_id: uuid.UUID, limit: int = 2000) -> ProviderDetail:
    with db.read() as s:
        row = s.get(ServiceProvider, provider_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("找不到该服务商（可能已被删除）")
        projects = s.execute(
            select(
                Project.id,
                Project.code,
                Project.name,
                Project.plan_year,
                Project.status,
                Project.total_investment,
                Enterprise.name,
                ProjectProvider.role,
            )
            .join(ProjectProvider, ProjectProvider.project_id == Project.id)
            .join(Enterprise, Enterprise.id == Project.enterprise_id)
            .where(ProjectProvider.provider_id == row.id, Project.deleted_at.is_(None))
            .order_by(Project.plan_year.desc(), Project.code)
            .limit(limit)
        ).all()
        return ProviderDetail(
            id=row.id,
            version=row.version,
            values={name: getattr(row, name) for name in PROVIDER_FIELDS},
            projects=[ProjectBrief(*p) for p in projects],
        )


# --- annual plans ----------------------------------------------------------------


@dataclass(frozen=True)
class PlanCell:
    """One town's plan for a year; ``version`` None when nothing is planned yet."""

    town_code: str
    town: str
    planned_enterprises: int | None
    planned_investment: Decimal | None
    version: int | None


def annual_plan_grid(db: Database, year: int) -> list[PlanCell]:
    """Every town valid in ``year`` (in the usual order) with its plan, if any."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    stmt = (
        select(
            Town.code,
            Town.name,
            AnnualPlan.planned_enterprises,
            AnnualPlan.planned_investment,
            AnnualPlan.version,
        )
        .outerjoin(
            AnnualPlan,
            (AnnualPlan.town_code == Town.code)
            & (AnnualPlan.year == year)
            & AnnualPlan.deleted_at.is_(None),
        )
        .where(Town.valid_from <= last, or_(Town.valid_to.is_(None), Town.valid_to >= first))
        .order_by(Town.sort, Town.code)
    )
    with db.read() as s:
        return [PlanCell(*row) for row in s.execute(stmt)]


# --- reference data --------------------------------------------------------------


@dataclass(frozen=True)
class RefItem:
    """A reference row; towns also carry their kind and validity."""

    code: str
    name: str
    sort: int = 0
    kind: str = ""
    valid_from: date | None = None
    valid_to: date | None = None

    def values(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "sort": self.sort,
            "kind": self.kind,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
        }


def towns(db: Database, on: date | None = None) -> list[RefItem]:
    """Towns and zones; with ``on``, only those valid that day."""
    stmt = select(Town).order_by(Town.sort, Town.code)
    if on is not None:
        stmt = stmt.where(Town.valid_from <= on, or_(Town.valid_to.is_(None), Town.valid_to >= on))
    with db.read() as s:
        return [
            RefItem(t.code, t.name, t.sort, t.kind, t.valid_from, t.valid_to)
            for t in s.scalars(stmt)
        ]


def clusters(db: Database) -> list[RefItem]:
    with db.read() as s:
        return [
            RefItem(c.code, c.name, c.sort)
            for c in s.scalars(select(Cluster).order_by(Cluster.sort, Cluster.code))
        ]


def categories(db: Database) -> list[RefItem]:
    with db.read() as s:
        return [
            RefItem(c.code, c.name, c.sort)
            for c in s.scalars(select(Category).order_by(Category.sort, Category.code))
        ]


def divisions(db: Database) -> list[RefItem]:
    with db.read() as s:
        return [
            RefItem(d.code, d.name) for d in s.scalars(select(Division).order_by(Division.code))
        ]


# --- audit trail -----------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    user: str
    action: str
    field: str
    label: str
    old: str | None
    new: str | None
    entity: str = ""


_ENTITY_LABELS: Mapping[str, Mapping[str, str]] = {
    "project": {k: v.label for k, v in PROJECT_FIELDS.items()},
    "enterprise": {k: v.label for k, v in ENTERPRISE_FIELDS.items()},
    "service_provider": PROVIDER_FIELDS,
    **{f"ref_{table}": REF_LABELS for table in ("town", "cluster", "category")},
}


def field_label(entity: str, name: str) -> str:
    """The Chinese label of a field as the audit trail shows it."""
    if not name:
        return ""
    return _ENTITY_LABELS.get(entity, {}).get(name) or _EXTRA_LABELS.get(name, name)


def audit_trail(
    db: Database, entity: str, entity_id: uuid.UUID | str, limit: int = 5000
) -> list[AuditRow]:
    """Who changed what on one record, newest first; a project's payments come with it."""
    key = str(entity_id)
    conds = [(AuditEntry.entity == entity) & (AuditEntry.entity_id == key)]
    if entity == "project":
        payments = _payment_keys(db, key)
        if payments:
            conds.append(
                (AuditEntry.entity == "subsidy_payment") & AuditEntry.entity_id.in_(payments)
            )
    stmt = (
        select(AuditEntry)
        .where(or_(*conds))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    with db.read() as s:
        entries = list(s.scalars(stmt))
        names = _provider_names(s, entries)
        return [
            AuditRow(
                a.at,
                a.user,
                a.action,
                a.field,
                field_label(a.entity, a.field),
                _shown(a.field, a.old, names),
                _shown(a.field, a.new, names),
                a.entity,
            )
            for a in entries
        ]


def _provider_links(text: str | None) -> list[tuple[str, str]]:
    """The audit form of a project's providers: JSON [[id, role], ...]."""
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    return [(str(item[0]), str(item[1])) for item in data if isinstance(item, list | tuple)]


def _provider_names(s: Session, entries: list[AuditEntry]) -> dict[str, str]:
    ids = {
        pid
        for a in entries
        if a.field == "providers"
        for text in (a.old, a.new)
        for pid, _role in _provider_links(text)
    }
    keys = [u for u in map(_as_uuid, ids) if u is not None]
    if not keys:
        return {}
    rows = s.execute(
        select(ServiceProvider.id, ServiceProvider.name).where(ServiceProvider.id.in_(keys))
    )
    return {str(pid): name for pid, name in rows}


def _shown(field_name: str, text: str | None, names: Mapping[str, str]) -> str | None:
    if field_name != "providers":
        return text
    links = _provider_links(text)
    return "、".join(f"{names.get(pid, pid[:8])}（{role}）" for pid, role in links) or None


def _as_uuid(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


def _payment_keys(db: Database, key: str) -> list[str]:
    pid = _as_uuid(key)
    if pid is None:
        return []
    with db.read() as s:
        return [
            str(i)
            for i in s.scalars(select(SubsidyPayment.id).where(SubsidyPayment.project_id == pid))
        ]
