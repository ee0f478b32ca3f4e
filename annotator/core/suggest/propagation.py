"""Propagation: what the team already labelled, suggested wherever it occurs again.

The dictionary is built from done and gold layers: each entity span's words (by search
key) with the labels given to them. Its score for a phrase is how often the phrase was
labelled where it occurred in those documents (a word labelled once and left alone fifty
times scores low), times the share of its most frequent label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.core.formats.tokens import Words
from annotator.core.suggest.base import PROPAGATION, LabelledText, Suggestion
from annotator.core.suggest.phrases import PhraseTable, phrase_key

MIN_SCORE = 0.3
"""Phrases labelled in fewer than this share of their occurrences are not suggested."""


@dataclass(slots=True)
class Propagation:
    """The team's labelled phrases and how often each was labelled where it occurred.

    ``own`` keeps, per document id, what that document's layers added (labels given, and
    occurrences seen), so that a document is offered what was labelled in *other*
    documents: never a copy of its own layers (a colleague's, in blind mode).
    """

    table: PhraseTable = field(default_factory=PhraseTable)
    seen: Counter[tuple[str, ...]] = field(default_factory=Counter)
    suggester: str = PROPAGATION
    own: dict[int, _Own] = field(default_factory=dict)

    @classmethod
    def build(
        cls, documents: Iterable[LabelledText], ids: Sequence[int] | None = None
    ) -> Propagation:
        """Learn the phrases of ``documents``' spans and count their occurrences there;
        ``ids`` (one per document) let ``suggest`` leave a document's own out."""
        docs = list(documents)
        doc_ids: list[int | None] = list(ids) if ids is not None else [None] * len(docs)
        table = PhraseTable()
        own: dict[int, _Own] = {}
        keys: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per phrase
        for doc, doc_id in zip(docs, doc_ids, strict=True):
            for start, end, label in doc.spans:
                key = phrase_key(doc.text[start:end])
                if key and any(len(k) > 1 for k in key):
                    key = keys.setdefault(key, key)
                    table.add(key, label)
                    if doc_id is not None:
                        own.setdefault(doc_id, _Own()).labels[key, label] += 1
        seen: Counter[tuple[str, ...]] = Counter()
        for doc, doc_id in zip(docs, doc_ids, strict=True):
            mine = own.get(doc_id) if doc_id is not None else None
            # Only the phrases it labelled: those it left alone stay counted as
            # occurrences left alone (they can only lower a score).
            labelled = mine.phrases() if mine is not None else set()
            for _s, _e, key in table.find(doc.text):
                seen[key] += 1
                if mine is not None and key in labelled:
                    mine.seen[key] += 1
        return cls(table, seen, PROPAGATION, own)

    def score(
        self, key: tuple[str, ...], document_id: int | None = None
    ) -> tuple[str, float] | None:
        """The label of a phrase and its score (None: known from that document alone)."""
        mine = self.own.get(document_id) if document_id is not None else None
        if mine is None:
            label, share = self.table.label_of(key)
            labelled = sum(self.table.labels[key].values())
            occurrences = max(self.seen.get(key, 0), labelled)
            return label, share * labelled / occurrences
        counts = Counter(
            {lab: n - mine.labels[key, lab] for lab, n in self.table.labels[key].items()}
        )
        counts = +counts  # labels given elsewhere only
        if not counts:
            return None
        label, top = counts.most_common(1)[0]
        labelled = sum(counts.values())
        occurrences = max(self.seen.get(key, 0) - mine.seen[key], labelled)
        return label, top / labelled * labelled / occurrences

    def suggest(
        self, text: str, words: Words | None = None, document_id: int | None = None
    ) -> list[Suggestion]:
        """Suggestions for ``text`` (the document ``document_id``, if stored): each phrase
        labelled elsewhere found in it, scored."""
        out: list[Suggestion] = []
        for start, end, key in self.table.find(text, words):
            scored = self.score(key, document_id)
            if scored is None:
                continue
            label, score = scored
            if score >= MIN_SCORE:
                out.append(Suggestion(start, end, label, round(score, 3), self.suggester))
        return out


@dataclass(slots=True)
class _Own:
    """What one document's layers gave propagation: labels per (phrase, label), and the
    occurrences of those phrases counted in its text."""

    labels: Counter[tuple[tuple[str, ...], str]] = field(default_factory=Counter)
    seen: Counter[tuple[str, ...]] = field(default_factory=Counter)

    def phrases(self) -> set[tuple[str, ...]]:
        """The phrases this document labelled."""
        return {key for key, _label in self.labels}
