"""Merging a package into this ledger: decide per record, then apply all or nothing.

Per record, by id (or, for a record both sides created, by its natural key: USCC, a
provider's name, a plan's year and town):

- new here → added with its id and version;
- saying the same → skipped;
- changed there, not here since the last sync point → updated;
- changed here, not there → skipped (this ledger is newer);
- changed on both sides → held as a conflict for a person, listing the fields.

A sync point says "this ledger's row at version d incorporated the source's row at
version s". This ledger keeps one per source (``exchange:seen:<source>``); the package
brings the exporter's own (its baselines), which covers a first import of records that
came from here. With no sync point at all, the audit trails decide: if one side's
history contains the other's, the containing side is newer; otherwise it's a conflict.
Nothing is overwritten silently.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError
from cixi_desktop.store.exchange.package import Baseline, Package, PackageRefused
from cixi_desktop.store.exchange.records import (
    Record,
    describe,
    former_names_json,
    load_local,
    make_record,
    providers_json,
)
from cixi_desktop.store.exchange.tables import SPECS, TRACKED, row_to_json
from cixi_desktop.store.models import (
    AnnualPlan,
    AuditEntry,
    Enterprise,
    Project,
    ServiceProvider,
)
from cixi_desktop.store.services import exchange as service
from cixi_desktop.store.services.projects import next_code

ADD, UPDATE, SKIP, CONFLICT = "add", "update", "skip", "conflict"
ACTION_NAMES = {ADD: "新增", UPDATE: "更新", SKIP: "跳过", CONFLICT: "冲突"}


@dataclass
class Decision:
    table: str
    their_id: str
    local_id: str | None
    action: str
    label: str
    their_version: int
    local_version: int | None = None
    fields: tuple[str, ...] = ()
    kept: dict[str, Any] = field(default_factory=dict)
    why: str = ""
    sync: bool = True
    new_code: str | None = None

    @property
    def signature(self) -> tuple[Any, ...]:
        return (self.table, self.their_id, self.local_id, self.action, self.fields, self.new_code)


@dataclass
class MergePlan:
    package: Package
    source_id: str
    decisions: list[Decision]
    already_applied: str | None = None
    references: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    reference_differences: list[str] = field(default_factory=list)
    alias: dict[str, str] = field(default_factory=dict)
    held_payments: dict[str, list[str]] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for d in self.decisions if d.action == action)

    def counts(self) -> dict[str, int]:
        found = Counter(d.action for d in self.decisions)
        return {a: found.get(a, 0) for a in (ADD, UPDATE, SKIP, CONFLICT)}

    @property
    def conflicts(self) -> list[Decision]:
        return [d for d in self.decisions if d.action == CONFLICT]

    @property
    def recoded(self) -> list[Decision]:
        return [d for d in self.decisions if d.new_code]

    @property
    def signature(self) -> tuple[Any, ...]:
        return (self.already_applied, tuple(d.signature for d in self.decisions))


# --- planning ---------------------------------------------------------------------------------


class _Incoming:
    """The package's rows indexed for planning, with ids mapped to this ledger's."""

    def __init__(self, package: Package) -> None:
        self.rows = package.rows
        self.alias: dict[str, str] = {}
        self.by_parent: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for table, key in (
            ("enterprise_former_name", "enterprise_id"),
            ("project_provider", "project_id"),
            ("status_change", "project_id"),
            ("subsidy_payment", "project_id"),
            ("audit_entry", "entity_id"),
        ):
            index: dict[str, list[dict[str, Any]]] = {}
            for row in package.rows[table]:
                index.setdefault(str(row[key]), []).append(row)
            self.by_parent[table] = index

    def children(self, table: str, parent_id: str) -> list[dict[str, Any]]:
        return self.by_parent[table].get(parent_id, [])

    def local(self, row_id: Any) -> uuid.UUID:
        return uuid.UUID(self.alias.get(str(row_id), str(row_id)))

    def mapped(self, table: str, row: Mapping[str, Any]) -> dict[str, Any]:
        values = dict(row)
        if table == "project":
            values["enterprise_id"] = self.local(values["enterprise_id"])
        return values

    def record(self, table: str, row: Mapping[str, Any]) -> Record:
        rid = str(row["id"])
        names = providers = None
        if table == "enterprise":
            names = former_names_json(self.children("enterprise_former_name", rid))
        if table == "project":
            providers = providers_json(
                (self.local(link["provider_id"]), link["role"])
                for link in self.children("project_provider", rid)
            )
        return make_record(table, self.mapped(table, row), names, providers)

    def audit_keys(self, row_id: str) -> set[tuple[Any, ...]]:
        return {
            _history_key(r) for r in self.children("audit_entry", row_id) if r["action"] != "merge"
        }


def _history_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (row["at"], row["user"], row["action"], row["field"], row["old"], row["new"])


def _local_history(session: Session, table: str, row_id: str) -> set[tuple[Any, ...]]:
    rows = session.execute(
        select(AuditEntry.__table__).where(
            AuditEntry.entity == table, AuditEntry.entity_id == row_id, AuditEntry.action != "merge"
        )
    ).mappings()
    return {_history_key(r) for r in rows}


def _refuse_invalid(package: Package, problems: list[str]) -> None:
    if problems:
        shown = "；".join(problems[:3])
        more = f"（另有 {len(problems) - 3} 处）" if len(problems) > 3 else ""
        raise PackageRefused(
            f"{_name(package)} 中有 {len(problems)} 处不符合规则，未导入任何数据：{shown}{more}"
        )


def _name(package: Package) -> str:
    return package.path.name if package.path else "交换包"


def _validate(package: Package, known: service.Known) -> None:
    problems = []
    for spec in SPECS:
        if spec.reference or spec.name == "audit_entry":
            continue
        for n, row in enumerate(package.rows[spec.name], start=1):
            for error in service.record_problems(spec.name, row, known):
                problems.append(f"{describe(spec.name, row)}（{spec.member} 第 {n} 行）{error}")
    _refuse_invalid(package, problems)


def _references(session: Session, package: Package, plan: MergePlan) -> None:
    """Reference codes this ledger lacks are added; differing ones stay as they are here."""
    for spec in SPECS:
        if not spec.reference:
            continue
        key = spec.key
        local = {r[key]: r for r in session.execute(select(spec.table)).mappings()}
        for row in package.rows[spec.name]:
            mine = local.get(row[key])
            if mine is None:
                plan.references.append((spec.name, row))
            elif row_to_json(spec, mine) != row_to_json(spec, row):
                plan.reference_differences.append(f"{spec.label} {row[key]}")


def _natural_match(session: Session, table: str, row: Mapping[str, Any]) -> uuid.UUID | None:
    """The local record the same real thing was registered as, for records made on both sides."""
    stmt = None
    if table == "service_provider":
        cond = ServiceProvider.name == row["name"]
        if row.get("uscc"):
            cond = cond | (ServiceProvider.uscc == row["uscc"])
        stmt = select(ServiceProvider.id).where(cond)
    elif table == "enterprise":
        if row.get("uscc"):
            stmt = select(Enterprise.id).where(Enterprise.uscc == row["uscc"])
        else:
            stmt = select(Enterprise.id).where(
                Enterprise.name == row["name"],
                Enterprise.town_code == row["town_code"],
                Enterprise.uscc.is_(None),
            )
    elif table == "annual_plan":
        stmt = select(AnnualPlan.id).where(
            AnnualPlan.year == row["year"], AnnualPlan.town_code == row["town_code"]
        )
    return session.scalar(stmt.limit(1)) if stmt is not None else None


def _decide(
    incoming: Record,
    local: Record,
    own: list[Any] | None,
    reverse: Baseline | None,
    history: Callable[[], tuple[set[Any], set[Any]]],
) -> Decision:
    d = Decision(
        incoming.table,
        incoming.id,
        local.id,
        SKIP,
        describe(local.table, local.values),
        incoming.version,
        local.version,
    )
    kept_before: dict[str, Any] = dict(own[2]) if own else {}
    diff = local.differing(incoming.content)
    settled = {
        f: kept_before[f]
        for f in diff
        if f in kept_before and incoming.content[f] == kept_before[f]
    }
    live = tuple(f for f in diff if f not in settled)
    d.kept = settled
    if not live:
        d.why = "内容相同"
        return d
    vi, vl = incoming.version, local.version
    use_own = own is not None and (reverse is None or int(own[1]) >= reverse.their)
    if use_own:
        assert own is not None
        if vi == int(own[0]):
            d.why, d.sync = "对方未再修改，本库较新", False
        elif vl != int(own[1]):
            d.action, d.fields = CONFLICT, live
        else:
            d.action, d.fields = UPDATE, live
        return d
    if reverse is not None:
        if vl == reverse.their:
            d.action, d.fields = UPDATE, live
        elif vi == reverse.ours and not reverse.kept:
            d.why, d.sync = "对方未再修改，本库较新", False
        else:
            d.action, d.fields = CONFLICT, live
        return d
    theirs_history, mine_history = history()
    if theirs_history <= mine_history:
        d.why, d.sync = "本库已包含对方的全部修改", False
    elif mine_history <= theirs_history:
        d.action, d.fields = UPDATE, live
    else:
        d.action, d.fields = CONFLICT, live
    return d


def _plan(session: Session, db: Database, package: Package) -> MergePlan:
    manifest = package.manifest
    own_id = service.own_database_id(session, db)
    if own_id is not None and manifest.database_id == own_id:
        raise PackageRefused(f"{_name(package)} 是本数据库自己导出的，无需导入")
    plan = MergePlan(package, manifest.database_id, [])
    applied = service.read_setting(session, service.APPLIED, {}) or {}
    if manifest.package_id in applied:
        plan.already_applied = str(applied[manifest.package_id].get("at", ""))
        return plan
    _validate(package, service.known_ids(session, package.rows))
    _references(session, package, plan)
    seen = service.Seen.load(session, manifest.database_id)
    reverse = {b.our_id: b for b in package.baselines if own_id is not None and b.source == own_id}
    incoming = _Incoming(package)
    problems: list[str] = []
    conflicting_projects: set[str] = set()
    for table in TRACKED:
        for row in package.rows[table]:
            their_id = str(row["id"])
            # A new payment of a held project waits with it: it may need the held subsidy.
            if (
                table == "subsidy_payment"
                and str(row["project_id"]) in conflicting_projects
                and load_local(session, table, their_id) is None
            ):
                plan.held_payments.setdefault(str(row["project_id"]), []).append(their_id)
                continue
            decision = _plan_row(session, incoming, seen, reverse, table, row, problems)
            plan.decisions.append(decision)
            if decision.local_id and decision.local_id != their_id:
                plan.alias[their_id] = decision.local_id
            if table == "project" and decision.action == CONFLICT:
                conflicting_projects.add(their_id)
    _refuse_invalid(package, problems)
    _renumber(session, plan, incoming)
    return plan


def _plan_row(
    session: Session,
    incoming: _Incoming,
    seen: service.Seen,
    reverse: Mapping[str, Baseline],
    table: str,
    row: Mapping[str, Any],
    problems: list[str],
) -> Decision:
    their_id = str(row["id"])
    base = reverse.get(their_id)
    candidates = [seen.alias.get(their_id), their_id, base.their_id if base else None]
    local: Record | None = None
    for candidate in candidates:
        if candidate and (local := load_local(session, table, candidate)) is not None:
            break
    if local is None:
        match = _natural_match(session, table, incoming.mapped(table, row))
        local = load_local(session, table, match) if match else None
    if local is not None and local.id != their_id:
        incoming.alias[their_id] = local.id
    record = incoming.record(table, row)
    if local is None:
        return Decision(table, their_id, None, ADD, describe(table, row), record.version)
    decision = _decide(
        record,
        local,
        seen.rows.get(their_id),
        base,
        lambda: (incoming.audit_keys(their_id), _local_history(session, table, local.id)),
    )
    if decision.action in (ADD, UPDATE):
        final = dict(local.values) | {
            f: record.values[f] for f in decision.fields if f in record.values
        }
        for error in service.unique_problems(session, table, final):
            if table == "project" and error.field == "code":
                decision.fields = tuple(f for f in decision.fields if f != "code")
                decision.kept["code"] = record.content["code"]
                decision.why = f"对方编号 {record.content['code']} 在本库已被占用，保留本库编号"
            else:
                problems.append(f"{decision.label}：{error}")
    return decision


def _renumber(session: Session, plan: MergePlan, incoming: _Incoming) -> None:
    """Projects new here whose code is taken (two towns both made CX-2019-0005 offline)
    get the next free code of their year; the source's code is remembered as kept."""
    taken = {c for c in session.scalars(select(Project.code))}
    arriving = {str(r["id"]): r for r in plan.package.rows["project"]}
    adds = [d for d in plan.decisions if d.table == "project" and d.action == ADD]
    for d in adds:
        taken_codes = taken | {
            arriving[o.their_id]["code"] for o in adds if o is not d and not o.new_code
        }
        code = arriving[d.their_id]["code"]
        if code in taken_codes:
            year = int(arriving[d.their_id]["plan_year"])
            d.new_code = _free_code(
                session, year, taken_codes | {o.new_code for o in adds if o.new_code}
            )
            d.kept["code"] = code
            d.why = f"编号 {code} 在本库已被其他项目使用，改为 {d.new_code}"


