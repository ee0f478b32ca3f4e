"""One JSON record (native, Prodigy, doccano) to a DocumentRecord, with remapped offsets."""

from __future__ import annotations

from typing import Any

import arabic_reshaper
import pytest
from bidi.algorithm import get_display

from annotator.core.arabic import contains_presentation_forms
from annotator.core.errors import InputError
from annotator.core.formats.records import detect_shape, looks_reshaped, parse_record
from annotator.core.formats.report import ReadReport
from annotator.core.model import (
    DocumentRecord,
    LabelKind,
    LayerStatus,
    RelationData,
    SpanData,
    validate_span,
)

TEXT = 'قال مارك روته: "الحلف قوي" في بروكسل'
PER = (TEXT.index("مارك"), TEXT.index("مارك") + len("مارك روته"))
QUOTE = (TEXT.index('"'), TEXT.rindex('"') + 1)
LOC = (TEXT.index("بروكسل"), len(TEXT))


def spans_of(record: Any) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in record.spans]


def relations_of(record: Any) -> list[tuple[tuple[int, int, str], tuple[int, int, str], str]]:
    keys = spans_of(record)
    return [(keys[r.head], keys[r.child], r.label) for r in record.relations]


@pytest.mark.parametrize("shape_key", [{}, {"spans": []}, {"accept": []}])
def test_a_top_level_source_is_kept_like_a_title(shape_key: dict[str, Any]) -> None:
    # SaudiNewsNet and wire feeds name the outlet at the top: "source" counted as a field the
    # reader keeps, yet it was neither stored nor said to be dropped.
    obj = {"text": TEXT, "title": "روته", "source": "sabq", **shape_key}
    record = parse_record(obj, "n.jsonl", 1)
    assert (record.title, record.source, record.meta) == ("روته", "sabq", {})


def test_a_model_layer_s_scores_are_kept_and_not_reported_as_lost() -> None:
    # The native export of `suggest predict` carries "scores"; importing it back said
    # "fields not kept: scores" although they were kept.
    obj = {
        "text": TEXT,
        "annotator": "prediction:crf",
        "spans": [{"start": LOC[0], "end": LOC[1], "label": "LOC"}],
        "scores": [{"start": LOC[0], "end": LOC[1], "label": "LOC", "score": 0.9}],
    }
    report = ReadReport()
    record = parse_record(obj, "n.jsonl", 1, report=report)
    assert record.scores == {(*LOC, "LOC"): 0.9}
    assert not report.unkept


def test_a_model_layer_s_scores_follow_its_spans_when_the_text_is_normalised() -> None:
    # A CRLF text (or one with a BOM) is stored with LF: the spans were moved, the scores
    # kept the file's offsets, so each score named a span the layer does not have.
    text = "\ufeffالسطر الأول\r\nوصل الوفد إلى بروكسل\r\n"
    start = text.index("بروكسل")
    obj = {
        "text": text,
        "annotator": "prediction:crf",
        "spans": [{"start": start, "end": start + 6, "label": "LOC", "score": 0.7}],
        "topics": ["politics"],
        "scores": [
            {"start": start, "end": start + 6, "label": "LOC", "score": 0.9},
            {"label": "politics", "score": 0.6},
        ],
    }
    record = parse_record(obj, "n.jsonl", 1)
    (span,) = record.spans
    assert record.text[span.start : span.end] == "بروكسل"
    assert record.scores == {(span.start, span.end, "LOC"): 0.9, (-1, -1, "politics"): 0.6}


def test_a_score_naming_no_span_or_topic_of_the_layer_is_not_kept_and_said() -> None:
    # Scores of spans the record does not have (even past the end of its text) were kept,
    # exported again, and counted in Label Studio's mean score of the prediction.
    obj = {
        "text": TEXT,
        "annotator": "prediction:crf",
        "spans": [{"start": LOC[0], "end": LOC[1], "label": "LOC"}],
        "topics": ["politics"],
        "scores": [
            {"start": LOC[0], "end": LOC[1], "label": "LOC", "score": 0.9},
            {"start": 0, "end": 999, "label": "LOC", "score": 0.1},
            {"start": LOC[0], "end": LOC[1], "label": "PER", "score": 0.2},
            {"label": "politics", "score": 0.6},
            {"label": "sport", "score": 0.5},
        ],
    }
    report = ReadReport()
    record = parse_record(obj, "n.jsonl", 1, report=report)
    assert record.scores == {(*LOC, "LOC"): 0.9, (-1, -1, "politics"): 0.6}
    assert report.unkept["n.jsonl"] == {"scores[] (no such span or topic in the layer)": 3}


