"""Agreement as per-document counts that add up: computed once per document, then summed.

Every agreement figure of ``core.metrics`` is a function of integer counts that are sums
over documents: per annotator pair and label the span counts (sizes, exact and overlap
matches), per pair and kind the token confusion ``(label by a, label by b)``, per kind the
token units (the sorted labels the layers gave one token), per pair and topic the 2x2
table of document topics and per topic the (layers, givers) counts of topic alpha. So a
document's counts are computed once (here, for many documents at once with numpy) and
kept; the figures over any set of documents (all, one day's) are the report of their
summed counts (``SummedAgreement``, which answers exactly as ``AgreementData`` over the
same documents). An edit changes one document's counts only.

Counts are keyed by *cells*, plain tuples (see ``Cell``); ``DocumentCounts`` holds, for a
batch of documents, rows ``(document position, cell id, count)`` with cell ids from a
``Cells`` registry shared by every batch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from annotator.core.metrics import (
    NAN,
    OUTSIDE,
    AgreementData,
    SpanCounts,
    alpha_from_units,
    default_kind,
    json_value,
    overlap_matches,
)
from annotator.core.model import LabelKind
from annotator.core.token_arrays import token_arrays

Cell = tuple[Any, ...]
"""``("annotator", a)``, ``("span", a, b, label, field)`` (field ``n_a, n_b, exact,
overlap``), ``("conf", a, b, kind, x, y)``, ``("unit", kind, labels)``, ``("shared", a,
b)``, ``("topic", a, b, topic, has_a, has_b)``, ``("tdocs", m)``, ``("tgiven", topic, m,
have)``; ``a < b`` are annotator names, ``kind`` a ``LabelKind`` value."""
IntArray = npt.NDArray[np.int64]
AnyInts = npt.NDArray[np.integer[Any]]
_KINDS = tuple(LabelKind)
KEY_LIMIT = 2**62
"""Several codes are packed into one integer key only below this (else rows are sorted)."""


class Cells:
    """Cell ids: one registry for every batch whose counts are summed together."""

    def __init__(self) -> None:
        self.ids: dict[Cell, int] = {}
        self.cells: list[Cell] = []

    def id(self, cell: Cell) -> int:
        """The id of ``cell``, given on first use."""
        found = self.ids.get(cell)
        if found is None:
            found = self.ids[cell] = len(self.cells)
            self.cells.append(cell)
        return found


@dataclass(frozen=True, slots=True)
class LayerInput:
    """One annotator layer of a batch: its document (position), owner, spans and topics."""

    document: int
    annotator: str
    spans: Sequence[tuple[int, int, str]]
    topics: Iterable[str]


@dataclass(frozen=True, slots=True)
class Batch:
    """Documents to count, as arrays: texts, their layers, the layers' spans and topics.

    Layers are positions ``0..len(layer_doc)-1``; spans and topics name their layer by
    position and their label by position in ``labels``.
    """

    texts: Sequence[str]
    layer_doc: IntArray
    layer_owner: Sequence[str]
    span_layer: IntArray
    span_start: IntArray
    span_end: IntArray
    span_label: IntArray
    topic_layer: IntArray
    topic_label: IntArray
    labels: Sequence[str]

    @classmethod
    def of(cls, texts: Sequence[str], layers: Sequence[LayerInput]) -> Batch:
        """A batch from plain layers (small inputs: tests, a few documents)."""
        labels = sorted(
            {label for x in layers for _, _, label in x.spans}
            | {t for x in layers for t in x.topics}
        )
        code = {name: i for i, name in enumerate(labels)}
        spans = [(i, s, e, code[x]) for i, layer in enumerate(layers) for s, e, x in layer.spans]
        topics = [(i, code[t]) for i, layer in enumerate(layers) for t in set(layer.topics)]
        span_cols = np.array(spans, np.int64).reshape(-1, 4).T
        topic_cols = np.array(topics, np.int64).reshape(-1, 2).T
        return cls(
            texts,
            np.array([x.document for x in layers], np.int64),
            [x.annotator for x in layers],
            span_cols[0],
            span_cols[1],
            span_cols[2],
            span_cols[3],
            topic_cols[0],
            topic_cols[1],
            labels,
        )


@dataclass(slots=True)
class DocumentCounts:
    """Rows ``(document position, cell id, count)`` of a batch (positions into its texts)."""

    documents: IntArray
    cells: IntArray
    counts: IntArray


class _Rows:
    """Rows gathered while counting a batch."""

    def __init__(self, cells: Cells) -> None:
        self.cells = cells
        self.docs: list[IntArray] = []
        self.ids: list[IntArray] = []
        self.counts: list[IntArray] = []

    def one(self, docs: IntArray, cell: Cell, counts: IntArray) -> None:
        """Rows of documents ``docs``, all of ``cell``."""
        if len(docs):
            self.docs.append(docs)
            self.ids.append(np.full(len(docs), self.cells.id(cell), np.int64))
            self.counts.append(counts)

    def emit(
        self,
        docs: IntArray,
        parts: IntArray,
        size: int,
        cell: Callable[[int], Cell],
        weights: IntArray | None = None,
    ) -> None:
        """Rows per (document, part): how many entries (or their summed ``weights``) each
        has; ``parts`` are codes below ``size``, named as cells by ``cell``."""
        if not len(docs):
            return
        keys, inverse = np.unique(docs * size + parts, return_inverse=True)
        sums = np.bincount(inverse.reshape(-1), weights=weights, minlength=len(keys))
        self._keyed(keys, sums.astype(np.int64), size, cell)

    def _keyed(
        self, keys: IntArray, sums: IntArray, size: int, cell: Callable[[int], Cell]
    ) -> None:
        """Rows of distinct ascending keys ``document * size + part`` and their sums."""
        parts = keys % size
        if size <= 4 * len(parts) + 4096:  # the parts present, found without a sort
            present = np.zeros(size, bool)
            present[parts] = True
            distinct = np.flatnonzero(present)
            which = (np.cumsum(present) - 1)[parts]
        else:
            distinct, which = np.unique(parts, return_inverse=True)
        ids = np.fromiter((self.cells.id(cell(int(c))) for c in distinct), np.int64, len(distinct))
        self.docs.append(keys // size)
        self.ids.append(ids[which.reshape(-1)])
        self.counts.append(sums)

    def dense(self, values: IntArray, size: int, cell: Callable[[int], Cell]) -> None:
        """Rows of a dense ``document * size + part`` array (its non-zero entries, whose
        positions are the distinct ascending keys ``emit`` would sort them into)."""
        where = np.flatnonzero(values)
        if len(where):
            self._keyed(where, values[where].astype(np.int64), size, cell)

    def result(self) -> DocumentCounts:
        if not self.docs:
            empty = np.zeros(0, np.int64)
            return DocumentCounts(empty, empty.copy(), empty.copy())
        counts = np.concatenate(self.counts)
        keep = counts != 0
        return DocumentCounts(
            np.concatenate(self.docs)[keep], np.concatenate(self.ids)[keep], counts[keep]
        )


def document_counts(
    batch: Batch, cells: Cells, label_kinds: Mapping[str, LabelKind] | None = None
) -> DocumentCounts:
    """The counts of each document of ``batch`` (positions into its texts).

    A document counts if it has a layer; pairs are the annotators of a document in name
    order; one layer per annotator and document. Definitions are those of
    ``core.metrics`` (tokens of ``arabic.tokenize``, identical spans of a layer once, the
    token label rule, the topic tables).
    """
    rows = _Rows(cells)
    kinds_of = dict(label_kinds or {})
    names = sorted(set(batch.layer_owner))
    ann_index = {name: i for i, name in enumerate(names)}
    n_docs, n_ann = len(batch.texts), len(names)
    if not len(batch.layer_doc):
        return rows.result()
    tokens = token_arrays(batch.texts)
    n_tok = tokens.counts()
    present = np.zeros((n_docs, n_ann), dtype=bool)
    layer_doc = batch.layer_doc
    layer_ann = np.array([ann_index[x] for x in batch.layer_owner], np.int64)
    present[layer_doc, layer_ann] = True
    m = present.sum(axis=1)
    for a, name in enumerate(names):
        docs = np.flatnonzero(present[:, a])
        rows.one(docs, ("annotator", name), np.ones(len(docs), np.int64))
    pairs = list(combinations(range(n_ann), 2))
    shared = {(a, b): present[:, a] & present[:, b] for a, b in pairs}

    # Labels coded in name order (with OUTSIDE), so sorted codes are sorted names.
    label_names = sorted({*batch.labels, OUTSIDE})
    code = {name: i for i, name in enumerate(label_names)}
    rank = np.array([code[x] for x in batch.labels] or [0], np.int64)
    n_labels = len(label_names)
    kind_codes = np.array(
        [_KINDS.index(kinds_of.get(n) or default_kind(n)) for n in label_names], np.int64
    )
    sp_layer, sp_start, sp_end = batch.span_layer, batch.span_start, batch.span_end
    sp_label = rank[batch.span_label]
    sp_kind = kind_codes[sp_label]
    # Later-starting, then shorter, then later-named spans overwrite token labels.
    reach = int(sp_end.max()) + 1 if len(sp_end) else 1
    n_kinds = len(_KINDS)
    if len(layer_doc) * n_kinds * reach * reach * n_labels < KEY_LIMIT:
        # One integer per span in that order: sorted and made distinct at once (identical
        # spans of a layer count once), each column read back from it.
        key = ((sp_layer * n_kinds + sp_kind) * reach + sp_start) * reach + (reach - 1 - sp_end)
        key, sp_label = np.divmod(_distinct(key * n_labels + sp_label), n_labels)
        key, back = np.divmod(key, reach)
        sp_end = reach - 1 - back
        key, sp_start = np.divmod(key, reach)
        sp_layer, sp_kind = np.divmod(key, n_kinds)
    elif len(sp_layer):
        order = np.lexsort((sp_label, -sp_end, sp_start, sp_kind, sp_layer))
        sp_layer, sp_start, sp_end = sp_layer[order], sp_start[order], sp_end[order]
        sp_label, sp_kind = sp_label[order], sp_kind[order]
        keep = np.ones(len(order), dtype=bool)
        keep[1:] = ~(
            (sp_layer[1:] == sp_layer[:-1])
            & (sp_start[1:] == sp_start[:-1])
            & (sp_end[1:] == sp_end[:-1])
            & (sp_label[1:] == sp_label[:-1])
        )
        sp_layer, sp_start, sp_end = sp_layer[keep], sp_start[keep], sp_end[keep]
        sp_label, sp_kind = sp_label[keep], sp_kind[keep]
    spans = _Spans(layer_doc[sp_layer], layer_ann[sp_layer], sp_start, sp_end, sp_label)
    _span_rows(rows, names, pairs, shared, spans, label_names, n_docs)

    # Token labels: the tokens each span overlaps, the last span in order winning.
    base = tokens.offsets[spans.doc]
    first = np.searchsorted(tokens.ends, base + sp_start, side="right")
    last = np.searchsorted(tokens.starts, base + sp_end, side="left")
    width = np.maximum(last - first, 0)
    total = int(width.sum())
    which = np.repeat(np.arange(len(width), dtype=np.int64), width)
    step = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(width) - width, width)
    token = first[which] + step
    n_all = max(int(tokens.first[-1]), 1)
    key = (sp_layer[which] * len(_KINDS) + sp_kind[which]) * n_all + token
    by_key = np.argsort(key, kind="stable")
    sorted_key = key[by_key]
    winner = np.ones(total, dtype=bool)
    winner[:-1] = sorted_key[1:] != sorted_key[:-1]
    won = which[by_key[winner]]
    tok = token[by_key[winner]]
    tok_kind = sp_kind[won]
    for k, kind in enumerate(_KINDS):
        mine = tok_kind == k
        marks = _Marks(tok[mine], spans.ann[won[mine]], sp_label[won[mine]])
        _token_rows(
            rows, kind, names, pairs, shared, present, m, n_tok, tokens.first, marks, label_names
        )
    t_keys = _distinct(batch.topic_layer * n_labels + rank[batch.topic_label])
    t_layer, t_topic = t_keys // n_labels, t_keys % n_labels
    topics = _Topics(layer_doc[t_layer], layer_ann[t_layer], t_topic)
    _topic_rows(rows, names, pairs, shared, m, topics, label_names)
    return rows.result()


def _distinct(values: IntArray) -> IntArray:
    """``np.unique(values)``: sorted, each once. (NumPy 2's ``unique`` without
    ``return_*`` hashes, which takes 3-4 times as long on these integer keys.)"""
    ordered = np.sort(values)
    if len(ordered) > 1:
        ordered = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    return ordered


@dataclass(frozen=True, slots=True)
class _Spans:
    doc: IntArray
    ann: IntArray
    start: IntArray
    end: IntArray
    label: IntArray


@dataclass(frozen=True, slots=True)
class _Marks:
    token: IntArray
    ann: IntArray
    label: IntArray


@dataclass(frozen=True, slots=True)
class _Topics:
    doc: IntArray
    ann: IntArray
    topic: IntArray


def _span_rows(
    rows: _Rows,
    names: list[str],
    pairs: list[tuple[int, int]],
    shared: dict[tuple[int, int], npt.NDArray[np.bool_]],
    sp: _Spans,
    label_names: list[str],
    n_docs: int,
) -> None:
    """Per pair and label: spans of each side, exact matches, overlap matches."""
    size = len(label_names)
    groups = n_docs * size
    group = sp.doc * size + sp.label
    # One integer per span (group, start, end) when it fits in 63 bits, else sorted by rows.
    width = int(sp.end.max()) + 1 if len(sp.end) else 1
    whole = None
    if groups * width * width < KEY_LIMIT:
        whole = (group * width + sp.start) * width + sp.end
    for a, b in pairs:
        both = shared[a, b][sp.doc]
        side_a = both & (sp.ann == a)
        side_b = both & (sp.ann == b)
        n_a = np.bincount(group[side_a], minlength=groups)
        n_b = np.bincount(group[side_b], minlength=groups)
        mine = np.flatnonzero(side_a | side_b)
        # A span both layers have sits next to itself in order (each layer holds it once).
        if whole is not None:
            ordered = np.sort(whole[mine])
            matched = ordered[:-1][ordered[1:] == ordered[:-1]] // (width * width)
        else:
            order = mine[np.lexsort((sp.end[mine], sp.start[mine], group[mine]))]
            same = (
                (group[order[1:]] == group[order[:-1]])
                & (sp.start[order[1:]] == sp.start[order[:-1]])
                & (sp.end[order[1:]] == sp.end[order[:-1]])
            )
            matched = group[order[:-1][same]]
        exact = np.bincount(matched, minlength=groups)
        overlap = exact.copy()
        open_groups = (exact < n_a) & (exact < n_b)
        if open_groups.any():
            ranges: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
            for i in mine[open_groups[group[mine]]].tolist():
                ranges[int(group[i]), int(sp.ann[i] == b)].append(
                    (int(sp.start[i]), int(sp.end[i]))
                )
            for g in np.flatnonzero(open_groups).tolist():
                overlap[g] = overlap_matches(ranges[g, 0], ranges[g, 1])
        for field, values in (("n_a", n_a), ("n_b", n_b), ("exact", exact), ("overlap", overlap)):
            prefix = ("span", names[a], names[b])
            rows.dense(values, size, lambda x: (*prefix, label_names[x], field))  # noqa: B023


def _token_rows(
    rows: _Rows,
    kind: LabelKind,
    names: list[str],
    pairs: list[tuple[int, int]],
    shared: dict[tuple[int, int], npt.NDArray[np.bool_]],
    present: npt.NDArray[np.bool_],
    m: IntArray,
    n_tok: IntArray,
    doc_first: IntArray,
    marks: _Marks,
    label_names: list[str],
) -> None:
    """Token confusion per pair and token units of one kind."""
    size = len(label_names)
    outside = label_names.index(OUTSIDE)
    marked, inverse = np.unique(marks.token, return_inverse=True)
    row_doc = np.searchsorted(doc_first, marked, side="right") - 1
    missing = size  # sorts after every label
    table = np.where(present[row_doc], outside, missing).astype(np.int64)
    table[inverse.reshape(-1), marks.ann] = marks.label
    unmarked = n_tok - np.bincount(row_doc, minlength=len(n_tok))
    value = kind.value
    for a, b in pairs:
        sel = shared[a, b][row_doc]
        rows.emit(
            row_doc[sel],
            table[sel, a] * size + table[sel, b],
            size * size,
            partial(_conf_cell, ("conf", names[a], names[b], value), size, label_names),
        )
        both = np.flatnonzero(shared[a, b])
        rows.one(both, ("conf", names[a], names[b], value, OUTSIDE, OUTSIDE), unmarked[both])
    # Units: documents with two or more layers; a unit's labels sorted (codes sort as names).
    pairable = m >= 2
    sel = pairable[row_doc]
    if sel.any():
        values = np.sort(table[sel], axis=1)
        base = size + 1
        if base ** len(names) * len(n_tok) < KEY_LIMIT:
            digits = base ** np.arange(len(names), dtype=np.int64)
            rows.emit(
                row_doc[sel],
                values @ digits,
                base ** len(names),
                lambda c: ("unit", value, _unit(c, base, len(names), label_names)),
            )
        else:  # many annotators: group whole rows
            unique, inverse, n = np.unique(
                np.column_stack([row_doc[sel], values]),
                axis=0,
                return_inverse=True,
                return_counts=True,
            )
            for row, count in zip(unique.tolist(), n.tolist(), strict=True):
                cell = ("unit", value, tuple(label_names[x] for x in row[1:] if x != missing))
                rows.one(np.array([row[0]], np.int64), cell, np.array([count], np.int64))
    in_units = np.flatnonzero(pairable)
    for n_layers in np.unique(m[in_units]).tolist():
        of_size = in_units[m[in_units] == n_layers]
        rows.one(of_size, ("unit", value, (OUTSIDE,) * n_layers), unmarked[of_size])


def _conf_cell(prefix: Cell, size: int, label_names: list[str], code: int) -> Cell:
    """A confusion cell from ``code`` = label by a * size + label by b."""
    return (*prefix, label_names[code // size], label_names[code % size])


def _topic_cell(prefix: Cell, label_names: list[str], code: int) -> Cell:
    """A topic table cell from ``code`` = topic * 4 + (1 if a has it) + (2 if b has it)."""
    return (*prefix, label_names[code // 4], bool(code & 1), bool(code & 2))


def _unit(code: int, base: int, width: int, label_names: list[str]) -> tuple[str, ...]:
    """The labels of a unit code (digits in base ``base``, missing ones left out)."""
    labels = []
    for _ in range(width):
        code, digit = divmod(code, base)
        if digit < len(label_names):
            labels.append(label_names[digit])
    return tuple(labels)


def _topic_rows(
    rows: _Rows,
    names: list[str],
    pairs: list[tuple[int, int]],
    shared: dict[tuple[int, int], npt.NDArray[np.bool_]],
    m: IntArray,
    topics: _Topics,
    label_names: list[str],
) -> None:
    """Per pair the shared documents and topic tables; per topic the alpha counts."""
    size = len(label_names)
    for a, b in pairs:
        docs = np.flatnonzero(shared[a, b])
        rows.one(docs, ("shared", names[a], names[b]), np.ones(len(docs), np.int64))
        sel = shared[a, b][topics.doc] & ((topics.ann == a) | (topics.ann == b))
        if sel.any():
            bit = np.where(topics.ann[sel] == a, 1, 2)
            keys, inverse = np.unique(
                topics.doc[sel] * size + topics.topic[sel], return_inverse=True
            )
            given = np.bincount(inverse.reshape(-1), weights=bit).astype(np.int64)
            rows.emit(
                keys // size,
                (keys % size) * 4 + given,
                size * 4,
                partial(_topic_cell, ("topic", names[a], names[b]), label_names),
            )
    pairable = np.flatnonzero(m >= 2)
    for n_layers in np.unique(m[pairable]).tolist():
        of_size = pairable[m[pairable] == n_layers]
        rows.one(of_size, ("tdocs", n_layers), np.ones(len(of_size), np.int64))
    sel = (m >= 2)[topics.doc]
    if sel.any():
        keys, have = np.unique(topics.doc[sel] * size + topics.topic[sel], return_counts=True)
        docs = keys // size
        top = len(names) + 1
        rows.emit(
            docs,
            ((keys % size) * top + m[docs]) * top + have,
            size * top * top,
            lambda c: ("tgiven", label_names[c // (top * top)], (c // top) % top, c % top),
        )


def summed(counts: Iterable[tuple[AnyInts, AnyInts]], cells: Cells) -> dict[Cell, int]:
    """Total per cell of rows ``(cell ids, counts)``."""
    parts = list(counts)
    if not parts:
        return {}
    ids = np.concatenate([p[0] for p in parts])
    values = np.concatenate([p[1] for p in parts])
    totals = np.bincount(ids, weights=values, minlength=len(cells.cells))
    return {cells.cells[i]: int(totals[i]) for i in np.flatnonzero(totals)}


def trend_cell(cell: Cell) -> bool:
    """Whether ``trend_figures`` reads ``cell``."""
    kind = cell[0]
    return bool(
        kind == "annotator"
        or (kind == "span" and cell[4] != "exact")
        or (kind == "unit" and cell[1] == LabelKind.ENTITY.value)
    )


def trend_figures(totals: Mapping[Cell, int]) -> tuple[list[float | None], float | None]:
    """Of summed counts: each pair's overall overlap F1 (pairs in name order) and the entity
    token alpha, as ``report_of`` gives them (None where undefined), reading only the cells
    ``trend_cell`` keeps."""
    names: list[str] = []
    sizes: Counter[tuple[str, str]] = Counter()
    matches: Counter[tuple[str, str]] = Counter()
    units: Counter[tuple[str, ...]] = Counter()
    entity = LabelKind.ENTITY.value
    for cell, n in totals.items():
        kind = cell[0]
        if kind == "annotator":
            names.append(cell[1])
        elif kind == "span":
            if cell[4] == "overlap":
                matches[cell[1], cell[2]] += n
            elif cell[4] != "exact":
                sizes[cell[1], cell[2]] += n
        elif kind == "unit" and cell[1] == entity:
            units[cell[2]] += n
    f1s = [
        json_value(2 * matches[pair] / sizes[pair] if sizes[pair] else NAN)
        for pair in combinations(sorted(names), 2)
    ]
    return f1s, json_value(alpha_from_units(units))


def trend_figures_by_day(
    days: IntArray, cell_ids: IntArray, counts: IntArray, cells: Sequence[Cell], n_days: int
) -> list[tuple[list[float | None], float | None]]:
    """``trend_figures`` of each day ``0..n_days-1`` at once, from rows ``(day, cell id,
    count)`` whose ``(day, cell id)`` are distinct: the spans' sizes and matches of each
    day and pair summed with numpy, the annotators and entity units gathered per day; the
    very floats ``trend_figures`` gives (integer sums, the same divisions)."""
    entity = LabelKind.ENTITY.value
    pair_of: dict[tuple[str, str], int] = {}
    size_pair = np.full(len(cells), -1, np.int64)
    match_pair = np.full(len(cells), -1, np.int64)
    named = np.zeros(len(cells), bool)
    unit = np.zeros(len(cells), bool)
    for i, cell in enumerate(cells):
        kind = cell[0]
        if kind == "annotator":
            named[i] = True
        elif kind == "span" and cell[4] != "exact":
            pair = pair_of.setdefault((cell[1], cell[2]), len(pair_of))
            (match_pair if cell[4] == "overlap" else size_pair)[i] = pair
        elif kind == "unit" and cell[1] == entity:
            unit[i] = True
    n_pairs = max(len(pair_of), 1)

    def per_pair(pair_ids: IntArray) -> list[list[int]]:
        mine = pair_ids[cell_ids] >= 0
        key = days[mine] * n_pairs + pair_ids[cell_ids[mine]]
        sums = np.zeros(n_days * n_pairs, np.int64)
        np.add.at(sums, key, counts[mine])
        found: list[list[int]] = sums.reshape(n_days, n_pairs).tolist()
        return found

    sizes, matches = per_pair(size_pair), per_pair(match_pair)
    names: list[list[str]] = [[] for _ in range(n_days)]
    for day, cell in zip(
        days[named[cell_ids]].tolist(), cell_ids[named[cell_ids]].tolist(), strict=True
    ):
        names[day].append(cells[cell][1])
    units: list[Counter[tuple[str, ...]]] = [Counter() for _ in range(n_days)]
    mine = unit[cell_ids]
    for day, cell, n in zip(
        days[mine].tolist(), cell_ids[mine].tolist(), counts[mine].tolist(), strict=True
    ):
        units[day][cells[cell][2]] += n
    out: list[tuple[list[float | None], float | None]] = []
    for day in range(n_days):
        f1s = []
        for a, b in combinations(sorted(names[day]), 2):
            at = pair_of.get((a, b))
            size = sizes[day][at] if at is not None else 0
            match = matches[day][at] if at is not None else 0
            f1s.append(json_value(2 * match / size if size else NAN))
        out.append((f1s, json_value(alpha_from_units(units[day]))))
    return out


class SummedAgreement(AgreementData):
    """``AgreementData`` answering from summed cell counts (``report_of`` takes it)."""

    def __init__(
        self, totals: Mapping[Cell, int], label_kinds: Mapping[str, LabelKind] | None = None
    ) -> None:
        """Sort ``totals`` by cell type (no documents kept: only their counts)."""
        self._label_kinds = dict(label_kinds or {})
        self._kinds = {}
        self.docs = []
        self._confusions = {}
        self._units = {}
        self.annotators = sorted(c[1] for c in totals if c[0] == "annotator")
        self._spans: dict[tuple[str, str], dict[str, SpanCounts]] = defaultdict(dict)
        self._conf: dict[tuple[str, str, LabelKind], Counter[tuple[str, str]]] = defaultdict(
            Counter
        )
        self._unit_counts: dict[LabelKind, Counter[tuple[str, ...]]] = defaultdict(Counter)
        self._shared_docs: dict[tuple[str, str], int] = {}
        self._topics: dict[tuple[str, str], Counter[tuple[str, bool, bool]]] = defaultdict(Counter)
        self._tdocs: Counter[int] = Counter()
        self._tgiven: dict[str, Counter[tuple[int, int]]] = {}
        for cell, n in totals.items():
            kind = cell[0]
            if kind == "span":
                _, a, b, label, field = cell
                counts = self._spans[a, b].setdefault(label, SpanCounts())
                setattr(counts, field, getattr(counts, field) + n)
            elif kind == "conf":
                _, a, b, value, x, y = cell
                self._conf[a, b, LabelKind(value)][x, y] += n
            elif kind == "unit":
                self._unit_counts[LabelKind(cell[1])][cell[2]] += n
            elif kind == "shared":
                self._shared_docs[cell[1], cell[2]] = n
            elif kind == "topic":
                _, a, b, topic, has_a, has_b = cell
                self._topics[a, b][topic, has_a, has_b] += n
            elif kind == "tdocs":
                self._tdocs[cell[1]] += n
            elif kind == "tgiven":
                self._tgiven.setdefault(cell[1], Counter())[cell[2], cell[3]] += n

    def span_counts(self, a: str, b: str) -> dict[str | None, SpanCounts]:
        """As ``AgreementData.span_counts``, from the sums."""
        overall = SpanCounts()
        per_label: dict[str | None, SpanCounts] = {None: overall}
        known = self._spans.get((a, b), {})
        for label in sorted(known):
            c = known[label]
            if c.n_a or c.n_b:
                per_label[label] = SpanCounts(c.n_a, c.n_b, c.exact, c.overlap)
                overall.add(per_label[label])
        return per_label

    def confusion(self, a: str, b: str, kind: LabelKind) -> Counter[tuple[str, str]]:
        """As ``AgreementData.confusion``, from the sums."""
        return self._conf.get((a, b, kind), Counter())

    def _token_units(
        self, kind: LabelKind, annotators: Iterable[str] | None
    ) -> Counter[tuple[str, ...]]:
        """Token units of all annotators (the sums know no other choice)."""
        if annotators is not None and set(annotators) != set(self.annotators):
            raise ValueError("summed counts hold units of all annotators only")
        return self._unit_counts.get(kind, Counter())

    def topic_tables(self, a: str, b: str) -> dict[str, dict[tuple[bool, bool], int]]:
        """As ``AgreementData.topic_tables``, from the sums."""
        given = self._topics.get((a, b), Counter())
        shared = self._shared_docs.get((a, b), 0)
        tables: dict[str, dict[tuple[bool, bool], int]] = {}
        for topic in sorted({t for t, _, _ in given}):
            table = {(x, y): given[topic, x, y] for x, y in _PAIRS}
            table[False, False] = shared - sum(table.values())
            tables[topic] = table
        return tables

    def topic_alpha(self, annotators: Iterable[str] | None = None) -> dict[str | None, float]:
        """As ``AgreementData.topic_alpha``, from the sums."""
        if annotators is not None and set(annotators) != set(self.annotators):
            raise ValueError("summed counts hold topic units of all annotators only")
        pooled: Counter[tuple[bool, ...]] = Counter()
        result: dict[str | None, float] = {}
        for topic in sorted(self._tgiven):
            given = self._tgiven[topic]
            units: Counter[tuple[bool, ...]] = Counter()
            for (size, have), count in given.items():
                units[(False,) * (size - have) + (True,) * have] += count
            for size, count in self._tdocs.items():
                units[(False,) * size] += count - sum(c for (k, _), c in given.items() if k == size)
            pooled.update(units)
            result[topic] = alpha_from_units(units)
        return {None: alpha_from_units(pooled), **result}


_PAIRS = ((True, True), (True, False), (False, True), (False, False))
