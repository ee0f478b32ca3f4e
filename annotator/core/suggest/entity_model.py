"""The learned entity model: a linear-chain CRF (CRFsuite) over Arabic-aware word features.

Words are a document's own tokens, else the clitic-splitting tokenizer's; tags are BIO.
Each word is described by its search key, the key without proclitics and article, its
prefixes and suffixes, its shape, the same for two words either side, and two kinds of
knowledge beyond the sentence:

- a *gazetteer*: the phrases labelled in the training data (matched by search key, a
  proclitic allowed), as B-/I- marks per label. While training, each fold of documents
  sees only the gazetteer of the *other* folds, so the model learns how far to trust a
  gazetteer hit on a name it has not seen, rather than learning that every name is in it.
- *word classes*: each frequent word's most typical neighbours (left and right), learned
  from all the texts given (labelled or not), so unseen names that sit where names sit
  share features, a cheap stand-in for Brown clusters.

The model serialises to bytes (CRFsuite's own file plus a JSON header) so the database
can keep it; loading it needs no pickle.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pycrfsuite

from annotator.core.formats.tokens import Token, Words
from annotator.core.suggest.base import (
    MODEL,
    LabelledText,
    Suggestion,
    stem_key,
    word_key,
    words_of,
)
from annotator.core.suggest.phrases import PhraseTable, phrase_key

FORMAT = "annotator-crf-1"
_MAGIC = b"ANNCRF1\n"
_MAX_SENTENCE = 120
CACHE_WORDS = 200_000
_SENTENCE_END = frozenset(".!?؟\n")

Features = list[str]


def _shape(word: str) -> str:
    """A coarse word shape: Arabic, Latin (capitalised or not), digits, punctuation."""
    ch = word[0]
    if "\u0600" <= ch <= "\u06ff":
        return "ar"
    if ch.isdigit():
        return "d"
    if ch.isalpha():
        return "Lu" if ch.isupper() else "L"
    return "p:" + ch if len(word) == 1 else "p"


def sentences_of(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Cut a document's words into sentences ``[first, last)`` of word indices.

    A newline between words ends a sentence, and so does a full stop, question or
    exclamation mark; a run longer than ``_MAX_SENTENCE`` words is cut there too.
    """
    out: list[tuple[int, int]] = []
    first = 0
    for i, (start, end) in enumerate(tokens):
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else None
        ends = text[start:end] in _SENTENCE_END or (nxt is not None and "\n" in text[end:nxt])
        if ends or i + 1 - first >= _MAX_SENTENCE or nxt is None:
            out.append((first, i + 1))
            first = i + 1
    return out


@dataclass(slots=True)
class WordClasses:
    """Each frequent word key's most typical left and right neighbours (distributional)."""

    left: dict[str, str] = field(default_factory=dict)
    right: dict[str, str] = field(default_factory=dict)

    @classmethod
    def learn(cls, texts: Iterable[list[str]], min_count: int = 3) -> WordClasses:
        """Learn from the word keys of texts: for words seen ``min_count`` times or more."""
        lefts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        rights: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for keys in texts:
            stems = [stem_key(k) for k in keys]
            for i, k in enumerate(stems):
                if i:
                    lefts[k][stems[i - 1]] += 1
                if i + 1 < len(stems):
                    rights[k][stems[i + 1]] += 1
        left = {k: c.most_common(1)[0][0] for k, c in lefts.items() if sum(c.values()) >= min_count}
        right = {
            k: c.most_common(1)[0][0] for k, c in rights.items() if sum(c.values()) >= min_count
        }
        return cls(left, right)


def gazetteer_marks(table: PhraseTable, text: str, words: Words) -> list[list[str]]:
    """Per word, the gazetteer marks (``B-PER``, ``I-LOC`` ...) of the phrases found there."""
    marks: list[list[str]] = [[] for _ in words.texts]
    if not len(table):
        return marks
    starts = words.starts
    index = {s: i for i, s in enumerate(starts)}
    ends = words.ends
    for start, end, key in table.find(text, words):
        first = index.get(start)
        if first is None:  # the match starts after a proclitic inside a word
            first = max(i for i, s in enumerate(starts) if s <= start)
        label, _share = table.label_of(key)
        i = first
        while i < len(ends) and ends[i] <= end:
            marks[i].append(("B-" if i == first else "I-") + label)
            i += 1
    return marks


