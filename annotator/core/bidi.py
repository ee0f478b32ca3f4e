"""Paragraph direction and isolation of mixed Arabic/Latin text (pure Unicode, no Qt).

The paragraph rule of the Unicode bidi algorithm (UAX #9, P2/P3): a paragraph's direction
is that of its first strong character (L, R or AL), skipping whatever sits inside an
isolate (FSI/LRI/RLI ... PDI). Paths, file names and key sequences shown inside a sentence
of the other direction are wrapped in an isolate so their slashes and plus signs stay with
them; the isolate is then invisible to the sentence's own direction.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Direction = Literal["ltr", "rtl"]

LRI = "\u2066"
"""Left-to-right isolate: what follows (up to PDI) is an LTR island (key sequences)."""
RLI = "\u2067"
"""Right-to-left isolate."""
FSI = "\u2068"
"""First-strong isolate: the island takes the direction of its own first strong character."""
PDI = "\u2069"
"""Pop directional isolate: ends the innermost isolate."""
LRM = "\u200e"
"""Left-to-right mark: a strong L character that shows nothing."""
RLM = "\u200f"
"""Right-to-left mark: a strong R character that shows nothing."""
ELLIPSIS = "…"

_INITIATORS = frozenset({LRI, RLI, FSI})


def first_strong(text: str) -> Direction | None:
    """Direction of the first strong character outside isolates (UAX #9 P2), or None."""
    depth = 0
    for char in text:
        if char in _INITIATORS:
            depth += 1
            continue
        if char == PDI:
            depth = max(0, depth - 1)
            continue
        if char == "\n" or char == "\u2029":
            if depth == 0:
                continue
            depth = 0  # a paragraph separator closes every isolate (BD8)
            continue
        if depth:
            continue
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def direction(text: str, default: Direction = "ltr") -> Direction:
    """A paragraph's direction (P3): its first strong character's, else ``default``."""
    return first_strong(text) or default


def isolate(text: str) -> str:
    """``text`` as a first-strong isolate: it keeps its own direction inside any sentence."""
    return f"{FSI}{text}{PDI}" if text else text


def isolate_ltr(text: str) -> str:
    """``text`` as a left-to-right isolate (paths, file names, key sequences)."""
    return f"{LRI}{text}{PDI}" if text else text


def mark(direction_: Direction) -> str:
    """The invisible strong character of a direction (LRM or RLM)."""
    return RLM if direction_ == "rtl" else LRM


def strip_controls(text: str) -> str:
    """``text`` without isolates and marks (to compare what a reader sees)."""
    return text.translate({ord(c): None for c in (LRI, RLI, FSI, PDI, LRM, RLM)})


def word_prefixes(text: str) -> list[int]:
    """Logical end offsets of each whole-word prefix of ``text`` (spaces trimmed), ascending.

    The candidates for eliding at a word boundary: ``text[:n]`` for each n keeps whole words.
    """
    ends: list[int] = []
    in_word = False
    for i, char in enumerate(text):
        if char.isspace():
            if in_word:
                ends.append(i)
            in_word = False
        else:
            in_word = True
    if in_word:
        ends.append(len(text))
    return ends