def _free_code(session: Session, year: int, taken: set[str | None]) -> str:
    code = next_code(session, year)
    prefix, number = code.rsplit("-", 1)
    seq = int(number)
    while code in taken:
        seq += 1
        code = f"{prefix}-{seq:04d}"
    return code


def plan_merge(db: Database, package: Package) -> MergePlan:
    """What merging ``package`` would do, decided without writing anything.

    Raises :class:`PackageRefused` for a package that cannot be merged at all.
    """
    with db.read() as session:
        return _plan(session, db, package)


class _DryRun(Exception):
    pass


def apply_merge(
    db: Database,
    plan: MergePlan,
    resolutions: Mapping[str, Mapping[str, str]] | None = None,
    *,
    dry_run: bool = False,
) -> MergePlan:
    """Carry out ``plan`` in one batch: all of it, or — on any refusal — nothing.

    ``resolutions`` maps a conflicting record's id in the package to its choice per
    field (``mine`` / ``theirs``); conflicts without one stay held for the window.
    The plan is decided again inside the batch; if the ledger changed since it was
    shown, the merge stops rather than act on a stale picture. ``dry_run`` goes
    through every write and check, then rolls back.
    """
    from cixi_desktop.store.exchange.applying import apply_plan

    if not dry_run:
        service.require_merge(db)
    try:
        with db.batch() as session:
            fresh = _plan(session, db, plan.package)
            if fresh.signature != plan.signature:
                raise PackageRefused("合并计划生成后本库数据又有变化，请重新导入并核对")
            if fresh.already_applied is None:
                apply_plan(session, db, fresh, resolutions or {})
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ConflictError as exc:
        raise PackageRefused("合并期间有人修改了同一记录，请重新导入") from exc
    return fresh


