"""Agreement between annotators' layers: span F1, token-level kappa and alpha, topic kappa.

Definitions (the functions below refer back to these):

* Documents: a pairwise metric uses the documents on which both annotators have a layer;
  Krippendorff's alpha uses the documents on which at least two of the chosen annotators
  have one (an annotator without a layer is a missing value). Identical duplicate spans in
  one layer count once.
* Span F1 treats ``a`` as reference and ``b`` as prediction; F1 = 2 * matches / (|a| + |b|)
  is symmetric. Exact match: same start, end and label. Overlap match: same label and
  overlapping ranges, each span matched at most once, by a maximum bipartite matching
  (exact matches are overlap matches too, so overlap F1 >= exact F1). With no spans on
  either side F1 is undefined (NaN, ``None`` in JSON rows); a label neither annotator used
  gets no row. Overall is micro: matches and span counts summed over labels.
* Token labels: each document is split with ``annotator.core.arabic.tokenize``. Labels are
  read one kind at a time (entity by default, or quote, or topic spans), since spans of
  different kinds overlap by design. A token takes the label of a span of that kind that
  overlaps it by at least one code point (so "ببروكسل" is a LOC token even when the span
  leaves out the proclitic ب); when several do, the span starting last wins, at equal start
  the shorter, then the later label name. Tokens without one are ``"O"``.
* Cohen's kappa: overall on the multi-class token labels of one kind; per label on the
  binary decisions "is L / is not L" (L's own kind). NaN when undefined: no tokens, or
  chance agreement 1 (both annotators gave every token the same single label).
* Krippendorff's alpha (nominal), over all chosen annotators on the same token labels;
  units are the tokens of documents with >= 2 layers. NaN with no pairable values or a
  single value in all of them.
* Topics: document-level. Per topic, binary kappa over the shared documents (has topic /
  has not). Overall is the pooled kappa (one 2x2 table summed over the topics either
  annotator used on the shared documents), not a mean of per-topic kappas, so topics
  with undefined kappa still count. Alpha: units are (document, topic) pairs likewise.
"""

from __future__ import annotations

import heapq
import math
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations
from operator import itemgetter
from typing import TypedDict, TypeVar

from annotator.core.arabic import tokenize
from annotator.core.model import QUOTE_LABEL, LabelKind, SpanData

Span = tuple[int, int, str]
"""A labelled half-open range ``(start, end, label)`` of code points."""
Token = tuple[int, int]
OUTSIDE = "O"
"""Token label of a token that no span of the kind covers."""
NAN = math.nan
H = TypeVar("H", bound=Hashable)
_BOOL_PAIRS = ((True, True), (True, False), (False, True), (False, False))
_LABEL = itemgetter(2)
_TOKEN_OF_ITEM = itemgetter(0)
_LAST = sys.maxsize
_LABEL_OF_ITEM = itemgetter(1)


class AgreementRow(TypedDict):
    """One JSON row of the pair report; ``label`` None is the pair's overall row."""

    a: str
    b: str
    label: str | None
    exact_f1: float | None
    overlap_f1: float | None
    kappa: float | None


class TopicRow(TypedDict):
    """One JSON row of document-topic agreement; ``topic`` None is the pooled row."""

    a: str
    b: str
    topic: str | None
    f1: float | None
    kappa: float | None


class AlphaReport(TypedDict):
    """Krippendorff's alpha overall and per label (None where undefined)."""

    overall: float | None
    labels: dict[str, float | None]


class MatrixReport(TypedDict):
    """A pair matrix: annotator names, the metric shown, rows of values."""

    annotators: list[str]
    metric: str
    values: list[list[float | None]]


class AgreementReport(TypedDict):
    """Everything ``agreement_report`` gives, ready for ``json.dumps``."""

    annotators: list[str]
    pairs: list[AgreementRow]
    topics: list[TopicRow]
    alpha: AlphaReport
    topic_alpha: AlphaReport
    matrix: MatrixReport


