"""Import of a town's ledger: plan (every problem by row and field, nothing written), then
commit (everything in one transaction through the store services, or nothing at all).

The preview runs the pipeline over the file — read, clean, match — and keeps what each row
it would write needs, compactly (a few hundred bytes a row: the cleaned values, the match;
not the cells). The commit writes exactly that when the ledger is as the preview saw it
(:func:`ledger_state`, read again inside the commit's transaction, and the file unchanged);
otherwise it runs the same pipeline again over the file, matching against the ledger as it
is now. Rows stream through the pipeline: cleaned one by one, matched against the database
a chunk at a time, so the reading side stays flat however long the file and however large
the ledger.
"""

from __future__ import annotations

import gc
import hashlib
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.domain.fields import validate_enterprise, validate_project
from cixi_desktop.domain.workflow import Status
from cixi_desktop.reports.excel.cleaning import DOMAIN_NAME, Resolver, RowData, RowReader
from cixi_desktop.reports.excel.header import RowKind, cell_text
from cixi_desktop.reports.excel.mapping import FIELDS_BY_KEY, ColumnMapping
from cixi_desktop.reports.excel.matching import Decision, Matcher, NewEnterprise
from cixi_desktop.reports.excel.status_path import missing_facts, moves_from
from cixi_desktop.reports.excel.table import Table, open_table
from cixi_desktop.store.database import Database
from cixi_desktop.store.import_queries import (
    EnterpriseRecord,
    ProjectRecord,
    Wanted,
    ledger_state,
    load_match_index,
    name_key,
    reference_lists,
)

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 200
# Rows cleaned before they are matched together (one database look-up per chunk).
CHUNK_ROWS = 500
_NAMING_FIELDS = frozenset({"enterprise_name", "project_name", "uscc", "code"})
KEEP_CHECKED = 20_000  # registered enterprises whose check is remembered
Cleaned = tuple[RowData, list[object], dict[str, object]]  # the row, its cells, what was filled in


class ImportCancelled(Exception):
    """The user pressed Cancel; the database is as it was."""


class ImportRefused(ValidationError):
    """Rows were refused and --skip-invalid was not given: nothing was written."""


@dataclass(frozen=True)
class Problem:
    row: int | None
    field: str  # the field's Chinese label, or "" for the whole row
    message: str
    level: str = "error"  # error: the row is refused; warning: imported, but read this

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row is not None else "表格"
        what = f" {self.field}" if self.field else ""
        return f"{where}{what}：{self.message}"


@dataclass(frozen=True)
class Refused:
    """A refused row as read, plus what its section or title supplied (town, year), so the
    problem report can give it back whole."""

    values: list[object]
    context: dict[str, object]


@dataclass
class ImportOptions:
    sheet: str | None = None
    year: int | None = None  # when neither a 年度 column nor the title gives one
    defaults: dict[str, str] = field(default_factory=dict)  # town / cluster / category
    update_duplicates: bool = False


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    sheet_names: list[str]
    mapping: ColumnMapping
    options: ImportOptions
    fingerprint: str
    title_year: int | None = None
    title_town: str | None = None
    header_rows: tuple[int, ...] = ()
    data_rows: int = 0
    to_create: int = 0
    to_update: int = 0
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    refused: dict[int, Refused] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    new_enterprises: list[str] = field(default_factory=list)
    new_providers: list[str] = field(default_factory=list)
    skipped_lines: int = 0
    # What the commit needs of each row it will write, while the ledger stays as it was.
    kept: Kept | None = field(default=None, repr=False, compare=False)

    @property
    def importable(self) -> int:
        return self.to_create + self.to_update

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


@dataclass
class ImportReport:
    plan: ImportPlan
    committed: bool = False
    created_projects: int = 0
    updated_projects: int = 0
    skipped_duplicates: int = 0
    skipped_invalid: int = 0
    created_enterprises: int = 0
    created_providers: int = 0
    problems: list[Problem] = field(default_factory=list)
    refused: dict[int, Refused] = field(default_factory=dict)
    project_ids: list[object] = field(default_factory=list)
    enterprise_ids: list[object] = field(default_factory=list)

    def summary(self) -> str:
        if not self.committed:
            return f"未写入数据库（{self.plan.importable:,} 行可导入）"
        return (
            f"新建项目 {self.created_projects:,} 个，更新 {self.updated_projects:,} 个，"
            f"跳过重复 {self.skipped_duplicates:,} 行、有问题 {self.skipped_invalid:,} 行；"
            f"新建企业 {self.created_enterprises:,} 家，新建服务商 {self.created_providers:,} 家"
        )


