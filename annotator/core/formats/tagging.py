"""Tags of token-level exports (CoNLL, Hugging Face): which spans, which tags, which sentences.

A record becomes sentences of ``(tokens, tags)``: a newline between two words ends a
sentence, except inside a tagged span. Spans whose edges are not token edges are left out
and reported, never moved; so is a span overlapping one already tagged (entities before
quotes, then by start, longer first), since tags cannot overlap.

Two paths give the same result. Documents with their own (CoNLL) tokens, or tokenised
with clitic splitting, go through the token offsets (``tokens.Words``). Other documents
take a fast path that never handles single tokens in Python: token edges are checked at
the span edges only, each sentence's tokens come from one ``findall`` of the tokenizer's
pattern, and its tags start as ``["O"] * n``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate, pairwise
from typing import NamedTuple

from annotator.core.formats.tokens import (
    GAPS,
    TOKENS_META,
    align_spans,
    describe_span,
    document_words,
    glued_pattern,
    has_astral,
    sentence_starts,
    split_pattern,
    token_pattern,
)
from annotator.core.model import DocumentRecord, LabelKind

SCHEMES = ("bio", "iob1", "bioes", "bilou")
_GAPS = frozenset(GAPS)


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


def _is_start(text: str, pos: int, glued: Callable[[str, int], object]) -> bool:
    """Tell whether a token of ``arabic.tokenize`` starts at ``pos``."""
    if pos >= len(text) or text[pos].isspace() or text[pos] in _GAPS:
        return False
    return pos == 0 or glued(text, pos - 1) is None


def _is_end(text: str, pos: int, glued: Callable[[str, int], object]) -> bool:
    """Tell whether a token of ``arabic.tokenize`` ends at ``pos`` (exclusive)."""
    if pos <= 0 or text[pos - 1].isspace() or text[pos - 1] in _GAPS:
        return False
    return pos == len(text) or glued(text, pos - 1) is None


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
    spans = record.spans
    glue_at = glued_pattern().match
    aligned: list[int] = []
    bad: list[int] = []
    for i, span in enumerate(spans):
        ok = _is_start(text, span.start, glue_at) and _is_end(text, span.end, glue_at)
        (aligned if ok else bad).append(i)
    _misaligned(record, bad, problems, fmt)
    chosen = _choose(record, aligned, problems, fmt)
    # Lines, merged where a chosen span runs over a newline.
    bounds = list(accumulate((len(line) + 1 for line in text.split("\n")), initial=0))
    keep = [True] * len(bounds)
    for c in chosen:
        first_line = bisect_right(bounds, spans[c].start) - 1
        last_line = bisect_right(bounds, spans[c].end - 1) - 1
        for k in range(first_line + 1, last_line + 1):
            keep[k] = False
    starts = [b for b, k in zip(bounds, keep, strict=True) if k]
    findall = token_pattern().findall
    split = split_pattern().split
    out: list[Sentence] = []
    c = 0
    for a, b in pairwise(starts):
        if c == len(chosen) or spans[chosen[c]].start >= b:
            # No span here: the tokens are all a sentence needs.
            tokens = findall(text, a, b - 1)
            if tokens:
                out.append(Sentence(tokens, ["O"] * len(tokens), []))
            continue
        parts = split(text[a : b - 1])
        tokens = parts[1::2]
        offsets = list(accumulate(map(len, parts)))[0:-1:2]  # token starts, from a
        tags = ["O"] * len(tokens)
        tagged: list[tuple[int, int]] = []
        previous: tuple[int, str] | None = None
        while c < len(chosen) and spans[chosen[c]].start < b:
            span = spans[chosen[c]]
            first = bisect_left(offsets, span.start - a)
            last = bisect_left(offsets, span.end - a) - 1
            glued = previous is not None and previous == (first - 1, span.label)
            tag_span(tags, first, last, span.label, scheme, glued)
            tagged.append((first, last))
            previous = (last, span.label)
            c += 1
        out.append(Sentence(tokens, tags, tagged))
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
