"""Guidelines: one Markdown document per database, every version kept.

Table ``guidelines``: each ``annotator guidelines set`` (or a save in the app's editor)
appends a row; the newest row is the guidelines in force and its id is the *version* the
report names. Rows are never changed, so the history of who wrote what and when stays.

On PostgreSQL annotators only read it: ``annotator_user`` gets SELECT and no write grant;
``annotator_reviewer`` (reviewers) may append (INSERT) and nothing else. Row security is
on as well, with a policy that lets a login append only rows in its own name (``author =
session_user``), so even a reviewer cannot write a version under someone else's name. No
function is added (the policies compare plain columns), so no search_path to fix.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guidelines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidelines")),
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for statement in (
            "GRANT SELECT ON guidelines TO annotator_user",
            "GRANT SELECT, INSERT ON guidelines TO annotator_reviewer",
            "GRANT USAGE, SELECT ON SEQUENCE guidelines_id_seq TO annotator_reviewer",
            "ALTER TABLE guidelines ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY read_all ON guidelines FOR SELECT USING (true)",
            "CREATE POLICY append_own ON guidelines FOR INSERT WITH CHECK (author = session_user)",
        ):
            conn.exec_driver_sql(statement)


def downgrade() -> None:
    op.drop_table("guidelines")
