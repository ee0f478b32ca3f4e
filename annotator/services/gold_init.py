"""``gold init``: start the gold layers of many documents from the majority vote, in one go.

One transaction for all the documents (a killed run leaves no gold layer at all, never some
of them), and bulk reads and inserts a page of documents at a time: 8,000 documents take a
few seconds, where one ``ReviewService.start`` per document took 43 s. Each new gold layer
holds what ``ReviewService.start`` would give it (the same ``core.review.majority_vote``),
and is in progress; documents that already have a gold layer are left as they are. Each
new gold layer gets the audit entry ``start`` writes ("gold_start", what was added), all
inserted in one statement per page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select

from annotator.core.errors import NotFoundError
from annotator.core.model import LayerStatus, RelationData, SpanData
from annotator.core.review import Gold, ReviewLayer, majority_vote
from annotator.storage import models as m
from annotator.storage.database import Database, bulk_gc, insert_rows
from annotator.storage.models import utcnow
from annotator.storage.retry import retrying

from .annotators import GOLD
from .review import ReviewService

PAGE = 500
"""Documents read and written per round of statements."""

_LAYERS = cast(Table, m.Layer.__table__)
_SPANS = cast(Table, m.Span.__table__)
_RELATIONS = cast(Table, m.Relation.__table__)
_TOPICS = cast(Table, m.LayerTopic.__table__)
_EVENTS = cast(Table, m.Event.__table__)


@dataclass(frozen=True, slots=True)
class GoldInit:
    """What ``init_gold`` did."""

    started: int
    """Gold layers made."""
    already: int
    """Documents asked for that had a gold layer already (left as they were)."""


def init_gold(
    db: Database,
    reviewer: str | None,
    document_ids: Iterable[int] | None = None,
    *,
    min_votes: int | None = None,
) -> GoldInit:
    """Start gold layers by majority vote for ``document_ids`` (None: every document).

    Only documents with at least one annotator's layer get one. Reviewers only (the same
    checks as ``ReviewService``). All or nothing.
    """
    actor = ReviewService(db, reviewer).actor
    ids = None if document_ids is None else sorted(set(document_ids))
    return _init(db, actor.name, ids, min_votes)


def _pages(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    """``ids`` a page at a time."""
    for first in range(0, len(ids), PAGE):
        yield ids[first : first + PAGE]


@retrying
def _init(db: Database, actor: str, ids: list[int] | None, min_votes: int | None) -> GoldInit:
    """The one transaction of ``init_gold`` (rerun whole when it loses a race)."""
    with bulk_gc(), db.write() as session:
        conn = session.connection()
        gold = conn.scalar(select(m.Annotator.id).where(m.Annotator.role == GOLD))
        if gold is None:
            raise NotFoundError("this database has no gold pseudo-annotator (run db upgrade)")
        names = dict(conn.execute(select(m.Label.id, m.Label.name)).all())
        label_ids = {name: lid for lid, name in names.items()}
        people = select(m.Annotator.id).where(m.Annotator.role != GOLD)
        annotated = select(m.Layer.document_id).where(m.Layer.annotator_id.in_(people)).distinct()
        with_gold = select(m.Layer.document_id).where(m.Layer.annotator_id == gold)
        if ids is None:
            todo = sorted(set(conn.scalars(annotated)) - set(conn.scalars(with_gold)))
            already = len(set(conn.scalars(with_gold)))
        else:
            todo, already = [], 0
            for page in _pages(ids):
                known = set(conn.scalars(select(m.Document.id).where(m.Document.id.in_(page))))
                if len(known) < len(page):
                    raise NotFoundError(f"no document {min(set(page) - known)}")
                have = set(conn.scalars(with_gold.where(m.Layer.document_id.in_(page))))
                already += len(have)
                found = conn.scalars(annotated.where(m.Layer.document_id.in_(page)))
                todo.extend(sorted(set(found) - have))
        now = utcnow()
        for page in _pages(todo):
            votes = {
                doc: majority_vote(layers, min_votes)
                for doc, layers in _review_layers(conn, page, names).items()
            }
            _write_gold(conn, gold, votes, label_ids, now, actor)
    return GoldInit(len(todo), already)


def _review_layers(
    conn: Connection, documents: Sequence[int], names: dict[int, str]
) -> dict[int, dict[str, ReviewLayer]]:
    """The annotators' layers of a page of documents, as ``core.review`` compares them."""
    rows = conn.execute(
        select(m.Layer.id, m.Layer.document_id, m.Annotator.name)
        .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
        .where(m.Layer.document_id.in_(documents), m.Annotator.role != GOLD)
    ).all()
    layer_ids = [lid for lid, _doc, _name in rows]
    spans: dict[int, list[SpanData]] = defaultdict(list)
    result = conn.execute(
        select(m.Span.layer_id, m.Span.id, m.Span.start, m.Span.end, m.Span.label_id)
        .where(m.Span.layer_id.in_(layer_ids))
        .order_by(m.Span.layer_id, m.Span.start, m.Span.end, m.Span.label_id)
    )
    # Integer columns only, which no dialect converts: the driver's rows as they are.
    span_rows = result.cursor.fetchall()
    result.close()
    for lid, sid, start, end, label in span_rows:
        spans[lid].append(SpanData(start, end, names[label], id=sid))
    relations: dict[int, list[RelationData]] = defaultdict(list)
    for lid, head, child, kind in conn.execute(
        select(
            m.Relation.layer_id, m.Relation.head_span_id, m.Relation.child_span_id, m.Relation.label
        ).where(m.Relation.layer_id.in_(layer_ids))
    ):
        relations[lid].append(RelationData(head, child, kind))
    topics: dict[int, set[str]] = defaultdict(set)
    for lid, topic in conn.execute(
        select(m.LayerTopic.layer_id, m.LayerTopic.label_id).where(
            m.LayerTopic.layer_id.in_(layer_ids)
        )
    ):
        topics[lid].add(names[topic])
    out: dict[int, dict[str, ReviewLayer]] = defaultdict(dict)
    for lid, doc, name in sorted(rows, key=lambda row: (row[1], row[2])):
        out[doc][name] = ReviewLayer(spans[lid], relations[lid], frozenset(topics[lid]))
    return out


