"""Turn one JSON record (native, spaCy/Prodigy or doccano shape) into a DocumentRecord.

Offsets in a record refer to the record's own text. They are checked there (range, order,
span ``text`` if given) and then remapped through the stored-text normalisation, so a
record with a BOM or CRLF line ends lands on the right characters.

What is kept: the text, title, id and meta; the file's own ``tokens`` (Prodigy/spaCy, as
``meta["tokens"]``, so token formats export the same tokens back); spans, relations and
topics; the annotator and status; Prodigy's ``answer`` (a rejected or ignored record keeps
its document and the decision, not its annotations). A record's own id becomes the
document's external id: ``external_id`` (top level or meta), else Prodigy's ``meta.id``
or ``_input_hash`` (``prodigy:<hash>``), doccano's ``id`` (``doccano:<id>``). Every other
field is named to ``ReadReport.unkept`` with a count, never dropped without a word.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.core.arabic import contains_presentation_forms
from annotator.core.errors import InputError
from annotator.core.formats.report import ReadReport
from annotator.core.formats.tokens import TOKENS_META
from annotator.core.model import (
    ANSWERS,
    DECLINED,
    DocumentRecord,
    LabelKind,
    LayerStatus,
    RelationData,
    SpanData,
    is_model_layer,
    validate_span,
)
from annotator.core.offsets import OffsetMap, fold_presentation_forms, normalise_text

SHAPES = ("native", "prodigy", "doccano")
PRODIGY_PREFIX = "prodigy:"
"""External id prefix of a Prodigy ``_input_hash``."""
DOCCANO_PREFIX = "doccano:"
"""External id prefix of a doccano record ``id``."""
_RECORD_FIELDS = frozenset(
    (
        *("text", "title", "external_id", "source", "meta", "annotator", "status", "spans"),
        *("relations", "topics", "document_id", "layer", "answer", "tokens", "accept", "cats"),
        "scores",
        *("label", "_annotator_id", "_session_id", "_input_hash"),
    )
)
"""Top-level fields the native and Prodigy readers keep (or read into something kept)."""
_SPAN_FIELDS = frozenset(("start", "end", "label", "text", "token_start", "token_end", "id"))
_SPAN_FIELDS_ALL = _SPAN_FIELDS | {"kind", "type", "score"}
_RELATION_FIELDS = frozenset(("head", "child", "head_span", "child_span", "label", "id"))
_TOKEN_FIELDS = frozenset(("text", "start", "end", "id", "ws"))
_DOCCANO_SKIP = frozenset(
    (
        *("text", "label", "labels", "entities", "relations", "cats", "id", "meta"),
        *("annotator", "status", "_annotator_id", "comments"),
    )
)
"""doccano fields read as annotations (its other top-level fields go into meta, kept)."""
_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
META_FIELDS = ("title", "external_id", "source")
DUPLICATE = "spans (the same start, end and label twice: kept once)"
"""What ``unkept`` counts for a span a record holds twice."""


def looks_reshaped(text: str, utf8: bytes | None = None) -> bool:
    """Tell whether ``text`` was reshaped for display (mostly Arabic presentation forms).

    Text shaped for a terminal or copied from some PDFs holds presentation forms instead of
    letters; importing it would store unsearchable, wrongly ordered text. A few stray
    forms in otherwise logical text (real news articles have them, e.g. a pasted "ﻻ") are
    folded into their letters by ``offsets.normalise_text``: the text is refused only when
    they make up half its Arabic letters. ``utf8``: the text's bytes, if the caller has them.
    """
    if utf8 is not None and b"\xef" not in utf8:  # no code point of U+F000-U+FFFF
        return False
    if not contains_presentation_forms(text):
        return False
    forms = len(_PRESENTATION_FORM.findall(text))
    return forms > 0 and forms >= len(_ARABIC_LETTER.findall(text))


def detect_shape(obj: dict[str, Any]) -> str:
    """Name the record shape: doccano (``entities``, ``labels``, a ``label`` list, ``cats``
    as a list of names), else native or Prodigy (whose binary tasks carry one ``label``
    string and an ``answer``; spaCy's ``cats`` is an object of scores)."""
    if "entities" in obj or "labels" in obj or isinstance(obj.get("cats"), list):
        return "doccano"
    if "label" in obj and not isinstance(obj["label"], str):
        return "doccano"
    if "annotator" in obj or "document_id" in obj or "topics" in obj:
        return "native"
    return "prodigy"


def parse_record(
    obj: Any,
    path: str,
    line: int | None,
    *,
    shape: str | None = None,
    report: ReadReport | None = None,
) -> DocumentRecord:
    """Validate and convert one decoded JSON value; raise InputError naming file and line.

    ``report`` learns the fields the record carried that are not kept, and the
    annotations of rejected or ignored records (kept: their documents and decisions).
    """

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
    try:  # encoded once: the checks below and the importer's hash read the bytes
        utf8: bytes | None = raw.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the checks encode as they need
        utf8 = None
    if looks_reshaped(raw, utf8):
        raise fail(
            "text is mostly Arabic presentation forms (U+FB50-U+FEFC): it was reshaped for "
            "display; import the logical (unshaped) text instead"
        )
    shape = shape or detect_shape(obj)
    if shape == "doccano" and not any(k in obj for k in ("entities", "label", "labels", "cats")):
        raise fail('not a doccano record (no "label", "labels", "entities" or "cats")')
    unkept: list[str] = []
    span_scores: dict[tuple[int, int, str], float] = {}
    record = DocumentRecord(text=raw)
    _read_meta(record, obj, shape, fail)
    if shape == "doccano":
        ids = _read_doccano(record, obj, fail, unkept)
        if "comments" in obj:
            unkept.append("comments")
    else:
        if not _RECORD_FIELDS.issuperset(obj):
            unkept += [k for k in obj if k not in _RECORD_FIELDS]
        ids = _read_spans(record, obj.get("spans", []), fail, unkept, span_scores)
        _read_topics(record, obj, fail)
        _read_own_id(record, obj)
    _read_relations(record, obj.get("relations", []), ids, shape, fail, unkept)
    tokens = obj.get("tokens")
    if tokens is not None and shape != "doccano":
        _read_tokens(record, tokens, unkept)
    status = obj.get("status")
    if status is not None:
        try:
            record.status = LayerStatus(status)
        except ValueError:
            raise fail(f"unknown status {status!r} (new, in_progress, done)") from None
    annotator = obj.get("annotator", obj.get("_annotator_id"))
    if annotator is None and isinstance(obj.get("_session_id"), str):
        annotator = obj["_session_id"]  # Prodigy's "<dataset>-<session name>"
    if annotator is not None:
        if not isinstance(annotator, str) or not annotator.strip() or "\x00" in annotator:
            raise fail('"annotator" must be a non-empty string')
        record.annotator = annotator.strip()
    if shape != "doccano":
        _read_answer(record, obj, fail, path, report, unkept)
    if span_scores:
        _keep_span_scores(record, span_scores, unkept)
    if record.scores:
        _drop_orphan_scores(record, unkept)
    if unkept and report is not None:
        report.unkept_fields(path, unkept)
    _normalise(record, fail, utf8)
    return record


def _read_answer(
    record: DocumentRecord,
    obj: dict[str, Any],
    fail: Any,
    path: str,
    report: ReadReport | None,
    unkept: list[str],
) -> None:
    """Prodigy's ``answer``: accept is a decision (a done layer, even without spans);
    reject and ignore keep the document and the decision, not the annotations.

    A binary task's one ``label`` string (``textcat.teach``) is a topic when accepted.
    """
    answer = obj.get("answer")
    label = obj.get("label")
    if label is not None and not isinstance(label, str):
        # Not Prodigy's one label name (e.g. doccano's list read with --format prodigy).
        unkept.append("label (not one label name)")
    if answer is None:
        if isinstance(label, str):
            unkept.append("label (a binary task without an answer)")
        return
    if answer not in ANSWERS:
        raise fail(f"unknown answer {answer!r} ({', '.join(ANSWERS)})")
    record.answer = answer
    if record.status is None:
        record.status = LayerStatus.DONE
    if answer not in DECLINED:
        if isinstance(label, str) and label:
            if label not in record.topics:
                record.topics.append(label)
            record.label_kinds.setdefault(label, LabelKind.TOPIC)
        return
    # Prodigy keeps rejected and skipped tasks in its datasets: the decision is kept,
    # the spans and labels it turned down are no annotations anyone stands by.
    declined = len(record.spans) + len(record.topics) + len(record.relations)
    declined += 1 if isinstance(label, str) and label else 0
    if report is not None:
        report.decline(path, answer, declined)
    record.spans, record.relations, record.topics = [], [], []


def _read_own_id(record: DocumentRecord, obj: dict[str, Any]) -> None:
    """A Prodigy record's own id as the external id: ``meta.id``, else ``_input_hash``."""
    if record.external_id is not None:
        return
    own = record.meta.get("id")
    if isinstance(own, str | int) and not isinstance(own, bool) and str(own).strip():
        record.external_id = fold_presentation_forms(str(own))
        return
    digest = obj.get("_input_hash")
    if isinstance(digest, int) and not isinstance(digest, bool):
        record.external_id = f"{PRODIGY_PREFIX}{digest}"


def _read_tokens(record: DocumentRecord, tokens: Any, unkept: list[str]) -> None:
    """The file's own tokens (spaCy's, as Prodigy writes them) into ``meta["tokens"]``.

    White-space tokens are left out (exports make them again from the gaps); tokens that
    do not fit the text (out of order, off the text, another text than theirs) are not
    kept, and that is said.
    """
    text = record.text
    size = len(text)
    pairs: list[list[int]] = []
    last = 0
    if not isinstance(tokens, list):
        unkept.append("tokens (not a list)")
        return
    for item in tokens:
        if not isinstance(item, dict):
            unkept.append("tokens (not objects)")
            return
        start, end, said = item.get("start"), item.get("end"), item.get("text")
        if not (type(start) is int and type(end) is int and last <= start < end <= size):
            unkept.append("tokens (offsets out of order or off the text)")
            return
        piece = text[start:end]
        if said is not None and said != piece:
            unkept.append("tokens (their text differs from the text at their offsets)")
            return
        if len(item) > 3 and not _TOKEN_FIELDS.issuperset(item):
            unkept += [f"tokens[].{k}" for k in item if k not in _TOKEN_FIELDS]
        last = end
        if not piece.isspace():
            pairs.append([start, end])
    if pairs:
        record.meta[TOKENS_META] = pairs


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
        value = obj.get(key, meta.pop(key, None))
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


def _drop_orphan_scores(record: DocumentRecord, unkept: list[str]) -> None:
    """Keep only the scores of spans and topics the layer has (a score of a span it does
    not have, even one past the text's end, would be stored and exported as the layer's)."""
    have = {(s.start, s.end, s.label) for s in record.spans}
    have.update((-1, -1, t) for t in record.topics)
    orphans = [key for key in record.scores if key not in have]
    for key in orphans:
        del record.scores[key]
    unkept += ["scores[] (no such span or topic in the layer)"] * len(orphans)


def _keep_span_scores(
    record: DocumentRecord, span_scores: dict[tuple[int, int, str], float], unkept: list[str]
) -> None:
    """A model layer keeps its spans' ``score`` (Prodigy's place for one, as ``ner.teach``
    writes it) beside any ``"scores"`` the record gave; a person's layer does not (named
    in ``unkept``)."""
    if not is_model_layer(record.annotator):
        unkept += ["spans[].score"] * len(span_scores)
        return
    kept = {(s.start, s.end, s.label) for s in record.spans}
    for key, score in span_scores.items():
        if key in kept:
            record.scores.setdefault(key, score)


def _read_spans(
    record: DocumentRecord,
    spans: Any,
    fail: Any,
    unkept: list[str],
    span_scores: dict[tuple[int, int, str], float],
) -> dict[Any, SpanData]:
    """Native/Prodigy ``spans``; returns span id -> span for relations.

    ``token_start``/``token_end`` are made again from the tokens on export; a span's
    numeric ``score`` goes to ``span_scores``; any other field beyond those a span has
    here is named in ``unkept``.
    """
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
        else:
            unkept.append(DUPLICATE)
        if "id" in item:
            ids[item["id"]] = span
        if len(item) > 3:  # more than start, end, label: anything not kept?
            if not _SPAN_FIELDS_ALL.issuperset(item):
                unkept += [f"spans[].{k}" for k in item if k not in _SPAN_FIELDS_ALL]
            if item.get("type", "span") != "span":
                unkept.append(f"spans[].type {item['type']!r}")
            if "score" in item:
                score = item["score"]
                if isinstance(score, int | float) and not isinstance(score, bool):
                    span_scores[key] = float(score)
                else:
                    unkept.append("spans[].score (not a number)")
        kind = item.get("kind")
        if kind is not None:
            try:
                record.label_kinds[span.label] = LabelKind(kind)
            except ValueError:
                raise fail(f"span {span.label}: unknown kind {kind!r}") from None
    return ids


def _add_span(
    record: DocumentRecord, span: SpanData, seen: set[tuple[int, int, str]], unkept: list[str]
) -> None:
    """Append a span unless the same (start, end, label) is already there (said in
    ``unkept``: doccano can hold one span twice).

    ``seen`` holds the (start, end, label) of the record's spans so far: a set lookup, not
    a scan of the list per span.
    """
    key = (span.start, span.end, span.label)
    if key not in seen:
        seen.add(key)
        record.spans.append(span)
    else:
        unkept.append(DUPLICATE)


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


def _read_doccano(
    record: DocumentRecord, obj: dict[str, Any], fail: Any, unkept: list[str]
) -> dict[Any, SpanData]:
    """doccano's shapes: sequence labelling ``label`` (or ``labels``) as [[s, e, L], ...],
    classification ``label`` as [names] (or one name), relation extraction ``entities``
    with ids, intent detection ``entities`` as [s, e, L] triples with ``cats`` names.

    Its ``id`` is the document's external id (``doccano:<id>``) unless an
    ``external_id`` is given.
    """
    ids: dict[Any, SpanData] = {}
    seen = {(s.start, s.end, s.label) for s in record.spans}
    own = obj.get("id")
    if record.external_id is None and isinstance(own, str | int) and not isinstance(own, bool):
        record.external_id = f"{DOCCANO_PREFIX}{own}"
    labels: list[Any] = []
    for key in ("label", "labels"):
        value = obj.get(key, [])
        if isinstance(value, str) and value:
            value = [value]  # one class name
        if not isinstance(value, list):
            raise fail(f'"{key}" must be a list')
        labels += value
    cats = obj.get("cats", [])
    if not isinstance(cats, list) or not all(isinstance(c, str) and c for c in cats):
        raise fail('doccano "cats" must be a list of class names')
    labels += cats
    for item in labels:
        if isinstance(item, str):
            if item not in record.topics:
                record.topics.append(item)
            record.label_kinds.setdefault(item, LabelKind.TOPIC)
        elif isinstance(item, list) and len(item) == 3:
            _add_span(
                record, _span(fail, record.text, item[0], item[1], item[2], None), seen, unkept
            )
        else:
            raise fail(f'each "label" item is [start, end, label] or a class name, got {item!r}')
    entities = obj.get("entities", [])
    if not isinstance(entities, list):
        raise fail('"entities" must be a list')
    for item in entities:
        if isinstance(item, list) and len(item) == 3:  # intent detection: [s, e, L]
            _add_span(
                record, _span(fail, record.text, item[0], item[1], item[2], None), seen, unkept
            )
            continue
        if not isinstance(item, dict):
            raise fail("each entity must be an object or a [start, end, label] triple")
        span = _span(
            fail,
            record.text,
            item.get("start_offset"),
            item.get("end_offset"),
            item.get("label"),
            None,
        )
        _add_span(record, span, seen, unkept)
        if "id" in item:
            ids[item["id"]] = span
    return ids


def _read_relations(
    record: DocumentRecord,
    relations: Any,
    ids: dict[Any, SpanData],
    shape: str,
    fail: Any,
    unkept: list[str],
) -> None:
    """Relations by span id (native, doccano) or by repeated span (Prodigy head_span)."""
    if not isinstance(relations, list):
        raise fail('"relations" must be a list')
    known = _RELATION_FIELDS if shape != "doccano" else {"id", "from_id", "to_id", "type"}
    for rel in relations:
        if not isinstance(rel, dict):
            raise fail("each relation must be an object")
        if not known.issuperset(rel):
            unkept += [f"relations[].{k}" for k in rel if k not in known]
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


def _normalise(record: DocumentRecord, fail: Any, utf8: bytes | None = None) -> None:
    """Store-normalise the text and remap every span through the same map; ``utf8``: the
    text's bytes if the caller has them (kept on the record when the text stays as it is)."""
    raw = record.text
    text, omap = normalise_text(raw, utf8)
    record.text = text
    if omap.is_identity:
        if utf8 is not None and text is raw:
            record.utf8 = (text, utf8)
        return
    _map_tokens(record, omap)
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
    old, record.spans = record.spans, spans
    # A model layer's span scores follow their spans (a topic's (-1, -1) has no offsets).
    scores: dict[tuple[int, int, str], float] = {}
    for (start, end, label), score in record.scores.items():
        key = (start, end, label) if start < 0 else (omap.map(start), omap.map(end), label)
        scores.setdefault(key, score)
    record.scores = scores
    relations: list[RelationData] = []
    for rel in record.relations:
        moved = RelationData(index[rel.head], index[rel.child], rel.label)
        if moved.head == moved.child:  # refused like any relation of a span to itself
            head, child = old[rel.head], old[rel.child]
            raise fail(
                f"relation {rel.label} links span [{head.start}, {head.end}) to "
                f"[{child.start}, {child.end}), one span once the CR of CRLF or a BOM is "
                "dropped"
            )
        if moved not in relations:
            relations.append(moved)
    record.relations = relations


def _map_tokens(record: DocumentRecord, omap: OffsetMap) -> None:
    """Remap the record's own tokens through the normalisation (a lone CR token goes)."""
    tokens = record.meta.get(TOKENS_META)
    if not tokens:
        return
    mapped = [[omap.map(s), omap.map(e)] for s, e in tokens]
    record.meta[TOKENS_META] = [pair for pair in mapped if pair[0] < pair[1]]


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
