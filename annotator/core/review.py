"""Comparing annotators' layers of one document for review mode, and the majority vote.

Definitions:

* A span is ``(start, end, label)``; identical duplicates in one layer count once (the
  first one's id is kept). Relations name their spans by ``SpanData.id`` when every span of
  the layer has an id, otherwise by position in the layer's span list (as
  ``DocumentRecord`` does).
* Agreed spans are in every layer. The others are grouped: two spans go together when they
  have the same range, or the same label and overlapping ranges (a quote and a name inside
  it stay apart). Each group is one disagreement; a version is the tuple of spans one
  annotator has in the group (empty: the annotator lacks it) together with the annotator's
  relations that touch those spans (a quote's speaker, an entity speaking a quote): accepting
  a version copies both, so annotators who drew the same spans but link them differently
  have different versions. Its kinds: missing span (an
  annotator has nothing in the group), different label (one range, several labels),
  different boundaries (one label, several ranges); ``kind`` is the first of different
  label, different boundaries, missing span that applies.
* Different speaker: for a quote (head of a SPEAKER relation in some layer) that two or
  more annotators share exactly, their speaker spans differ (compared as whole spans, so a
  speaker with the same range but another label differs too; that label shows up as a
  span disagreement as well). Annotators lacking the quote are left out of it.
* Different topics: one disagreement per document topic that some but not all have.
* Order for "next disagreement": by start, end, then kind; topic disagreements come last.
* Versions are numbered in a stable order: most annotators first, then by the annotators'
  names (never by content, so "no span" is not always first or last).
* Identity (``Disagreement.key``): the kind of place (spans, a quote's speaker, a topic)
  and the distinct versions' contents, not who has them. A stored reviewer decision names
  it; a disagreement whose contents change is another disagreement (undecided).
* Majority vote: an item (span, relation, topic) is kept when more than half of the
  annotators have it, so a tie (exactly half) is dropped; ``min_votes`` overrides the
  threshold. A relation is kept only with both of its spans.
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.core.model import SPEAKER, RelationData, SpanData

Span = tuple[int, int, str]
"""A labelled half-open range ``(start, end, label)`` of code points."""
Link = tuple[Span, Span, str]
"""A relation between two spans: ``(head, child, label)``."""


class DisagreementKind(enum.StrEnum):
    """How annotators disagree; the order of the members is the order of precedence."""

    DIFFERENT_LABEL = "different_label"
    DIFFERENT_BOUNDARIES = "different_boundaries"
    MISSING_SPAN = "missing_span"
    DIFFERENT_SPEAKER = "different_speaker"
    DIFFERENT_TOPICS = "different_topics"


_RANK = {kind: rank for rank, kind in enumerate(DisagreementKind)}


@dataclass(frozen=True, slots=True)
class ReviewLayer:
    """One annotator's layer of the document under review."""

    spans: Sequence[SpanData]
    relations: Sequence[RelationData] = ()
    topics: Collection[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Version:
    """One variant in a disagreement and the annotators who have it.

    ``spans`` holds the annotators' spans in the group (or, for a speaker disagreement,
    their speaker spans); empty when they lack it. ``topic`` is set for the annotators of a
    topic disagreement who gave the topic. ``ids`` gives each annotator's span ids, in the
    order of ``spans``, for accepting that annotator's version.
    """

    annotators: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    topic: str | None = None
    ids: Mapping[str, tuple[int | None, ...]] = field(default_factory=dict, hash=False)
    links: tuple[Link, ...] = ()
    """The relations of these annotators that touch ``spans`` (span disagreements only)."""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A place where the layers differ, with every version and who has it."""

    kind: DisagreementKind
    kinds: frozenset[DisagreementKind]
    versions: tuple[Version, ...]
    start: int | None = None
    end: int | None = None
    quote: Span | None = None
    """The quote whose speaker differs (speaker disagreements only)."""
    topic: str | None = None
    """The topic in question (topic disagreements only)."""

    @property
    def key(self) -> str:
        """Identity across recomputations: what kind of place, and each version's contents."""
        if self.topic is not None:
            return f"topic:{self.topic}"
        contents = sorted(
            json.dumps([list(map(list, v.spans)), [_link_json(x) for x in v.links]])
            for v in self.versions
        )
        if self.quote is not None:
            return "speaker:" + json.dumps([list(self.quote), contents], ensure_ascii=False)
        return "spans:" + json.dumps(contents, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Comparison:
    """What all layers agree on, and each disagreement in reading order."""

    annotators: tuple[str, ...]
    agreed: tuple[Span, ...]
    agreed_relations: tuple[Link, ...]
    agreed_topics: frozenset[str]
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True, slots=True)
class Gold:
    """A layer built by majority vote; relations point into ``spans`` by position."""

    spans: list[SpanData]
    relations: list[RelationData]
    topics: list[str]


@dataclass(slots=True)
class _Resolved:
    """One layer as plain values: span ids by span, relations by span, topics."""

    ids: dict[Span, int | None]
    links: set[Link]
    topics: frozenset[str]


def _resolve(layer: ReviewLayer) -> _Resolved:
    """Turn a layer's spans and relations into plain tuples (see the module docstring)."""
    by_ref: dict[int, Span] = {}
    ids: dict[Span, int | None] = {}
    by_id = all(s.id is not None for s in layer.spans)
    for index, s in enumerate(layer.spans):
        span = (s.start, s.end, s.label)
        ids.setdefault(span, s.id)
        by_ref[s.id if by_id and s.id is not None else index] = span
    links: set[Link] = set()
    for rel in layer.relations:
        if rel.head not in by_ref or rel.child not in by_ref:
            raise ValueError(f"relation {rel.head} -> {rel.child} names a span not in the layer")
        links.add((by_ref[rel.head], by_ref[rel.child], rel.label))
    return _Resolved(ids, links, frozenset(layer.topics))


def _groups(spans: Iterable[Span]) -> list[list[Span]]:
    """Group spans linked by the same range, or by the same label and overlapping ranges."""
    ordered = sorted(set(spans))
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        """Find the group representative of span ``i`` (with path halving)."""
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    active: list[int] = []  # spans that may still overlap the next ones
    for i, (start, end, label) in enumerate(ordered):
        active = [j for j in active if ordered[j][1] > start]
        for j in active:
            s, e, other = ordered[j]
            if other == label or (s, e) == (start, end):
                parent[root(i)] = root(j)
        active.append(i)
    groups: dict[int, list[Span]] = {}
    for i, span in enumerate(ordered):
        groups.setdefault(root(i), []).append(span)
    return list(groups.values())


def _link_json(link: Link) -> list[object]:
    """A relation as JSON-ready lists (for ``Disagreement.key``)."""
    return [list(link[0]), list(link[1]), link[2]]


def version_order(names: Sequence[str]) -> tuple[int, tuple[str, ...]]:
    """Sort key of a version: most annotators first, then by their (sorted) names."""
    return (-len(names), tuple(sorted(names)))


def _versions(
    owned: Mapping[str, Collection[Span]],
    ids: Mapping[str, Mapping[Span, int | None]],
    links: Mapping[str, Collection[Link]] | None = None,
) -> tuple[Version, ...]:
    """Versions from each annotator's spans (and links), ordered by ``version_order``."""
    by_content: dict[tuple[tuple[Span, ...], tuple[Link, ...]], list[str]] = {}
    for name, spans in owned.items():
        mine = tuple(sorted(links.get(name, ()))) if links is not None else ()
        by_content.setdefault((tuple(sorted(spans)), mine), []).append(name)
    ordered = sorted(by_content.items(), key=lambda item: version_order(item[1]))
    return tuple(
        Version(
            tuple(sorted(names)),
            spans,
            ids={name: tuple(ids[name].get(s) for s in spans) for name in names},
            links=mine,
        )
        for (spans, mine), names in ordered
    )


def _span_disagreement(group: list[Span], layers: Mapping[str, _Resolved]) -> Disagreement:
    """Classify one group of spans that not every layer has."""
    owned = {name: [s for s in group if s in layer.ids] for name, layer in layers.items()}
    touching = {
        name: [x for x in layers[name].links if x[0] in spans or x[1] in spans]
        for name, spans in ((n, set(o)) for n, o in owned.items())
    }
    kinds: set[DisagreementKind] = set()
    if any(not spans for spans in owned.values()):
        kinds.add(DisagreementKind.MISSING_SPAN)
    labels_by_range: dict[tuple[int, int], set[str]] = {}
    ranges_by_label: dict[str, set[tuple[int, int]]] = {}
    for start, end, label in group:
        labels_by_range.setdefault((start, end), set()).add(label)
        ranges_by_label.setdefault(label, set()).add((start, end))
    if any(len(labels) > 1 for labels in labels_by_range.values()):
        kinds.add(DisagreementKind.DIFFERENT_LABEL)
    if any(len(ranges) > 1 for ranges in ranges_by_label.values()):
        kinds.add(DisagreementKind.DIFFERENT_BOUNDARIES)
    return Disagreement(
        kind=min(kinds, key=_RANK.__getitem__),
        kinds=frozenset(kinds),
        versions=_versions(owned, {name: layer.ids for name, layer in layers.items()}, touching),
        start=min(s[0] for s in group),
        end=max(s[1] for s in group),
    )


def _speaker_disagreements(layers: Mapping[str, _Resolved]) -> list[Disagreement]:
    """One disagreement per shared quote whose speakers differ between its annotators."""
    quotes = {
        head for layer in layers.values() for head, _, label in layer.links if label == SPEAKER
    }
    found = []
    for quote in sorted(quotes):
        speakers = {
            name: {
                child for head, child, label in layer.links if head == quote and label == SPEAKER
            }
            for name, layer in layers.items()
            if quote in layer.ids
        }
        if len(speakers) < 2 or len({frozenset(s) for s in speakers.values()}) < 2:
            continue
        ids = {name: layers[name].ids for name in speakers}
        kind = DisagreementKind.DIFFERENT_SPEAKER
        versions = _versions(speakers, ids)
        found.append(
            Disagreement(kind, frozenset({kind}), versions, quote[0], quote[1], quote=quote)
        )
    return found


def _topic_disagreements(layers: Mapping[str, _Resolved]) -> list[Disagreement]:
    """One disagreement per topic that some but not all layers have."""
    found = []
    kind = DisagreementKind.DIFFERENT_TOPICS
    for topic in sorted(set().union(*(layer.topics for layer in layers.values()))):
        have = tuple(name for name, layer in layers.items() if topic in layer.topics)
        lack = tuple(name for name in layers if name not in have)
        if lack:
            pair = (Version(have, topic=topic), Version(lack))
            versions = tuple(sorted(pair, key=lambda v: version_order(v.annotators)))
            found.append(Disagreement(kind, frozenset({kind}), versions, topic=topic))
    return found


def _order(item: Disagreement) -> tuple[int, int, int, int]:
    """Reading order: positioned disagreements by start, end, kind; topics last."""
    if item.start is None or item.end is None:
        return (1, 0, 0, _RANK[item.kind])
    return (0, item.start, item.end, _RANK[item.kind])


def compare_layers(layers: Mapping[str, ReviewLayer]) -> Comparison:
    """Compare the annotators' layers of one document (see the module docstring)."""
    resolved = {name: _resolve(layers[name]) for name in sorted(layers)}
    if not resolved:
        return Comparison((), (), (), frozenset(), ())
    all_layers = list(resolved.values())
    agreed = set(all_layers[0].ids).intersection(*(layer.ids for layer in all_layers[1:]))
    rest = (s for layer in all_layers for s in layer.ids if s not in agreed)
    found = [_span_disagreement(group, resolved) for group in _groups(rest)]
    found += _speaker_disagreements(resolved)
    found.sort(key=_order)
    found += _topic_disagreements(resolved)
    return Comparison(
        annotators=tuple(resolved),
        agreed=tuple(sorted(agreed)),
        agreed_relations=tuple(
            sorted(all_layers[0].links.intersection(*(layer.links for layer in all_layers[1:])))
        ),
        agreed_topics=all_layers[0].topics.intersection(*(layer.topics for layer in all_layers)),
        disagreements=tuple(found),
    )


def next_disagreement(
    disagreements: Sequence[Disagreement], after: int = -1
) -> Disagreement | None:
    """The first disagreement starting after offset ``after``, then topics, then wrap around."""
    for item in disagreements:
        if item.start is None or item.start > after:
            return item
    return disagreements[0] if disagreements else None


def majority_vote(layers: Mapping[str, ReviewLayer], min_votes: int | None = None) -> Gold:
    """Spans, relations and topics that more than half of the annotators have (or min_votes)."""
    if min_votes is not None and min_votes < 1:
        raise ValueError(f"min_votes must be at least 1, got {min_votes}")
    threshold = min_votes if min_votes is not None else len(layers) // 2 + 1
    resolved = [_resolve(layer) for layer in layers.values()]
    span_votes = Counter(s for layer in resolved for s in layer.ids)
    link_votes = Counter(link for layer in resolved for link in layer.links)
    topic_votes = Counter(t for layer in resolved for t in layer.topics)
    spans = sorted(s for s, votes in span_votes.items() if votes >= threshold)
    position = {span: index for index, span in enumerate(spans)}
    relations = [
        RelationData(position[head], position[child], label)
        for head, child, label in sorted(link_votes)
        if link_votes[head, child, label] >= threshold and head in position and child in position
    ]
    return Gold(
        spans=[SpanData(start, end, label) for start, end, label in spans],
        relations=relations,
        topics=sorted(t for t, votes in topic_votes.items() if votes >= threshold),
    )
