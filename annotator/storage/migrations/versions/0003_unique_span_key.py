"""Make a span's key (layer, start, end, label) unique, as the models always declared.

Revision 0001 left out the unique constraint that ``models.Span`` declares, so a layer
could hold the same span twice and undo (which finds spans by that key) could pick the
wrong one. Duplicates are merged into the oldest span (their relations move to it) and a
unique index is added; an index needs no table rebuild, which on SQLite would
cascade-delete every relation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _merge_duplicates(conn: sa.Connection) -> None:
    dups = conn.execute(
        sa.text(
            'SELECT s.id, k.keep FROM spans s JOIN (SELECT layer_id, start, "end", label_id, '
            'MIN(id) AS keep FROM spans GROUP BY layer_id, start, "end", label_id '
            "HAVING COUNT(*) > 1) k ON s.layer_id = k.layer_id AND s.start = k.start "
            'AND s."end" = k."end" AND s.label_id = k.label_id WHERE s.id <> k.keep'
        )
    ).all()
    for dup, keep in dups:
        rels = conn.execute(
            sa.text(
                "SELECT id, head_span_id, child_span_id, label FROM relations "
                "WHERE head_span_id = :d OR child_span_id = :d"
            ),
            {"d": dup},
        ).all()
        for rid, head, child, label in rels:
            head = keep if head == dup else head
            child = keep if child == dup else child
            clash = conn.execute(
                sa.text(
                    "SELECT 1 FROM relations WHERE head_span_id = :h AND child_span_id = :c "
                    "AND label = :l"
                ),
                {"h": head, "c": child, "l": label},
            ).first()
            if clash is not None or head == child:
                conn.execute(sa.text("DELETE FROM relations WHERE id = :r"), {"r": rid})
            else:
                conn.execute(
                    sa.text(
                        "UPDATE relations SET head_span_id = :h, child_span_id = :c WHERE id = :r"
                    ),
                    {"h": head, "c": child, "r": rid},
                )
        conn.execute(sa.text("DELETE FROM spans WHERE id = :d"), {"d": dup})


def upgrade() -> None:
    _merge_duplicates(op.get_bind())
    op.create_index(
        "uq_spans_layer_range_label",
        "spans",
        ["layer_id", "start", "end", "label_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_spans_layer_range_label", table_name="spans")
