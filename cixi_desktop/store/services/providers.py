"""Service provider (智能制造工程服务公司) registry writes."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.domain.phone import clean_phone
from cixi_desktop.domain.text import clean_name
from cixi_desktop.domain.uscc import clean_uscc
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import ServiceProvider
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import Permission, require
from cixi_desktop.store.services.reference import resolve_codes
from cixi_desktop.store.services.rows import apply_changes, load_for_update, stamp_new

TEXT_FIELDS = ("name", "specialty", "contact", "notes")


def _clean(
    session: Session, raw: Mapping[str, object], own_id: uuid.UUID | None
) -> dict[str, object]:
    from cixi_desktop.domain.errors import ValueProblem

    values: dict[str, object] = {k: clean_name(raw[k]) for k in TEXT_FIELDS if k in raw}
    errors: list[FieldError] = []
    for field, label, parse in (
        ("uscc", "统一社会信用代码", clean_uscc),
        ("phone", "联系电话", clean_phone),
    ):
        if field in raw:
            try:
                values[field] = (
                    parse(raw[field])
                    if clean_name(raw[field])
                    else (None if field == "uscc" else "")
                )
            except ValueProblem as exc:
                errors.append(FieldError(field, label, str(exc)))
    if values.get("uscc"):
        clash = session.scalar(
            select(ServiceProvider.name).where(
                ServiceProvider.uscc == values["uscc"], ServiceProvider.id != own_id
            )
        )
        if clash is not None:
            errors.append(FieldError("uscc", "统一社会信用代码", f"与已登记的服务商“{clash}”重复"))
    if "town_code" in raw:
        values["town_code"] = clean_name(raw["town_code"]) or None
        errors += resolve_codes(session, values)
    if "name" in values:
        if not values["name"]:
            errors.append(FieldError("name", "服务商名称", "必须填写"))
        elif session.scalar(
            select(ServiceProvider.id).where(
                ServiceProvider.name == values["name"], ServiceProvider.id != own_id
            )
        ):
            errors.append(FieldError("name", "服务商名称", "已有同名服务商"))
    if errors:
        raise ValidationError(errors)
    return values


def create_provider(db: Database, raw: Mapping[str, object]) -> ServiceProvider:
    require(db, Permission.ADD_PROVIDER)
    if not clean_name(raw.get("name")):
        raise ValidationError.single("name", "服务商名称", "必须填写")
    with db.write() as session:
        row = ServiceProvider(**_clean(session, raw, None))
        stamp_new(row, db)
        session.add(row)
        session.flush()
        audit.record(session, db, "service_provider", row.id, "create", new=row.name)
    return row


def update_provider(
    db: Database, provider_id: uuid.UUID, expected_version: int, changes: Mapping[str, object]
) -> ServiceProvider:
    require(db, Permission.EDIT_PROVIDER)
    with db.write() as session:
        row = load_for_update(session, ServiceProvider, provider_id, expected_version)
        apply_changes(session, row, _clean(session, changes, row.id), db)
    return row
