"""Indexes for figures and sorting at province scale, and a substring search index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:00:00

Covering indexes let the summaries read a plan year's projects (or each enterprise's)
without visiting the wide project rows; the investment index serves the ledger's sort
and the top-projects list. The (plan_year, status) index of 0002 is a prefix of the new
year index and goes (SQLite would otherwise pick it and read every row behind it).

Keyword search (enterprise name, USCC, project name and code; "contains") uses, on
SQLite, FTS5 tables with the trigram tokenizer, kept by triggers. They only narrow
the rows down: the query still applies the LIKE that defines a match, so a stale or
missing search row can never add a wrong project, and the tables hold their own copy
of the text with the project's or enterprise's id (no dependence on rowids, which
VACUUM may renumber). Deleting a row's old text finds it by its code (projects) or
name (enterprises) through the index itself. A SQLite built without FTS5 gets no
search tables and searches with LIKE alone. On PostgreSQL the same columns get
pg_trgm GIN indexes when the extension can be enabled; LIKE uses them by itself.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every project column a figure reads (and the id that joins payments and providers), led
# by the plan year (scopes by year) or by the enterprise (scopes by town, coverage).
FIGURE_COLUMNS = (
    "status",
    "category_code",
    "total_investment",
    "equipment_investment",
    "approved_subsidy",
    "actual_start_date",
    "actual_completion_date",
    "id",
)
PROJECT_FIGURES = ("plan_year", "deleted_at", "enterprise_id", *FIGURE_COLUMNS)
PROJECT_BY_ENTERPRISE = ("enterprise_id", "deleted_at", "plan_year", *FIGURE_COLUMNS)
PAYMENT_AMOUNTS = ("project_id", "deleted_at", "amount")
ENTERPRISE_FACTS = (
    "town_code",
    "cluster_code",
    "above_scale",
    "above_scale_year",
    "deleted_at",
    "id",
)

# The search tables and triggers (SQLite). ``{old}`` phrases are FTS5 strings: the text
# in double quotes, inner quotes doubled.
_PHRASE = "'\"' || replace({0}, '\"', '\"\"') || '\"'"
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE search_project USING fts5("
    "project_id UNINDEXED, code, name, tokenize = 'trigram', columnsize = 0)",
    "CREATE VIRTUAL TABLE search_enterprise USING fts5("
    "enterprise_id UNINDEXED, name, uscc, tokenize = 'trigram', columnsize = 0)",
    "INSERT INTO search_project (project_id, code, name) SELECT id, code, name FROM project",
    "INSERT INTO search_enterprise (enterprise_id, name, uscc)"
    " SELECT id, name, coalesce(uscc, '') FROM enterprise",
]
_FORGET_PROJECT = (
    "DELETE FROM search_project WHERE length(old.code) >= 3 AND rowid IN ("
    "SELECT rowid FROM search_project WHERE search_project MATCH 'code : ' || "
    + _PHRASE.format("old.code")
    + ") AND project_id = old.id;"
    " DELETE FROM search_project WHERE length(old.code) < 3 AND project_id = old.id;"
)
_FORGET_ENTERPRISE = (
    "DELETE FROM search_enterprise WHERE length(old.name) >= 3 AND rowid IN ("
    "SELECT rowid FROM search_enterprise WHERE search_enterprise MATCH 'name : ' || "
    + _PHRASE.format("old.name")
    + ") AND enterprise_id = old.id;"
    " DELETE FROM search_enterprise WHERE length(old.name) < 3 AND enterprise_id = old.id;"
)
_ADD_PROJECT = (
    "INSERT INTO search_project (project_id, code, name) VALUES (new.id, new.code, new.name);"
)
_ADD_ENTERPRISE = (
    "INSERT INTO search_enterprise (enterprise_id, name, uscc)"
    " VALUES (new.id, new.name, coalesce(new.uscc, ''));"
)
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER search_project_insert AFTER INSERT ON project BEGIN {_ADD_PROJECT} END",
    "CREATE TRIGGER search_project_update AFTER UPDATE OF code, name ON project"
    f" BEGIN {_FORGET_PROJECT} {_ADD_PROJECT} END",
    f"CREATE TRIGGER search_project_delete AFTER DELETE ON project BEGIN {_FORGET_PROJECT} END",
    f"CREATE TRIGGER search_enterprise_insert AFTER INSERT ON enterprise"
    f" BEGIN {_ADD_ENTERPRISE} END",
    "CREATE TRIGGER search_enterprise_update AFTER UPDATE OF name, uscc ON enterprise"
    f" BEGIN {_FORGET_ENTERPRISE} {_ADD_ENTERPRISE} END",
    "CREATE TRIGGER search_enterprise_delete AFTER DELETE ON enterprise"
    f" BEGIN {_FORGET_ENTERPRISE} END",
]
SEARCH_TRIGGER_NAMES = [
    "search_project_insert",
    "search_project_update",
    "search_project_delete",
    "search_enterprise_insert",
    "search_enterprise_update",
    "search_enterprise_delete",
]
PG_TRGM = [
    ("search_trgm_project_name", "project", "name"),
    ("search_trgm_project_code", "project", "code"),
    ("search_trgm_enterprise_name", "enterprise", "name"),
    ("search_trgm_enterprise_uscc", "enterprise", "uscc"),
    ("search_trgm_former_name", "enterprise_former_name", "name"),
]


def _sqlite_has_fts5(bind: sa.Connection) -> bool:
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp.fts5_probe")
    return True


def _upgrade_search(bind: sa.Connection) -> None:
    if bind.dialect.name == "sqlite":
        if not _sqlite_has_fts5(bind):
            return  # searches fall back to LIKE (summaries checks for the tables)
        for sql in SQLITE_SEARCH + SQLITE_TRIGGERS:
            bind.exec_driver_sql(sql)
    elif bind.dialect.name == "postgresql":
        # CREATE EXTENSION needs rights a shared server may not grant: then plain LIKE.
        savepoint = bind.begin_nested()
        try:
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except sa.exc.DBAPIError:
            savepoint.rollback()
            return
        savepoint.commit()
        for name, table, column in PG_TRGM:
            bind.exec_driver_sql(
                f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index("ix_project_year_status")
        batch_op.create_index("ix_project_figures", list(PROJECT_FIGURES), unique=False)
        batch_op.create_index("ix_project_by_enterprise", list(PROJECT_BY_ENTERPRISE), unique=False)
        batch_op.create_index("ix_project_investment", ["total_investment"], unique=False)
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.create_index("ix_enterprise_facts", list(ENTERPRISE_FACTS), unique=False)
    with op.batch_alter_table("subsidy_payment", schema=None) as batch_op:
        batch_op.create_index("ix_subsidy_payment_amounts", list(PAYMENT_AMOUNTS), unique=False)
    _upgrade_search(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in SEARCH_TRIGGER_NAMES:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS search_project")
        bind.exec_driver_sql("DROP TABLE IF EXISTS search_enterprise")
    elif bind.dialect.name == "postgresql":
        for name, _table, _column in PG_TRGM:
            bind.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table("subsidy_payment", schema=None) as batch_op:
        batch_op.drop_index("ix_subsidy_payment_amounts")
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprise_facts")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index("ix_project_investment")
        batch_op.drop_index("ix_project_by_enterprise")
        batch_op.drop_index("ix_project_figures")
        batch_op.create_index("ix_project_year_status", ["plan_year", "status"], unique=False)
