"""Token views of a document for token-level formats (CoNLL, Hugging Face, Prodigy/spaCy).

A document's *words* are its CoNLL tokens when it was imported from CoNLL (kept in
``meta["tokens"]`` as ``[[start, end], ...]``), otherwise the tokens of
``annotator.core.arabic.tokenize`` (or ``tokenize_clitics``, which splits off و ف ب ل ك).
``fast_tokenize`` and ``fast_tokenize_clitics`` give exactly those tokens, by one regular
expression instead of a loop per character.

spaCy's view adds the gaps between words: a single space after a token is its ``ws`` flag;
any other run of white space (a newline, a second space, a tab) is a token of its own, as
``spacy.blank`` makes it; invisible marks between words (U+200E ...) are tokens too. The
tokens and their ``ws`` flags rebuild the text exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from annotator.core.arabic import tokenize, tokenize_clitics
from annotator.core.model import DocumentRecord

TOKENS_META = "tokens"
"""Meta key of a document's own tokenisation: ``[[start, end], ...]`` into its text."""

Token = tuple[int, int]

# The same character classes as annotator.core.arabic (word joiners, digit joiners, gaps).
_WORD_JOINERS = "'\u2019\u02bc\\-\u2010\u2011"
_DIGIT_JOINERS = ".,\u066b\u066c"
_GAPS = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
_CLITIC_FIRST = frozenset("وفبلك")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _ranges(codes: list[int]) -> str:
    """A regex class body for the code points ``codes`` (sorted), as ranges."""
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(parts)


@cache
def _token_pattern() -> re.Pattern[str]:
    """The tokenizer's regex for text within the BMP, built once from the Unicode categories.

    Only BMP characters go into the classes: ``re`` looks them up in one table, while
    astral ranges would be scanned one by one for every character. A word character is a
    letter, digit or number (``str.isalnum``: categories L and N), a combining mark (M),
    ZWJ or ZWNJ; joiners count only between two such characters that are not decimal
    digits, digit separators only between two decimal digits.
    """
    word: list[int] = []
    letter: list[int] = []
    for cp in range(0x10000):
        cat = unicodedata.category(chr(cp))
        if cat[0] in "LMN":
            word.append(cp)
            if cat != "Nd":
                letter.append(cp)
    joiners = "\u200c\u200d"
    w = f"[{_ranges(word)}{joiners}]"
    x = f"[{_ranges(letter)}{joiners}]"
    glue = rf"(?<={x})[{_WORD_JOINERS}](?={x})|(?<=\d)[{_DIGIT_JOINERS}](?=\d)"
    return re.compile(rf"{w}+(?:(?:{glue}){w}+)*|[^\s{_GAPS}]")


def fast_tokenize(text: str) -> list[Token]:
    """Exactly ``arabic.tokenize(text)``: words, and single other characters."""
    if _ASTRAL.search(text):
        return tokenize(text)  # astral characters (emoji, rare scripts): the plain loop
    return [m.span() for m in _token_pattern().finditer(text)]


def fast_tokenize_clitics(text: str) -> list[Token]:
    """Exactly ``arabic.tokenize_clitics(text)``, splitting only words that may carry one."""
    out: list[Token] = []
    for start, end in fast_tokenize(text):
        first = text[start]
        if first in _CLITIC_FIRST or unicodedata.category(first) in ("Mn", "Mc", "Me", "Lm", "Cf"):
            out.extend((start + s, start + e) for s, e in tokenize_clitics(text[start:end]))
        else:
            out.append((start, end))
    return out


def stored_tokens(meta: dict[str, Any], text: str) -> list[Token] | None:
    """The document's own tokens from ``meta["tokens"]`` when they fit its text, else None."""
    raw = meta.get(TOKENS_META)
    if not isinstance(raw, list) or not raw:
        return None
    out: list[Token] = []
    last = 0
    size = len(text)
    for item in raw:
        if not (isinstance(item, list | tuple) and len(item) == 2):
            return None
        start, end = item
        if not (type(start) is int and type(end) is int and last <= start < end <= size):
            return None
        out.append((start, end))
        last = end
    return out


