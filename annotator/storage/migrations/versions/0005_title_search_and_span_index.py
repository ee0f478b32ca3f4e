"""Search text of title and external id only; drop the span index the unique key covers.

``documents.search_text`` is recomputed without the first 500 characters of the body
(core.search explains why). ``ix_spans_layer_start`` (layer_id, start) is a prefix of
``uq_spans_layer_range_label`` (layer_id, start, end, label_id), which serves the same
lookups; keeping both cost an index update per span on import.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 05:05:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from annotator.core.search import document_search_text

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000

_docs = sa.table(
    "documents",
    sa.column("id", sa.Integer),
    sa.column("title", sa.Text),
    sa.column("external_id", sa.String),
    sa.column("search_text", sa.Text),
)


def _recompute(key: Callable[[str, str | None], str]) -> None:
    """Rewrite every document's search_text with ``key(title, external_id)``, in batches."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(_docs.c.id, _docs.c.title, _docs.c.external_id)
            .where(_docs.c.id > last)
            .order_by(_docs.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            _docs.update().where(_docs.c.id == sa.bindparam("doc_id")),
            [{"doc_id": r[0], "search_text": key(r[1], r[2])} for r in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    _recompute(document_search_text)
    op.drop_index("ix_spans_layer_start", table_name="spans")


def downgrade() -> None:
    op.create_index("ix_spans_layer_start", "spans", ["layer_id", "start"])
