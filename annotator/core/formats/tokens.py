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
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import accumulate, chain
from typing import Any, NamedTuple, overload

from annotator.core.arabic import tokenize, tokenize_clitics
from annotator.core.model import DocumentRecord
from annotator.core.offsets import has_astral

TOKENS_META = "tokens"
"""Meta key of a document's own tokenisation: ``[[start, end], ...]`` into its text."""

Token = tuple[int, int]

# The same character classes as annotator.core.arabic (word joiners, digit joiners, gaps).
_WORD_JOINERS = "'\u2019\u02bc\\-\u2010\u2011"
_DIGIT_JOINERS = ".,\u066b\u066c"
GAPS = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
"""Invisible marks that separate tokens like white space (as in ``arabic.tokenize``)."""
_CLITIC_FIRST = frozenset("وفبلك")


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
def _parts() -> tuple[str, str]:
    """The regex parts of the tokenizer: a word character, and a joiner inside a word.

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
    return w, glue


def word_class() -> str:
    """The regex class of a word character (BMP only): letters, marks, numbers, ZWJ, ZWNJ."""
    return _parts()[0]


def glue_pattern() -> str:
    """The regex of a joiner that glues two words into one token (a look-around each side)."""
    return _parts()[1]


@cache
def token_pattern() -> re.Pattern[str]:
    """The tokenizer's regex for text within the BMP (``arabic.tokenize`` as one pattern).

    Possessive repeats and a look-ahead for a joiner before the glue's look-behinds make
    ``re`` give up at once after a word (the usual case: a space follows), with no
    backtracking state; the matches are those of the plain greedy pattern.
    """
    w, glue = _parts()
    joiner = f"[{_WORD_JOINERS}{_DIGIT_JOINERS}]"
    return re.compile(rf"{w}++(?:(?={joiner})(?:{glue}){w}++)*+|[^\s{GAPS}]")


@cache
def split_pattern() -> re.Pattern[str]:
    """The token pattern as one capturing group: ``split`` gives gaps and words in turn."""
    return re.compile(f"({token_pattern().pattern})")


def fast_tokenize(text: str) -> list[Token]:
    """Exactly ``arabic.tokenize(text)``: words, and single other characters."""
    return Words.split(text).pairs()


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


class PackedTokens(Sequence[Token]):
    """A document's tokens in one array of offsets (start, end, start, end ...).

    About 8 bytes a token where a list of ``(start, end)`` tuples takes about 120; what a
    training holds for each of its documents (150,000 tokens: 1.2 MB rather than 18 MB),
    and what it sends to a worker process.
    """

    __slots__ = ("_offsets",)

    def __init__(self, tokens: Iterable[Token] = ()) -> None:
        self._offsets = array("i", chain.from_iterable(tokens))  # a text < 2**31 characters

    def __len__(self) -> int:
        return len(self._offsets) // 2

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("token index out of range")
        return self._offsets[2 * index], self._offsets[2 * index + 1]

    def __iter__(self) -> Iterator[Token]:
        offsets = iter(self._offsets)
        return zip(offsets, offsets, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedTokens):
            return self._offsets == other._offsets
        if isinstance(other, Sequence):
            return list(self) == [tuple(t) for t in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedTokens({list(self)!r})"


class Words:
    """A document's words as parallel lists of offsets and texts, and the gaps around them.

    ``gaps[k]`` is the text before word k and ``gaps[-1]`` the text after the last word,
    so ``gaps[0] + texts[0] + gaps[1] + ... + texts[-1] + gaps[-1]`` is the whole text.
    """

    __slots__ = ("_gaps", "ends", "starts", "text", "texts")

    def __init__(self, text: str, starts: list[int], ends: list[int], texts: list[str]) -> None:
        self.text = text
        self.starts = starts
        self.ends = ends
        self.texts = texts
        self._gaps: list[str] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Words):
            return NotImplemented
        return (self.text, self.starts, self.ends) == (other.text, other.starts, other.ends)

    __hash__ = None  # type: ignore[assignment]

    @property
    def gaps(self) -> list[str]:
        """The texts between the words (``len(self) + 1`` of them), cut once when asked."""
        if self._gaps is None:
            cut = self.text.__getitem__
            self._gaps = list(
                map(cut, map(slice, chain((0,), self.ends), chain(self.starts, (len(self.text),))))
            )
        return self._gaps

    @classmethod
    def of(cls, text: str, tokens: Sequence[Token]) -> Words:
        """Words from ``(start, end)`` tokens (sorted, not overlapping)."""
        starts = [s for s, _e in tokens]
        ends = [e for _s, e in tokens]
        return cls(text, starts, ends, list(map(text.__getitem__, map(slice, starts, ends))))

    @classmethod
    def split(cls, text: str) -> Words:
        """The tokenizer's words (exactly ``arabic.tokenize``), by one ``re.split``.

        The split gives the words and the gaps between them as strings, and the running
        sum of their lengths the offsets, all in C; astral text takes the plain loop.
        """
        if has_astral(text):
            return cls.of(text, tokenize(text))
        parts = split_pattern().split(text)
        bounds = list(accumulate(map(len, parts)))
        words = cls(text, bounds[0:-1:2], bounds[1::2], parts[1::2])
        words._gaps = parts[0::2]
        return words

    def pairs(self) -> list[Token]:
        """The words as ``(start, end)`` pairs."""
        return list(zip(self.starts, self.ends, strict=True))


_last_words: tuple[str, bool, object, Words] | None = None


def document_words(record: DocumentRecord, *, clitics: bool = False) -> Words:
    """The words of a record: its own (CoNLL) tokens, else the Arabic-aware tokenizer's.

    The last document's words are kept, so the layers of one document (which an export
    writes one after another) are tokenised once.
    """
    global _last_words
    text = record.text
    raw = record.meta.get(TOKENS_META)
    last = _last_words
    if last is not None and last[1] == clitics and last[2] is raw and last[0] == text:
        return last[3]
    own = stored_tokens(record.meta, text)
    if own is not None:
        words = Words.of(text, own)
    elif clitics:
        words = Words.of(text, fast_tokenize_clitics(text))
    else:
        words = Words.split(text)
    _last_words = (text, clitics, raw, words)
    return words


def sentence_starts(text: str, words: Words) -> list[int]:
    """Indices of the words that begin a sentence: the first, and any after a newline.

    Looks only at the newlines (by bisection into the word starts), not at every gap.
    """
    starts, ends = words.starts, words.ends
    if not starts:
        return []
    out = [0]
    pos = text.find("\n", ends[0])
    while pos != -1:
        # The first word starting after the newline (a newline inside a word splits nothing).
        i = bisect_left(starts, pos)
        if i >= len(starts):
            break
        if ends[i - 1] <= pos and i != out[-1]:
            out.append(i)
        pos = text.find("\n", ends[i])
    return out


class SpanTokens(NamedTuple):
    """A span that falls on word boundaries: its index and first and last word."""

    span: int
    first: int
    last: int


def align_spans(record: DocumentRecord, words: Words) -> tuple[list[SpanTokens | None], list[int]]:
    """Map each span to its first and last word; return them and the misaligned spans.

    A span whose start is not a word's start or whose end is not a word's end maps to
    None (and is listed); it is never moved to the nearest boundary.
    """
    out: list[SpanTokens | None] = []
    bad: list[int] = []
    starts, ends = words.starts, words.ends
    size = len(starts)
    for index, span in enumerate(record.spans):
        first = bisect_left(starts, span.start)
        last = bisect_left(ends, span.end)
        if first < size and last < size and starts[first] == span.start and ends[last] == span.end:
            out.append(SpanTokens(index, first, last))
        else:
            out.append(None)
            bad.append(index)
    return out, bad


def describe_span(record: DocumentRecord, index: int) -> str:
    """``document 12 (alice): span [4, 10) PER 'text'`` for problem reports."""
    span = record.spans[index]
    who = f" ({record.annotator})" if record.annotator else ""
    return (
        f"document {record.document_id}{who}: span [{span.start}, {span.end}) {span.label} "
        f"{record.text[span.start : span.end]!r}"
    )


def spacy_tokens(words: Words) -> tuple[list[tuple[str, int, int, bool]], list[int]]:
    """spaCy-style tokens ``(text, start, end, ws)`` covering the text, and each word's index.

    Between words, a single space becomes the ``ws`` flag of the token before it; any other
    run of white space is one token (``ws`` false), like ``spacy.blank`` does with "\\n" or
    a second space; other characters left between words (invisible marks) are tokens too.
    """
    texts, starts, ends, gaps = words.texts, words.starts, words.ends, words.gaps
    size = len(texts)
    ws = [g == " " for g in gaps[1:]]
    # Gaps other than one space after a word (a text may also start with a space).
    odd = [k for k, g in enumerate(gaps) if g and (g != " " or k == 0)]
    if not odd:  # every gap is one space or nothing: the tokens are the words
        return list(zip(texts, starts, ends, ws, strict=True)), list(range(size))
    tokens: list[tuple[str, int, int, bool]] = []
    index: list[int] = []
    done = 0
    for k in odd:
        if k > done:  # the words before this gap, as they are
            index.extend(range(len(tokens), len(tokens) + k - done))
            tokens.extend(zip(texts[done:k], starts[done:k], ends[done:k], ws[done:k], strict=True))
        before = ends[k - 1] if k else 0
        gap_tokens(gaps[k], before, tokens, k > 0)
        done = k
    if done < size:
        index.extend(range(len(tokens), len(tokens) + size - done))
        tokens.extend(zip(texts[done:], starts[done:], ends[done:], ws[done:], strict=True))
    return tokens, index


def gap_tokens(
    gap: str, pos: int, tokens: list[tuple[str, int, int, bool]], after_word: bool
) -> None:
    """Append the tokens of one gap (at ``pos``) that is neither empty nor a single space.

    When the gap follows a word and starts with a space, that space is the word's ``ws``
    (the word's tuple, already appended, gets ``ws`` true).
    """
    i, stop = 0, len(gap)
    while i < stop:
        space = gap[i].isspace()
        j = i + 1
        while j < stop and gap[j].isspace() == space:
            j += 1
        if space and gap[i] == " " and tokens and (i > 0 or after_word):
            text, start, end, _ws = tokens[-1]
            if not text.isspace():
                tokens[-1] = (text, start, end, True)
                i += 1
                if i == j:
                    continue
        tokens.append((gap[i:j], pos + i, pos + j, False))
        i = j