# Allocations between the cycle collector's youngest collections while an import runs
# (Python's default is 700).
IMPORT_GC_THRESHOLD = 100_000
_gc_lock = threading.Lock()
_gc_users = [0]
_gc_before: list[int] = []


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector walks every live object at each full collection, and an
    import holds hundreds of thousands of them (the rows kept for the commit, the match
    index, the batch being written): at the default pace it ran some thirty full
    collections during a 100,000-row preview, 5 s of 20. While an import runs they are
    made rarer (not switched off: cyclic garbage is still freed)."""
    with _gc_lock:  # two imports at once (preview and commit threads): the first one in
        _gc_users[0] += 1  # sets the pace, the last one out puts the old pace back
        if _gc_users[0] == 1:
            _gc_before[:] = gc.get_threshold()
            gc.set_threshold(max(_gc_before[0], IMPORT_GC_THRESHOLD), *_gc_before[1:])
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users[0] -= 1
            if _gc_users[0] == 0:
                gc.set_threshold(*_gc_before)


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _problems(errors: list[FieldError], level: str) -> list[Problem]:
    return [Problem(e.row, e.label, e.message, level) for e in errors]


@dataclass
class Row:
    """A data row after cleaning and matching, with what the import will do with it."""

    data: RowData
    values: list[object]
    decision: Decision
    moves: list[Status] = field(default_factory=list)
    context: dict[str, object] = field(default_factory=dict)

    kept: bool = False  # replayed from the plan: ``values`` were not kept (read again if needed)
    may_fill: bool = True  # False: the row adds nothing to its registered enterprise

    def refused(self) -> Refused:
        return Refused(self.values, self.context)


Shape = tuple[str, ...]
Values = tuple[Shape, tuple[object, ...]]
_NOTHING: Values = ((), ())


@dataclass(frozen=True, slots=True)
class KeptRow:
    """A row the commit will write, as the preview cleaned and matched it (no cells)."""

    row: int
    kind: str  # create | update
    enterprise: uuid.UUID | None  # a registered enterprise (its record is kept once)
    fills: bool  # whether the row adds facts to that enterprise (else its values are not kept)
    new: NewEnterprise | None  # the preview's; each commit makes its own
    project: ProjectRecord | None
    enterprise_values: Values
    project_values: Values
    former_names: tuple[str, ...]
    providers: tuple[tuple[str, str], ...]
    providers_given: bool
    paid: Decimal | None
    paid_on: date | None
    moves: tuple[Status, ...]
    context: dict[str, object] | None


@dataclass
class Kept:
    """The preview's rows to write, and what they were planned against: valid for a commit
    while the ledger's :func:`ledger_state`, the options, the mapping and the sheet are the
    same (the file itself is checked by its fingerprint)."""

    state: tuple[object, ...]
    options: ImportOptions
    mapping: ColumnMapping
    sheet: str
    total: int  # the sheet's rows, for progress
    rows: list[KeptRow] = field(default_factory=list)
    # Registered enterprises as read: whole when a row adds to one, else only who it is.
    _records: dict[uuid.UUID, EnterpriseRecord] = field(default_factory=dict, repr=False)
    _shapes: dict[Shape, Shape] = field(default_factory=dict, repr=False)
    _enterprises: dict[Values, Values] = field(default_factory=dict, repr=False)

    @classmethod
    def start(
        cls, db: Database, table: Table, mapping: ColumnMapping, options: ImportOptions
    ) -> Kept:
        return cls(
            state=ledger_state(db),
            options=_copy_options(options),
            mapping=ColumnMapping(list(mapping.columns)),
            sheet=table.sheet,
            total=table.row_count,
        )

    def fits(self, plan: ImportPlan) -> bool:
        """Whether ``plan`` still asks for what was planned (the wizard may change it)."""
        return (
            self.options == plan.options
            and self.mapping == plan.mapping
            and self.sheet == plan.sheet
        )

    def _values(self, values: dict[str, object], share: bool) -> Values:
        keys = tuple(values)
        shape = self._shapes.setdefault(keys, keys)
        out: Values = (shape, tuple(values.values()))
        if share:  # an enterprise's values repeat on each of its rows: one copy
            with suppress(TypeError):  # an unhashable value: kept as it is
                out = self._enterprises.setdefault(out, out)
        return out

    def add(self, row: Row) -> None:
        data, decision = row.data, row.decision
        record, fills = decision.enterprise, False
        if record is not None:
            # What a row adds can only shrink as earlier rows fill the record in, so a row
            # adding nothing now adds nothing at the commit either.
            fills = bool(decision.fill(data))
            if fills:
                self._records[record.id] = record
            elif record.id not in self._records:
                self._records[record.id] = EnterpriseRecord(
                    record.id, record.version, record.name, {}
                )
        self.rows.append(
            KeptRow(
                row=data.row,
                kind=decision.kind,
                enterprise=record.id if record is not None else None,
                fills=fills,
                new=decision.new,
                project=decision.project,
                enterprise_values=self._values(data.enterprise, share=True)
                if record is None or fills
                else _NOTHING,
                project_values=self._values(data.project, share=False),
                former_names=tuple(data.former_names),
                providers=tuple(data.providers),
                providers_given="providers" in data.present,
                paid=data.paid,  # type: ignore[arg-type]
                paid_on=data.paid_on,
                moves=tuple(row.moves),
                context=row.context or None,
            )
        )

    def replay(self, cancel: threading.Event | None, progress: Progress | None) -> Iterator[Row]:
        """The kept rows as the pipeline gave them, with fresh records: a commit changes
        versions and ids on them, and a refused or cancelled commit must leave the plan as
        it was for the next."""
        records: dict[object, EnterpriseRecord] = {}
        news: dict[int, NewEnterprise] = {}
        total = max(self.total, self.rows[-1].row if self.rows else 0)
        for count, k in enumerate(self.rows, 1):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(k.row, total)
            record = None
            if k.enterprise is not None:
                # One record per enterprise, as a commit that matched again pins the one
                # it filled in.
                record = records.get(k.enterprise)
                if record is None:
                    e = self._records[k.enterprise]
                    record = EnterpriseRecord(e.id, e.version, e.name, dict(e.values))
                    records[e.id] = record
            new = None
            if (n := k.new) is not None:
                new = news.get(id(n))
                if new is None:
                    new = news[id(n)] = NewEnterprise(n.name, n.first_row)
            data = RowData(
                k.row,
                enterprise=dict(zip(*k.enterprise_values, strict=True)),
                former_names=list(k.former_names),
                project=dict(zip(*k.project_values, strict=True)),
                providers=list(k.providers),
                paid=k.paid,
                paid_on=k.paid_on,
                present={"providers"} if k.providers_given else set(),
            )
            decision = Decision(k.kind, enterprise=record, new=new, project=k.project)
            context = dict(k.context or {})
            yield Row(data, [], decision, list(k.moves), context, kept=True, may_fill=k.fills)
        if progress is not None:
            progress(max(total, 1), max(total, 1))


def _copy_options(options: ImportOptions) -> ImportOptions:
    return ImportOptions(
        sheet=options.sheet,
        year=options.year,
        defaults=dict(options.defaults),
        update_duplicates=options.update_duplicates,
    )


class Pipeline:
    """Reads the table's lines and turns each data line into a :class:`Row`."""

    def __init__(self, db: Database, table: Table, mapping: ColumnMapping, options: ImportOptions):
        self.db = db
        self.table = table
        self.mapping = mapping
        self.options = options
        self.resolver = Resolver(reference_lists(db))
        self.reader = RowReader(mapping, self.resolver)
        self.matcher = Matcher(load_match_index(db), update=options.update_duplicates)
        layout = table.layout
        self.title_year = layout.year
        self.title_town = layout.town
        self.skipped: list[Problem] = []
        self._registered: dict[tuple[object, int], list[FieldError]] = {}

    def _default(self, kind: str) -> str | None:
        text = self.options.defaults.get(kind)
        return self.resolver.code(kind, text) if text else None

    def rows(self, cancel: threading.Event | None, progress: Progress | None) -> Iterator[Row]:
        total = self.table.row_count  # 0 when not known in advance (a streamed sheet)
        pending: list[Cleaned] = []
        for count, line in enumerate(self.table.lines(), 1):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(min(line.row, total) if total else line.row, total)
            if line.kind is not RowKind.DATA:
                continue
            cleaned = self._clean(line.row, line.values, line.town)
            if cleaned is not None:
                pending.append(cleaned)
                if len(pending) >= CHUNK_ROWS:
                    yield from self._decide(pending)
                    pending = []
        yield from self._decide(pending)
        if progress is not None:
            progress(max(total, 1), max(total, 1))

    def _clean(self, number: int, values: list[object], section_town: str | None) -> Cleaned | None:
        data = self.reader.read(number, values)
        if not data.present & _NAMING_FIELDS:
            shown = "、".join(t for t in (cell_text(v) for v in values) if t)[:60]
            if data.present - {"town", "plan_year"}:
                self.skipped.append(
                    Problem(
                        number,
                        "",
                        f"没有企业名称和项目名称，不像数据行，已跳过：{shown}",
                        "warning",
                    )
                )
            return None
        return data, values, self._fill_defaults(data, section_town)

    def _decide(self, pending: list[Cleaned]) -> Iterator[Row]:
        """Match a chunk of cleaned rows, with a few database look-ups for all of them."""
        if not pending:
            return
        self.matcher.index.prefetch([_wanted(data) for data, _values, _context in pending])
        for data, values, context in pending:
            decision = self.matcher.decide(data)
            row = Row(data, values, decision, context=context)
            if decision.kind in ("create", "update"):
                self._check(row)
            yield row

    def _fill_defaults(self, data: RowData, section_town: str | None) -> dict[str, object]:
        """Fill the year and town a row leaves out; returns what was filled in, by name."""
        context: dict[str, object] = {}
        if "plan_year" not in data.project and "plan_year" not in data.present:
            year = self.title_year or self.options.year
            if year is not None:
                data.project["plan_year"] = context["plan_year"] = year
            else:
                data.error(
                    "plan_year",
                    "必须填写（表格没有“年度”列，标题中也没有年份；请指定导入年度）",
                )
        ent = data.enterprise
        if "town_code" not in ent and "town" not in data.present:
            for text in (section_town, self.title_town, self.options.defaults.get("town")):
                if text and (code := self.resolver.code("town", text)):
                    ent["town_code"] = code
                    context["town"] = self.resolver.refs.name_of("towns", code)
                    break
        if "cluster_code" not in ent and (code := self._default("cluster")):
            ent["cluster_code"] = code
        if "category_code" not in data.project and (code := self._default("category")):
            data.project["category_code"] = code
        return context

    def _enterprise_problems(self, row: Row) -> list[FieldError]:
        data, decision = row.data, row.decision
        record = decision.enterprise
        if record is None or decision.fill(data):
            return validate_enterprise(decision.enterprise_values(data))
        # A registered enterprise the row adds nothing to: the same answer for all its rows.
        key = (record.id, record.version)
        if key not in self._registered:
            if len(self._registered) >= KEEP_CHECKED:
                self._registered.clear()
            self._registered[key] = validate_enterprise(record.values)
        return self._registered[key]

    def _check(self, row: Row) -> None:
        data, decision = row.data, row.decision
        project = decision.project_values(data)
        found = (
            ("enterprise", self._enterprise_problems(row)),
            ("project", validate_project(project)),
        )
        if found[0][1] or found[1][1]:
            # A cell already refused as unreadable is not also "missing".
            refused = {e.field for e in data.errors}
            for entity, errors in found:
                named = refused | {
                    DOMAIN_NAME.get(k, k)
                    for k in refused
                    if k in FIELDS_BY_KEY and FIELDS_BY_KEY[k].entity == entity
                }
                data.errors += [e.at_row(data.row) for e in errors if e.field not in named]
        target = data.status
        current = decision.current_status or Status.PLANNED
        facts = {**project, "paid": data.paid, "paid_on": data.paid_on}
        if target is not None and target != current:
            moves = moves_from(current, target, facts)
            if moves is None:
                data.warn("status", f"库中项目已是“{current}”，不会改回“{target}”")
            else:
                row.moves = moves
                data.errors += [
                    e.at_row(data.row) for e in missing_facts(current, moves, target, facts)
                ]
        if data.paid and decision.kind == "create":
            approved = project.get("approved_subsidy")
            if data.paid_on is None:
                data.error("paid_on", "填写了已拨付金额，需要同时填写拨付日期")
            if approved is None:
                data.error("subsidy_paid", "有拨付金额但没有核定补助，请填写核定补助（万元）")
            elif data.paid > approved:  # type: ignore[operator]
                data.error("subsidy_paid", f"已拨付 {data.paid} 万元超过核定补助 {approved} 万元")