def _write_gold(
    conn: Connection,
    gold: int,
    votes: dict[int, Gold],
    label_ids: dict[str, int],
    now: datetime,
    actor: str,
) -> None:
    """Insert the gold layers of a page with their spans, relations, topics and audit."""
    insert_rows(
        conn,
        _LAYERS,
        ("document_id", "annotator_id", "status", "version"),
        [(doc, gold, LayerStatus.IN_PROGRESS.value, 1) for doc in votes],
        {"updated_at": now},
    )
    layer_of = dict(
        conn.execute(
            select(m.Layer.document_id, m.Layer.id).where(
                m.Layer.annotator_id == gold, m.Layer.document_id.in_(list(votes))
            )
        ).all()
    )
    insert_rows(
        conn,
        _SPANS,
        ("layer_id", "start", "end", "label_id"),
        [
            (layer_of[doc], span.start, span.end, label_ids[span.label])
            for doc, vote in votes.items()
            for span in vote.spans
        ],
        {"created_at": now},
    )
    linked = {doc: vote for doc, vote in votes.items() if vote.relations}
    if linked:
        span_id = {
            (lid, start, end, label): sid
            for sid, lid, start, end, label in conn.execute(
                select(m.Span.id, m.Span.layer_id, m.Span.start, m.Span.end, m.Span.label_id).where(
                    m.Span.layer_id.in_([layer_of[doc] for doc in linked])
                )
            )
        }
        rows: list[dict[str, object]] = []
        for doc, vote in linked.items():
            lid = layer_of[doc]
            keys = [(lid, s.start, s.end, label_ids[s.label]) for s in vote.spans]
            rows.extend(
                {
                    "layer_id": lid,
                    "head_span_id": span_id[keys[rel.head]],
                    "child_span_id": span_id[keys[rel.child]],
                    "label": rel.label,
                }
                for rel in vote.relations
            )
        conn.execute(insert(_RELATIONS), rows)
    topic_rows = [
        {"layer_id": layer_of[doc], "label_id": label_ids[topic]}
        for doc, vote in votes.items()
        for topic in vote.topics
    ]
    if topic_rows:
        conn.execute(insert(_TOPICS), topic_rows)
    conn.execute(
        insert(_EVENTS),
        [
            {
                "at": now,
                "actor": actor,
                "action": "gold_start",
                "document_id": doc,
                "layer_id": layer_of[doc],
                "detail": _detail(vote),
            }
            for doc, vote in votes.items()
        ],
    )


def _detail(vote: Gold) -> dict[str, Any]:
    """The audit detail ``ReviewService.start`` writes for a new gold layer (``change_detail``)."""
    detail: dict[str, Any] = {"layer": GOLD}
    keys = [[s.start, s.end, s.label] for s in vote.spans]
    if keys:
        detail["added_spans"] = keys
    if vote.relations:
        detail["added_relations"] = [
            [keys[rel.head], keys[rel.child], rel.label] for rel in vote.relations
        ]
    if vote.topics:
        detail["topics_on"] = sorted(vote.topics)
    detail["status"] = [LayerStatus.NEW.value, LayerStatus.IN_PROGRESS.value]
    detail["version"] = 1
    return detail
