"""Writing a planned import: ONE transaction (``db.batch()``), one savepoint per row, every
write through the store services (validated, audited, versioned).

Without ``skip_invalid`` a refused row aborts everything; with it, the row's savepoint is
rolled back and the rest goes on. A Cancel or a crash rolls the whole batch back.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.reports.excel.importer import (
    ImportPlan,
    ImportRefused,
    ImportReport,
    Problem,
    Progress,
    Row,
    open_pipeline,
)
from cixi_desktop.reports.excel.matching import Matcher
from cixi_desktop.store.backups import safety_backup
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, NotFound
from cixi_desktop.store.import_queries import name_key
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

    def _reason(self, row: Row) -> str:
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
                    reason=self._reason(row),
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
                note=self._reason(row),  # type: ignore[arg-type]
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


def _refusal(row: Row, exc: Exception) -> list[FieldError]:
    if isinstance(exc, ValidationError):
        return [e.at_row(row.data.row) for e in exc.errors]
    return [FieldError("", "", str(exc), row.data.row)]


def commit_import(
    db: Database,
    plan: ImportPlan,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Write the plan's valid rows; raises ImportRefused (nothing written) when a row is
    refused and ``skip_invalid`` is not set, ImportCancelled when cancelled."""
    report = ImportReport(plan=plan, problems=list(plan.problems), refused=dict(plan.refused))
    if plan.errors and not skip_invalid:
        raise ImportRefused([FieldError("", p.field, p.message, p.row) for p in plan.errors])
    pipeline = open_pipeline(db, plan)
    writer = RowWriter(db, pipeline.matcher, report, plan.path.name)
    safety_backup(db, "before-import")  # verified copy first: an import is undone by restoring it
    with db.batch() as session:
        for row in pipeline.rows(cancel, progress):
            if row.data.errors:
                report.skipped_invalid += 1
                continue
            if row.decision.kind == "duplicate":
                report.skipped_duplicates += 1
                continue
            writer.begin()
            try:
                with session.begin_nested():
                    writer.write(row)
            except (ValidationError, ConflictError, NotFound) as exc:
                writer.rollback()
                errors = _refusal(row, exc)
                if not skip_invalid:
                    raise ImportRefused(errors) from exc
                report.skipped_invalid += 1
                report.problems += [Problem(e.row, e.label, e.message) for e in errors]
                report.refused[row.data.row] = row.refused()
    report.committed = True
    return report
