"""Turn one JSON record (native, spaCy/Prodigy or doccano shape) into a DocumentRecord.

Offsets in a record refer to the record's own text. They are checked there (range, order,
span ``text`` if given) and then remapped through the stored-text normalisation, so a
record with a BOM or CRLF line ends lands on the right characters.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.core.arabic import contains_presentation_forms
from annotator.core.errors import InputError
from annotator.core.model import (
    DocumentRecord,
    LabelKind,
    LayerStatus,
    RelationData,
    SpanData,
    validate_span,
)
from annotator.core.offsets import fold_presentation_forms, normalise_text

SHAPES = ("native", "prodigy", "doccano")
_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
META_FIELDS = ("title", "external_id", "source")


def looks_reshaped(text: str) -> bool:
    """Tell whether ``text`` was reshaped for display (mostly Arabic presentation forms).

    Text shaped for a terminal or copied from some PDFs holds presentation forms instead of
    letters; importing it would store unsearchable, wrongly ordered text. A few stray
    forms in otherwise logical text (real news articles have them, e.g. a pasted "ﻻ") are
    folded into their letters by ``offsets.normalise_text``: the text is refused only when
    they make up half its Arabic letters.
    """
    if not contains_presentation_forms(text):
        return False
    forms = len(_PRESENTATION_FORM.findall(text))
    return forms > 0 and forms >= len(_ARABIC_LETTER.findall(text))


def detect_shape(obj: dict[str, Any]) -> str:
    """Name the record shape: doccano (``label``/``entities``), else native or Prodigy."""
    if "entities" in obj or "label" in obj:
        return "doccano"
    if "annotator" in obj or "document_id" in obj or "topics" in obj:
        return "native"
    return "prodigy"


def parse_record(
    obj: Any, path: str, line: int | None, *, shape: str | None = None
) -> DocumentRecord:
    """Validate and convert one decoded JSON value; raise InputError naming file and line."""

    def fail(reason: str) -> InputError:
        return InputError(reason, path, line)

    if not isinstance(obj, dict):
        raise fail(f"expected a JSON object, got {type(obj).__name__}")
    raw = obj.get("text")
    if not isinstance(raw, str):
        raise fail('record has no "text" string')
    if not raw.strip():
        raise fail("text is empty; a document needs text to annotate")
    if "\x00" in raw:
        # SQLite would store it, PostgreSQL refuses it: no database text column takes it.
        raise fail("text contains a NUL character (U+0000); it is not text")
    if looks_reshaped(raw):
        raise fail(
            "text is mostly Arabic presentation forms (U+FB50-U+FEFC): it was reshaped for "
            "display; import the logical (unshaped) text instead"
        )
    shape = shape or detect_shape(obj)
    if shape == "doccano" and not ("entities" in obj or "label" in obj):
        raise fail('not a doccano record (no "label" or "entities")')
    record = DocumentRecord(text=raw)
    _read_meta(record, obj, shape, fail)
    if shape == "doccano":
        ids = _read_doccano(record, obj, fail)
    else:
        ids = _read_spans(record, obj.get("spans", []), fail)
        _read_topics(record, obj, fail)
    _read_relations(record, obj.get("relations", []), ids, shape, fail)
    status = obj.get("status")
    if status is not None:
        try:
            record.status = LayerStatus(status)
        except ValueError:
            raise fail(f"unknown status {status!r} (new, in_progress, done)") from None
    annotator = obj.get("annotator", obj.get("_annotator_id"))
    if annotator is not None:
        if not isinstance(annotator, str) or not annotator.strip() or "\x00" in annotator:
            raise fail('"annotator" must be a non-empty string')
        record.annotator = annotator.strip()
    if shape == "prodigy" and obj.get("answer") in ("reject", "ignore"):
        # Prodigy keeps rejected and skipped tasks in its datasets: their spans are not
        # annotations anyone stands by, so only the document comes in.
        record.spans, record.relations, record.topics = [], [], []
        record.status = None
    _normalise(record, fail)
    return record


def _read_meta(record: DocumentRecord, obj: dict[str, Any], shape: str, fail: Any) -> None:
    """Title, external id, source and free metadata."""
    meta = obj.get("meta", {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise fail('"meta" must be an object')
    meta = dict(meta)
    if shape == "doccano":
        skip = {"text", "label", "entities", "relations", "id", "meta", "comments"}
        skip |= {"annotator", "status", "_annotator_id"}
        meta.update({k: v for k, v in obj.items() if k not in skip})
        if "id" in obj:
            meta.setdefault("doccano_id", obj["id"])
    for key in META_FIELDS:
        value = obj.get(key, meta.pop(key, None)) if key != "source" else meta.pop(key, None)
        if value is None:
            continue
        if not isinstance(value, str | int) or isinstance(value, bool) or "\x00" in str(value):
            raise fail(f'"{key}" must be a string (without NUL characters)')
        # Titles and ids are stored and shown too: no presentation forms there either.
        setattr(record, key, fold_presentation_forms(str(value)))
    record.meta = meta


def _span(fail: Any, raw: str, start: Any, end: Any, label: Any, text: Any) -> SpanData:
    """Check one span against the record's own text."""
    if not isinstance(label, str) or not label.strip():
        raise fail(f"span [{start}, {end}) has no label")
    # Fast path for the usual valid span; anything else gets validate_span's verdict.
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(raw)):
        problem = validate_span(raw, start, end)
        if problem:
            raise fail(f"{problem} (label {label})")
    if text is not None and raw[start:end] != text:
        raise fail(
            f"span [{start}, {end}) {label}: its text {text!r} does not match the document's "
            f"{raw[start:end]!r} at those offsets"
        )
    return SpanData(start, end, label)


