"""Turn a DocumentRecord into the JSON record of each export format.

Every span written carries its ``text``, cut from the stored text, so
``record["text"][start:end] == span["text"]`` holds for every span of every format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from annotator.core.model import DocumentRecord, LabelKind

Writer = Callable[[DocumentRecord], dict[str, Any]]


def _meta(record: DocumentRecord) -> dict[str, Any]:
    """The record's free metadata plus title, external id and source."""
    return native_meta(record.meta, record.title, record.external_id, record.source)


def native_meta(
    meta: dict[str, Any] | None, title: str, external_id: str | None, source: str
) -> dict[str, Any]:
    """Free metadata plus title, external id and source, as every format writes them."""
    out = dict(meta or {})
    out["title"] = title
    if external_id is not None:
        out["external_id"] = external_id
    if source:
        out["source"] = source
    return out


def _span_id(record: DocumentRecord, index: int) -> int:
    """The id a span is written with: its database id, else its position."""
    span = record.spans[index]
    return span.id if span.id is not None else index


NativeSpan = tuple[int, int, int, str, str]
"""(id, start, end, label, kind) of one span of a native record."""


def native_spans(text: str, spans: Iterable[NativeSpan]) -> list[dict[str, Any]]:
    """The span objects of a native record."""
    return [
        {"id": i, "start": s, "end": e, "label": label, "kind": kind, "text": text[s:e]}
        for i, s, e, label, kind in spans
    ]


def native_spans_by_label(
    text: str,
    rows: Iterable[tuple[Any, int, int, int, int]],
    names: Mapping[int, str],
    kinds: Mapping[int, str],
) -> list[dict[str, Any]]:
    """``native_spans`` from ``(any, id, start, end, label id)`` database rows.

    The exporter's fast path: the same objects, without a tuple per span on the way.
    """
    return [
        {"id": i, "start": s, "end": e, "label": names[lab], "kind": kinds[lab], "text": text[s:e]}
        for _any, i, s, e, lab in rows
    ]


def native_record(
    document_id: int | None,
    text: str,
    meta: dict[str, Any],
    annotator: str | None,
    status: str | None,
    spans: list[dict[str, Any]],
    relations: Iterable[tuple[int, int, str]],
    topics: list[str],
) -> dict[str, Any]:
    """This tool's own record from plain values; relations name their spans by id.

    ``to_native`` and the exporter's row-level fast path both build records here, so the
    shape has one definition; ``spans`` come from ``native_spans`` or
    ``native_spans_by_label``.
    """
    return {
        "document_id": document_id,
        "text": text,
        "meta": meta,
        "annotator": annotator,
        # null for a document without a layer (export --all), which re-imports as no layer.
        "status": status,
        "spans": spans,
        "relations": [{"head": h, "child": c, "label": label} for h, c, label in relations],
        "topics": topics,
    }


def to_native(record: DocumentRecord) -> dict[str, Any]:
    """This tool's own record: one document and one annotator's layer."""
    # Each label's kind as a plain string once per record, not an enum lookup per span.
    kinds = {name: kind.value for name, kind in record.label_kinds.items()}
    entity = LabelKind.ENTITY.value
    return native_record(
        record.document_id,
        record.text,
        _meta(record),
        record.annotator,
        record.status.value if record.status is not None else None,
        native_spans(
            record.text,
            [
                (i if s.id is None else s.id, s.start, s.end, s.label, kinds.get(s.label, entity))
                for i, s in enumerate(record.spans)
            ],
        ),
        [(_span_id(record, r.head), _span_id(record, r.child), r.label) for r in record.relations],
        list(record.topics),
    )


def _prodigy_span(record: DocumentRecord, index: int) -> dict[str, Any]:
    """A span in Prodigy's shape (character offsets, label, text)."""
    s = record.spans[index]
    return {"start": s.start, "end": s.end, "label": s.label, "text": record.text[s.start : s.end]}


def to_prodigy(record: DocumentRecord) -> dict[str, Any]:
    """spaCy/Prodigy task: spans, relations repeating their spans, topics in ``accept``."""
    out: dict[str, Any] = {
        "text": record.text,
        "spans": [_prodigy_span(record, i) for i in range(len(record.spans))],
        "relations": [
            {
                "label": r.label,
                "head_span": _prodigy_span(record, r.head),
                "child_span": _prodigy_span(record, r.child),
            }
            for r in record.relations
        ],
        "accept": list(record.topics),
        "answer": "accept",
        "meta": _meta(record),
    }
    if record.annotator:
        out["_annotator_id"] = record.annotator
    return out


def to_doccano(record: DocumentRecord, shape: str = "relations") -> dict[str, Any]:
    """The record as a doccano project of type ``shape`` imports it (``sinks.DOCCANO_SHAPES``).

    ``relations``: ``entities`` objects with ids and ``relations`` (relation extraction);
    ``sequence``: ``label`` as [start, end, label] triples (sequence labelling);
    ``classification``: ``label`` as topic names. Title, external id, source, meta, the
    annotator and the layer's status are extra fields, which doccano keeps as the
    example's metadata.
    """
    out: dict[str, Any] = {"text": record.text}
    if shape == "sequence":
        out["label"] = [[s.start, s.end, s.label] for s in record.spans]
    elif shape == "classification":
        out["label"] = list(record.topics)
    else:
        out["entities"] = [
            {
                "id": _span_id(record, i),
                "start_offset": s.start,
                "end_offset": s.end,
                "label": s.label,
            }
            for i, s in enumerate(record.spans)
        ]
        out["relations"] = [
            {
                "id": n,
                "from_id": _span_id(record, r.head),
                "to_id": _span_id(record, r.child),
                "type": r.label,
            }
            for n, r in enumerate(record.relations)
        ]
    meta = _meta(record)
    for key, value in meta.items():
        out.setdefault(key, value)
    if record.annotator:
        out.setdefault("annotator", record.annotator)
    if record.status is not None:  # read back by import, like the annotator
        out.setdefault("status", record.status.value)
    return out


WRITERS: dict[str, Writer] = {"native": to_native, "prodigy": to_prodigy, "doccano": to_doccano}
"""Export format name -> record writer."""
