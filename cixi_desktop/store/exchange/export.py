"""Writing a package of what changed on this ledger (``exchange export``).

A package is self-contained: besides every record changed since the watermark (soft
deleted ones too) it carries what those records point at — a project's enterprise and
service providers, a payment's project — and what belongs to them (former names,
provider links, payments, status history, audit entries). Records the receiver already
has are simply skipped there, so sending a little too much is harmless; too little
would refuse the package.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cixi_desktop.store.database import Database
from cixi_desktop.store.exchange.package import Baseline, Manifest, write_package
from cixi_desktop.store.exchange.tables import SPECS, TRACKED, row_to_json
from cixi_desktop.store.models import (
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
from cixi_desktop.store.services import prefs
from cixi_desktop.store.services.exchange import (
    LAST_EXPORT,
    SEEN_PREFIX,
    ensure_database_id,
)

_CHUNK = 500  # ids per IN (…) list, well inside every backend's limit


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: str
    since: datetime | None
    watermark: datetime
    counts: Mapping[str, int]

    @property
    def records(self) -> int:
        """Business records in the package (not history or reference rows)."""
        return sum(n for table, n in self.counts.items() if table in TRACKED)


def last_export(db: Database) -> datetime | None:
    """When this ledger last wrote a package (the watermark ``--since LAST`` uses)."""
    text = prefs.get_pref(db, LAST_EXPORT)
    return datetime.fromisoformat(text) if text else None


def _chunks(ids: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(ids)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _rows_by_ids(
    s: Session, table: Table, column: Any, ids: Iterable[Any], *where: Any
) -> list[Any]:
    rows: list[Any] = []
    for chunk in _chunks(ids):
        rows.extend(s.execute(select(table).where(column.in_(chunk), *where)).mappings())
    return rows


def _changed(s: Session, table: Table, since: datetime | None) -> list[Any]:
    stmt = select(table)
    if since is not None:
        stmt = stmt.where(table.c.updated_at >= since)
    return list(s.execute(stmt).mappings())


def collect(s: Session, since: datetime | None) -> dict[str, list[Any]]:
    """The rows of a package, typed, keyed by table name."""
    t = {spec.name: spec.table for spec in SPECS}
    rows: dict[str, dict[Any, Any]] = {}

    def keep(table: str, found: Iterable[Any]) -> None:
        bucket = rows.setdefault(table, {})
        for row in found:
            bucket.setdefault(row["id"], row)

    for name in TRACKED:
        keep(name, _changed(s, t[name], since))
    # What the changed records point at.
    payment_projects = {r["project_id"] for r in rows["subsidy_payment"].values()}
    keep(
        "project",
        _rows_by_ids(s, t["project"], Project.id, payment_projects - rows["project"].keys()),
    )
    project_ids = list(rows["project"])
    links = _rows_by_ids(s, t["project_provider"], ProjectProvider.project_id, project_ids)
    keep("service_provider", _rows_by_ids(
        s, t["service_provider"], ServiceProvider.id,
        {r["provider_id"] for r in links} - rows["service_provider"].keys(),
    ))  # fmt: skip
    firms = {r["enterprise_id"] for r in rows["project"].values()}
    keep(
        "enterprise",
        _rows_by_ids(s, t["enterprise"], Enterprise.id, firms - rows["enterprise"].keys()),
    )
    # What belongs to them.
    keep(
        "subsidy_payment",
        _rows_by_ids(s, t["subsidy_payment"], SubsidyPayment.project_id, project_ids),
    )
    keep("status_change", _rows_by_ids(s, t["status_change"], StatusChange.project_id, project_ids))
    keep("enterprise_former_name", _rows_by_ids(
        s, t["enterprise_former_name"], FormerName.enterprise_id, list(rows["enterprise"])
    ))  # fmt: skip
    result: dict[str, list[Any]] = {name: list(bucket.values()) for name, bucket in rows.items()}
    result["project_provider"] = links
    entries = []
    for name in TRACKED:
        # By entity too, so the (entity, entity_id) index serves the lookup.
        ids = [str(i) for i in rows[name]]
        entries += _rows_by_ids(
            s, t["audit_entry"], AuditEntry.entity_id, ids, AuditEntry.entity == name
        )
    result["audit_entry"] = [
        e for e in entries if (since is None or e["at"] >= since) and e["action"] != "reset"
    ]
    for spec in SPECS:
        if spec.reference:
            result[spec.name] = list(s.execute(select(spec.table)).mappings())
    return result


def _baselines(s: Session, exported: Mapping[str, list[Any]]) -> list[Baseline]:
    """This ledger's sync points for the rows it sends, so the receiver can tell whether
    its own copy changed since (see merge.py)."""
    ours = {str(r["id"]) for name in TRACKED for r in exported.get(name, [])}
    found: list[Baseline] = []
    settings = s.scalars(
        select(Setting).where(Setting.key.startswith(SEEN_PREFIX, autoescape=True))
    )
    for setting in settings:
        data = json.loads(setting.value) or {}
        source = str(data.get("source", ""))
        alias = data.get("alias", {})
        for their_id, (their, mine, kept) in data.get("rows", {}).items():
            our_id = alias.get(their_id, their_id)
            if our_id in ours:
                found.append(Baseline(source, their_id, our_id, int(their), int(mine), kept or {}))
    return found


def export_changes(
    db: Database, out: Path | str, since: datetime | None = None, *, remember: bool = True
) -> ExportResult:
    """Write every record changed at or after ``since`` (all when None) to ``out``."""
    from cixi_desktop.store.migrate import head_revision

    database_id = ensure_database_id(db)
    watermark = db.now()
    with db.read() as s:
        typed = collect(s, since)
        baselines = _baselines(s, typed)
    rows = {spec.name: [row_to_json(spec, r) for r in typed.get(spec.name, [])] for spec in SPECS}
    manifest = Manifest(
        package_id=str(uuid.uuid4()),
        database_id=database_id,
        schema_revision=head_revision(),
        created_at=watermark,
        created_by=db.user,
        since=since,
        counts={name: len(items) for name, items in rows.items()},
        database_name=db.display_name,
    )
    target = Path(out)
    write_package(target, manifest, rows, baselines)
    if remember:
        prefs.put_pref(db, LAST_EXPORT, watermark.isoformat())
    return ExportResult(target, manifest.package_id, since, watermark, manifest.counts)
