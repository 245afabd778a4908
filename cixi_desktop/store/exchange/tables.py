"""Which tables travel in a package, in what order, and how a row becomes JSON and back.

Values are written exactly: Decimals as strings, dates and times in ISO form, UUIDs as
text. Reading is strict: a value of the wrong kind refuses the package (never guessed).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, String, Table, Text, Uuid

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
    SubsidyRuleSetRow,
    Town,
)
from cixi_desktop.store.types import FixedDecimal


@dataclass(frozen=True)
class TableSpec:
    name: str
    table: Table
    label: str
    # Tables whose rows carry id/version/provenance and merge by id and version.
    tracked: bool = False
    # Reference tables merge by code: missing codes are added, local ones kept.
    reference: bool = False

    @property
    def member(self) -> str:
        return f"{self.name}.jsonl"

    @property
    def key(self) -> str:
        """The column a row is known by (a reference row's code, a record's id)."""
        return next(iter(self.table.primary_key.columns)).key

    @property
    def columns(self) -> list[Column[Any]]:
        # The audit entry's integer id is local to each ledger: entries travel by content.
        return [c for c in self.table.columns if not (self.name == "audit_entry" and c.key == "id")]


def _spec(model: Any, label: str, **flags: bool) -> TableSpec:
    table = model.__table__
    return TableSpec(table.name, table, label, **flags)


# Parents before children: applying in this order keeps foreign keys satisfied.
SPECS: tuple[TableSpec, ...] = (
    _spec(Town, "镇街", reference=True),
    _spec(Cluster, "产业集群", reference=True),
    _spec(Division, "国民经济行业", reference=True),
    _spec(Category, "项目类别", reference=True),
    _spec(SubsidyRuleSetRow, "补助规则", reference=True),
    _spec(ServiceProvider, "服务商", tracked=True),
    _spec(Enterprise, "企业", tracked=True),
    _spec(FormerName, "曾用名"),
    _spec(Project, "项目", tracked=True),
    _spec(ProjectProvider, "项目服务商"),
    _spec(AnnualPlan, "年度计划", tracked=True),
    _spec(SubsidyPayment, "补助拨付", tracked=True),
    _spec(StatusChange, "状态变更"),
    _spec(AuditEntry, "修改记录"),
)
BY_NAME: Mapping[str, TableSpec] = {s.name: s for s in SPECS}
TRACKED = tuple(s.name for s in SPECS if s.tracked)
# Provenance and bookkeeping columns: not part of what a record says.
PROVENANCE = ("id", "version", "created_at", "created_by", "updated_at", "updated_by")


class RowProblem(ValueError):
    """A value in a package row is not of its column's kind."""


def to_json(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, FixedDecimal):
        # Always the column's places, so 12.5 and 12.50 read the same on both sides.
        return format(Decimal(value).quantize(Decimal(1).scaleb(-column.type.places)), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_to_json(spec: TableSpec, row: Mapping[str, Any]) -> dict[str, Any]:
    return {c.key: to_json(c, row[c.key]) for c in spec.columns}


def from_json(column: Column[Any], value: Any) -> Any:
    """The column's Python value for a JSON value, or RowProblem."""
    if value is None:
        if not column.nullable:
            raise RowProblem("不能为空")
        return None
    kind = column.type
    if isinstance(kind, FixedDecimal):
        return _decimal(value, kind.places)
    if isinstance(kind, Uuid):
        return _uuid(value)
    if isinstance(kind, DateTime):
        return _moment(value)
    if isinstance(kind, Date):
        return _day(value)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise RowProblem(f"应为 true 或 false，不是 {value!r}")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise RowProblem(f"应为整数，不是 {value!r}")
        return value
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise RowProblem(f"应为文字，不是 {value!r}")
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            raise RowProblem(f"长度 {len(value)} 超过 {length} 个字")
        return value
    raise RowProblem(f"无法读取的列类型 {kind!r}")  # pragma: no cover - schema bug


def _decimal(value: Any, places: int) -> Decimal:
    if not isinstance(value, str):
        raise RowProblem(f'金额应写成文字（如 "12.50"），不是 {value!r}')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise RowProblem(f"“{value}”不是数字") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise RowProblem(f"“{value}”超过 {places} 位小数")
    return amount


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise RowProblem(f"“{value}”不是有效的编号（UUID）") from None


def _moment(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise RowProblem(f"“{value}”不是有效的时间") from None
    if moment.tzinfo is not None:
        raise RowProblem(f"“{value}”带有时区；应为 UTC 时间")
    return moment


def _day(value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RowProblem(f"“{value}”不是有效的日期") from None


def row_from_json(spec: TableSpec, data: Any) -> dict[str, Any]:
    """A package row as column values; RowProblem names the column."""
    if not isinstance(data, dict):
        raise RowProblem("不是一个 JSON 对象")
    known = {c.key for c in spec.columns}
    extra = sorted(set(data) - known)
    if extra:
        raise RowProblem(f"有本版本不认识的列 {', '.join(extra)}")
    values: dict[str, Any] = {}
    for column in spec.columns:
        if column.key not in data:
            # A package from an older schema may lack a column that has a default here.
            default = column.default
            if default is not None and getattr(default, "is_scalar", False):
                values[column.key] = default.arg  # type: ignore[attr-defined]
                continue
            if column.nullable:
                values[column.key] = None
                continue
            raise RowProblem(f"缺少列 {column.key}")
        try:
            values[column.key] = from_json(column, data[column.key])
        except RowProblem as exc:
            raise RowProblem(f"列 {column.key}：{exc}") from None
    return values
