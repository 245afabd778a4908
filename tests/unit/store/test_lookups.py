"""Read queries behind the forms, registries and history (no Qt)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError
from cixi_desktop.store.services import enterprises, plans, projects, providers, registry_edits

USCC_A = make_uscc("91330282MA2AAAA01")
USCC_B = make_uscc("91330282MA2BBBB02")


@pytest.fixture
def sample(db: Database) -> dict[str, object]:
    a = enterprises.create_enterprise(
        db,
        {
            "name": "慈溪市甲电器有限公司",
            "uscc": USCC_A,
            "town_code": "周巷镇",
            "cluster_code": "智能家电",
        },
    )
    a = enterprises.update_enterprise(db, a.id, a.version, {"name": "宁波甲智能科技有限公司"})
    b = enterprises.create_enterprise(
        db,
        {
            "name": "慈溪乙轴承有限公司",
            "uscc": USCC_B,
            "town_code": "观海卫镇",
            "cluster_code": "关键基础件",
        },
    )
    provider = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    p1 = projects.create_project(
        db,
        a.id,
        {
            "name": "冲压机器换人",
            "plan_year": 2018,
            "category_code": "机器换人",
            "total_investment": "800",
            "equipment_investment": "600",
        },
        providers=[(provider.id, "总包")],
    )
    p2 = projects.create_project(
        db,
        b.id,
        {
            "name": "数字化车间",
            "plan_year": 2018,
            "category_code": "数字化车间",
            "total_investment": "1200",
            "equipment_investment": "900",
        },
    )
    return {"a": a, "b": b, "provider": provider, "p1": p1, "p2": p2}


def test_search_finds_by_name_former_name_and_uscc_fragment(db: Database, sample) -> None:
    by_name = lookups.search_enterprises(db, "乙轴承")
    assert [h.name for h in by_name] == ["慈溪乙轴承有限公司"]

    by_former = lookups.search_enterprises(db, "甲电器")
    assert [h.name for h in by_former] == ["宁波甲智能科技有限公司"]
    assert (by_former[0].matched_by, by_former[0].matched) == (
        "former_name",
        "慈溪市甲电器有限公司",
    )

    fragment = USCC_B[8:14].lower()  # typed in lower case, as people do
    by_code = lookups.search_enterprises(db, fragment)
    assert [h.uscc for h in by_code] == [USCC_B]
    assert (by_code[0].matched_by, by_code[0].matched) == ("uscc", USCC_B)


def test_search_is_bounded_and_ignores_blank_and_wildcards(db: Database, sample) -> None:
    assert lookups.search_enterprises(db, "  ") == []
    assert lookups.search_enterprises(db, "%") == []
    assert len(lookups.search_enterprises(db, "有限公司", limit=1)) == 1


def test_enterprise_list_pages_and_counts(db: Database, sample) -> None:
    assert lookups.count_enterprises(db) == 2
    assert lookups.count_enterprises(db, "甲电器") == 1
    first = lookups.list_enterprises(db, limit=1)
    second = lookups.list_enterprises(db, after=first[0], limit=1)
    assert len(first) == len(second) == 1 and first[0].id != second[0].id
    assert lookups.list_enterprises(db, after=second[0], limit=1) == []
    rows = {r.name: r for r in lookups.list_enterprises(db)}
    assert rows["宁波甲智能科技有限公司"].projects == 1
    assert rows["宁波甲智能科技有限公司"].town == "周巷镇"


def test_enterprise_detail_lists_its_projects(db: Database, sample) -> None:
    detail = lookups.enterprise_detail(db, sample["a"].id)
    assert detail.former_names == ["慈溪市甲电器有限公司"]
    assert [p.name for p in detail.projects] == ["冲压机器换人"]
    assert detail.values["uscc"] == USCC_A and detail.town == "周巷镇"


def test_project_detail_has_providers_payments_and_history(db: Database, sample) -> None:
    p = sample["p1"]
    p = projects.grant_subsidy(db, p.id, p.version)
    projects.record_payment(db, p.id, paid_on=p.created_at.date(), amount=Decimal("10.00"))
    detail = lookups.project_detail(db, p.id)
    assert detail.values["total_investment"] == Decimal("800.00")
    assert [(x.name, x.role) for x in detail.providers] == [("宁波智造工程服务有限公司", "总包")]
    assert detail.paid_total == Decimal("10.00")
    assert [h.to_status for h in detail.status_history] == ["计划"]
    assert detail.subsidy_rule_code == "CX-2018"
    assert detail.enterprise.name == "宁波甲智能科技有限公司"


def test_preview_subsidy_matches_the_grant(db: Database, sample) -> None:
    p = sample["p1"]
    preview = lookups.preview_subsidy(
        db, sample["a"].id, 2018, "robot", Decimal("600"), Decimal("800"), project_id=p.id
    )
    granted = projects.grant_subsidy(db, p.id, p.version)
    assert preview is not None and preview.amount == granted.approved_subsidy
    assert preview.rule_code == "CX-2018" and "设备投资" in preview.explanation
    assert lookups.preview_subsidy(db, None, 2030, "robot", Decimal(1), Decimal(1)) is None
    assert lookups.rule_info(db, 2018).code == "CX-2018"


def test_providers_with_project_counts(db: Database, sample) -> None:
    rows = lookups.list_providers(db)
    assert [(r.name, r.projects) for r in rows] == [("宁波智造工程服务有限公司", 1)]
    detail = lookups.provider_detail(db, sample["provider"].id)
    assert [(p.name, p.enterprise, p.role) for p in detail.projects] == [
        ("冲压机器换人", "宁波甲智能科技有限公司", "总包")
    ]


def test_annual_plan_grid(db: Database) -> None:
    plans.set_annual_plan(db, 2018, "330282121", 30, Decimal("12000"))
    grid = lookups.annual_plan_grid(db, 2018)
    assert len(grid) == 22  # 19 towns and 3 zones
    zhouxiang = next(c for c in grid if c.town_code == "330282121")
    assert (zhouxiang.planned_enterprises, zhouxiang.planned_investment) == (30, Decimal("12000"))
    assert zhouxiang.version == 1
    assert all(c.version is None for c in grid if c.town_code != "330282121")


def test_audit_trail_labels_fields(db: Database, sample) -> None:
    p = sample["p1"]
    projects.update_project(db, p.id, p.version, {"total_investment": "900"})
    trail = lookups.audit_trail(db, "project", p.id)
    change = next(r for r in trail if r.field == "total_investment")
    assert (change.label, change.old, change.new, change.user) == (
        "项目总投资（万元）",
        "800.00",
        "900.00",
        "测试员",
    )
    assert trail[-1].action == "create"


def test_reference_edit_with_last_write_check(db: Database) -> None:
    towns = {t.code: t for t in lookups.towns(db)}
    read = towns["330282121"].values()
    saved = registry_edits.save_reference(db, "town", "330282121", read, {"sort": "99"})
    assert saved["sort"] == 99
    # A second editor still holding the old values is refused, not overwritten.
    with pytest.raises(ConflictError) as caught:
        registry_edits.save_reference(db, "town", "330282121", read, {"name": "周巷"})
    assert caught.value.current["sort"] == 99
    created = registry_edits.save_reference(
        db, "category", None, None, {"code": "green", "name": "绿色化改造", "sort": "8"}
    )
    assert created["name"] == "绿色化改造"
    assert [c.name for c in lookups.categories(db)][-1] == "绿色化改造"
    trail = lookups.audit_trail(db, "ref_town", "330282121")
    assert [(r.label, r.old, r.new) for r in trail] == [("排序", str(read["sort"]), "99")]


def test_withdraw_and_reinstate_and_revert_status(db: Database, sample) -> None:
    p = sample["p2"]
    version = registry_edits.withdraw(db, "project", p.id, p.version)
    assert lookups.project_version(db, p.id) is None
    version = registry_edits.reinstate(db, "project", p.id, version)
    assert lookups.project_version(db, p.id) == version
    moved = projects.change_status(
        db,
        p.id,
        version,
        projects.StatusMove(Status.IN_PROGRESS, actual_start_date=p.created_at.date()),
    )
    back = registry_edits.revert_status(
        db, p.id, moved.version, Status.PLANNED, {"actual_start_date": None}
    )
    detail = lookups.project_detail(db, p.id)
    assert detail.version == back and detail.values["status"] == "计划"
    assert detail.values["actual_start_date"] is None
    assert [h.to_status for h in detail.status_history] == ["计划", "在建", "计划"]
