"""SQLAlchemy 2 typed ORM models; invariants are also enforced by the database itself."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.functions import FunctionElement

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware current time (stored as UTC)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations can name constraints."""

    metadata = MetaData(naming_convention=NAMING)


class Document(Base):
    """An article: its stored (normalised, never reshaped) text and where it came from."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(512), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    """The document's identity key: SHA-256 of its text, except for a document whose text an
    earlier one with another external id already has: SHA-256 of text, NUL and its external
    id (``services.importer.text_hash``), so documents of different ids are never merged."""
    source: Mapped[str] = mapped_column(String(512), default="")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Normalised title and external id (core.search); what the document list searches.

    Bodies are searched through the full-text index (storage.fulltext): whatever inserts
    documents calls ``fulltext.add`` in the same transaction, as the importer does."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    layers: Mapped[list[Layer]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Annotator(Base):
    """A person who annotates (or reviews), or the reserved gold pseudo-annotator."""

    __tablename__ = "annotators"
    __table_args__ = (
        CheckConstraint("role IN ('annotator', 'reviewer', 'gold')", name="role"),
        # One gold pseudo-annotator (migration 0004) owns the adjudicated layers.
        Index(
            "uq_annotators_gold",
            "role",
            unique=True,
            sqlite_where=text("role = 'gold'"),
            postgresql_where=text("role = 'gold'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="annotator")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Label(Base):
    """One label of this database's schema."""

    __tablename__ = "labels"
    __table_args__ = (
        CheckConstraint("kind IN ('entity', 'quote', 'topic')", name="kind"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    colour: Mapped[str] = mapped_column(String(20), default="#cccccc")
    shortcut: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The name the Arabic interface shows; empty shows the name. Exports use the name.
    arabic_name: Mapped[str] = mapped_column(Text, default="", server_default="")


class Layer(Base):
    """One annotator's annotations of one document, with its progress status."""

    __tablename__ = "layers"
    __table_args__ = (
        UniqueConstraint("document_id", "annotator_id", name="uq_layers_document_annotator"),
        CheckConstraint("status IN ('new', 'in_progress', 'done')", name="status"),
        CheckConstraint("answer IN ('accept', 'reject', 'ignore')", name="answer"),
        Index("ix_layers_annotator_status", "annotator_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="new")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answer: Mapped[str | None] = mapped_column(String(10), default=None)
    """A peer tool's decision on the record (migration 0008): ``accept``, or ``reject`` and
    ``ignore``, which exports never write as accepted examples; NULL for an ordinary layer."""

    document: Mapped[Document] = relationship(back_populates="layers")
    annotator: Mapped[Annotator] = relationship()


class Span(Base):
    """A labelled range ``[start, end)`` of code points of the document's stored text."""

    __tablename__ = "spans"
    __table_args__ = (
        # A unique index rather than a constraint: migration 0003 adds it to existing SQLite
        # files without rebuilding the table (a rebuild would cascade-delete relations).
        Index("uq_spans_layer_range_label", "layer_id", "start", "end", "label_id", unique=True),
        CheckConstraint('start >= 0 AND start < "end"', name="range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layers.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Relation(Base):
    """A directed link between two spans of one layer (QUOTE -SPEAKER-> PER/ORG)."""

    __tablename__ = "relations"
    __table_args__ = (
        UniqueConstraint("head_span_id", "child_span_id", "label", name="uq_relations_link"),
        CheckConstraint("head_span_id <> child_span_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layers.id", ondelete="CASCADE"), index=True)
    head_span_id: Mapped[int] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"))
    child_span_id: Mapped[int] = mapped_column(
        ForeignKey("spans.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100))


class LayerTopic(Base):
    """A document-level topic chosen in one layer."""

    __tablename__ = "layer_topics"

    layer_id: Mapped[int] = mapped_column(
        ForeignKey("layers.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(
        ForeignKey("labels.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class Setting(Base):
    """A per-database setting (key/value)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Event(Base):
    """One audit entry: who did what, when, on which document and layer (append-only)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_document_id", "document_id", "id"),
        Index("ix_events_actor", "actor", "id"),
        Index("ix_events_action", "action", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    # Plain ids, no foreign keys: the history outlives deleted documents and layers.
    document_id: Mapped[int | None] = mapped_column(Integer)
    layer_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Assignment(Base):
    """A document put in an annotator's queue by a reviewer."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_annotator_id", "annotator_id", "document_id"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotators.id", ondelete="CASCADE"), primary_key=True
    )
    assigned_by: Mapped[str] = mapped_column(String(200))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewComment(Base):
    """The reviewer comment of a document (one per document)."""

    __tablename__ = "review_comments"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewDecision(Base):
    """A disagreement of a document a reviewer decided (accepted, rejected or edited).

    ``key`` is the disagreement's identity (``core.review.Disagreement.key``); a
    disagreement without a row is undecided, whatever gold holds.
    """

    __tablename__ = "review_decisions"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Guidelines(Base):
    """One version of the database's annotation guidelines (Markdown); newest in force."""

    __tablename__ = "guidelines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    """The version number."""
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestModel(Base):
    """A trained suggestion model (entity or topic), versioned; the highest is current."""

    __tablename__ = "suggest_models"
    __table_args__ = (
        CheckConstraint("kind IN ('entity', 'topic')", name="kind"),
        UniqueConstraint("kind", "version", name="uq_suggest_models_kind_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    info: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trained_by: Mapped[str] = mapped_column(String(200))
    trained_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestPattern(Base):
    """A dictionary name or Prodigy-shaped pattern of a label (the pattern's JSON)."""

    __tablename__ = "suggest_patterns"
    __table_args__ = (
        UniqueConstraint("label", "pattern", name="uq_suggest_patterns_label_pattern"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    pattern: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestRejection(Base):
    """A suggestion an annotator rejected on a document (a topic: start = end = -1)."""

    __tablename__ = "suggest_rejections"

    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotators.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    start: Mapped[int] = mapped_column(Integer, primary_key=True)
    end: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100), primary_key=True)
    suggester: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PredictionScore(Base):
    """The score of a span or topic (start = end = -1) of a ``prediction:NAME`` layer."""

    __tablename__ = "prediction_scores"

    layer_id: Mapped[int] = mapped_column(
        ForeignKey("layers.id", ondelete="CASCADE"), primary_key=True
    )
    start: Mapped[int] = mapped_column(Integer, primary_key=True)
    end: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100), primary_key=True)
    score: Mapped[float] = mapped_column(Float)


class session_login(FunctionElement[str]):
    """The connected login: PostgreSQL's ``session_user``; '' on SQLite (no logins)."""

    type = String()
    inherit_cache = True


@compiles(session_login)
def _session_login_default(element: session_login, compiler: Any, **kw: Any) -> str:
    return "''"


@compiles(session_login, "postgresql")
def _session_login_postgresql(element: session_login, compiler: Any, **kw: Any) -> str:
    return "session_user"


class UncertaintyScore(Base):
    """How uncertain model ``kind``-``version`` is about a document (active learning), 0..1.

    Kept per login (a cache nobody else can write into: ``session_login()``) and model
    version: a new model's scores are new rows; older versions' rows are dropped as the
    new ones are stored.
    """

    __tablename__ = "uncertainty_scores"
    __table_args__ = (
        CheckConstraint("kind IN ('entity', 'topic')", name="kind"),
        Index("ix_uncertainty_scores_model", "login", "kind", "version", "score"),
    )

    login: Mapped[str] = mapped_column(String(63), primary_key=True, server_default="")
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    score: Mapped[float] = mapped_column(Float)