@dataclass(frozen=True, slots=True)
class Layer:
    """One annotator's layer of one document as the metrics see it: spans and topics."""

    spans: Sequence[Span] = ()
    topics: Collection[str] = frozenset()

    @classmethod
    def of(cls, spans: Iterable[SpanData | Span], topics: Iterable[str] = ()) -> Layer:
        """Build a layer from model spans or ``(start, end, label)`` tuples."""
        plain = [
            (s.start, s.end, s.label) if isinstance(s, SpanData) else (s[0], s[1], s[2])
            for s in spans
        ]
        return cls(plain, frozenset(topics))


@dataclass(frozen=True, slots=True)
class AgreementDocument:
    """A document's text and each annotator's layer (no key: no layer); tokens optional."""

    text: str
    layers: Mapping[str, Layer]
    tokens: Sequence[Token] | None = None
    """Precomputed ``tokenize(text)``, e.g. cached by the caller; computed when None."""


@dataclass(slots=True)
class SpanCounts:
    """Span counts of one annotator pair for one label (or all): sizes and matches."""

    n_a: int = 0
    n_b: int = 0
    exact: int = 0
    overlap: int = 0

    @property
    def exact_f1(self) -> float:
        """F1 of exact matches; NaN when neither side has a span."""
        return _f1(self.exact, self.n_a + self.n_b)

    @property
    def overlap_f1(self) -> float:
        """F1 of overlap matches; NaN when neither side has a span."""
        return _f1(self.overlap, self.n_a + self.n_b)

    def add(self, other: SpanCounts) -> None:
        """Add another count into this one."""
        self.n_a += other.n_a
        self.n_b += other.n_b
        self.exact += other.exact
        self.overlap += other.overlap


def _f1(matches: int, total: int) -> float:
    """Return 2 * matches / total, NaN for total 0."""
    return 2 * matches / total if total else NAN


def json_value(value: float) -> float | None:
    """Return ``value`` for JSON: NaN becomes None, everything else stays unrounded."""
    return None if math.isnan(value) else value


def default_kind(label: str) -> LabelKind:
    """Kind assumed for a label missing from ``label_kinds``: QUOTE is a quote, else entity."""
    return LabelKind.QUOTE if label == QUOTE_LABEL else LabelKind.ENTITY


def cohen_kappa(confusion: Mapping[tuple[H, H], int]) -> float:
    """Cohen's kappa from counts of ``(label_a, label_b)``; NaN when undefined."""
    n = sum(confusion.values())
    rows: Counter[H] = Counter()
    cols: Counter[H] = Counter()
    agree = 0
    for (x, y), count in confusion.items():
        rows[x] += count
        cols[y] += count
        if x == y:
            agree += count
    chance = sum(count * cols[label] for label, count in rows.items())
    if n == 0 or chance == n * n:
        return NAN
    # (p_o - p_e) / (1 - p_e), multiplied through by n^2 to stay in integers.
    return (agree * n - chance) / (n * n - chance)


def binary_confusion(
    confusion: Mapping[tuple[str, str], int], label: str
) -> dict[tuple[bool, bool], int]:
    """Collapse a multi-class confusion to "is ``label`` / is not" for both annotators."""
    table = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
    for (x, y), count in confusion.items():
        table[x == label, y == label] += count
    return table


def alpha_from_units(units: Mapping[tuple[H, ...], int]) -> float:
    """Nominal Krippendorff's alpha from unit value multisets (sorted tuples) and counts.

    A key holds the values the coders gave one unit (missing ones left out); units with
    fewer than two values are not pairable and ignored.
    """
    totals: Counter[H] = Counter()
    # Disagreement summed in integers per unit size, then divided: the same figure
    # whatever order the units come in (e.g. counts summed over documents).
    by_size: Counter[int] = Counter()
    for values, count in units.items():
        m = len(values)
        if m < 2:
            continue
        per_value = Counter(values)
        by_size[m] += count * (m * m - sum(v * v for v in per_value.values()))
        for value, v in per_value.items():
            totals[value] += v * count
    disagree = sum(by_size[m] / (m - 1) for m in sorted(by_size))
    n = sum(totals.values())
    expected = n * n - sum(v * v for v in totals.values())
    if expected == 0:
        return NAN
    return 1.0 - (n - 1) * disagree / expected


