"""Token tags without token offsets: a document cut at its tagged spans' edges.

The token-level exports (CoNLL, Hugging Face) of a document tokenised by the Arabic-aware
tokenizer need each word's text and tag, not its offsets. So a mark (a noncharacter the
text does not hold) is put at each edge of the spans to tag, newlines inside those spans
become spaces, and each line is tokenised by one ``findall``: the marks come out as tokens
of their own between the spans' tokens. That gives the tokens of the whole text, because a
span edge is first checked to be a token edge (``on_token_edges``), and a mark at a token
edge changes no token: the tokenizer joins two characters only by what is next to them
(a joiner glues two words only with a word character on each side).

``run_pattern`` takes a run of plain words between single spaces in one match; the
matches joined by spaces, split at spaces, are the tokens. That makes a few hundred
thousand matches of a 10,000-article export instead of millions, and a CoNLL run of
untagged words is one ``str.replace``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from annotator.core.formats.tokens import GAPS, glue_pattern, token_pattern, word_class
from annotator.core.model import DocumentRecord, SpanData

SEPARATORS = frozenset(GAPS) | frozenset(c for c in map(chr, range(0x10000)) if c.isspace())
"""Characters that are in no token: white space and invisible marks (BMP)."""
MARKS = "\uffff\ufffe" + "".join(map(chr, range(0xFDD0, 0xFDF0)))
"""Noncharacters, one of which marks the cuts (as a token of its own)."""


@cache
def run_pattern() -> re.Pattern[str]:
    """``token_pattern`` plus, first, runs of whole words separated by one space each.

    A run ends at a word that is not followed by a joiner gluing it to more (the negative
    look-ahead); before such a word, the run gives back one word, which the token pattern
    then matches whole.
    """
    w = word_class()
    return re.compile(rf"{w}++(?: {w}++)*(?!{glue_pattern()})|{token_pattern().pattern}")


def _joined(text: str, left: int) -> bool:
    """True when characters ``left`` and ``left + 1`` belong to one token.

    The tokenizer joins them by what is at most one character further on either side (a
    joiner between two word characters), so the four characters around decide it.
    """
    base = max(left - 1, 0)
    cut = left + 1 - base
    window = text[base : left + 3]
    return any(m.start() < cut < m.end() for m in token_pattern().finditer(window))


def on_token_edges(text: str, span: SpanData) -> bool:
    """True when the span starts at a token's start and ends at a token's end.

    Its first and last characters must be in tokens, and each must not be joined to the
    character outside it (which a separator next to it rules out at once).
    """
    start, end = span.start, span.end
    if not 0 <= start < end <= len(text):
        return False
    if text[start] in SEPARATORS or text[end - 1] in SEPARATORS:
        return False
    if start and text[start - 1] not in SEPARATORS and _joined(text, start - 1):
        return False
    return end == len(text) or text[end] in SEPARATORS or not _joined(text, end - 1)


def free_mark(text: str) -> str | None:
    """A noncharacter that ``text`` does not hold (None if it holds them all)."""
    return next((mark for mark in MARKS if mark not in text), None)


def marked_lines(record: DocumentRecord, chosen: list[int], mark: str) -> Iterator[str]:
    """The record's sentences that hold tokens, marked at the ``chosen`` spans' edges.

    Each is its tokens joined by single spaces, with ``mark`` as a token before and after
    each chosen span (on token edges, sorted, disjoint; ``mark`` from ``free_mark``). A
    newline outside the chosen spans ends a sentence; one inside a span does not.
    """
    text, spans = record.text, record.spans
    cut: list[str] = []
    pos = 0
    for index in chosen:
        span = spans[index]
        cut += (text[pos : span.start], mark, text[span.start : span.end].replace("\n", " "), mark)
        pos = span.end
    cut.append(text[pos:])
    findall = run_pattern().findall
    for line in "".join(cut).split("\n"):
        joined = " ".join(findall(line))
        if joined:
            yield joined


Piece = tuple[str, str | None, bool]
"""A stretch of a marked line: its tokens joined by single spaces, the span's label (None
between spans), and whether the span follows one of the same label with no token between."""


def line_pieces(line: str, mark: str, labels: Iterator[str]) -> Iterator[Piece]:
    """The stretches of one marked line that hold tokens, taking each span's label in turn."""
    if mark not in line:
        yield line, None, False
        return
    previous = None  # the label of a span that the last token ends
    for k, piece in enumerate(line.split(mark)):
        words = piece.strip(" ")
        if k % 2:
            label = next(labels)
            yield words, label, previous == label
            previous = label
        elif words:
            yield words, None, False
            previous = None
