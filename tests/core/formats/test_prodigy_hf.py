"""Prodigy tokens checked by spaCy itself, and the Hugging Face rows by ``datasets``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.hf import HuggingFaceSink
from annotator.core.formats.prodigy import ProdigySink, to_prodigy_tokens, token_dicts
from annotator.core.formats.records import parse_record
from annotator.core.formats.sinks import ExportOptions
from annotator.core.formats.tokens import TOKENS_META, Words, fast_tokenize, spacy_tokens
from annotator.core.model import DocumentRecord, LabelKind, RelationData, SpanData

TEXT = 'قال  الأمين العام\u200e مارك روته:\n\n"الحلف قوي"\tفي بروكسل،  والناتو   هنا '


def at(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def sample() -> DocumentRecord:
    return DocumentRecord(
        text=TEXT,
        annotator="alice",
        document_id=3,
        spans=[
            SpanData(*at("مارك روته"), "PER"),
            SpanData(*at('"الحلف قوي"'), "QUOTE"),
            SpanData(*at("بروكسل"), "GPE"),
            SpanData(*at("الناتو"), "ORG"),  # inside والناتو: off the tokens
        ],
        relations=[RelationData(1, 0, "SPEAKER"), RelationData(3, 0, "X")],
        topics=["defence"],
        label_kinds={"QUOTE": LabelKind.QUOTE},
    )


@cache
def blank_arabic() -> Any:
    """One ``spacy.blank("ar")`` for the whole module (making it takes a while)."""
    spacy = pytest.importorskip("spacy")
    return spacy.blank("ar")


def check_with_spacy(task: dict[str, Any]) -> None:
    """The checks of issue 6: Doc from tokens, strict char_span, offsets_to_biluo_tags."""
    pytest.importorskip("spacy")
    from spacy.tokens import Doc
    from spacy.training import offsets_to_biluo_tags

    nlp = blank_arabic()
    tokens = task["tokens"]
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    doc = Doc(nlp.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
    assert doc.text == task["text"]
    assert [t.idx for t in doc] == [t["start"] for t in tokens]
    for span in task["spans"]:
        found = doc.char_span(span["start"], span["end"], span["label"], alignment_mode="strict")
        assert found is not None, span
        assert (found.start, found.end - 1) == (span["token_start"], span["token_end"])
    entities = [s for s in task["spans"] if s["label"] != "QUOTE"]
    tags = offsets_to_biluo_tags(doc, [(s["start"], s["end"], s["label"]) for s in entities])
    assert "-" not in tags
    for rel in task["relations"]:
        assert rel["head"] == rel["head_span"]["token_end"]
        assert rel["child"] == rel["child_span"]["token_end"]


def test_prodigy_tokens_pass_spacy_and_read_back() -> None:
    problems: list[str] = []
    task = to_prodigy_tokens(sample(), problems=problems)
    check_with_spacy(task)
    assert [s["label"] for s in task["spans"]] == ["PER", "QUOTE", "GPE"]
    assert [r["label"] for r in task["relations"]] == ["SPEAKER"]
    assert (task["accept"], task["_annotator_id"], task["answer"]) == (
        ["defence"],
        "alice",
        "accept",
    )
    assert len(problems) == 2
    assert problems[0].startswith("document 3 (alice): span [") and "'الناتو'" in problems[0]
    # "\n\n", the tab and the double spaces are tokens of their own, as spaCy makes them.
    spaces = [t["text"] for t in task["tokens"] if t["text"].isspace()]
    assert spaces == [" ", "\n\n", "\t", " ", "  "]
    back = parse_record(json.loads(json.dumps(task)), "t.jsonl", 1)
    assert back.spans == [SpanData(s.start, s.end, s.label) for s in sample().spans[:3]]
    assert back.relations == [RelationData(1, 0, "SPEAKER")]
    assert back.topics == ["defence"]
    # With clitics split, الناتو is a token and its relation comes along.
    task = to_prodigy_tokens(sample(), clitics=True)
    check_with_spacy(task)
    assert [s["label"] for s in task["spans"]] == ["PER", "QUOTE", "GPE", "ORG"]


def test_conll_tokens_are_kept() -> None:
    text = "الأمم المتحدة\n\u200e في"
    record = DocumentRecord(
        text=text,
        meta={TOKENS_META: [[0, 5], [6, 13], [14, 15], [16, 18]]},
        spans=[SpanData(0, 13, "ORG")],
    )
    task = to_prodigy_tokens(record)
    assert [t["text"] for t in task["tokens"]] == ["الأمم", "المتحدة", "\n", "\u200e", "في"]
    check_with_spacy(task)


texts = st.text(alphabet="ab ج\u200e\u200f\n\t\xa0.،😀  ", max_size=30)


@given(texts, st.data())
@settings(max_examples=150, deadline=None)
def test_any_text_rebuilds_and_word_spans_align(text: str, data: st.DataObject) -> None:
    words = fast_tokenize(text)
    spans = []
    if words:
        first = data.draw(st.integers(0, len(words) - 1))
        last = data.draw(st.integers(first, len(words) - 1))
        spans.append(SpanData(words[first][0], words[last][1], "X"))
    check_with_spacy(to_prodigy_tokens(DocumentRecord(text=text, spans=spans)))


@given(texts)
@settings(max_examples=300, deadline=None)
def test_token_dicts_are_spacy_tokens(text: str) -> None:
    words = Words.split(text)
    tokens, index = spacy_tokens(words)
    dicts, at = token_dicts(words)
    assert dicts == [
        {"text": t, "start": s, "end": e, "id": i, "ws": w} for i, (t, s, e, w) in enumerate(tokens)
    ]
    assert [at(k) for k in range(len(words))] == index


def test_prodigy_sink_lines() -> None:
    sink = ProdigySink(ExportOptions())
    line = sink.write(sample())
    assert line.endswith(b"\n") and json.loads(line)["text"] == TEXT
    assert len(sink.problems) == 2


def test_hf_rows_load_with_datasets(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    sink = HuggingFaceSink(ExportOptions(scheme="bioes"))
    other = DocumentRecord(text="بلا كيانات", document_id=4, annotator="bob")
    body = sink.begin() + sink.write(sample()) + sink.write(other) + sink.end()
    out = tmp_path / "train.jsonl"
    out.write_bytes(body)
    names = json.loads(sink.sidecars()[".labels.json"])
    assert names[0] == "O" and "S-GPE" in names and "E-PER" in names
    rows = [json.loads(line) for line in body.splitlines()]
    assert [(r["document_id"], r["sentence"]) for r in rows] == [(3, 0), (3, 1), (4, 0)]
    assert rows[0]["tokens"][-3:] == ["مارك", "روته", ":"]
    assert rows[0]["ner_tags"][-3:] == ["B-PER", "E-PER", "O"]
    ds = datasets.load_dataset(
        "json", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert ds.num_rows == 3
    assert ds.features["tokens"].feature.dtype == "string"
    assert ds[2]["ner_tags"] == ["O", "O"]
    labelled = ds.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    assert labelled[0]["ner_tags"][-3:] == [names.index("B-PER"), names.index("E-PER"), 0]
