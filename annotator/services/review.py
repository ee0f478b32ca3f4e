"""Review: compare all annotators' layers of a document and build its gold layer.

Only reviewers use this service (the constructor checks). The gold layer is the layer of the
reserved "gold" pseudo-annotator; ``ReviewService.gold`` edits it with the ordinary
annotation operations (add, remove, relabel, link, topics, status, undo), and ``start``,
``accept`` and ``reject`` rebuild parts of it from the annotators' layers, each in one
transaction that returns a ``Change`` (so the app refreshes and undoes them like any other
operation) and is recorded in the audit log under the reviewer's name.

A step computes what the gold layer lacks or has too much from a fresh read, then applies
it with the gold version it read: if another reviewer changed the gold layer meanwhile, the
step is recomputed (or, given ``expected_version``, refused with ConflictError).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, ConflictError, NotFoundError
from annotator.core.model import DECLINED, SPEAKER, LayerStatus, RelationData, SpanData
from annotator.core.review import (
    Comparison,
    Disagreement,
    DisagreementKind,
    ReviewLayer,
    Version,
    compare_layers,
    majority_vote,
)
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.models import utcnow
from annotator.storage.retry import retrying

from . import access, audit
from .annotations import AnnotationService, Change, LayerState, SpanInfo, SpanKey, read_layer
from .annotators import GOLD

Link = tuple[SpanKey, SpanKey, str]
ATTEMPTS = 3
"""Recomputations of a gold step that lost a race with another reviewer."""


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """The reviewer comment of a document."""

    document_id: int
    text: str
    author: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Everything review mode shows of one document.

    ``layers`` holds each annotator's layer (not gold), ``comparison`` compares them
    (``core.review``), ``resolved`` gives for each disagreement (same order) the index of
    the version the gold layer currently has, or None.
    """

    document_id: int
    layers: dict[str, LayerState]
    gold: LayerState
    comparison: Comparison
    resolved: tuple[int | None, ...]
    comment: ReviewComment | None = None
    annotators: tuple[str, ...] = field(default=())


class GoldLayerService(AnnotationService):
    """The annotation operations on the gold layer, done by a reviewer (audited as them)."""

    def __init__(self, db: Database, actor: access.Actor) -> None:
        access.require_reviewer(actor, "writing the gold layer")
        self.db = db
        self.annotator = GOLD
        self.actor = actor.name

    def _owner(self, session: Session) -> m.Annotator:
        """The gold pseudo-annotator (created by migration 0004)."""
        row = session.scalar(select(m.Annotator).where(m.Annotator.role == GOLD))
        if row is None:
            raise NotFoundError("this database has no gold pseudo-annotator (run db upgrade)")
        return row


