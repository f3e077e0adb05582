"""metric_label_with_article: a metric's label as a sentence says it, with its article

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("metrics") as batch:
        batch.add_column(sa.Column("label_with_article_en", sa.Text(), nullable=True))
        batch.add_column(sa.Column("label_with_article_fr", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("metrics") as batch:
        batch.drop_column("label_with_article_fr")
        batch.drop_column("label_with_article_en")
