"""Title search index: titles and external ids found through trigrams (SQLite).

The list's search in titles (its default scope, "both", too) was ``documents.search_text
LIKE '%key%'``: every row read, and with it the overflow pages of every text stored before
the key (275 ms p95 at 100,000 articles, 4.2 s at a million). SQLite gets a contentless
FTS5 table ``document_titles`` (``fulltext.TITLE_CREATE``: trigram tokenizer, case
sensitive, the key being casefolded already) of each document's ``search_text`` and two
newlines (``fulltext.TITLE_PAD``), and ``document_title_terms``, an ``fts5vocab`` table of
its trigrams (for keys of one or two characters), filled here from the stored keys in
batches, with the code of ``db check --repair-index`` (``fulltext.rebuild_titles``); the
importer keeps it from now on.

PostgreSQL: nothing (titles keep the LIKE there; see README). No new function, no table
on PostgreSQL. The downgrade drops both tables.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 22:10:00
"""

from collections.abc import Sequence

from alembic import op

from annotator.storage import fulltext

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    fulltext.rebuild_titles(op.get_bind())  # SQLite only: the repair's own code


def downgrade() -> None:
    fulltext.drop_titles(op.get_bind())
