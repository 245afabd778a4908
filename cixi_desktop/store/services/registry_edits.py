"""Writes the window needs beyond the core services: taking back a record just created
(and bringing it back on redo), stepping a status move back for undo, and edits of
the reference tables (towns, clusters, categories).

Reference rows carry no version column, so their edits check that the row still
holds the values the editor read (last-write check) and refuse with a conflict
otherwise — nobody's edit is overwritten silently.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cixi_desktop.domain.dates import parse_date
from cixi_desktop.domain.errors import FieldError, ValidationError, ValueProblem
from cixi_desktop.domain.text import clean_name, normalize_code
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, NotFound
from cixi_desktop.store.models import (
    Category,
    Cluster,
    Enterprise,
    Project,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
    Town,
    Tracked,
)
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import (
    Permission,
    require,
    require_move,
)
from cixi_desktop.store.services.rows import apply_changes, load_for_update, soft_delete, touch

T = TypeVar("T", bound=Tracked)

_DELETABLE: Mapping[str, type[Tracked]] = {
    "project": Project,
    "enterprise": Enterprise,
    "service_provider": ServiceProvider,
    "subsidy_payment": SubsidyPayment,
}


def _model(entity: str) -> type[Tracked]:
    try:
        return _DELETABLE[entity]
    except KeyError:
        raise ValueError(f"unknown entity {entity!r}") from None


def _town_of(session: Session, project: Project) -> str | None:
    return session.scalar(
        select(Enterprise.town_code).where(Enterprise.id == project.enterprise_id)
    )


def _require_for(db: Database, session: Session, row: Tracked) -> None:
    """Taking back or restoring a record needs what creating it needed."""
    if isinstance(row, Enterprise):
        require(db, Permission.EDIT_LEDGER, row.town_code, session=session)
    elif isinstance(row, Project):
        require(db, Permission.EDIT_LEDGER, _town_of(session, row), session=session)
    elif isinstance(row, SubsidyPayment):
        require(db, Permission.PAYMENT)
    elif row.created_by != db.user:
        # Anyone may take back a provider they just registered; others' are shared data.
        require(db, Permission.EDIT_PROVIDER)


def withdraw(db: Database, entity: str, row_id: uuid.UUID, expected_version: int) -> int:
    """Soft-delete a record (undo of its creation); returns the new version."""
    model = _model(entity)
    with db.write() as session:
        row = load_for_update(session, model, row_id, expected_version)
        _require_for(db, session, row)
        if isinstance(row, Enterprise):
            _refuse_enterprise_with_projects(session, row)
        soft_delete(session, row, db)
        session.flush()
        return row.version


def _refuse_enterprise_with_projects(session: Session, row: Enterprise) -> None:
    live = session.scalar(
        select(func.count())
        .select_from(Project)
        .where(Project.enterprise_id == row.id, Project.deleted_at.is_(None))
    )
    if live:
        raise ValidationError.single(
            "name", "企业名称", f"该企业已有 {live} 个项目，不能撤销新建；请先处理这些项目"
        )


def reinstate(db: Database, entity: str, row_id: uuid.UUID, expected_version: int) -> int:
    """Bring back a soft-deleted record (redo of its creation); returns the new version."""
    model = _model(entity)
    with db.write() as session:
        row = session.get(model, row_id)
        if row is None:
            raise NotFound(f"找不到该记录：{row_id}")
        _require_for(db, session, row)
        if row.version != expected_version:
            raise ConflictError(
                entity=entity,
                entity_id=str(row_id),
                expected_version=expected_version,
                current_version=row.version,
            )
        if row.deleted_at is not None:
            row.deleted_at = None
            touch(row, db)
            audit.record(session, db, entity, row.id, "restore")
        session.flush()
        return row.version


def revert_status(
    db: Database,
    project_id: uuid.UUID,
    expected_version: int,
    back_to: Status,
    dates: Mapping[str, date | None],
) -> int:
    """Undo a workflow move: status back to ``back_to`` and the dates the move set back to
    what they were. The history keeps both the move and its reversal."""
    require_move(db, back_to)
    with db.write() as session:
        row = load_for_update(session, Project, project_id, expected_version)
        before = row.status
        # Undoing an acceptance is itself a reviewer's decision.
        town = _town_of(session, row)
        require_move(db, before, town, session=session)
        require_move(db, back_to, town, session=session)
        changes: dict[str, object] = {k: v for k, v in dates.items() if k in _MOVE_DATES}
        changes["status"] = str(Status(back_to))
        apply_changes(session, row, changes, db)
        session.add(
            StatusChange(
                project_id=row.id,
                at=db.now(),
                by=db.user,
                from_status=before,
                to_status=str(Status(back_to)),
                reason=f"撤销“{before}”",
            )
        )
        session.flush()
        return row.version


_MOVE_DATES = ("actual_start_date", "actual_completion_date", "acceptance_date")


# --- reference data --------------------------------------------------------------

REF_TABLES: Mapping[str, type[Town] | type[Cluster] | type[Category]] = {
    "town": Town,
    "cluster": Cluster,
    "category": Category,
}
REF_LABELS: Mapping[str, str] = {
    "code": "代码",
    "name": "名称",
    "sort": "排序",
    "kind": "类型",
    "valid_from": "有效期起",
    "valid_to": "有效期止",
}
_TOWN_ONLY = ("kind", "valid_from", "valid_to")
_TOWN_KINDS = ("街道", "镇", "开发区")


def _ref_fields(table: str) -> tuple[str, ...]:
    base = ("code", "name", "sort")
    return (*base, *_TOWN_ONLY) if table == "town" else base


def ref_values(row: Town | Cluster | Category) -> dict[str, object]:
    table = next(k for k, m in REF_TABLES.items() if isinstance(row, m))
    return {name: getattr(row, name) for name in _ref_fields(table)}


def _clean_ref(table: str, raw: Mapping[str, object]) -> dict[str, object]:
    errors: list[FieldError] = []
    values: dict[str, object] = {}

    def problem(name: str, message: str) -> None:
        errors.append(FieldError(name, REF_LABELS[name], message))

    for name in _ref_fields(table):
        if name not in raw:
            continue
        value = raw[name]
        if name == "code":
            values[name] = (
                normalize_code(str(value or "")) if table == "town" else clean_name(value)
            )
            if not values[name]:
                problem(name, "必须填写")
        elif name in ("name", "kind"):
            values[name] = clean_name(value)
            if not values[name]:
                problem(name, "必须填写")
            elif name == "kind" and values[name] not in _TOWN_KINDS:
                problem(name, f"应为 {'、'.join(_TOWN_KINDS)} 之一")
        elif name == "sort":
            try:
                values[name] = int(str(value).strip() or 0)
            except ValueError:
                problem(name, f"应为整数，不是“{value}”")
        else:
            try:
                values[name] = parse_date(value)
            except ValueProblem as exc:
                problem(name, str(exc))
    if table == "town":
        start, end = values.get("valid_from"), values.get("valid_to")
        if "valid_from" in values and start is None:
            problem("valid_from", "必须填写")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            problem("valid_to", "有效期止不能早于有效期起")
    if errors:
        raise ValidationError(errors)
    return values


def save_reference(
    db: Database,
    table: str,
    code: str | None,
    read: Mapping[str, object] | None,
    changes: Mapping[str, object],
) -> dict[str, object]:
    """Create (``code`` None) or edit one reference row; returns its values as stored.

    ``read`` is what the editor showed; if the row no longer holds it, someone else
    saved in between and :class:`ConflictError` carries both versions.
    """
    require(db, Permission.REFERENCE)
    model = REF_TABLES[table]
    values = _clean_ref(table, changes)
    with db.write() as session:
        if code is None:
            row = _new_ref(session, table, model, values)
            action = "create"
        else:
            row = session.get(model, code)
            if row is None:
                raise NotFound(f"找不到代码为 {code} 的参考数据")
            current = ref_values(row)
            if read is not None and any(current[k] != v for k, v in read.items() if k in current):
                raise ConflictError(
                    entity=f"ref_{table}",
                    entity_id=code,
                    expected_version=0,
                    current_version=0,
                    current=current,
                    mine=dict(values),
                )
            values.pop("code", None)  # codes are keys other tables point at
            action = "update"
        _check_unique_name(session, model, row.code, values.get("name"))
        for name, new in values.items():
            old = None if action == "create" else getattr(row, name)
            if old != new:
                setattr(row, name, new)
                audit.record(session, db, f"ref_{table}", row.code, action, name, old, new)
        session.flush()
        return ref_values(row)


def _new_ref(
    session: Session,
    table: str,
    model: type[Town] | type[Cluster] | type[Category],
    values: dict[str, object],
) -> Town | Cluster | Category:
    code = values.get("code")
    missing = [n for n in _ref_fields(table) if n not in values and n not in ("sort", "valid_to")]
    if missing:
        raise ValidationError(FieldError(n, REF_LABELS[n], "必须填写") for n in missing)
    if session.get(model, code) is not None:
        raise ValidationError.single("code", "代码", f"代码 {code} 已存在")
    row = model(code=code, name=values["name"], sort=values.get("sort", 0))
    if isinstance(row, Town):
        row.kind = str(values["kind"])
        row.valid_from = values["valid_from"]  # type: ignore[assignment]
        row.valid_to = values.get("valid_to")  # type: ignore[assignment]
    session.add(row)
    return row


def _check_unique_name(
    session: Session,
    model: type[Town] | type[Cluster] | type[Category],
    code: str,
    name: object,
) -> None:
    if not name:
        return
    clash = session.scalar(select(model.code).where(model.name == name, model.code != code))
    if clash is not None:
        raise ValidationError.single("name", "名称", f"名称“{name}”已被代码 {clash} 使用")
