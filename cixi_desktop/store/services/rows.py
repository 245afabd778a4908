"""What every service write shares: load for update with a version check, apply
changes with audit entries, stamp provenance, turn a stale flush into a conflict."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import FieldError, ValueProblem
from cixi_desktop.domain.money import check_wan_places
from cixi_desktop.store.errors import ConflictError, NotFound
from cixi_desktop.store.models import Tracked
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.audit import Actor

T = TypeVar("T", bound=Tracked)


def places_error(field: str, label: str, amount: Decimal) -> FieldError | None:
    """The field's error when ``amount`` has more than two places of 万元 (never rounded)."""
    try:
        check_wan_places(amount)
    except ValueProblem as exc:
        return FieldError(field, label, str(exc))
    return None


def snapshot(row: Tracked, fields: Mapping[str, object] | list[str]) -> dict[str, object]:
    return {name: getattr(row, name) for name in fields}


def load_for_update(
    session: Session, model: type[T], row_id: uuid.UUID, expected_version: int | None
) -> T:
    """The live row, or NotFound; ConflictError when the caller's copy is stale."""
    row = session.get(model, row_id, with_for_update=session.bind.dialect.name != "sqlite")  # type: ignore[union-attr]
    if row is None or row.deleted_at is not None:
        raise NotFound(f"找不到该记录（可能已被删除）：{row_id}")
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            entity=model.__tablename__,  # type: ignore[attr-defined]
            entity_id=str(row_id),
            expected_version=expected_version,
            current_version=row.version,
        )
    return row


def apply_changes(
    session: Session, row: Tracked, values: Mapping[str, object], actor: Actor
) -> dict[str, tuple[object, object]]:
    """Set changed fields, audit each one, stamp the row; returns {field: (old, new)}."""
    changed: dict[str, tuple[object, object]] = {}
    entity = type(row).__tablename__  # type: ignore[attr-defined]
    for name, new in values.items():
        old = getattr(row, name)
        if old == new:
            continue
        setattr(row, name, new)
        changed[name] = (old, new)
        audit.record(session, actor, entity, row.id, "update", name, old, new)
    if changed:
        touch(row, actor)
    return changed


def touch(row: Tracked, actor: Actor) -> None:
    """Mark the row changed by ``actor``; a dirty row gets its version bumped on flush."""
    row.updated_at = actor.now()
    row.updated_by = actor.user


def stamp_new(row: Tracked, actor: Actor) -> None:
    now = actor.now()
    row.id = row.id or uuid.uuid4()
    row.created_at = row.updated_at = now
    row.created_by = row.updated_by = actor.user


def soft_delete(session: Session, row: Tracked, actor: Actor) -> None:
    row.deleted_at = actor.now()
    touch(row, actor)
    audit.record(session, actor, type(row).__tablename__, row.id, "delete")  # type: ignore[attr-defined]