def test_native_record() -> None:
    obj = {
        "document_id": 7,
        "text": TEXT,
        "meta": {"title": "روته", "external_id": "u-1", "source": "spa", "date": "2024"},
        "annotator": " alice ",
        "status": "done",
        "spans": [
            {"id": 10, "start": PER[0], "end": PER[1], "label": "PER", "kind": "entity"},
            {"id": 11, "start": QUOTE[0], "end": QUOTE[1], "label": "QUOTE", "kind": "quote"},
        ],
        "relations": [{"head": 11, "child": 10, "label": "SPEAKER"}],
        "topics": ["politics", "defence"],
    }
    assert detect_shape(obj) == "native"
    record = parse_record(obj, "n.jsonl", 1)
    assert record.text == TEXT
    assert (record.title, record.external_id, record.source) == ("روته", "u-1", "spa")
    assert record.meta == {"date": "2024"}
    assert record.annotator == "alice"
    assert record.status == LayerStatus.DONE
    assert spans_of(record) == [(*PER, "PER"), (*QUOTE, "QUOTE")]
    assert relations_of(record) == [((*QUOTE, "QUOTE"), (*PER, "PER"), "SPEAKER")]
    assert record.topics == ["politics", "defence"]
    assert record.label_kinds == {
        "PER": LabelKind.ENTITY,
        "QUOTE": LabelKind.QUOTE,
        "politics": LabelKind.TOPIC,
        "defence": LabelKind.TOPIC,
    }
    assert record.has_layer


def test_prodigy_record() -> None:
    head = {"start": QUOTE[0], "end": QUOTE[1], "label": "QUOTE", "token_start": 3}
    child = {"start": PER[0], "end": PER[1], "label": "PER"}
    obj = {
        "text": TEXT,
        "tokens": [{"text": "قال", "start": 0, "end": 3, "id": 0, "ws": True}],
        "spans": [
            {"start": PER[0], "end": PER[1], "label": "PER", "text": "مارك روته"},
            {"start": QUOTE[0], "end": QUOTE[1], "label": "QUOTE"},
            {"start": LOC[0], "end": LOC[1], "label": "LOC", "token_start": 6, "token_end": 6},
        ],
        "relations": [
            {"head": 3, "child": 1, "label": "SPEAKER", "head_span": head, "child_span": child}
        ],
        "accept": ["POL"],
        "options": [{"id": "POL", "text": "Politics"}],
        "answer": "accept",
        "_session_id": "ds-alice",
        "_annotator_id": "ds-alice",
    }
    assert detect_shape(obj) == "prodigy"
    report = ReadReport()
    record = parse_record(obj, "p.jsonl", 4, report=report)
    assert spans_of(record) == [(*PER, "PER"), (*QUOTE, "QUOTE"), (*LOC, "LOC")]
    assert relations_of(record) == [((*QUOTE, "QUOTE"), (*PER, "PER"), "SPEAKER")]
    assert record.topics == ["POL"]
    assert record.label_kinds["POL"] == LabelKind.TOPIC
    assert record.annotator == "ds-alice"
    # An accepted task is a decision: a done layer, whose answer is kept.
    assert (record.status, record.answer) == (LayerStatus.DONE, "accept")
    # The file's own tokens are kept with the document.
    assert record.meta["tokens"] == [[0, 3]]
    assert report.unkept == {"p.jsonl": {"options": 1}}


def test_spacy_cats_become_topics_at_half_or_more() -> None:
    obj = {"text": TEXT, "cats": {"politics": 1.0, "sport": 0.0, "economy": 0.5, "x": 0.49}}
    assert parse_record(obj, "c.jsonl", 1).topics == ["politics", "economy"]


def test_doccano_label_triples() -> None:
    obj = {
        "id": 3,
        "text": TEXT,
        "label": [[PER[0], PER[1], "PER"], [LOC[0], LOC[1], "LOC"]],
        "lang": "ar",
    }
    assert detect_shape(obj) == "doccano"
    record = parse_record(obj, "d.jsonl", 2)
    assert spans_of(record) == [(*PER, "PER"), (*LOC, "LOC")]
    assert record.topics == []
    assert record.meta == {"lang": "ar", "doccano_id": 3}


def test_doccano_class_list() -> None:
    record = parse_record({"id": 1, "text": TEXT, "label": ["politics", "defence"]}, "d", 1)
    assert record.spans == []
    assert record.topics == ["politics", "defence"]
    assert record.label_kinds == {"politics": LabelKind.TOPIC, "defence": LabelKind.TOPIC}


