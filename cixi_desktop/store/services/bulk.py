"""Many new enterprises and projects in one write: a town's whole ledger imported at once.

What ``create_enterprise``, ``create_provider``, ``create_project``, ``record_payment`` and
``change_status`` do one record at a time, done for a batch: the same rules (domain
validation, reference codes, unique USCCs, codes and provider names, workflow moves and the
facts each needs, payments within the approved subsidy), the same permission checks (once
per distinct town and status instead of once per row), the same records written (project
codes as ``next_code`` gives them, 计划 first and each move in the history, one audit entry
per created record and per status move, versions as the single-record path leaves them).

Everything is checked before anything is written; a refused batch raises
:class:`BatchRefused` naming each refused project by its position, and writes nothing. The
writes are one multi-row INSERT per table (in chunks), inside one savepoint: all or nothing.

Values must already be clean (typed, as ``domain.fields.clean_fields`` returns them): the
importer has parsed every cell and names the problems by row. Raw text for an amount or a
date is refused here rather than parsed again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from itertools import pairwise
from operator import itemgetter

from sqlalchemy import Connection, Date, DateTime, Select, Table, func, select
from sqlalchemy.orm import Session

from cixi_desktop.domain.dates import MAX_YEAR as MAX_DAY_YEAR
from cixi_desktop.domain.dates import MIN_YEAR as MIN_DAY_YEAR
from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.domain.fields import (
    ENTERPRISE_FIELDS,
    MAX_YEAR,
    MIN_YEAR,
    PROJECT_FIELDS,
    FieldSpec,
    Kind,
    validate_enterprise,
    validate_project,
)
from cixi_desktop.domain.text import clean_name
from cixi_desktop.domain.workflow import Status, TransitionFacts, check_transition
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import (
    AuditEntry,
    Category,
    Cluster,
    Division,
    Enterprise,
    FormerName,
    Project,
    ProjectProvider,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
    Town,
)
from cixi_desktop.store.services.audit import as_text
from cixi_desktop.store.services.permissions import Permission, require, require_move
from cixi_desktop.store.services.projects import CODE_PREFIX

INSERT_CHUNK = 1_000
# Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535.
MAX_PARAMETERS = 30_000
_IN_CHUNK = 500
_MAX_AMOUNT = Decimal(10) ** 15  # 万元: far beyond any project, well within the BIGINT
_PROVIDER = ("providers", "服务商")
_ENTERPRISE = ("enterprise_id", "企业")
_PAYMENT = ("amount", "拨付金额（万元）")


@dataclass(frozen=True)
class NewEnterprise:
    values: Mapping[str, object]  # clean values of ENTERPRISE_FIELDS
    former_names: Sequence[str] = ()


@dataclass(frozen=True)
class NewProject:
    """A project to create. ``enterprise`` is a registered enterprise's id, or the position
    of a :class:`NewEnterprise` of the same batch. A provider is a registered provider's id
    or the name of one of the batch's new providers."""

    enterprise: uuid.UUID | int
    values: Mapping[str, object]  # clean values of PROJECT_FIELDS
    providers: Sequence[tuple[uuid.UUID | str, str]] = ()
    moves: Sequence[Status] = ()  # the workflow path walked after the first status
    payment: tuple[date, Decimal] | None = None  # recorded before the moves
    reason: str = ""  # history and payment note, as a person's move would carry


@dataclass
class Created:
    enterprise_ids: dict[int, uuid.UUID] = field(default_factory=dict)  # by position given
    provider_ids: dict[str, uuid.UUID] = field(default_factory=dict)  # by the name given
    project_ids: list[uuid.UUID] = field(default_factory=list)
    project_codes: list[str] = field(default_factory=list)


class BatchRefused(ValidationError):
    """Projects of the batch that cannot be created, by position; nothing was written.

    A problem of a new enterprise or a new provider is charged to the first project that
    brings it (the one whose single-record write would have failed)."""

    def __init__(self, failures: Mapping[int, Sequence[FieldError]]) -> None:
        self.failures = {i: tuple(errs) for i, errs in sorted(failures.items())}
        super().__init__(e for errs in self.failures.values() for e in errs)


# --- values must be clean ------------------------------------------------------------------