def _read_spans(record: DocumentRecord, spans: Any, fail: Any) -> dict[Any, SpanData]:
    """Native/Prodigy ``spans``; returns span id -> span for relations."""
    if not isinstance(spans, list):
        raise fail('"spans" must be a list')
    ids: dict[Any, SpanData] = {}
    raw = record.text
    size = len(raw)
    out = record.spans
    seen = {(s.start, s.end, s.label) for s in out}
    for item in spans:
        if not isinstance(item, dict):
            raise fail("each span must be an object with start, end and label")
        start = item.get("start")
        end = item.get("end")
        label = item.get("label")
        text = item.get("text")
        # The usual valid span inline (this loop runs for every span of an import); any
        # doubt goes to _span, which checks again and raises the precise error.
        if (
            type(start) is int
            and type(end) is int
            and 0 <= start < end <= size
            and type(label) is str
            and label.strip()
            and (text is None or raw[start:end] == text)
        ):
            span = SpanData(start, end, label)
        else:
            span = _span(fail, raw, start, end, label, text)
        key = (span.start, span.end, span.label)
        if key not in seen:
            seen.add(key)
            out.append(span)
        if "id" in item:
            ids[item["id"]] = span
        kind = item.get("kind")
        if kind is not None:
            try:
                record.label_kinds[span.label] = LabelKind(kind)
            except ValueError:
                raise fail(f"span {span.label}: unknown kind {kind!r}") from None
    return ids


def _add_span(record: DocumentRecord, span: SpanData, seen: set[tuple[int, int, str]]) -> None:
    """Append a span unless the same (start, end, label) is already there.

    ``seen`` holds the (start, end, label) of the record's spans so far: a set lookup, not
    a scan of the list per span.
    """
    key = (span.start, span.end, span.label)
    if key not in seen:
        seen.add(key)
        record.spans.append(span)


def _read_topics(record: DocumentRecord, obj: dict[str, Any], fail: Any) -> None:
    """Native ``topics``, Prodigy ``accept`` or spaCy ``cats`` (score >= 0.5)."""
    topics: list[Any] = []
    if "topics" in obj:
        topics = obj["topics"]
    elif "accept" in obj:
        topics = obj["accept"]
    elif "cats" in obj:
        cats = obj["cats"]
        if not isinstance(cats, dict):
            raise fail('"cats" must be an object of label: score')
        topics = [
            name for name, score in cats.items() if isinstance(score, int | float) and score >= 0.5
        ]
    if not isinstance(topics, list) or not all(isinstance(t, str) and t for t in topics):
        raise fail("topics must be a list of label names")
    for topic in topics:
        if topic not in record.topics:
            record.topics.append(topic)
        record.label_kinds.setdefault(topic, LabelKind.TOPIC)
    if "scores" in obj:
        _read_scores(record, obj["scores"], fail)


