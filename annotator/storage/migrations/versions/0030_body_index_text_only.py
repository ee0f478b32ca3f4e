"""Body search index of the texts alone: no title, no external id (both backends).

Up to 0029 the index held each document's folded title and external id with its text, so
a search of *texts only* also found a word that was only in a title or id (and the opened
article highlighted nothing). Titles and ids are searched as parts of
``documents.search_text`` (unchanged); the index now holds ``core.search.index_text`` of
the text only. Rewritten here from the stored texts, in batches, with the code of
``db check --repair-index``: SQLite drops and refills ``document_fts`` (``fulltext.rebuild``,
as 0021); PostgreSQL writes every ``documents.search_vector`` again, then builds the GIN
index once over them (``fulltext.pg_install``, as 0029). The stored texts are untouched.

No new table, no new function: the vector column keeps the grants and row security of
``documents``; the search function ``annotator_body_matches`` is created again as 0029
made it (fixed search_path, schema-qualified names, EXECUTE for ``annotator_user`` only).
The downgrade indexes titles and ids with the texts again, as 0029 expects.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 21:45:00
"""

from collections.abc import Sequence

from alembic import op

from annotator.storage import fulltext

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    fulltext.rebuild(op.get_bind())  # SQLite and PostgreSQL: the repair's own code


def downgrade() -> None:
    fulltext.rebuild(op.get_bind(), with_titles=True)
