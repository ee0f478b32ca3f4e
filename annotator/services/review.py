"""Review: compare all annotators' layers of a document and build its gold layer.

Only reviewers use this service (the constructor checks). The gold layer is the layer of the
reserved "gold" pseudo-annotator; ``ReviewService.gold`` edits it with the ordinary
annotation operations (add, remove, relabel, link, topics, status, undo), and ``start``,
``accept`` and ``reject`` rebuild parts of it from the annotators' layers, each in one
transaction that returns a ``Change`` (so the app refreshes and undoes them like any other
operation) and is recorded in the audit log under the reviewer's name.

A step computes what the gold layer lacks or has too much from a fresh read, then applies
it with the gold version it read: if another reviewer changed the gold layer meanwhile, the
step is recomputed (or, given ``expected_version``, refused with ConflictError). A step
that changes nothing writes nothing (no version bump, no audit entry).

*Decided* means a reviewer decided: accept, reject and a hand edit of gold that touches a
disagreement store a decision (table ``review_decisions``, keyed by the disagreement's
identity ``Disagreement.key``) in the same transaction as the gold change, and the Change
lists it (``decided``), so undo withdraws it. The majority vote pre-fills gold but leaves
every disagreement undecided (it withdraws the document's decisions); a disagreement that
appears or changes later has no decision.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, object_session

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
    the version the gold layer currently has, or None, and ``decided`` whether a reviewer
    decided it (a held version without a decision is only pre-filled, e.g. by the
    majority vote).
    """

    document_id: int
    layers: dict[str, LayerState]
    gold: LayerState
    comparison: Comparison
    resolved: tuple[int | None, ...]
    comment: ReviewComment | None = None
    annotators: tuple[str, ...] = field(default=())
    decided: tuple[bool, ...] = field(default=())


