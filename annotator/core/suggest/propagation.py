"""Propagation: what the team already labelled, suggested wherever it occurs again.

The dictionary is built from done and gold layers: each entity span's words (by search
key) with the labels given to them. Its score for a phrase is how often the phrase was
labelled where it occurred in those documents (a word labelled once and left alone fifty
times scores low), times the share of its most frequent label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.formats.tokens import Words
from annotator.core.suggest.base import PROPAGATION, LabelledText, Suggestion
from annotator.core.suggest.phrases import PhraseTable, phrase_key

MIN_SCORE = 0.3
"""Phrases labelled in fewer than this share of their occurrences are not suggested."""


@dataclass(slots=True)
class Propagation:
    """The team's labelled phrases and how often each was labelled where it occurred."""

    table: PhraseTable = field(default_factory=PhraseTable)
    seen: Counter[tuple[str, ...]] = field(default_factory=Counter)
    suggester: str = PROPAGATION

    @classmethod
    def build(cls, documents: Iterable[LabelledText]) -> Propagation:
        """Learn the phrases of ``documents``' spans and count their occurrences there."""
        docs = list(documents)
        table = PhraseTable()
        for doc in docs:
            for start, end, label in doc.spans:
                key = phrase_key(doc.text[start:end])
                if key and any(len(k) > 1 for k in key):
                    table.add(key, label)
        seen: Counter[tuple[str, ...]] = Counter()
        for doc in docs:
            for _s, _e, key in table.find(doc.text):
                seen[key] += 1
        return cls(table, seen)

    def score(self, key: tuple[str, ...]) -> tuple[str, float]:
        """The label of a phrase and its score."""
        label, share = self.table.label_of(key)
        labelled = sum(self.table.labels[key].values())
        occurrences = max(self.seen.get(key, 0), labelled)
        return label, share * labelled / occurrences

    def suggest(self, text: str, words: Words | None = None) -> list[Suggestion]:
        """Suggestions for ``text``: each known phrase found in it, scored."""
        out: list[Suggestion] = []
        for start, end, key in self.table.find(text, words):
            label, score = self.score(key)
            if score >= MIN_SCORE:
                out.append(Suggestion(start, end, label, round(score, 3), self.suggester))
        return out
