"""Full-text index of document bodies (body search in the list and ``docs list``).

SQLite: the contentless FTS5 table ``document_fts`` (the folded words of
title, external id and text), backfilled in batches of 1000 documents. PostgreSQL: the
function ``annotator_search_fold`` (``search_key`` in SQL; fixed search_path, every name
schema-qualified) and a GIN expression index on ``documents``. No new table on PostgreSQL,
so the grants and row security of ``documents`` stay what they are; the SQLite table has
no such concern. ``storage.fulltext`` holds the statements; the stored text is untouched.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-07 09:45:00
"""

from collections.abc import Sequence

from alembic import op

from annotator.storage import fulltext

revision: str = "0014"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(fulltext.SQLITE_CREATE_0014)
        fulltext.fill_sqlite(conn, with_titles=True)  # as indexed up to 0030
    else:
        fulltext.pg_install_0014(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fulltext.FTS_TABLE}")
    else:
        fulltext.pg_uninstall(conn)
