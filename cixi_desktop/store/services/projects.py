"""Project writes: create, edit, move through the workflow, grant and pay subsidy.

Status is never set by ``update_project``: it moves only through
``change_status``, which checks the workflow and records the history.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.domain.fields import PROJECT_FIELDS, clean_fields, validate_project
from cixi_desktop.domain.subsidy import SubsidyResult, SubsidyRuleSet, compute_subsidy
from cixi_desktop.domain.text import clean_name
from cixi_desktop.domain.workflow import Status, TransitionFacts, check_transition
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import NotFound
from cixi_desktop.store.models import (
    Category,
    Enterprise,
    Project,
    ProjectProvider,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
    SubsidyRuleSetRow,
)
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import (
    Permission,
    require,
    require_move,
)
from cixi_desktop.store.services.reference import resolve_codes
from cixi_desktop.store.services.rows import (
    apply_changes,
    load_for_update,
    places_error,
    stamp_new,
    touch,
)
from cixi_desktop.store.types import from_scaled, sum_scaled

ENTITY = "project"
# Fields a plain edit may touch; status and subsidy have their own operations.
EDITABLE = [n for n in PROJECT_FIELDS if n not in ("status", "code")]
CODE_PREFIX = "CX"


def _clean(raw: Mapping[str, object]) -> dict[str, object]:
    values, errors = clean_fields(raw, PROJECT_FIELDS)
    if errors:
        raise ValidationError(errors)
    return values


def next_code(session: Session, year: int) -> str:
    """One past the highest number used that year: CX-2018-0001 … CX-2018-9999, CX-2018-10000 …"""
    prefix = f"{CODE_PREFIX}-{year}-"
    # As text "CX-2018-9999" sorts after "CX-2018-10000", so the longest code comes first.
    codes = (
        select(Project.code)
        .where(Project.code.startswith(prefix, autoescape=True))
        .order_by(func.length(Project.code).desc(), Project.code.desc())
    )
    last = session.scalar(codes.limit(1))
    tail = last[len(prefix) :] if last else "0"
    if not tail.isdigit():
        # A hand-made code such as "CX-2018-0007B" is the longest: look at every code instead.
        tails = (code[len(prefix) :] for code in session.scalars(codes))
        tail = str(max((int(t) for t in tails if t.isdigit()), default=0))
    seq = int(tail) + 1
    # Numbers with extra leading zeros ("CX-2018-00012") can hide a higher one; never reuse.
    while session.scalar(select(Project.id).where(Project.code == f"{prefix}{seq:04d}")):
        seq += 1
    return f"{prefix}{seq:04d}"


def _check(session: Session, values: dict[str, object], own_id: uuid.UUID | None) -> None:
    errors = validate_project(values) + resolve_codes(session, values)
    code = values.get("code")
    if code:
        clash = session.scalar(select(Project.id).where(Project.code == code, Project.id != own_id))
        if clash is not None:
            errors.append(FieldError("code", "项目编号", f"编号 {code} 已被其他项目使用"))
    if errors:
        raise ValidationError(errors)


def _providers(
    session: Session, providers: Sequence[tuple[uuid.UUID, str]]
) -> list[ProjectProvider]:
    links = []
    for provider_id, role in providers:
        if session.get(ServiceProvider, provider_id) is None:
            raise ValidationError.single("providers", "服务商", "所选服务商不存在")
        links.append(ProjectProvider(provider_id=provider_id, role=clean_name(role) or "总包"))
    return links


def create_project(
    db: Database,
    enterprise_id: uuid.UUID,
    raw: Mapping[str, object],
    providers: Sequence[tuple[uuid.UUID, str]] = (),
) -> Project:
    """A new project in status 计划 (or the status given, for imports of history)."""
    require(db, Permission.EDIT_LEDGER)
    values = _clean(raw)
    values.setdefault("status", str(Status.PLANNED))
    values["status"] = values["status"] or str(Status.PLANNED)
    # Entering a project as already accepted, or with its subsidy, is approving it.
    require_move(db, str(values["status"]))
    if values.get("approved_subsidy") is not None:
        require(db, Permission.SUBSIDY)
    with db.write() as session:
        enterprise = session.get(Enterprise, enterprise_id)
        if enterprise is None or enterprise.deleted_at is not None:
            raise ValidationError.single("enterprise_id", "企业", "所选企业不存在")
        require(db, Permission.EDIT_LEDGER, enterprise.town_code, session=session)
        _check(session, values, None)
        if not values.get("code"):
            values["code"] = next_code(session, int(values["plan_year"]))  # type: ignore[call-overload]
        row = Project(enterprise_id=enterprise_id, **values)
        stamp_new(row, db)
        row.providers = _providers(session, providers)
        session.add(row)
        session.flush()
        session.add(
            StatusChange(
                project_id=row.id,
                at=db.now(),
                by=db.user,
                from_status=None,
                to_status=row.status,
                reason="新建",
            )
        )
        audit.record(session, db, ENTITY, row.id, "create", new=row.code)
    return row


def update_project(
    db: Database,
    project_id: uuid.UUID,
    expected_version: int,
    changes: Mapping[str, object],
    providers: Sequence[tuple[uuid.UUID, str]] | None = None,
) -> Project:
    if "status" in changes:
        raise ValidationError.single("status", "状态", "状态请通过流程按钮变更")
    require(db, Permission.EDIT_LEDGER)
    cleaned = _clean(changes)
    with db.write() as session:
        row = load_for_update(session, Project, project_id, expected_version)
        _require_project_edit(db, session, row, cleaned)
        if cleaned.get("code") not in (None, row.code):
            raise ValidationError.single("code", "项目编号", "项目编号建立后不能修改")
        merged = {name: getattr(row, name) for name in PROJECT_FIELDS} | cleaned
        _check(session, merged, row.id)
        _check_subsidy_edit(session, row, merged)
        # Every query comes before the row changes: a query after it would autoflush
        # the row mid-save and bump its version twice.
        links: list[ProjectProvider] | None = None
        before: list[tuple[str, str]] = []
        after: list[tuple[str, str]] = []
        if providers is not None:
            before = sorted((str(p.provider_id), p.role) for p in row.providers)
            after = sorted((str(pid), clean_name(role) or "总包") for pid, role in providers)
            if before != after:
                links = _providers(session, providers)
        apply_changes(session, row, {k: merged[k] for k in EDITABLE}, db)
        if links is not None:
            row.providers = links
            audit.record(
                session,
                db,
                ENTITY,
                row.id,
                "update",
                "providers",
                json.dumps(before, ensure_ascii=False),
                json.dumps(after, ensure_ascii=False),
            )
            touch(row, db)
    return row


def _project_town(session: Session, enterprise_id: object) -> str | None:
    return session.scalar(select(Enterprise.town_code).where(Enterprise.id == enterprise_id))


def _require_project_edit(
    db: Database, session: Session, row: Project, cleaned: Mapping[str, object]
) -> None:
    """A clerk edits their own town's projects; only reviewers change the approved subsidy."""
    require(db, Permission.EDIT_LEDGER, _project_town(session, row.enterprise_id), session=session)
    for name in ("approved_subsidy", "subsidy_override_reason"):
        if name in cleaned and cleaned[name] != getattr(row, name):
            require(db, Permission.SUBSIDY)


