"""The document-topic classifier: TF-IDF over character n-grams with a linear model.

Character n-grams (2 to 5, inside word edges, over the search key of the text) see through
Arabic's clitics and inflection without a stemmer. The first line (a news article's title)
is counted twice. The n-grams are hashed into a fixed space (no vocabulary to store),
weighted by sublinear TF times IDF, and a one-vs-rest linear SVM with balanced class weights
(the classes are unbalanced, so the rare ones are not drowned) scores each topic; scores are
a softmax of the margins. Balanced weights lift the rare topics at the cost of the frequent
ones (a news site's catch-all "local news"), so training then shifts each topic's margin by
an offset chosen on the training texts alone: the offsets that maximise accuracy + 2 x macro
F1 of the predictions of 3-fold cross-validation. They are added to the intercepts, so
predicting costs nothing more and the stored arrays keep their shape. The model serialises
to bytes of NumPy arrays (no pickle), so the database can keep it; the header names the
n-gram range and title weight, so a model of an earlier setting still reads its texts the
way it was trained.
"""

from __future__ import annotations

import io
import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from annotator.core.arabic import search_key
from annotator.core.suggest.base import TopicSuggestion

FORMAT = "annotator-topics-1"
N_FEATURES = 2**18
NGRAMS = (2, 5)
TITLE_WEIGHT = 1  # the first line's n-grams are counted this many times more
MIN_DF = 3  # an n-gram must be in this many documents (chosen by cross-validation)
SMALL = 200  # below this many documents, n-grams of two documents are kept
SOFTMAX_SCALE = 3.0  # margins times this before the softmax (scores read as probabilities)
CHUNK = 200  # documents vectorised at once (memory: only the weighted matrix is whole)
FOLDS = 3  # cross-validation folds of the training texts that choose the margin offsets
OFFSETS = np.linspace(-0.6, 0.6, 25)  # the offsets tried for each topic (steps of 0.05)
F1_WEIGHT = 2  # the offsets maximise accuracy + this x macro F1
# Settings of models whose header does not name them (the first version).
_FIRST = {"ngrams": [3, 5], "title": 0}


def _vectorizer(ngrams: tuple[int, int] = NGRAMS) -> HashingVectorizer:
    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=ngrams,
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        preprocessor=search_key,
        dtype=np.float32,
    )


def _counts(texts: Sequence[str], ngrams: tuple[int, int], title: int) -> Any:
    """The hashed n-gram counts of texts, the first line's counted ``1 + title`` times."""
    vec = _vectorizer(ngrams)
    counts = vec.transform(texts)
    if title:
        counts = counts + title * vec.transform([t.split("\n", 1)[0] for t in texts])
    return counts


def _weigh(counts: Any, idf: np.ndarray) -> Any:
    """Sublinear TF times IDF, rows scaled to unit length, in place (memory: one matrix).

    An n-gram whose IDF is 0 (pruned in training: seen in too few documents) drops out.
    """
    x = counts.tocsr()
    np.log(x.data, out=x.data)
    x.data += 1.0
    x.data *= idf[x.indices]
    x.eliminate_zeros()
    normalize(x, norm="l2", copy=False)
    return x


@dataclass(slots=True)
class TopicReport:
    """What a topic training run used."""

    documents: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


