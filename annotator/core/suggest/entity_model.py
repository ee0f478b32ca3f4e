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

``validate_and_train`` runs a cross-validation's fold trainings and the final training as
separate jobs, two at once: one in a worker process, the others in the calling process
meanwhile (CRFsuite trains on one core; each job is a whole training, so the jobs share
nothing but their input documents).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import math
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise
from pathlib import Path
from typing import Any, TypeVar

import pycrfsuite

from annotator.core.errors import AnnotatorError
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

_T = TypeVar("_T")

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


BLOCK_SENTENCES = 40
"""Sentences in a cross-validation block when the material has fewer documents than folds."""


def sentence_blocks(doc: LabelledText, sentences: int = BLOCK_SENTENCES) -> list[LabelledText]:
    """A document cut into blocks of about ``sentences`` sentences (``sentences_of``), each
    a LabelledText of its own (its text, spans and tokens rebased to it): the units of a
    cross-validation when the material has fewer documents than folds, as a corpus in one
    file (ANERcorp's release: no document breaks) is. A cut falls only between sentences,
    never inside a span; the blocks' texts, laid end to end with what lies between them
    (white space), are the document's text.
    """
    text = doc.text
    tokens = list(doc.tokens if doc.tokens is not None else words_of(text))
    if not tokens:
        return [doc]
    starts = [a for a, _b in tokens]
    inside: set[int] = set()  # token indices a cut before them would split a span
    for start, end, _label in doc.spans:
        first = bisect_right(starts, start)
        last = bisect_left(starts, end)
        inside.update(range(first, last))
    cuts = [0]
    count = 0
    for _first, stop in sentences_of(text, tokens):
        count += 1
        if count >= sentences and stop < len(tokens) and stop not in inside:
            cuts.append(stop)
            count = 0
    cuts.append(len(tokens))
    blocks = []
    for lo_i, hi_i in pairwise(cuts):
        lo, hi = tokens[lo_i][0], tokens[hi_i - 1][1]
        blocks.append(
            LabelledText(
                text[lo:hi],
                [(a - lo, b - lo, lab) for a, b, lab in doc.spans if lo <= a and b <= hi],
                [(a - lo, b - lo) for a, b in tokens[lo_i:hi_i]],
            )
        )
    return blocks


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


_PREFIX = {d: f"{d}:" for d in _CONTEXT}


class _Word:
    """One distinct word's features: its own, and those its neighbours see (unprefixed).

    Neighbours' features are prefixed (``-1:k=...``) when a sentence is described rather
    than kept per word: a training on 150,000 words keeps tens of thousands of these.
    """

    __slots__ = ("key", "near", "own")

    def __init__(self, word: str, classes: WordClasses) -> None:
        self.own = _word_features(word, classes)
        self.key = self.own[1][2:]  # the stem feature "s=..."
        # In the order of _CONTEXT (a tuple: a dict per distinct word cost 4 MB per 18,000).
        self.near = tuple(
            tuple(f for f in self.own if f.split("=", 1)[0] in kinds) for kinds in _CONTEXT.values()
        )


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
        feats.extend(["g=" + m for m in marks[i]] if marks[i] else ["g=none"])
        for n, (d, pre) in enumerate(_PREFIX.items()):
            j = i + d
            if 0 <= j < size:
                feats.extend([pre + f for f in words[j].near[n]])
                if d == -1 or d == 1:
                    feats.extend([pre + "g=" + m for m in marks[j]])
            else:
                feats.append(pre + "edge")
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

    def _per_sentence(
        self, prepared: Prepared, each: Callable[[Any, list[Any], int], list[_T]]
    ) -> list[_T]:
        """``each(tagger, features, words)`` for every sentence of ``prepared``, in order,
        joined: one pass under the lock (the tagger and the word cache are not
        thread-safe), the cache emptied first when it has grown too large."""
        marks = gazetteer_marks(self.gazetteer, prepared.text, prepared.words)
        out: list[_T] = []
        texts = prepared.words.texts
        with self._lock:
            if len(self.cache) > CACHE_WORDS:
                self.cache.clear()
            cache = self.cache
            tagger = self._open()
            for first, last in prepared.sentences:
                feats = sentence_features(texts[first:last], marks[first:last], self.classes, cache)
                out.extend(each(tagger, feats, last - first))
        return out

    def tag(self, prepared: Prepared) -> list[tuple[str, float]]:
        """The best tag of each word with its marginal probability."""

        def best(tagger: Any, feats: list[Any], _n: int) -> list[tuple[str, float]]:
            tags = tagger.tag(feats)
            # Marginals only where an entity is tagged (the scores of suggestions).
            return [(t, tagger.marginal(t, i) if t != "O" else 1.0) for i, t in enumerate(tags)]

        return self._per_sentence(prepared, best)

    def word_entropies(self, prepared: Prepared) -> list[float]:
        """Per word, the entropy of its tag marginals, scaled to 0..1 (1: every tag as likely).

        The marginals are the CRF's forward-backward probabilities of each tag at each word
        (over all tag sequences), so a word the model doubts between ``B-PER`` and ``O``
        scores high even where the best sequence tags it ``O``.
        """

        def entropies(tagger: Any, feats: list[Any], n: int) -> list[float]:
            labels = tagger.labels()
            scale = math.log(len(labels)) if len(labels) > 1 else 1.0
            tagger.set(feats)
            out = []
            for i in range(n):
                h = 0.0
                for label in labels:
                    p = tagger.marginal(label, i)
                    if p > 0.0:
                        h -= p * math.log(p)
                out.append(min(1.0, max(0.0, h / scale)))
            return out

        return self._per_sentence(prepared, entropies)

    def suggest(self, text: str, tokens: Sequence[Token] | None = None) -> list[Suggestion]:
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