def _amount_ok(value: object) -> bool:
    # The sign is validate_project's to word ("不能为负数"); the size the column's to hold.
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and abs(value) < _MAX_AMOUNT
        and value == value.quantize(Decimal("0.01"))
    )


def _percent_ok(value: object) -> bool:
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and -100 <= value <= 100
        and value == value.quantize(Decimal("0.01"))
    )


def _int_in(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


_STATUSES = frozenset(s.value for s in Status)
_CLEAN: Mapping[Kind, Callable[[object], bool]] = {
    Kind.TEXT: lambda v: type(v) is str,
    Kind.CODE: lambda v: type(v) is str and v != "",
    Kind.USCC: lambda v: type(v) is str and len(v) == 18,
    Kind.PHONE: lambda v: type(v) is str,
    Kind.AMOUNT: _amount_ok,
    Kind.PERCENT: _percent_ok,
    Kind.DATE: lambda v: type(v) is date and MIN_DAY_YEAR <= v.year <= MAX_DAY_YEAR,
    Kind.YEAR: lambda v: _int_in(v, MIN_YEAR, MAX_YEAR),
    Kind.COUNT: lambda v: _int_in(v, 0, 10_000_000),
    Kind.FLAG: lambda v: type(v) is bool,
    Kind.STATUS: lambda v: v in _STATUSES,
}
# What each kind's parser makes of an empty cell (None or ""), as clean_fields does.
_EMPTY: Mapping[Kind, object] = {Kind.TEXT: "", Kind.PHONE: "", Kind.FLAG: False}


# Per field: its check, longest text, empty value and label (worked out once per spec table).
_Rule = tuple[Callable[[object], bool], int | None, object, str]
_RULES: dict[int, tuple[Mapping[str, FieldSpec], dict[str, _Rule]]] = {}


def _rules(specs: Mapping[str, FieldSpec]) -> dict[str, _Rule]:
    held = _RULES.get(id(specs))
    if held is None or held[0] is not specs:
        rules = {
            name: (
                _CLEAN[spec.kind],
                getattr(spec, "max_length", None),
                _EMPTY.get(spec.kind),
                spec.label,
            )
            for name, spec in specs.items()
        }
        held = _RULES[id(specs)] = (specs, rules)
    return held[1]


def _clean_values(
    values: Mapping[str, object], specs: Mapping[str, FieldSpec]
) -> tuple[dict[str, object], list[FieldError]]:
    """The known fields of ``values``, refusing any that is not already clean. Empty text
    and None are "not filled" here, as the cleaners leave them."""
    rules = _rules(specs)
    out: dict[str, object] = {}
    errors: list[FieldError] = []
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            continue  # as clean_fields: other keys are not fields
        clean, most, empty, label = rule
        if value is None or value == "":
            out[name] = empty
        elif not clean(value):
            errors.append(FieldError(name, label, f"不是整理好的值：{value!r}"))
        elif most and len(value) > most:  # type: ignore[arg-type]
            # As clean_fields: the column holds no more (PostgreSQL would refuse the row).
            errors.append(
                FieldError(name, label, f"最多 {most} 个字，现在有 {len(value):,} 个字")  # type: ignore[arg-type]
            )
        else:
            out[name] = value
    return out, errors


# --- what the batch needs from the database (one query per kind) -------------------------


def _chunks(items: Sequence[object], size: int = _IN_CHUNK) -> Iterable[Sequence[object]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(session: Session, column: object, wanted: Iterable[object]) -> set[object]:
    found: set[object] = set()
    for part in _chunks(list(set(wanted))):
        found.update(session.scalars(select(column).where(column.in_(part))))  # type: ignore[attr-defined]
    return found


@dataclass
class _Reference:
    towns: set[str]
    clusters: set[str]
    divisions: set[str]
    categories: set[str]

    @classmethod
    def load(cls, session: Session) -> _Reference:
        return cls(
            set(session.scalars(select(Town.code))),
            set(session.scalars(select(Cluster.code))),
            set(session.scalars(select(Division.code))),
            set(session.scalars(select(Category.code))),
        )

    def problems(self, values: Mapping[str, object]) -> list[FieldError]:
        """As ``resolve_codes``: each reference field must name a known row."""
        errors = []
        for name, known, label in (
            ("town_code", self.towns, "所属镇街"),
            ("cluster_code", self.clusters, "产业集群"),
            ("category_code", self.categories, "项目类别"),
            ("division_code", self.divisions, "国民经济行业（大类）"),
        ):
            text = values.get(name)
            if text and text not in known:
                errors.append(FieldError(name, label, f"没有“{text}”这一项，请从列表中选择"))
        return errors


@dataclass
class CodeBook:
    """The highest project code of each year, carried by a caller from one
    :func:`create_many` to the next inside one transaction (an import's run of new rows),
    so that it is read from the ledger once, not once a batch (reading it orders every code
    of the year). Valid only while nothing else writes projects: :meth:`clear` it after any
    other write."""

    best: dict[str, tuple[int, str]] = field(default_factory=dict)

    def clear(self) -> None:
        self.best.clear()


class _Codes:
    """Project codes as ``next_code`` hands them out one by one, for a whole batch: for each
    plan year the highest code is read once (or taken from the caller's :class:`CodeBook`),
    then numbers follow in memory, checked free (deleted projects keep their codes) a window
    of candidates at a time."""

    WINDOW = 1_000

    def __init__(self, session: Session, sqlite: bool, book: CodeBook | None = None) -> None:
        self.session = session
        self.sqlite = sqlite
        self.book = book
        self.taken: set[str] = set()  # codes this batch has given out or been given
        self.best: dict[str, tuple[int, str]] = {}  # by prefix: the longest, then highest
        self.free: dict[str, bool] = {}  # candidate codes checked against the ledger

    def _with(self, prefix: str) -> Select[tuple[str]]:
        if self.sqlite:  # a range the code index answers (LIKE there ignores case)
            top = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            return select(Project.code).where(Project.code >= prefix, Project.code < top)
        return select(Project.code).where(Project.code.startswith(prefix, autoescape=True))

    def _best(self, prefix: str) -> tuple[int, str]:
        if prefix not in self.best:
            known = [(len(c), c) for c in self.taken if c.startswith(prefix)]
            if self.book is not None and prefix in self.book.best:
                known.append(self.book.best[prefix])
            else:
                # As next_code: text "CX-2018-9999" sorts after "CX-2018-10000", so longest
                # first.
                stmt = self._with(prefix).order_by(
                    func.length(Project.code).desc(), Project.code.desc()
                )
                last = self.session.scalar(stmt.limit(1))
                if last:
                    known.append((len(last), last))
            self.best[prefix] = max(known, default=(0, ""))
        return self.best[prefix]

    def written(self) -> None:
        """The batch is written: its codes are the highest the caller's book knows now."""
        if self.book is not None:
            self.book.best.update(self.best)

    def _free(self, code: str, prefix: str, seq: int) -> bool:
        if code in self.taken:
            return False
        if code not in self.free:
            window = [f"{prefix}{n:04d}" for n in range(seq, seq + self.WINDOW)]
            used = set(self.session.scalars(select(Project.code).where(Project.code.in_(window))))
            self.free.update((c, c not in used) for c in window)
        return self.free[code]

    def take(self, code: str) -> None:
        """Record a code given by the row (checked free by the caller)."""
        self.taken.add(code)
        for prefix, best in self.best.items():
            if code.startswith(prefix):
                self.best[prefix] = max(best, (len(code), code))

    def next(self, year: int) -> str:
        prefix = f"{CODE_PREFIX}-{year}-"
        last = self._best(prefix)[1]
        tail = last[len(prefix) :] if last else "0"
        if not tail.isdigit():
            # A hand-made code ("CX-2018-0007B") is the longest: every code's number counts.
            tails = (c[len(prefix) :] for c in [*self.session.scalars(self._with(prefix))])
            mine = (c[len(prefix) :] for c in self.taken if c.startswith(prefix))
            numbers = [int(t) for t in (*tails, *mine) if t.isdigit()]
            tail = str(max(numbers, default=0))
        seq = int(tail) + 1
        # Numbers with extra leading zeros ("CX-2018-00012") can hide a higher one; never reuse.
        while not self._free(f"{prefix}{seq:04d}", prefix, seq):
            seq += 1
        code = f"{prefix}{seq:04d}"
        self.take(code)
        return code


# --- the service ---------------------------------------------------------------------------


@dataclass
class _Plan:
    """The rows to insert, built while checking."""

    enterprises: list[dict[str, object]] = field(default_factory=list)
    former_names: list[dict[str, object]] = field(default_factory=list)
    providers: list[dict[str, object]] = field(default_factory=list)
    projects: list[dict[str, object]] = field(default_factory=list)
    links: list[dict[str, object]] = field(default_factory=list)
    history: list[dict[str, object]] = field(default_factory=list)
    payments: list[dict[str, object]] = field(default_factory=list)
    audit: list[dict[str, object]] = field(default_factory=list)


def _tracked(row_id: uuid.UUID, now: datetime, user: str, version: int = 1) -> dict[str, object]:
    return {
        "id": row_id,
        "version": version,
        "created_at": now,
        "created_by": user,
        "updated_at": now,
        "updated_by": user,
        "deleted_at": None,
    }


@cache
def _defaults(model: type) -> dict[str, object]:
    """Every column of ``model`` at its default, as the ORM would write it."""
    out: dict[str, object] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        scalar = column.default is not None and column.default.is_scalar
        out[column.key] = column.default.arg if scalar else None
    return out


def _with_defaults(model: type, values: Mapping[str, object]) -> dict[str, object]:
    """A full row: one shape for every row, so the INSERT goes out as one statement."""
    return _defaults(model) | dict(values)


class _Checker:
    def __init__(self, db: Database, session: Session) -> None:
        self.db = db
        self.session = session
        self.now = db.now()
        self.user = db.user
        self.reference = _Reference.load(session)
        self.failures: dict[int, list[FieldError]] = {}
        self.plan = _Plan()

    def fail(self, index: int, errors: Sequence[FieldError]) -> None:
        if errors:
            self.failures.setdefault(index, []).extend(errors)

    def audit(
        self, at: datetime, entity: str, entity_id: uuid.UUID, action: str, **change: object
    ) -> None:
        self.plan.audit.append(
            {
                "at": at,
                "user": self.user,
                "entity": entity,
                "entity_id": str(entity_id),
                "action": action,
                "field": change.get("field", ""),
                "old": as_text(change.get("old")),
                "new": as_text(change.get("new")),
            }
        )


def _first_users(projects: Sequence[NewProject]) -> tuple[dict[int, int], dict[str, int]]:
    """The first project bringing each new enterprise and each new provider."""
    enterprises: dict[int, int] = {}
    providers: dict[str, int] = {}
    for i, project in enumerate(projects):
        if isinstance(project.enterprise, int):
            enterprises.setdefault(project.enterprise, i)
        for provider, _role in project.providers:
            if isinstance(provider, str):
                providers.setdefault(provider, i)
    return enterprises, providers


def _check_enterprises(
    c: _Checker, enterprises: Sequence[NewEnterprise], first: Mapping[int, int]
) -> tuple[list[uuid.UUID], list[str | None]]:
    """Ids (assigned now) and towns of the new enterprises; problems charged to ``first``."""
    ids = [uuid.uuid4() for _ in enterprises]
    towns: list[str | None] = []
    cleaned = []
    for e in enterprises:
        values, errors = _clean_values(e.values, ENTERPRISE_FIELDS)
        errors += validate_enterprise(values) + c.reference.problems(values)
        cleaned.append((values, errors))
        towns.append(str(values["town_code"]) if values.get("town_code") else None)
    usccs = [str(v["uscc"]) for v, _e in cleaned if v.get("uscc")]
    taken = {
        uscc: name
        for part in _chunks(usccs)
        for uscc, name in c.session.execute(
            select(Enterprise.uscc, Enterprise.name).where(Enterprise.uscc.in_(part))
        )
    }
    for i, (values, errors) in enumerate(cleaned):
        uscc = values.get("uscc")
        if uscc and uscc in taken:
            errors.append(
                FieldError("uscc", "统一社会信用代码", f"与已登记的企业“{taken[uscc]}”重复")
            )
        elif uscc:
            taken[str(uscc)] = str(values.get("name") or "")
        if i not in first:
            continue  # not used by any project: not created
        c.fail(first[i], [e for e in errors])
        row = _with_defaults(Enterprise, values | _tracked(ids[i], c.now, c.user))
        c.plan.enterprises.append(row)
        c.plan.former_names += [
            {"id": uuid.uuid4(), "enterprise_id": ids[i], "name": n, "until": None}
            for n in map(clean_name, enterprises[i].former_names)
            if n
        ]
        c.audit(c.now, "enterprise", ids[i], "create", new=values.get("name"))
    return ids, towns


def _check_providers(c: _Checker, first: Mapping[str, int]) -> dict[str, uuid.UUID]:
    ids: dict[str, uuid.UUID] = {}
    if not first:
        return ids
    require(c.db, Permission.ADD_PROVIDER)
    names = {given: clean_name(given) for given in first}
    taken = _existing(c.session, ServiceProvider.name, [n for n in names.values() if n])
    seen: set[str] = set()
    for given, index in first.items():
        name = names[given]
        if not name:
            c.fail(index, [FieldError("name", "服务商名称", "必须填写")])
            continue
        if name in taken or name in seen:
            c.fail(index, [FieldError("name", "服务商名称", "已有同名服务商")])
            continue
        seen.add(name)
        ids[given] = pid = uuid.uuid4()
        c.plan.providers.append(
            _with_defaults(ServiceProvider, {"name": name} | _tracked(pid, c.now, c.user))
        )
        c.audit(c.now, "service_provider", pid, "create", new=name)
    return ids


def create_many(
    db: Database,
    projects: Sequence[NewProject],
    enterprises: Sequence[NewEnterprise] = (),
    *,
    codes: CodeBook | None = None,
) -> Created:
    """Create ``projects`` (and the new ``enterprises`` and providers they bring) in one
    savepoint; :class:`BatchRefused` (nothing written) when any of them is refused.

    ``codes``: the highest codes as the previous call of the same transaction left them
    (see :class:`CodeBook`); updated when this call writes."""
    require(db, Permission.EDIT_LEDGER)
    created = Created()
    if not projects:
        return created
    with db.write() as session:
        c = _Checker(db, session)
        first_enterprise, first_provider = _first_users(projects)
        new_ids, new_towns = _check_enterprises(c, enterprises, first_enterprise)
        for town in {t for i, t in enumerate(new_towns) if i in first_enterprise and t}:
            require(db, Permission.EDIT_LEDGER, town, session=session)
        provider_ids = _check_providers(c, first_provider)
        towns = _owner_towns(c, projects, new_towns)
        book = _check_projects(c, projects, new_ids, towns, provider_ids, codes)
        if c.failures:
            raise BatchRefused(c.failures)
        _insert(session, c.plan)
        book.written()
        created.enterprise_ids = {i: new_ids[i] for i in sorted(first_enterprise)}
        created.provider_ids = provider_ids
        created.project_ids = [row["id"] for row in c.plan.projects]  # type: ignore[misc]
        created.project_codes = [str(row["code"]) for row in c.plan.projects]
    return created


def _owner_towns(
    c: _Checker, projects: Sequence[NewProject], new_towns: Sequence[str | None]
) -> list[str | None]:
    """Each project's enterprise's town (None when the enterprise does not exist)."""
    registered = [p.enterprise for p in projects if not isinstance(p.enterprise, int)]
    live: dict[object, str] = {}
    for part in _chunks(list(set(registered))):
        stmt = select(Enterprise.id, Enterprise.town_code).where(
            Enterprise.id.in_(part), Enterprise.deleted_at.is_(None)
        )
        live.update((eid, town) for eid, town in c.session.execute(stmt))
    return [
        new_towns[p.enterprise] if isinstance(p.enterprise, int) else live.get(p.enterprise)
        for p in projects
    ]


def _check_projects(
    c: _Checker,
    projects: Sequence[NewProject],
    new_ids: Sequence[uuid.UUID],
    towns: Sequence[str | None],
    provider_ids: Mapping[str, uuid.UUID],
    book: CodeBook | None = None,
) -> _Codes:
    db, session = c.db, c.session
    # Permissions: once per distinct town, status and need, as each single write would ask.
    for town in {t for t in towns if t}:
        require(db, Permission.EDIT_LEDGER, town, session=session)
    starts = {str(p.values.get("status") or Status.PLANNED) for p in projects}
    for status in starts & _STATUSES:
        require_move(db, status)
    if any(p.values.get("approved_subsidy") is not None for p in projects):
        require(db, Permission.SUBSIDY)
    if any(p.payment is not None for p in projects):
        require(db, Permission.PAYMENT)
    for target, town in {(m, t) for p, t in zip(projects, towns, strict=True) for m in p.moves}:
        require_move(db, target)
        require_move(db, target, town, session=session)
    registered = {pid for p in projects for pid, _r in p.providers if not isinstance(pid, str)}
    known_providers = _existing(session, ServiceProvider.id, registered)
    given = [str(p.values["code"]) for p in projects if p.values.get("code")]
    taken_codes = _existing(session, Project.code, given)
    codes = _Codes(session, db.is_sqlite, book)
    for i, (project, town) in enumerate(zip(projects, towns, strict=True)):
        _check_project(
            c, i, project, town, new_ids, provider_ids, known_providers, taken_codes, codes
        )
    return codes


def _check_project(
    c: _Checker,
    index: int,
    project: NewProject,
    town: str | None,
    new_ids: Sequence[uuid.UUID],
    provider_ids: Mapping[str, uuid.UUID],
    known_providers: set[object],
    taken_codes: set[object],
    codes: _Codes,
) -> None:
    values, errors = _clean_values(project.values, PROJECT_FIELDS)
    start = Status(values.get("status") or Status.PLANNED)  # only a clean status is kept
    values["status"] = str(start)
    if town is None and not isinstance(project.enterprise, int):
        c.fail(index, [FieldError(*_ENTERPRISE, "所选企业不存在")])
        return
    errors += validate_project(values) + c.reference.problems(values)
    code = values.get("code")
    if code and code in taken_codes:
        errors.append(FieldError("code", "项目编号", f"编号 {code} 已被其他项目使用"))
    links: dict[tuple[uuid.UUID, str], None] = {}
    for provider, role in project.providers:
        if isinstance(provider, str):
            pid = provider_ids.get(provider)
            if pid is None:
                continue  # a new provider refused: charged to the project that brings it
        elif provider in known_providers:
            pid = provider
        else:
            errors.append(FieldError(*_PROVIDER, "所选服务商不存在"))
            continue
        links.setdefault((pid, clean_name(role) or "总包"), None)
    paid = Decimal(0)
    if project.payment is not None:
        _paid_on, amount = project.payment
        errors += _payment_problems(values.get("approved_subsidy"), amount)  # type: ignore[arg-type]
        paid = amount
    reason = clean_name(project.reason)
    steps = [start, *project.moves]
    for before, after in pairwise(steps):
        facts = TransitionFacts(
            actual_start_date=values.get("actual_start_date"),  # type: ignore[arg-type]
            actual_completion_date=values.get("actual_completion_date"),  # type: ignore[arg-type]
            acceptance_date=values.get("acceptance_date"),  # type: ignore[arg-type]
            reason=reason,
            payments_total=paid,
        )
        errors += check_transition(before, after, facts)
    if errors:
        c.fail(index, errors)
        return
    if code:
        codes.take(str(code))
        taken_codes.add(code)
    else:
        values["code"] = code = codes.next(int(values["plan_year"]))  # type: ignore[call-overload]
        taken_codes.add(code)
    owner = (
        new_ids[project.enterprise] if isinstance(project.enterprise, int) else project.enterprise
    )
    pid = uuid.uuid4()
    values["status"] = str(steps[-1])
    # One stamp per write the single-record path would make, a microsecond apart, so the
    # history and the audit trail keep their order when sorted by time.
    ticks = [c.now + timedelta(microseconds=k) for k in range(len(steps) + 1)]
    row = _with_defaults(
        Project,
        values
        | {"enterprise_id": owner}
        | _tracked(pid, c.now, c.user, 1 + len(project.moves))
        | {"updated_at": ticks[len(steps) - 1 + (project.payment is not None)]},
    )
    plan = c.plan
    plan.projects.append(row)
    plan.links += [{"project_id": pid, "provider_id": p, "role": r} for p, r in links]
    plan.history.append(_history(c, ticks[0], pid, None, start, "新建"))
    c.audit(ticks[0], "project", pid, "create", new=code)
    tick = 1
    if project.payment is not None:
        payment_id = uuid.uuid4()
        plan.payments.append(
            _with_defaults(
                SubsidyPayment,
                {"project_id": pid, "paid_on": project.payment[0], "amount": paid, "note": reason}
                | _tracked(payment_id, ticks[tick], c.user),
            )
        )
        c.audit(ticks[tick], "subsidy_payment", payment_id, "create", field="amount", new=paid)
        tick += 1
    for before, after in pairwise(steps):
        plan.history.append(_history(c, ticks[tick], pid, before, after, reason))
        c.audit(ticks[tick], "project", pid, "update", field="status", old=before, new=after)
        tick += 1


def _payment_problems(approved: Decimal | None, amount: object) -> list[FieldError]:
    """As ``record_payment`` on a project with nothing paid yet."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return [FieldError(*_PAYMENT, f"不是整理好的值：{amount!r}")]
    errors = []
    if amount <= 0:
        errors.append(FieldError(*_PAYMENT, "应大于 0"))
    if amount != amount.quantize(Decimal("0.01")):
        errors.append(FieldError(*_PAYMENT, "最多保留两位小数（单位：万元）"))
    if approved is None:
        errors.append(FieldError(*_PAYMENT, "项目还没有核定补助，不能拨付"))
    elif amount > approved:
        errors.append(FieldError(*_PAYMENT, f"累计拨付将超过核定补助 {approved} 万元"))
    return errors


def _history(
    c: _Checker,
    at: datetime,
    project_id: uuid.UUID,
    before: Status | None,
    after: Status,
    reason: str,
) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "project_id": project_id,
        "at": at,
        "by": c.user,
        "from_status": str(before) if before is not None else None,
        "to_status": str(after),
        "document_no": "",
        "reason": reason,
    }


def _insert(session: Session, plan: _Plan) -> None:
    """Parents before children, as the foreign keys want them; many rows per statement.

    One multi-row INSERT rather than one per row: SQLite's full-text index (kept by an
    insert trigger on projects and enterprises) writes its pending entries out at the end
    of each statement, which made row-by-row statements ~6× slower than the table itself.
    The statement text is made here, once per shape, with each column's own bind
    conversion: SQLAlchemy would compile a statement of thousands of parameters anew."""
    conn = session.connection()
    for model, rows in (
        (Enterprise, plan.enterprises),
        (FormerName, plan.former_names),
        (ServiceProvider, plan.providers),
        (Project, plan.projects),
        (ProjectProvider, plan.links),
        (StatusChange, plan.history),
        (SubsidyPayment, plan.payments),
        (AuditEntry, plan.audit),
    ):
        if rows:
            _RowsInsert(conn, model.__table__, list(rows[0])).run(rows)  # type: ignore[attr-defined]


class _RowsInsert:
    def __init__(self, conn: Connection, table: Table, keys: list[str]) -> None:
        dialect = conn.dialect
        self.conn = conn
        columns = [table.c[key] for key in keys]
        self.pick = itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))
        # Each column's conversion for the driver, as SQLAlchemy would bind it; stamps and
        # days repeat across rows and are converted once.
        self.convert = [
            (i, _remembered(fn) if isinstance(c.type, Date | DateTime) else fn)
            for i, c in enumerate(columns)
            if (fn := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        ]
        quote = dialect.identifier_preparer.quote
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        names = ", ".join(quote(c.name) for c in columns)
        self.head = f"INSERT INTO {quote(table.name)} ({names}) VALUES "
        self.one = "(" + ", ".join([mark] * len(columns)) + ")"
        self.per_statement = max(1, min(INSERT_CHUNK, MAX_PARAMETERS // len(columns)))

    def run(self, rows: Sequence[Mapping[str, object]]) -> None:
        pick, convert = self.pick, self.convert
        for start in range(0, len(rows), self.per_statement):
            part = rows[start : start + self.per_statement]
            params: list[object] = []
            for row in part:
                values = list(pick(row))
                for i, fn in convert:
                    if values[i] is not None:
                        values[i] = fn(values[i])
                params += values
            sql = self.head + ", ".join([self.one] * len(part))
            self.conn.exec_driver_sql(sql, tuple(params))


def _remembered(fn: Callable[[object], object]) -> Callable[[object], object]:
    seen: dict[tuple[type, object], object] = {}

    def convert(value: object) -> object:
        key = (value.__class__, value)
        if key not in seen:
            if len(seen) >= 10_000:
                seen.clear()
            seen[key] = fn(value)
        return seen[key]

    return convert


__all__ = ["BatchRefused", "CodeBook", "Created", "NewEnterprise", "NewProject", "create_many"]
