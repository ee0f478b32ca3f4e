"""Hypothesis strategies shared by the property tests: raw texts that import accepts."""

from __future__ import annotations

from hypothesis import strategies as st

from annotator.core.arabic import contains_presentation_forms
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
