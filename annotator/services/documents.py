"""Documents: paged listing with status filter and Arabic-aware search, details, statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, case, func, select, true
from sqlalchemy.orm import Session, aliased

from annotator.core.arabic import search_key
from annotator.core.errors import NotFoundError
from annotator.core.model import LayerStatus
from annotator.services.annotators import GOLD
from annotator.storage import models as m
from annotator.storage.database import Database


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row of the document list."""

    id: int
    title: str
    external_id: str | None
    status: LayerStatus
    span_count: int
    assigned: bool = False
    """In the annotator's queue (assigned to them); known when the filter names them."""


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A whole document as the article view needs it."""

    id: int
    title: str
    text: str
    external_id: str | None
    source: str
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """What the document list shows: whose status, which statuses, what search."""

    annotator: str | None = None
    statuses: frozenset[LayerStatus] = frozenset()
    search: str = ""
    assigned_first: bool = False
    """The annotator's queue (documents assigned to them) first, then the others."""
    assigned_only: bool = False
    """Only the annotator's queue."""


@dataclass(slots=True)
class Stats:
    """Counts for ``annotator stats``."""

    documents: int = 0
    annotators: int = 0
    """Real people only: the reserved gold pseudo-annotator is no annotator."""
    layers: int = 0
    """All layers, the gold ones included (as ``per_status`` counts them)."""
    gold_layers: int = 0
    """Layers of the gold pseudo-annotator (adjudicated), not in ``per_annotator``."""
    spans: int = 0
    per_label: dict[str, int] = field(default_factory=dict)
    per_status: dict[str, int] = field(default_factory=dict)
    per_annotator: dict[str, int] = field(default_factory=dict)


def _like_pattern(query: str) -> str:
    """A LIKE pattern for the search key of ``query``, with LIKE's wildcards escaped."""
    key = search_key(query.strip())
    key = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"


def filtered_query(flt: DocumentFilter, *, in_queue: bool | None = None) -> Select[Any]:
    """Select documents with the annotator's layer (if any) joined, filtered.

    ``in_queue`` True or False keeps only documents that are (not) assigned to the
    annotator (``assigned_only`` is the same as True).
    """
    layer = aliased(m.Layer)
    who = aliased(m.Annotator)
    annotator_id = (
        select(who.id).where(who.name == flt.annotator).scalar_subquery() if flt.annotator else None
    )
    join_on = and_(layer.document_id == m.Document.id, layer.annotator_id == annotator_id)
    status = func.coalesce(layer.status, LayerStatus.NEW.value)
    query = (
        select(m.Document.id, m.Document.title, m.Document.external_id, status.label("status"))
        .select_from(m.Document)
        .outerjoin(layer, join_on)
    )
    if flt.statuses:
        query = query.where(status.in_([s.value for s in flt.statuses]))
    if flt.search.strip():
        # Bound parameter, never formatted into SQL; the key is precomputed per document.
        query = query.where(m.Document.search_text.like(_like_pattern(flt.search), escape="\\"))
    assigned = aliased(m.Assignment)
    query = query.outerjoin(
        assigned,
        and_(assigned.document_id == m.Document.id, assigned.annotator_id == annotator_id),
    )
    if flt.assigned_only or in_queue:
        query = query.where(assigned.document_id.is_not(None))
    elif in_queue is False:
        query = query.where(assigned.document_id.is_(None))
    queued = case((assigned.document_id.is_(None), 0), else_=1)
    return query.add_columns(layer.id.label("layer_id"), queued.label("assigned"))


def count_documents(db: Database, flt: DocumentFilter | None = None) -> int:
    """How many documents the filter shows."""
    flt = flt or DocumentFilter()
    with db.read() as session:
        inner = filtered_query(flt).subquery()
        return session.scalar(select(func.count()).select_from(inner)) or 0


def list_documents(
    db: Database, flt: DocumentFilter | None = None, *, offset: int = 0, limit: int = 200
) -> list[DocumentRow]:
    """One page of the document list, in document order (the annotator's queue first)."""
    flt = flt or DocumentFilter()
    with db.read() as session:
        if flt.assigned_first and not flt.assigned_only:
            rows = _queue_first_page(session, flt, offset, limit)
        else:
            query = filtered_query(flt).order_by(m.Document.id)
            rows = list(session.execute(query.offset(offset).limit(limit)).all())
        counts = span_counts(session, [r.layer_id for r in rows if r.layer_id is not None])
        return [
            DocumentRow(
                r.id,
                r.title,
                r.external_id,
                LayerStatus(r.status),
                counts.get(r.layer_id, 0),
                bool(r.assigned),
            )
            for r in rows
        ]


def _queue_first_page(session: Session, flt: DocumentFilter, offset: int, limit: int) -> list[Any]:
    """A page of the queue-first order: queued documents by id, then the others by id.

    Two id-ordered reads instead of one sort of the whole list by (queued, id).
    """
    queued = session.scalar(
        select(func.count()).select_from(filtered_query(flt, in_queue=True).subquery())
    )
    rows: list[Any] = []
    if offset < (queued or 0):
        query = filtered_query(flt, in_queue=True).order_by(m.Document.id)
        rows += session.execute(query.offset(offset).limit(limit)).all()
    if len(rows) < limit:
        query = filtered_query(flt, in_queue=False).order_by(m.Document.id)
        rest = max(0, offset - (queued or 0))
        rows += session.execute(query.offset(rest).limit(limit - len(rows))).all()
    return rows


