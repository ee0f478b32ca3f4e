"""Body search index: FTS5's ``ascii`` tokenizer (SQLite); stored vectors (PostgreSQL).

The indexed column now has a space wherever a word ends (``core.search.index_fold``), so
the index is recreated with ``tokenize='ascii'`` and refilled from the stored texts in
batches (``fulltext.rebuild``: the same code as ``db check --repair-index``), in the
migration's transaction (on a new database there is nothing to refill).

PostgreSQL: the GIN expression index gives way to the stored generated column
``documents.search_vector`` under a GIN index, and the search function
``annotator_body_matches`` (fixed search_path, schema-qualified, EXECUTE for
``annotator_user`` only; security invoker, so row security applies): phrase rechecks read
the stored vector. No new table: the column has the grants and row security of
``documents``. Adding the column rewrites the table (every vector computed once).

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
        fulltext.rebuild(conn, with_titles=True)  # the repair's code (titles: up to 0030)
    else:
        fulltext.pg_install_0021(conn)  # the repair of 0021-0027 (0029 replaced it)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        fulltext.rebuild(conn, fulltext.SQLITE_CREATE_0014, with_titles=True)
    else:
        fulltext.pg_uninstall_0021(conn)
