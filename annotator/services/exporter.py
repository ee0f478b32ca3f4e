"""Streaming export: one line per (document, annotator layer), page by page from the database."""

from __future__ import annotations

import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError
from annotator.core.formats.registry import EXPORT_FORMATS, SINK_FORMATS, ExportOptions, make_sink
from annotator.core.formats.sinks import Sink
from annotator.core.formats.writers import WRITERS
from annotator.core.model import DocumentRecord, LabelKind, LayerStatus, RelationData, SpanData
from annotator.storage import models as m
from annotator.storage.database import Database

PAGE = 500
_Q = TypeVar("_Q", bound="Select[*tuple[Any, ...]]")
FORMATS = tuple(WRITERS)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which layers to export."""

    annotators: tuple[str, ...] = ()
    statuses: tuple[LayerStatus, ...] = ()
    include_unannotated: bool = False
    """``--all``: also one empty record per document without a matching layer."""


@dataclass(slots=True)
class ExportSummary:
    """What an export wrote."""

    records: int = 0
    documents: int = 0
    spans: int = 0
    problems: list[str] = field(default_factory=list)
    """What the format could not hold (spans off token boundaries, overlapping tags)."""
    sidecars: list[str] = field(default_factory=list)
    """Files written beside the output (HF label list, Label Studio config)."""


def _layer_filter(query: _Q, flt: ExportFilter) -> _Q:
    """Restrict a query over layers by annotator and status."""
    if flt.annotators:
        query = query.where(
            m.Layer.annotator_id.in_(
                select(m.Annotator.id).where(m.Annotator.name.in_(flt.annotators))
            )
        )
    if flt.statuses:
        query = query.where(m.Layer.status.in_([s.value for s in flt.statuses]))
    return query


def iter_records(db: Database, flt: ExportFilter | None = None) -> Iterator[DocumentRecord]:
    """Yield export records in document order, reading a page of documents at a time."""
    flt = flt or ExportFilter()
    with db.read() as session:
        known = set(session.scalars(select(m.Annotator.name)))
        missing = [a for a in flt.annotators if a not in known]
        if missing:
            raise AnnotatorError(f"no annotator named {', '.join(map(repr, missing))}")
        labels = {
            lid: (name, LabelKind(kind))
            for lid, name, kind in session.execute(select(m.Label.id, m.Label.name, m.Label.kind))
        }
        last = 0
        while True:
            page = select(m.Document.id).where(m.Document.id > last)
            if not flt.include_unannotated:
                has_layer = _layer_filter(
                    select(m.Layer.id).where(m.Layer.document_id == m.Document.id), flt
                )
                page = page.where(exists(has_layer))
            doc_ids = list(session.scalars(page.order_by(m.Document.id).limit(PAGE)))
            if not doc_ids:
                return
            last = doc_ids[-1]
            yield from _page(session, doc_ids, labels, flt)
            session.expunge_all()


def _page(
    session: Session,
    doc_ids: list[int],
    labels: dict[int, tuple[str, LabelKind]],
    flt: ExportFilter,
) -> Iterator[DocumentRecord]:
    """The records of one page of documents."""
    docs = {
        row.id: row
        for row in session.execute(
            select(
                m.Document.id,
                m.Document.text,
                m.Document.title,
                m.Document.external_id,
                m.Document.source,
                m.Document.meta,
            ).where(m.Document.id.in_(doc_ids))
        )
    }
    layer_rows = session.execute(
        _layer_filter(
            select(m.Layer.id, m.Layer.document_id, m.Annotator.name, m.Layer.status)
            .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
            .where(m.Layer.document_id.in_(doc_ids)),
            flt,
        ).order_by(m.Layer.document_id, m.Annotator.name)
    ).all()
    layer_ids = [row[0] for row in layer_rows]
    spans: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    relations: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    topics: dict[int, list[int]] = defaultdict(list)
    if layer_ids:
        for sid, lid, start, end, label_id in session.execute(
            select(m.Span.id, m.Span.layer_id, m.Span.start, m.Span.end, m.Span.label_id)
            .where(m.Span.layer_id.in_(layer_ids))
            .order_by(m.Span.layer_id, m.Span.start, m.Span.end, m.Span.id)
        ):
            spans[lid].append((sid, start, end, label_id))
        for lid, head, child, label in session.execute(
            select(
                m.Relation.layer_id,
                m.Relation.head_span_id,
                m.Relation.child_span_id,
                m.Relation.label,
            )
            .where(m.Relation.layer_id.in_(layer_ids))
            .order_by(m.Relation.id)
        ):
            relations[lid].append((head, child, label))
        for lid, label_id in session.execute(
            select(m.LayerTopic.layer_id, m.LayerTopic.label_id).where(
                m.LayerTopic.layer_id.in_(layer_ids)
            )
        ):
            topics[lid].append(label_id)
    by_doc: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for lid, doc_id, annotator, status in layer_rows:
        by_doc[doc_id].append((lid, annotator, status))
    for doc_id in doc_ids:
        doc = docs[doc_id]
        layers = by_doc.get(doc_id, [])
        if not layers and flt.include_unannotated:
            yield _record(doc, None, None, [], [], [], labels)
        for lid, annotator, status in layers:
            yield _record(doc, annotator, status, spans[lid], relations[lid], topics[lid], labels)


def _record(
    doc: object,
    annotator: str | None,
    status: str | None,
    spans: list[tuple[int, int, int, int]],
    relations: list[tuple[int, int, str]],
    topic_ids: list[int],
    labels: dict[int, tuple[str, LabelKind]],
) -> DocumentRecord:
    """Assemble one DocumentRecord from rows."""
    position = {sid: i for i, (sid, _s, _e, _l) in enumerate(spans)}
    record = DocumentRecord(
        text=doc.text,  # type: ignore[attr-defined]
        title=doc.title,  # type: ignore[attr-defined]
        external_id=doc.external_id,  # type: ignore[attr-defined]
        source=doc.source,  # type: ignore[attr-defined]
        meta=dict(doc.meta or {}),  # type: ignore[attr-defined]
        annotator=annotator,
        # No layer (``--all``): no status either, so importing the line adds no layer.
        status=LayerStatus(status) if status else None,
        document_id=doc.id,  # type: ignore[attr-defined]
    )
    for sid, start, end, label_id in spans:
        name, kind = labels[label_id]
        record.spans.append(SpanData(start, end, name, id=sid))
        record.label_kinds[name] = kind
    record.relations = [
        RelationData(position[h], position[c], label)
        for h, c, label in relations
        if h in position and c in position
    ]
    record.topics = sorted(labels[t][0] for t in topic_ids)
    for name in record.topics:
        record.label_kinds[name] = LabelKind.TOPIC
    return record


def export(
    db: Database,
    out: str,
    *,
    fmt: str = "native",
    flt: ExportFilter | None = None,
    progress: Callable[[int], None] | None = None,
    options: ExportOptions | None = None,
) -> ExportSummary:
    """Write the export to ``out`` (``-`` for stdout); a file appears only when complete.

    ``options`` (tag scheme, clitic splitting) apply to the token-level formats.
    """
    if fmt not in WRITERS and fmt not in SINK_FORMATS:
        raise AnnotatorError(
            f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
        )
    try:
        sink = make_sink(fmt, options)
    except ValueError as exc:
        raise AnnotatorError(str(exc)) from None
    summary = ExportSummary()
    if out == "-":
        _write(db, sys.stdout.buffer, sink, flt, summary, progress)
        sys.stdout.flush()
        if sink.sidecars():
            summary.problems.append("sidecar files are not written when exporting to stdout")
        return summary
    target = Path(out)
    if target.is_dir():
        raise AnnotatorError(f"{out} is a folder; give a file name such as {out}/export.jsonl")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AnnotatorError(f"folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write(db, handle, sink, flt, summary, progress)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for suffix, content in sink.sidecars().items():
        side = target.with_suffix(suffix)
        side.write_bytes(content)
        summary.sidecars.append(str(side))
    return summary


def _write(
    db: Database,
    handle: BinaryIO,
    sink: Sink,
    flt: ExportFilter | None,
    summary: ExportSummary,
    progress: Callable[[int], None] | None,
) -> None:
    """Serialise records to an open binary stream through the format's sink."""
    last_doc = None
    handle.write(sink.begin())
    for record in iter_records(db, flt):
        handle.write(sink.write(record))
        summary.records += 1
        summary.spans += len(record.spans)
        if record.document_id != last_doc:
            summary.documents += 1
            last_doc = record.document_id
        if progress and summary.records % 1000 == 0:
            progress(summary.records)
    handle.write(sink.end())
    summary.problems.extend(sink.problems)
