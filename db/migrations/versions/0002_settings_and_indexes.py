"""Settings table and the indexes the ledger and summaries read through

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index("ix_project_year_status", ["plan_year", "status"], unique=False)
        batch_op.create_index("ix_project_enterprise", ["enterprise_id"], unique=False)
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entity", ["entity", "entity_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entity")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index("ix_project_enterprise")
        batch_op.drop_index("ix_project_year_status")
    op.drop_table("app_setting")