class TopicModel:
    """IDF weights and one linear scorer per topic."""

    def __init__(
        self,
        classes: list[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        info: dict[str, Any],
    ) -> None:
        self.classes = classes
        self.idf = idf
        self.coef = coef
        self.intercept = intercept
        self.info = info
        settings = {**_FIRST, **info.get("features", {})}
        self.ngrams: tuple[int, int] = (int(settings["ngrams"][0]), int(settings["ngrams"][1]))
        self.title = int(settings["title"])

    @property
    def version(self) -> str:
        """The model's version string (set by whoever stores it)."""
        return str(self.info.get("version", ""))

    def margins(self, texts: Sequence[str]) -> np.ndarray:
        """The raw margin of each topic for each text (rows: texts)."""
        return self._margins(_weigh(_counts(texts, self.ngrams, self.title), self.idf))

    def _margins(self, x: Any) -> np.ndarray:
        """The margins of weighted feature rows ``x``."""
        if len(self.classes) == 2 and self.coef.shape[0] == 1:
            m = np.asarray(x @ self.coef.T).ravel() + self.intercept[0]
            return np.stack([-m, m], axis=1)
        out: np.ndarray = np.asarray(x @ self.coef.T) + self.intercept
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The best topic of each text."""
        return [self.classes[i] for i in self.margins(texts).argmax(axis=1)]

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Each topic's score for each text (rows: texts, summing to 1): a softmax of the
        margins, as suggestions show them."""
        return _softmax(self.margins(texts))

    def suggest(self, text: str, top: int = 3) -> list[TopicSuggestion]:
        """The ``top`` topics of a text, best first, each with a softmax score; none for a
        text with no n-gram the model weighs (an emoji, words no training text had): its
        margins would be the intercepts alone, a guess from no evidence."""
        x = _weigh(_counts([text], self.ngrams, self.title), self.idf)
        if not x.nnz:
            return []
        p = _softmax(self._margins(x))[0]
        order = np.argsort(-p)[:top]
        return [
            TopicSuggestion(self.classes[i], round(float(p[i]), 3), version=self.version)
            for i in order
        ]

    def to_bytes(self) -> bytes:
        """The model as an ``.npz`` of plain arrays (no pickle)."""
        buf = io.BytesIO()
        header = json.dumps({"format": FORMAT, "classes": self.classes, "info": self.info})
        np.savez_compressed(
            buf,
            header=np.frombuffer(header.encode(), dtype=np.uint8),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TopicModel:
        """Read a model written by ``to_bytes``; ValueError when it is not one."""
        try:
            arrays = np.load(io.BytesIO(data), allow_pickle=False)
            header = json.loads(bytes(arrays["header"]).decode())
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError("not an annotator topic model") from exc
        if header.get("format") != FORMAT:
            raise ValueError(f"unknown topic model format {header.get('format')!r}")
        return cls(
            list(header["classes"]),
            arrays["idf"],
            arrays["coef"],
            arrays["intercept"],
            header["info"],
        )


def _softmax(m: np.ndarray) -> np.ndarray:
    """Rows of margins as scores summing to 1 (the scale the suggestions show)."""
    e = np.exp(SOFTMAX_SCALE * (m - m.max(axis=1, keepdims=True)))
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def _features(texts: Sequence[str]) -> tuple[Any, np.ndarray]:
    """The weighted training matrix (float64, as the SVM wants it) and the IDF weights.

    Two passes over the texts, a chunk at a time: the first counts document frequencies,
    the second weighs each chunk; the raw counts of all texts are never held at once.
    """
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    df = np.zeros(N_FEATURES, dtype=np.float32)
    for chunk in chunks:
        df += np.bincount(_counts(chunk, NGRAMS, TITLE_WEIGHT).indices, minlength=N_FEATURES)
    idf = (np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0).astype(np.float32)
    # N-grams of one or two documents: noise, and most of the matrix (a small collection
    # keeps those of two documents).
    idf[df < (MIN_DF if len(texts) >= SMALL else 2)] = 0.0
    del df
    # Each chunk weighed in float32, then copied into one float64 matrix, a chunk at a time
    # (memory: the float32 chunks and the float64 matrix, never two float64 copies).
    parts = [_weigh(_counts(chunk, NGRAMS, TITLE_WEIGHT), idf) for chunk in chunks]
    nnz = sum(part.nnz for part in parts)
    data = np.empty(nnz, dtype=np.float64)
    indices = np.empty(nnz, dtype=np.int32)
    indptr = np.zeros(len(texts) + 1, dtype=np.int64 if nnz > 2**31 - 1 else np.int32)
    at, row = 0, 0
    parts.reverse()
    while parts:
        part = parts.pop()
        data[at : at + part.nnz] = part.data
        indices[at : at + part.nnz] = part.indices
        indptr[row + 1 : row + 1 + part.shape[0]] = part.indptr[1:] + at
        at, row = at + part.nnz, row + part.shape[0]
        del part
    return sp.csr_matrix((data, indices, indptr), shape=(len(texts), N_FEATURES)), idf


def accuracy_and_macro_f1(y: np.ndarray, pred: np.ndarray, k: int) -> tuple[float, float]:
    """Accuracy and macro F1 (over ``k`` classes) of integer predictions."""
    cm = np.bincount(y * k + pred, minlength=k * k).reshape(k, k)
    tp = np.diag(cm).astype(np.float64)
    both = cm.sum(axis=0) + cm.sum(axis=1)
    f1 = np.divide(2 * tp, both, out=np.zeros(k), where=both > 0)
    return float(tp.sum() / len(y)), float(f1.mean())


def choose_offsets(margins: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-class offsets added to ``margins`` (rows: texts) that maximise accuracy +
    F1_WEIGHT x macro F1 against the true classes ``y`` (integers): coordinate ascent over
    OFFSETS, one class at a time, until no change helps (at most three rounds)."""
    k = margins.shape[1]

    def gain(b: np.ndarray) -> float:
        acc, f1 = accuracy_and_macro_f1(y, (margins + b).argmax(axis=1), k)
        return acc + F1_WEIGHT * f1

    best_b = np.zeros(k)
    best = gain(best_b)
    for _ in range(3):
        moved = False
        for j in range(k):
            for value in OFFSETS:
                b = best_b.copy()
                b[j] = value
                g = gain(b)
                if g > best + 1e-9:
                    best, best_b, moved = g, b, True
        if not moved:
            break
    return best_b


def _fit(x: Any, labels: np.ndarray, c: float, rows: Any = None) -> LinearSVC:
    """A balanced linear SVM on the texts ``rows`` (all when None). A fold is fitted as the
    whole matrix with the other texts weighted 0: no copy of its rows (memory)."""
    if rows is None:
        return LinearSVC(C=c, class_weight="balanced").fit(x, labels)
    weight = np.zeros(len(labels))
    weight[rows] = 1.0
    counts = Counter(labels[rows].tolist())
    balanced = {name: len(rows) / (len(counts) * n) for name, n in counts.items()}
    return LinearSVC(C=c, class_weight=balanced).fit(x, labels, sample_weight=weight)


def _all_margins(svm: LinearSVC, x: Any) -> np.ndarray:
    """One margin per class and row of ``x`` (a two-class SVM's single margin m as
    ``[-m, m]``)."""
    m: np.ndarray = np.asarray(x @ svm.coef_.T) + svm.intercept_
    return np.concatenate([-m, m], axis=1) if m.shape[1] == 1 else m


def _cross_validated_offsets(x: Any, labels: np.ndarray, classes: list[str], c: float) -> Any:
    """Offsets chosen on the held-out margins of FOLDS folds of the training texts, or None
    when there are too few texts (or a topic has fewer than FOLDS) to judge them."""
    counts = Counter(labels.tolist())
    if len(labels) < SMALL or min(counts.values()) < FOLDS:
        return None
    held_out = np.zeros((len(labels), len(classes)))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    for fit_rows, test_rows in folds.split(np.zeros(len(labels)), labels):
        # All rows' margins, kept for the held-out ones (no copy of the held-out rows).
        held_out[test_rows] = _all_margins(_fit(x, labels, c, fit_rows), x)[test_rows]
    index = {name: i for i, name in enumerate(classes)}
    return choose_offsets(held_out, np.array([index[name] for name in labels]))


def train(
    texts: Sequence[str], labels: Sequence[str], *, c: float = 0.2
) -> tuple[TopicModel, TopicReport]:
    """Train on texts with one topic each (at least two distinct topics)."""
    began = time.perf_counter()
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError("topic training needs at least two different topics")
    x, idf = _features(texts)
    y = np.array(labels, dtype=object)
    offsets = _cross_validated_offsets(x, y, classes, c)
    svm = _fit(x, y, c)
    del x
    coef = svm.coef_.astype(np.float32)
    intercept = svm.intercept_.astype(np.float32)
    info: dict[str, Any] = {
        "documents": len(texts),
        "labels": dict(Counter(labels)),
        "features": {"ngrams": list(NGRAMS), "title": TITLE_WEIGHT},
    }
    if offsets is not None:
        info["offsets"] = {
            name: round(float(b), 3) for name, b in zip(classes, offsets, strict=True)
        }
        if len(classes) == 2:  # one margin m read as [-m, m]: shift m by half the difference
            intercept[0] += np.float32((offsets[1] - offsets[0]) / 2)
        else:
            intercept += offsets.astype(np.float32)
    report = TopicReport(len(texts), Counter(labels), 0.0)
    model = TopicModel([str(c) for c in svm.classes_], idf, coef, intercept, info)
    report.seconds = time.perf_counter() - began
    return model, report
