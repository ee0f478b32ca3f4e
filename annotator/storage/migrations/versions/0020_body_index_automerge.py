"""The body search index merges its segments less eagerly (SQLite): cheaper imports.

FTS5's ``automerge`` (default 4) is set to ``fulltext.SQLITE_AUTOMERGE`` in the index's
own config table; the index itself is not rebuilt. No table, no grant: nothing for
PostgreSQL, whose GIN index has no such setting.

Revision ID: 0020
Revises: 0015
Create Date: 2026-12-07 10:40:00
"""

from collections.abc import Sequence

from alembic import op

from annotator.storage import fulltext

revision: str = "0020"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        fulltext.tune_sqlite(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"INSERT INTO {fulltext.FTS_TABLE}({fulltext.FTS_TABLE}, rank) VALUES ('automerge', 4)"
        )
