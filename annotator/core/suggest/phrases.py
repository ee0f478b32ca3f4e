"""Find known phrases in a text by search key, a proclitic on the first word allowed.

A phrase is a run of words compared by ``search_key`` (harakat, tatweel, hamza forms,
ta marbuta and alef maqsura blind). The first word of an occurrence may carry proclitics
(و ف then ب ل ك): a known "بروكسل" is found in "وبروكسل" and the match starts after the و.
Longest match first, left to right, matches never overlap nor cross a line break.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from annotator.core.formats.tokens import Words
from annotator.core.suggest.base import clitic_variants, word_key


def phrase_key(text: str) -> tuple[str, ...]:
    """The search keys of a phrase's words, as matching compares them."""
    words = Words.split(text)
    return tuple(k for k in map(word_key, words.texts) if k)


def crosses_line(text: str, words: Words, i: int, n: int) -> bool:
    """Whether the ``n`` words from word ``i`` cross a line break (a paragraph's end: no
    name goes on past it)."""
    return n > 1 and "\n" in text[words.ends[i] : words.starts[i + n - 1]]


def cut_offset(word: str, letters: int) -> int:
    """The offset in ``word`` after its first ``letters`` letters (marks with them)."""
    if letters == 0:
        return 0
    seen = 0
    for i, ch in enumerate(word):
        if word_key(ch):
            if seen == letters:
                return i
            seen += 1
    return len(word)


@dataclass(slots=True)
class PhraseTable:
    """Phrases (tuples of word keys) with the labels each was given and how often."""

    labels: dict[tuple[str, ...], Counter[str]] = field(default_factory=dict)
    _lengths: dict[str, set[int]] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], label: str, count: int = 1) -> None:
        """Count ``key`` once more (or ``count`` times) under ``label``."""
        if not key:
            return
        self.labels.setdefault(key, Counter())[label] += count
        self._lengths.setdefault(key[0], set()).add(len(key))

    def __len__(self) -> int:
        return len(self.labels)

    def __contains__(self, key: object) -> bool:
        return key in self.labels

    def find(
        self, text: str, words: Words | None = None
    ) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        """Yield ``(start, end, key)`` of each occurrence, longest first, left to right."""
        words = words if words is not None else Words.split(text)
        keys = [word_key(w) for w in words.texts]
        lengths = self._lengths
        labels = self.labels
        i = 0
        size = len(keys)
        while i < size:
            best: tuple[int, int, tuple[str, ...]] | None = None
            for cut, first in clitic_variants(keys[i]):
                for n in sorted(lengths.get(first, ()), reverse=True):
                    if i + n > size or (best is not None and n <= best[0]):
                        continue
                    key = (first, *keys[i + 1 : i + n])
                    if key in labels and not crosses_line(text, words, i, n):
                        best = (n, cut, key)
                        break
            if best is None:
                i += 1
                continue
            n, cut, key = best
            start = words.starts[i] + cut_offset(words.texts[i], cut)
            yield start, words.ends[i + n - 1], key
            i += n

    def label_of(self, key: tuple[str, ...]) -> tuple[str, float]:
        """The most frequent label of a phrase and its share of the phrase's labels."""
        counts = self.labels[key]
        label, top = counts.most_common(1)[0]
        return label, top / sum(counts.values())


def table_of(items: Iterable[tuple[str, str]]) -> PhraseTable:
    """A table from ``(phrase text, label)`` pairs."""
    table = PhraseTable()
    for text, label in items:
        table.add(phrase_key(text), label)
    return table