def document_words(record: DocumentRecord, *, clitics: bool = False) -> list[Token]:
    """The words of a record: its own (CoNLL) tokens, else the Arabic-aware tokenizer's."""
    own = stored_tokens(record.meta, record.text)
    if own is not None:
        return own
    return fast_tokenize_clitics(record.text) if clitics else fast_tokenize(record.text)


def sentence_starts(text: str, words: Sequence[Token]) -> list[int]:
    """Indices of the words that begin a sentence: the first, and any after a newline."""
    starts = [0] if words else []
    for i in range(1, len(words)):
        if "\n" in text[words[i - 1][1] : words[i][0]]:
            starts.append(i)
    return starts


@dataclass(frozen=True, slots=True)
class SpanTokens:
    """A span that falls on word boundaries: its index and first and last word."""

    index: int
    first: int
    last: int


def align_spans(
    record: DocumentRecord, words: Sequence[Token]
) -> tuple[list[SpanTokens | None], list[int]]:
    """Map each span to its first and last word; return them and the misaligned spans.

    A span whose start is not a word's start or whose end is not a word's end maps to
    None (and is listed); it is never moved to the nearest boundary.
    """
    first_of = {start: i for i, (start, _end) in enumerate(words)}
    last_of = {end: i for i, (_start, end) in enumerate(words)}
    out: list[SpanTokens | None] = []
    bad: list[int] = []
    for index, span in enumerate(record.spans):
        first = first_of.get(span.start)
        last = last_of.get(span.end)
        if first is None or last is None or last < first:
            out.append(None)
            bad.append(index)
        else:
            out.append(SpanTokens(index, first, last))
    return out, bad


def describe_span(record: DocumentRecord, index: int) -> str:
    """``document 12 (alice): span [4, 10) PER 'text'`` for problem reports."""
    span = record.spans[index]
    who = f" ({record.annotator})" if record.annotator else ""
    return (
        f"document {record.document_id}{who}: span [{span.start}, {span.end}) {span.label} "
        f"{record.text[span.start : span.end]!r}"
    )


def spacy_tokens(
    text: str, words: Sequence[Token]
) -> tuple[list[tuple[int, int, bool]], list[int]]:
    """spaCy-style tokens ``(start, end, ws)`` covering the text, and each word's token index.

    Between words, a single space becomes the ``ws`` flag of the token before it; any other
    run of white space is one token (``ws`` false), like ``spacy.blank`` does with "\\n" or
    a second space; other characters left between words (invisible marks) are tokens too.
    """
    tokens: list[tuple[int, int, bool]] = []
    index: list[int] = []
    pos = 0
    for start, end in words:
        if start > pos:
            _gap(text, pos, start, tokens)
        index.append(len(tokens))
        tokens.append((start, end, False))
        pos = end
    if pos < len(text):
        _gap(text, pos, len(text), tokens)
    return tokens, index


def _gap(text: str, pos: int, stop: int, tokens: list[tuple[int, int, bool]]) -> None:
    """Append the tokens of the gap ``text[pos:stop]`` between two words."""
    if stop - pos == 1 and text[pos] == " " and tokens:
        start, end, _ws = tokens[-1]
        tokens[-1] = (start, end, True)
        return
    while pos < stop:
        space = text[pos].isspace()
        end = pos + 1
        while end < stop and text[end].isspace() == space:
            end += 1
        if space and text[pos] == " " and tokens and not text[tokens[-1][0]].isspace():
            start, last, _ws = tokens[-1]
            tokens[-1] = (start, last, True)
            pos += 1
            if pos == end:
                continue
        tokens.append((pos, end, False))
        pos = end
