"""A business record as merging sees it: its columns plus the children that belong to
it (an enterprise's former names, a project's service providers), in one comparable,
JSON-ready form. Both the plan and a person's resolution compare through this."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cixi_desktop.domain.fields import ENTERPRISE_FIELDS, PROJECT_FIELDS
from cixi_desktop.store.exchange.tables import BY_NAME, PROVENANCE, to_json
from cixi_desktop.store.models import FormerName, ProjectProvider

# Children compared and resolved as one field of their parent.
PSEUDO: Mapping[str, tuple[str, ...]] = {
    "enterprise": ("former_names",),
    "project": ("providers",),
}
_PROVIDER_LABELS = {
    "name": "服务商名称",
    "uscc": "统一社会信用代码",
    "town_code": "所在镇街",
    "specialty": "擅长领域",
    "contact": "联系人",
    "phone": "联系电话",
}
_PLAN_LABELS = {
    "year": "年度",
    "town_code": "镇街",
    "planned_enterprises": "计划企业数",
    "planned_investment": "计划投资（万元）",
}
_PAYMENT_LABELS = {
    "project_id": "项目",
    "paid_on": "拨付日期",
    "amount": "拨付金额（万元）",
    "document_no": "文号",
    "note": "说明",
}
_COMMON_LABELS = {
    "deleted_at": "删除时间",
    "former_names": "曾用名",
    "providers": "服务商",
    "notes": "备注",
    "enterprise_id": "企业",
    "code": "项目编号",
    "subsidy_computed": "按规则计算补助（万元）",
    "subsidy_rule_code": "补助规则",
}


def field_label(table: str, name: str) -> str:
    """The Chinese label of a record's field, as conflicts list it."""
    specific: Mapping[str, str] = {
        "enterprise": {k: v.label for k, v in ENTERPRISE_FIELDS.items()},
        "project": {k: v.label for k, v in PROJECT_FIELDS.items()},
        "service_provider": _PROVIDER_LABELS,
        "annual_plan": _PLAN_LABELS,
        "subsidy_payment": _PAYMENT_LABELS,
    }.get(table, {})
    return specific.get(name) or _COMMON_LABELS.get(name, name)


def content_columns(table: str) -> tuple[str, ...]:
    return tuple(c.key for c in BY_NAME[table].columns if c.key not in PROVENANCE)


@dataclass
class Record:
    """``values``: typed column values; ``content``: what the record says, JSON-ready."""

    table: str
    id: str
    version: int
    values: dict[str, Any]
    content: dict[str, Any]

    def differing(self, other: Mapping[str, Any]) -> list[str]:
        return [name for name in self.content if self.content[name] != other.get(name)]


def former_names_json(rows: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    items = [[r["name"], r["until"].isoformat() if r["until"] else None] for r in rows]
    return sorted(items, key=lambda item: (item[1] or "", item[0]))


def providers_json(links: Iterable[tuple[Any, str]]) -> list[list[str]]:
    return sorted([str(provider_id), role] for provider_id, role in links)


def make_record(
    table: str,
    values: Mapping[str, Any],
    former_names: list[list[Any]] | None = None,
    providers: list[list[str]] | None = None,
) -> Record:
    spec = BY_NAME[table]
    content = {c.key: to_json(c, values[c.key]) for c in spec.columns if c.key not in PROVENANCE}
    if table == "enterprise":
        content["former_names"] = former_names or []
    if table == "project":
        content["providers"] = providers or []
    return Record(table, str(values["id"]), int(values["version"]), dict(values), content)


def load_local(session: Session, table: str, row_id: str | uuid.UUID) -> Record | None:
    """The record as this ledger holds it now (soft-deleted ones too), or None."""
    spec = BY_NAME[table]
    key = row_id if isinstance(row_id, uuid.UUID) else uuid.UUID(str(row_id))
    row = session.execute(select(spec.table).where(spec.table.c.id == key)).mappings().first()
    if row is None:
        return None
    names = providers = None
    if table == "enterprise":
        names = former_names_json(
            session.execute(
                select(FormerName.name, FormerName.until).where(FormerName.enterprise_id == key)
            ).mappings()
        )
    if table == "project":
        providers = providers_json(
            session.execute(
                select(ProjectProvider.provider_id, ProjectProvider.role).where(
                    ProjectProvider.project_id == key
                )
            ).all()
        )
    return make_record(table, row, names, providers)


def describe(table: str, values: Mapping[str, Any]) -> str:
    """A short name for a record in reports: 项目 CX-2019-0005 智能工厂改造."""
    if table == "project":
        return f"项目 {values.get('code')} {values.get('name')}"
    if table == "enterprise":
        return f"企业 {values.get('name')}"
    if table == "service_provider":
        return f"服务商 {values.get('name')}"
    if table == "annual_plan":
        return f"{values.get('year')} 年 {values.get('town_code')} 年度计划"
    if table == "subsidy_payment":
        return f"补助拨付 {values.get('amount')} 万元（{values.get('paid_on')}）"
    return f"{BY_NAME[table].label} {values.get('id', values.get('code', ''))}"
