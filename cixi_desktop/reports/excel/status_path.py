"""How an imported status is reached: the new project is created as 计划 and moved along
the workflow's forward path with the row's dates, so its history reads like the real one
and every move is checked by the same rules as a move made in the window."""

from __future__ import annotations

from collections.abc import Mapping

from cixi_desktop.domain.errors import FieldError
from cixi_desktop.domain.workflow import NEED_LABELS, TRANSITIONS, Need, Status

FORWARD = (Status.PLANNED, Status.IN_PROGRESS, Status.COMPLETED, Status.ACCEPTED, Status.PAID)
_SIDE = {
    Status.REJECTED: (Status.PLANNED, Status.IN_PROGRESS, Status.COMPLETED, Status.REJECTED),
    Status.RECTIFYING: (
        Status.PLANNED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
        Status.REJECTED,
        Status.RECTIFYING,
    ),
}


def full_path(target: Status, facts: Mapping[str, object]) -> tuple[Status, ...]:
    """Every status from 计划 to ``target``; 终止 comes after as much progress as the dates show."""
    if target in FORWARD:
        return FORWARD[: FORWARD.index(target) + 1]
    if target in _SIDE:
        return _SIDE[target]
    steps = [Status.PLANNED]
    if facts.get("actual_start_date"):
        steps.append(Status.IN_PROGRESS)
        if facts.get("actual_completion_date"):
            steps.append(Status.COMPLETED)
    return (*steps, Status.TERMINATED)


def moves_from(current: Status, target: Status, facts: Mapping[str, object]) -> list[Status] | None:
    """The moves left from ``current``; [] when already there, None when ``target`` is behind
    or on another branch (an import never moves a project backwards)."""
    path = full_path(target, facts)
    if current == target:
        return []
    if current not in path:
        return None
    return list(path[path.index(current) + 1 :])


def _has(need: Need, facts: Mapping[str, object]) -> bool:
    if need is Need.REASON:
        return True  # the import itself is the reason, written into the history
    if need is Need.PAYMENT:
        return bool(facts.get("paid")) and facts.get("paid_on") is not None
    return facts.get(need.value) is not None


def missing_facts(
    current: Status, moves: list[Status], target: Status, facts: Mapping[str, object]
) -> list[FieldError]:
    """One error per fact the moves need and the row lacks, naming the field to fill in."""
    errors: list[FieldError] = []
    seen: set[Need] = set()
    step = current
    for nxt in moves:
        for need in sorted(TRANSITIONS[step][nxt], key=list(Need).index):
            if need in seen or _has(need, facts):
                continue
            seen.add(need)
            if need is Need.PAYMENT:
                errors.append(
                    FieldError(
                        "paid_on",
                        "拨付日期",
                        f"状态为“{target}”，需要填写已拨付金额（万元）和拨付日期",
                    )
                )
            else:
                label = NEED_LABELS[need]
                errors.append(FieldError(need.value, label, f"状态为“{target}”，需要填写{label}"))
        step = nxt
    return errors