def _read_doccano(record: DocumentRecord, obj: dict[str, Any], fail: Any) -> dict[Any, SpanData]:
    """doccano: ``label`` as [[s, e, L], ...] or [names], and ``entities`` with ids."""
    ids: dict[Any, SpanData] = {}
    seen = {(s.start, s.end, s.label) for s in record.spans}
    labels = obj.get("label", [])
    if not isinstance(labels, list):
        raise fail('"label" must be a list')
    for item in labels:
        if isinstance(item, str):
            if item not in record.topics:
                record.topics.append(item)
            record.label_kinds.setdefault(item, LabelKind.TOPIC)
        elif isinstance(item, list) and len(item) == 3:
            _add_span(record, _span(fail, record.text, item[0], item[1], item[2], None), seen)
        else:
            raise fail(f'each "label" item is [start, end, label] or a class name, got {item!r}')
    entities = obj.get("entities", [])
    if not isinstance(entities, list):
        raise fail('"entities" must be a list')
    for item in entities:
        if not isinstance(item, dict):
            raise fail("each entity must be an object")
        span = _span(
            fail,
            record.text,
            item.get("start_offset"),
            item.get("end_offset"),
            item.get("label"),
            None,
        )
        _add_span(record, span, seen)
        if "id" in item:
            ids[item["id"]] = span
    return ids


def _read_relations(
    record: DocumentRecord, relations: Any, ids: dict[Any, SpanData], shape: str, fail: Any
) -> None:
    """Relations by span id (native, doccano) or by repeated span (Prodigy head_span)."""
    if not isinstance(relations, list):
        raise fail('"relations" must be a list')
    for rel in relations:
        if not isinstance(rel, dict):
            raise fail("each relation must be an object")
        if "head_span" in rel or "child_span" in rel:
            head = _match_span(record, rel.get("head_span"), fail)
            child = _match_span(record, rel.get("child_span"), fail)
        else:
            keys = ("from_id", "to_id") if shape == "doccano" else ("head", "child")
            ref_head, ref_child = rel.get(keys[0]), rel.get(keys[1])
            if ref_head not in ids or ref_child not in ids:
                raise fail(
                    f"relation refers to span ids {ref_head!r} -> {ref_child!r}, "
                    "which are not span ids of this record"
                )
            head, child = ids[ref_head], ids[ref_child]
        label = rel.get("type" if shape == "doccano" else "label")
        if not isinstance(label, str) or not label:
            raise fail("relation has no label")
        if head == child:
            raise fail(
                f"relation {label} links span [{head.start}, {head.end}) {head.label} to itself"
            )
        record.relations.append(
            RelationData(record.spans.index(head), record.spans.index(child), label)
        )


def _match_span(record: DocumentRecord, ref: Any, fail: Any) -> SpanData:
    """The record's span repeated in a Prodigy relation."""
    if not isinstance(ref, dict):
        raise fail("relation head_span/child_span must be objects")
    wanted = SpanData(ref.get("start"), ref.get("end"), ref.get("label"))  # type: ignore[arg-type]
    if wanted not in record.spans:
        raise fail(
            f"relation refers to a span {wanted.start}-{wanted.end} {wanted.label} not in spans"
        )
    return wanted


def _normalise(record: DocumentRecord, fail: Any) -> None:
    """Store-normalise the text and remap every span through the same map."""
    text, omap = normalise_text(record.text)
    record.text = text
    if omap.is_identity:
        return
    spans: list[SpanData] = []
    seen: dict[SpanData, int] = {}
    index: list[int] = []  # old span position -> new position
    for span in record.spans:
        start, end = omap.map(span.start), omap.map(span.end)
        if start >= end:
            raise fail(
                f"span [{span.start}, {span.end}) {span.label} covers only a removed BOM or CR"
            )
        mapped = SpanData(start, end, span.label)
        # Two input spans can meet on one stored span ("\r\n" and "\n" both become "\n").
        if mapped not in seen:
            seen[mapped] = len(spans)
            spans.append(mapped)
        index.append(seen[mapped])
    record.spans = spans
    relations: list[RelationData] = []
    for rel in record.relations:
        moved = RelationData(index[rel.head], index[rel.child], rel.label)
        if moved not in relations:
            relations.append(moved)
    record.relations = relations


def _read_scores(record: DocumentRecord, scores: Any, fail: Any) -> None:
    """A model layer's ``"scores"``: ``{"start", "end", "label", "score"}`` per span and
    ``{"label", "score"}`` per topic (``annotator suggest predict`` writes them)."""
    if not isinstance(scores, list):
        raise fail('"scores" must be a list')
    for item in scores:
        if not isinstance(item, dict) or not isinstance(item.get("label"), str):
            raise fail('each of "scores" must be an object with a "label"')
        score = item.get("score")
        if not isinstance(score, int | float) or isinstance(score, bool):
            raise fail(f"score of {item.get('label')!r} must be a number, got {score!r}")
        start, end = item.get("start", -1), item.get("end", -1)
        if type(start) is not int or type(end) is not int:
            raise fail(f"score of {item['label']!r} has offsets {start!r}, {end!r}")
        record.scores[(start, end, item["label"])] = float(score)
