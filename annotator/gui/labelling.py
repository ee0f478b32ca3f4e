"""Labelling actions of the main window: snapping a selection, spans, topics, speakers.

The window's widgets emit what the user did; this turns it into operations (the window's
``guard`` shows any failure). Review mode uses the same actions on the gold layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.arabic import only_punctuation, strip_proclitics, word_at, word_bounds
from annotator.core.model import SPEAKER_KINDS, Label, LabelKind
from annotator.services.annotations import SpanInfo

from .keys import SnapMode

if TYPE_CHECKING:
    from .layer import OpenLayer
    from .main_window import MainWindow


def crossing_spans(layer: OpenLayer, start: int, end: int, kind: LabelKind) -> list[SpanInfo]:
    """Spans of ``kind`` that ``[start, end)`` crosses: overlaps without either holding the other.

    Nested spans (an ORG inside an ORG) and spans of other kinds (an entity in a quote) do
    not cross; two spans of one kind that each hold part of the other almost always come
    from a slip of the mouse.
    """
    return [
        span
        for span in layer.overlapping(start, end)
        if span.kind == kind
        and (span.start < start < span.end < end or start < span.start < end < span.end)
    ]


class Labelling(QObject):
    """Turns label keys, clicks and list edits into operations on the edited layer."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pending_quote: int | None = None
        """The quote waiting for its speaker to be clicked or marked."""

    def label_selection(self, name: str, mode: SnapMode | None) -> None:
        """Label the selection (or the word at the cursor) with a label, snapping as asked."""
        label = self.window.labels_by_name.get(name)
        if label is None or self.window.document is None or self.window.layer is None:
            return
        self.window.palette_.set_current_label(name)
        selected = self.window.view.selected_range()
        if selected is None and label.kind == LabelKind.TOPIC:
            # A topic key without a selection toggles the document's topic.
            self.set_topic(name, name not in self.window.layer.topics)
            return
        text = self.window.document.text
        if selected is None:
            word = word_at(text, self.window.view.cursor_offset())
            if word is None:
                self.window.statusBar().showMessage(self.tr("Select some text first"), 3000)
                return
            selected = word
        elif mode != SnapMode.EXACT and only_punctuation(text, *selected):
            # Snapping keeps whole words: a selection of only spaces or punctuation is a slip.
            self.window.statusBar().showMessage(
                self.tr(
                    "The selection holds no word, only punctuation or spaces: nothing labelled. "
                    "Shift+{key} labels exactly the selected characters."
                ).format(key=label.shortcut or ""),
                5000,
            )
            return
        self.add_span(label, *self._snap(label, selected, mode), force=mode == SnapMode.EXACT)

    def _snap(
        self, label: Label, selected: tuple[int, int], mode: SnapMode | None
    ) -> tuple[int, int]:
        """Apply the snapping mode (the toolbar toggle turns word snapping into stripping)."""
        text = self.window.document.text if self.window.document else ""
        start, end = selected
        if mode is None:
            mode = SnapMode.WORDS
        if mode == SnapMode.EXACT:
            return start, end
        start, end = word_bounds(text, start, end)
        strip = (
            mode == SnapMode.STRIP_PROCLITICS or self.window.actions_.strip_proclitics.isChecked()
        )
        if strip and label.kind == LabelKind.ENTITY and start < end:
            start, end = strip_proclitics(text, start, end, keep_article=True)
        return start, end

    def add_span(self, label: Label, start: int, end: int, *, force: bool = False) -> None:
        """Store a span, then handle the quote/speaker flow.

        A span crossing another of its kind is refused with a message unless ``force``
        (Shift with the key: exactly these characters, crossing or not).
        """
        if self.window.document is None or start >= end:
            self.window.statusBar().showMessage(self.tr("Nothing to label there"), 3000)
            return
        layer = self.window.layer
        crossed = crossing_spans(layer, start, end, label.kind) if layer is not None else []
        if crossed and not force:
            text = self.window.document.text
            other = crossed[0]
            self.window.statusBar().showMessage(
                self.tr(
                    "Not labelled: it crosses the {label} span «{text}». "
                    "Select exactly and press Shift+{key} to keep a crossing span."
                ).format(
                    label=other.label,
                    text=text[other.start : other.end],
                    key=label.shortcut or "",
                ),
                6000,
            )
            return
        doc_id = self.window.document.id
        change = self.window.guard(lambda: self.window.ops.add_span(doc_id, start, end, label.name))
        if change is None:
            return
        if change.is_empty:
            self.window.statusBar().showMessage(
                self.tr("That span is already labelled {label}").format(label=label.name), 3000
            )
            return
        span = change.added_spans[0]
        self.window.view.select_range(end, end, scroll=False)
        if label.kind == LabelKind.QUOTE:
            self._begin_speaker_choice(span.id)
        elif self.pending_quote is not None and label.name in SPEAKER_KINDS:
            self._link_speaker(span.id, join_last=True)

    def word_double_clicked(self, start: int, end: int) -> None:
        """Double-click labels the word with the current label; without one it selects it."""
        current = self.window.palette_.current_label()
        label = self.window.labels_by_name.get(current) if current else None
        if label is None or label.kind == LabelKind.TOPIC:
            self.window.view.select_range(start, end, scroll=False)
            return
        self.add_span(label, *self._snap(label, (start, end), None))

    def relabel(self, span_id: int, name: str) -> None:
        """Change a span's label (from the span list's combo)."""
        if self.window.document is not None:
            doc_id = self.window.document.id
            self.window.guard(lambda: self.window.ops.relabel_span(doc_id, span_id, name))

    def delete_spans(self) -> None:
        """Delete the spans selected in the span list, else the innermost one at the cursor."""
        ids = self.window.spans.selected_span_ids()
        if not ids and self.window.layer is not None:
            around = self.window.layer.spans_at(self.window.view.cursor_offset())
            ids = [around[0].id] if around else []
        self.delete_span_ids(ids)

    def delete_span_ids(self, ids: list[int]) -> None:
        """Delete spans by id as one undo step."""
        if self.window.document is None or not ids:
            return
        doc_id = self.window.document.id
        self.window.guard(lambda: self.window.ops.remove_spans(doc_id, ids))

    def set_topic(self, name: str, on: bool) -> None:
        """Choose or clear a document topic."""
        if self.window.document is None:
            return
        doc_id = self.window.document.id
        if (
            self.window.guard(lambda: self.window.ops.set_topic(doc_id, name, on)) is None
            and self.window.layer
        ):
            self.window.topics.set_topics(self.window.layer.topics)  # show the stored truth again

    # -- quotes and speakers -----------------------------------------------------------

    def _begin_speaker_choice(self, quote_id: int) -> None:
        """After a quote is marked, the next click on a PER/ORG span names its speaker."""
        self.pending_quote = quote_id
        self.window.view.set_pending_quote(quote_id)
        self.window.statusBar().showMessage(
            self.tr("Who said it? Click the speaker (a PER or ORG span) or mark one; Esc cancels.")
        )

    def cancel_speaker_choice(self) -> None:
        """Leave speaker choice without linking."""
        if self.pending_quote is not None:
            self.pending_quote = None
            self.window.view.set_pending_quote(None)
            self.window.statusBar().clearMessage()

    def _link_speaker(self, speaker_id: int, *, join_last: bool = False) -> None:
        """Link the pending quote to a speaker span."""
        quote_id = self.pending_quote
        if quote_id is None or self.window.document is None:
            return
        doc_id = self.window.document.id
        self.cancel_speaker_choice()
        if self.window.guard(
            lambda: self.window.ops.link_speaker(doc_id, quote_id, speaker_id, join_last=join_last)
        ):
            self.window.statusBar().showMessage(self.tr("Speaker linked"), 3000)

    def clicked_at(self, offset: int) -> None:
        """A click chooses the pending quote's speaker, or selects the span in the list."""
        if self.window.layer is None:
            return
        spans = self.window.layer.spans_at(offset) or self.window.layer.spans_at(offset - 1)
        if self.pending_quote is None and self.window.review.active:
            self.window.review.clicked_at(offset)
        if self.pending_quote is not None:
            speakers = [s for s in spans if s.label in SPEAKER_KINDS]
            if speakers:
                self._link_speaker(speakers[0].id)
            else:
                self.window.statusBar().showMessage(
                    self.tr("That is not a PER or ORG span. Click a speaker, or Esc to cancel.")
                )
            return
        if spans:
            self.window.spans.select_span(spans[0].id)
