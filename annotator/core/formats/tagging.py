"""Tags of token-level exports (CoNLL, Hugging Face): which spans, which tags, which sentences.

A record becomes sentences of ``(tokens, tags)``: a newline between two words ends a
sentence, except inside a tagged span. Spans whose edges are not token edges are left out
and reported, never moved; so is a span overlapping one already tagged (entities before
quotes, then by start, longer first), since tags cannot overlap.

Two paths give the same result. Documents with their own (CoNLL) tokens, or tokenised
with clitic splitting, go through the offsets of all their words (``tokens.Words``).
Other documents take a path that handles few single tokens in Python: only the lines that
hold a span edge are cut with offsets (one ``re.split``), the other lines' tokens come
from one ``findall`` each, and tags start as ``["O"] * n``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, pairwise
from typing import NamedTuple

from annotator.core.formats.sinks import ExportOptions, Sink
from annotator.core.formats.tokens import (
    TOKENS_META,
    align_spans,
    describe_span,
    document_words,
    sentence_starts,
    split_pattern,
    token_pattern,
)
from annotator.core.model import DocumentRecord, LabelKind
from annotator.core.offsets import has_astral

SCHEMES = ("bio", "iob1", "bioes", "bilou")


class Sentence(NamedTuple):
    """One sentence: its tokens, their tags, and the ``(first, last)`` tokens of each span."""

    tokens: list[str]
    tags: list[str]
    tagged: list[tuple[int, int]]


def scheme_tags(label: str, scheme: str) -> list[str]:
    """Every tag a label can get in a scheme, in a fixed order."""
    prefixes = {"bio": "BI", "iob1": "BI", "bioes": "BIES", "bilou": "BILU"}[scheme]
    return [f"{p}-{label}" for p in prefixes]


def tag_span(tags: list[str], first: int, last: int, label: str, scheme: str, glued: bool) -> None:
    """Write one span's tags; ``glued``: the previous token ends a span of the same label."""
    single = first == last
    if scheme == "bio" or (scheme == "iob1" and glued):
        head = "B-"
    elif scheme == "iob1":
        head = "I-"
    else:
        head = ("S-" if scheme == "bioes" else "U-") if single else "B-"
    tags[first] = head + label
    if not single:
        inside = "I-" + label
        for i in range(first + 1, last):
            tags[i] = inside
        tags[last] = ("E-" if scheme == "bioes" else "L-" if scheme == "bilou" else "I-") + label


def encode_tags(size: int, spans: list[tuple[int, int, str]], scheme: str) -> list[str]:
    """Tags of ``size`` tokens for non-overlapping ``(first, last, label)`` token ranges."""
    tags = ["O"] * size
    end_label: dict[int, str] = {}
    for first, last, label in sorted(spans):
        tag_span(tags, first, last, label, scheme, end_label.get(first - 1) == label)
        end_label[last] = label
    return tags


def _choose(record: DocumentRecord, aligned: list[int], problems: list[str], fmt: str) -> list[int]:
    """The aligned spans to tag (sorted by start); report those overlapping a chosen one."""
    spans = record.spans
    by_start = sorted(aligned, key=lambda i: (spans[i].start, spans[i].end))
    if all(spans[i].end <= spans[j].start for i, j in pairwise(by_start)):
        return by_start  # nothing overlaps: every span is tagged (the usual case)
    kinds = record.label_kinds
    entity = LabelKind.ENTITY
    order = sorted(
        aligned,
        key=lambda i: (kinds.get(spans[i].label, entity) != entity, spans[i].start, -spans[i].end),
    )
    chosen: list[int] = []  # sorted by start; chosen spans never overlap,
    starts: list[int] = []  # so only the neighbours of a new span can clash with it
    for i in order:
        span = spans[i]
        k = bisect_left(starts, span.start)
        clash = next(
            (
                spans[c]
                for c in chosen[max(k - 1, 0) : k + 1]
                if spans[c].start < span.end and span.start < spans[c].end
            ),
            None,
        )
        if clash is not None:
            problems.append(
                f"{describe_span(record, i)} overlaps [{clash.start}, {clash.end}) {clash.label}; "
                f"left out of {fmt} (tags cannot overlap)"
            )
            continue
        chosen.insert(k, i)
        starts.insert(k, span.start)
    return chosen


def _misaligned(record: DocumentRecord, bad: list[int], problems: list[str], fmt: str) -> None:
    """Report the spans whose edges are not token edges."""
    for index in bad:
        problems.append(
            f"{describe_span(record, index)} does not fall on token boundaries; left out of {fmt}"
        )


