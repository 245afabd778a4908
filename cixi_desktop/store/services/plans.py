"""Annual plan (year × town: planned enterprises and investment) writes."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import AnnualPlan, Town
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import Permission, require
from cixi_desktop.store.services.rows import (
    apply_changes,
    load_for_update,
    places_error,
    stamp_new,
)


def set_annual_plan(
    db: Database,
    year: int,
    town_code: str,
    planned_enterprises: int,
    planned_investment: Decimal,
    expected_version: int | None = None,
) -> AnnualPlan:
    """Create or change the plan of one town for one year."""
    require(db, Permission.PLANS)
    errors: list[FieldError] = []
    if planned_enterprises < 0:
        errors.append(FieldError("planned_enterprises", "计划企业数", "不能为负数"))
    if planned_investment < 0:
        errors.append(FieldError("planned_investment", "计划投资（万元）", "不能为负数"))
    places = places_error("planned_investment", "计划投资（万元）", planned_investment)
    if places is not None:
        errors.append(places)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        if session.get(Town, town_code) is None:
            raise ValidationError.single("town_code", "所属镇街", f"没有代码为 {town_code} 的镇街")
        existing = session.scalar(
            select(AnnualPlan).where(AnnualPlan.year == year, AnnualPlan.town_code == town_code)
        )
        values = {
            "planned_enterprises": planned_enterprises,
            "planned_investment": planned_investment,
        }
        if existing is None:
            row = AnnualPlan(year=year, town_code=town_code, **values)
            stamp_new(row, db)
            session.add(row)
            session.flush()
            audit.record(
                session,
                db,
                "annual_plan",
                row.id,
                "create",
                new=f"{year} {town_code} {planned_enterprises}",
            )
            return row
        row = load_for_update(session, AnnualPlan, existing.id, expected_version)
        apply_changes(session, row, values, db)
        return row
