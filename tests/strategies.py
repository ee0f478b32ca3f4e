"""Hypothesis strategies shared by the property tests: raw texts that import accepts."""

from __future__ import annotations

from hypothesis import strategies as st

from annotator.core.arabic import contains_presentation_forms
from annotator.core.formats.tokens import fast_tokenize
from annotator.core.model import DocumentRecord, LabelKind, SpanData
from annotator.core.offsets import normalise_text

HARAKAT = [chr(c) for c in range(0x064B, 0x0653)]
BIDI = ["\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
PIECES = [
    "\r\n", "\r", "\n", "\ufeff", "\u0640", " ", "\t", "ا", "ل", "ن", "ت", "و",
    "😀", "𝕏", "🇸🇦", "a", "B", "7", "«", "»", *HARAKAT, *BIDI,
]  # fmt: skip
# Any character but NUL and presentation forms: import refuses both.
chars = st.characters(codec="utf-8", exclude_characters="\x00").filter(
    lambda c: not contains_presentation_forms(c)
)
# A text with nothing but white space is refused on import (no document to annotate).
raw_texts = (
    st.lists(st.one_of(st.sampled_from(PIECES), chars), min_size=1, max_size=30)
    .map("".join)
    .filter(lambda raw: normalise_text(raw)[0].strip())
)

TAGGING_ALPHABET = "ab1٣ .,-'’٫\u200e\u200f\u200c\u064e\u0640والناتو\n\n\t\xa0«»،"


@st.composite
def tagged_records(draw: st.DrawFn) -> DocumentRecord:
    """A text with spans on token edges, off token edges, overlapping, over newlines."""
    text = draw(st.text(alphabet=TAGGING_ALPHABET, min_size=1, max_size=40))
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
        # A label may hold anything, even what looks like a tag (" O") or a space.
        label = draw(st.sampled_from(["X", "Y", "QUOTE", "Type O"]))
        if SpanData(start, end, label) not in spans:
            spans.append(SpanData(start, end, label))
    return DocumentRecord(
        text=text,
        spans=spans,
        document_id=1,
        label_kinds={"QUOTE": LabelKind.QUOTE, "X": LabelKind.ENTITY, "Type O": LabelKind.ENTITY},
    )