def krippendorff_alpha(units: Iterable[Sequence[Hashable | None]]) -> float:
    """Nominal Krippendorff's alpha of units, each a value per coder (None: missing)."""
    keyed: Counter[tuple[Hashable, ...]] = Counter()
    for unit in units:
        keyed[tuple(sorted((v for v in unit if v is not None), key=repr))] += 1
    return alpha_from_units(keyed)


def overlap_matches(a: Sequence[Token], b: Sequence[Token]) -> int:
    """Size of a maximum matching of ranges in ``a`` to overlapping ranges in ``b``.

    Greedy, and optimal: take the unmatched range with the smallest end (either side); pair
    it with the overlapping unmatched range of the other side that ends first, or drop it
    when there is none (an exchange argument shows some maximum matching does the same).
    """
    if len(a) == 1 or len(b) == 1:  # the common case: one range on a side
        (start, end), others = (a[0], b) if len(a) == 1 else (b[0], a)
        return int(any(s < end and start < e for s, e in others))
    sides = (a, b)
    order = sorted(
        [(e, s, 0, i) for i, (s, e) in enumerate(a)] + [(e, s, 1, i) for i, (s, e) in enumerate(b)]
    )
    by_start = [sorted((s, e, i) for i, (s, e) in enumerate(side)) for side in sides]
    next_in = [0, 0]
    open_ranges: list[list[tuple[int, int]]] = [[], []]
    done = [[False] * len(a), [False] * len(b)]
    matches = 0
    for end, _, side, i in order:
        if done[side][i]:
            continue
        done[side][i] = True
        other = 1 - side
        starts, heap = by_start[other], open_ranges[other]
        while next_in[other] < len(starts) and starts[next_in[other]][0] < end:
            _, o_end, j = starts[next_in[other]]
            heapq.heappush(heap, (o_end, j))
            next_in[other] += 1
        while heap and done[other][heap[0][1]]:
            heapq.heappop(heap)
        if heap:
            done[other][heapq.heappop(heap)[1]] = True
            matches += 1
    return matches


@dataclass(slots=True)
class _LayerData:
    """One layer prepared: its spans, topics, token labels per kind."""

    spans: frozenset[Span]
    topics: frozenset[str]
    tokens: dict[LabelKind, dict[int, str]] = field(default_factory=dict)


@dataclass(slots=True)
class _DocData:
    """One document prepared: its token count and its layers."""

    n_tokens: int
    layers: dict[str, _LayerData]


PreparedDocument = _DocData
"""One document as ``AgreementData`` prepared it (opaque to callers, who may keep it)."""