def _seed_c_random() -> None:
    """Seed the C library's ``rand()``, which CRFsuite's SGD shuffles the data with, so the
    same documents train the same model (in one process, a worker, or a test)."""
    # No C library to reach this way on Windows: there, trainings may differ slightly.
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).srand(0)


ALGORITHM = "lbfgs"
"""CRFsuite's training algorithm (see ``SETTINGS``)."""
SETTINGS: dict[str, dict[str, float]] = {
    # L1 + L2 regularised L-BFGS, 70 iterations (the first setting).
    "lbfgs": {"c1": 0.05, "c2": 0.05, "max_iterations": 70},
    # SGD with L2: a third of the time, but 0.007 lower mean F1 on AQMAR sentence splits.
    "l2sgd": {"c2": 0.5, "max_iterations": 20},
}


def _collect() -> None:
    """A full garbage collection, on the main thread only: in the app, training runs in a
    thread beside the window's, and a full collection holds the interpreter for about
    0.1 s per 100,000 objects."""
    if threading.current_thread() is threading.main_thread():
        gc.collect()


def _append(
    trainer: pycrfsuite.Trainer,
    documents: Sequence[LabelledText],
    tables: Sequence[PhraseTable],
    classes: WordClasses,
    report: TrainReport,
) -> None:
    """Give CRFsuite each sentence's features and tags (each document's gazetteer from
    ``tables``); its word cache and last document go when it returns."""
    cache: dict[str, _Word] = {}
    for table, doc in zip(tables, documents, strict=True):
        p = prepare(doc)
        report.words += len(p.words)
        report.spans += len(doc.spans)
        report.missed += p.missed
        report.labels.update(label for _s, _e, label in doc.spans)
        marks = gazetteer_marks(table, p.text, p.words)
        texts = p.words.texts
        for first, last in p.sentences:
            trainer.append(
                sentence_features(texts[first:last], marks[first:last], classes, cache),
                p.tags[first:last],
            )


def train(
    documents: Sequence[LabelledText],
    *,
    unlabelled: Iterable[str] = (),
    folds: int = 4,
    c1: float | None = None,
    c2: float | None = None,
    max_iterations: int | None = None,
    algorithm: str = ALGORITHM,
    progress: Callable[[str], None] | None = None,
) -> tuple[EntityModel, TrainReport]:
    """Train a CRF on the documents' spans; ``unlabelled`` texts add to the word classes.

    ``c1``, ``c2`` and ``max_iterations`` default to ``SETTINGS[algorithm]``.
    """
    began = time.perf_counter()
    report = TrainReport(documents=len(documents))
    # One document at a time, here and below: a document's words are never all kept.
    classes = WordClasses.learn(
        [word_key(w) for w in Words.of(text, tokens).texts]
        for text, tokens in chain(
            ((d.text, d.tokens if d.tokens is not None else words_of(d.text)) for d in documents),
            ((t, words_of(t)) for t in unlabelled),
        )
    )
    fold_of = _folds(len(documents), max(1, min(folds, len(documents))))
    fold_tables = {
        f: _gazetteer(d for d, g in zip(documents, fold_of, strict=True) if g != f)
        for f in set(fold_of)
    }
    if len(fold_tables) == 1:
        fold_tables = {0: PhraseTable()}
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    _append(trainer, documents, [fold_tables[f] for f in fold_of], classes, report)
    del fold_tables
    # Only CRFsuite's copy of the features is needed now. A full collection also empties
    # the interpreter's free lists, whose thousands of tuples (from the word cache) would
    # otherwise keep Python's freed memory pinned while CRFsuite trains (12-14 MB).
    _collect()
    params: dict[str, object] = {"feature.possible_transitions": True}
    given = {"c1": c1, "c2": c2, "max_iterations": max_iterations}
    params.update(SETTINGS.get(algorithm, {}))
    params.update({k: v for k, v in given.items() if v is not None})
    trainer.set_params(params)
    if progress:
        progress(f"training on {report.words} words")
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        _seed_c_random()
        trainer.train(path)
        del trainer  # CRFsuite's copy of the features
        with open(path, "rb") as fh:
            crf = fh.read()
    finally:
        os.unlink(path)
    report.seconds = time.perf_counter() - began
    info = {"documents": report.documents, "words": report.words, "labels": dict(report.labels)}
    return EntityModel(crf, _gazetteer(documents), classes, info), report


