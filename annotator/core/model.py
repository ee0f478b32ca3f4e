"""Plain dataclasses of the annotation domain; no Qt, no SQL."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class LabelKind(enum.StrEnum):
    """What a label marks: a span entity, a quote span, or a topic."""

    ENTITY = "entity"
    QUOTE = "quote"
    TOPIC = "topic"


class LayerStatus(enum.StrEnum):
    """Progress of one annotator's layer on one document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


SPEAKER = "SPEAKER"
"""Relation label linking a QUOTE span (head) to its speaker span (child)."""

QUOTE_LABEL = "QUOTE"
"""Name of the default quote label (a new label of this name is made a quote)."""

SPEAKER_KINDS = frozenset({"PER", "ORG"})
"""Entity labels that may be a quote's speaker."""


@dataclass(frozen=True, slots=True)
class Label:
    """One entry of the label schema."""

    name: str
    kind: LabelKind
    colour: str = "#cccccc"
    shortcut: str | None = None
    description: str = ""
    arabic_name: str = ""
    """The name the Arabic interface shows (empty: the name); exports keep ``name``."""


# Not frozen: a frozen dataclass's __init__ costs four times as much, and import builds
# one SpanData per span (200,000 for 10,000 articles). Treat instances as immutable.
@dataclass(slots=True, unsafe_hash=True)
class SpanData:
    """A labelled half-open range ``[start, end)`` of code points in a document's text."""

    start: int
    end: int
    label: str
    id: int | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class RelationData:
    """A directed link between two spans of one layer, e.g. QUOTE -SPEAKER-> PER."""

    head: int
    child: int
    label: str = SPEAKER


@dataclass(slots=True)
class DocumentRecord:
    """A document with at most one annotator's layer, as read from or written to a file."""

    text: str
    title: str = ""
    external_id: str | None = None
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    annotator: str | None = None
    status: LayerStatus | None = None
    spans: list[SpanData] = field(default_factory=list)
    relations: list[RelationData] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    label_kinds: dict[str, LabelKind] = field(default_factory=dict)
    """Kinds of the labels used (stated by the file on import; from the schema on export)."""
    document_id: int | None = None
    """Database id on export; ignored on import (documents match by external id or text)."""
    answer: str | None = None
    """A peer tool's decision on the record: ``accept``, ``reject`` or ``ignore`` (ANSWERS);
    None for an ordinary layer. Rejected and ignored layers are never accepted examples."""
    scores: dict[tuple[int, int, str], float] = field(default_factory=dict)
    """A model layer's scores: ``(start, end, label)`` of a span, ``(-1, -1, topic)``."""
    utf8: tuple[str, bytes] | None = field(default=None, repr=False, compare=False)
    """The text and its UTF-8 bytes, when the reader made them anyway (the importer hashes
    the bytes rather than encoding the text again); valid only while ``text`` is that very
    string (``text_utf8``)."""

    def text_utf8(self) -> bytes:
        """The text's UTF-8 bytes (kept ones when they are of this very text)."""
        kept = self.utf8
        if kept is not None and kept[0] is self.text:
            return kept[1]
        return self.text.encode("utf-8")

    @property
    def has_layer(self) -> bool:
        """True when the record carries any annotation (or an explicit status or answer)."""
        return bool(self.spans or self.relations or self.topics or self.status or self.answer)

    @property
    def declined(self) -> bool:
        """Rejected or ignored in a peer tool, and holding nothing: annotations made since
        (in this tool) are a new decision, which the layer's old answer does not undo."""
        return self.answer in DECLINED and not (self.spans or self.relations or self.topics)

    @property
    def is_example(self) -> bool:
        """Whether the layer is a training example: not declined, and a decision (done) or
        holding something; a document without a layer is none."""
        if self.annotator is None or self.declined:
            return False
        return bool(self.status == LayerStatus.DONE or self.spans or self.relations or self.topics)


ANSWERS = ("accept", "reject", "ignore")
"""The decisions a peer tool records on a record (Prodigy ``answer``; Label Studio's
``was_cancelled`` is ``ignore``)."""
DECLINED = frozenset(("reject", "ignore"))
"""Answers that make a layer no accepted example."""


def validate_span(text: str, start: int, end: int) -> str | None:
    """Return why ``[start, end)`` is not a valid span of ``text``, or None when it is."""
    if any(not isinstance(v, int) or isinstance(v, bool) for v in (start, end)):
        return f"offsets must be integers, got {start!r}, {end!r}"
    if start < 0 or end > len(text):
        return f"span [{start}, {end}) is outside the text (length {len(text)})"
    if start >= end:
        return f"span [{start}, {end}) is empty or reversed"
    return None


MODEL_LAYER_PREFIX = "prediction:"
"""Annotator names of model layers (``suggest predict``, Label Studio predictions): a
model's output, never a person's decision."""
UNNAMED_MODEL_LAYER = "prediction"
"""The model layer of a Label Studio prediction without a ``model_version`` (Label Studio
leaves it empty when the backend names none)."""


def is_model_layer(annotator: str | None) -> bool:
    """Whether a layer of this annotator holds a model's predictions."""
    name = str(annotator or "")
    return name == UNNAMED_MODEL_LAYER or name.startswith(MODEL_LAYER_PREFIX)
