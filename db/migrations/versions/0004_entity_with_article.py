"""entity_with_article: an entity's name as a sentence says it, with its article

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("with_article_en", sa.Text(), nullable=True))
        batch.add_column(sa.Column("with_article_fr", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("with_article_fr")
        batch.drop_column("with_article_en")
