"""Enterprise registry writes: clean input, refuse clashes, keep history, version every save."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.errors import ConflictError, NotFound
from cixi_desktop.store.models import AuditEntry, Enterprise
from cixi_desktop.store.services import enterprises, projects
from cixi_desktop.store.summaries import headline

USCC = make_uscc("91330282MA2AAAAA0")
USCC_2 = make_uscc("91330282MA2BBBBB0")
ZHOUXIANG = "330282121"


def _raw(**extra: object) -> dict[str, object]:
    return {
        "name": "慈溪市甲电器有限公司",
        "town_code": "周巷镇",
        "cluster_code": "智能家电",
    } | extra


def _audit(db: Database, entity_id: uuid.UUID) -> list[AuditEntry]:
    with db.read() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_id == str(entity_id))
                .order_by(AuditEntry.id)
            )
        )


def _stored(db: Database, enterprise_id: uuid.UUID) -> Enterprise:
    with db.read() as s:
        row = s.get_one(Enterprise, enterprise_id)
        _ = row.former_names  # loaded while the session is open
        return row


@pytest.fixture
def colleague(db: Database) -> Iterator[Database]:
    """A second Database on the same ledger: another window or another clerk."""
    other = open_database(db.url.render_as_string(hide_password=False), user="另一位同事")
    yield other
    other.close()


def test_create_cleans_messy_input(db: Database) -> None:
    messy = " " + USCC[:6].lower() + "\u200b " + USCC[6:12] + "\u3000" + USCC[12:].lower() + " "
    row = enterprises.create_enterprise(
        db,
        _raw(
            name="  慈溪市\u200b甲电器（集团）有限公司 ",
            uscc=messy,
            town_code="周巷",
            cluster_code="智能家电",
            phone="0574 6312 3456",
            above_scale="是",
            above_scale_year="２０１６年",
        ),
    )
    stored = _stored(db, row.id)
    assert stored.uscc == USCC
    # Names keep their full-width brackets (no NFKC on names), only invisible characters go.
    assert stored.name == "慈溪市甲电器（集团）有限公司"
    assert stored.town_code == ZHOUXIANG
    assert stored.cluster_code == "appliance"
    assert stored.phone == "0574-63123456"
    assert (stored.above_scale, stored.above_scale_year) == (True, 2016)
    assert (stored.version, stored.created_by, stored.updated_by) == (1, "测试员", "测试员")
    assert [(a.action, a.new) for a in _audit(db, row.id)] == [("create", stored.name)]


def test_every_problem_is_reported_with_its_field(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        enterprises.create_enterprise(
            db,
            {"name": " ", "uscc": USCC[:-1] + "0", "town_code": "火星镇", "phone": "12"},
        )
    fields = {e.field for e in info.value.errors}
    assert {"uscc", "phone"} <= fields
    with pytest.raises(ValidationError) as info:
        enterprises.create_enterprise(db, {"name": " ", "town_code": "火星镇"})
    fields = {e.field: str(e) for e in info.value.errors}
    assert fields["name"] == "企业名称：必须填写"
    assert "所属镇街" in fields["town_code"] and "火星镇" in fields["town_code"]
    assert fields["cluster_code"] == "产业集群：必须填写"
    with db.read() as s:
        assert s.scalar(select(Enterprise.id)) is None


def test_above_scale_needs_its_year(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        enterprises.create_enterprise(db, _raw(above_scale=True))
    assert [e.field for e in info.value.errors] == ["above_scale_year"]
    with pytest.raises(ValidationError):
        enterprises.create_enterprise(db, _raw(above_scale=False, above_scale_year=2016))


def test_duplicate_uscc_is_refused_naming_the_other_enterprise(db: Database) -> None:
    enterprises.create_enterprise(db, _raw(uscc=USCC))
    with pytest.raises(ValidationError) as info:
        enterprises.create_enterprise(
            db, _raw(name="另一家公司", uscc=USCC.lower().replace("", " ").strip())
        )
    (error,) = info.value.errors
    assert error.field == "uscc"
    assert "慈溪市甲电器有限公司" in error.message
    other = enterprises.create_enterprise(db, _raw(name="另一家公司", uscc=USCC_2))
    with pytest.raises(ValidationError, match="慈溪市甲电器有限公司"):
        enterprises.update_enterprise(db, other.id, other.version, {"uscc": USCC})


def test_saving_the_own_uscc_again_is_not_a_clash(db: Database) -> None:
    row = enterprises.create_enterprise(db, _raw(uscc=USCC))
    row = enterprises.update_enterprise(db, row.id, row.version, {"uscc": USCC, "contact": "张三"})
    assert row.uscc == USCC


def test_rename_keeps_former_names(db: Database) -> None:
    row = enterprises.create_enterprise(db, _raw())
    row = enterprises.update_enterprise(db, row.id, 1, {"name": "宁波甲智能科技有限公司"})
    row = enterprises.update_enterprise(db, row.id, row.version, {"name": "浙江甲科技股份公司"})
    stored = _stored(db, row.id)
    assert stored.name == "浙江甲科技股份公司"
    assert [n.name for n in stored.former_names] == [
        "慈溪市甲电器有限公司",
        "宁波甲智能科技有限公司",
    ]
    former = [a for a in _audit(db, row.id) if a.field == "former_names"]
    assert [(a.old, a.new) for a in former] == [
        ("", "慈溪市甲电器有限公司"),
        ("慈溪市甲电器有限公司", "慈溪市甲电器有限公司、宁波甲智能科技有限公司"),
    ]


def test_former_names_can_be_given_explicitly(db: Database) -> None:
    row = enterprises.create_enterprise(db, _raw(), former_names=["慈溪甲电器厂", " ", "\u200b"])
    assert [n.name for n in _stored(db, row.id).former_names] == ["慈溪甲电器厂"]
    row = enterprises.update_enterprise(db, row.id, 1, {}, former_names=["甲厂", "甲电器厂"])
    assert row.version == 2
    assert [n.name for n in _stored(db, row.id).former_names] == ["甲厂", "甲电器厂"]


def test_audit_has_one_entry_per_changed_field_with_old_and_new(db: Database) -> None:
    row = enterprises.create_enterprise(db, _raw(contact="张三"))
    enterprises.update_enterprise(
        db,
        row.id,
        1,
        {
            "contact": "李四",
            "phone": "13805741234",
            "above_scale": "是",
            "above_scale_year": 2018,
            "town_code": "周巷镇",
            "notes": "",
        },
    )
    updates = [a for a in _audit(db, row.id) if a.action == "update"]
    assert {a.field: (a.old, a.new) for a in updates} == {
        "contact": ("张三", "李四"),
        "phone": ("", "13805741234"),
        "above_scale": ("否", "是"),
        "above_scale_year": (None, "2018"),
    }
    assert {(a.user, a.entity) for a in updates} == {("测试员", "enterprise")}


@pytest.mark.parametrize(
    "changes",
    [
        {"contact": "李四"},
        {"name": "宁波甲智能科技有限公司"},  # a rename also changes the former names
        {"name": "宁波甲智能科技有限公司", "uscc": USCC, "address": "周巷镇兴业路 8 号"},
    ],
)
def test_each_save_bumps_the_version_by_exactly_one(
    db: Database, changes: dict[str, object]
) -> None:
    row = enterprises.create_enterprise(db, _raw())
    saved = enterprises.update_enterprise(db, row.id, 1, changes)
    assert saved.version == 2
    assert _stored(db, row.id).version == 2


def test_a_save_without_changes_leaves_version_and_audit_alone(db: Database) -> None:
    row = enterprises.create_enterprise(db, _raw(contact="张三"))
    saved = enterprises.update_enterprise(db, row.id, 1, {"contact": " 张三 ", "town_code": "周巷"})
    assert saved.version == 1
    assert len(_audit(db, row.id)) == 1


def test_a_stale_version_is_a_conflict_and_overwrites_nothing(
    db: Database, colleague: Database
) -> None:
    row = enterprises.create_enterprise(db, _raw())
    enterprises.update_enterprise(colleague, row.id, 1, {"contact": "同事填的"})
    with pytest.raises(ConflictError) as info:
        enterprises.update_enterprise(db, row.id, 1, {"contact": "我填的", "address": "我的地址"})
    conflict = info.value
    assert (conflict.expected_version, conflict.current_version) == (1, 2)
    assert conflict.entity == "enterprise" and conflict.entity_id == str(row.id)
    assert "第 1 版" in str(conflict) and "第 2 版" in str(conflict)
    stored = _stored(colleague, row.id)
    assert (stored.contact, stored.address, stored.version) == ("同事填的", "", 2)
    assert stored.updated_by == "另一位同事"


def test_soft_delete_hides_the_enterprise(db: Database) -> None:
    row = enterprises.create_enterprise(db, _raw(uscc=USCC))
    enterprises.delete_enterprise(db, row.id, 1)
    stored = _stored(db, row.id)
    assert stored.deleted_at is not None
    assert stored.version == 2
    assert [a.action for a in _audit(db, row.id)] == ["create", "delete"]
    with pytest.raises(NotFound):
        enterprises.update_enterprise(db, row.id, 2, {"contact": "x"})
    with pytest.raises(NotFound):
        enterprises.delete_enterprise(db, row.id, 2)
    with pytest.raises(ValidationError, match="企业"):
        projects.create_project(
            db,
            row.id,
            {
                "name": "项目",
                "plan_year": 2018,
                "category_code": "其他",
                "total_investment": 1,
                "equipment_investment": 1,
            },
        )


def test_delete_is_refused_while_projects_exist(db: Database) -> None:
    row = enterprises.create_enterprise(db, _raw())
    projects.create_project(
        db,
        row.id,
        {
            "name": "项目",
            "plan_year": 2018,
            "category_code": "其他",
            "total_investment": 10,
            "equipment_investment": 5,
        },
    )
    with pytest.raises(ValidationError) as info:
        enterprises.delete_enterprise(db, row.id, 1)
    assert "1 个项目" in str(info.value)
    assert _stored(db, row.id).deleted_at is None
    assert headline(db).enterprises == 1

    with pytest.raises(ConflictError):
        enterprises.delete_enterprise(db, row.id, 7)


def test_unknown_enterprise_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        enterprises.update_enterprise(db, uuid.uuid4(), 1, {"contact": "x"})
