"""Turn a DocumentRecord into the JSON record of each export format.

Every span written carries its ``text``, cut from the stored text, so
``record["text"][start:end] == span["text"]`` holds for every span of every format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.core.model import DocumentRecord, LabelKind

Writer = Callable[[DocumentRecord], dict[str, Any]]


def _meta(record: DocumentRecord) -> dict[str, Any]:
    """The record's free metadata plus title, external id and source."""
    meta = dict(record.meta)
    meta["title"] = record.title
    if record.external_id is not None:
        meta["external_id"] = record.external_id
    if record.source:
        meta["source"] = record.source
    return meta


def _span_id(record: DocumentRecord, index: int) -> int:
    """The id a span is written with: its database id, else its position."""
    span = record.spans[index]
    return span.id if span.id is not None else index


def to_native(record: DocumentRecord) -> dict[str, Any]:
    """This tool's own record: one document and one annotator's layer."""
    text = record.text
    return {
        "document_id": record.document_id,
        "text": text,
        "meta": _meta(record),
        "annotator": record.annotator,
        # null for a document without a layer (export --all), which re-imports as no layer.
        "status": record.status.value if record.status is not None else None,
        "spans": [
            {
                "id": _span_id(record, i),
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "kind": record.label_kinds.get(s.label, LabelKind.ENTITY).value,
                "text": text[s.start : s.end],
            }
            for i, s in enumerate(record.spans)
        ],
        "relations": [
            {"head": _span_id(record, r.head), "child": _span_id(record, r.child), "label": r.label}
            for r in record.relations
        ],
        "topics": list(record.topics),
    }


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


def to_doccano(record: DocumentRecord) -> dict[str, Any]:
    """doccano relation-extraction shape plus the classification ``label`` list."""
    out: dict[str, Any] = {
        "text": record.text,
        "entities": [
            {
                "id": _span_id(record, i),
                "start_offset": s.start,
                "end_offset": s.end,
                "label": s.label,
            }
            for i, s in enumerate(record.spans)
        ],
        "relations": [
            {
                "id": n,
                "from_id": _span_id(record, r.head),
                "to_id": _span_id(record, r.child),
                "type": r.label,
            }
            for n, r in enumerate(record.relations)
        ],
        "label": list(record.topics),
    }
    meta = _meta(record)
    for key, value in meta.items():
        out.setdefault(key, value)
    if record.annotator:
        out.setdefault("annotator", record.annotator)
    return out


WRITERS: dict[str, Writer] = {"native": to_native, "prodigy": to_prodigy, "doccano": to_doccano}
"""Export format name -> record writer."""
