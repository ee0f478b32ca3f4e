"""Writers: every span's text is text[start:end]; parse -> write -> parse is lossless."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.formats.records import detect_shape, parse_record
from annotator.core.formats.writers import WRITERS, to_doccano, to_native, to_prodigy
from annotator.core.model import DocumentRecord, LabelKind, LayerStatus, RelationData, SpanData
from annotator.core.offsets import normalise_text
from tests.strategies import raw_texts

SPAN_LABELS = ["PER", "ORG", "QUOTE", "LOC"]
TOPICS = ["politics", "sport", "economy"]


@st.composite
def raw_records(draw: st.DrawFn) -> dict[str, Any]:
    """A Prodigy-shaped record on a raw (BOM, CRLF) text with valid spans and relations."""
    raw = draw(raw_texts)
    _text, omap = normalise_text(raw)
    spans: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(raw) - 1))
        end = draw(st.integers(start + 1, len(raw)))
        if omap.map(start) >= omap.map(end):  # only a removed BOM or CR: not a span
            continue
        label = draw(st.sampled_from(SPAN_LABELS))
        spans.append({"start": start, "end": end, "label": label, "text": raw[start:end]})
    relations = []
    if len(spans) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            head, child = draw(st.lists(st.sampled_from(spans), min_size=2, max_size=2))
            keys = ("start", "end", "label")
            if [head[k] for k in keys] == [child[k] for k in keys]:
                continue  # one span: a link to itself is refused
            relations.append(
                {
                    "label": draw(st.sampled_from(["SPEAKER", "ABOUT"])),
                    "head_span": {k: head[k] for k in ("start", "end", "label")},
                    "child_span": {k: child[k] for k in ("start", "end", "label")},
                }
            )
    topics = draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=3))
    return {"text": raw, "spans": spans, "relations": relations, "accept": topics}


def key(record: DocumentRecord, fmt: str = "native") -> tuple[Any, ...]:
    """What must survive a round trip: text, spans, relations (by span), topics; a doccano
    relation-extraction project (the doccano writer's default) holds no topics."""
    spans = [(s.start, s.end, s.label) for s in record.spans]
    relations = [(spans[r.head], spans[r.child], r.label) for r in record.relations]
    return record.text, spans, relations, record.topics if fmt != "doccano" else []


def check_span_texts(fmt: str, out: dict[str, Any]) -> None:
    """Every written span is exactly text[start:end]."""
    text = out["text"]
    if fmt == "doccano":
        for ent in out["entities"]:
            assert 0 <= ent["start_offset"] < ent["end_offset"] <= len(text)
        return
    for span in out["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
    for rel in out["relations"]:
        for side in ("head_span", "child_span"):
            if side in rel:
                span = rel[side]
                assert text[span["start"] : span["end"]] == span["text"]


@settings(max_examples=200, deadline=None)
@given(raw_records(), st.sampled_from(sorted(WRITERS)))
def test_parse_write_parse_roundtrip(obj: dict[str, Any], fmt: str) -> None:
    try:
        first = parse_record(obj, "in.jsonl", 1)
    except InputError as exc:
        # Two spans that CRLF normalisation makes one ("\r\n" and its "\n"), linked by
        # a relation: refused on the way in (it used to be written as a relation of a
        # span to itself, which the reader then refused on the way back).
        assert "one span once the CR of CRLF" in exc.reason
        return
    first.annotator = "alice"
    out = orjson.loads(orjson.dumps(WRITERS[fmt](first)))
    check_span_texts(fmt, out)
    second = parse_record(out, "out.jsonl", 1)
    assert key(second) == key(first, fmt)
    assert second.annotator == "alice"
    # The stored text is already normalised: writing and parsing again changes nothing.
    third = parse_record(orjson.loads(orjson.dumps(WRITERS[fmt](second))), "again", 1)
    assert key(third) == key(first, fmt)


@settings(max_examples=100, deadline=None)
@given(raw_records())
def test_spans_keep_their_text_through_normalisation(obj: dict[str, Any]) -> None:
    """Each input span's text, with leading BOMs dropped and CRLF/CR as LF, is what the
    stored text holds at its remapped offsets (a CR whose LF lies outside the span is
    counted with that LF, so it stays out)."""
    raw = obj["text"]
    record = parse_record(obj, "in.jsonl", 1)
    keys = {(s.start, s.end, s.label) for s in record.spans}
    _text, omap = normalise_text(raw)
    for span in obj["spans"]:
        start, end = span["start"], span["end"]
        if raw[end - 1] == "\r" and raw[end : end + 1] == "\n":
            end -= 1
        expected = raw[start:end]
        if raw[:start].strip("\ufeff") == "":
            expected = expected.lstrip("\ufeff")
        expected = expected.replace("\r\n", "\n").replace("\r", "\n")
        s, e = omap.map(span["start"]), omap.map(span["end"])
        assert (s, e, span["label"]) in keys
        assert record.text[s:e] == expected


def sample_record() -> DocumentRecord:
    text = "قال مارك روته 😀: «الحلف قوي» في بروكسل"
    per = (text.index("مارك"), text.index("مارك") + 9)
    quote = (text.index("«"), text.index("»") + 1)
    return DocumentRecord(
        text=text,
        title="روته",
        external_id="u-1",
        source="spa",
        meta={"date": "2024-01-01"},
        annotator="alice",
        status=LayerStatus.DONE,
        spans=[SpanData(*per, "PER", id=41), SpanData(*quote, "QUOTE", id=42)],
        relations=[RelationData(1, 0, "SPEAKER")],
        topics=["politics"],
        label_kinds={"PER": LabelKind.ENTITY, "QUOTE": LabelKind.QUOTE},
        document_id=9,
    )


def test_native_shape() -> None:
    out = to_native(sample_record())
    assert detect_shape(out) == "native"
    assert set(out) == {
        "document_id", "text", "meta", "annotator", "status", "spans", "relations", "topics",
    }  # fmt: skip
    assert out["document_id"] == 9
    assert out["status"] == "done"
    assert out["meta"] == {
        "date": "2024-01-01",
        "title": "روته",
        "external_id": "u-1",
        "source": "spa",
    }
    assert [(s["id"], s["label"], s["kind"], s["text"]) for s in out["spans"]] == [
        (41, "PER", "entity", "مارك روته"),
        (42, "QUOTE", "quote", "«الحلف قوي»"),
    ]
    assert out["relations"] == [{"head": 42, "child": 41, "label": "SPEAKER"}]
    assert out["topics"] == ["politics"]


def test_prodigy_shape() -> None:
    out = to_prodigy(sample_record())
    assert detect_shape(out) == "prodigy"
    assert out["accept"] == ["politics"]
    assert out["answer"] == "accept"
    assert out["_annotator_id"] == "alice"
    (rel,) = out["relations"]
    assert (rel["head_span"]["text"], rel["child_span"]["text"]) == ("«الحلف قوي»", "مارك روته")


def test_doccano_shape() -> None:
    record = sample_record()
    out = to_doccano(record)
    assert detect_shape(out) == "doccano"
    assert "label" not in out  # a relation-extraction project reads no classes
    assert [
        (e["id"], record.text[e["start_offset"] : e["end_offset"]]) for e in out["entities"]
    ] == [
        (41, "مارك روته"),
        (42, "«الحلف قوي»"),
    ]
    assert out["relations"] == [{"id": 0, "from_id": 42, "to_id": 41, "type": "SPEAKER"}]
    assert out["external_id"] == "u-1"


def test_doccano_sequence_and_classification_shapes() -> None:
    """What doccano's sequence-labelling and text-classification projects import
    (doccano docs, "Import Dataset": JSONL with ``label`` [[s, e, L]] / [names])."""
    record = sample_record()
    seq = to_doccano(record, "sequence")
    assert [record.text[s:e] for s, e, _l in seq["label"]] == ["مارك روته", "«الحلف قوي»"]
    assert "entities" not in seq and "relations" not in seq
    cls = to_doccano(record, "classification")
    assert cls["label"] == ["politics"] and "entities" not in cls
    for out, shape in ((seq, "sequence"), (cls, "classification")):
        back = parse_record(orjson.loads(orjson.dumps(out)), "x", 1)
        want = key(record)
        assert key(back) == (
            (want[0], want[1], [], []) if shape == "sequence" else (want[0], [], [], want[3])
        )


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_span_texts_in_every_format(fmt: str) -> None:
    out = WRITERS[fmt](sample_record())
    check_span_texts(fmt, out)
    parsed = parse_record(orjson.loads(orjson.dumps(out)), "x", 1)
    assert key(parsed) == key(sample_record(), fmt)
    assert (parsed.title, parsed.external_id, parsed.source) == ("روته", "u-1", "spa")
    assert parsed.meta.get("date") == "2024-01-01"


def test_span_ids_fall_back_to_positions() -> None:
    record = sample_record()
    record.spans = [SpanData(s.start, s.end, s.label) for s in record.spans]
    out = to_native(record)
    assert [s["id"] for s in out["spans"]] == [0, 1]
    assert out["relations"] == [{"head": 1, "child": 0, "label": "SPEAKER"}]


def test_document_without_layer_has_null_status() -> None:
    record = DocumentRecord(text="نص")
    out = to_native(record)
    assert out["status"] is None
    assert out["annotator"] is None
    assert not parse_record(out, "x", 1).has_layer


def test_a_relation_of_two_spans_that_crlf_makes_one_is_refused() -> None:
    """Hypothesis's case: "\\r\\n" and its "\\n" are one stored span; a relation between
    them would be written as a span linked to itself, which no reader takes back."""
    obj = {
        "text": "\r\n\ufeff",
        "spans": [{"start": 0, "end": 2, "label": "PER"}, {"start": 1, "end": 2, "label": "PER"}],
        "relations": [
            {
                "label": "SPEAKER",
                "head_span": {"start": 0, "end": 2, "label": "PER"},
                "child_span": {"start": 1, "end": 2, "label": "PER"},
            }
        ],
    }
    with pytest.raises(InputError, match=r"in.jsonl:1: relation SPEAKER links span \[0, 2\)"):
        parse_record(obj, "in.jsonl", 1)


@pytest.mark.parametrize("shape", ["relations", "sequence", "classification"])
@pytest.mark.parametrize("status", list(LayerStatus))
def test_doccano_keeps_the_layer_status(shape: str, status: LayerStatus) -> None:
    """doccano keeps extra fields as the example's metadata: the status goes beside the
    annotator, and comes back on import (a done layer came back in progress)."""
    record = sample_record()
    record.status = status
    out = to_doccano(record, shape)
    assert out["status"] == status.value
    back = parse_record(orjson.loads(orjson.dumps(out)), "x", 1)
    assert back.status is status
    assert "status" not in back.meta
