"""Initial schema: documents, annotators, labels, layers, spans, relations, topics.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 03:31:30.531770
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "annotators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('annotator', 'reviewer')", name=op.f("ck_annotators_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotators")),
        sa.UniqueConstraint("name", name=op.f("uq_annotators_name")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=512), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=512), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("external_id", name=op.f("uq_documents_external_id")),
        sa.UniqueConstraint("text_sha256", name=op.f("uq_documents_text_sha256")),
    )
    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("colour", sa.String(length=20), nullable=False),
        sa.Column("shortcut", sa.String(length=20), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('entity', 'quote', 'topic')", name=op.f("ck_labels_kind")),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_labels_name_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labels")),
        sa.UniqueConstraint("name", name=op.f("uq_labels_name")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "layers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'in_progress', 'done')", name=op.f("ck_layers_status")
        ),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name=op.f("fk_layers_annotator_id_annotators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_layers_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layers")),
        sa.UniqueConstraint("document_id", "annotator_id", name="uq_layers_document_annotator"),
    )
    with op.batch_alter_table("layers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_layers_annotator_status", ["annotator_id", "status"], unique=False
        )

    op.create_table(
        "layer_topics",
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["label_id"],
            ["labels.id"],
            name=op.f("fk_layer_topics_label_id_labels"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["layer_id"],
            ["layers.id"],
            name=op.f("fk_layer_topics_layer_id_layers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("layer_id", "label_id", name=op.f("pk_layer_topics")),
    )
    with op.batch_alter_table("layer_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_layer_topics_label_id"), ["label_id"], unique=False)

    op.create_table(
        "spans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f("ck_spans_range")),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name=op.f("fk_spans_label_id_labels"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["layer_id"], ["layers.id"], name=op.f("fk_spans_layer_id_layers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spans")),
    )
    with op.batch_alter_table("spans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spans_label_id"), ["label_id"], unique=False)
        batch_op.create_index("ix_spans_layer_start", ["layer_id", "start"], unique=False)

    op.create_table(
        "relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("head_span_id", sa.Integer(), nullable=False),
        sa.Column("child_span_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.CheckConstraint("head_span_id <> child_span_id", name=op.f("ck_relations_not_self")),
        sa.ForeignKeyConstraint(
            ["child_span_id"],
            ["spans.id"],
            name=op.f("fk_relations_child_span_id_spans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["head_span_id"],
            ["spans.id"],
            name=op.f("fk_relations_head_span_id_spans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["layer_id"],
            ["layers.id"],
            name=op.f("fk_relations_layer_id_layers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relations")),
        sa.UniqueConstraint("head_span_id", "child_span_id", "label", name="uq_relations_link"),
    )
    with op.batch_alter_table("relations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relations_child_span_id"), ["child_span_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_relations_layer_id"), ["layer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("relations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relations_layer_id"))
        batch_op.drop_index(batch_op.f("ix_relations_child_span_id"))

    op.drop_table("relations")
    with op.batch_alter_table("spans", schema=None) as batch_op:
        batch_op.drop_index("ix_spans_layer_start")
        batch_op.drop_index(batch_op.f("ix_spans_label_id"))

    op.drop_table("spans")
    with op.batch_alter_table("layer_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_layer_topics_label_id"))

    op.drop_table("layer_topics")
    with op.batch_alter_table("layers", schema=None) as batch_op:
        batch_op.drop_index("ix_layers_annotator_status")

    op.drop_table("layers")
    op.drop_table("settings")
    op.drop_table("labels")
    op.drop_table("documents")
    op.drop_table("annotators")
