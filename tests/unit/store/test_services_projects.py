"""Project writes: codes, validation, the workflow with its history, subsidy and payments."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.workflow import TRANSITIONS, Need, Status
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.errors import ConflictError, NotFound
from cixi_desktop.store.models import AuditEntry, Enterprise, Project, StatusChange
from cixi_desktop.store.services import enterprises, projects, providers
from cixi_desktop.store.services.projects import StatusMove


@pytest.fixture
def firm(db: Database) -> Enterprise:
    return enterprises.create_enterprise(
        db, {"name": "慈溪市甲电器有限公司", "town_code": "周巷镇", "cluster_code": "智能家电"}
    )


@pytest.fixture
def colleague(db: Database) -> Iterator[Database]:
    other = open_database(db.url.render_as_string(hide_password=False), user="另一位同事")
    yield other
    other.close()


def _raw(**extra: object) -> dict[str, object]:
    return {
        "name": "冲压车间机器换人",
        "plan_year": 2018,
        "category_code": "机器换人",
        "total_investment": "1,000万元",
        "equipment_investment": "500",
    } | extra


def _new(db: Database, firm: Enterprise, **extra: object) -> Project:
    return projects.create_project(db, firm.id, _raw(**extra))


def _stored(db: Database, project_id: uuid.UUID) -> Project:
    with db.read() as s:
        row = s.get_one(Project, project_id)
        _ = row.providers, row.status_changes
        return row


def _history(db: Database, project_id: uuid.UUID) -> list[tuple[str | None, str, str, str, str]]:
    with db.read() as s:
        rows = s.scalars(
            select(StatusChange)
            .where(StatusChange.project_id == project_id)
            .order_by(StatusChange.at, StatusChange.to_status)
        )
        return [(r.from_status, r.to_status, r.by, r.reason, r.document_no) for r in rows]


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in info.value.errors}


# --- create: codes and validation ---------------------------------------------------------


def test_codes_are_generated_per_year(db: Database, firm: Enterprise) -> None:
    codes = [_new(db, firm).code, _new(db, firm).code, _new(db, firm, plan_year="2019年").code]
    codes.append(_new(db, firm).code)
    assert codes == ["CX-2018-0001", "CX-2018-0002", "CX-2019-0001", "CX-2018-0003"]


def test_a_given_code_is_normalised_and_numbering_continues_after_it(
    db: Database, firm: Enterprise
) -> None:
    assert _new(db, firm, code=" cx-2018-０１００ ").code == "CX-2018-0100"
    assert _new(db, firm).code == "CX-2018-0101"


def test_numbering_goes_past_9999(db: Database, firm: Enterprise) -> None:
    """As text "CX-2018-9999" sorts after "CX-2018-10000": the highest number must win."""
    _new(db, firm, code="CX-2018-9999")
    assert _new(db, firm).code == "CX-2018-10000"
    assert _new(db, firm).code == "CX-2018-10001"


def test_numbering_is_not_confused_by_hand_made_codes(db: Database, firm: Enterprise) -> None:
    _new(db, firm, code="CX-2018-0007")
    _new(db, firm, code="CX-2018-0007-补")
    assert _new(db, firm).code == "CX-2018-0008"


def test_numbers_of_deleted_projects_are_not_reused(db: Database, firm: Enterprise) -> None:
    # A deleted project keeps its code (codes are unique forever), so the next is new.
    _new(db, firm)
    assert _new(db, firm).code == "CX-2018-0002"


def test_duplicate_code_is_refused(db: Database, firm: Enterprise) -> None:
    _new(db, firm, code="CX-2018-0001")
    with pytest.raises(ValidationError) as info:
        _new(db, firm, code="cx-2018-0001")
    assert _fields(info) == {"code"}
    assert "CX-2018-0001" in str(info.value)


def test_equipment_above_total_is_refused_naming_the_field(db: Database, firm: Enterprise) -> None:
    with pytest.raises(ValidationError) as info:
        _new(db, firm, total_investment="100", equipment_investment="100.01")
    (error,) = info.value.errors
    assert error.field == "equipment_investment"
    assert str(error).startswith("其中设备投资（万元）：")
    assert "100.01" in error.message and "100.00" in error.message


@pytest.mark.parametrize(
    ("dates", "field", "mentions"),
    [
        (
            {"planned_start_date": "2018-05-01", "planned_completion_date": "2018-04-30"},
            "planned_completion_date",
            "计划开工日期",
        ),
        (
            {"actual_start_date": "2018-05-01", "actual_completion_date": "2018年4月1日"},
            "actual_completion_date",
            "实际开工日期",
        ),
        (
            {"actual_completion_date": "2018-05-01", "acceptance_date": "2018-04-01"},
            "acceptance_date",
            "实际竣工日期",
        ),
    ],
)
def test_dates_out_of_order_are_refused(
    db: Database, firm: Enterprise, dates: dict[str, str], field: str, mentions: str
) -> None:
    with pytest.raises(ValidationError) as info:
        _new(db, firm, **dates)
    assert _fields(info) == {field}
    assert mentions in str(info.value)


def test_amounts_with_more_than_two_places_are_refused(db: Database, firm: Enterprise) -> None:
    with pytest.raises(ValidationError) as info:
        _new(db, firm, total_investment="1000.005")
    assert _fields(info) == {"total_investment"}
    with pytest.raises(ValidationError) as info:
        _new(db, firm, equipment_investment="123元")  # 0.0123 万元
    assert _fields(info) == {"equipment_investment"}


def test_create_starts_in_plan_with_history_and_audit(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    stored = _stored(db, row.id)
    assert stored.status == "计划"
    assert stored.total_investment == Decimal("1000.00")
    assert _history(db, row.id) == [(None, "计划", "测试员", "新建", "")]


# --- update ---------------------------------------------------------------------------------


def test_update_cannot_change_status(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError) as info:
        projects.update_project(db, row.id, 1, {"status": "在建", "content": "x"})
    assert _fields(info) == {"status"}
    assert _stored(db, row.id).version == 1


def test_update_refuses_to_change_the_code_instead_of_ignoring_it(
    db: Database, firm: Enterprise
) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError) as info:
        projects.update_project(db, row.id, 1, {"code": "CX-2018-0500"})
    assert _fields(info) == {"code"}
    # Sending the code unchanged (a form sends every field) is fine.
    saved = projects.update_project(db, row.id, 1, {"code": "cx-2018-0001", "content": "新内容"})
    assert (saved.code, saved.content, saved.version) == ("CX-2018-0001", "新内容", 2)


def test_update_validates_the_merged_record(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError) as info:
        projects.update_project(db, row.id, 1, {"total_investment": "400"})
    assert _fields(info) == {"equipment_investment"}


def test_update_audits_each_field_and_bumps_version_once(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    a = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    b = providers.create_provider(db, {"name": "慈溪自动化设备有限公司"})
    saved = projects.update_project(
        db,
        row.id,
        1,
        {"total_investment": "1200", "content": "六轴机器人 8 台"},
        providers=[(a.id, "总包"), (b.id, " 设备供应 ")],
    )
    assert saved.version == 2
    assert _stored(db, row.id).version == 2
    with db.read() as s:
        audit = {
            e.field: (e.old, e.new)
            for e in s.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity_id == str(row.id), AuditEntry.action == "update"
                )
            )
        }
    assert audit["total_investment"] == ("1000.00", "1200.00")
    assert audit["content"] == ("", "六轴机器人 8 台")
    assert "设备供应" in audit["providers"][1]
    stored = _stored(db, row.id)
    assert sorted(p.role for p in stored.providers) == ["总包", "设备供应"]

    # Changing only the providers, keeping one link as it was, is one more save.
    saved = projects.update_project(db, row.id, 2, {}, providers=[(a.id, "总包")])
    assert saved.version == 3
    assert [(p.provider_id, p.role) for p in _stored(db, row.id).providers] == [(a.id, "总包")]


def test_update_with_an_unknown_provider_is_refused(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError) as info:
        projects.update_project(db, row.id, 1, {}, providers=[(uuid.uuid4(), "总包")])
    assert _fields(info) == {"providers"}


def test_stale_project_edit_is_a_conflict(
    db: Database, colleague: Database, firm: Enterprise
) -> None:
    row = _new(db, firm)
    projects.update_project(colleague, row.id, 1, {"content": "同事的内容"})
    with pytest.raises(ConflictError):
        projects.update_project(db, row.id, 1, {"content": "我的内容"})
    with pytest.raises(ConflictError):
        projects.change_status(
            db, row.id, 1, StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 3, 1))
        )
    with pytest.raises(ConflictError):
        projects.grant_subsidy(db, row.id, 1)
    stored = _stored(db, row.id)
    assert (stored.content, stored.status, stored.version) == ("同事的内容", "计划", 2)
    assert stored.approved_subsidy is None


# --- workflow ---------------------------------------------------------------------------


ALL_MOVES = list(itertools.product(Status, Status))
DATES = {
    Need.ACTUAL_START_DATE: date(2018, 3, 1),
    Need.ACTUAL_COMPLETION_DATE: date(2018, 11, 30),
    Need.ACCEPTANCE_DATE: date(2018, 12, 20),
}


def _project_in(db: Database, firm: Enterprise, status: Status) -> Project:
    """A project imported in ``status`` with nothing the next move needs."""
    row = projects.create_project(db, firm.id, _raw(status=str(status)))
    if TRANSITIONS[status].get(Status.PAID):
        row = projects.grant_subsidy(db, row.id, row.version)
    return row


def _facts_for(db: Database, row: Project, needs: frozenset[Need]) -> StatusMove:
    return StatusMove(
        target=Status.PLANNED,  # replaced by the caller
        actual_start_date=DATES[Need.ACTUAL_START_DATE]
        if Need.ACTUAL_START_DATE in needs
        else None,
        actual_completion_date=(
            DATES[Need.ACTUAL_COMPLETION_DATE] if Need.ACTUAL_COMPLETION_DATE in needs else None
        ),
        acceptance_date=DATES[Need.ACCEPTANCE_DATE] if Need.ACCEPTANCE_DATE in needs else None,
        reason="因故调整" if Need.REASON in needs else "",
        document_no="慈经信〔2018〕12号",
    )


@pytest.mark.parametrize(("current", "target"), ALL_MOVES, ids=lambda s: s.name)
def test_every_move_is_allowed_or_refused_as_the_workflow_says(
    db: Database, firm: Enterprise, current: Status, target: Status
) -> None:
    row = _project_in(db, firm, current)
    version = row.version
    needs = TRANSITIONS[current].get(target)
    if needs is None:
        with pytest.raises(ValidationError) as info:
            projects.change_status(db, row.id, version, StatusMove(target, reason="x"))
        assert _fields(info) == {"status"}
        assert _stored(db, row.id).status == current
        return

    if needs:
        # Without what the move needs, it is refused naming exactly those fields.
        with pytest.raises(ValidationError) as info:
            projects.change_status(db, row.id, version, StatusMove(target))
        assert _fields(info) == {n.value for n in needs}
        assert _stored(db, row.id).status == current
    if Need.PAYMENT in needs:
        projects.record_payment(db, row.id, date(2019, 1, 15), Decimal("10.00"), "拨付〔2019〕1号")
    move = _facts_for(db, row, needs)
    moved = projects.change_status(
        db,
        row.id,
        version,
        StatusMove(target, **{k: v for k, v in vars(move).items() if k != "target"}),
    )
    stored = _stored(db, row.id)
    assert moved.status == stored.status == target
    assert stored.version == version + 1
    assert _history(db, row.id)[-1] == (
        str(current),
        str(target),
        "测试员",
        move.reason,
        "慈经信〔2018〕12号",
    )
    with db.read() as s:
        status_audit = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == str(row.id), AuditEntry.field == "status"
            )
        ).all()
    assert [(a.old, a.new) for a in status_audit] == [(str(current), str(target))]


def test_a_project_walks_the_whole_path_with_its_history(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    row = projects.change_status(
        db, row.id, row.version, StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 3, 1))
    )
    row = projects.change_status(
        db,
        row.id,
        row.version,
        StatusMove(Status.COMPLETED, actual_completion_date=date(2018, 11, 30)),
    )
    row = projects.change_status(
        db,
        row.id,
        row.version,
        StatusMove(Status.REJECTED, acceptance_date=date(2018, 12, 5), reason="资料不全"),
    )
    row = projects.change_status(
        db, row.id, row.version, StatusMove(Status.RECTIFYING, reason="补交资料")
    )
    row = projects.change_status(
        db,
        row.id,
        row.version,
        StatusMove(Status.ACCEPTED, acceptance_date=date(2018, 12, 20), acceptance_result="通过"),
    )
    row = projects.grant_subsidy(db, row.id, row.version)
    projects.record_payment(db, row.id, date(2019, 1, 10), row.approved_subsidy or Decimal(0))
    row = projects.change_status(db, row.id, row.version, StatusMove(Status.PAID))
    stored = _stored(db, row.id)
    assert stored.status == "已拨付"
    assert stored.acceptance_date == date(2018, 12, 20)
    assert stored.acceptance_result == "通过"
    assert [(h[0], h[1]) for h in _history(db, row.id)] == [
        (None, "计划"),
        ("计划", "在建"),
        ("在建", "竣工"),
        ("竣工", "验收不通过"),
        ("验收不通过", "整改"),
        ("整改", "已验收"),
        ("已验收", "已拨付"),
    ]


def test_a_move_with_dates_out_of_order_is_refused(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm, actual_start_date="2018-06-01", status="在建")
    with pytest.raises(ValidationError) as info:
        projects.change_status(
            db, row.id, 1, StatusMove(Status.COMPLETED, actual_completion_date=date(2018, 5, 1))
        )
    assert _fields(info) == {"actual_completion_date"}
    assert _stored(db, row.id).status == "在建"


def test_termination_needs_a_reason_that_is_not_blank(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError) as info:
        projects.change_status(db, row.id, 1, StatusMove(Status.TERMINATED, reason=" \u200b "))
    assert _fields(info) == {"reason"}


# --- subsidy --------------------------------------------------------------------------------


def test_grant_applies_the_years_rule(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)  # 2018, equipment 500: 0–500 at 10%
    granted = projects.grant_subsidy(db, row.id, 1)
    assert (granted.approved_subsidy, granted.subsidy_computed) == (Decimal("50.00"),) * 2
    assert granted.subsidy_rule_code == "CX-2018"
    assert granted.subsidy_override_reason == ""
    assert granted.version == 2

    bonus = _new(db, firm, category_code="数字化车间", equipment_investment="1000")
    granted = projects.grant_subsidy(db, bonus.id, 1)
    # 500×10% + 500×8% + 1000×2% (数字化车间加计) = 50 + 40 + 20
    assert granted.approved_subsidy == Decimal("110.00")


def test_the_enterprise_cap_counts_its_other_grants(db: Database, firm: Enterprise) -> None:
    amounts = []
    for _ in range(3):
        row = _new(db, firm, total_investment="3000", equipment_investment="3000")
        amounts.append(projects.grant_subsidy(db, row.id, 1).approved_subsidy)
    # 50 + 120 + 60 = 230 each, until the enterprise's 500 a year is reached.
    assert amounts == [Decimal("230.00"), Decimal("230.00"), Decimal("40.00")]


def test_an_override_needs_a_reason(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError) as info:
        projects.grant_subsidy(db, row.id, 1, amount=Decimal("45.00"))
    assert _fields(info) == {"subsidy_override_reason"}
    granted = projects.grant_subsidy(db, row.id, 1, amount=Decimal("45.00"), reason=" 资金紧张 ")
    assert (granted.approved_subsidy, granted.subsidy_computed) == (
        Decimal("45.00"),
        Decimal("50.00"),
    )
    assert granted.subsidy_override_reason == "资金紧张"
    # Back to the rule's figure: the reason goes.
    granted = projects.grant_subsidy(db, row.id, granted.version)
    assert (granted.approved_subsidy, granted.subsidy_override_reason) == (Decimal("50.00"), "")


def test_a_year_without_rules_needs_an_amount_and_a_reason(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm, plan_year=2019)
    with pytest.raises(ValidationError) as info:
        projects.grant_subsidy(db, row.id, 1)
    assert _fields(info) == {"approved_subsidy"}
    with pytest.raises(ValidationError):
        projects.grant_subsidy(db, row.id, 1, amount=Decimal("30"))
    granted = projects.grant_subsidy(db, row.id, 1, amount=Decimal("30"), reason="按会议纪要")
    assert (granted.approved_subsidy, granted.subsidy_computed) == (Decimal("30"), None)


@pytest.mark.parametrize(
    ("amount", "field"),
    [(Decimal("45.005"), "approved_subsidy"), (Decimal("-1"), "approved_subsidy")],
)
def test_bad_override_amounts_are_refused_naming_the_field(
    db: Database, firm: Enterprise, amount: Decimal, field: str
) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError) as info:
        projects.grant_subsidy(db, row.id, 1, amount=amount, reason="x")
    assert _fields(info) == {field}
    assert _stored(db, row.id).approved_subsidy is None


def test_payments_cannot_exceed_the_approved_subsidy(db: Database, firm: Enterprise) -> None:
    row = _new(db, firm)
    with pytest.raises(ValidationError, match="还没有核定补助"):
        projects.record_payment(db, row.id, date(2019, 1, 1), Decimal("1"))
    row = projects.grant_subsidy(db, row.id, 1)  # 50.00
    projects.record_payment(db, row.id, date(2019, 1, 1), Decimal("30"), "第一笔")
    with pytest.raises(ValidationError) as info:
        projects.record_payment(db, row.id, date(2019, 2, 1), Decimal("20.01"))
    assert _fields(info) == {"amount"}
    assert "50.00" in str(info.value)
    projects.record_payment(db, row.id, date(2019, 2, 1), Decimal("20"))
    with pytest.raises(ValidationError):
        projects.record_payment(db, row.id, date(2019, 3, 1), Decimal("0.01"))
    for bad in (Decimal("0"), Decimal("-5"), Decimal("0.001")):
        with pytest.raises(ValidationError) as info:
            projects.record_payment(db, row.id, date(2019, 3, 1), bad)
        assert "amount" in _fields(info)
    with pytest.raises(NotFound):
        projects.record_payment(db, uuid.uuid4(), date(2019, 3, 1), Decimal("1"))


def test_the_approved_subsidy_cannot_fall_below_what_was_paid(
    db: Database, firm: Enterprise
) -> None:
    row = projects.grant_subsidy(db, _new(db, firm).id, 1)  # 50.00
    projects.record_payment(db, row.id, date(2019, 1, 1), Decimal("40"))
    with pytest.raises(ValidationError) as info:
        projects.grant_subsidy(db, row.id, row.version, amount=Decimal("39.99"), reason="调减")
    assert _fields(info) == {"approved_subsidy"}
    with pytest.raises(ValidationError) as info:
        projects.update_project(
            db,
            row.id,
            row.version,
            {"approved_subsidy": "39.99", "subsidy_override_reason": "调减"},
        )
    assert _fields(info) == {"approved_subsidy"}
    with pytest.raises(ValidationError):
        projects.update_project(db, row.id, row.version, {"approved_subsidy": ""})
    assert _stored(db, row.id).approved_subsidy == Decimal("50.00")
    row = projects.grant_subsidy(db, row.id, row.version, amount=Decimal("40"), reason="调减")
    assert row.approved_subsidy == Decimal("40.00")


def test_a_plain_edit_of_the_subsidy_obeys_the_override_rule(
    db: Database, firm: Enterprise
) -> None:
    row = projects.grant_subsidy(db, _new(db, firm).id, 1)  # computed 50.00
    with pytest.raises(ValidationError) as info:
        projects.update_project(db, row.id, row.version, {"approved_subsidy": "5"})
    assert _fields(info) == {"subsidy_override_reason"}
    saved = projects.update_project(
        db, row.id, row.version, {"approved_subsidy": "5", "subsidy_override_reason": "资金有限"}
    )
    assert (saved.approved_subsidy, saved.subsidy_override_reason) == (Decimal("5.00"), "资金有限")

    # A subsidy imported from an old ledger (never computed here) needs no reason.
    imported = _new(db, firm, approved_subsidy="12.5")
    saved = projects.update_project(db, imported.id, 1, {"approved_subsidy": "13"})
    assert saved.approved_subsidy == Decimal("13.00")