def tagged_sentences(
    record: DocumentRecord, scheme: str, clitics: bool, problems: list[str], fmt: str
) -> list[Sentence]:
    """The record's sentences with tags; what the tags cannot hold goes to ``problems``."""
    if clitics or TOKENS_META in record.meta or has_astral(record.text):
        return _by_offsets(record, scheme, clitics, problems, fmt)
    text = record.text
    lines = text.split("\n")
    bounds = list(accumulate((len(line) + 1 for line in lines), initial=0))
    split = split_pattern().split
    spans = record.spans
    # The lines of each span's start and end; only those lines are cut with offsets.
    start_lines = [bisect_right(bounds, span.start) - 1 for span in spans]
    end_lines = [bisect_right(bounds, span.end - 1) - 1 for span in spans]
    cut: dict[int, tuple[list[str], list[int], list[int]]] = {}
    for k in {*start_lines, *end_lines}:
        parts = split(lines[k])
        edges = list(accumulate(map(len, parts)))
        cut[k] = (parts[1::2], edges[0:-1:2], edges[1::2])
    # Where each span starts and ends: (line, token in line) of its first and last token.
    where: dict[int, tuple[int, int, int, int]] = {}
    bad: list[int] = []
    for i, (span, k, m) in enumerate(zip(spans, start_lines, end_lines, strict=True)):
        starts = cut[k][1]
        start = span.start - bounds[k]
        first = bisect_left(starts, start)
        ends = cut[m][2]
        end = span.end - bounds[m]
        last = bisect_left(ends, end)
        if (
            first < len(starts)
            and starts[first] == start
            and last < len(ends)
            and ends[last] == end
        ):
            where[i] = (k, first, m, last)
        else:
            bad.append(i)
    _misaligned(record, bad, problems, fmt)
    chosen = _choose(record, list(where), problems, fmt)
    # Sentences: runs of lines, joined where a chosen span runs over a newline.
    joined = [False] * len(lines)
    for c in chosen:
        k, _first, m, _last = where[c]
        for n in range(k + 1, m + 1):
            joined[n] = True
    findall = token_pattern().findall
    out: list[Sentence] = []
    c = 0
    k = 0
    while k < len(lines):
        m = k + 1
        while m < len(lines) and joined[m]:
            m += 1
        base: dict[int, int] = {}  # line -> its first token's index in the sentence
        tokens: list[str] = []
        for n in range(k, m):
            base[n] = len(tokens)
            got = cut.get(n)
            tokens += got[0] if got is not None else findall(lines[n])
        if tokens:
            tags = ["O"] * len(tokens)
            tagged: list[tuple[int, int]] = []
            previous: tuple[int, str] | None = None
            while c < len(chosen) and where[chosen[c]][0] < m:
                line, first, end_line, last = where[chosen[c]]
                first += base[line]
                last += base[end_line]
                label = record.spans[chosen[c]].label
                tag_span(tags, first, last, label, scheme, previous == (first - 1, label))
                tagged.append((first, last))
                previous = (last, label)
                c += 1
            out.append(Sentence(tokens, tags, tagged))
        k = m
    return out


def _by_offsets(
    record: DocumentRecord, scheme: str, clitics: bool, problems: list[str], fmt: str
) -> list[Sentence]:
    """The general path: the document's words with their offsets."""
    words = document_words(record, clitics=clitics)
    aligned, bad = align_spans(record, words)
    if not len(words):
        _misaligned(record, bad, problems, fmt)
        return []
    _misaligned(record, bad, problems, fmt)
    chosen = _choose(record, [a.span for a in aligned if a is not None], problems, fmt)
    ranges = {a.span: (a.first, a.last) for a in aligned if a is not None}
    picked = [(*ranges[i], record.spans[i].label) for i in chosen]
    starts = [
        s for s in sentence_starts(record.text, words) if not any(f < s <= t for f, t, _l in picked)
    ]
    out: list[Sentence] = []
    for a, b in zip(starts, [*starts[1:], len(words)], strict=True):
        local = [(f - a, t - a, label) for f, t, label in picked if a <= f < b]
        tags = encode_tags(b - a, local, scheme)
        out.append(Sentence(words.texts[a:b], tags, [(f, t) for f, t, _l in local]))
    return out


class TagSink(Sink):
    """A sink of token tags, which have no place for relations and topics: it counts them."""

    format_name = "tags"

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)
        self.dropped_relations = 0
        self.dropped_topics = 0

    def sentences(self, record: DocumentRecord) -> list[Sentence]:
        """The record's tagged sentences; its relations and topics are counted as dropped."""
        self.dropped_relations += len(record.relations)
        self.dropped_topics += len(record.topics)
        opts = self.options
        return tagged_sentences(record, opts.scheme, opts.clitics, self.problems, self.format_name)

    def note_dropped(self) -> None:
        """Say, once at the end, what the format had no place for."""
        if self.dropped_relations or self.dropped_topics:
            self.problems.append(
                f"{self.format_name} holds neither relations nor topics: "
                f"{self.dropped_relations} relations and {self.dropped_topics} topics "
                "were not written"
            )
