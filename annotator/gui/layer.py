"""The open layer held in memory and kept current by applying each Change (no Qt)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from annotator.core.model import SPEAKER, LabelKind, LayerStatus
from annotator.services.annotations import Change, LayerState, RelationInfo, SpanInfo, SpanKey


@dataclass(frozen=True, slots=True)
class LayerDelta:
    """What one Change did to the open layer, in span ids (what widgets need to redraw)."""

    added: tuple[SpanInfo, ...]
    removed: tuple[SpanInfo, ...]
    relations_changed: bool
    topics_changed: bool
    status_changed: bool


class OpenLayer:
    """Spans, relations, topics and status of the annotator's layer on the open document.

    Applying a Change is incremental (no database read), so a labelling action with
    thousands of spans on the page stays within a few milliseconds.
    """

    def __init__(self, state: LayerState) -> None:
        self.document_id = state.document_id
        self.owner = state.annotator
        self.version = state.version
        self.status = state.status
        self.topics: set[str] = set(state.topics)
        self.spans: dict[int, SpanInfo] = {s.id: s for s in state.spans}
        self._by_key: dict[SpanKey, int] = {s.key: s.id for s in state.spans}
        # Sorted (start, end, id) for ordered listing and position lookups.
        self._order: list[tuple[int, int, int]] = sorted(
            (s.start, s.end, s.id) for s in state.spans
        )
        # The longest span bounds how far before a range a span touching it can start.
        self._max_len = max((s.end - s.start for s in state.spans), default=0)
        self._topic_spans: list[SpanInfo] | None = None
        self.relations: set[tuple[SpanKey, SpanKey, str]] = set()
        for rel in state.relations:
            head, child = self.spans.get(rel.head), self.spans.get(rel.child)
            if head and child:
                self.relations.add((head.key, child.key, rel.label))

    @classmethod
    def empty(cls, document_id: int = 0) -> OpenLayer:
        """A layer with nothing in it."""
        return cls(LayerState(document_id, "", LayerStatus.NEW, 0, (), (), frozenset()))

    # -- reading -----------------------------------------------------------------------

    def ordered(self) -> list[SpanInfo]:
        """Spans in text order (start, end, id)."""
        return [self.spans[i] for _, _, i in self._order]

    def index_of(self, span_id: int) -> int:
        """Position of the span in ``ordered()``, or -1."""
        span = self.spans.get(span_id)
        if span is None:
            return -1
        pos = bisect_left(self._order, (span.start, span.end, span.id))
        return pos if pos < len(self._order) and self._order[pos][2] == span_id else -1

    def by_key(self, key: SpanKey) -> SpanInfo | None:
        """The span with this (start, end, label), if present."""
        span_id = self._by_key.get(key)
        return self.spans.get(span_id) if span_id is not None else None

    def spans_at(self, offset: int) -> list[SpanInfo]:
        """Spans containing code point ``offset``, innermost (shortest) first."""
        # Only spans starting at or before the offset can contain it.
        stop = bisect_right(self._order, (offset, 1 << 62, 1 << 62))
        found = [self.spans[i] for _, e, i in self._order[:stop] if e > offset]
        return sorted(found, key=lambda s: (s.end - s.start, s.start))

    def overlapping(self, low: int, high: int) -> list[SpanInfo]:
        """Spans that share at least one character with ``[low, high)``, in text order."""
        first = bisect_left(self._order, (low - self._max_len, -1, -1))
        stop = bisect_left(self._order, (high, -1, -1))
        # Spans starting before ``low`` (by at most the longest span) can reach into it.
        return [self.spans[i] for _, e, i in self._order[first:stop] if e > low]

    def speaker_of(self, quote: SpanInfo) -> SpanInfo | None:
        """The span linked as the quote's SPEAKER, if any."""
        for head, child, label in self.relations:
            if label == SPEAKER and head == quote.key:
                return self.by_key(child)
        return None

    def quotes_of(self, speaker: SpanInfo) -> list[SpanInfo]:
        """Quotes whose SPEAKER is this span."""
        out = []
        for head, child, label in self.relations:
            if label == SPEAKER and child == speaker.key:
                quote = self.by_key(head)
                if quote is not None:
                    out.append(quote)
        return out

    def spans_of_kind(self, kind: LabelKind) -> list[SpanInfo]:
        """Spans of one kind in text order."""
        if kind == LabelKind.TOPIC:
            # Asked on every paint (margin bars): kept until a topic span comes or goes.
            if self._topic_spans is None:
                self._topic_spans = [s for s in self.ordered() if s.kind == kind]
            return list(self._topic_spans)
        return [s for s in self.ordered() if s.kind == kind]

    def as_state(self) -> LayerState:
        """The layer as the services describe one (ids as held here)."""
        relations = []
        for number, (head, child, label) in enumerate(sorted(self.relations)):
            h, c = self.by_key(head), self.by_key(child)
            if h is not None and c is not None:
                relations.append(RelationInfo(number, h.id, c.id, label))
        return LayerState(
            self.document_id,
            self.owner,
            self.status,
            self.version,
            tuple(self.ordered()),
            tuple(relations),
            frozenset(self.topics),
        )

    # -- applying ----------------------------------------------------------------------

    def apply(self, change: Change) -> LayerDelta:
        """Fold a Change of this document into the layer and say what moved."""
        removed: list[SpanInfo] = []
        for span in change.removed_spans:
            span_id = self._by_key.pop(span.key, None)
            if span_id is None:
                continue
            old = self.spans.pop(span_id)
            self._order.remove((old.start, old.end, old.id))
            removed.append(old)
        added: list[SpanInfo] = []
        for span in change.added_spans:
            if span.key in self._by_key:
                continue
            self.spans[span.id] = span
            self._by_key[span.key] = span.id
            insort(self._order, (span.start, span.end, span.id))
            self._max_len = max(self._max_len, span.end - span.start)
            added.append(span)
        if any(s.kind == LabelKind.TOPIC for s in (*added, *removed)):
            self._topic_spans = None
        self.relations.difference_update(change.removed_relations)
        self.relations.update(change.added_relations)
        # Relations of a removed span go with it even if the Change did not list them.
        gone = {s.key for s in removed} - set(self._by_key)
        if gone:
            self.relations = {r for r in self.relations if r[0] not in gone and r[1] not in gone}
        self.topics -= change.topics_off
        self.topics |= change.topics_on
        if change.status is not None:
            self.status = change.status[1]
        if change.version is not None:
            self.version = change.version
        return LayerDelta(
            tuple(added),
            tuple(removed),
            bool(change.added_relations or change.removed_relations or gone),
            bool(change.topics_on or change.topics_off),
            change.status is not None,
        )

    @property
    def is_done(self) -> bool:
        """True when the layer is marked done."""
        return self.status == LayerStatus.DONE
