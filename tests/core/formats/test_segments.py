"""Marks: token edges decided locally, tokens by runs, and CoNLL written from marked lines."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.conll import conll_document, conll_marked
from annotator.core.formats.hf import HuggingFaceSink
from annotator.core.formats.segments import (
    MARKS,
    free_mark,
    marked_lines,
    on_token_edges,
    run_pattern,
)
from annotator.core.formats.sinks import ExportOptions
from annotator.core.formats.tagging import (
    SCHEMES,
    _by_offsets,
    _choose,
    plain_mark,
    tagged_lines,
    tagged_sentences,
)
from annotator.core.formats.tokens import fast_tokenize
from annotator.core.model import DocumentRecord, LabelKind, SpanData
from annotator.core.offsets import normalise_text
from tests.strategies import TAGGING_ALPHABET, tagged_records

# Joiners of both kinds next to letters and digits, marks, gaps and a few other scripts.
EDGY = TAGGING_ALPHABET + "x٣4-‐‑'ʼ.,٬\u200d\u0651ـ!؟\"\\é"
bmp_texts = st.text(alphabet=EDGY, min_size=1, max_size=30) | st.text(
    alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), min_size=1
)


@given(bmp_texts)
@settings(max_examples=300, deadline=None)
def test_token_edges_are_the_tokenizers(text: str) -> None:
    tokens = fast_tokenize(text)
    starts = {start for start, _end in tokens}
    ends = {end for _start, end in tokens}
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            expected = start in starts and end in ends
            assert on_token_edges(text, SpanData(start, end, "X")) == expected, (start, end)


@given(bmp_texts)
@settings(max_examples=500, deadline=None)
def test_runs_split_at_spaces_are_the_tokens(text: str) -> None:
    joined = " ".join(run_pattern().findall(text))
    tokens = [text[start:end] for start, end in fast_tokenize(text)]
    assert (joined.split(" ") if joined else []) == tokens


def test_a_run_of_words_is_one_match_and_gives_back_a_glued_word() -> None:
    findall = run_pattern().findall
    assert findall("قال وزير الخارجية") == ["قال وزير الخارجية"]
    # "co-op" is one token: the run stops before it and the token pattern takes it whole.
    assert findall("the co-op, 3.5 m") == ["the", "co-op", ",", "3.5", "m"]


def test_marks_cut_sentences_at_newlines_outside_spans() -> None:
    text = "أ ب\nج د\n\nهـ،"
    record = DocumentRecord(text=text, spans=[SpanData(2, 5, "X"), SpanData(9, 11, "Y")])
    assert list(marked_lines(record, [0, 1], "#")) == ["أ # ب ج # د", "# هـ # ،"]


def test_a_text_holding_every_mark_takes_the_words() -> None:
    record = DocumentRecord(text="أ " + MARKS, spans=[SpanData(0, 1, "X")])
    assert free_mark(record.text) is None and plain_mark(record, False) is None
    assert tagged_sentences(record, "bio", False, [], "F")[0].tags[0] == "B-X"
    assert free_mark("أ \uffff") == "\ufffe"


@given(tagged_records(), st.sampled_from(SCHEMES))
@settings(max_examples=500, deadline=None)
def test_conll_from_marks_equals_conll_from_words(record: DocumentRecord, scheme: str) -> None:
    by_marks: list[str] = []
    by_words: list[str] = []
    mark = plain_mark(record, False)
    assert mark is not None
    lines, labels = tagged_lines(record, mark, by_marks, "F")
    written = conll_marked(lines, mark, labels, scheme)
    assert written == conll_document(_by_offsets(record, scheme, False, by_words, "F"))
    assert by_marks == by_words


Written = tuple[bytes, HuggingFaceSink]


def hf_both_ways(record: DocumentRecord, scheme: str) -> tuple[Written, Written]:
    """The record written twice by an HF sink: by marked lines, and by its words' offsets."""
    # The same tokens given as the document's own: the sink must take its words instead.
    own = [list(token) for token in fast_tokenize(record.text)]
    worded = dataclasses.replace(record, meta={"tokens": own})
    assert plain_mark(record, False) is not None and plain_mark(worded, False) is None
    out = []
    for rec in (record, worded):
        sink = HuggingFaceSink(ExportOptions(scheme))
        out.append((sink.begin() + sink.write(rec) + sink.write(rec) + sink.end(), sink))
    return out[0], out[1]


