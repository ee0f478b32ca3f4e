"""Token views: the fast tokenizer equals arabic.tokenize, spaCy tokens rebuild the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.arabic import tokenize, tokenize_clitics
from annotator.core.formats.tokens import (
    TOKENS_META,
    Words,
    align_spans,
    document_words,
    fast_tokenize,
    fast_tokenize_clitics,
    sentence_starts,
    spacy_tokens,
    stored_tokens,
)
from annotator.core.model import DocumentRecord, SpanData

# Letters, clitic letters, digits, joiners, marks, bidi marks, spaces, astral characters.
ALPHABET = (
    "ab1٣ .,-'’٫٬\u200e\u200f\u200c\u200d\u064e\u0670\u0640والناتوببروكسللفك\n\t\xa0\u2028😀𝐀_²«»،؟"
)
texts = st.text(alphabet=ALPHABET, max_size=40)


@given(texts)
@settings(max_examples=400, deadline=None)
def test_fast_tokenize_is_tokenize(text: str) -> None:
    assert fast_tokenize(text) == tokenize(text)
    assert fast_tokenize_clitics(text) == tokenize_clitics(text)


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_fast_tokenize_on_any_unicode(text: str) -> None:
    assert fast_tokenize(text) == tokenize(text)


# Words, digits and every joiner and separator between them, so that the possessive
# token pattern meets each glue case (word joiners between letters, digit separators
# between digits, neither between a letter and a digit) and runs of spaces and tabs.
JOINED = st.text(alphabet="ab٣1٢\u064e\u200d\u200c'’ʼ-‐‑.,٫٬  \t\n\u200f😀", max_size=40)


@given(JOINED)
@settings(max_examples=400, deadline=None)
def test_fast_tokenize_glue_cases(text: str) -> None:
    assert fast_tokenize(text) == tokenize(text)
    assert Words.split(text).pairs() == tokenize(text)


def rebuild(tokens: list[tuple[str, int, int, bool]]) -> str:
    return "".join(t + (" " if ws else "") for t, _s, _e, ws in tokens)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_spacy_tokens_rebuild_the_text(text: str) -> None:
    words = fast_tokenize(text)
    split = Words.split(text)
    assert split.pairs() == words
    assert split == Words.of(text, words)
    tokens, index = spacy_tokens(split)
    assert rebuild(tokens) == text
    assert [tokens[i][1:3] for i in index] == words
    for piece, s, e, _ws in tokens:
        assert s < e and text[s:e] == piece
        # A token is a word, or all white space, or all not white space.
        assert piece.isspace() or not any(c.isspace() for c in piece) or (s, e) in words


@pytest.mark.parametrize(
    "text",
    [
        *("a  b", "a   b", "a\nb", "a \nb", "a\n\nb", " a", "  a", "a ", "a  ", "a\t b", "a\n b"),
        *("", " ", "\n", " a b ", "a . b", "a \u200e b", "\u200e a", "a b\n\n"),
    ],
)
def test_white_space_like_spacy(text: str) -> None:
    # (A mark glued to a word, "a\u200e", differs: spaCy keeps it in the word, the Arabic
    # tokenizer makes it a gap, so it becomes a token of its own; the text still rebuilds.)
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("ar")(text)
    expected = [(t.text, t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in doc]
    assert spacy_tokens(Words.split(text))[0] == expected


def test_stored_tokens_are_used_when_they_fit() -> None:
    text = "الأمم المتحدة\nنيويورك"
    meta = {TOKENS_META: [[0, 5], [6, 13], [14, 21]]}
    record = DocumentRecord(text=text, meta=meta)
    assert document_words(record).pairs() == [(0, 5), (6, 13), (14, 21)]
    assert document_words(record).gaps == ["", " ", "\n", ""]
    assert sentence_starts(text, document_words(record)) == [0, 2]
    for bad in ([[0, 5], [3, 9]], [[0, 50]], [[0, "5"]], "x", []):
        assert stored_tokens({TOKENS_META: bad}, text) is None


def test_clitics_option_splits_conjunction_and_preposition() -> None:
    text = "وقال حلف والناتو ببروكسل"
    record = DocumentRecord(text=text)
    plain = document_words(record).texts
    split = document_words(record, clitics=True).texts
    assert plain == ["وقال", "حلف", "والناتو", "ببروكسل"]
    # "وقال" keeps its و: the rest is short and not a known name (strip_proclitics' rule).
    assert split == ["وقال", "حلف", "و", "الناتو", "ب", "بروكسل"]


def test_alignment_never_moves_a_span() -> None:
    text = "قال والناتو ذلك"
    start = text.index("الناتو")
    record = DocumentRecord(
        text=text,
        spans=[SpanData(start, start + 6, "ORG"), SpanData(0, 3, "X"), SpanData(0, 11, "Y")],
    )
    aligned, bad = align_spans(record, document_words(record))
    assert bad == [0]
    assert aligned[0] is None
    assert (aligned[1].first, aligned[1].last) == (0, 0)  # type: ignore[union-attr]
    assert (aligned[2].first, aligned[2].last) == (0, 1)  # type: ignore[union-attr]
    _aligned, bad = align_spans(record, document_words(record, clitics=True))
    assert bad == []
