"""How much a document would teach the current model: an uncertainty score from 0 to 1.

Active learning puts the documents the model is least sure about first, so an annotator's
work corrects the model where it is weakest (uncertainty sampling, as INCEpTION's
active-learning sidebar and Prodigy's ``ner.teach`` do it for single suggestions).

- **Entities** (the CRF): for each word, the entropy of its tag marginals (scaled to 0..1
  by the log of the number of tags); a document's score is the mean of its
  ``TOP_WORDS`` most uncertain words. Marginals rather than the best sequence's
  confidence, because a name the model doubts about but still tags ``O`` is exactly what
  it misses (recall is its weakness). The top words rather than all: a news article is
  hundreds of easy words ("في", "قال"), and their mean would rank articles by length and
  style rather than by the few doubtful names; the single most uncertain word would rank by
  one stray token. Ten words say how many doubtful places an article has, whatever its length.
- **Topics** (the linear classifier): one minus the margin between the two best topics'
  scores (a softmax of the SVM margins, as the Topics panel shows them): 1 when the model
  cannot choose between two topics, near 0 when one topic clearly wins.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.formats.tokens import Token
from annotator.core.suggest.base import LabelledText

if TYPE_CHECKING:  # NumPy and scikit-learn load only when topics are scored
    from annotator.core.suggest.entity_model import EntityModel
    from annotator.core.suggest.topic_model import TopicModel

TOP_WORDS = 10
"""A document's entity uncertainty is the mean over this many of its most uncertain words."""
KINDS = ("entity", "topic")


def top_mean(values: Sequence[float], top: int = TOP_WORDS) -> float:
    """The mean of the ``top`` largest values (of all when fewer; 0 for none)."""
    if not values:
        return 0.0
    best = heapq.nlargest(top, values)
    return sum(best) / len(best)


def entity_uncertainty(model: EntityModel, text: str, tokens: list[Token] | None = None) -> float:
    """A document's entity uncertainty: the mean marginal entropy of its most uncertain words."""
    from annotator.core.suggest.entity_model import prepare

    prepared = prepare(LabelledText(text, [], tokens))
    return round(top_mean(model.word_entropies(prepared)), 6)


def topic_uncertainty(model: TopicModel, texts: Sequence[str]) -> list[float]:
    """Each text's topic uncertainty: 1 minus the gap between its two best topic scores."""
    if not texts:
        return []
    probs = model.probabilities(texts)
    if probs.shape[1] < 2:
        return [0.0] * len(texts)
    import numpy as np

    two = np.sort(probs, axis=1)[:, -2:]
    return [round(float(1.0 - (best - second)), 6) for second, best in two]
