"""Add documents.search_text: normalised title, id and lead for diacritics-blind search.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from annotator.core.arabic import search_key

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def _key(title: str, lead: str, external_id: str | None) -> str:
    """This revision's search text: title, external id and the first 500 characters.

    Frozen here so that later changes to core.search do not change what this step did;
    revision 0005 recomputes the key in its current form.
    """
    return "\n".join(search_key(p) for p in (title, external_id or "", lead))


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    # Backfill existing documents in batches so a large database is not read at once.
    conn = op.get_bind()
    docs = sa.table(
        "documents",
        sa.column("id", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("text", sa.Text),
        sa.column("external_id", sa.String),
        sa.column("search_text", sa.Text),
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(
                docs.c.id, docs.c.title, docs.c.external_id, sa.func.substr(docs.c.text, 1, 500)
            )
            .where(docs.c.id > last)
            .order_by(docs.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        conn.execute(
            docs.update().where(docs.c.id == sa.bindparam("doc_id")),
            [{"doc_id": r[0], "search_text": _key(r[1], r[3], r[2])} for r in rows],
        )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("search_text")