def _word_features(word: str, classes: WordClasses) -> Features:
    """The features of one word on its own (without position)."""
    key = word_key(word) or word
    stem = stem_key(key)
    feats = [
        "k=" + key,
        "s=" + stem,
        "sh=" + _shape(word),
        "p2=" + stem[:2],
        "p3=" + stem[:3],
        "x2=" + key[-2:],
        "x3=" + key[-3:],
        "x1=" + key[-1:],
        "len=" + str(min(len(stem), 8)),
    ]
    if key != stem:
        feats.append("pre=" + key[: len(key) - len(stem)])
    if key.startswith("ال") or (stem != key and "ال" in key[: len(key) - len(stem)]):
        feats.append("al")
    if (c := classes.left.get(stem)) is not None:
        feats.append("cl=" + c)
    if (c := classes.right.get(stem)) is not None:
        feats.append("cr=" + c)
    return feats


_CONTEXT = {
    -2: ("k", "s"),
    -1: ("k", "s", "sh", "x2", "cl", "cr"),
    1: ("k", "s", "sh", "x2", "cl", "cr"),
    2: ("k", "s"),
}


class _Word:
    """One distinct word's features: its own, and as each neighbour sees it (prefixed)."""

    __slots__ = ("around", "key", "own")

    def __init__(self, word: str, classes: WordClasses) -> None:
        self.own = _word_features(word, classes)
        self.key = self.own[1][2:]  # the stem feature "s=..."
        self.around = {
            d: [f"{d}:{f}" for f in self.own if f.split("=", 1)[0] in kinds]
            for d, kinds in _CONTEXT.items()
        }


def sentence_features(
    word_texts: Sequence[str],
    marks: Sequence[list[str]],
    classes: WordClasses,
    cache: dict[str, _Word] | None = None,
) -> list[Features]:
    """Features of each word of one sentence: its own, its neighbours', its gazetteer marks.

    ``cache`` keeps each distinct word's features across sentences (words repeat).
    """
    if cache is None:
        cache = {}
    words = []
    for w in word_texts:
        found = cache.get(w)
        if found is None:
            found = cache[w] = _Word(w, classes)
        words.append(found)
    size = len(words)
    out: list[Features] = []
    for i in range(size):
        feats = ["b", *words[i].own]
        feats.extend("g=" + m for m in marks[i])
        if not marks[i]:
            feats.append("g=none")
        for d in _CONTEXT:
            j = i + d
            if 0 <= j < size:
                feats.extend(words[j].around[d])
                if d == -1 or d == 1:
                    feats.extend(f"{d}:g={m}" for m in marks[j])
            else:
                feats.append(f"{d}:edge")
        if i > 0:
            feats.append("kk=" + words[i - 1].key + "|" + words[i].key)
        out.append(feats)
    return out


def bio_tags(
    size: int, spans: Iterable[tuple[int, int, str]], words: Words
) -> tuple[list[str], int]:
    """BIO tags of the words for spans on word edges; also how many spans did not fit."""
    tags = ["O"] * size
    index_start = {s: i for i, s in enumerate(words.starts)}
    index_end = {e: i for i, e in enumerate(words.ends)}
    missed = 0
    for start, end, label in sorted(spans):
        first, last = index_start.get(start), index_end.get(end)
        if first is None or last is None or any(t != "O" for t in tags[first : last + 1]):
            missed += 1
            continue
        tags[first] = "B-" + label
        for i in range(first + 1, last + 1):
            tags[i] = "I-" + label
    return tags, missed


