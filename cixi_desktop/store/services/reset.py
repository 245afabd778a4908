"""Emptying the ledger (before ``demo --force``): business rows go, reference data,
preferences and the audit trail stay, and the reset itself is audited."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from cixi_desktop.store.database import Database
from cixi_desktop.store.models import (
    AnnualPlan,
    Enterprise,
    FormerName,
    Project,
    ProjectProvider,
    ServiceProvider,
    StatusChange,
    SubsidyPayment,
)
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import Permission, require

# Children before parents, so foreign keys hold at every step.
_TABLES = (
    ProjectProvider,
    SubsidyPayment,
    StatusChange,
    Project,
    FormerName,
    Enterprise,
    ServiceProvider,
    AnnualPlan,
)
_COUNTED = {Enterprise: "企业", Project: "项目", ServiceProvider: "服务商", AnnualPlan: "年度计划"}


def reset_ledger(db: Database) -> dict[str, int]:
    """Delete every enterprise, project, provider and plan (soft-deleted ones too) in one
    transaction; returns how many of each were removed, keyed by Chinese name."""
    require(db, Permission.RESET)
    with db.write() as session:
        counts = {
            label: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model, label in _COUNTED.items()
        }
        for model in _TABLES:
            session.execute(delete(model))
        summary = "、".join(f"{label} {n}" for label, n in counts.items())
        audit.record(session, db, "ledger", "*", "reset", old=summary)
    return counts