# -- cross-validation and final training in two processes ---------------------------------

MAX_WORKERS = 2
"""At most this many trainings at once: one in a worker process, the others here meanwhile
(each holds a training's features: two at once are what the memory target allows)."""

Held = list[tuple[int, int, str]]
"""One held-out document's predicted spans ``(start, end, label)``."""

Job = tuple[Sequence[LabelledText], Sequence[LabelledText], bool, list[int]]
"""A training's documents, the documents it predicts, whether to keep its model, and
those documents' indices."""
Result = tuple[bytes, TrainReport, list[Held]]


def usable_cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_job(documents: Sequence[LabelledText], test: Sequence[LabelledText], keep: bool) -> Result:
    """One training: the model's bytes if ``keep``, its report, and its predictions for the
    ``test`` documents."""
    model, report = train(documents)
    held = [[s.key for s in model.suggest(d.text, d.tokens)] for d in test]
    data = model.to_bytes() if keep else b""
    del model
    _collect()  # its word cache's tuples out of the free lists, before the next job
    return data, report, held


@dataclass(slots=True)
class Validated:
    """A cross-validation's predictions and, when asked for, the final model."""

    held: list[Held]
    """Per document, what the model trained without its fold predicted for it."""
    model: EntityModel | None = None
    report: TrainReport | None = None
    workers: int = 1
    """Trainings that ran at once (this process and a worker: 2)."""


def validate_and_train(
    documents: Sequence[LabelledText],
    groups: Sequence[int],
    *,
    final: bool = True,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Validated:
    """Cross-validate over the folds ``groups`` (one per document) and train the final model.

    Each fold's model is trained on the other folds' documents and predicts its own; with
    ``final`` a model is trained on all the documents too. With ``workers`` 2 (default: 2
    when two cores are usable) the first training (the final one: the longest) runs in a
    worker process while this process trains the others one after another; with 1, all
    run here.
    """
    jobs: list[Job] = []
    if final:
        jobs.append((documents, [], True, []))
    for fold in sorted(set(groups)):
        test = [i for i, g in enumerate(groups) if g == fold]
        rest = [d for d, g in zip(documents, groups, strict=True) if g != fold]
        if rest and test:
            jobs.append((rest, [documents[i] for i in test], False, test))
    count = workers or min(usable_cores(), MAX_WORKERS)
    if getattr(sys, "frozen", False):
        count = 1  # a frozen application has no interpreter to start a worker with
    count = max(1, min(count, MAX_WORKERS, len(jobs)))
    if progress:
        progress(f"{len(jobs)} trainings, {count} at once")
    if count == 1:
        results = [run_job(train_docs, test, keep) for train_docs, test, keep, _i in jobs]
    else:
        results = _beside_a_worker(jobs)
    out = Validated([[] for _ in documents], workers=count)
    for (_d, _t, keep, indices), (data, report, held) in zip(jobs, results, strict=True):
        if keep:
            out.model, out.report = EntityModel.from_bytes(data), report
        for i, found in zip(indices, held, strict=True):
            out.held[i] = found
    return out


_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])


def _beside_a_worker(jobs: Sequence[Job]) -> list[Result]:
    """The first job in a worker process, the others in this one meanwhile.

    The worker is a fresh interpreter (``train_worker``) that imports the entity model
    only, never a fork: safe from a thread beside Qt's, and the command's database layer
    and its material are not copied into it. Its job and result go through files, so
    neither side waits on a pipe the other is not reading while it trains.
    """
    with tempfile.TemporaryDirectory(prefix="annotator-train-") as tmp:
        job_path, result_path = os.path.join(tmp, "job"), os.path.join(tmp, "result")
        docs, test, keep, _i = jobs[0]
        with open(job_path, "wb") as fh:
            pickle.dump((list(docs), list(test), keep), fh, protocol=pickle.HIGHEST_PROTOCOL)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
        with open(os.path.join(tmp, "errors"), "w+b") as errors:
            try:
                worker = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "annotator.core.suggest.train_worker",
                        job_path,
                        result_path,
                        str(os.getpid()),
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    env=env,
                )
            except OSError:  # no interpreter to start (moved, or not executable)
                return [run_job(d, t, k) for d, t, k, _i in jobs]
            try:
                here = [run_job(d, t, k) for d, t, k, _i in jobs[1:]]
                code = worker.wait()
            finally:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
            if code != 0 or not os.path.exists(result_path):
                errors.seek(0)
                lines = errors.read().decode(errors="replace").strip().splitlines()
                raise AnnotatorError(
                    "the training process ended abruptly"
                    + (f" (exit status {code}" + (", out of memory?)" if code < 0 else ")"))
                    + (f": {lines[-1]}" if lines else "")
                )
        with open(result_path, "rb") as fh:
            first: Result = pickle.load(fh)
    return [first, *here]