def _wanted(data: RowData) -> Wanted:
    year = data.project.get("plan_year")
    return Wanted(
        uscc=str(data.enterprise.get("uscc") or ""),
        enterprise_name=str(data.enterprise.get("name") or ""),
        code=str(data.project.get("code") or ""),
        project_name=str(data.project.get("name") or ""),
        plan_year=year if isinstance(year, int) else None,
    )


def _count(plan: ImportPlan, row: Row) -> None:
    data = row.data
    plan.data_rows += 1
    plan.problems += _problems(data.errors, "error") + _problems(data.warnings, "warning")
    if data.errors:
        plan.refused[data.row] = row.refused()
    elif row.decision.kind == "duplicate":
        shown = f"{data.enterprise.get('name') or ''} / {data.project.get('name') or ''}"
        plan.duplicates.append((data.row, shown))
        plan.problems.append(
            Problem(
                data.row, "", f"库中已有该项目（{row.decision.project.code}），将跳过", "warning"
            )  # type: ignore[union-attr]
        )
    elif row.decision.kind == "update":
        plan.to_update += 1
    else:
        plan.to_create += 1


def _read(
    path: Path, options: ImportOptions, mapping: ColumnMapping | None
) -> tuple[Table, ColumnMapping]:
    table = open_table(path, options.sheet)
    return table, mapping or table.mapping