def test_doccano_entities_and_relations() -> None:
    obj = {
        "id": 1,
        "text": TEXT,
        "entities": [
            {"id": 40, "start_offset": PER[0], "end_offset": PER[1], "label": "PER"},
            {"id": 41, "start_offset": QUOTE[0], "end_offset": QUOTE[1], "label": "QUOTE"},
        ],
        "relations": [{"id": 0, "from_id": 41, "to_id": 40, "type": "SPEAKER"}],
    }
    record = parse_record(obj, "d.jsonl", 1)
    assert spans_of(record) == [(*PER, "PER"), (*QUOTE, "QUOTE")]
    assert relations_of(record) == [((*QUOTE, "QUOTE"), (*PER, "PER"), "SPEAKER")]


@pytest.mark.parametrize("shape", ["native", "prodigy", "doccano"])
def test_crlf_and_bom_offsets_are_remapped(shape: str) -> None:
    raw = "\ufeffسطر أول\r\nقال مارك روته\r\nفي بروكسل"
    stored = "سطر أول\nقال مارك روته\nفي بروكسل"
    start, end = raw.index("مارك"), raw.index("مارك") + len("مارك روته")
    start2, end2 = raw.index("بروكسل"), len(raw)
    obj: dict[str, Any]
    if shape == "doccano":
        obj = {"text": raw, "label": [[start, end, "PER"], [start2, end2, "LOC"]]}
    else:
        obj = {
            "text": raw,
            "spans": [
                {"start": start, "end": end, "label": "PER", "text": raw[start:end]},
                {"start": start2, "end": end2, "label": "LOC"},
            ],
        }
        if shape == "native":
            obj["annotator"] = "alice"
    record = parse_record(obj, "x.jsonl", 1)
    assert record.text == stored
    assert [stored[s.start : s.end] for s in record.spans] == ["مارك روته", "بروكسل"]


def test_spans_meeting_after_normalisation_are_merged_with_their_relations() -> None:
    # "\r\n" at [1, 3) and "\n" at [2, 3) are both the stored "\n" at [1, 2).
    obj = {
        "text": "a\r\nb",
        "annotator": "x",
        "spans": [
            {"id": 1, "start": 1, "end": 3, "label": "SEP"},
            {"id": 2, "start": 2, "end": 3, "label": "SEP"},
            {"id": 3, "start": 3, "end": 4, "label": "B"},
        ],
        "relations": [
            {"head": 1, "child": 3, "label": "R"},
            {"head": 2, "child": 3, "label": "R"},
        ],
    }
    record = parse_record(obj, "x", 1)
    assert record.text == "a\nb"
    assert spans_of(record) == [(1, 2, "SEP"), (2, 3, "B")]
    assert record.relations == [RelationData(0, 1, "R")]


