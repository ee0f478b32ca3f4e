"""The body search index rebuilt for FTS5's ``ascii`` tokenizer (SQLite): cheaper imports.

The indexed column now has a space wherever a word ends (``core.search.index_fold``), so
the index is recreated with ``tokenize='ascii'`` and refilled from the stored texts in
batches (``fulltext.rebuild``: the same code as ``db check --repair-index``), in the
migration's transaction (on a new database there is nothing to refill). No table, no
grant: nothing for PostgreSQL.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 11:55:00
"""

from collections.abc import Sequence

from alembic import op

from annotator.storage import fulltext

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        fulltext.rebuild(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        fulltext.rebuild(conn, fulltext.SQLITE_CREATE_0014)