def _paid(session: Session, project_id: uuid.UUID) -> Decimal:
    """What has been paid on the project so far (payments not deleted)."""
    paid = session.scalar(
        select(sum_scaled(SubsidyPayment.amount)).where(
            SubsidyPayment.project_id == project_id, SubsidyPayment.deleted_at.is_(None)
        )
    )
    return from_scaled(paid)


def _subsidy_problems(session: Session, row: Project, approved: Decimal | None) -> list[FieldError]:
    """An approved subsidy may never fall below what has already been paid out."""
    paid = _paid(session, row.id)
    if paid and (approved is None or approved < paid):
        return [
            FieldError(
                "approved_subsidy",
                "核定补助（万元）",
                f"已拨付 {paid} 万元，核定补助不能少于已拨付金额",
            )
        ]
    return []


def _check_subsidy_edit(session: Session, row: Project, merged: Mapping[str, object]) -> None:
    """A plain edit of the approved subsidy obeys the rules of ``grant_subsidy``."""
    approved = merged.get("approved_subsidy")
    if approved == row.approved_subsidy:
        return
    assert approved is None or isinstance(approved, Decimal)
    errors = _subsidy_problems(session, row, approved)
    differs = row.subsidy_computed is not None and approved != row.subsidy_computed
    if differs and not clean_name(merged.get("subsidy_override_reason")):
        errors.append(
            FieldError(
                "subsidy_override_reason",
                "补助调整原因",
                f"核定金额与按规则计算的 {row.subsidy_computed} 万元不同，请说明原因",
            )
        )
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class StatusMove:
    """What a workflow move brings with it (the dates and words it needs)."""

    target: Status
    actual_start_date: date | None = None
    actual_completion_date: date | None = None
    acceptance_date: date | None = None
    acceptance_result: str = ""
    reason: str = ""
    document_no: str = ""


