"""Review decisions: which disagreements a reviewer has decided, per document.

A disagreement counts as *decided* only when a reviewer accepted, rejected or edited it;
the majority vote pre-fills gold but decides nothing. The comparison is recomputed from the
annotators' layers on every read, so a decision is stored under the disagreement's
identity (``core.review.Disagreement.key``: its kind and the distinct versions' contents),
and a disagreement that appears or changes later has no decision: it is undecided.

On PostgreSQL only reviewers write the table (row security, like review comments); every
login may read it (blind mode is a rule of the program, as for the other tables). The
policy calls 0004's ``annotator_is_reviewer()``; no new function is added.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "review_decisions"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_review_decisions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "key", name=op.f("pk_review_decisions")),
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for statement in (
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO annotator_user",
            f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY read_all ON {TABLE} FOR SELECT USING (true)",
            f"CREATE POLICY reviewers_write ON {TABLE} FOR ALL "
            "USING (annotator_is_reviewer()) WITH CHECK (annotator_is_reviewer())",
        ):
            conn.exec_driver_sql(statement)


def downgrade() -> None:
    op.drop_table(TABLE)