def document_ids(db: Database, flt: DocumentFilter | None = None) -> list[int]:
    """Ids of all documents the filter shows, in list order (ints only: cheap at 100k)."""
    flt = flt or DocumentFilter()
    with db.read() as session:
        inner = filtered_query(flt).subquery()
        order = [inner.c.assigned.desc()] if flt.assigned_first else []
        return list(session.scalars(select(inner.c.id).order_by(*order, inner.c.id)))


def span_counts(session: Session, layer_ids: list[int]) -> dict[int, int]:
    """Span count per layer for a page of layers."""
    if not layer_ids:
        return {}
    rows = session.execute(
        select(m.Span.layer_id, func.count())
        .where(m.Span.layer_id.in_(layer_ids))
        .group_by(m.Span.layer_id)
    )
    return {layer_id: n for layer_id, n in rows}


def get_document(db: Database, document_id: int) -> DocumentDetail:
    """A whole document, or NotFoundError."""
    with db.read() as session:
        doc = session.get(m.Document, document_id)
        if doc is None:
            raise NotFoundError(f"no document {document_id}")
        return DocumentDetail(
            doc.id, doc.title, doc.text, doc.external_id, doc.source, dict(doc.meta or {})
        )


def progress(db: Database, annotator: str) -> tuple[int, int]:
    """(done, total) for the annotator: layers marked done over all documents."""
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(m.Document)) or 0
        done = (
            session.scalar(
                select(func.count())
                .select_from(m.Layer)
                .join(m.Annotator)
                .where(m.Annotator.name == annotator, m.Layer.status == LayerStatus.DONE.value)
            )
            or 0
        )
        return done, total


def queue_progress(db: Database, annotator: str) -> tuple[int, int]:
    """(done, assigned): the annotator's done layers among the documents assigned to them."""
    with db.read() as session:
        who = session.scalar(select(m.Annotator.id).where(m.Annotator.name == annotator))
        if who is None:
            return 0, 0
        assigned = (
            session.scalar(
                select(func.count())
                .select_from(m.Assignment)
                .where(m.Assignment.annotator_id == who)
            )
            or 0
        )
        done = (
            session.scalar(
                select(func.count())
                .select_from(m.Assignment)
                .join(
                    m.Layer,
                    and_(
                        m.Layer.document_id == m.Assignment.document_id,
                        m.Layer.annotator_id == who,
                    ),
                )
                .where(m.Assignment.annotator_id == who, m.Layer.status == LayerStatus.DONE.value)
            )
            or 0
        )
        return done, assigned


def stats(db: Database, owner: str | None = None) -> Stats:
    """Counts of documents, annotators, layers (gold apart), spans per label and status.

    With ``owner`` (blind mode: an annotator reads only their own figures) the layers,
    spans, statuses, labels and the per-annotator row count that annotator's layers only;
    ``annotators`` and ``gold_layers`` are left at 0 (the caller hides them).
    """
    out = Stats()
    mine = (
        select(m.Layer.id)
        .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
        .where(m.Annotator.name == owner)
    )

    layer_filter = true() if owner is None else m.Layer.id.in_(mine)
    span_filter = true() if owner is None else m.Span.layer_id.in_(mine)

    with db.read() as session:
        out.documents = session.scalar(select(func.count()).select_from(m.Document)) or 0
        out.layers = (
            session.scalar(select(func.count()).select_from(m.Layer).where(layer_filter)) or 0
        )
        out.spans = session.scalar(select(func.count()).select_from(m.Span).where(span_filter)) or 0
        label_query = (
            select(m.Label.name, func.count(m.Span.id))
            .outerjoin(
                m.Span,
                and_(
                    m.Span.label_id == m.Label.id,
                    span_filter,
                ),
            )
            .group_by(m.Label.id, m.Label.name)
            .order_by(m.Label.position, m.Label.id)
        )
        out.per_label = {name: n for name, n in session.execute(label_query)}
        topic_query = (
            select(m.Label.name, func.count())
            .join(m.LayerTopic, m.LayerTopic.label_id == m.Label.id)
            .group_by(m.Label.name)
        )
        if owner is not None:
            topic_query = topic_query.where(m.LayerTopic.layer_id.in_(mine))
        for name, n in session.execute(topic_query).all():
            out.per_label[name] = out.per_label.get(name, 0) + n
        out.per_status = {
            status: n
            for status, n in session.execute(
                select(m.Layer.status, func.count()).where(layer_filter).group_by(m.Layer.status)
            )
        }
        people = (
            select(m.Annotator.name, func.count(m.Layer.id))
            .outerjoin(m.Layer, m.Layer.annotator_id == m.Annotator.id)
            .where(m.Annotator.role != GOLD)
            .group_by(m.Annotator.id, m.Annotator.name)
            .order_by(m.Annotator.name)
        )
        if owner is not None:
            people = people.where(m.Annotator.name == owner)
        out.per_annotator = {name: n for name, n in session.execute(people)}
        if owner is not None:
            return out
        # Every database holds the gold pseudo-annotator from the start (migration 0004):
        # counting it would report one annotator in a database nobody has worked in.
        out.annotators = (
            session.scalar(
                select(func.count()).select_from(m.Annotator).where(m.Annotator.role != GOLD)
            )
            or 0
        )
        out.gold_layers = (
            session.scalar(
                select(func.count())
                .select_from(m.Layer)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .where(m.Annotator.role == GOLD)
            )
            or 0
        )
    return out
