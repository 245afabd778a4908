"""Writing a planned import: ONE transaction (``db.batch()``), every write through the store
services (validated, audited, versioned).

New projects (the common case: a town's ledger of the year) go to ``services.bulk`` a
thousand at a time: checked together, then written with one multi-row INSERT per table.
Rows that change what is registered (an update of an existing project, or filling in an
enterprise's missing facts) go one by one through the single-record services, each in its
own savepoint, after the new rows before them have been written.

Without ``skip_invalid`` a refused row aborts everything; with it, the row is left out (its
savepoint rolled back, or its batch checked again without it) and the rest goes on. A Cancel
or a crash rolls the whole transaction back.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.reports.excel.importer import (
    ImportPlan,
    ImportRefused,
    ImportReport,
    Problem,
    Progress,
    Refused,
    Row,
    cells_of,
    check_unchanged,
    fewer_collections,
    kept_rows,
    open_pipeline,
)
from cixi_desktop.reports.excel.matching import Matcher, NewEnterprise
from cixi_desktop.store.backups import safety_backup
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, NotFound
from cixi_desktop.store.import_queries import load_match_index, name_key
from cixi_desktop.store.services.bulk import BatchRefused, CodeBook, NewProject, create_many
from cixi_desktop.store.services.bulk import NewEnterprise as EnterpriseDraft
from cixi_desktop.store.services.enterprises import create_enterprise, update_enterprise
from cixi_desktop.store.services.projects import (
    EDITABLE,
    StatusMove,
    change_status,
    create_project,
    record_payment,
    update_project,
)
from cixi_desktop.store.services.providers import create_provider


class RowWriter:
    def __init__(self, db: Database, matcher: Matcher, report: ImportReport, source: str):
        self.db = db
        self.matcher = matcher
        self.report = report
        self.source = source
        self.providers = dict(matcher.index.providers)
        self._undo: list[Callable[[], None]] = []

    def begin(self) -> None:
        self._undo = []

    def rollback(self) -> None:
        """Forget ids and versions learnt inside a row whose savepoint was rolled back."""
        for undo in reversed(self._undo):
            undo()
        self._undo = []

    def reason(self, row: Row) -> str:
        return f"导入：{self.source} 第 {row.data.row} 行"

    def write(self, row: Row) -> None:
        enterprise_id = self._enterprise(row)
        providers = [(self._provider(name), role) for name, role in row.data.providers]
        if row.decision.kind == "create":
            self._create(row, enterprise_id, providers)
        else:
            self._update(row, providers)

    def _enterprise(self, row: Row) -> uuid.UUID:
        data, decision = row.data, row.decision
        record = decision.enterprise
        if record is not None:
            fill = decision.fill(data)
            if fill:
                old_version, old_values = record.version, dict(record.values)
                saved = update_enterprise(self.db, record.id, record.version, fill)
                record.version = saved.version
                record.values.update(fill)
                # Later rows must see the filled-in record, not the ledger as it was.
                self.matcher.index.pin(record)

                def undo() -> None:
                    record.version, record.values = old_version, old_values

                self._undo.append(undo)
            return record.id
        new = decision.new
        assert new is not None
        if new.id is None:
            saved = create_enterprise(self.db, data.enterprise, former_names=data.former_names)
            new.id = saved.id
            self.report.created_enterprises += 1
            self.report.enterprise_ids.append(saved.id)

            def forget() -> None:
                new.id = None
                self.report.created_enterprises -= 1
                self.report.enterprise_ids.pop()

            self._undo.append(forget)
        return new.id

    def _provider(self, name: str) -> uuid.UUID:
        key = name_key(name)
        if key not in self.providers:
            self.providers[key] = create_provider(self.db, {"name": name}).id
            self.report.created_providers += 1

            def forget() -> None:
                del self.providers[key]
                self.report.created_providers -= 1

            self._undo.append(forget)
        return self.providers[key]

    def _moves(self, row: Row, project_id: uuid.UUID, version: int) -> int:
        data = row.data
        for target in row.moves:
            project = change_status(
                self.db,
                project_id,
                version,
                StatusMove(
                    target,
                    actual_start_date=data.project.get("actual_start_date"),  # type: ignore[arg-type]
                    actual_completion_date=data.project.get("actual_completion_date"),  # type: ignore[arg-type]
                    acceptance_date=data.project.get("acceptance_date"),  # type: ignore[arg-type]
                    acceptance_result=str(data.project.get("acceptance_result") or ""),
                    reason=self.reason(row),
                ),
            )
            version = project.version
        return version

    def _create(
        self, row: Row, enterprise_id: uuid.UUID, providers: list[tuple[uuid.UUID, str]]
    ) -> None:
        data = row.data
        project = create_project(self.db, enterprise_id, data.project, providers)
        if data.paid:
            # Paid before the moves, so that the move to 已拨付 finds its payment.
            record_payment(
                self.db,
                project.id,
                data.paid_on,
                data.paid,
                note=self.reason(row),  # type: ignore[arg-type]
            )
        self._moves(row, project.id, project.version)
        self.report.created_projects += 1
        self.report.project_ids.append(project.id)

    def _update(self, row: Row, providers: list[tuple[uuid.UUID, str]]) -> None:
        data, record = row.data, row.decision.project
        assert record is not None
        changes = {
            k: v
            for k, v in data.project.items()
            if k in EDITABLE and v is not None and v != record.values.get(k)
        }
        version = record.version
        if changes or "providers" in data.present:
            saved = update_project(
                self.db,
                record.id,
                version,
                changes,
                providers=providers if "providers" in data.present else None,
            )
            version = saved.version
        version = self._moves(row, record.id, version)
        if version != record.version:
            self.report.updated_projects += 1
            self.report.project_ids.append(record.id)
        else:
            self.report.skipped_duplicates += 1


FLUSH_ROWS = 1_000


class BulkWriter:
    """New projects gathered and written a batch at a time through ``services.bulk``."""

    def __init__(self, writer: RowWriter, skip_invalid: bool) -> None:
        self.writer = writer
        self.skip_invalid = skip_invalid
        self.pending: list[Row] = []
        # The year's highest codes, read once for the run; forgotten at any other write.
        self.codes = CodeBook()

    def add(self, row: Row) -> None:
        self.pending.append(row)
        if len(self.pending) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        while rows:
            batch = _Batch.of(rows, self.writer)
            try:
                created = create_many(
                    self.writer.db, batch.projects, batch.drafts, codes=self.codes
                )
            except BatchRefused as exc:
                # Checked before anything was written: leave the refused rows out and go
                # again (a new enterprise or provider is then brought by the next row).
                if not self.skip_invalid:
                    first = next(iter(exc.failures))
                    number = rows[first].data.row
                    raise ImportRefused([e.at_row(number) for e in exc.failures[first]]) from exc
                for index, failures in exc.failures.items():
                    row = rows[index]
                    _refuse(self.writer.report, row, [e.at_row(row.data.row) for e in failures])
                rows = [row for i, row in enumerate(rows) if i not in exc.failures]
                continue
            report = self.writer.report
            for index, enterprise_id in created.enterprise_ids.items():
                batch.new[index].id = enterprise_id
                report.created_enterprises += 1
                report.enterprise_ids.append(enterprise_id)
            for key, name in batch.spelled.items():
                self.writer.providers[key] = created.provider_ids[name]
                report.created_providers += 1
            report.created_projects += len(created.project_ids)
            report.project_ids += created.project_ids
            return


@dataclass
class _Batch:
    """What ``services.bulk`` is given for a run of new rows."""

    projects: list[NewProject] = field(default_factory=list)
    drafts: list[EnterpriseDraft] = field(default_factory=list)  # made from the first row
    new: list[NewEnterprise] = field(default_factory=list)  # the matcher's, by draft
    spelled: dict[str, str] = field(default_factory=dict)  # new provider: first spelling

    @classmethod
    def of(cls, rows: list[Row], writer: RowWriter) -> _Batch:
        batch = cls()
        draft_of: dict[int, int] = {}
        known = writer.providers
        for row in rows:
            data, decision = row.data, row.decision
            owner: uuid.UUID | int
            if decision.enterprise is not None:
                owner = decision.enterprise.id
            else:
                new = decision.new
                assert new is not None
                if new.id is not None:
                    owner = new.id
                else:
                    if id(new) not in draft_of:
                        draft_of[id(new)] = len(batch.drafts)
                        batch.drafts.append(EnterpriseDraft(data.enterprise, data.former_names))
                        batch.new.append(new)
                    owner = draft_of[id(new)]
            links: list[tuple[uuid.UUID | str, str]] = []
            for name, role in data.providers:
                key = name_key(name)
                pid = known.get(key)
                links.append(
                    (pid if pid is not None else batch.spelled.setdefault(key, name), role)
                )
            batch.projects.append(
                NewProject(
                    enterprise=owner,
                    values=data.project,
                    providers=links,
                    moves=row.moves,
                    payment=(data.paid_on, data.paid) if data.paid else None,  # type: ignore[arg-type]
                    reason=writer.reason(row),
                )
            )
        return batch


def _refusal(row: Row, exc: Exception) -> list[FieldError]:
    if isinstance(exc, ValidationError):
        return [e.at_row(row.data.row) for e in exc.errors]
    return [FieldError("", "", str(exc), row.data.row)]


def _refuse(report: ImportReport, row: Row, errors: list[FieldError]) -> None:
    report.skipped_invalid += 1
    report.problems += [Problem(e.row, e.label, e.message) for e in errors]
    report.refused[row.data.row] = row.refused()


def commit_import(
    db: Database,
    plan: ImportPlan,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    bulk: bool = True,
) -> ImportReport:
    """Write the plan's valid rows; raises ImportRefused (nothing written) when a row is
    refused and ``skip_invalid`` is not set, ImportCancelled when cancelled.

    ``bulk=False`` writes every row through the single-record services, the path the bulk
    one is held to (same records, history and audit trail)."""
    with fewer_collections():
        return _commit(db, plan, skip_invalid, progress, cancel, bulk)


def _commit(
    db: Database,
    plan: ImportPlan,
    skip_invalid: bool,
    progress: Progress | None,
    cancel: threading.Event | None,
    bulk: bool,
) -> ImportReport:
    report = ImportReport(plan=plan, problems=list(plan.problems), refused=dict(plan.refused))
    if plan.errors and not skip_invalid:
        raise ImportRefused([FieldError("", p.field, p.message, p.row) for p in plan.errors])
    check_unchanged(plan)
    safety_backup(db, "before-import")  # verified copy first: an import is undone by restoring it
    with db.batch() as session, db.large_write(session):
        kept = kept_rows(db, session, plan)
        if kept is not None:
            # The ledger is as the preview saw it: write what it planned, without reading,
            # cleaning and matching the file again. Rows it refused or found registered
            # are only counted.
            matcher = Matcher(load_match_index(db), update=plan.options.update_duplicates)
            rows = kept.replay(cancel, progress)
            report.skipped_invalid += len(plan.refused)
            report.skipped_duplicates += len(plan.duplicates)
        else:
            pipeline = open_pipeline(db, plan)
            matcher, rows = pipeline.matcher, pipeline.rows(cancel, progress)
        writer = RowWriter(db, matcher, report, plan.path.name)
        batch = BulkWriter(writer, skip_invalid)
        for row in rows:
            if row.data.errors:
                report.skipped_invalid += 1
                continue
            if row.decision.kind == "duplicate":
                report.skipped_duplicates += 1
                continue
            if (
                bulk
                and row.decision.kind == "create"
                and not (row.may_fill and row.decision.fill(row.data))
            ):
                batch.add(row)
                continue
            batch.flush()  # the rows before this one are written first, as in the file
            batch.codes.clear()  # this row's write may take a code
            writer.begin()
            try:
                with session.begin_nested():
                    writer.write(row)
            except (ValidationError, ConflictError, NotFound) as exc:
                writer.rollback()
                errors = _refusal(row, exc)
                if not skip_invalid:
                    raise ImportRefused(errors) from exc
                _refuse(report, row, errors)
        batch.flush()
    if kept is not None:
        # Rows refused only now came from kept rows, which carry no cells: read them again.
        missing = set(report.refused) - set(plan.refused)
        cells = cells_of(plan, missing)
        for number in missing:
            context = report.refused[number].context
            report.refused[number] = Refused(cells.get(number, []), context)
    report.committed = True
    return report
