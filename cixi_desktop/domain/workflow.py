"""The project status workflow, as data: which moves exist and what each one needs.

Services call :func:`check_transition` before writing a status change; the window
calls :func:`allowed_next` to offer only the moves that exist.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from cixi_desktop.domain.errors import FieldError


class Status(StrEnum):
    PLANNED = "计划"
    IN_PROGRESS = "在建"
    COMPLETED = "竣工"
    ACCEPTED = "已验收"
    PAID = "已拨付"
    REJECTED = "验收不通过"
    RECTIFYING = "整改"
    TERMINATED = "终止"


# Construction finished, whatever the acceptance outcome: counts as 完成 in summaries.
COMPLETED_STATUSES: frozenset[Status] = frozenset(
    {Status.COMPLETED, Status.ACCEPTED, Status.PAID, Status.REJECTED, Status.RECTIFYING}
)

FINAL_STATUSES: frozenset[Status] = frozenset({Status.PAID, Status.TERMINATED})


class Need(StrEnum):
    """A fact a move requires; the value is the project field the UI points at."""

    ACTUAL_START_DATE = "actual_start_date"
    ACTUAL_COMPLETION_DATE = "actual_completion_date"
    ACCEPTANCE_DATE = "acceptance_date"
    REASON = "reason"
    PAYMENT = "payment"


NEED_LABELS: Mapping[Need, str] = MappingProxyType(
    {
        Need.ACTUAL_START_DATE: "实际开工日期",
        Need.ACTUAL_COMPLETION_DATE: "实际竣工日期",
        Need.ACCEPTANCE_DATE: "验收日期",
        Need.REASON: "原因",
        Need.PAYMENT: "补助拨付",
    }
)

_START = frozenset({Need.ACTUAL_START_DATE})
_COMPLETION = frozenset({Need.ACTUAL_COMPLETION_DATE})
_ACCEPTANCE = frozenset({Need.ACCEPTANCE_DATE})
_REASON = frozenset({Need.REASON})
_ACCEPTANCE_AND_REASON = frozenset({Need.ACCEPTANCE_DATE, Need.REASON})
_PAYMENT = frozenset({Need.PAYMENT})

# Insertion order is the order moves are offered in: the forward path first,
# the side exit (终止) last.
TRANSITIONS: Mapping[Status, Mapping[Status, frozenset[Need]]] = MappingProxyType(
    {
        Status.PLANNED: MappingProxyType({Status.IN_PROGRESS: _START, Status.TERMINATED: _REASON}),
        Status.IN_PROGRESS: MappingProxyType(
            {Status.COMPLETED: _COMPLETION, Status.TERMINATED: _REASON}
        ),
        Status.COMPLETED: MappingProxyType(
            {
                Status.ACCEPTED: _ACCEPTANCE,
                Status.REJECTED: _ACCEPTANCE_AND_REASON,
                Status.TERMINATED: _REASON,
            }
        ),
        Status.REJECTED: MappingProxyType({Status.RECTIFYING: _REASON, Status.TERMINATED: _REASON}),
        Status.RECTIFYING: MappingProxyType(
            {
                Status.ACCEPTED: _ACCEPTANCE,
                Status.REJECTED: _ACCEPTANCE_AND_REASON,
                Status.TERMINATED: _REASON,
            }
        ),
        Status.ACCEPTED: MappingProxyType({Status.PAID: _PAYMENT}),
        Status.PAID: MappingProxyType({}),
        Status.TERMINATED: MappingProxyType({}),
    }
)

# Words found in town sheets and older ledgers for the same statuses.
_ALIASES: Mapping[str, Status] = MappingProxyType(
    {
        "撤项": Status.TERMINATED,
        "已撤项": Status.TERMINATED,
        "已终止": Status.TERMINATED,
        "立项": Status.PLANNED,
        "已竣工": Status.COMPLETED,
        "已整改": Status.RECTIFYING,
        "整改中": Status.RECTIFYING,
    }
)


def parse_status(text: str) -> Status:
    """The status named by ``text`` (Chinese name, alias such as 撤项, or member name)."""
    key = "".join(unicodedata.normalize("NFKC", text or "").split())
    for status in Status:
        if key == status.value or key.upper() == status.name:
            return status
    if key in _ALIASES:
        return _ALIASES[key]
    choices = "、".join(Status)
    raise ValueError(f"无法识别的项目状态“{text}”；可选：{choices}")


def allowed_next(current: Status) -> list[Status]:
    return list(TRANSITIONS[Status(current)])


@dataclass
class TransitionFacts:
    """What the project has at the moment of the move."""

    actual_start_date: date | None = None
    actual_completion_date: date | None = None
    acceptance_date: date | None = None
    reason: str = ""
    payments_total: Decimal = Decimal(0)

    def has(self, need: Need) -> bool:
        match need:
            case Need.ACTUAL_START_DATE:
                return self.actual_start_date is not None
            case Need.ACTUAL_COMPLETION_DATE:
                return self.actual_completion_date is not None
            case Need.ACCEPTANCE_DATE:
                return self.acceptance_date is not None
            case Need.REASON:
                return bool(self.reason and self.reason.strip())
            case Need.PAYMENT:
                return self.payments_total > 0


def _need_message(need: Need, target: Status) -> str:
    if need is Need.PAYMENT:
        return f"转为“{target}”需要先登记{NEED_LABELS[need]}"
    return f"转为“{target}”需要填写{NEED_LABELS[need]}"


def check_transition(current: Status, target: Status, facts: TransitionFacts) -> list[FieldError]:
    """Problems that forbid moving from ``current`` to ``target``; empty when allowed."""
    current, target = Status(current), Status(target)
    if current == target:
        return [FieldError("status", "状态", f"项目已是“{current}”状态，请选择其他状态")]
    moves = TRANSITIONS[current]
    if target not in moves:
        if not moves:
            message = f"“{current}”是最终状态，不能再变为“{target}”"
        else:
            message = f"不能从“{current}”直接变为“{target}”；可选：{'、'.join(moves)}"
        return [FieldError("status", "状态", message)]
    # Sorted by the Need enum's order so the messages come out in form order.
    missing = [need for need in Need if need in moves[target] and not facts.has(need)]
    return [
        FieldError(need.value, NEED_LABELS[need], _need_message(need, target)) for need in missing
    ]
