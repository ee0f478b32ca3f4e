"""Active learning: each document's uncertainty score per model version.

- ``uncertainty_scores``: how uncertain the stored model ``kind``-``version`` is about a
  document (0..1, ``core/suggest/uncertainty.py``); the document list orders an
  annotator's to-do list by it. Computed lazily, in batches, by whoever orders by it, and
  kept for the team: a score depends only on the document and the model.

PostgreSQL: row security. Everyone reads; anyone may insert a score of the *current*
model version of its kind (never of an old or a future one), and delete only scores of
versions that are no longer current; nobody updates (no grant). The helper function fixes
its ``search_path`` and schema-qualifies every name.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIXED = "SET search_path = pg_catalog, pg_temp"
TABLE = "uncertainty_scores"
FUNCTION = "annotator_uncertainty_current(text, integer)"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.CheckConstraint("kind IN ('entity', 'topic')", name=op.f("ck_uncertainty_scores_kind")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_uncertainty_scores_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "document_id", "kind", "version", name=op.f("pk_uncertainty_scores")
        ),
    )
    op.create_index(
        "ix_uncertainty_scores_model", TABLE, ["kind", "version", "score"], unique=False
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for statement in _postgresql_security(conn):
            conn.exec_driver_sql(statement)


def _schema(conn: sa.Connection) -> str:
    """The tables' schema as a quoted identifier."""
    name = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    return str(conn.dialect.identifier_preparer.quote_schema(str(name)))


def _postgresql_security(conn: sa.Connection) -> list[str]:
    s = _schema(conn)
    current = f"{s}.annotator_uncertainty_current(kind, version)"
    return [
        # Whether a (kind, version) is the newest stored model of its kind.
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_uncertainty_current(p_kind text, p_version integer)
        RETURNS boolean LANGUAGE sql STABLE {FIXED} AS
        $$ SELECT p_version = (SELECT pg_catalog.max(m.version) FROM {s}.suggest_models m
               WHERE m.kind = p_kind) $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.{FUNCTION} FROM PUBLIC; "
        f"GRANT EXECUTE ON FUNCTION {s}.{FUNCTION} TO annotator_user",
        f"GRANT SELECT, INSERT, DELETE ON {s}.{TABLE} TO annotator_user",
        f"ALTER TABLE {s}.{TABLE} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY read_all ON {s}.{TABLE} FOR SELECT USING (true)",
        f"CREATE POLICY insert_current ON {s}.{TABLE} FOR INSERT WITH CHECK ({current})",
        f"CREATE POLICY delete_stale ON {s}.{TABLE} FOR DELETE "
        f"USING (NOT coalesce({current}, false))",
    ]


def downgrade() -> None:
    op.drop_index("ix_uncertainty_scores_model", table_name=TABLE)
    op.drop_table(TABLE)
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {_schema(conn)}.{FUNCTION}")