class AgreementData:
    """Documents prepared once (span sets, token labels) for every agreement metric."""

    def __init__(
        self,
        documents: Iterable[AgreementDocument],
        *,
        label_kinds: Mapping[str, LabelKind] | None = None,
        labels: Collection[str] | None = None,
        annotators: Collection[str] | None = None,
        tokenizer: Callable[[str], Sequence[Token]] = tokenize,
    ) -> None:
        """Prepare ``documents``, keeping only ``labels`` and ``annotators`` when given."""
        self._label_kinds = dict(label_kinds or {})
        self._kinds: dict[str, LabelKind] = {}
        keep = None if labels is None else frozenset(labels)
        self.docs: list[_DocData] = []
        names: set[str] = set()
        for doc in documents:
            chosen = {
                name: layer
                for name, layer in doc.layers.items()
                if annotators is None or name in annotators
            }
            if not chosen:
                continue
            names.update(chosen)
            tokens = doc.tokens if doc.tokens is not None else tokenizer(doc.text)
            prepared = {name: self._prepare(layer, keep, tokens) for name, layer in chosen.items()}
            self.docs.append(_DocData(len(tokens), prepared))
        self.annotators: list[str] = sorted(names)
        self._confusions: dict[tuple[str, str, LabelKind], Counter[tuple[str, str]]] = {}
        self._units: dict[tuple[LabelKind, frozenset[str] | None], Counter[tuple[str, ...]]] = {}

    def subset(self, indices: Iterable[int]) -> AgreementData:
        """The documents at ``indices`` (positions in ``docs``) as their own data, sharing
        what was prepared (no tokenising again): e.g. one day's documents of a trend."""
        return AgreementData.prepared([self.docs[i] for i in indices], self._label_kinds)

    @staticmethod
    def prepared(
        docs: Sequence[PreparedDocument], label_kinds: Mapping[str, LabelKind] | None = None
    ) -> AgreementData:
        """Data of documents prepared before (``docs`` entries kept from earlier data),
        e.g. by a caller keeping each document's preparation while its layers are unchanged."""
        part = object.__new__(AgreementData)
        part._label_kinds = dict(label_kinds or {})
        part._kinds = {}
        part.docs = list(docs)
        part.annotators = sorted({name for doc in part.docs for name in doc.layers})
        part._confusions = {}
        part._units = {}
        return part

    def kind_of(self, label: str) -> LabelKind:
        """The kind of ``label`` (from ``label_kinds``, else ``default_kind``)."""
        kind = self._kinds.get(label)
        if kind is None:
            kind = self._kinds[label] = self._label_kinds.get(label) or default_kind(label)
        return kind

    def _prepare(
        self, layer: Layer, keep: frozenset[str] | None, tokens: Sequence[Token]
    ) -> _LayerData:
        """Label a layer's tokens, one kind at a time (tokens are sorted and disjoint)."""
        unique = frozenset(
            layer.spans if keep is None else (s for s in layer.spans if s[2] in keep)
        )
        labelled: dict[LabelKind, dict[int, str]] = {}
        kinds = self._kinds
        for start, end, label in sorted(unique, key=_span_order):
            kind = kinds.get(label) or self.kind_of(label)
            of_kind = labelled.get(kind)
            if of_kind is None:
                of_kind = labelled[kind] = {}
            # Tokens overlapping [start, end): from the one holding start (if any) to the
            # last one starting before end; tuples compare by start first.
            first = bisect_right(tokens, (start, _LAST))
            if first and tokens[first - 1][1] > start:
                first -= 1
            for t in range(first, bisect_left(tokens, (end, -1), first)):
                of_kind[t] = label
        topics = frozenset(layer.topics if keep is None else (t for t in layer.topics if t in keep))
        return _LayerData(unique, topics, labelled)

    def _shared(self, a: str, b: str) -> Iterator[tuple[_DocData, _LayerData, _LayerData]]:
        """The documents on which both ``a`` and ``b`` have a layer."""
        for doc in self.docs:
            la, lb = doc.layers.get(a), doc.layers.get(b)
            if la is not None and lb is not None:
                yield doc, la, lb

    def span_counts(self, a: str, b: str) -> dict[str | None, SpanCounts]:
        """Span counts per label used by ``a`` or ``b``, and overall under key None."""
        sides: tuple[list[frozenset[Span]], list[frozenset[Span]]] = ([], [])
        common: list[frozenset[Span]] = []
        gained: Counter[str] = Counter()  # overlap matches beyond the exact ones
        for _, la, lb in self._shared(a, b):
            sides[0].append(la.spans)
            sides[1].append(lb.spans)
            both = la.spans & lb.spans
            common.append(both)
            if len(both) == len(la.spans) or len(both) == len(lb.spans):
                continue  # one side is all exact matches: no overlap match can add to that
            rest_b = {s[2] for s in lb.spans - both}
            for label in {s[2] for s in la.spans - both} & rest_b:
                ra = [(s, e) for s, e, x in la.spans if x == label]
                rb = [(s, e) for s, e, x in lb.spans if x == label]
                gained[label] += overlap_matches(ra, rb) - sum(1 for s in both if s[2] == label)
        n_a, n_b, exact = (Counter(map(_LABEL, chain.from_iterable(x))) for x in (*sides, common))
        overall = SpanCounts()
        per_label: dict[str | None, SpanCounts] = {None: overall}
        for label in sorted(n_a.keys() | n_b.keys()):
            counts = SpanCounts(n_a[label], n_b[label], exact[label], exact[label] + gained[label])
            per_label[label] = counts
            overall.add(counts)
        return per_label

    def confusion(self, a: str, b: str, kind: LabelKind) -> Counter[tuple[str, str]]:
        """Counts of ``(label by a, label by b)`` over the tokens of shared documents."""
        key = (a, b, kind)
        if key not in self._confusions:
            agreed: Counter[str] = Counter()
            table: Counter[tuple[str, str]] = Counter()
            both_outside = 0
            empty: dict[int, str] = {}
            for doc, la, lb in self._shared(a, b):
                ta, tb = la.tokens.get(kind, empty), lb.tokens.get(kind, empty)
                same = ta.items() & tb.items()
                agreed.update(map(_LABEL_OF_ITEM, same))
                marked = ta.keys() | tb.keys()
                both_outside += doc.n_tokens - len(marked)
                if len(same) != len(marked):
                    marked.difference_update(map(_TOKEN_OF_ITEM, same))
                    table.update((ta.get(t, OUTSIDE), tb.get(t, OUTSIDE)) for t in marked)
            table.update({(label, label): count for label, count in agreed.items()})
            table[OUTSIDE, OUTSIDE] += both_outside
            self._confusions[key] = table
        return self._confusions[key]

    def token_kappa(
        self, a: str, b: str, kind: LabelKind = LabelKind.ENTITY
    ) -> dict[str | None, float]:
        """Kappa per label of ``kind`` used by ``a`` or ``b``, overall (multi-class) at None."""
        table = self.confusion(a, b, kind)
        result: dict[str | None, float] = {None: cohen_kappa(table)}
        for label in sorted({x for pair in table for x in pair} - {OUTSIDE}):
            result[label] = cohen_kappa(binary_confusion(table, label))
        return result

    def label_kappa(self, a: str, b: str, label: str) -> float:
        """Binary token kappa of ``label`` ("is L / is not") within its own kind."""
        return cohen_kappa(binary_confusion(self.confusion(a, b, self.kind_of(label)), label))

    def token_units(
        self, kind: LabelKind = LabelKind.ENTITY, annotators: Collection[str] | None = None
    ) -> Counter[tuple[str, ...]]:
        """Token units as sorted label tuples with counts (documents with >= 2 layers)."""
        key = (kind, None if annotators is None else frozenset(annotators))
        if key not in self._units:
            self._units[key] = self._token_units(kind, annotators)
        return self._units[key]

    def _token_units(
        self, kind: LabelKind, annotators: Collection[str] | None
    ) -> Counter[tuple[str, ...]]:
        """Compute ``token_units`` (not cached)."""
        units: Counter[tuple[str, ...]] = Counter()
        agreed: Counter[tuple[str, int]] = Counter()  # (label, layer count) of unanimous tokens
        empty: dict[int, str] = {}
        for doc in self.docs:
            layers = [
                layer.tokens.get(kind, empty)
                for name, layer in doc.layers.items()
                if annotators is None or name in annotators
            ]
            m = len(layers)
            if m < 2:
                continue
            same = layers[0].items() & layers[1].items()
            for other in layers[2:]:
                same &= other.items()
            agreed.update((label, m) for _, label in same)
            marked: set[int] = set().union(*layers)
            if len(same) != len(marked):
                marked.difference_update(map(_TOKEN_OF_ITEM, same))
                units.update(tuple(sorted(t.get(i, OUTSIDE) for t in layers)) for i in marked)
                marked.update(map(_TOKEN_OF_ITEM, same))
            units[(OUTSIDE,) * m] += doc.n_tokens - len(marked)
        for (label, m), count in agreed.items():
            units[(label,) * m] += count
        return units

    def token_alpha(
        self, kind: LabelKind = LabelKind.ENTITY, annotators: Collection[str] | None = None
    ) -> dict[str | None, float]:
        """Alpha over all annotators: per label of ``kind`` (binary), overall at None."""
        units = self.token_units(kind, annotators)
        result: dict[str | None, float] = {None: alpha_from_units(units)}
        for label in sorted({v for key in units for v in key} - {OUTSIDE}):
            result[label] = _binary_alpha(units, label)
        return result

    def label_alpha(self, label: str, annotators: Collection[str] | None = None) -> float:
        """Binary token alpha of ``label`` within its own kind."""
        return _binary_alpha(self.token_units(self.kind_of(label), annotators), label)

    def topic_tables(self, a: str, b: str) -> dict[str, dict[tuple[bool, bool], int]]:
        """Per topic used by ``a`` or ``b``: its 2x2 table over the shared documents."""
        given: Counter[tuple[str, bool, bool]] = Counter()
        shared = 0
        for _, la, lb in self._shared(a, b):
            shared += 1
            given.update((t, t in la.topics, t in lb.topics) for t in la.topics | lb.topics)
        tables: dict[str, dict[tuple[bool, bool], int]] = {}
        for topic in sorted({t for t, _, _ in given}):
            table = {key: given[topic, *key] for key in _BOOL_PAIRS}
            table[False, False] = shared - sum(table.values())
            tables[topic] = table
        return tables

    def topic_kappa(self, a: str, b: str) -> dict[str | None, float]:
        """Binary kappa per topic, pooled kappa over the topics at None."""
        tables = self.topic_tables(a, b)
        pooled: Counter[tuple[bool, bool]] = Counter()
        for table in tables.values():
            pooled.update(table)
        result: dict[str | None, float] = {None: cohen_kappa(pooled)}
        result.update((topic, cohen_kappa(table)) for topic, table in tables.items())
        return result

    def topic_alpha(self, annotators: Collection[str] | None = None) -> dict[str | None, float]:
        """Alpha per topic on (document, topic) units, pooled over topics at None."""
        documents: Counter[int] = Counter()  # documents with >= 2 layers, by layer count
        given: dict[str, Counter[tuple[int, int]]] = {}  # topic -> (layers, givers) -> docs
        for doc in self.docs:
            sets = [
                layer.topics
                for name, layer in doc.layers.items()
                if annotators is None or name in annotators
            ]
            if len(sets) < 2:
                continue
            documents[len(sets)] += 1
            for topic in set().union(*sets):
                given.setdefault(topic, Counter())[len(sets), sum(topic in s for s in sets)] += 1
        pooled: Counter[tuple[bool, ...]] = Counter()
        result: dict[str | None, float] = {}
        for topic in sorted(given):
            units: Counter[tuple[bool, ...]] = Counter()
            for (m, have), count in given[topic].items():
                units[(False,) * (m - have) + (True,) * have] += count
            for m, count in documents.items():  # documents where nobody gave the topic
                units[(False,) * m] += count - sum(
                    c for (k, _), c in given[topic].items() if k == m
                )
            pooled.update(units)
            result[topic] = alpha_from_units(units)
        return {None: alpha_from_units(pooled), **result}

    def pairs(self) -> list[tuple[str, str]]:
        """Annotator pairs in name order."""
        return list(combinations(self.annotators, 2))

    def rows(self, kind: LabelKind = LabelKind.ENTITY) -> list[AgreementRow]:
        """Issue 4's JSON rows: per pair, a row per span label, then the overall row."""
        rows: list[AgreementRow] = []
        for a, b in self.pairs():
            counts = self.span_counts(a, b)
            for label, count in counts.items():
                if label is not None:
                    rows.append(_row(a, b, label, count, self.label_kappa(a, b, label)))
            overall = cohen_kappa(self.confusion(a, b, kind))
            rows.append(_row(a, b, None, counts[None], overall))
        return rows

    def topic_rows(self) -> list[TopicRow]:
        """Per pair, a row per document topic (F1 and kappa), then the pooled row."""
        rows: list[TopicRow] = []
        for a, b in self.pairs():
            tables = self.topic_tables(a, b)
            kappas = self.topic_kappa(a, b)
            pooled = {key: sum(t[key] for t in tables.values()) for key in _BOOL_PAIRS}
            for topic in [*tables, None]:
                table = pooled if topic is None else tables[topic]
                both, total = table[True, True], 2 * table[True, True]
                total += table[True, False] + table[False, True]
                rows.append(
                    {
                        "a": a,
                        "b": b,
                        "topic": topic,
                        "f1": json_value(_f1(both, total)),
                        "kappa": json_value(kappas[topic]),
                    }
                )
        return rows


