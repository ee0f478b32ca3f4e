"""Body search on PostgreSQL: vectors written by the importer, with a lexeme per word pair.

PostgreSQL only (SQLite's FTS5 index stores positions and finds a phrase by itself: no
change there). ``documents.search_vector`` stops being a column the server generates
through the SQL fold ``annotator_search_fold`` (dropped): the importer writes it in each
document's INSERT, in the import's transaction (``fulltext.pg_vector``): the tokens of the
SQLite index at their positions, and one lexeme ``a_b`` per pair of adjacent common words
(``core.pair_words``), so a phrase of two common words is one lookup in the GIN index
instead of a recheck of the positions of every document holding both words. The vectors
of the documents already there are written from their stored texts in batches, then the
index is built once
(``fulltext.pg_install``: the same code as ``db check --repair-index``). The search
function ``annotator_body_matches`` gets a larger ``work_mem`` (an exact bitmap).

No new table, no new function: the column keeps the grants and row security of
``documents`` (reviewers insert documents, nobody but the owner updates them); the
search function keeps its fixed search_path, schema-qualified names and EXECUTE for
``annotator_user`` only.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

from alembic import op

from annotator.storage import fulltext

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        fulltext.pg_install(conn, with_titles=True)  # as indexed up to 0030


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        fulltext.pg_uninstall_0029(conn)
