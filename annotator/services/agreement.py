"""Agreement between annotators over the whole database (metrics in ``core.metrics``).

Layers are read page by page with plain Core selects of ``(document, annotator, start,
end, label)`` and topics, never as ORM objects; a document's text is read only to split it
into tokens, once per run (or once per ``TokenCache`` across runs). The gold layer takes
part only when named among the annotators (agreement of each annotator with gold).
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ClauseElement, Connection, exists, select

from annotator.core.arabic import tokenize
from annotator.core.errors import AnnotatorError, PermissionDeniedError
from annotator.core.metrics import (
    AgreementDocument,
    AgreementReport,
    Layer,
    Span,
    Token,
    agreement_report,
)
from annotator.core.model import DECLINED, LabelKind
from annotator.storage import models as m
from annotator.storage.database import Database

from . import access
from .annotators import GOLD

PAGE = 500


class TokenCache:
    """Token lists by document id, kept across runs (documents never change); bounded."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._tokens: OrderedDict[int, Sequence[Token]] = OrderedDict()

    def get(self, document_id: int, text: str) -> Sequence[Token]:
        """The tokens of a document, split on first use."""
        tokens = self._tokens.get(document_id)
        if tokens is None:
            tokens = self._tokens[document_id] = tokenize(text)
            if len(self._tokens) > self.size:
                self._tokens.popitem(last=False)
        return tokens


@dataclass(frozen=True, slots=True)
class AgreementResult:
    """The agreement report (``core.metrics.AgreementReport``) and what it covered."""

    report: AgreementReport
    documents: int
    """Documents with at least one compared layer."""
    kind: LabelKind | None
    """The kind the labels were restricted to (None: all span labels, entity kappa)."""

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape: rows, alpha, topics, matrix (unrounded, NaN as null)."""
        report = self.report
        return {
            "rows": report["pairs"],
            "alpha": report["alpha"],
            "topics": report["topics"],
            "topic_alpha": report["topic_alpha"],
            "matrix": report["matrix"],
            "annotators": report["annotators"],
            "documents": self.documents,
            "kind": self.kind.value if self.kind is not None else None,
        }


def compute(
    db: Database,
    *,
    actor: access.Actor | None = None,
    annotators: Collection[str] | None = None,
    labels: Collection[str] | None = None,
    kind: LabelKind | None = None,
    cache: TokenCache | None = None,
) -> AgreementResult:
    """Agreement over every document (see the module docstring).

    In blind mode annotators are refused: the figures describe others' layers.
    """
    if access.visible_owners(db, actor) is not None:
        raise PermissionDeniedError("blind mode is on: agreement is for reviewers")
    with db.read() as session:
        conn = session.connection()
        kinds = {name: LabelKind(k) for name, k in conn.execute(select(m.Label.name, m.Label.kind))}
        people = set(conn.execute(select(m.Annotator.name)).scalars())
        missing = sorted(set(annotators or ()) - people)
        if missing:
            raise AnnotatorError(f"no annotator named {', '.join(map(repr, missing))}")
        unknown = sorted(set(labels or ()) - set(kinds))
        if unknown:
            raise AnnotatorError(f"no label named {', '.join(map(repr, unknown))}")
        chosen = set(labels) if labels else None
        if kind is not None:
            of_kind = {name for name, k in kinds.items() if k == kind}
            chosen = of_kind if chosen is None else chosen & of_kind
        counted = [0]
        documents = _documents(conn, annotators, cache, counted)
        report = agreement_report(
            documents,
            annotators=annotators,
            labels=chosen,
            label_kinds=kinds,
            kind=kind or LabelKind.ENTITY,
        )
    return AgreementResult(report, counted[0], kind)


def _documents(
    conn: Connection,
    annotators: Collection[str] | None,
    cache: TokenCache | None,
    counted: list[int],
) -> Iterator[AgreementDocument]:
    """Documents with compared layers, in id order, a page at a time."""
    owners = select(m.Annotator.id)
    owners = (
        owners.where(m.Annotator.name.in_(list(annotators)))
        if annotators
        else owners.where(m.Annotator.role != GOLD)
    )
    owner_ids = list(conn.execute(owners).scalars())
    label_names = {lid: name for lid, name in conn.execute(select(m.Label.id, m.Label.name))}
    last = 0
    while True:
        has_layer = exists(
            select(m.Layer.id).where(
                m.Layer.document_id == m.Document.id, m.Layer.annotator_id.in_(owner_ids)
            )
        )
        docs = conn.execute(
            select(m.Document.id, m.Document.text)
            .where(m.Document.id > last, has_layer)
            .order_by(m.Document.id)
            .limit(PAGE)
        ).all()
        if not docs:
            return
        first, last = last, docs[-1].id
        yield from _page(conn, docs, first, last, owner_ids, label_names, cache)
        counted[0] += len(docs)


def _plain_rows(conn: Connection, query: ClauseElement) -> list[Any]:
    """All rows as the driver's plain tuples: no Row objects for the many span rows.

    The values are integers only (ids and offsets), rendered into the SQL as literals.
    """
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _page(
    conn: Connection,
    docs: Sequence[Any],
    after: int,
    last: int,
    owner_ids: list[int],
    label_names: dict[int, str],
    cache: TokenCache | None,
) -> Iterator[AgreementDocument]:
    """One page: documents with ids in ``(after, last]`` and their chosen layers."""
    in_page = (
        m.Layer.document_id > after,
        m.Layer.document_id <= last,
        m.Layer.annotator_id.in_(owner_ids),
    )
    layers: dict[int, tuple[int, str]] = {}
    declined: set[int] = set()  # rejected/ignored in a peer tool: no vote unless annotated
    for lid, doc, name, answer in conn.execute(
        select(m.Layer.id, m.Layer.document_id, m.Annotator.name, m.Layer.answer)
        .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
        .where(*in_page)
    ):
        layers[lid] = (doc, name)
        if answer in DECLINED:
            declined.add(lid)
    spans: dict[int, list[Span]] = defaultdict(list)
    for lid, start, end, label_id in _plain_rows(
        conn,
        select(m.Span.layer_id, m.Span.start, m.Span.end, m.Span.label_id)
        .join(m.Layer, m.Span.layer_id == m.Layer.id)
        .where(*in_page),
    ):
        spans[lid].append((start, end, label_names[label_id]))
    topics: dict[int, list[str]] = defaultdict(list)
    for lid, label_id in conn.execute(
        select(m.LayerTopic.layer_id, m.LayerTopic.label_id)
        .join(m.Layer, m.LayerTopic.layer_id == m.Layer.id)
        .where(*in_page)
    ):
        topics[lid].append(label_names[label_id])
    by_doc: dict[int, dict[str, Layer]] = defaultdict(dict)
    for lid, (doc, name) in layers.items():
        if lid in declined and not (spans.get(lid) or topics.get(lid)):
            continue
        by_doc[doc][name] = Layer(spans.get(lid, ()), frozenset(topics.get(lid, ())))
    for doc_id, text in docs:
        tokens = cache.get(doc_id, text) if cache is not None else tokenize(text)
        yield AgreementDocument(text, by_doc[doc_id], tokens)