def _span_order(span: Span) -> tuple[int, int, str]:
    """Sort key making later-starting, then shorter, spans overwrite token labels."""
    return span[0], -span[1], span[2]


def _binary_alpha(units: Mapping[tuple[str, ...], int], label: str) -> float:
    """Alpha of "is ``label`` / is not" from multi-class units."""
    binary: Counter[tuple[bool, ...]] = Counter()
    for values, count in units.items():
        have = values.count(label)
        binary[(False,) * (len(values) - have) + (True,) * have] += count
    return alpha_from_units(binary)


def _row(a: str, b: str, label: str | None, counts: SpanCounts, kappa: float) -> AgreementRow:
    """One JSON-ready row (NaN as None)."""
    return {
        "a": a,
        "b": b,
        "label": label,
        "exact_f1": json_value(counts.exact_f1),
        "overlap_f1": json_value(counts.overlap_f1),
        "kappa": json_value(kappa),
    }


def pair_matrix(
    rows: Iterable[Mapping[str, object]],
    metric: str = "overlap_f1",
    label: str | None = None,
    label_key: str = "label",
) -> tuple[list[str], list[list[float | None]]]:
    """Symmetric annotator-by-annotator matrix of ``metric`` for ``label`` (None: overall).

    Takes ``rows`` output (or ``topic_rows`` with ``label_key="topic"``); the diagonal and
    pairs without a row are None.
    """
    values: dict[tuple[str, str], float | None] = {}
    names: set[str] = set()
    for row in rows:
        a, b, value = str(row["a"]), str(row["b"]), row[metric]
        names.update((a, b))
        if row[label_key] == label:
            values[a, b] = values[b, a] = float(value) if isinstance(value, int | float) else None
    order = sorted(names)
    return order, [[values.get((x, y)) for y in order] for x in order]


