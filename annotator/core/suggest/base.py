"""What every suggester hands out and takes in: suggestions, labelled documents, word keys."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from annotator.core.arabic import search_key
from annotator.core.formats.tokens import Token, fast_tokenize_clitics, stored_tokens

PROPAGATION = "propagation"
DICTIONARY = "dictionary"
MODEL = "model"
QUOTES = "quotes"
TOPICS = "topics"
SUGGESTERS = (PROPAGATION, DICTIONARY, MODEL, QUOTES, TOPICS)
"""The suggesters' names, as the interface, the audit log and exports show them."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed span ``[start, end)`` with its label, score (0..1) and suggester.

    ``speaker`` is a quote's proposed speaker span ``(start, end, label)``, if any.
    """

    start: int
    end: int
    label: str
    score: float
    suggester: str
    version: str = ""
    speaker: tuple[int, int, str] | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        """The span identity ``(start, end, label)`` (as layers and rejections know it)."""
        return (self.start, self.end, self.label)


@dataclass(frozen=True, slots=True)
class TopicSuggestion:
    """A proposed document topic with its score (0..1)."""

    label: str
    score: float
    suggester: str = TOPICS
    version: str = ""


@dataclass(slots=True)
class LabelledText:
    """A document's text with its entity spans ``(start, end, label)`` (training material).

    ``tokens`` are the document's own tokens (CoNLL) when it has them.
    """

    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    tokens: Sequence[Token] | None = None
    topics: list[str] = field(default_factory=list)


def words_of(text: str, meta: dict[str, object] | None = None) -> list[Token]:
    """The words suggesters work on: a document's own tokens, else the clitic-splitting ones.

    Splitting و ف ب ل ك off lets a span that leaves a proclitic out ("بروكسل" in
    "وبروكسل") fall on word edges.
    """
    own = stored_tokens(dict(meta or {}), text) if meta else None
    return own if own is not None else fast_tokenize_clitics(text)


_CONJ = "وف"
_PREP = "بلك"


def clitic_variants(key: str) -> list[tuple[int, str]]:
    """``(letters cut, rest)`` for a folded word and each proclitic reading of it.

    The whole word first, then without و/ف, then also without ب/ل/ك: "وبروكسل" gives
    (0, وبروكسل), (1, بروكسل), (2, روكسل). A rest keeps at least two letters. ل + ال
    is written لل with the article's alif elided: "وللطاقه" is also read as (1, الطاقه),
    so a known "الطاقة" is found as the whole "للطاقة" (as ``strip_proclitics`` keeps it:
    "لطاقة" is no word).
    """
    out = [(0, key)]
    n = 0
    if len(key) > 3 and key[0] in _CONJ:
        n = 1
        out.append((1, key[1:]))
    if len(key) - n > 3 and key.startswith("لل", n):
        out.append((n, "ال" + key[n + 2 :]))
    if len(key) - n > 3 and key[n] in _PREP:
        out.append((n + 1, key[n + 1 :]))
    return out


def stem_key(key: str) -> str:
    """A folded word without its proclitics and article: "وبالطاقه" -> "طاقه"."""
    rest = key
    if len(rest) > 3 and rest[0] in _CONJ:
        rest = rest[1:]
    if len(rest) > 3 and rest[0] in _PREP:
        rest = rest[1:]
    if (len(rest) > 4 and rest.startswith("ال")) or (len(rest) > 3 and rest.startswith("لل")):
        rest = rest[2:]
    return rest


def word_key(word: str) -> str:
    """The search key of a word (harakat, tatweel, hamza, ta marbuta, alef maqsura blind)."""
    return search_key(word)


def snap_to_tokens(found: Iterable[Suggestion], tokens: Sequence[Token]) -> list[Suggestion]:
    """Each suggestion widened to the whole tokens it touches (a document's own, sorted).

    A document imported with its tokens (CoNLL, Prodigy) has its spans on them: a known
    "بروكسل" found after the و of the token "وبروكسل" becomes the whole token, as the
    corpus labels it and as token formats can export it. A suggestion in a gap between
    tokens keeps that edge.
    """
    starts = [start for start, _end in tokens]
    out: list[Suggestion] = []
    for s in found:
        start, end = s.start, s.end
        i = bisect_right(starts, start) - 1  # the token starting at or before the start
        if i >= 0 and tokens[i][1] > start:
            start = tokens[i][0]
        j = bisect_left(starts, end) - 1  # the last token starting before the end
        if j >= 0 and tokens[j][1] > end:
            end = tokens[j][1]
        out.append(s if (start, end) == (s.start, s.end) else replace(s, start=start, end=end))
    return out


def merge(
    groups: Iterable[Iterable[Suggestion]],
    existing: Iterable[tuple[int, int]] = (),
    rejected: Collection[tuple[int, int, str]] = (),
) -> list[Suggestion]:
    """One list from several suggesters' suggestions, earlier groups first.

    A suggestion is dropped when it was rejected, overlaps a span the layer already has
    (``existing``: spans of the same kind) or overlaps one kept from an earlier group.
    """
    taken = sorted(existing)
    out: list[Suggestion] = []
    for group in groups:
        for s in group:
            if s.key in rejected:
                continue
            # Only intervals starting before this one ends can overlap it.
            stop = bisect_left(taken, (s.end, -1))
            if any(b > s.start for _a, b in taken[:stop]):
                continue
            insort(taken, (s.start, s.end))
            out.append(s)
    out.sort(key=lambda s: (s.start, s.end))
    return out
