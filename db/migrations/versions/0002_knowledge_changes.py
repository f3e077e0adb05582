"""knowledge changes: what each knowledge version changed, for incremental view refreshes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 05:00:00
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
        "knowledge_changes",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entity_key", sa.String(length=100), nullable=True),
        sa.Column("metric_key", sa.String(length=100), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_knowledge_changes")),
    )


def downgrade() -> None:
    op.drop_table("knowledge_changes")
