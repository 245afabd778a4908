"""Annual plans, service providers and reference data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError
from cixi_desktop.store.models import AnnualPlan, AuditEntry, ServiceProvider, Town
from cixi_desktop.store.services import plans, providers
from cixi_desktop.store.services.reference import (
    load_missing_reference_data,
    resolve_reference,
)
from cixi_desktop.store.summaries import Scope, by_town, headline

ZHOUXIANG, GUANHAIWEI = "330282121", "330282107"
USCC = make_uscc("91330282MA2CCCCC0")


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in info.value.errors}


# --- annual plans ---------------------------------------------------------------------------


def test_plans_feed_the_planned_figures(db: Database) -> None:
    plans.set_annual_plan(db, 2018, ZHOUXIANG, 30, Decimal("12000.50"))
    plans.set_annual_plan(db, 2018, GUANHAIWEI, 25, Decimal("9000"))
    plans.set_annual_plan(db, 2017, ZHOUXIANG, 20, Decimal("8000"))
    assert headline(db, Scope(2018, 2018)).planned_enterprises == 55
    assert headline(db, Scope(2017, 2018)).planned_enterprises == 75
    assert headline(db, Scope(2018, 2018, town_code=ZHOUXIANG)).planned_enterprises == 30
    rows = {r.key: r.planned_enterprises for r in by_town(db, Scope(2018, 2018)).rows}
    assert (rows[ZHOUXIANG], rows[GUANHAIWEI]) == (30, 25)


def test_setting_a_plan_again_updates_it_with_audit(db: Database) -> None:
    first = plans.set_annual_plan(db, 2018, ZHOUXIANG, 30, Decimal("12000"))
    second = plans.set_annual_plan(db, 2018, ZHOUXIANG, 32, Decimal("12000"), first.version)
    assert second.id == first.id
    assert second.version == first.version + 1
    with db.read() as s:
        assert len(s.scalars(select(AnnualPlan)).all()) == 1
        changes = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == str(first.id), AuditEntry.action == "update"
            )
        ).all()
    assert [(a.field, a.old, a.new) for a in changes] == [("planned_enterprises", "30", "32")]
    with pytest.raises(ConflictError):
        plans.set_annual_plan(db, 2018, ZHOUXIANG, 40, Decimal("1"), first.version)


@pytest.mark.parametrize(
    ("count", "amount", "field"),
    [
        (-1, Decimal("1"), "planned_enterprises"),
        (1, Decimal("-1"), "planned_investment"),
        (1, Decimal("100.005"), "planned_investment"),
    ],
)
def test_bad_plans_are_refused_naming_the_field(
    db: Database, count: int, amount: Decimal, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        plans.set_annual_plan(db, 2018, ZHOUXIANG, count, amount)
    assert _fields(info) == {field}


def test_a_plan_for_an_unknown_town_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        plans.set_annual_plan(db, 2018, "999999", 1, Decimal("1"))
    assert _fields(info) == {"town_code"}


# --- service providers ------------------------------------------------------------------------


def test_provider_is_created_clean(db: Database) -> None:
    row = providers.create_provider(
        db,
        {
            "name": " 宁波智造工程\u200b服务有限公司 ",
            "uscc": USCC.lower(),
            "town_code": "周巷",
            "phone": "０５７４－６３１２３４５６",
            "specialty": "机器人集成",
        },
    )
    assert (row.name, row.uscc, row.town_code, row.phone) == (
        "宁波智造工程服务有限公司",
        USCC,
        ZHOUXIANG,
        "0574-63123456",
    )
    assert row.version == 1


def test_provider_name_and_uscc_must_be_unique(db: Database) -> None:
    providers.create_provider(db, {"name": "宁波智造工程服务有限公司", "uscc": USCC})
    with pytest.raises(ValidationError) as info:
        providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    assert _fields(info) == {"name"}
    with pytest.raises(ValidationError) as info:
        providers.create_provider(db, {"name": "另一家服务公司", "uscc": f" {USCC} "})
    assert _fields(info) == {"uscc"}
    assert "宁波智造工程服务有限公司" in str(info.value)
    with db.read() as s:
        assert len(s.scalars(select(ServiceProvider)).all()) == 1


def test_provider_problems_name_their_fields(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        providers.create_provider(db, {"name": " "})
    assert _fields(info) == {"name"}
    with pytest.raises(ValidationError) as info:
        providers.create_provider(
            db, {"name": "某公司", "uscc": "123", "phone": "abc", "town_code": "火星镇"}
        )
    assert _fields(info) == {"uscc", "phone", "town_code"}


def test_provider_update_versions_and_conflicts(db: Database) -> None:
    row = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    saved = providers.update_provider(db, row.id, 1, {"specialty": "数字化车间", "uscc": USCC})
    assert (saved.version, saved.uscc) == (2, USCC)
    # Keeping its own USCC and name is no clash.
    saved = providers.update_provider(
        db, row.id, 2, {"name": "宁波智造工程服务有限公司", "uscc": USCC, "contact": "赵六"}
    )
    assert saved.version == 3
    with pytest.raises(ConflictError):
        providers.update_provider(db, row.id, 2, {"contact": "钱七"})
    other = providers.create_provider(db, {"name": "慈溪自动化设备有限公司"})
    with pytest.raises(ValidationError) as info:
        providers.update_provider(db, other.id, 1, {"uscc": USCC})
    assert _fields(info) == {"uscc"}


# --- reference data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("town_code", "周巷镇", ZHOUXIANG),
        ("town_code", "周巷", ZHOUXIANG),
        ("town_code", ZHOUXIANG, ZHOUXIANG),
        ("town_code", " 观海卫 ", GUANHAIWEI),
        ("cluster_code", "智能家电", "appliance"),
        ("category_code", "数字化车间", "digital_workshop"),
        ("division_code", "38", "38"),
        ("town_code", "火星镇", None),
    ],
)
def test_reference_names_resolve_to_codes(
    db: Database, field: str, typed: str, code: str | None
) -> None:
    assert resolve_reference(db, field, typed) == code


def test_reference_data_is_complete_and_loading_again_changes_nothing(db: Database) -> None:
    with db.read() as s:
        kinds = [t.kind for t in s.scalars(select(Town))]
    assert (len(kinds), kinds.count("开发区")) == (22, 3)  # 19 towns and streets, 3 zones
    with db.write() as s:
        s.execute(update(Town).where(Town.code == ZHOUXIANG).values(name="周巷镇（改）"))
    assert load_missing_reference_data(db) == 0
    with db.read() as s:
        assert s.get_one(Town, ZHOUXIANG).name == "周巷镇（改）"