def plan_import(
    db: Database,
    path: str | Path,
    options: ImportOptions | None = None,
    mapping: ColumnMapping | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportPlan:
    """Everything the import would do and every problem, by row and field; writes nothing."""
    with fewer_collections():
        return _plan_import(db, Path(path), options, mapping, progress, cancel)


def _plan_import(
    db: Database,
    path: Path,
    options: ImportOptions | None,
    mapping: ColumnMapping | None,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> ImportPlan:
    options = options or ImportOptions()
    path = Path(path)
    table, mapping = _read(path, options, mapping)
    plan = ImportPlan(
        path=path,
        sheet=table.sheet,
        sheet_names=table.sheet_names,
        mapping=mapping,
        options=options,
        fingerprint=fingerprint(path),
        title_year=table.layout.year,
        title_town=table.layout.town,
        header_rows=table.layout.header_rows,
    )
    # Read before anything is matched: a write after this point makes the commit match again.
    kept = Kept.start(db, table, mapping, options)
    pipeline = Pipeline(db, table, mapping, options)
    new_enterprises: set[str] = set()
    new_providers: dict[str, str] = {}
    known = pipeline.matcher.index.providers
    for row in pipeline.rows(cancel, progress):
        _count(plan, row)
        if row.decision.kind in ("create", "update") and not row.data.errors:
            kept.add(row)
            # Only what valid rows bring is new; a refused row creates nothing.
            if row.decision.new is not None:
                new_enterprises.add(row.decision.new.name)
            for name, _role in row.data.providers:
                if name_key(name) not in known:
                    new_providers.setdefault(name_key(name), name)
    plan.new_enterprises = sorted(new_enterprises)
    plan.new_providers = sorted(new_providers.values())
    plan.problems += pipeline.skipped
    plan.skipped_lines = len(pipeline.skipped)
    plan.problems.sort(key=lambda p: (p.row or 0, p.level))
    plan.kept = kept
    return plan


def check_unchanged(plan: ImportPlan) -> None:
    """Refuse when the file is not the one the preview read."""
    if fingerprint(plan.path) != plan.fingerprint:
        raise ImportRefused.single("file", "文件", "预览之后文件已被修改，请重新预览后再导入")


def open_pipeline(db: Database, plan: ImportPlan) -> Pipeline:
    """The same pipeline as the plan's, over the same file (checked unchanged)."""
    check_unchanged(plan)
    options = _copy_options(plan.options)
    options.sheet = plan.sheet
    table, mapping = _read(plan.path, options, plan.mapping)
    return Pipeline(db, table, mapping, options)


def kept_rows(db: Database, session: Session, plan: ImportPlan) -> Kept | None:
    """The plan's kept rows if they are still what the pipeline would give: the ledger as
    the preview saw it (read in ``session``, the commit's own transaction) and the plan's
    options, mapping and sheet unchanged."""
    kept = plan.kept
    if kept is None or not kept.fits(plan):
        return None
    return kept if ledger_state(db, session) == kept.state else None


def cells_of(plan: ImportPlan, rows: set[int]) -> dict[int, list[object]]:
    """The cells of some rows of the plan's file (for the problem report of rows the commit
    refused; the kept rows do not carry their cells)."""
    if not rows:
        return {}
    options = _copy_options(plan.options)
    options.sheet = plan.sheet
    table, _mapping = _read(plan.path, options, plan.mapping)
    found: dict[int, list[object]] = {}
    for line in table.lines():
        if line.row in rows:
            found[line.row] = line.values
            if len(found) == len(rows):
                break
    return found
