"""Tags of token-level exports (CoNLL, Hugging Face): which spans, which tags, which sentences.

A record becomes sentences of ``(tokens, tags)``: a newline between two words ends a
sentence, except inside a tagged span. Spans whose edges are not token edges are left out
and reported, never moved; so is a span overlapping one already tagged (entities before
quotes, then by start, longer first), since tags cannot overlap.

Two paths give the same result. Documents with their own (CoNLL) tokens, or tokenised
with clitic splitting, or holding astral characters, go through the offsets of all their
words (``tokens.Words``). Other documents are cut at the edges of the spans to tag
(``segments``): their tokens come as strings from one ``findall`` per line, and tags
start as ``["O"] * n``; no offsets, and few single tokens handled in Python.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from annotator.core.formats.segments import free_mark, line_pieces, marked_lines, on_token_edges
from annotator.core.formats.sinks import ExportOptions, Sink
from annotator.core.formats.tokens import (
    TOKENS_META,
    align_spans,
    describe_span,
    document_words,
    sentence_starts,
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


class SpanTags(NamedTuple):
    """The tags of one span's tokens: a lone token's, and else the first, inner and last."""

    single: str
    first: str
    inside: str
    last: str


@cache
def span_tags(label: str, scheme: str, glued: bool) -> SpanTags:
    """One span's tags; ``glued``: the token before it ends a span of the same label.

    Cached: an export asks for the same few labels' tags hundreds of thousands of times.
    """
    if scheme == "bio" or (scheme == "iob1" and glued) or scheme in ("bioes", "bilou"):
        first = "B-"
    else:  # IOB1 begins a span with I- unless it follows one of the same label
        first = "I-"
    single = {"bioes": "S-", "bilou": "U-"}.get(scheme, first)
    last = {"bioes": "E-", "bilou": "L-"}.get(scheme, "I-")
    return SpanTags(single + label, first + label, "I-" + label, last + label)


def tag_span(tags: list[str], first: int, last: int, label: str, scheme: str, glued: bool) -> None:
    """Write one span's tags; ``glued``: the previous token ends a span of the same label."""
    names = span_tags(label, scheme, glued)
    if first == last:
        tags[first] = names.single
        return
    tags[first] = names.first
    tags[first + 1 : last] = [names.inside] * (last - first - 1)
    tags[last] = names.last


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
    # The usual case: spans read in order of start that do not overlap are all tagged.
    if all(spans[i].end <= spans[j].start for i, j in pairwise(aligned)):
        return aligned
    by_start = sorted(aligned, key=lambda i: (spans[i].start, spans[i].end))
    if all(spans[i].end <= spans[j].start for i, j in pairwise(by_start)):
        return by_start  # nothing overlaps, in another order
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


def plain_mark(record: DocumentRecord, clitics: bool) -> str | None:
    """The mark to tag the record by marked lines (``segments``), or None if it cannot be.

    Those are the records whose tokens are the plain tokenizer's over BMP text, without
    their own (CoNLL) tokens or clitic splitting, and whose text leaves a mark free; the
    others are tagged through their words' offsets.
    """
    text = record.text
    if clitics or TOKENS_META in record.meta or has_astral(text):
        return None
    return free_mark(text)


def tagged_lines(
    record: DocumentRecord, mark: str, problems: list[str], fmt: str
) -> tuple[Iterator[str], list[str]]:
    """A plain-token record's sentences, marked at the spans it can tag (``segments``).

    Returns the sentences (tokens joined by spaces, each chosen span between two
    ``mark``s, from ``plain_mark``) and the chosen spans' labels in order. Spans off token
    edges, then spans overlapping one already chosen, go to ``problems`` at once.
    """
    text = record.text
    aligned: list[int] = []
    bad: list[int] = []
    for index, span in enumerate(record.spans):
        (aligned if on_token_edges(text, span) else bad).append(index)
    _misaligned(record, bad, problems, fmt)
    chosen = _choose(record, aligned, problems, fmt)
    labels = [record.spans[index].label for index in chosen]
    return marked_lines(record, chosen, mark), labels


def marked_sentence(line: str, mark: str, labels: Iterator[str], scheme: str) -> Sentence:
    """One sentence's tokens and tags from its marked line (``tagged_lines``)."""
    tokens: list[str] = []
    tags: list[str] = []
    tagged: list[tuple[int, int]] = []
    for words, label, glued in line_pieces(line, mark, labels):
        got = words.split(" ")
        if label is None:
            tags += ["O"] * len(got)
        else:
            tagged.append((len(tokens), len(tokens) + len(got) - 1))
            tags += [""] * len(got)
            tag_span(tags, tagged[-1][0], tagged[-1][1], label, scheme, glued)
        tokens += got
    return Sentence(tokens, tags, tagged)


def tagged_sentences(
    record: DocumentRecord, scheme: str, clitics: bool, problems: list[str], fmt: str
) -> list[Sentence]:
    """The record's sentences with tags; what the tags cannot hold goes to ``problems``."""
    mark = plain_mark(record, clitics)
    if mark is None:
        return _by_offsets(record, scheme, clitics, problems, fmt)
    lines, labels = tagged_lines(record, mark, problems, fmt)
    remaining = iter(labels)
    return [marked_sentence(line, mark, remaining, scheme) for line in lines]


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

    def count_dropped(self, record: DocumentRecord) -> None:
        """Count the record's relations and topics, which the format has no place for."""
        self.dropped_relations += len(record.relations)
        self.dropped_topics += len(record.topics)

    def sentences(self, record: DocumentRecord) -> list[Sentence]:
        """The record's tagged sentences; its relations and topics are counted as dropped."""
        self.count_dropped(record)
        opts = self.options
        out = tagged_sentences(record, opts.scheme, opts.clitics, self.problems, self.format_name)
        self.spans_written += sum(len(sentence.tagged) for sentence in out)
        return out

    def note_dropped(self) -> None:
        """Say, once at the end, what the format had no place for."""
        if self.dropped_relations or self.dropped_topics:
            self.problems.append(
                f"{self.format_name} holds neither relations nor topics: "
                f"{self.dropped_relations} relations and {self.dropped_topics} topics "
                "were not written"
            )
