"""SQLAlchemy 2 models. Only services write them; queries and summaries read them.

Every business row carries a UUID, a ``version`` used for optimistic locking
(SQLAlchemy adds ``WHERE version = :loaded`` to each UPDATE), created/updated
at and by, and a soft-delete stamp, so copies can later be merged by id.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from cixi_desktop.store import peek
from cixi_desktop.store.clock import utcnow
from cixi_desktop.store.types import FixedDecimal, Money


class Base(DeclarativeBase):
    # Named constraints let later migrations alter them on SQLite (batch mode) and PostgreSQL.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Tracked:
    """Identity, versioning and provenance shared by every business table."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.version}


# --- reference data (codes are text; editable, with validity periods for towns) ---


class Town(Base):
    __tablename__ = "ref_town"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(Date)
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Cluster(Base):
    __tablename__ = "ref_cluster"
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Division(Base):
    __tablename__ = "ref_division"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)


class Category(Base):
    __tablename__ = "ref_category"
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class StatusRow(Base):
    """Display facts of a workflow status (the workflow itself is domain data)."""

    __tablename__ = "ref_status"
    name: Mapped[str] = mapped_column(String(8), primary_key=True)
    code: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    color: Mapped[str] = mapped_column(String(9), nullable=False)


class SubsidyRuleSetRow(Base):
    """A year's subsidy rule set, kept as the domain's JSON so rules stay data."""

    __tablename__ = "subsidy_rule_set"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)


# --- business data ---


# What the summaries read of an enterprise, kept in a covering index (migration 0004).
_ENTERPRISE_FACTS = (
    "town_code", "cluster_code", "above_scale", "above_scale_year", "deleted_at", "id",
)  # fmt: skip


class Enterprise(Tracked, Base):
    __tablename__ = "enterprise"
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    town_code: Mapped[str] = mapped_column(ForeignKey("ref_town.code"), nullable=False)
    cluster_code: Mapped[str] = mapped_column(ForeignKey("ref_cluster.code"), nullable=False)
    division_code: Mapped[str | None] = mapped_column(ForeignKey("ref_division.code"))
    above_scale: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    above_scale_year: Mapped[int | None] = mapped_column(Integer)
    contact: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    former_names: Mapped[list[FormerName]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", order_by="FormerName.until"
    )
    projects: Mapped[list[Project]] = relationship(back_populates="enterprise")

    # Figures by town / cluster / 规上 read this instead of the wide rows (migration 0004).
    __table_args__ = (Index("ix_enterprise_facts", *_ENTERPRISE_FACTS),)


class FormerName(Base):
    __tablename__ = "enterprise_former_name"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    until: Mapped[date | None] = mapped_column(Date)
    enterprise: Mapped[Enterprise] = relationship(back_populates="former_names")


class ServiceProvider(Tracked, Base):
    __tablename__ = "service_provider"
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    town_code: Mapped[str | None] = mapped_column(ForeignKey("ref_town.code"))
    specialty: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    contact: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


# What the summaries read of a project, kept in their covering indexes (migration 0004).
_FIGURES = (
    "status", "category_code", "total_investment", "equipment_investment", "approved_subsidy",
    "actual_start_date", "actual_completion_date", "id",
)  # fmt: skip


