"""Read queries for Excel import, export and templates: reference lists for drop-downs,
what an import matches against, and ledger facts a re-importable workbook needs."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Result,
    Row,
    String,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from cixi_desktop.store.database import Database
from cixi_desktop.store.models import (
    AuditEntry,
    Category,
    Cluster,
    Division,
    Enterprise,
    FormerName,
    Project,
    ServiceProvider,
    StatusRow,
    SubsidyPayment,
    Town,
)

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReferenceLists:
    """(code, name) pairs in display order, as the drop-downs and filters offer them."""

    towns: Pairs
    clusters: Pairs
    categories: Pairs
    divisions: Pairs
    statuses: tuple[str, ...]

    def name_of(self, kind: str, code: str | None) -> str:
        for c, name in getattr(self, kind):
            if c == code:
                return name
        return code or ""


def reference_lists(db: Database, on: date | None = None) -> ReferenceLists:
    """Reference data as stored (staff may have edited it); towns valid on ``on`` only."""
    with db.read() as s:
        town_q = select(Town.code, Town.name).order_by(Town.sort, Town.code)
        if on is not None:
            town_q = town_q.where(
                Town.valid_from <= on, or_(Town.valid_to.is_(None), Town.valid_to >= on)
            )
        return ReferenceLists(
            towns=tuple((c, n) for c, n in s.execute(town_q)),
            clusters=tuple(
                (c, n)
                for c, n in s.execute(select(Cluster.code, Cluster.name).order_by(Cluster.sort))
            ),
            categories=tuple(
                (c, n)
                for c, n in s.execute(select(Category.code, Category.name).order_by(Category.sort))
            ),
            divisions=tuple(
                (c, n)
                for c, n in s.execute(select(Division.code, Division.name).order_by(Division.code))
            ),
            statuses=tuple(s.scalars(select(StatusRow.name).order_by(StatusRow.sort))),
        )


def name_key(name: str) -> str:
    """Names compared for matching: full-width brackets and spaces are not a different firm."""
    if not unicodedata.is_normalized("NFKC", name):
        name = unicodedata.normalize("NFKC", name)
    return "".join(name.split())


@dataclass
class EnterpriseRecord:
    id: uuid.UUID
    version: int
    name: str
    values: dict[str, object]


@dataclass
class ProjectRecord:
    id: uuid.UUID
    version: int
    enterprise_id: uuid.UUID
    code: str
    name: str
    plan_year: int
    status: str
    values: dict[str, object]


ENTERPRISE_COLUMNS = (
    "name",
    "uscc",
    "town_code",
    "cluster_code",
    "division_code",
    "above_scale",
    "above_scale_year",
    "contact",
    "phone",
    "address",
)
PROJECT_COLUMNS = (
    "name",
    "plan_year",
    "category_code",
    "content",
    "total_investment",
    "equipment_investment",
    "planned_start_date",
    "planned_completion_date",
    "actual_start_date",
    "actual_completion_date",
    "acceptance_date",
    "acceptance_result",
    "approved_subsidy",
    "labour_reduction",
    "productivity_gain_pct",
    "defect_reduction_pct",
    "energy_reduction_pct",
    "notes",
)


# Records kept between chunks of rows; past this the lot is forgotten and read again when a
# later row names it, so a long file against a large ledger keeps memory flat.
KEEP_RECORDS = 50_000
_ENT_COLS = [getattr(Enterprise, c) for c in ENTERPRISE_COLUMNS]
_PROJ_COLS = [getattr(Project, c) for c in PROJECT_COLUMNS]
_PROJECT_SELECT = select(
    Project.id, Project.version, Project.enterprise_id, Project.code, Project.status, *_PROJ_COLS
)
# An id as the driver gives it (text on SQLite, uuid on PostgreSQL): the name keys of a
# large registry are held this way, without turning each into a UUID object.
_RAW_ENTERPRISE_ID = type_coerce(Enterprise.id, String)
_RAW_PROJECT_ID = type_coerce(Project.id, String)
_RAW_OWNER_ID = type_coerce(Project.enterprise_id, String)


@dataclass(frozen=True)
class Wanted:
    """What one import row may be matched by (its cleaned values)."""

    uscc: str
    enterprise_name: str
    code: str
    project_name: str
    plan_year: int | None


@dataclass
class MatchIndex:
    """Live enterprises, projects and providers keyed the ways an import row can name them.

    The dictionaries hold what the rows read so far asked for: :meth:`prefetch` reads, for a
    chunk of rows, the enterprises by USCC and the projects by code in one query each, and
    the projects of the matched enterprises in those plan years in one more. Only what SQL
    cannot look up is held for the whole import, and only once a row needs it: the name keys
    (NFKC, no spaces) of live enterprises and former names. Providers (a few hundred) are
    read at the start.

    Reads go through their own session, so during a commit they see the ledger as it was
    before the import (the import's own transaction is not committed yet), exactly what the
    preview matched against; an enterprise the import itself changed is :meth:`pin`-ned.
    """

    db: Database | None = None
    by_uscc: dict[str, EnterpriseRecord] = field(default_factory=dict)
    by_name: dict[str, EnterpriseRecord] = field(default_factory=dict)
    by_former_name: dict[str, EnterpriseRecord] = field(default_factory=dict)
    projects_by_code: dict[str, ProjectRecord] = field(default_factory=dict)
    projects_by_key: dict[tuple[uuid.UUID, str, int], ProjectRecord] = field(default_factory=dict)
    providers: dict[str, uuid.UUID] = field(default_factory=dict)
    project_codes: set[str] = field(default_factory=set)
    _names: dict[str, object] | None = field(default=None, repr=False)
    _former: dict[str, object] = field(default_factory=dict, repr=False)
    _records: dict[object, EnterpriseRecord] = field(default_factory=dict, repr=False)
    _pinned: dict[uuid.UUID, EnterpriseRecord] = field(default_factory=dict, repr=False)
    _seen_usccs: set[str] = field(default_factory=set, repr=False)
    _seen_codes: set[str] = field(default_factory=set, repr=False)
    _seen_projects: set[tuple[object, str, int]] = field(default_factory=set, repr=False)
    _raw_ids: dict[uuid.UUID, object] = field(default_factory=dict, repr=False)

    def pin(self, record: EnterpriseRecord) -> None:
        """Keep this (changed) record for the rest of the import instead of reading it again."""
        self._pinned[record.id] = record

    def prefetch(self, rows: Sequence[Wanted]) -> None:
        """Read what ``rows`` can match, unless an earlier chunk already did."""
        if self.db is None:
            return
        held = (self._records, self.projects_by_code, self._seen_usccs, self._seen_codes)
        if sum(map(len, held)) + len(self._seen_projects) > KEEP_RECORDS:
            self._forget()
        with self.db.read() as session:
            conn = session.connection()
            usccs = {r.uscc for r in rows if r.uscc and r.uscc not in self._seen_usccs}
            if usccs:
                self._enterprises(conn, Enterprise.uscc.in_(usccs))
                self._seen_usccs |= usccs
            # As the matcher goes: by name only when the USCC found nothing, then former name.
            by_name = [
                name_key(r.enterprise_name)
                for r in rows
                if r.enterprise_name and not (r.uscc and r.uscc in self.by_uscc)
            ]
            if by_name:
                self._by_names(conn, by_name)
            codes = {r.code for r in rows if r.code and r.code not in self._seen_codes}
            if codes:
                self._project_codes(conn, codes)
                self._seen_codes |= codes
            self._projects_of(conn, rows)

    def enterprise_for(self, uscc: str, name: str) -> EnterpriseRecord | None:
        """The registered enterprise the matcher takes for these values (after prefetch)."""
        if uscc and uscc in self.by_uscc:
            return self.by_uscc[uscc]
        if not name:
            return None
        key = name_key(name)
        return self.by_name.get(key) or self.by_former_name.get(key)

    def _forget(self) -> None:
        for table in (
            self.by_uscc,
            self.by_name,
            self.by_former_name,
            self.projects_by_code,
            self.projects_by_key,
            self._records,
            self._raw_ids,
        ):
            table.clear()
        for seen in (self.project_codes, self._seen_usccs, self._seen_codes, self._seen_projects):
            seen.clear()

    def _by_names(self, conn: Connection, keys: list[str]) -> None:
        if self._names is None:
            self._load_names(conn)
        assert self._names is not None
        missing = {
            raw
            for ids in (self._names, self._former)
            for key in keys
            if (raw := ids.get(key)) is not None and raw not in self._records
        }
        if missing:
            self._enterprises(conn, _RAW_ENTERPRISE_ID.in_(missing))
        for key in keys:
            for ids, target in ((self._names, self.by_name), (self._former, self.by_former_name)):
                raw = ids.get(key)
                if raw is not None and raw in self._records:
                    target[key] = self._records[raw]

    def _load_names(self, conn: Connection) -> None:
        names: dict[str, object] = {}
        live = select(_RAW_ENTERPRISE_ID, Enterprise.name).where(Enterprise.deleted_at.is_(None))
        for chunk in _chunked(conn.execute(live), 5000):
            for raw, name in chunk:
                names.setdefault(name_key(name), raw)
        self._names = names
        former = (
            select(_RAW_ENTERPRISE_ID, FormerName.name)
            .join(Enterprise, Enterprise.id == FormerName.enterprise_id)
            .where(Enterprise.deleted_at.is_(None))
        )
        for raw, name in conn.execute(former):
            self._former.setdefault(name_key(name), raw)

    def _enterprises(self, conn: Connection, where: ColumnElement[bool]) -> None:
        stmt = select(_RAW_ENTERPRISE_ID, Enterprise.id, Enterprise.version, *_ENT_COLS).where(
            where, Enterprise.deleted_at.is_(None)
        )
        for chunk in _chunked(conn.execute(stmt)):
            for row in chunk:
                record = self._pinned.get(row[1])
                if record is None:
                    values = dict(zip(ENTERPRISE_COLUMNS, row[3:], strict=True))
                    record = EnterpriseRecord(row[1], row[2], str(values["name"]), values)
                self._records[row[0]] = record
                self._raw_ids[record.id] = row[0]
                if record.values["uscc"]:
                    self.by_uscc[str(record.values["uscc"])] = record

    def _project_codes(self, conn: Connection, codes: set[str]) -> None:
        # Deleted projects keep their codes (the column is unique): a new one cannot take them.
        stmt = _PROJECT_SELECT.add_columns(Project.deleted_at).where(Project.code.in_(codes))
        for row in conn.execute(stmt):
            self.project_codes.add(row[3])
            if row[-1] is None:
                self._add_project(row[:-1])

    def _projects_of(self, conn: Connection, rows: Sequence[Wanted]) -> None:
        """Projects a row may repeat: same registered enterprise, project name and year.

        The chunk's enterprises' projects of those years are read as keys first; whole
        records only for the keys a row names (usually none: new projects)."""
        wanted: set[tuple[object, str, int]] = set()
        for r in rows:
            if r.plan_year is None or not r.project_name:
                continue
            record = self.enterprise_for(r.uscc, r.enterprise_name)
            if record is not None:
                raw = self._raw_ids[record.id]
                wanted.add((raw, name_key(r.project_name), r.plan_year))
        wanted -= self._seen_projects
        if not wanted:
            return
        ids = {eid for eid, _name, _year in wanted}
        years = {year for _eid, _name, year in wanted}
        keys = select(_RAW_PROJECT_ID, _RAW_OWNER_ID, Project.name, Project.plan_year).where(
            _RAW_OWNER_ID.in_(ids),
            Project.plan_year.in_(years),
            Project.deleted_at.is_(None),
        )
        found = [
            pid
            for pid, eid, name, year in conn.execute(keys).fetchall()
            if (eid, name_key(name), year) in wanted
        ]
        for start in range(0, len(found), 500):
            stmt = _PROJECT_SELECT.where(_RAW_PROJECT_ID.in_(found[start : start + 500]))
            for row in conn.execute(stmt):
                self._add_project(row)
        self._seen_projects |= wanted

    def _add_project(self, row: Sequence[object]) -> None:
        values = dict(zip(PROJECT_COLUMNS, row[5:], strict=True))
        record = ProjectRecord(
            row[0],  # type: ignore[arg-type]
            row[1],  # type: ignore[arg-type]
            row[2],  # type: ignore[arg-type]
            row[3],  # type: ignore[arg-type]
            str(values["name"]),
            int(values["plan_year"]),  # type: ignore[call-overload]
            row[4],  # type: ignore[arg-type]
            values,
        )
        self.projects_by_code[record.code] = record
        self.projects_by_key[(record.enterprise_id, name_key(record.name), record.plan_year)] = (
            record
        )


def _chunked(result: Result[Any], size: int = 1000) -> Iterator[Sequence[Row[Any]]]:
    while chunk := result.fetchmany(size):
        yield chunk


def ledger_state(db: Database, session: Session | None = None) -> tuple[object, ...]:
    """A few numbers that move whenever what an import matches against may have changed,
    read in ``session`` when given (a commit's own transaction, so nothing can change
    after it), else in a read of its own.

    Every service write leaves an audit entry: the newest entry and the entries' count
    (the count, because on PostgreSQL a transaction that took a lower id may commit after
    one that took a higher). The rows a row can match are counted too, and the reference
    lists a row's names are resolved against are read whole (a few dozen rows)."""
    counted = (Enterprise, Project, FormerName, ServiceProvider)
    stmt = select(
        func.max(AuditEntry.id),
        select(func.count()).select_from(AuditEntry).scalar_subquery(),
        *(select(func.count()).select_from(m).scalar_subquery() for m in counted),
    )
    references = [
        select(m.code, m.name).order_by(m.code) for m in (Town, Cluster, Category, Division)
    ]

    def read(s: Session) -> tuple[object, ...]:
        return (
            db.display_name,
            *s.execute(stmt).one(),
            *(tuple(map(tuple, s.execute(q))) for q in references),
        )

    if session is not None:
        return read(session)
    with db.read() as s:
        return read(s)


def load_match_index(db: Database) -> MatchIndex:
    """An index over ``db`` for one import: providers now, the rest as rows ask for it
    (:meth:`MatchIndex.prefetch`)."""
    index = MatchIndex(db)
    with db.read() as s:
        index.providers = {
            name_key(name): pid
            for pid, name in s.execute(
                select(ServiceProvider.id, ServiceProvider.name).where(
                    ServiceProvider.deleted_at.is_(None)
                )
            )
        }
    return index


@dataclass(frozen=True)
class LedgerExtras:
    above_scale_year: int | None
    last_paid_on: date | None


def ledger_extras(db: Database, project_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, LedgerExtras]:
    """Facts an exported ledger carries beyond the window's columns, so that it imports back
    whole: the year an enterprise became 规上 and the date of the last subsidy payment."""
    if not project_ids:
        return {}
    last_paid = (
        select(func.max(SubsidyPayment.paid_on))
        .where(SubsidyPayment.project_id == Project.id, SubsidyPayment.deleted_at.is_(None))
        .correlate(Project)
        .scalar_subquery()
    )
    with db.read() as s:
        rows = s.execute(
            select(Project.id, Enterprise.above_scale_year, last_paid)
            .join(Enterprise, Enterprise.id == Project.enterprise_id)
            .where(Project.id.in_(list(project_ids)))
        )
        return {pid: LedgerExtras(year, paid_on) for pid, year, paid_on in rows}
