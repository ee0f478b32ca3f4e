"""Tagging: the fast path (no token offsets) gives what the general path gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.tagging import SCHEMES, _by_offsets, encode_tags, tagged_sentences
from annotator.core.formats.tokens import fast_tokenize
from annotator.core.model import DocumentRecord, LabelKind, SpanData

ALPHABET = "ab1٣ .,-'’٫\u200e\u200f\u200c\u064e\u0640والناتو\n\n\t\xa0«»،"


@st.composite
def records(draw: st.DrawFn) -> DocumentRecord:
    """A text with spans on token edges, off token edges, overlapping, over newlines."""
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
    tokens = fast_tokenize(text)
    spans: list[SpanData] = []
    for _ in range(draw(st.integers(0, 6))):
        if tokens and draw(st.booleans()):
            first = draw(st.integers(0, len(tokens) - 1))
            last = draw(st.integers(first, min(first + 3, len(tokens) - 1)))
            start, end = tokens[first][0], tokens[last][1]
        else:
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(["X", "Y", "QUOTE"]))
        if SpanData(start, end, label) not in spans:
            spans.append(SpanData(start, end, label))
    return DocumentRecord(
        text=text,
        spans=spans,
        document_id=1,
        label_kinds={"QUOTE": LabelKind.QUOTE, "X": LabelKind.ENTITY},
    )


@given(records(), st.sampled_from(SCHEMES))
@settings(max_examples=500, deadline=None)
def test_fast_path_equals_general_path(record: DocumentRecord, scheme: str) -> None:
    fast: list[str] = []
    general: list[str] = []
    assert tagged_sentences(record, scheme, False, fast, "F") == _by_offsets(
        record, scheme, False, general, "F"
    )
    assert fast == general


def test_schemes() -> None:
    spans = [(0, 0, "X"), (1, 2, "X"), (3, 5, "Y")]
    assert encode_tags(7, spans, "bio") == ["B-X", "B-X", "I-X", "B-Y", "I-Y", "I-Y", "O"]
    assert encode_tags(7, spans, "iob1") == ["I-X", "B-X", "I-X", "I-Y", "I-Y", "I-Y", "O"]
    assert encode_tags(7, spans, "bioes") == ["S-X", "B-X", "E-X", "B-Y", "I-Y", "E-Y", "O"]
    assert encode_tags(7, spans, "bilou") == ["U-X", "B-X", "L-X", "B-Y", "I-Y", "L-Y", "O"]
