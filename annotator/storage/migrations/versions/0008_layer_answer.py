"""A layer's answer: the accept, reject or ignore decision a peer tool recorded.

Prodigy keeps every task's ``answer`` and Label Studio marks skipped annotations
``was_cancelled``. Such a decision is training data in itself: a rejected record is kept as
its document with a layer whose answer is ``reject`` (or ``ignore``), and exports never
write it as an accepted example. NULL is the ordinary layer (annotated in this tool).

A column added with ALTER TABLE on both dialects (an inline CHECK needs no table rebuild,
which on SQLite would cascade through the layers' foreign keys). Row security on
``layers`` (0004) covers the new column as it does the others.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 09:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE layers ADD COLUMN answer VARCHAR(10) "
        "CONSTRAINT ck_layers_answer CHECK (answer IN ('accept', 'reject', 'ignore'))"
    )


def downgrade() -> None:
    # A column CHECK goes with its column (SQLite 3.35+ and PostgreSQL): no table rebuild.
    op.execute("ALTER TABLE layers DROP COLUMN answer")
