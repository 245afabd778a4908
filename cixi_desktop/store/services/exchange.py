"""Writes of a merge: rows that came in a package are checked with the domain rules,
written with their versions kept meaningful, and audited as ``merge`` entries naming
the package. Also the bookkeeping merging needs (kept as JSON preferences under
``exchange:*``) and a person's field-by-field resolution of a held conflict.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import FieldError, ValidationError, ValueProblem
from cixi_desktop.domain.fields import (
    ENTERPRISE_FIELDS,
    PROJECT_FIELDS,
    clean_fields,
    validate_enterprise,
    validate_project,
)
from cixi_desktop.domain.text import clean_name
from cixi_desktop.domain.uscc import clean_uscc
from cixi_desktop.domain.workflow import parse_status
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, NotFound
from cixi_desktop.store.exchange.records import (
    Record,
    describe,
    field_label,
    load_local,
    make_record,
)
from cixi_desktop.store.exchange.tables import BY_NAME, SPECS, row_from_json
from cixi_desktop.store.models import (
    AnnualPlan,
    AuditEntry,
    Enterprise,
    FormerName,
    Project,
    ProjectProvider,
    ServiceProvider,
    Setting,
    StatusChange,
    SubsidyPayment,
)
from cixi_desktop.store.services import audit, prefs
from cixi_desktop.store.services.permissions import Permission, require
from cixi_desktop.store.types import from_scaled, sum_scaled

MERGE = "merge"
MINE, THEIRS = "mine", "theirs"
# Preference keys (JSON in app_setting; no table of our own).
DATABASE_ID = "exchange:database_id"
LAST_EXPORT = "exchange:last_export"
APPLIED = "exchange:applied"
CONFLICTS = "exchange:conflicts"
SEEN_PREFIX = "exchange:seen:"


# Merging brings in every kind of change (subsidy, payments, acceptance): bureau work.


def require_merge(db: Database) -> None:
    """PermissionDenied unless the acting user may merge packages and resolve conflicts
    (a single-user ledger's owner, role None, may)."""
    require(db, Permission.MERGE)


# --- preferences read inside a write --------------------------------------------------------


def read_setting(session: Session, key: str, default: Any = None) -> Any:
    """A preference as this session sees it (``prefs.get_pref`` reads committed data only)."""
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def own_database_id(session: Session, db: Database) -> str | None:
    """This ledger's id for exchanges, or None when it has none yet.

    The id is tied to where the ledger lives: a file copied elsewhere is another
    ledger from then on, so its packages are not mistaken for the original's.
    """
    stored = read_setting(session, DATABASE_ID)
    if isinstance(stored, dict) and stored.get("home") == db.display_name:
        return str(stored["id"])
    return None


def ensure_database_id(db: Database) -> str:
    """This ledger's id, made and kept on first use (inside a batch it joins the batch)."""
    with db.read() as session:
        known = own_database_id(session, db)
        previous = read_setting(session, DATABASE_ID)
    if known is not None:
        return known
    new_id = str(uuid.uuid4())
    value: dict[str, Any] = {"id": new_id, "home": db.display_name}
    if isinstance(previous, dict) and previous.get("id"):
        value["copied_from"] = previous["id"]
    prefs.put_pref(db, DATABASE_ID, value)
    return new_id


@dataclass
class Seen:
    """What this ledger knows of one source: per incoming row id, the sync point
    ``[their version, our version, kept fields]`` and which local row it maps to."""

    rows: dict[str, list[Any]]
    alias: dict[str, str]

    @classmethod
    def load(cls, session: Session, source_id: str) -> Seen:
        data = read_setting(session, seen_key(source_id), {}) or {}
        return cls(rows=dict(data.get("rows", {})), alias=dict(data.get("alias", {})))

    def to_json(self, source_id: str) -> dict[str, Any]:
        return {"source": source_id, "rows": self.rows, "alias": self.alias}

    def save(self, db: Database, source_id: str) -> None:
        prefs.put_pref(db, seen_key(source_id), self.to_json(source_id))


def seen_key(source_id: str) -> str:
    """``exchange:seen:`` + the source id in 22 characters: the audit trail names a
    preference by its key in at most 36 characters (a longer one fails on PostgreSQL)."""
    compact = base64.urlsafe_b64encode(uuid.UUID(source_id).bytes).rstrip(b"=").decode()
    return SEEN_PREFIX + compact


# --- checking incoming rows with the domain rules -------------------------------------------


@dataclass
class Known:
    """Ids and codes a row may point at: this ledger's plus those arriving with it."""

    ids: dict[str, set[str]]
    codes: dict[str, set[str]]

    def has(self, table: str, row_id: object) -> bool:
        return str(row_id) in self.ids.get(table, set())

    def code(self, table: str, code: object) -> bool:
        return code is None or str(code) in self.codes.get(table, set())


def _clean_problems(values: Mapping[str, Any], specs: Mapping[str, Any]) -> list[FieldError]:
    raw = {name: values.get(name) for name in specs}
    return clean_fields(raw, specs)[1]


def record_problems(table: str, values: Mapping[str, Any], known: Known) -> list[FieldError]:
    """What is wrong with a row by the rules the services apply when staff type it."""
    errors: list[FieldError] = []

    def ref(field: str, label: str, ref_table: str) -> None:
        if not known.code(ref_table, values.get(field)):
            errors.append(FieldError(field, label, f"没有代码为 {values.get(field)} 的参考数据"))

    def parent(field: str, label: str, parent_table: str) -> None:
        if not known.has(parent_table, values.get(field)):
            errors.append(FieldError(field, label, "所指的记录既不在本库也不在交换包中"))

    if table == "enterprise":
        errors += _clean_problems(values, ENTERPRISE_FIELDS)
        errors += validate_enterprise(values)
        ref("town_code", "所属镇街", "ref_town")
        ref("cluster_code", "产业集群", "ref_cluster")
        ref("division_code", "国民经济行业（大类）", "ref_division")
    elif table == "project":
        errors += _clean_problems(values, PROJECT_FIELDS)
        errors += validate_project(values)
        if not clean_name(values.get("code")):
            errors.append(FieldError("code", "项目编号", "必须填写"))
        ref("category_code", "项目类别", "ref_category")
        ref("subsidy_rule_code", "补助规则", "subsidy_rule_set")
        parent("enterprise_id", "企业", "enterprise")
    elif table == "service_provider":
        if not clean_name(values.get("name")):
            errors.append(FieldError("name", "服务商名称", "必须填写"))
        if values.get("uscc"):
            try:
                clean_uscc(values["uscc"])
            except ValueProblem as exc:
                errors.append(FieldError("uscc", "统一社会信用代码", str(exc)))
        ref("town_code", "所在镇街", "ref_town")
    elif table == "annual_plan":
        for name, label in (
            ("planned_enterprises", "计划企业数"),
            ("planned_investment", "计划投资（万元）"),
        ):
            if values[name] < 0:
                errors.append(FieldError(name, label, "不能为负数"))
        ref("town_code", "镇街", "ref_town")
    elif table == "subsidy_payment":
        if values["amount"] <= 0:
            errors.append(FieldError("amount", "拨付金额（万元）", "应大于 0"))
        parent("project_id", "项目", "project")
    elif table == "enterprise_former_name":
        if not clean_name(values.get("name")):
            errors.append(FieldError("name", "曾用名", "必须填写"))
        parent("enterprise_id", "企业", "enterprise")
    elif table == "project_provider":
        parent("project_id", "项目", "project")
        parent("provider_id", "服务商", "service_provider")
    elif table == "status_change":
        for name in ("from_status", "to_status"):
            if values.get(name) is not None:
                try:
                    parse_status(values[name])
                except ValueError as exc:
                    errors.append(FieldError(name, "状态", str(exc)))
        parent("project_id", "项目", "project")
    return errors


def unique_problems(session: Session, table: str, values: Mapping[str, Any]) -> list[FieldError]:
    """Clashes with other rows of this ledger on codes that must be unique."""
    own = values["id"]
    checks: list[tuple[str, str, Any]] = []
    if table == "enterprise" and values.get("uscc"):
        checks.append(("uscc", "统一社会信用代码", Enterprise))
    if table == "service_provider":
        checks.append(("name", "服务商名称", ServiceProvider))
        if values.get("uscc"):
            checks.append(("uscc", "统一社会信用代码", ServiceProvider))
    if table == "project":
        checks.append(("code", "项目编号", Project))
    errors = []
    if table == "annual_plan":
        clash = session.scalar(
            select(AnnualPlan.id).where(
                AnnualPlan.year == values["year"],
                AnnualPlan.town_code == values["town_code"],
                AnnualPlan.id != own,
            )
        )
        if clash is not None:
            errors.append(FieldError("year", "年度", "本库已有该镇街该年度的计划"))
    for name, label, model in checks:
        column = getattr(model, name)
        if session.scalar(select(model.id).where(column == values[name], model.id != own)):
            errors.append(FieldError(name, label, f"“{values[name]}”已被本库的其他记录使用"))
    return errors


def _chunks(items: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    """Slices for IN (…) lists, well inside every backend's parameter limit."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def payment_problems(session: Session, project_ids: Iterable[uuid.UUID]) -> list[str]:
    """Projects whose live payments now exceed their approved subsidy."""
    problems = []
    for chunk in _chunks(set(project_ids)):
        paid = dict(
            session.execute(
                select(SubsidyPayment.project_id, sum_scaled(SubsidyPayment.amount))
                .where(SubsidyPayment.project_id.in_(chunk), SubsidyPayment.deleted_at.is_(None))
                .group_by(SubsidyPayment.project_id)
            ).all()
        )
        rows = session.execute(
            select(Project.id, Project.code, Project.approved_subsidy).where(
                Project.id.in_(list(paid))
            )
        )
        for project_id, code, approved in rows:
            total = from_scaled(paid[project_id])
            if total and (approved is None or total > approved):
                shown = "未核定" if approved is None else f"{approved} 万元"
                problems.append(f"项目 {code}：累计拨付 {total} 万元，超过核定补助（{shown}）")
    return sorted(problems)


# --- writing ---------------------------------------------------------------------------------


def insert_record(
    session: Session, db: Database, table: str, values: Mapping[str, Any], package: str
) -> None:
    """A record new to this ledger: its id, version and creation stamp kept as they came."""
    row = dict(values) | {"updated_at": db.now(), "updated_by": db.user}
    # Parameters, not .values(): a literal statement per row compiles afresh every time.
    session.execute(insert(BY_NAME[table].table), [row])
    audit.record(session, db, table, row["id"], MERGE, "", None, f"新增（交换包 {package}）")


def update_record(
    session: Session,
    db: Database,
    local: Record,
    changes: Mapping[str, Any],
    new_version: int,
    note: str,
) -> None:
    """Write ``changes`` (column values) over the local record, if it still has the version
    that was compared; each field is audited as a merge, then ``note`` names the package."""
    table = BY_NAME[local.table].table
    row_id = local.values["id"]
    result = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == local.version)
        .values(**changes, version=new_version, updated_at=db.now(), updated_by=db.user)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(
            entity=local.table,
            entity_id=local.id,
            expected_version=local.version,
            current_version=0,
        )
    for name, new in changes.items():
        audit.record(session, db, local.table, row_id, MERGE, name, local.values[name], new)
    audit.record(session, db, local.table, row_id, MERGE, "", None, note)


def replace_former_names(
    session: Session, db: Database, local: Record, rows: list[dict[str, Any]]
) -> None:
    enterprise_id = local.values["id"]
    session.execute(delete(FormerName.__table__).where(FormerName.enterprise_id == enterprise_id))
    for row in rows:
        taken = session.scalar(select(FormerName.id).where(FormerName.id == row["id"]))
        fresh = {**row, "enterprise_id": enterprise_id, "id": uuid.uuid4() if taken else row["id"]}
        session.execute(insert(FormerName.__table__), [fresh])
    audit.record(
        session,
        db,
        "enterprise",
        enterprise_id,
        MERGE,
        "former_names",
        "、".join(n for n, _ in local.content["former_names"]),
        "、".join(r["name"] for r in rows),
    )


def replace_providers(
    session: Session, db: Database, local: Record, links: list[list[str]]
) -> None:
    project_id = local.values["id"]
    session.execute(
        delete(ProjectProvider.__table__).where(ProjectProvider.project_id == project_id)
    )
    for provider_id, role in links:
        session.execute(
            insert(ProjectProvider.__table__).values(
                project_id=project_id, provider_id=uuid.UUID(provider_id), role=role
            )
        )
    audit.record(
        session,
        db,
        "project",
        project_id,
        MERGE,
        "providers",
        json.dumps(local.content["providers"], ensure_ascii=False),
        json.dumps(links, ensure_ascii=False),
    )


def insert_children(session: Session, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Former names and provider links of a record that is new here."""
    rows = list(rows)
    if rows:
        session.execute(insert(BY_NAME[table].table), rows)


def add_status_changes(session: Session, rows: Iterable[Mapping[str, Any]]) -> int:
    """History is append-only: add the moves this ledger lacks, by id."""
    rows = list(rows)
    if not rows:
        return 0
    present = set(
        session.scalars(select(StatusChange.id).where(StatusChange.id.in_([r["id"] for r in rows])))
    )
    new = [r for r in rows if r["id"] not in present]
    if new:
        session.execute(insert(StatusChange.__table__), new)
    return len(new)


def settle_history(
    session: Session, db: Database, project_ids: Iterable[uuid.UUID], package: str
) -> None:
    """After a merge each project's latest move must end in the status it now has."""
    for chunk in _chunks(set(project_ids)):
        status = dict(
            session.execute(select(Project.id, Project.status).where(Project.id.in_(chunk))).all()
        )
        last: dict[uuid.UUID, str] = {}
        moves = session.execute(
            select(StatusChange.project_id, StatusChange.to_status)
            .where(StatusChange.project_id.in_(chunk))
            .order_by(StatusChange.at, StatusChange.id)
        )
        for project_id, to_status in moves:
            last[project_id] = to_status
        rows = [
            {
                "id": uuid.uuid4(),
                "project_id": project_id,
                "at": db.now(),
                "by": db.user,
                "from_status": last.get(project_id),
                "to_status": now,
                "document_no": "",
                "reason": f"合并交换包 {package}"[:500],
            }
            for project_id, now in status.items()
            if last.get(project_id) != now
        ]
        if rows:
            session.execute(insert(StatusChange.__table__), rows)


def _audit_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    # Without the id (local to each ledger) but with the entity id, which differs per record.
    return (
        row["at"],
        row["user"],
        row["entity"],
        row["entity_id"],
        row["action"],
        row["field"],
        row["old"],
        row["new"],
    )


def add_audit_entries(session: Session, rows: Iterable[Mapping[str, Any]]) -> int:
    """Copy the source's history of its records, once: entries travel by content."""
    by_entity: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for row in rows:
        by_entity.setdefault(row["entity"], {}).setdefault(row["entity_id"], []).append(row)
    new: list[Mapping[str, Any]] = []
    for entity, by_id in by_entity.items():
        for chunk in _chunks(by_id):
            present = {
                _audit_key(r)
                for r in session.execute(
                    select(AuditEntry.__table__).where(
                        AuditEntry.entity == entity, AuditEntry.entity_id.in_(chunk)
                    )
                ).mappings()
            }
            for entity_id in chunk:
                for row in by_id[entity_id]:
                    if _audit_key(row) not in present:
                        new.append(row)
                        present.add(_audit_key(row))
    if new:
        session.execute(insert(AuditEntry.__table__), new)
    return len(new)


# --- held conflicts and their resolution ------------------------------------------------------


@dataclass(frozen=True)
class FieldChoice:
    name: str
    label: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class ConflictView:
    """A held conflict as the window shows it (texts only)."""

    id: str
    table: str
    local_id: str
    title: str
    package: str
    held_at: datetime
    fields: tuple[FieldChoice, ...]
    # What waits with it and goes in once it is resolved (a held project's payments).
    extras: tuple[str, ...] = ()


def pending_conflicts(db: Database) -> list[dict[str, Any]]:
    return list(prefs.get_pref(db, CONFLICTS, []) or [])


def _incoming(conflict: Mapping[str, Any]) -> Record:
    table = conflict["table"]
    values = row_from_json(BY_NAME[table], conflict["row"])
    children = conflict.get("children", {})
    names = [[n["name"], n["until"]] for n in children.get("former_names", [])]
    names.sort(key=lambda item: (item[1] or "", item[0]))
    return make_record(table, values, names, children.get("providers"))


def _open_fields(local: Record, theirs: Record, conflict: Mapping[str, Any]) -> list[str]:
    """Fields that differ, less those settled earlier (this ledger kept its value, e.g. a
    project code given anew, and the source still holds the value it was told)."""
    kept = conflict.get("kept", {})
    return [
        f
        for f in local.differing(theirs.content)
        if not (f in kept and theirs.content[f] == kept[f])
    ]


def _shown(session: Session, name: str, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if name == "providers":
        parts = []
        for provider_id, role in value:
            title = session.scalar(
                select(ServiceProvider.name).where(ServiceProvider.id == uuid.UUID(provider_id))
            )
            parts.append(f"{title or provider_id}（{role}）")
        return "；".join(parts) or "（无）"
    if name == "former_names":
        return "、".join(n for n, _ in value) or "（无）"
    if name == "enterprise_id":
        title = session.scalar(select(Enterprise.name).where(Enterprise.id == uuid.UUID(value)))
        return str(title or value)
    if name == "project_id":
        title = session.scalar(select(Project.code).where(Project.id == uuid.UUID(value)))
        return str(title or value)
    if name == "deleted_at":
        moment = datetime.fromisoformat(value).replace(tzinfo=UTC).astimezone()
        return f"已删除（{moment:%Y-%m-%d %H:%M}）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def conflict_views(db: Database) -> list[ConflictView]:
    """Every held conflict against the record as it is now, field by field."""
    views = []
    with db.read() as session:
        for conflict in read_setting(session, CONFLICTS, []) or []:
            theirs = _incoming(conflict)
            local = load_local(session, conflict["table"], conflict["local_id"])
            if local is None:
                continue
            fields = tuple(
                FieldChoice(
                    name,
                    field_label(local.table, name),
                    _shown(session, name, local.content[name]),
                    _shown(session, name, theirs.content.get(name)),
                )
                for name in _open_fields(local, theirs, conflict)
            )
            views.append(
                ConflictView(
                    id=conflict["id"],
                    table=conflict["table"],
                    local_id=conflict["local_id"],
                    title=describe(local.table, local.values),
                    package=conflict["package"],
                    held_at=datetime.fromisoformat(conflict["held_at"]),
                    fields=fields,
                    extras=tuple(
                        f"补助拨付 {p['amount']} 万元（{p['paid_on']}，{p['document_no'] or '无文号'}）"
                        for p in conflict.get("children", {}).get("payments", [])
                    ),
                )
            )
    return views


@dataclass(frozen=True)
class Resolution:
    table: str
    local_id: str
    taken: tuple[str, ...]
    kept: tuple[str, ...]
    version: int


def resolve_conflict(db: Database, conflict_id: str, choices: Mapping[str, str]) -> Resolution:
    """Apply a person's choice per field (``mine`` / ``theirs``) to a held conflict.

    Fields left out keep this ledger's value: nothing is overwritten unless chosen.
    The record takes the higher of both versions + 1, so either side sees it as newer.
    """
    require_merge(db)
    with db.batch() as session:
        return resolve_conflict_in(session, db, conflict_id, choices)


def resolve_conflict_in(
    session: Session, db: Database, conflict_id: str, choices: Mapping[str, str]
) -> Resolution:
    """:func:`resolve_conflict` inside a batch already open (a merge resolving at once)."""
    held = list(read_setting(session, CONFLICTS, []) or [])
    conflict = next((c for c in held if c["id"] == conflict_id), None)
    if conflict is None:
        raise NotFound("该冲突已处理或不存在")
    result = _resolve(session, db, conflict, choices)
    prefs.put_pref(db, CONFLICTS, [c for c in held if c["id"] != conflict_id])
    return result


def _resolve(
    session: Session, db: Database, conflict: Mapping[str, Any], choices: Mapping[str, str]
) -> Resolution:
    table = conflict["table"]
    theirs = _incoming(conflict)
    local = load_local(session, table, conflict["local_id"])
    if local is None:
        raise NotFound("冲突涉及的记录已不存在")
    fields = _open_fields(local, theirs, conflict)
    taken = [f for f in fields if choices.get(f) == THEIRS]
    kept = [f for f in fields if f not in taken]
    columns = [f for f in taken if f in local.values]
    final = dict(local.values) | {f: theirs.values[f] for f in columns}
    errors = record_problems(table, final, known_ids(session)) + unique_problems(
        session, table, final
    )
    if errors:
        raise ValidationError(errors)
    package = conflict["package"]
    version = local.version
    if fields:  # the record may have come to agree meanwhile
        version = max(local.version, theirs.version) + 1
        update_record(
            session,
            db,
            local,
            {f: theirs.values[f] for f in columns},
            version,
            f"逐项处理冲突：采用交换包 {package} 的 {len(taken)} 项，保留本库 {len(kept)} 项",
        )
    children = conflict.get("children", {})
    if "former_names" in taken:
        rows = [
            row_from_json(BY_NAME["enterprise_former_name"], r) for r in children["former_names"]
        ]
        replace_former_names(session, db, local, rows)
    if "providers" in taken:
        replace_providers(session, db, local, children.get("providers", []))
    if table == "project":
        project_id = local.values["id"]
        add_status_changes(
            session,
            (
                row_from_json(BY_NAME["status_change"], r)
                for r in children.get("status_changes", [])
            ),
        )
        for raw in children.get("payments", []):
            payment = row_from_json(BY_NAME["subsidy_payment"], raw)
            if session.get(SubsidyPayment, payment["id"]) is None:
                insert_record(session, db, "subsidy_payment", payment, package)
        settle_history(session, db, [project_id], package)
        problems = payment_problems(session, [project_id])
        if problems:
            raise ValidationError.single(
                "approved_subsidy", "核定补助（万元）", "；".join(problems)
            )
    add_audit_entries(
        session, (row_from_json(BY_NAME["audit_entry"], r) for r in children.get("audit", []))
    )
    seen = Seen.load(session, conflict["source_id"])
    kept_before = {k: v for k, v in dict(conflict.get("kept", {})).items() if k not in taken}
    kept_values = kept_before | {f: theirs.content.get(f) for f in kept}
    seen.rows[conflict["their_id"]] = [theirs.version, version, kept_values]
    seen.save(db, conflict["source_id"])
    return Resolution(table, local.id, tuple(taken), tuple(kept), version)


def known_ids(
    session: Session, arriving: Mapping[str, list[Mapping[str, Any]]] | None = None
) -> Known:
    """The ids and codes of this ledger, plus those ``arriving`` with them (a package)."""
    arriving = arriving or {}
    ids: dict[str, set[str]] = {}
    codes: dict[str, set[str]] = {}
    for spec in SPECS:
        if not (spec.tracked or spec.reference):
            continue
        found = {str(v) for v in session.scalars(select(spec.table.c[spec.key]))}
        found |= {str(r[spec.key]) for r in arriving.get(spec.name, [])}
        (ids if spec.tracked else codes)[spec.name] = found
    return Known(ids, codes)
