"""Suggestions: stored models (versioned), dictionaries/patterns, rejections, prediction scores.

- ``suggest_models``: each trained model (kind ``entity`` or ``topic``), its bytes and
  what it was trained on; the highest version of a kind is the current one.
- ``suggest_patterns``: names and Prodigy-shaped patterns per label (``suggest import``).
- ``suggest_rejections``: a suggestion an annotator rejected on a document (never offered
  to them there again); a topic has ``start = end = -1``.
- ``prediction_scores``: the score of each span or topic of a ``prediction:NAME`` layer
  (``suggest predict``), exported with it; a topic has ``start = end = -1``.

PostgreSQL: every new table has row security. Everyone reads; models and patterns are
written by reviewers; a rejection only by the annotator it belongs to; prediction layers
(annotator ``prediction:...``) and their scores by reviewers, through extra permissive
policies on layers, spans, relations and layer_topics (the existing policies stay as they
are). The helper functions fix their ``search_path`` and schema-qualify every name.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIXED = "SET search_path = pg_catalog, pg_temp"
"""Each function's own search path: built-ins first, temporary objects last; every name in
these functions is schema-qualified (the policy functions they meet through ``layers``'
own policies are, since revision 0007, too)."""
NEW_TABLES = ("suggest_models", "suggest_patterns", "suggest_rejections", "prediction_scores")
LAYER_TABLES = ("spans", "relations", "layer_topics")


def upgrade() -> None:
    op.create_table(
        "suggest_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("info", sa.JSON(), nullable=False),
        sa.Column("trained_by", sa.String(length=200), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('entity', 'topic')", name=op.f("ck_suggest_models_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggest_models")),
        sa.UniqueConstraint("kind", "version", name="uq_suggest_models_kind_version"),
    )
    op.create_table(
        "suggest_patterns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("pattern", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggest_patterns")),
        sa.UniqueConstraint("label", "pattern", name="uq_suggest_patterns_label_pattern"),
    )
    op.create_table(
        "suggest_rejections",
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("suggester", sa.String(length=50), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name=op.f("fk_suggest_rejections_annotator_id_annotators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_suggest_rejections_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "annotator_id",
            "document_id",
            "start",
            "end",
            "label",
            name=op.f("pk_suggest_rejections"),
        ),
    )
    op.create_table(
        "prediction_scores",
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["layer_id"],
            ["layers.id"],
            name=op.f("fk_prediction_scores_layer_id_layers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "layer_id", "start", "end", "label", name=op.f("pk_prediction_scores")
        ),
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
    fixed = FIXED
    reviewer = "pg_catalog.pg_has_role(session_user, 'annotator_reviewer', 'MEMBER')"
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_suggest_reviewer() RETURNS boolean
        LANGUAGE sql STABLE {fixed} AS $$ SELECT {reviewer} $$
        """,
        # A person's own row (never the gold row), by login name.
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_suggest_self(owner integer) RETURNS boolean
        LANGUAGE sql STABLE {fixed} AS
        $$ SELECT EXISTS (SELECT FROM {s}.annotators a WHERE a.id = owner
               AND a.role <> 'gold' AND a.name = session_user) $$
        """,
        # A model's pseudo-annotator row, written by reviewers.
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_may_write_prediction(owner integer)
        RETURNS boolean LANGUAGE sql STABLE {fixed} AS
        $$ SELECT {reviewer} AND EXISTS (SELECT FROM {s}.annotators a WHERE a.id = owner
               AND a.role = 'annotator' AND pg_catalog.starts_with(a.name, 'prediction:')) $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_may_write_prediction_layer(layer integer)
        RETURNS boolean LANGUAGE sql STABLE {fixed} AS
        $$ SELECT EXISTS (SELECT FROM {s}.layers l WHERE l.id = layer AND
               {s}.annotator_may_write_prediction(l.annotator_id)) $$
        """,
        # Functions are executable by PUBLIC by default: only the application's roles.
        *(
            f"REVOKE ALL ON FUNCTION {s}.{f} FROM PUBLIC; "
            f"GRANT EXECUTE ON FUNCTION {s}.{f} TO annotator_user"
            for f in (
                "annotator_suggest_reviewer()",
                "annotator_suggest_self(integer)",
                "annotator_may_write_prediction(integer)",
                "annotator_may_write_prediction_layer(integer)",
            )
        ),
        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + ", ".join(NEW_TABLES) + " TO annotator_user",
        """
        DO $$
        DECLARE seq text;
        BEGIN
            FOR seq IN SELECT pg_catalog.pg_get_serial_sequence(t, 'id')
                FROM unnest(ARRAY['suggest_models', 'suggest_patterns']) AS t
            LOOP
                IF seq IS NOT NULL THEN
                    EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || seq || ' TO annotator_user';
                END IF;
            END LOOP;
        END
        $$
        """,
    ]
    statements += [f"ALTER TABLE {s}.{t} ENABLE ROW LEVEL SECURITY" for t in NEW_TABLES]
    statements += [f"CREATE POLICY read_all ON {s}.{t} FOR SELECT USING (true)" for t in NEW_TABLES]
    may = f"{s}.annotator_suggest_reviewer()"
    statements += [
        f"CREATE POLICY reviewers_write ON {s}.{t} FOR ALL USING ({may}) WITH CHECK ({may})"
        for t in ("suggest_models", "suggest_patterns")
    ]
    own = f"{s}.annotator_suggest_self(annotator_id)"
    statements.append(
        f"CREATE POLICY write_own ON {s}.suggest_rejections FOR ALL "
        f"USING ({own}) WITH CHECK ({own})"
    )
    pred_layer = f"{s}.annotator_may_write_prediction_layer(layer_id)"
    statements.append(
        f"CREATE POLICY write_predictions ON {s}.prediction_scores FOR ALL "
        f"USING ({pred_layer}) WITH CHECK ({pred_layer})"
    )
    pred_owner = f"{s}.annotator_may_write_prediction(annotator_id)"
    statements.append(
        f"CREATE POLICY write_predictions ON {s}.layers FOR ALL "
        f"USING ({pred_owner}) WITH CHECK ({pred_owner})"
    )
    statements += [
        f"CREATE POLICY write_predictions ON {s}.{t} FOR ALL "
        f"USING ({pred_layer}) WITH CHECK ({pred_layer})"
        for t in LAYER_TABLES
    ]
    return statements


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        s = _schema(conn)
        for t in ("layers", *LAYER_TABLES):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS write_predictions ON {s}.{t}")
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    if conn.dialect.name == "postgresql":
        s = _schema(conn)
        for fn in (
            "annotator_may_write_prediction_layer(integer)",
            "annotator_may_write_prediction(integer)",
            "annotator_suggest_self(integer)",
            "annotator_suggest_reviewer()",
        ):
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {s}.{fn}")