def change_status(
    db: Database, project_id: uuid.UUID, expected_version: int, move: StatusMove
) -> Project:
    require_move(db, move.target)
    with db.write() as session:
        row = load_for_update(session, Project, project_id, expected_version)
        town = _project_town(session, row.enterprise_id)
        require_move(db, move.target, town, session=session)
        dates = {
            "actual_start_date": move.actual_start_date or row.actual_start_date,
            "actual_completion_date": move.actual_completion_date or row.actual_completion_date,
            "acceptance_date": move.acceptance_date or row.acceptance_date,
        }
        facts = TransitionFacts(
            reason=clean_name(move.reason), payments_total=_paid(session, row.id), **dates
        )
        errors = check_transition(Status(row.status), move.target, facts)
        errors += validate_project({n: getattr(row, n) for n in PROJECT_FIELDS} | dates)
        if errors:
            raise ValidationError(errors)
        before = row.status
        changes: dict[str, object] = dict(dates) | {"status": str(move.target)}
        if move.acceptance_result:
            changes["acceptance_result"] = clean_name(move.acceptance_result)
        apply_changes(session, row, changes, db)
        session.add(
            StatusChange(
                project_id=row.id,
                at=db.now(),
                by=db.user,
                from_status=before,
                to_status=str(move.target),
                document_no=clean_name(move.document_no),
                reason=clean_name(move.reason),
            )
        )
    return row


def rule_set(session: Session, year: int) -> SubsidyRuleSet | None:
    row = session.scalar(
        select(SubsidyRuleSetRow)
        .where(SubsidyRuleSetRow.year == year)
        .order_by(SubsidyRuleSetRow.code.desc())
    )
    return SubsidyRuleSet.from_dict(json.loads(row.body)) if row else None


def compute_project_subsidy(session: Session, row: Project) -> SubsidyResult | None:
    """The subsidy the project's year's rules give, counting the enterprise's other grants."""
    rules = rule_set(session, row.plan_year)
    if rules is None:
        return None
    granted = session.scalar(
        select(sum_scaled(Project.approved_subsidy)).where(
            Project.enterprise_id == row.enterprise_id,
            Project.plan_year == row.plan_year,
            Project.id != row.id,
            Project.deleted_at.is_(None),
        )
    )
    category_name = session.get_one(Category, row.category_code).name
    return compute_subsidy(
        rules,
        equipment_investment=row.equipment_investment,
        total_investment=row.total_investment,
        category=category_name,
        enterprise_granted=from_scaled(granted),
    )


def grant_subsidy(
    db: Database,
    project_id: uuid.UUID,
    expected_version: int,
    amount: Decimal | None = None,
    reason: str = "",
) -> Project:
    """Record the computed subsidy and its rule; ``amount`` overrides it with a reason."""
    require(db, Permission.SUBSIDY)
    with db.write() as session:
        row = load_for_update(session, Project, project_id, expected_version)
        result = compute_project_subsidy(session, row)
        computed = result.amount if result else None
        approved = computed if amount is None else amount
        if approved is None:
            raise ValidationError.single(
                "approved_subsidy",
                "核定补助（万元）",
                f"{row.plan_year} 年没有补助规则，请直接填写金额并说明原因",
            )
        places = places_error("approved_subsidy", "核定补助（万元）", approved)
        if places is not None:
            raise ValidationError([places])
        if approved < 0:
            raise ValidationError.single("approved_subsidy", "核定补助（万元）", "不能为负数")
        if approved != computed and not clean_name(reason):
            raise ValidationError.single(
                "subsidy_override_reason", "补助调整原因", "核定金额与按规则计算的不同，请说明原因"
            )
        below_paid = _subsidy_problems(session, row, approved)
        if below_paid:
            raise ValidationError(below_paid)
        apply_changes(
            session,
            row,
            {
                "subsidy_computed": computed,
                "subsidy_rule_code": result.rule_code if result else None,
                "approved_subsidy": approved,
                "subsidy_override_reason": clean_name(reason) if approved != computed else "",
            },
            db,
        )
    return row


def record_payment(
    db: Database,
    project_id: uuid.UUID,
    paid_on: date,
    amount: Decimal,
    document_no: str = "",
    note: str = "",
) -> SubsidyPayment:
    """A staged payment; the total paid may not exceed the approved subsidy."""
    require(db, Permission.PAYMENT)
    with db.write() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            raise NotFound("找不到该项目")
        errors: list[FieldError] = []
        if amount <= 0:
            errors.append(FieldError("amount", "拨付金额（万元）", "应大于 0"))
        places = places_error("amount", "拨付金额（万元）", amount)
        if places is not None:
            errors.append(places)
        if project.approved_subsidy is None:
            errors.append(FieldError("amount", "拨付金额（万元）", "项目还没有核定补助，不能拨付"))
        else:
            if _paid(session, project_id) + amount > project.approved_subsidy:
                errors.append(
                    FieldError(
                        "amount",
                        "拨付金额（万元）",
                        f"累计拨付将超过核定补助 {project.approved_subsidy} 万元",
                    )
                )
        if errors:
            raise ValidationError(errors)
        payment = SubsidyPayment(
            project_id=project_id,
            paid_on=paid_on,
            amount=amount,
            document_no=clean_name(document_no),
            note=clean_name(note),
        )
        stamp_new(payment, db)
        session.add(payment)
        session.flush()
        audit.record(session, db, "subsidy_payment", payment.id, "create", "amount", None, amount)
    return payment
