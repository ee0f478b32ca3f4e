"""Active learning: each login keeps its own uncertainty scores.

Migration 0023 shared the scores: anyone could store a score of the current model
version, and the first one stored stood for the whole team. A plain annotator with psql
could therefore store any number in 0..1 for a document nobody had scored yet, and move
it to the top or the bottom of every colleague's to-do list. The scores are a cache (a
model gives the same score for the same text), so each login now keeps its own: the
table is rebuilt with a ``login`` column in its key (dropping the cached scores, which
are computed again on the next ordering).

PostgreSQL: row security keyed to ``session_user``. A login reads, stores and deletes
only its own rows; it stores only scores of the current model version, deletes only
those of versions no longer current; nobody updates (no grant). SQLite (one file, no
logins): ``login`` is ''.

Revision ID: 0027
Revises: 0023
Create Date: 2026-12-07 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "uncertainty_scores"
INDEX = "ix_uncertainty_scores_model"


def _create(with_login: bool, postgresql: bool) -> None:
    login = (
        [
            sa.Column(
                "login",
                sa.String(length=63),
                nullable=False,
                server_default=sa.text("session_user") if postgresql else sa.text("''"),
            )
        ]
        if with_login
        else []
    )
    key = ["login", "document_id", "kind", "version"] if with_login else []
    op.create_table(
        TABLE,
        *login,
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
            *(key or ["document_id", "kind", "version"]), name=op.f("pk_uncertainty_scores")
        ),
    )
    if with_login:
        # The key starts with the login: a login's scores of a model are one range.
        op.create_index("ix_uncertainty_scores_document_id", TABLE, ["document_id"])
    op.create_index(INDEX, TABLE, [*(["login"] if with_login else []), "kind", "version", "score"])


def _schema(conn: sa.Connection) -> str:
    """The tables' schema as a quoted identifier."""
    name = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    return str(conn.dialect.identifier_preparer.quote_schema(str(name)))


def _security(conn: sa.Connection, with_login: bool) -> list[str]:
    s = _schema(conn)
    current = f"{s}.annotator_uncertainty_current(kind, version)"
    mine = "login = session_user AND " if with_login else ""
    read = "login = session_user" if with_login else "true"
    return [
        f"GRANT SELECT, INSERT, DELETE ON {s}.{TABLE} TO annotator_user",
        f"ALTER TABLE {s}.{TABLE} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY read_own ON {s}.{TABLE} FOR SELECT USING ({read})",
        f"CREATE POLICY insert_current ON {s}.{TABLE} FOR INSERT WITH CHECK ({mine}{current})",
        f"CREATE POLICY delete_stale ON {s}.{TABLE} FOR DELETE "
        f"USING ({mine}NOT coalesce({current}, false))",
    ]


def _rebuild(with_login: bool) -> None:
    conn = op.get_bind()
    postgresql = conn.dialect.name == "postgresql"
    op.drop_table(TABLE)  # its index and policies go with it
    _create(with_login, postgresql)
    if postgresql:
        for statement in _security(conn, with_login):
            conn.exec_driver_sql(statement)


def upgrade() -> None:
    _rebuild(with_login=True)


def downgrade() -> None:
    _rebuild(with_login=False)