class GoldLayerService(AnnotationService):
    """The annotation operations on the gold layer, done by a reviewer (audited as them)."""

    def __init__(self, db: Database, actor: access.Actor) -> None:
        access.require_reviewer(actor, "writing the gold layer")
        self.db = db
        self.annotator = GOLD
        self.actor = actor.name
        self._watched: dict[int, tuple[Disagreement, ...]] = {}

    def watch(self, document_id: int, disagreements: Sequence[Disagreement]) -> None:
        """The disagreements a hand edit of this document's gold decides when it touches them."""
        self._watched[document_id] = tuple(disagreements)

    def decisions(self, document_id: int) -> frozenset[str]:
        """Keys of the document's disagreements a reviewer decided."""
        with self.db.read() as session:
            return _decision_keys(session, document_id)

    def _done(
        self, layer: m.Layer, change: Change, action: str, source: dict[str, str] | None = None
    ) -> Change:
        """A hand edit of gold decides the watched disagreements it touches (same transaction)."""
        if action in HAND_EDITS and not change.is_empty:
            watched = self._watched.get(change.document_id, ())
            keys = {watched[i].key for i in touched(watched, change)}
            if keys:
                session = object_session(layer)
                assert session is not None
                new = frozenset(keys - _decision_keys(session, change.document_id))
                for key in sorted(new):
                    session.add(self._decision(change.document_id, key))
                change = replace(change, decided=change.decided | new)
        return super()._done(layer, change, action, source)

    def _apply_extra(
        self, session: Session, layer: m.Layer, change: Change, inverse: Change
    ) -> Change:
        """Undo the decisions ``change`` made, and redo those it withdrew."""
        if not (change.decided or change.undecided):
            return inverse
        doc = change.document_id
        stored = _decision_keys(session, doc)
        withdrawn = frozenset(k for k in change.decided if k in stored)
        made = frozenset(k for k in change.undecided if k not in stored and k not in withdrawn)
        if withdrawn:
            session.execute(
                delete(m.ReviewDecision).where(
                    m.ReviewDecision.document_id == doc, m.ReviewDecision.key.in_(withdrawn)
                )
            )
        for key in sorted(made):
            session.add(self._decision(doc, key))
        return replace(inverse, decided=made, undecided=withdrawn)

    def _decision(self, document_id: int, key: str) -> m.ReviewDecision:
        """A new decision row by this reviewer."""
        return m.ReviewDecision(
            document_id=document_id, key=key, reviewer=self.actor, decided_at=utcnow()
        )

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
        found = comparison.disagreements
        self.gold.watch(document_id, found)
        decided = self.gold.decisions(document_id)
        return ReviewState(
            document_id,
            layers,
            gold,
            comparison,
            held_versions(found, gold) if gold.version else (None,) * len(found),
            self.comment(document_id),
            tuple(layers),
            tuple(d.key in decided for d in found) if decided else (False,) * len(found),
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
                undecide=set(self.gold.decisions(document_id)),
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
            todo = _resolve(disagreement, chosen, layers, gold)
            todo.decide = {disagreement.key}
            return todo

        # Only the layer the accepted spans are copied from is read (a long article's
        # layers hold thousands of spans each).
        source = chosen.annotators[:1]
        return self._step(document_id, plan, "gold_accept", expected_version, source)

    def reject(
        self, document_id: int, disagreement: Disagreement, *, expected_version: int | None = None
    ) -> Change:
        """Remove from the gold layer everything of a disagreement (spans, speaker, topic)."""

        def plan(layers: dict[str, LayerState], gold: LayerState) -> _Plan:
            todo = _resolve(disagreement, None, layers, gold)
            todo.decide = {disagreement.key}
            return todo

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
    decide: set[str] = field(default_factory=set)
    undecide: set[str] = field(default_factory=set)

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
            decided=frozenset(self.undecide),
            undecided=frozenset(self.decide),
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


def held_versions(
    disagreements: Sequence[Disagreement], gold: LayerState
) -> tuple[int | None, ...]:
    """For each disagreement, the index of the version gold holds now, or None (one pass)."""
    keys = {s.key for s in gold.spans}
    links = set(_links(gold))
    return tuple(_held(d, keys, links, gold.topics) for d in disagreements)


def version_in_gold(disagreement: Disagreement, gold: LayerState) -> int | None:
    """Index of the version of ``disagreement`` the gold layer holds now, or None."""
    return held_versions((disagreement,), gold)[0]


def _held(
    d: Disagreement, keys: set[SpanKey], links: set[Link], topics: Collection[str]
) -> int | None:
    """The version of ``d`` gold holds, given gold's span keys, links and topics."""
    if d.kind == DisagreementKind.DIFFERENT_TOPICS:
        has = d.topic in topics
        return next((i for i, v in enumerate(d.versions) if (v.topic is not None) == has), None)
    if d.quote is not None:
        if d.quote not in keys:
            return None
        speakers = {c for h, c, lab in links if h == d.quote and lab == SPEAKER}
        return next((i for i, v in enumerate(d.versions) if set(v.spans) == speakers), None)
    group = {s for version in d.versions for s in version.spans}
    present = keys & group
    same = [i for i, v in enumerate(d.versions) if set(v.spans) == present]
    if len(same) > 1:  # versions differing only in their links: gold's links tell them apart
        mine = {x for x in links if x[0] in present or x[1] in present}
        return next((i for i in same if set(d.versions[i].links) == mine), same[0])
    return same[0] if same else None


HAND_EDITS = frozenset({"add_span", "remove_span", "relabel_span", "link", "unlink", "set_topic"})
"""Gold operations a reviewer does by hand; one that touches a disagreement decides it."""


def touched(disagreements: Sequence[Disagreement], change: Change) -> list[int]:
    """Indexes of the disagreements a Change of gold touches.

    A span touches a span disagreement when it is one of its versions' spans, or overlaps
    its range with a label its versions use (a reviewer's own boundaries); a relation
    touches through its spans; a topic touches its topic disagreement.
    """
    spans = [s.key for s in (*change.added_spans, *change.removed_spans)]
    for head, child, _label in (*change.added_relations, *change.removed_relations):
        spans += [head, child]
    keys = set(spans)
    topics = change.topics_on | change.topics_off
    found = []
    for index, d in enumerate(disagreements):
        if d.topic is not None:
            if d.topic in topics:
                found.append(index)
            continue
        if d.quote is not None:
            if d.quote in keys or any(k in keys for v in d.versions for k in v.spans):
                found.append(index)
            continue
        group = {k for v in d.versions for k in v.spans}
        labels = {k[2] for k in group}
        assert d.start is not None and d.end is not None
        if keys & group or any(k[2] in labels and k[0] < d.end and d.start < k[1] for k in keys):
            found.append(index)
    return found


def _decision_keys(session: Session, document_id: int) -> frozenset[str]:
    """Keys of the document's stored decisions."""
    return frozenset(
        session.scalars(
            select(m.ReviewDecision.key).where(m.ReviewDecision.document_id == document_id)
        )
    )


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
    removed = {s.key for s in plan.remove}
    # The version's links come with it (its row names them), with their other ends.
    desired = set(chosen.links) if chosen is not None else set()
    add = wanted - set(gold_keys)
    for head, child, _label in desired:
        add |= {head, child} - set(gold_keys)
    plan.add = [_span_of(source_spans, key) for key in sorted(add)]
    # Gold ends with exactly the version's links on its spans; a quote keeps one speaker.
    heads = {h for h, _c, label in desired if label == SPEAKER}
    plan.unlink = [
        r
        for r in gold_links
        if r not in desired
        and r[0] not in removed
        and r[1] not in removed
        and (r[0] in wanted or r[1] in wanted or (r[2] == SPEAKER and r[0] in heads))
    ]
    plan.link = [r for r in sorted(desired) if r not in gold_links]
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