class Project(Tracked, Base):
    __tablename__ = "project"
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enterprise.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    plan_year: Mapped[int] = mapped_column(Integer, nullable=False)
    category_code: Mapped[str] = mapped_column(ForeignKey("ref_category.code"), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    total_investment: Mapped[Decimal] = mapped_column(Money, nullable=False)
    equipment_investment: Mapped[Decimal] = mapped_column(Money, nullable=False)
    planned_start_date: Mapped[date | None] = mapped_column(Date)
    planned_completion_date: Mapped[date | None] = mapped_column(Date)
    actual_start_date: Mapped[date | None] = mapped_column(Date)
    actual_completion_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), nullable=False)
    acceptance_date: Mapped[date | None] = mapped_column(Date)
    acceptance_result: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    subsidy_computed: Mapped[Decimal | None] = mapped_column(Money)
    subsidy_rule_code: Mapped[str | None] = mapped_column(ForeignKey("subsidy_rule_set.code"))
    approved_subsidy: Mapped[Decimal | None] = mapped_column(Money)
    subsidy_override_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    labour_reduction: Mapped[int | None] = mapped_column(Integer)
    productivity_gain_pct: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    defect_reduction_pct: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    energy_reduction_pct: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    enterprise: Mapped[Enterprise] = relationship(back_populates="projects")
    providers: Mapped[list[ProjectProvider]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    payments: Mapped[list[SubsidyPayment]] = relationship(
        back_populates="project", order_by="SubsidyPayment.paid_on"
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        back_populates="project", order_by="StatusChange.at"
    )

    __table_args__ = (
        Index("ix_project_enterprise", "enterprise_id"),
        # Covering indexes for the summaries and the investment sort (migration 0004).
        Index("ix_project_figures", "plan_year", "deleted_at", "enterprise_id", *_FIGURES),
        Index("ix_project_by_enterprise", "enterprise_id", "deleted_at", "plan_year", *_FIGURES),
        Index("ix_project_investment", "total_investment"),
    )


class ProjectProvider(Base):
    """A service provider's part in a project (总包, 设备供应, 软件实施, 咨询…)."""

    __tablename__ = "project_provider"
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    provider_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("service_provider.id"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(40), primary_key=True, default="总包")
    project: Mapped[Project] = relationship(back_populates="providers")
    provider: Mapped[ServiceProvider] = relationship()


class AnnualPlan(Tracked, Base):
    __tablename__ = "annual_plan"
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    town_code: Mapped[str] = mapped_column(ForeignKey("ref_town.code"), nullable=False)
    planned_enterprises: Mapped[int] = mapped_column(Integer, nullable=False)
    planned_investment: Mapped[Decimal] = mapped_column(Money, nullable=False)
    __table_args__ = (UniqueConstraint("year", "town_code", name="uq_annual_plan_year_town"),)


class SubsidyPayment(Tracked, Base):
    __tablename__ = "subsidy_payment"
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project.id"), nullable=False, index=True
    )
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    document_no: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    project: Mapped[Project] = relationship(back_populates="payments")

    # The subsidy paid per project, read without the rows (migration 0004).
    __table_args__ = (Index("ix_subsidy_payment_amounts", "project_id", "deleted_at", "amount"),)


class StatusChange(Base):
    __tablename__ = "status_change"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project.id"), nullable=False, index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    by: Mapped[str] = mapped_column(String(64), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(8))
    to_status: Mapped[str] = mapped_column(String(8), nullable=False)
    document_no: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    project: Mapped[Project] = relationship(back_populates="status_changes")


class AuditEntry(Base):
    """Who changed what: one row per changed field (or one per created/deleted record)."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    user: Mapped[str] = mapped_column(String(64), nullable=False)
    entity: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(36), nullable=False)
    action: Mapped[str] = mapped_column(String(12), nullable=False)
    field: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class User(Tracked, Base):
    """Someone who signs in (server mode, or a ledger whose admin turned login on).

    ``role`` is one of 录入员/审核员/管理员; a clerk's ``town_code`` limits what they edit.
    ``password_hash`` is the scrypt string of store/auth.py, never the password.
    """

    __tablename__ = "app_user"
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(8), nullable=False)
    town_code: Mapped[str | None] = mapped_column(ForeignKey("ref_town.code"))
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


# app_setting key (JSON true/false): ask for a login on a single-user SQLite ledger too.
# Only an admin may write it (services/prefs.py refuses the "auth." keys to others).
LOGIN_REQUIRED_SETTING = peek.LOGIN_REQUIRED_SETTING  # the window glances at it before opening


SEARCH_PREFIX = "search_"
"""Keyword-search tables, triggers and indexes (migration 0004) start with this: they are
kept by the database itself, not declared here (schema comparisons leave them out)."""


def is_search_object(name: str | None) -> bool:
    return bool(name) and str(name).startswith(SEARCH_PREFIX)


class Setting(Base):
    """Small key/value facts kept with the data (e.g. briefing issue counters)."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