def spans_of_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first word, last word, label)`` of each BIO span (a stray I- starts one)."""
    out: list[tuple[int, int, str]] = []
    first = -1
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == label and first >= 0
        if not inside:
            if first >= 0:
                out.append((first, i - 1, label))
                first = -1
            if tag != "O":
                first, label = i, tag[2:]
    return out


@dataclass(slots=True)
class Prepared:
    """One document made ready for the CRF: its words and their sentences."""

    text: str
    words: Words
    sentences: list[tuple[int, int]]
    tags: list[str]
    missed: int


def prepare(doc: LabelledText) -> Prepared:
    """Words, sentences and BIO tags of a labelled document."""
    tokens = doc.tokens if doc.tokens is not None else words_of(doc.text)
    words = Words.of(doc.text, tokens)
    tags, missed = bio_tags(len(tokens), doc.spans, words)
    return Prepared(doc.text, words, sentences_of(doc.text, tokens), tags, missed)


def _gazetteer(docs: Iterable[LabelledText]) -> PhraseTable:
    table = PhraseTable()
    for doc in docs:
        for start, end, label in doc.spans:
            key = phrase_key(doc.text[start:end])
            if key and any(len(k) > 1 for k in key):
                table.add(key, label)
    return table


@dataclass(slots=True)
class TrainReport:
    """What a training run used: documents, words, spans (and spans left out), labels."""

    documents: int = 0
    words: int = 0
    spans: int = 0
    missed: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


class EntityModel:
    """A trained CRF with the gazetteer and word classes its features need."""

    def __init__(
        self, crf: bytes, gazetteer: PhraseTable, classes: WordClasses, info: dict[str, Any]
    ) -> None:
        self.crf = crf
        self.gazetteer = gazetteer
        self.classes = classes
        self.info = info
        self._tagger: pycrfsuite.Tagger | None = None
        # A CRFsuite tagger keeps the last sequence's state: one sequence at a time.
        self._lock = threading.Lock()
        self.cache: dict[str, _Word] = {}
        """Features of words seen (bounded): most words of a new article were seen before."""

    @property
    def version(self) -> str:
        """The model's version string (set by whoever stores it)."""
        return str(self.info.get("version", ""))

    def _open(self) -> pycrfsuite.Tagger:
        if self._tagger is None:
            tagger = pycrfsuite.Tagger()
            fd, path = tempfile.mkstemp(suffix=".crfsuite")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(self.crf)
                tagger.open(path)  # CRFsuite reads the whole model into memory
            finally:
                os.unlink(path)
            self._tagger = tagger
        return self._tagger

    def tag(self, prepared: Prepared) -> list[tuple[str, float]]:
        """The best tag of each word with its marginal probability."""
        marks = gazetteer_marks(self.gazetteer, prepared.text, prepared.words)
        out: list[tuple[str, float]] = []
        texts = prepared.words.texts
        with self._lock:
            if len(self.cache) > CACHE_WORDS:
                self.cache.clear()
            cache = self.cache
            tagger = self._open()
            for first, last in prepared.sentences:
                feats = sentence_features(texts[first:last], marks[first:last], self.classes, cache)
                tags = tagger.tag(feats)
                # Marginals only where an entity is tagged (the scores of suggestions).
                out.extend(
                    (t, tagger.marginal(t, i) if t != "O" else 1.0) for i, t in enumerate(tags)
                )
        return out

    def word_entropies(self, prepared: Prepared) -> list[float]:
        """Per word, the entropy of its tag marginals, scaled to 0..1 (1: every tag as likely).

        The marginals are the CRF's forward-backward probabilities of each tag at each word
        (over all tag sequences), so a word the model doubts between ``B-PER`` and ``O``
        scores high even where the best sequence tags it ``O``.
        """
        marks = gazetteer_marks(self.gazetteer, prepared.text, prepared.words)
        out: list[float] = []
        texts = prepared.words.texts
        with self._lock:
            if len(self.cache) > CACHE_WORDS:
                self.cache.clear()
            cache = self.cache
            tagger = self._open()
            labels = tagger.labels()
            scale = math.log(len(labels)) if len(labels) > 1 else 1.0
            for first, last in prepared.sentences:
                feats = sentence_features(texts[first:last], marks[first:last], self.classes, cache)
                tagger.set(feats)
                for i in range(last - first):
                    h = 0.0
                    for label in labels:
                        p = tagger.marginal(label, i)
                        if p > 0.0:
                            h -= p * math.log(p)
                    out.append(min(1.0, max(0.0, h / scale)))
        return out

    def suggest(self, text: str, tokens: list[Token] | None = None) -> list[Suggestion]:
        """Entity suggestions for a text, each scored by its words' mean marginal."""
        prepared = prepare(LabelledText(text, [], tokens))
        tagged = self.tag(prepared)
        words = prepared.words
        out: list[Suggestion] = []
        for first, last, label in spans_of_tags([t for t, _p in tagged]):
            score = sum(p for _t, p in tagged[first : last + 1]) / (last - first + 1)
            out.append(
                Suggestion(
                    words.starts[first],
                    words.ends[last],
                    label,
                    round(score, 3),
                    MODEL,
                    self.version,
                )
            )
        return out

    def to_bytes(self) -> bytes:
        """The model as bytes: a JSON header (gazetteer, word classes, info), then CRFsuite's."""
        header = {
            "format": FORMAT,
            "info": self.info,
            "gazetteer": [[list(k), dict(c)] for k, c in self.gazetteer.labels.items()],
            "left": self.classes.left,
            "right": self.classes.right,
        }
        blob = json.dumps(header, ensure_ascii=False).encode()
        return _MAGIC + len(blob).to_bytes(8, "big") + blob + self.crf

    @classmethod
    def from_bytes(cls, data: bytes) -> EntityModel:
        """Read a model written by ``to_bytes``; ValueError when it is not one."""
        if not data.startswith(_MAGIC):
            raise ValueError("not an annotator entity model")
        size = int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "big")
        body = len(_MAGIC) + 8
        header = json.loads(data[body : body + size])
        if header.get("format") != FORMAT:
            raise ValueError(f"unknown entity model format {header.get('format')!r}")
        table = PhraseTable()
        for key, counts in header["gazetteer"]:
            for label, n in counts.items():
                table.add(tuple(key), label, n)
        classes = WordClasses(header["left"], header["right"])
        return cls(data[body + size :], table, classes, header["info"])