@given(tagged_records(), st.sampled_from(SCHEMES))
@settings(max_examples=500, deadline=None)
def test_hf_rows_from_marks_equal_rows_from_words(record: DocumentRecord, scheme: str) -> None:
    (marked, by_marks), (worded, by_words) = hf_both_ways(record, scheme)
    assert marked == worded
    assert by_marks.problems == by_words.problems
    assert by_marks.label_list() == by_words.label_list()


def test_hf_rows_quote_what_json_must_escape() -> None:
    text = 'قال "زيد" \\ \x01 ٣.٥ co-op\nسطر'
    tokens = fast_tokenize(text)
    spans = [SpanData(tokens[k][0], tokens[k + 1][1], 'Q"x') for k in (0, 4)]
    (marked, _sink), (worded, _other) = hf_both_ways(
        DocumentRecord(text=text, spans=spans), "bioes"
    )
    assert marked == worded
    rows = [json.loads(line) for line in marked.splitlines()]
    assert rows[0]["tokens"][:6] == ["قال", '"', "زيد", '"', "\\", "\x01"]
    assert rows[0]["ner_tags"][:6] == ['B-Q"x', 'E-Q"x', "O", "O", 'B-Q"x', 'E-Q"x']


def test_a_label_that_ends_like_a_tag_is_written_as_it_is() -> None:
    record = DocumentRecord(text="ab cd ef gh", spans=[SpanData(0, 8, "Blood Type O")])
    lines, labels = tagged_lines(record, "#", [], "F")
    written = conll_marked(lines, "#", labels, "bio")
    assert written.splitlines()[2:] == [
        "ab B-Blood Type O",
        "cd I-Blood Type O",
        "ef I-Blood Type O",
        "gh O",
        "",
    ]


def test_choose_reports_a_quote_overlapping_an_entity() -> None:
    record = DocumentRecord(
        text="قال أحمد كلاما",
        spans=[SpanData(0, 14, "QUOTE"), SpanData(4, 8, "PER")],
        document_id=3,
        label_kinds={"QUOTE": LabelKind.QUOTE, "PER": LabelKind.ENTITY},
    )
    problems: list[str] = []
    assert _choose(record, [0, 1], problems, "CoNLL") == [1]
    assert problems and "overlaps [4, 8) PER" in problems[0]


def test_real_articles_give_the_same_conll_and_sentences_both_ways(shared_data: Path) -> None:
    """300 SaudiNewsNet articles: entities every few words, quotes over them, spans off edges."""
    with zipfile.ZipFile(shared_data / "saudinewsnet" / "2015-07-23.zip") as archive:
        articles = json.loads(archive.read(archive.namelist()[0]))[:300]
    kinds = {"QUOTE": LabelKind.QUOTE, "PER": LabelKind.ENTITY, "LOC": LabelKind.ENTITY}
    reported = 0
    for number, article in enumerate(articles):
        text = normalise_text(article["content"])[0]
        tokens = fast_tokenize(text)
        spans = [
            SpanData(
                tokens[k][0], tokens[min(k + k % 3, len(tokens) - 1)][1], ("PER", "LOC")[k % 2]
            )
            for k in range(0, len(tokens), 5)
        ]
        spans += [SpanData(tokens[k][0], tokens[min(k + 9, len(tokens) - 1)][1], "QUOTE")
                  for k in range(3, len(tokens), 40)]  # fmt: skip
        spans += [SpanData(k, k + 4, "LOC") for k in range(1, len(text) - 4, 97)]
        record = DocumentRecord(text=text, spans=spans, document_id=number, label_kinds=kinds)
        mark = plain_mark(record, False)
        assert mark is not None  # every article takes the marked lines
        for scheme in SCHEMES:
            by_marks: list[str] = []
            by_words: list[str] = []
            sentences = _by_offsets(record, scheme, False, by_words, "F")
            assert tagged_sentences(record, scheme, False, by_marks, "F") == sentences
            assert by_marks == by_words
            by_marks.clear()
            lines, labels = tagged_lines(record, mark, by_marks, "F")
            assert conll_marked(lines, mark, labels, scheme) == conll_document(sentences)
            assert by_marks == by_words
            reported += len(by_words)
    assert reported > 1000  # spans off token edges and quotes overlapping entities