def test_duplicate_spans_in_one_record_are_kept_once() -> None:
    obj = {"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "X"}] * 3}
    assert spans_of(parse_record(obj, "x", 1)) == [(0, 3, "X")]


def _fault(obj: Any, path: str = "f.jsonl", line: int = 5) -> InputError:
    with pytest.raises(InputError) as info:
        parse_record(obj, path, line)
    err = info.value
    assert (err.path, err.line) == (path, line)
    assert err.located() == f"{path}:{line}: {err.reason}"
    return err


@pytest.mark.parametrize(
    ("obj", "words"),
    [
        ([1, 2], "JSON object"),
        ({"txt": "x"}, '"text"'),
        ({"text": 5}, '"text"'),
        ({"text": "abc", "spans": [{"start": 0, "end": 9, "label": "PER"}]}, "outside"),
        ({"text": "abc", "spans": [{"start": -1, "end": 2, "label": "PER"}]}, "outside"),
        ({"text": "abc", "spans": [{"start": 2, "end": 1, "label": "PER"}]}, "reversed"),
        ({"text": "abc", "spans": [{"start": 1, "end": 1, "label": "PER"}]}, "empty"),
        ({"text": "abc", "spans": [{"start": "0", "end": 2, "label": "PER"}]}, "integers"),
        ({"text": "abc", "spans": [{"start": 0.0, "end": 2, "label": "PER"}]}, "integers"),
        ({"text": "abc", "spans": [{"start": 0, "end": True, "label": "PER"}]}, "integers"),
        ({"text": "abc", "spans": [{"start": 0, "end": 2}]}, "no label"),
        (
            {"text": "abc", "spans": [{"start": 0, "end": 2, "label": "P", "text": "bc"}]},
            "does not match",
        ),
        ({"text": "abc", "spans": {"start": 0}}, '"spans" must be a list'),
        ({"text": "abc", "spans": ["x"]}, "each span"),
        ({"text": "abc", "spans": [{"start": 0, "end": 1, "label": "P", "kind": "nope"}]}, "kind"),
        (
            {
                "text": "abc",
                "annotator": "a",
                "spans": [{"id": 1, "start": 0, "end": 1, "label": "P"}],
                "relations": [{"head": 1, "child": 2, "label": "SPEAKER"}],
            },
            "not span ids",
        ),
        (
            {
                "text": "abc",
                "label": [[0, 1, "P"]],
                "entities": [{"id": 0, "start_offset": 1, "end_offset": 2, "label": "Q"}],
                "relations": [{"from_id": 0, "to_id": 9, "type": "SPEAKER"}],
            },
            "not span ids",
        ),
        (
            {
                "text": "abc",
                "spans": [{"start": 0, "end": 1, "label": "P"}],
                "relations": [
                    {
                        "label": "R",
                        "head_span": {"start": 0, "end": 1, "label": "P"},
                        "child_span": {"start": 1, "end": 2, "label": "P"},
                    }
                ],
            },
            "not in spans",
        ),
        ({"text": "abc", "label": [[0, 1]]}, '"label" item'),
        ({"text": "abc", "label": {"PER": 1}}, '"label" must be a list'),
        ({"text": "abc", "label": "X", "answer": "maybe"}, "unknown answer 'maybe'"),
        (
            {"text": "abc", "entities": [{"start_offset": 0, "end_offset": 5, "label": "P"}]},
            "outside",
        ),
        ({"text": "abc", "topics": "politics", "annotator": "a"}, "topics"),
        ({"text": "abc", "status": "finished"}, "status"),
        ({"text": "abc", "annotator": ""}, "annotator"),
        ({"text": "abc", "meta": []}, '"meta"'),
        ({"text": "abc", "meta": {"title": ["x"]}}, '"title"'),
        ({"text": "\ufeffabc", "spans": [{"start": 0, "end": 1, "label": "P"}]}, "removed BOM"),
        ({"text": "a\r\nb", "spans": [{"start": 1, "end": 2, "label": "P"}]}, "removed BOM or CR"),
        # NUL: SQLite would store it, PostgreSQL refuses it.
        ({"text": "a\x00b"}, "NUL character"),
        ({"text": "ab", "meta": {"title": "a\x00"}}, "without NUL"),
        ({"text": "ab", "annotator": "x\x00"}, '"annotator"'),
        # Reshaped text (presentation forms), as copied from a terminal that showed it.
        ({"text": "\ufee3\ufeae\ufea3\ufe92\ufe8e"}, "presentation forms"),
    ],
)
def test_faults_name_file_line_and_reason(obj: Any, words: str) -> None:
    assert words in _fault(obj).reason


def test_span_text_mismatch_reason_shows_both_texts() -> None:
    err = _fault(
        {"text": "مارك روته", "spans": [{"start": 0, "end": 4, "label": "PER", "text": "روته"}]}
    )
    assert "'روته'" in err.reason
    assert "'مارك'" in err.reason


def test_doccano_shape_forced_on_a_plain_record() -> None:
    with pytest.raises(InputError, match="not a doccano record"):
        parse_record({"text": "abc", "spans": []}, "x", 1, shape="doccano")


def test_validate_span() -> None:
    assert validate_span("abc", 0, 3) is None
    assert validate_span("abc", 0, 4) is not None
    assert validate_span("abc", True, 2) is not None
    assert validate_span("abc", 0, True) is not None
    assert SpanData(0, 1, "P") == SpanData(0, 1, "P")


def test_stray_presentation_forms_are_folded_but_reshaped_text_is_refused() -> None:
    # As in a real SaudiNewsNet article: one word pasted in presentation forms. The
    # ligature ﻼ (one code point) becomes لا (two), so the span after it moves by one.
    real = "تسببت في حدوث ﺧﻼﻓﺎﺕ وانشقاقات داخل المواقع الخاضعة لسيطرتهم"
    assert not looks_reshaped(real)
    start = real.index("وانشقاقات")
    end = start + len("وانشقاقات")
    record = parse_record(
        {"text": real, "spans": [{"start": start, "end": end, "label": "X"}]}, "x", 1
    )
    assert record.text == "تسببت في حدوث خلافات وانشقاقات داخل المواقع الخاضعة لسيطرتهم"
    assert not contains_presentation_forms(record.text)
    span = record.spans[0]
    assert (span.start, span.end) == (start + 1, end + 1)
    assert record.text[span.start : span.end] == "وانشقاقات"
    logical = "قال مارك روته إن «الحلف قوي» في بروكسل"
    shaped = arabic_reshaper.reshape(logical)
    assert looks_reshaped(shaped)
    assert looks_reshaped(get_display(shaped))
    assert not looks_reshaped(logical)
    assert not looks_reshaped("NATO 2024")
    err = _fault({"text": shaped})
    assert "presentation forms" in err.reason


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_empty_text_is_refused(text: str) -> None:
    err = _fault({"text": text})
    assert err.located() == "f.jsonl:5: text is empty; a document needs text to annotate"


@pytest.mark.parametrize("answer", ["reject", "ignore"])
def test_rejected_prodigy_task_brings_the_document_without_annotations(answer: str) -> None:
    obj = {
        "text": "مارك روته في بروكسل",
        "spans": [{"start": 0, "end": 9, "label": "PER"}],
        "accept": ["politics"],
        "answer": answer,
    }
    report = ReadReport()
    record = parse_record(obj, "p.jsonl", 1, report=report)
    assert record.text == obj["text"]
    assert (record.spans, record.relations, record.topics) == ([], [], [])
    # The decision is kept (a layer whose answer says it), not what it turned down.
    assert record.answer == answer and record.has_layer and not record.is_example
    assert report.declined == {"p.jsonl": {answer: 1}}
    assert report.declined_items == {"p.jsonl": 2}
    accepted = parse_record({**obj, "answer": "accept"}, "p.jsonl", 1)
    assert [(s.start, s.end, s.label) for s in accepted.spans] == [(0, 9, "PER")]


def test_a_declined_layer_annotated_since_is_an_example_again() -> None:
    """A layer rejected in Prodigy and then annotated in this tool holds a new decision:
    its old answer must not keep those annotations out of the training formats."""
    from annotator.core.formats.prodigy import to_prodigy_tokens

    record = DocumentRecord(text="مارك روته", annotator="a", answer="reject")
    assert record.declined and not record.is_example
    assert to_prodigy_tokens(record)["answer"] == "reject"
    record.spans = [SpanData(0, 9, "PER")]
    assert not record.declined and record.is_example
    assert to_prodigy_tokens(record)["answer"] == "accept"


def test_own_tokens_follow_the_normalisation_and_bad_ones_are_said() -> None:
    """spaCy makes a token of "\\r\\n"; stored text has "\\n", and the tokens move with it."""
    text = "قال\r\nروته إن"
    tokens = [
        {"text": "قال", "start": 0, "end": 3, "id": 0, "ws": False},
        {"text": "\r\n", "start": 3, "end": 5, "id": 1, "ws": False},
        {"text": "روته", "start": 5, "end": 9, "id": 2, "ws": True},
        {"text": "إن", "start": 10, "end": 12, "id": 3, "ws": False},
    ]
    record = parse_record({"text": text, "tokens": tokens}, "t.jsonl", 1)
    assert record.text == "قال\nروته إن"
    assert [record.text[s:e] for s, e in record.meta["tokens"]] == ["قال", "روته", "إن"]
    report = ReadReport()
    wrong = [{**tokens[0], "text": "غير"}, *tokens[1:]]
    record = parse_record({"text": text, "tokens": wrong}, "t.jsonl", 2, report=report)
    assert "tokens" not in record.meta
    assert report.unkept == {
        "t.jsonl": {"tokens (their text differs from the text at their offsets)": 1}
    }


@pytest.mark.parametrize(
    "raw",
    [
        "قال الأمين العام في بروكسل",
        "\ufeffقال الأمين\r\nفي بروكسل",  # BOM and CRLF: the stored text differs
        "كلمة \ufefb مفردة في نص",  # a stray presentation form, folded
    ],
)
def test_the_bytes_kept_for_the_hash_are_the_stored_text(raw: str) -> None:
    """The reader keeps the text's UTF-8 bytes for the importer's hash only while they are
    the stored text's: a text normalised on reading is encoded again."""
    record = parse_record({"text": raw, "spans": []}, "f.jsonl", 1)
    assert record.text_utf8() == record.text.encode("utf-8")
    assert (record.utf8 is not None) == (record.text == raw)
    record.text = record.text + " و"  # changed after reading: the kept bytes are not used
    assert record.text_utf8() == record.text.encode("utf-8")