def _folds(size: int, k: int) -> list[int]:
    return [i % k for i in range(size)]


def train(
    documents: Sequence[LabelledText],
    *,
    unlabelled: Iterable[str] = (),
    folds: int = 4,
    c1: float = 0.05,
    c2: float = 0.05,
    max_iterations: int = 70,
    algorithm: str = "lbfgs",
    progress: Callable[[str], None] | None = None,
) -> tuple[EntityModel, TrainReport]:
    """Train a CRF on the documents' spans; ``unlabelled`` texts add to the word classes."""
    began = time.perf_counter()
    report = TrainReport(documents=len(documents))
    prepared = [prepare(doc) for doc in documents]
    keys = [[word_key(w) for w in p.words.texts] for p in prepared]
    extra = [[word_key(w) for w in Words.of(t, words_of(t)).texts] for t in unlabelled]
    classes = WordClasses.learn([*keys, *extra])
    fold_of = _folds(len(documents), max(1, min(folds, len(documents))))
    fold_tables = {
        f: _gazetteer(d for d, g in zip(documents, fold_of, strict=True) if g != f)
        for f in set(fold_of)
    }
    if len(fold_tables) == 1:
        fold_tables = {0: PhraseTable()}
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    cache: dict[str, _Word] = {}
    for p, fold, doc in zip(prepared, fold_of, documents, strict=True):
        report.words += len(p.words)
        report.spans += len(doc.spans)
        report.missed += p.missed
        report.labels.update(label for _s, _e, label in doc.spans)
        marks = gazetteer_marks(fold_tables[fold], p.text, p.words)
        texts = p.words.texts
        for first, last in p.sentences:
            trainer.append(
                sentence_features(texts[first:last], marks[first:last], classes, cache),
                p.tags[first:last],
            )
    params: dict[str, object] = {
        "max_iterations": max_iterations,
        "feature.possible_transitions": True,
    }
    if algorithm == "lbfgs":
        params.update({"c1": c1, "c2": c2})
    trainer.set_params(params)
    if progress:
        progress(f"training on {report.words} words")
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        with open(path, "rb") as fh:
            crf = fh.read()
    finally:
        os.unlink(path)
    report.seconds = time.perf_counter() - began
    info = {"documents": report.documents, "words": report.words, "labels": dict(report.labels)}
    return EntityModel(crf, _gazetteer(documents), classes, info), report
