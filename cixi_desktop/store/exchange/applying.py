"""Carrying out a merge plan inside one batch: every write through the exchange service,
conflicts held for a person, sync points and the package id remembered — or, if any
check fails, nothing at all."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from cixi_desktop.store.database import Database
from cixi_desktop.store.exchange.merge import (
    ADD,
    CONFLICT,
    SKIP,
    UPDATE,
    Decision,
    MergePlan,
    _Incoming,
)
from cixi_desktop.store.exchange.package import PackageRefused
from cixi_desktop.store.exchange.records import Record, load_local
from cixi_desktop.store.exchange.tables import BY_NAME, row_to_json
from cixi_desktop.store.services import audit, prefs
from cixi_desktop.store.services import exchange as service


class _Apply:
    def __init__(self, session: Session, db: Database, plan: MergePlan) -> None:
        self.session, self.db, self.plan = session, db, plan
        self.label = plan.package.label
        self.incoming = _Incoming(plan.package)
        self.incoming.alias = dict(plan.alias)
        self.rows = {
            table: {str(r["id"]): r for r in plan.package.rows[table]}
            for table in (
                "service_provider",
                "enterprise",
                "project",
                "annual_plan",
                "subsidy_payment",
            )
        }
        self.seen = service.Seen.load(session, plan.source_id)
        self.held: list[dict[str, Any]] = list(
            service.read_setting(session, service.CONFLICTS, []) or []
        )
        self.new_conflicts: list[dict[str, Any]] = []
        self.projects_settled: set[uuid.UUID] = set()
        self.projects_paid: set[uuid.UUID] = set()
        self.history: list[dict[str, Any]] = []

    # -- references ----------------------------------------------------------------------

    def references(self) -> None:
        for table, row in self.plan.references:
            self.session.execute(insert(BY_NAME[table].table), [row])
            key = BY_NAME[table].key
            audit.record(
                self.session, self.db, table, row[key], service.MERGE, "", None,
                f"新增（交换包 {self.label}）",
            )  # fmt: skip

    # -- records -------------------------------------------------------------------------

    def audit_rows(self, their_id: str, local_id: str) -> list[dict[str, Any]]:
        return [
            dict(r) | {"entity_id": local_id}
            for r in self.incoming.children("audit_entry", their_id)
        ]

    def status_rows(self, their_id: str, local_id: uuid.UUID) -> list[dict[str, Any]]:
        return [
            dict(r) | {"project_id": local_id}
            for r in self.incoming.children("status_change", their_id)
        ]

    def former_names(self, their_id: str, local_id: uuid.UUID) -> list[dict[str, Any]]:
        return [
            dict(r) | {"enterprise_id": local_id}
            for r in self.incoming.children("enterprise_former_name", their_id)
        ]

    def record(self, d: Decision) -> None:
        row = self.rows[d.table][d.their_id]
        record = self.incoming.record(d.table, row)
        if d.action == CONFLICT:
            self.hold(d, record)
            return
        local_id = uuid.UUID(d.local_id or d.their_id)
        if d.action == ADD:
            version = self.add(d, record)
        elif d.action == UPDATE:
            version = self.update(d, record)
        else:
            version = int(d.local_version or 0)
        if d.table == "project" and (d.action != SKIP or d.why == "内容相同"):
            service.add_status_changes(self.session, self.status_rows(d.their_id, local_id))
            self.projects_settled.add(local_id)
        if d.table == "project" and d.action != SKIP:
            self.projects_paid.add(local_id)
        if d.table == "subsidy_payment" and d.action != SKIP:
            self.projects_paid.add(uuid.UUID(str(record.values["project_id"])))
        self.history += self.audit_rows(d.their_id, str(local_id))
        if d.sync:
            self.seen.rows[d.their_id] = [record.version, version, d.kept]
        if d.local_id and d.local_id != d.their_id:
            self.seen.alias[d.their_id] = d.local_id

    def add(self, d: Decision, record: Record) -> int:
        values = dict(record.values)
        if d.new_code:
            values["code"] = d.new_code
        service.insert_record(self.session, self.db, d.table, values, self.label)
        rid = values["id"]
        if d.table == "enterprise":
            service.insert_children(
                self.session, "enterprise_former_name", self.former_names(d.their_id, rid)
            )
        if d.table == "project":
            links = [
                {"project_id": rid, "provider_id": uuid.UUID(pid), "role": role}
                for pid, role in record.content["providers"]
            ]
            service.insert_children(self.session, "project_provider", links)
        return record.version

    def update(self, d: Decision, record: Record) -> int:
        local = load_local(self.session, d.table, d.local_id or d.their_id)
        assert local is not None
        columns = {f: record.values[f] for f in d.fields if f in local.values}
        version = record.version if record.version > local.version else local.version + 1
        service.update_record(
            self.session, self.db, local, columns, version, f"按交换包 {self.label} 更新"
        )
        if "former_names" in d.fields:
            names = self.former_names(d.their_id, local.values["id"])
            service.replace_former_names(self.session, self.db, local, names)
        if "providers" in d.fields:
            service.replace_providers(self.session, self.db, local, record.content["providers"])
        return version

    def hold(self, d: Decision, record: Record) -> None:
        local_id = uuid.UUID(str(d.local_id))
        payments = [
            self.rows["subsidy_payment"][pid] for pid in self.plan.held_payments.get(d.their_id, [])
        ]
        audit_rows = self.audit_rows(d.their_id, str(local_id))
        for payment in payments:
            audit_rows += self.audit_rows(str(payment["id"]), str(payment["id"]))
        spec = BY_NAME[d.table]
        self.new_conflicts.append(
            {
                "id": str(uuid.uuid4()),
                "package": self.label,
                "package_id": self.plan.package.manifest.package_id,
                "source_id": self.plan.source_id,
                "table": d.table,
                "their_id": d.their_id,
                "local_id": str(local_id),
                "held_at": self.db.now().isoformat(),
                "fields": list(d.fields),
                "kept": d.kept,
                "row": row_to_json(spec, record.values),
                "children": {
                    "former_names": [
                        row_to_json(BY_NAME["enterprise_former_name"], r)
                        for r in self.former_names(d.their_id, local_id)
                    ],
                    "providers": record.content.get("providers", []),
                    "status_changes": [
                        row_to_json(BY_NAME["status_change"], r)
                        for r in self.status_rows(d.their_id, local_id)
                    ],
                    "payments": [row_to_json(BY_NAME["subsidy_payment"], r) for r in payments],
                    "audit": [row_to_json(BY_NAME["audit_entry"], r) for r in audit_rows],
                },
            }
        )

    # -- closing -------------------------------------------------------------------------

    def finish(self) -> None:
        service.add_audit_entries(self.session, self.history)
        service.settle_history(self.session, self.db, self.projects_settled, self.label)
        problems = service.payment_problems(self.session, self.projects_paid)
        if problems:
            raise PackageRefused(f"合并后{'；'.join(problems[:3])}，未导入任何数据")
        self.seen.save(self.db, self.plan.source_id)
        replaced = {(c["source_id"], c["their_id"]) for c in self.new_conflicts}
        kept = [c for c in self.held if (c["source_id"], c["their_id"]) not in replaced]
        if self.new_conflicts or len(kept) != len(self.held):
            prefs.put_pref(self.db, service.CONFLICTS, kept + self.new_conflicts)
        applied = dict(service.read_setting(self.session, service.APPLIED, {}) or {})
        manifest = self.plan.package.manifest
        applied[manifest.package_id] = {
            "at": self.db.now().isoformat(),
            "source": self.plan.source_id,
            "package": self.label,
            "counts": self.plan.counts(),
        }
        prefs.put_pref(self.db, service.APPLIED, applied)

    def resolve(self, resolutions: Mapping[str, Mapping[str, str]]) -> None:
        """Conflicts a person already decided (their id → field → mine/theirs)."""
        for conflict in self.new_conflicts:
            choices = resolutions.get(conflict["their_id"])
            if choices is not None:
                service.resolve_conflict_in(self.session, self.db, conflict["id"], choices)


def apply_plan(
    session: Session,
    db: Database,
    plan: MergePlan,
    resolutions: Mapping[str, Mapping[str, str]],
) -> None:
    work = _Apply(session, db, plan)
    # Rows go in by plain INSERTs and every later read is of those tables; the audit
    # entries (ORM objects) can wait for one flush instead of one per statement.
    with session.no_autoflush:
        work.references()
        for decision in plan.decisions:
            work.record(decision)
    work.finish()
    work.resolve(resolutions)