def agreement_report(
    documents: Iterable[AgreementDocument],
    *,
    annotators: Collection[str] | None = None,
    labels: Collection[str] | None = None,
    label_kinds: Mapping[str, LabelKind] | None = None,
    kind: LabelKind = LabelKind.ENTITY,
) -> AgreementReport:
    """Everything issue 4 reports, JSON-ready: pair rows, topic rows, alpha, the matrix."""
    data = AgreementData(documents, label_kinds=label_kinds, labels=labels, annotators=annotators)
    return report_of(data, kind)


def report_of(data: AgreementData, kind: LabelKind = LabelKind.ENTITY) -> AgreementReport:
    """``agreement_report`` of documents already prepared (e.g. an ``AgreementData.subset``)."""
    rows = data.rows(kind)
    span_labels = sorted({r["label"] for r in rows if r["label"] is not None})
    alpha_by_kind = {k: data.token_alpha(k) for k in {kind, *map(data.kind_of, span_labels)}}
    topic_alpha = data.topic_alpha()
    names, matrix = pair_matrix(rows, "overlap_f1")
    return {
        "annotators": data.annotators,
        "pairs": rows,
        "topics": data.topic_rows(),
        "alpha": {
            "overall": json_value(alpha_by_kind[kind][None]),
            "labels": {
                label: json_value(alpha_by_kind[data.kind_of(label)].get(label, NAN))
                for label in span_labels
            },
        },
        "topic_alpha": {
            "overall": json_value(topic_alpha[None]),
            "labels": {t: json_value(v) for t, v in topic_alpha.items() if t is not None},
        },
        "matrix": {"annotators": names, "metric": "overlap_f1", "values": matrix},
    }


def agreement_rows(
    documents: Iterable[AgreementDocument],
    *,
    annotators: Collection[str] | None = None,
    labels: Collection[str] | None = None,
    label_kinds: Mapping[str, LabelKind] | None = None,
    kind: LabelKind = LabelKind.ENTITY,
) -> list[AgreementRow]:
    """Issue 4's ``--json`` rows for ``documents`` (see ``AgreementData.rows``)."""
    data = AgreementData(documents, label_kinds=label_kinds, labels=labels, annotators=annotators)
    return data.rows(kind)
