"""Labels get an Arabic display name (``labels.arabic_name``), shown by the Arabic interface.

Empty means "show the name". Exports and every stored reference keep the label's name; the
column is display only. No new table: the labels table's grants and row security stay.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("labels", sa.Column("arabic_name", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    # Not a batch rebuild: on SQLite that drops and recreates ``labels``, which the spans'
    # foreign keys refuse while they are enforced. SQLite 3.35+ drops a column in place.
    op.execute("ALTER TABLE labels DROP COLUMN arabic_name")