def summary_of(plan: MergePlan) -> str:
    """ "新增 3，更新 1，跳过 5，冲突 0"."""
    return "，".join(f"{ACTION_NAMES[a]} {n}" for a, n in plan.counts().items())


def describe_plan(plan: MergePlan) -> list[str]:
    """One line per record the merge adds, updates or holds, then the skipped ones counted
    by reason and the reference data it brings: what the CLI prints and the window lists."""
    from cixi_desktop.store.exchange.records import field_label
    from cixi_desktop.store.exchange.tables import BY_NAME

    lines = []
    for d in plan.decisions:
        if d.action == SKIP:
            continue
        fields = "、".join(field_label(d.table, f) for f in d.fields)
        detail = f"（{fields}）" if fields else ""
        note = f"：{d.why}" if d.why else ""
        lines.append(f"{ACTION_NAMES[d.action]}  {d.label}{detail}{note}")
    reasons = Counter(d.why for d in plan.decisions if d.action == SKIP)
    if reasons:
        lines.append("跳过  " + "，".join(f"{why} {n}" for why, n in reasons.items()))
    for table, row in plan.references:
        what = f"{BY_NAME[table].label} {row.get('code', '')} {row.get('name', '')}".strip()
        lines.append(f"新增参考数据  {what}")
    lines.extend(f"参考数据与本库不同，保留本库的：{text}" for text in plan.reference_differences)
    return lines


def merge_package(db: Database, package: Package) -> MergePlan:
    """Plan and apply in one go (the command line's ``exchange import``)."""
    return apply_merge(db, plan_merge(db, package))


__all__ = [
    "ACTION_NAMES",
    "ADD",
    "CONFLICT",
    "SKIP",
    "UPDATE",
    "Decision",
    "MergePlan",
    "apply_merge",
    "describe_plan",
    "merge_package",
    "plan_merge",
    "summary_of",
]
