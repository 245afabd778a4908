from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest

from cixi_desktop.domain.workflow import (
    COMPLETED_STATUSES,
    NEED_LABELS,
    TRANSITIONS,
    Need,
    Status,
    TransitionFacts,
    allowed_next,
    check_transition,
    parse_status,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")

FULL_FACTS = TransitionFacts(
    actual_start_date=date(2018, 3, 1),
    actual_completion_date=date(2018, 11, 30),
    acceptance_date=date(2018, 12, 20),
    reason="企业经营调整",
    payments_total=Decimal("80.00"),
)


def test_every_status_has_a_row_and_targets_are_statuses() -> None:
    assert set(TRANSITIONS) == set(Status)
    for moves in TRANSITIONS.values():
        assert all(isinstance(target, Status) for target in moves)


def test_final_statuses_have_no_moves() -> None:
    assert allowed_next(Status.PAID) == []
    assert allowed_next(Status.TERMINATED) == []


def test_allowed_next_offers_forward_path_first() -> None:
    assert allowed_next(Status.PLANNED) == [Status.IN_PROGRESS, Status.TERMINATED]
    assert allowed_next(Status.IN_PROGRESS) == [Status.COMPLETED, Status.TERMINATED]
    assert allowed_next(Status.COMPLETED) == [
        Status.ACCEPTED,
        Status.REJECTED,
        Status.TERMINATED,
    ]
    assert allowed_next(Status.REJECTED) == [Status.RECTIFYING, Status.TERMINATED]
    assert allowed_next(Status.RECTIFYING) == [
        Status.ACCEPTED,
        Status.REJECTED,
        Status.TERMINATED,
    ]
    assert allowed_next(Status.ACCEPTED) == [Status.PAID]


def test_every_non_final_status_can_be_terminated_except_accepted() -> None:
    # Once accepted, only payment remains; a project is not withdrawn after acceptance.
    for status, moves in TRANSITIONS.items():
        if status in (Status.PAID, Status.TERMINATED, Status.ACCEPTED):
            continue
        assert moves[Status.TERMINATED] == {Need.REASON}


def test_happy_path_with_all_facts() -> None:
    path = [Status.PLANNED, Status.IN_PROGRESS, Status.COMPLETED, Status.ACCEPTED, Status.PAID]
    for current, target in pairwise(path):
        assert check_transition(current, target, FULL_FACTS) == []


def test_rejection_and_rectification_loop() -> None:
    loop = [Status.COMPLETED, Status.REJECTED, Status.RECTIFYING, Status.REJECTED]
    for current, target in pairwise(loop):
        assert check_transition(current, target, FULL_FACTS) == []
    assert check_transition(Status.RECTIFYING, Status.ACCEPTED, FULL_FACTS) == []


def test_skipping_a_step_is_refused_with_choices() -> None:
    errors = check_transition(Status.PLANNED, Status.COMPLETED, FULL_FACTS)
    assert len(errors) == 1
    assert errors[0].field == "status"
    assert errors[0].label == "状态"
    assert errors[0].message == "不能从“计划”直接变为“竣工”；可选：在建、终止"


def test_final_status_cannot_move() -> None:
    [error] = check_transition(Status.TERMINATED, Status.PLANNED, FULL_FACTS)
    assert error.field == "status"
    assert "最终状态" in error.message


def test_same_status_is_an_error() -> None:
    [error] = check_transition(Status.IN_PROGRESS, Status.IN_PROGRESS, FULL_FACTS)
    assert error.field == "status"
    assert "在建" in error.message


@pytest.mark.parametrize(
    ("current", "target", "field", "message"),
    [
        (
            Status.PLANNED,
            Status.IN_PROGRESS,
            "actual_start_date",
            "转为“在建”需要填写实际开工日期",
        ),
        (
            Status.IN_PROGRESS,
            Status.COMPLETED,
            "actual_completion_date",
            "转为“竣工”需要填写实际竣工日期",
        ),
        (Status.COMPLETED, Status.ACCEPTED, "acceptance_date", "转为“已验收”需要填写验收日期"),
        (Status.PLANNED, Status.TERMINATED, "reason", "转为“终止”需要填写原因"),
        (Status.REJECTED, Status.RECTIFYING, "reason", "转为“整改”需要填写原因"),
        (Status.ACCEPTED, Status.PAID, "payment", "转为“已拨付”需要先登记补助拨付"),
    ],
)
def test_missing_fact_names_the_field(
    current: Status, target: Status, field: str, message: str
) -> None:
    [error] = check_transition(current, target, TransitionFacts())
    assert (error.field, error.message) == (field, message)


def test_rejection_needs_both_date_and_reason() -> None:
    errors = check_transition(Status.COMPLETED, Status.REJECTED, TransitionFacts())
    assert [e.field for e in errors] == ["acceptance_date", "reason"]


def test_blank_reason_and_zero_payment_do_not_count() -> None:
    facts = TransitionFacts(reason="  \u3000 ", payments_total=Decimal("0.00"))
    assert check_transition(Status.PLANNED, Status.TERMINATED, facts)
    assert check_transition(Status.ACCEPTED, Status.PAID, facts)


def test_every_need_message_is_chinese_and_names_field_and_target() -> None:
    for current, moves in TRANSITIONS.items():
        for target, needs in moves.items():
            errors = check_transition(current, target, TransitionFacts())
            assert {e.field for e in errors} == {n.value for n in needs}
            for error in errors:
                assert CHINESE.search(error.message)
                assert error.label == NEED_LABELS[Need(error.field)]
                assert error.label in error.message
                assert f"“{target}”" in error.message


def test_every_refused_move_message_is_chinese() -> None:
    for current in Status:
        for target in Status:
            if target in TRANSITIONS[current]:
                continue
            [error] = check_transition(current, target, FULL_FACTS)
            assert error.field == "status"
            assert CHINESE.search(error.message)
            assert f"“{current}”" in error.message


def test_plain_strings_are_accepted_for_statuses() -> None:
    assert check_transition("计划", "在建", FULL_FACTS) == []  # type: ignore[arg-type]
    assert allowed_next("已验收") == [Status.PAID]  # type: ignore[arg-type]


def test_completed_statuses() -> None:
    built = {Status.COMPLETED, Status.ACCEPTED, Status.PAID, Status.REJECTED, Status.RECTIFYING}
    assert built == COMPLETED_STATUSES
    assert Status.TERMINATED not in COMPLETED_STATUSES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("计划", Status.PLANNED),
        (" 在建 ", Status.IN_PROGRESS),
        ("验收不通过", Status.REJECTED),
        ("撤项", Status.TERMINATED),
        ("终止", Status.TERMINATED),
        ("PAID", Status.PAID),
        ("in_progress", Status.IN_PROGRESS),
    ],
)
def test_parse_status(text: str, expected: Status) -> None:
    assert parse_status(text) is expected


@pytest.mark.parametrize("text", ["", "完成了", "验收"])
def test_parse_status_unknown_raises_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="无法识别的项目状态"):
        parse_status(text)