class ReviewService:
    """A reviewer's view of all layers and the operations that build the gold layer."""

    def __init__(self, db: Database, reviewer: str | None) -> None:
        self.db = db
        self.actor = access.resolve_actor(db, reviewer)
        access.require_reviewer(self.actor, "review")
        access.ensure_person(db, self.actor)
        self.gold = GoldLayerService(db, self.actor)

    # -- reading -----------------------------------------------------------------------

    def layers(
        self, document_id: int, names: Collection[str] | None = None
    ) -> dict[str, LayerState]:
        """Every annotator's layer of the document (not gold) by name, or only ``names``."""
        with self.db.read() as session:
            if session.scalar(select(m.Document.id).where(m.Document.id == document_id)) is None:
                raise NotFoundError(f"no document {document_id}")
            query = (
                select(m.Layer, m.Annotator.name)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .where(m.Layer.document_id == document_id, m.Annotator.role != GOLD)
                .order_by(m.Annotator.name)
            )
            if names is not None:
                query = query.where(m.Annotator.name.in_(list(names)))
            rows = session.execute(query).all()
            out: dict[str, LayerState] = {}
            for layer, name in rows:
                state = read_layer(session, layer, name)
                # A layer rejected or ignored in a peer tool, holding nothing, is no vote.
                if layer.answer in DECLINED and not (
                    state.spans or state.relations or state.topics
                ):
                    continue
                out[name] = state
            return out

    def state(self, document_id: int, annotators: Collection[str] | None = None) -> ReviewState:
        """Compare the annotators' layers (all, or those named) with the gold layer beside."""
        layers = self.layers(document_id)
        if annotators is not None:
            layers = {name: layer for name, layer in layers.items() if name in annotators}
        gold = self.gold.layer_state(document_id)
        comparison = compare_layers({name: review_layer(layer) for name, layer in layers.items()})
        return ReviewState(
            document_id,
            layers,
            gold,
            comparison,
            tuple(
                version_in_gold(d, gold) if gold.version else None for d in comparison.disagreements
            ),
            self.comment(document_id),
            tuple(layers),
        )

    def comment(self, document_id: int) -> ReviewComment | None:
        """The document's reviewer comment, if any."""
        with self.db.read() as session:
            row = session.get(m.ReviewComment, document_id)
            if row is None:
                return None
            return ReviewComment(row.document_id, row.text, row.author, as_utc(row.updated_at))

    # -- building gold -----------------------------------------------------------------

    def start(
        self,
        document_id: int,
        *,
        majority: bool = True,
        min_votes: int | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Replace the gold layer by the majority vote of the annotators (or empty it)."""

        def plan(layers: dict[str, LayerState], gold: LayerState) -> _Plan:
            wanted: dict[SpanKey, SpanInfo] = {}
            links: set[Link] = set()
            topics: set[str] = set()
            if majority and layers:
                vote = majority_vote({n: review_layer(x) for n, x in layers.items()}, min_votes)
                kinds = {s.key: s for layer in layers.values() for s in layer.spans}
                wanted = {
                    (s.start, s.end, s.label): kinds[s.start, s.end, s.label] for s in vote.spans
                }
                keys = [(s.start, s.end, s.label) for s in vote.spans]
                links = {(keys[r.head], keys[r.child], r.label) for r in vote.relations}
                topics = set(vote.topics)
            current = {s.key for s in gold.spans}
            return _Plan(
                add=[s for key, s in wanted.items() if key not in current],
                remove=[s for s in gold.spans if s.key not in wanted],
                link=sorted(links - set(_links(gold))),
                unlink=[
                    r for r in _links(gold) if r[0] in wanted and r[1] in wanted and r not in links
                ],
                topics_on=topics - gold.topics,
                topics_off=set(gold.topics) - topics,
            )

        return self._step(document_id, plan, "gold_start", expected_version)

    def accept(
        self,
        document_id: int,
        disagreement: Disagreement,
        version: Version | int,
        *,
        expected_version: int | None = None,
    ) -> Change:
        """Make the gold layer hold ``version`` (or versions[i]) of a disagreement."""
        chosen = disagreement.versions[version] if isinstance(version, int) else version
        if chosen not in disagreement.versions:
            raise AnnotatorError("that version is not one of this disagreement's")

        def plan(layers: dict[str, LayerState], gold: LayerState) -> _Plan:
            return _resolve(disagreement, chosen, layers, gold)

        # Only the layer the accepted spans are copied from is read (a long article's
        # layers hold thousands of spans each).
        source = chosen.annotators[:1]
        return self._step(document_id, plan, "gold_accept", expected_version, source)

    def reject(
        self, document_id: int, disagreement: Disagreement, *, expected_version: int | None = None
    ) -> Change:
        """Remove from the gold layer everything of a disagreement (spans, speaker, topic)."""

        def plan(layers: dict[str, LayerState], gold: LayerState) -> _Plan:
            return _resolve(disagreement, None, layers, gold)

        return self._step(document_id, plan, "gold_reject", expected_version, ())

    def set_comment(self, document_id: int, text: str) -> ReviewComment | None:
        """Set the document's reviewer comment (an empty text removes it); audited."""
        self._write_comment(document_id, text.strip())
        return self.comment(document_id)

    @retrying
    def _write_comment(self, document_id: int, text: str) -> None:
        """The write of ``set_comment``, one transaction."""
        with self.db.write() as session:
            if session.get(m.Document, document_id) is None:
                raise NotFoundError(f"no document {document_id}")
            row = session.get(m.ReviewComment, document_id)
            before = row.text if row is not None else None
            if not text:
                if row is not None:
                    session.delete(row)
            elif row is None:
                row = m.ReviewComment(
                    document_id=document_id, text=text, author=self.actor.name, updated_at=utcnow()
                )
                session.add(row)
            else:
                row.text, row.author, row.updated_at = text, self.actor.name, utcnow()
            if before != (text or None):
                audit.record(
                    session,
                    self.actor.name,
                    "review_comment",
                    document_id=document_id,
                    detail={"before": before, "after": text or None},
                )

    # -- helpers -----------------------------------------------------------------------

    def _step(
        self,
        document_id: int,
        plan: Callable[[dict[str, LayerState], LayerState], _Plan],
        action: str,
        expected_version: int | None,
        names: Collection[str] | None = None,
    ) -> Change:
        """Plan from fresh reads (``names``' layers, or all); apply it at the gold version read."""
        attempt = 0
        while True:
            attempt += 1
            gold = self.gold.layer_state(document_id)
            if expected_version is not None and gold.version != expected_version:
                raise ConflictError(
                    f"the gold layer of document {document_id} was changed meanwhile (version "
                    f"{gold.version}, this view shows {expected_version}); nothing was "
                    "changed: reload and try again"
                )
            todo = plan(self.layers(document_id, names), gold)
            todo.cascade(gold)
            try:
                return self.gold.apply_inverse(
                    todo.as_inverse(document_id, gold.status),
                    expected_version=gold.version,
                    action=action,
                )
            except ConflictError:
                if expected_version is not None or attempt >= ATTEMPTS:
                    raise


@dataclass(slots=True)
class _Plan:
    """What a gold step adds to and removes from the gold layer."""

    add: list[SpanInfo] = field(default_factory=list)
    remove: list[SpanInfo] = field(default_factory=list)
    link: list[Link] = field(default_factory=list)
    unlink: list[Link] = field(default_factory=list)
    topics_on: set[str] = field(default_factory=set)
    topics_off: set[str] = field(default_factory=set)

    def cascade(self, gold: LayerState) -> None:
        """Also list the gold relations that removing spans deletes (for undo)."""
        removed = {s.key for s in self.remove}
        for link in _links(gold):
            if (link[0] in removed or link[1] in removed) and link not in self.unlink:
                self.unlink.append(link)

    def as_inverse(self, document_id: int, status: LayerStatus) -> Change:
        """The Change whose inverse is this plan (``apply_inverse`` applies it)."""
        started = (LayerStatus.IN_PROGRESS, LayerStatus.NEW) if status == LayerStatus.NEW else None
        return Change(
            document_id,
            added_spans=tuple(self.remove),
            removed_spans=tuple(self.add),
            added_relations=tuple(self.unlink),
            removed_relations=tuple(self.link),
            topics_on=frozenset(self.topics_off),
            topics_off=frozenset(self.topics_on),
            status=started,
        )


def review_layer(layer: LayerState) -> ReviewLayer:
    """A stored layer as ``core.review`` compares it (spans with their ids)."""
    return ReviewLayer(
        spans=[SpanData(s.start, s.end, s.label, id=s.id) for s in layer.spans],
        relations=[RelationData(r.head, r.child, r.label) for r in layer.relations],
        topics=layer.topics,
    )


def _links(layer: LayerState) -> list[Link]:
    """A layer's relations by span key."""
    keys = {s.id: s.key for s in layer.spans}
    return [(keys[r.head], keys[r.child], r.label) for r in layer.relations]


def version_in_gold(disagreement: Disagreement, gold: LayerState) -> int | None:
    """Index of the version of ``disagreement`` the gold layer holds now, or None."""
    keys = {s.key for s in gold.spans}
    if disagreement.kind == DisagreementKind.DIFFERENT_TOPICS:
        has = disagreement.topic in gold.topics
        for i, version in enumerate(disagreement.versions):
            if (version.topic is not None) == has:
                return i
        return None
    if disagreement.quote is not None:
        speakers = {c for h, c, lab in _links(gold) if h == disagreement.quote and lab == SPEAKER}
        if disagreement.quote not in keys:
            return None
        for i, version in enumerate(disagreement.versions):
            if set(version.spans) == speakers:
                return i
        return None
    group = {s for version in disagreement.versions for s in version.spans}
    present = keys & group
    for i, version in enumerate(disagreement.versions):
        if set(version.spans) == present:
            return i
    return None


def _resolve(
    disagreement: Disagreement,
    chosen: Version | None,
    layers: dict[str, LayerState],
    gold: LayerState,
) -> _Plan:
    """The plan that gives gold ``chosen`` of a disagreement (None: reject it)."""
    plan = _Plan()
    gold_keys = {s.key: s for s in gold.spans}
    gold_links = _links(gold)
    if disagreement.kind == DisagreementKind.DIFFERENT_TOPICS:
        assert disagreement.topic is not None
        if chosen is not None and chosen.topic is not None:
            plan.topics_on = {disagreement.topic} - set(gold.topics)
        else:
            plan.topics_off = {disagreement.topic} & set(gold.topics)
        return plan
    source = _source_layer(chosen, layers)
    source_spans = {s.key: s for s in source.spans} if source is not None else {}
    if disagreement.quote is not None:
        quote = disagreement.quote
        plan.unlink = [r for r in gold_links if r[0] == quote and r[2] == SPEAKER]
        if chosen is None or not chosen.spans:
            return plan
        if quote not in gold_keys:
            plan.add.append(_span_of(source_spans, quote))
        for speaker in chosen.spans:
            if speaker not in gold_keys:
                plan.add.append(_span_of(source_spans, speaker))
            plan.link.append((quote, speaker, SPEAKER))
        plan.unlink = [r for r in plan.unlink if r not in plan.link]
        plan.link = [r for r in plan.link if r not in gold_links]
        return plan
    group = {s for version in disagreement.versions for s in version.spans}
    wanted = set(chosen.spans) if chosen is not None else set()
    plan.remove = [gold_keys[key] for key in sorted(group - wanted) if key in gold_keys]
    plan.add = [_span_of(source_spans, key) for key in sorted(wanted - set(gold_keys))]
    # The chosen annotator's relations of the accepted spans, where both ends will be in gold.
    after = (set(gold_keys) - {s.key for s in plan.remove}) | wanted
    if source is not None:
        plan.link = [
            r
            for r in _links(source)
            if (r[0] in wanted or r[1] in wanted)
            and r[0] in after
            and r[1] in after
            and r not in gold_links
        ]
    return plan


def _source_layer(chosen: Version | None, layers: dict[str, LayerState]) -> LayerState | None:
    """The layer of the first annotator of the chosen version (whose spans are copied)."""
    if chosen is None or not chosen.annotators:
        return None
    name = chosen.annotators[0]
    if name not in layers:
        raise ConflictError(f"{name}'s layer changed meanwhile; reload the review and try again")
    return layers[name]


def _span_of(spans: dict[SpanKey, SpanInfo], key: SpanKey) -> SpanInfo:
    """The source layer's span of ``key``; gone means the layer changed since the review."""
    if key not in spans:
        raise ConflictError("the annotator's layer changed meanwhile; reload the review")
    return spans[key]


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back naive)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def resolved_count(state: ReviewState) -> int:
    """How many disagreements the gold layer has decided (some version held)."""
    return sum(1 for index in state.resolved if index is not None)


def gold_documents(db: Database, document_ids: Iterable[int] | None = None) -> list[int]:
    """Ids of documents that have a gold layer (of ``document_ids`` when given)."""
    query = (
        select(m.Layer.document_id)
        .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
        .where(m.Annotator.role == GOLD)
        .order_by(m.Layer.document_id)
    )
    if document_ids is not None:
        query = query.where(m.Layer.document_id.in_(list(document_ids)))
    with db.read() as session:
        return list(session.scalars(query))
