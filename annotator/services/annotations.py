"""Annotation operations on the acting annotator's own layer; each one is one transaction.

Every operation returns a ``Change`` summarising what it did, which the GUI uses both to
refresh its widgets (one place) and to build the inverse operation for undo. Spans are
identified for undo by their key ``(start, end, label)``, which is unique in a layer, so
undo and redo keep working when a span is deleted and re-created with a new id.

Concurrency: every mutating operation locks its layer row (PostgreSQL ``FOR UPDATE``;
SQLite serialises all writers anyway), so versions count every change, and is rerun
wholly when it loses a race with another writer (``storage.retry``). Given
``expected_version`` (the layer version the caller last read: ``LayerState.version`` or
``Change.version``), an operation on a layer changed meanwhile by another window or
process raises ConflictError and changes nothing: never a silent overwrite.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, object_session

from annotator.core.errors import (
    AnnotatorError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from annotator.core.model import SPEAKER, SPEAKER_KINDS, LabelKind, LayerStatus, validate_span
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.models import utcnow
from annotator.storage.retry import retrying

from . import access, annotators, audit
from .documents import DocumentDetail

SpanKey = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class SpanInfo:
    """A stored span as the views need it."""

    id: int
    start: int
    end: int
    label: str
    kind: LabelKind

    @property
    def key(self) -> SpanKey:
        """Identity of the span within its layer that survives delete and re-create."""
        return (self.start, self.end, self.label)


@dataclass(frozen=True, slots=True)
class RelationInfo:
    """A stored relation between two spans of a layer."""

    id: int
    head: int
    child: int
    label: str


@dataclass(frozen=True, slots=True)
class LayerState:
    """Everything one annotator has on one document."""

    document_id: int
    annotator: str
    status: LayerStatus
    version: int
    spans: tuple[SpanInfo, ...]
    relations: tuple[RelationInfo, ...]
    topics: frozenset[str]


@dataclass(frozen=True, slots=True)
class Change:
    """Summary of one operation: what was added, removed or set."""

    document_id: int
    added_spans: tuple[SpanInfo, ...] = ()
    removed_spans: tuple[SpanInfo, ...] = ()
    added_relations: tuple[tuple[SpanKey, SpanKey, str], ...] = ()
    removed_relations: tuple[tuple[SpanKey, SpanKey, str], ...] = ()
    topics_on: frozenset[str] = field(default_factory=frozenset)
    topics_off: frozenset[str] = field(default_factory=frozenset)
    status: tuple[LayerStatus, LayerStatus] | None = None
    """(before, after) when the status changed."""
    version: int | None = None
    """The layer's version after the operation: the next call's ``expected_version``."""
    decided: frozenset[str] = field(default_factory=frozenset)
    """Gold only: disagreements (``Disagreement.key``) a reviewer decided by this step."""
    undecided: frozenset[str] = field(default_factory=frozenset)
    """Gold only: disagreements whose decision this step withdrew (undo, majority vote)."""

    @property
    def is_empty(self) -> bool:
        """True when the operation changed nothing."""
        return not (
            self.added_spans
            or self.removed_spans
            or self.added_relations
            or self.removed_relations
            or self.topics_on
            or self.topics_off
            or self.status
            or self.decided
            or self.undecided
        )


class AnnotationService:
    """Operations of one annotator on their own layers."""

    def __init__(self, db: Database, annotator: str) -> None:
        self.db = db
        # On PostgreSQL the name must be the database login's (access.acting_name).
        name = access.acting_name(db, annotator) or annotators.clean_name(annotator)
        self.annotator = annotators.ensure_annotator(db, name)  # whose layers it writes
        self.actor = self.annotator  # who acts, for the audit log (the gold service differs)

    # -- reading -----------------------------------------------------------------------

    def layer_state(self, document_id: int) -> LayerState:
        """The annotator's layer on a document (empty when they have not started)."""
        with self.db.read() as session:
            layer = self._find_layer(session, document_id)
            if layer is None:
                if session.get(m.Document, document_id) is None:
                    raise NotFoundError(f"no document {document_id}")
                return LayerState(
                    document_id, self.annotator, LayerStatus.NEW, 0, (), (), frozenset()
                )
            return read_layer(session, layer, self.annotator)

    def document_with_layer(self, document_id: int) -> tuple[DocumentDetail, LayerState]:
        """A document and the annotator's layer on it, read together (an article opened).

        One statement (``_opened``), so one snapshot and, on PostgreSQL, one round trip to
        the server outside any transaction (``Database.single_read``), where
        ``documents.get_document`` and ``layer_state`` took two transactions of one and four
        statements: 11 round trips with BEGIN, ROLLBACK and the pool's pings.
        """
        with self.db.single_read() as conn:
            rows = conn.execute(
                _opened(), {"document_id": document_id, "annotator": self.annotator}
            ).all()
        head = next((row for row in rows if row[0] == _HEAD), None)
        if head is None:
            raise NotFoundError(f"no document {document_id}")
        _part, layer_id, version, _none, status, title, text, external_id, source, meta = head
        detail = DocumentDetail(document_id, title, text, external_id, source, dict(meta or {}))
        if layer_id is None:
            empty = LayerState(document_id, self.annotator, LayerStatus.NEW, 0, (), (), frozenset())
            return detail, empty
        return detail, _layer_state(rows, document_id, status, version, self.annotator)

    # -- span operations ---------------------------------------------------------------

    @retrying
    def add_span(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        expected_version: int | None = None,
        source: dict[str, str] | None = None,
    ) -> Change:
        """Label ``[start, end)`` of the document's stored text.

        ``source`` says where an accepted suggestion came from (suggester, model version);
        the audit entry keeps it.
        """
        with self.db.write() as session:
            doc = session.get(m.Document, document_id)
            if doc is None:
                raise NotFoundError(f"no document {document_id}")
            problem = validate_span(doc.text, start, end)
            if problem:
                raise AnnotatorError(problem)
            label_row = _label(session, label)
            layer = self._layer_for_write(session, document_id, expected_version)
            existing = session.scalar(
                select(m.Span).where(
                    m.Span.layer_id == layer.id,
                    m.Span.start == start,
                    m.Span.end == end,
                    m.Span.label_id == label_row.id,
                )
            )
            if existing is not None:
                return self._done(layer, Change(document_id), "add_span")
            span = m.Span(layer_id=layer.id, start=start, end=end, label_id=label_row.id)
            session.add(span)
            session.flush()
            status = _touch(layer)
            info = SpanInfo(span.id, start, end, label_row.name, LabelKind(label_row.kind))
            return self._done(
                layer,
                Change(document_id, added_spans=(info,), status=status),
                "add_span",
                source,
            )

    @retrying
    def remove_span(
        self, document_id: int, span_id: int, *, expected_version: int | None = None
    ) -> Change:
        """Delete a span of the annotator's layer, with the relations that use it."""
        with self.db.write() as session:
            layer = self._layer_for_write(session, document_id, expected_version)
            span = self._own_span(session, layer, span_id)
            info = _span_info(session, span)
            removed = _relations_of(session, [span.id])
            session.delete(span)
            status = _touch(layer)
            return self._done(
                layer,
                Change(
                    document_id, removed_spans=(info,), removed_relations=removed, status=status
                ),
                "remove_span",
            )

    @retrying
    def relabel_span(
        self,
        document_id: int,
        span_id: int,
        label: str,
        *,
        expected_version: int | None = None,
    ) -> Change:
        """Give a span another label (recorded as remove + add, so undo is symmetric)."""
        with self.db.write() as session:
            layer = self._layer_for_write(session, document_id, expected_version)
            span = self._own_span(session, layer, span_id)
            before = _span_info(session, span)
            label_row = _label(session, label)
            if label_row.name == before.label:
                return self._done(layer, Change(document_id), "relabel_span")
            clash = session.scalar(
                select(m.Span.id).where(
                    m.Span.layer_id == layer.id,
                    m.Span.start == span.start,
                    m.Span.end == span.end,
                    m.Span.label_id == label_row.id,
                )
            )
            if clash is not None:
                raise AnnotatorError(f"this text is already labelled {label_row.name}")
            relations = _relations_of(session, [span.id])
            kind = LabelKind(label_row.kind)
            # A relation stays only if it still makes sense with the new label.
            kept = tuple(
                r for r in relations if _relation_allowed(r, before.key, kind, label_row.name)
            )
            dropped = tuple(r for r in relations if r not in kept)
            if dropped:
                _delete_relations(session, layer, dropped)
            span.label_id = label_row.id
            session.flush()
            after = SpanInfo(span.id, span.start, span.end, label_row.name, kind)
            rekey = {before.key: after.key}
            moved = tuple((rekey.get(h, h), rekey.get(c, c), lab) for h, c, lab in kept)
            status = _touch(layer)
            return self._done(
                layer,
                Change(
                    document_id,
                    added_spans=(after,),
                    removed_spans=(before,),
                    added_relations=moved,
                    removed_relations=relations,
                    status=status,
                ),
                "relabel_span",
            )

    # -- relations ---------------------------------------------------------------------

    @retrying
    def link(
        self,
        document_id: int,
        head_id: int,
        child_id: int,
        label: str = SPEAKER,
        *,
        expected_version: int | None = None,
    ) -> Change:
        """Link two spans of the layer; for SPEAKER, head is a quote and child an entity."""
        with self.db.write() as session:
            layer = self._layer_for_write(session, document_id, expected_version)
            head = _span_info(session, self._own_span(session, layer, head_id))
            child = _span_info(session, self._own_span(session, layer, child_id))
            if head.id == child.id:
                raise AnnotatorError("a span cannot be linked to itself")
            if label == SPEAKER:
                if head.kind != LabelKind.QUOTE:
                    raise AnnotatorError(f"a speaker belongs to a quote, not to {head.label}")
                if child.kind != LabelKind.ENTITY:
                    raise AnnotatorError(f"a speaker is an entity (PER, ORG), not {child.label}")
                if child.label not in SPEAKER_KINDS and _schema_names_speakers(session):
                    raise AnnotatorError(
                        f"a speaker is a person or an organisation (PER, ORG), not {child.label}"
                    )
            link = (head.key, child.key, label)
            existing = [r for r in _relations_of(session, [head.id]) if r[0] == head.key]
            if link in existing:
                return Change(document_id)  # already linked: nothing to do, nothing to undo
            removed: tuple[tuple[SpanKey, SpanKey, str], ...] = ()
            if label == SPEAKER:
                # A quote has one speaker: linking again replaces the old link.
                removed = tuple(r for r in existing if r[2] == SPEAKER)
                if removed:
                    _delete_relations(session, layer, removed)
            session.add(
                m.Relation(
                    layer_id=layer.id, head_span_id=head.id, child_span_id=child.id, label=label
                )
            )
            session.flush()
            status = _touch(layer)
            return self._done(
                layer,
                Change(
                    document_id,
                    added_relations=(link,),
                    removed_relations=removed,
                    status=status,
                ),
                "link",
            )

    @retrying
    def unlink(
        self,
        document_id: int,
        head_id: int,
        child_id: int,
        label: str = SPEAKER,
        *,
        expected_version: int | None = None,
    ) -> Change:
        """Remove the link between two spans."""
        with self.db.write() as session:
            layer = self._layer_for_write(session, document_id, expected_version)
            head = _span_info(session, self._own_span(session, layer, head_id))
            child = _span_info(session, self._own_span(session, layer, child_id))
            result = session.execute(
                delete(m.Relation).where(
                    m.Relation.head_span_id == head.id,
                    m.Relation.child_span_id == child.id,
                    m.Relation.label == label,
                )
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                return self._done(layer, Change(document_id), "unlink")
            status = _touch(layer)
            return self._done(
                layer,
                Change(
                    document_id, removed_relations=((head.key, child.key, label),), status=status
                ),
                "unlink",
            )

    # -- topics and status -------------------------------------------------------------

    @retrying
    def set_topic(
        self,
        document_id: int,
        label: str,
        on: bool,
        *,
        expected_version: int | None = None,
        source: dict[str, str] | None = None,
    ) -> Change:
        """Choose or clear a document-level topic.

        ``source`` says where an accepted topic suggestion came from (suggester, model
        version, score); the audit log keeps it.
        """
        with self.db.write() as session:
            label_row = _label(session, label)
            if label_row.kind != LabelKind.TOPIC:
                raise AnnotatorError(f"{label} is not a topic label")
            layer = self._layer_for_write(session, document_id, expected_version)
            present = session.get(m.LayerTopic, (layer.id, label_row.id)) is not None
            if present == on:
                return self._done(layer, Change(document_id), "set_topic")
            if on:
                session.add(m.LayerTopic(layer_id=layer.id, label_id=label_row.id))
            else:
                session.execute(
                    delete(m.LayerTopic).where(
                        m.LayerTopic.layer_id == layer.id, m.LayerTopic.label_id == label_row.id
                    )
                )
            status = _touch(layer)
            names = frozenset({label_row.name})
            if on:
                return self._done(
                    layer,
                    Change(document_id, topics_on=names, status=status),
                    "set_topic",
                    source,
                )
            return self._done(
                layer, Change(document_id, topics_off=names, status=status), "set_topic"
            )

    @retrying
    def set_status(
        self, document_id: int, status: LayerStatus, *, expected_version: int | None = None
    ) -> Change:
        """Mark the layer new, in progress or done."""
        with self.db.write() as session:
            layer = self._layer_for_write(session, document_id, expected_version)
            before = LayerStatus(layer.status)
            if before == status:
                return self._done(layer, Change(document_id), "set_status")
            layer.status = status.value
            layer.version += 1
            layer.updated_at = utcnow()
            return self._done(layer, Change(document_id, status=(before, status)), "set_status")

    # -- undo support ------------------------------------------------------------------

    @retrying
    def apply_inverse(
        self, change: Change, *, expected_version: int | None = None, action: str = "undo"
    ) -> Change:
        """Undo ``change`` (and, applied to an undo's Change, redo it), in one transaction.

        ``action`` names the operation in the audit log (the gold service applies its
        accept and reject steps through here).
        """
        doc = change.document_id
        with self.db.write() as session:
            layer = self._layer_for_write(session, doc, expected_version)
            named = [s.key for s in (*change.added_spans, *change.removed_spans)]
            for head, child, _name in (*change.added_relations, *change.removed_relations):
                named += [head, child]
            ids = _span_ids_by_key(session, layer, named)
            for head, child, label in change.added_relations:
                if head in ids and child in ids:
                    session.execute(
                        delete(m.Relation).where(
                            m.Relation.head_span_id == ids[head],
                            m.Relation.child_span_id == ids[child],
                            m.Relation.label == label,
                        )
                    )
            added_back: list[SpanInfo] = []
            removed_now: list[SpanInfo] = []
            for span in change.added_spans:
                span_id = ids.pop(span.key, None)
                if span_id is not None:
                    session.execute(delete(m.Span).where(m.Span.id == span_id))
                    removed_now.append(SpanInfo(span_id, *span.key, span.kind))
            for span in change.removed_spans:
                if span.key in ids:
                    continue
                row = m.Span(
                    layer_id=layer.id,
                    start=span.start,
                    end=span.end,
                    label_id=_label(session, span.label).id,
                )
                session.add(row)
                session.flush()
                ids[span.key] = row.id
                added_back.append(SpanInfo(row.id, *span.key, span.kind))
            for head, child, label in change.removed_relations:
                if head in ids and child in ids:
                    session.add(
                        m.Relation(
                            layer_id=layer.id,
                            head_span_id=ids[head],
                            child_span_id=ids[child],
                            label=label,
                        )
                    )
            for name in change.topics_on:
                session.execute(
                    delete(m.LayerTopic).where(
                        m.LayerTopic.layer_id == layer.id,
                        m.LayerTopic.label_id == _label(session, name).id,
                    )
                )
            for name in change.topics_off:
                label_id = _label(session, name).id
                if session.get(m.LayerTopic, (layer.id, label_id)) is None:
                    session.add(m.LayerTopic(layer_id=layer.id, label_id=label_id))
            status = None
            if change.status is not None:
                before, after = change.status
                layer.status = before.value
                status = (after, before)
            inverse = Change(
                doc,
                added_spans=tuple(added_back),
                removed_spans=tuple(removed_now),
                added_relations=change.removed_relations,
                removed_relations=change.added_relations,
                topics_on=change.topics_off,
                topics_off=change.topics_on,
                status=status,
            )
            inverse = self._apply_extra(session, layer, change, inverse)
            if not inverse.is_empty:  # a write that changes nothing keeps the version
                layer.version += 1
                layer.updated_at = utcnow()
            session.flush()
            return self._done(layer, inverse, action)

    def _apply_extra(
        self, session: Session, layer: m.Layer, change: Change, inverse: Change
    ) -> Change:
        """Hook for what a subclass keeps beside the layer (the gold service: decisions)."""
        return inverse

    # -- helpers -----------------------------------------------------------------------

    def _find_layer(
        self, session: Session, document_id: int, *, lock: bool = False
    ) -> m.Layer | None:
        """The annotator's layer on the document, if any (row-locked for a write)."""
        query = (
            select(m.Layer)
            .join(m.Annotator)
            .where(m.Layer.document_id == document_id, m.Annotator.name == self.annotator)
        )
        if lock:
            query = query.with_for_update(of=m.Layer)
        return session.scalar(query)

    def _layer_for_write(
        self, session: Session, document_id: int, expected_version: int | None = None
    ) -> m.Layer:
        """The annotator's layer, locked, created on first write; checks the version."""
        layer = self._find_layer(session, document_id, lock=True)
        if expected_version is not None:
            current = layer.version if layer is not None else 0
            if current != expected_version:
                raise ConflictError(
                    f"{self.annotator}'s annotations of document {document_id} were changed "
                    f"meanwhile in another window or session (version {current}, this view "
                    f"shows {expected_version}); nothing was changed: reload and try again"
                )
        if layer is not None:
            return layer
        if session.get(m.Document, document_id) is None:
            raise NotFoundError(f"no document {document_id}")
        who = self._owner(session)
        layer = m.Layer(document_id=document_id, annotator_id=who.id, status=LayerStatus.NEW.value)
        session.add(layer)
        session.flush()
        return layer

    def _owner(self, session: Session) -> m.Annotator:
        """The annotator row owning this service's layers (created when new)."""
        return annotators.get_or_create(session, self.annotator)

    def _done(
        self, layer: m.Layer, change: Change, action: str, source: dict[str, str] | None = None
    ) -> Change:
        """``change`` stamped with the layer's version, and audited when it changed anything."""
        change = replace(change, version=layer.version)
        if not change.is_empty:
            session = object_session(layer)
            assert session is not None
            audit.record(
                session,
                self.actor,
                action,
                document_id=change.document_id,
                layer_id=layer.id,
                detail=(
                    audit.change_detail(change, self.annotator)
                    | ({"suggestion": source} if source else {})
                ),
            )
        return change

    def _own_span(self, session: Session, layer: m.Layer, span_id: int) -> m.Span:
        """A span of this layer; another annotator's span is refused."""
        span = session.get(m.Span, span_id)
        if span is None:
            raise NotFoundError(f"no span {span_id}")
        if span.layer_id != layer.id:
            raise PermissionDeniedError(
                f"span {span_id} belongs to another annotator's layer; {self.annotator} "
                "can change only their own"
            )
        return span


def read_layer(session: Session, layer: m.Layer, annotator: str) -> LayerState:
    """Read a whole layer (its spans, relations and topics in one statement)."""
    rows = session.connection().execute(_layer_contents(), {"layer_id": layer.id}).all()
    return _layer_state(rows, layer.document_id, layer.status, layer.version, annotator)


def _layer_state(
    rows: Iterable[Sequence[Any]], document_id: int, status: str, version: int, annotator: str
) -> LayerState:
    """A layer's state from its row's fields and the rows of ``_contents`` parts.

    Spans, relations and topics come in one ``UNION ALL`` (each part an index lookup on its
    ``layer_id``) rather than three statements: on PostgreSQL each statement is a round
    trip to the server, paid at every article opened. Spans are ordered by position (ties
    by id) and relations by id here, as the three queries did.
    """
    kinds = {kind.value: kind for kind in LabelKind}  # a dict lookup beats Enum() per row
    spans: list[SpanInfo] = []
    relations: list[RelationInfo] = []
    topics: set[str] = set()
    for part, row_id, a, b, _status, name, kind, *_rest in rows:
        if part == _SPAN:
            spans.append(SpanInfo(row_id, a, b, name, kinds[kind]))
        elif part == _RELATION:
            relations.append(RelationInfo(row_id, a, b, name))
        elif part == _TOPIC:
            topics.add(name)
    spans.sort(key=lambda s: (s.start, s.end, s.id))
    relations.sort(key=lambda r: r.id)
    return LayerState(
        document_id,
        annotator,
        LayerStatus(status),
        version,
        tuple(spans),
        tuple(relations),
        frozenset(topics),
    )


_HEAD, _SPAN, _RELATION, _TOPIC = 0, 1, 2, 3
"""The parts of ``_opened`` and ``_layer_contents`` rows (their first column)."""


def _contents(layer_id: ColumnElement[Any]) -> list[Select[Any]]:
    """The spans, relations and topics of a layer as rows of ten columns: (part, id, start
    or head, end or child, NULL, label name, label kind, NULL, NULL, NULL); the fifth and
    the last three are the head row's (``_opened``)."""
    no_int = cast(null(), Integer)
    no_text = cast(null(), Text)
    no_json = cast(null(), JSON)
    spans = (
        select(
            literal_column(str(_SPAN), Integer),
            m.Span.id,
            m.Span.start,
            m.Span.end,
            no_text,
            m.Label.name,
            m.Label.kind,
            no_text,
            no_text,
            no_json,
        )
        .join(m.Label, m.Span.label_id == m.Label.id)
        .where(m.Span.layer_id == layer_id)
    )
    relations = select(
        literal_column(str(_RELATION), Integer),
        m.Relation.id,
        m.Relation.head_span_id,
        m.Relation.child_span_id,
        no_text,
        m.Relation.label,
        no_text,
        no_text,
        no_text,
        no_json,
    ).where(m.Relation.layer_id == layer_id)
    topics = (
        select(
            literal_column(str(_TOPIC), Integer),
            no_int,
            no_int,
            no_int,
            no_text,
            m.Label.name,
            no_text,
            no_text,
            no_text,
            no_json,
        )
        .join(m.LayerTopic, m.LayerTopic.label_id == m.Label.id)
        .where(m.LayerTopic.layer_id == layer_id)
    )
    return [spans, relations, topics]


@functools.cache
def _layer_contents() -> CompoundSelect[Any]:
    """A layer's spans, relations and topics (``_contents``) for the bound ``layer_id``."""
    return union_all(*_contents(bindparam("layer_id", type_=Integer)))


@functools.cache
def _opened() -> CompoundSelect[Any]:
    """A document and the bound ``annotator``'s layer on it, for the bound ``document_id``.

    The head row (part ``_HEAD``): layer id, version, NULL, status (NULLs without a layer),
    title, text, external id, source, meta; then the layer's ``_contents``. Built once.
    """
    who = select(m.Annotator.id).where(m.Annotator.name == bindparam("annotator", type_=String))
    opened = (
        select(
            m.Document.title,
            m.Document.text,
            m.Document.external_id,
            m.Document.source,
            m.Document.meta,
            m.Layer.id.label("layer_id"),
            m.Layer.status,
            m.Layer.version,
        )
        .select_from(m.Document)
        .outerjoin(
            m.Layer,
            and_(
                m.Layer.document_id == m.Document.id, m.Layer.annotator_id == who.scalar_subquery()
            ),
        )
        .where(m.Document.id == bindparam("document_id", type_=Integer))
        .cte("opened")
    )
    head = select(
        literal_column(str(_HEAD), Integer),
        opened.c.layer_id,
        opened.c.version,
        cast(null(), Integer),
        cast(opened.c.status, Text),
        opened.c.title,
        opened.c.text,
        cast(opened.c.external_id, Text),
        cast(opened.c.source, Text),
        opened.c.meta,
    )
    return union_all(head, *_contents(select(opened.c.layer_id).scalar_subquery()))


def _schema_names_speakers(session: Session) -> bool:
    """Whether the schema has PER or ORG; a schema without them (e.g. AQMAR's PERS) lets any
    entity speak."""
    found = session.scalar(select(m.Label.id).where(m.Label.name.in_(SPEAKER_KINDS)).limit(1))
    return found is not None


def _label(session: Session, name: str) -> m.Label:
    """The label row of ``name`` or a clear error."""
    row = session.scalar(select(m.Label).where(m.Label.name == name))
    if row is None:
        raise NotFoundError(f"no label named {name!r} in this database's schema")
    return row


def _touch(layer: m.Layer) -> tuple[LayerStatus, LayerStatus] | None:
    """Bump the layer's version; a new layer becomes in progress on its first annotation."""
    layer.version += 1
    layer.updated_at = utcnow()
    if layer.status == LayerStatus.NEW.value:
        layer.status = LayerStatus.IN_PROGRESS.value
        return (LayerStatus.NEW, LayerStatus.IN_PROGRESS)
    return None


def _span_info(session: Session, span: m.Span) -> SpanInfo:
    """SpanInfo of a span row."""
    label = session.get(m.Label, span.label_id)
    assert label is not None
    return SpanInfo(span.id, span.start, span.end, label.name, LabelKind(label.kind))


def _span_ids_by_key(
    session: Session, layer: m.Layer, keys: Iterable[SpanKey] | None = None
) -> dict[SpanKey, int]:
    """Map span keys of the layer to ids: all of them, or only those starting where ``keys`` do.

    Undo names a handful of spans; reading only those keeps it fast in a layer of
    thousands (the (layer_id, start) index serves the lookup).
    """
    query = (
        select(m.Span.id, m.Span.start, m.Span.end, m.Label.name)
        .join(m.Label, m.Span.label_id == m.Label.id)
        .where(m.Span.layer_id == layer.id)
    )
    if keys is not None:
        starts = {key[0] for key in keys}
        if not starts:
            return {}
        query = query.where(m.Span.start.in_(starts))
    return {(s, e, name): sid for sid, s, e, name in session.execute(query)}


def _relations_of(
    session: Session, span_ids: list[int]
) -> tuple[tuple[SpanKey, SpanKey, str], ...]:
    """Relations touching the given spans, as span keys."""
    rows = session.scalars(
        select(m.Relation).where(
            or_(m.Relation.head_span_id.in_(span_ids), m.Relation.child_span_id.in_(span_ids))
        )
    ).all()
    out = []
    for rel in rows:
        head = session.get(m.Span, rel.head_span_id)
        child = session.get(m.Span, rel.child_span_id)
        assert head is not None and child is not None
        out.append((_span_info(session, head).key, _span_info(session, child).key, rel.label))
    return tuple(out)


def _delete_relations(
    session: Session, layer: m.Layer, relations: tuple[tuple[SpanKey, SpanKey, str], ...]
) -> None:
    """Delete relations given as span keys."""
    ids = _span_ids_by_key(session, layer)
    for head, child, label in relations:
        session.execute(
            delete(m.Relation).where(
                m.Relation.head_span_id == ids[head],
                m.Relation.child_span_id == ids[child],
                m.Relation.label == label,
            )
        )


def _relation_allowed(
    relation: tuple[SpanKey, SpanKey, str], key: SpanKey, kind: LabelKind, label: str
) -> bool:
    """Whether a SPEAKER relation still holds after the span ``key`` gets ``kind``."""
    head, child, name = relation
    if name != SPEAKER:
        return True
    if head == key:
        return kind == LabelKind.QUOTE
    if child == key:
        return kind == LabelKind.ENTITY
    return True
