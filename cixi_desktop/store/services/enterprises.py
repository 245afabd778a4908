"""Enterprise registry writes: create, edit (with former names), soft delete."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.domain.fields import ENTERPRISE_FIELDS, clean_fields, validate_enterprise
from cixi_desktop.domain.text import clean_name
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import Enterprise, FormerName, Project
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import Permission, require
from cixi_desktop.store.services.reference import resolve_codes
from cixi_desktop.store.services.rows import (
    apply_changes,
    load_for_update,
    soft_delete,
    stamp_new,
    touch,
)

ENTITY = "enterprise"


def _check(session: Session, values: dict[str, object], own_id: uuid.UUID | None) -> None:
    errors = validate_enterprise(values) + resolve_codes(session, values)
    uscc = values.get("uscc")
    if uscc:
        clash = session.scalar(
            select(Enterprise.name).where(Enterprise.uscc == uscc, Enterprise.id != own_id)
        )
        if clash is not None:
            errors.append(FieldError("uscc", "统一社会信用代码", f"与已登记的企业“{clash}”重复"))
    if errors:
        raise ValidationError(errors)


def _clean(raw: Mapping[str, object]) -> dict[str, object]:
    values, errors = clean_fields(raw, ENTERPRISE_FIELDS)
    if errors:
        raise ValidationError(errors)
    return values


def create_enterprise(
    db: Database, raw: Mapping[str, object], former_names: Sequence[str] = ()
) -> Enterprise:
    require(db, Permission.EDIT_LEDGER)
    values = _clean(raw)
    with db.write() as session:
        _check(session, values, None)
        require(db, Permission.EDIT_LEDGER, str(values["town_code"]), session=session)
        row = Enterprise(**values)
        stamp_new(row, db)
        row.former_names = [FormerName(name=n) for n in map(clean_name, former_names) if n]
        session.add(row)
        session.flush()
        audit.record(session, db, ENTITY, row.id, "create", new=row.name)
    return row


def update_enterprise(
    db: Database,
    enterprise_id: uuid.UUID,
    expected_version: int,
    changes: Mapping[str, object],
    former_names: Sequence[str] | None = None,
) -> Enterprise:
    """Apply ``changes`` (raw values allowed); renaming keeps the old name as a former name."""
    require(db, Permission.EDIT_LEDGER)
    cleaned = _clean(changes)
    with db.write() as session:
        row = load_for_update(session, Enterprise, enterprise_id, expected_version)
        require(db, Permission.EDIT_LEDGER, row.town_code, session=session)
        merged = {name: getattr(row, name) for name in ENTERPRISE_FIELDS} | cleaned
        _check(session, merged, row.id)
        # A clerk may not hand an enterprise over to another town either.
        require(db, Permission.EDIT_LEDGER, str(merged["town_code"]), session=session)
        old_name = row.name
        # Read the former names before changing the row: loading them later would
        # autoflush the row mid-save and bump its version twice.
        before = [n.name for n in row.former_names]
        changed = apply_changes(session, row, merged, db)
        names = list(before)
        if former_names is not None:
            names = [n for n in map(clean_name, former_names) if n]
        if "name" in changed and old_name not in names:
            names.append(old_name)
        if names != before:
            audit.record(
                session,
                db,
                ENTITY,
                row.id,
                "update",
                "former_names",
                "、".join(before),
                "、".join(names),
            )
            row.former_names = [FormerName(name=n) for n in names]
            # Touching a column makes the row dirty, so its version moves too.
            touch(row, db)
    return row


def delete_enterprise(db: Database, enterprise_id: uuid.UUID, expected_version: int) -> None:
    require(db, Permission.EDIT_LEDGER)
    with db.write() as session:
        row = load_for_update(session, Enterprise, enterprise_id, expected_version)
        require(db, Permission.EDIT_LEDGER, row.town_code, session=session)
        live = session.scalar(
            select(func.count())
            .select_from(Project)
            .where(Project.enterprise_id == row.id, Project.deleted_at.is_(None))
        )
        if live:
            raise ValidationError.single(
                "name", "企业名称", f"该企业还有 {live} 个项目，请先删除或转移项目"
            )
        soft_delete(session, row, db)
