"""The article view: right-to-left shaped Arabic with span highlights, selection and hover.

This is the only place where Qt positions (UTF-16 units) and code point offsets meet;
every conversion goes through one ``Utf16Index`` built when a document is shown. All
signals carry code point offsets or span ids. Where the mouse is comes from the painted
glyphs (``GlyphMap``, in Qt positions), never from Qt's hit test: the view sets the
selection itself on press and move, so what is highlighted is what a drag covered.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QClipboard,
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip, QWidget

from annotator.core.arabic import word_at
from annotator.core.model import Label, LabelKind
from annotator.core.offsets import Utf16Index

from . import marks, search_hits
from .bidi_text import rich
from .fonts import LINE_HEIGHT_PERCENT, article_font
from .glyph_map import GlyphMap
from .keys import SnapMode, label_for_key
from .layer import LayerDelta, OpenLayer

TOPIC_BAR_WIDTH = 4
TOPIC_LANE = 7
DOCUMENT_MARGIN = 16
DRAG_START = 2
"""Pixels the mouse must move with the button down before a click becomes a drag."""
AUTOSCROLL_STEP = 20


@dataclass(frozen=True, slots=True)
class Mark:
    """A mark drawn beneath the layer's spans (review mode): code points ``[start, end)``.

    Marks compare by position and style, so a new set of marks re-formats only the blocks
    of the marks that differ. The tooltip may be a function, called only on hover.
    """

    start: int
    end: int
    style: str
    tip: str | Callable[[], str] = field(default="", compare=False, hash=False)
    fmt: QTextCharFormat | None = field(default=None, compare=False, hash=False)

    def tooltip(self) -> str:
        """The tooltip text."""
        return self.tip() if callable(self.tip) else self.tip


def _position(mark: Mark) -> tuple[int, int]:
    """Sort key of marks."""
    return (mark.start, mark.end)


class ArticleView(QTextEdit):
    """Read-only, selectable, right-to-left view of one document's stored text."""

    labelKeyPressed = Signal(str, object)
    """A label's shortcut was pressed: (label name, SnapMode)."""
    clickedAt = Signal(int)
    """A plain click (no drag) at this code point offset."""
    wordDoubleClicked = Signal(int, int)
    """A double-click on the word [start, end)."""
    escapePressed = Signal()
    """Escape: cancel the pending action (e.g. choosing a speaker)."""
    deleteRequested = Signal()
    """Delete or Backspace: remove the selected spans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        # The article is right-to-left whatever the interface language.
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.viewport().setMouseTracking(True)
        self._text = ""
        self._index = Utf16Index("")
        self._layer: OpenLayer | None = None
        self._annotator = ""
        self._labels: dict[str, Label] = {}
        self._label_list: list[Label] = []
        self._formats: dict[str, QTextCharFormat | None] = {}
        self._overlays: list[QTextEdit.ExtraSelection] = []
        self._hover_quote: int | None = None
        self._pending_quote: int | None = None
        self._marks: list[Mark] = []
        self._mark_max_len = 0
        self._focus: tuple[int, int, QTextCharFormat] | None = None
        self._search_hits: list[tuple[int, int]] = []
        self._font_size = 18
        self._own_document: QTextDocument | None = None
        self._glyphs = GlyphMap(self.document())
        self._drag_press: QPointF | None = None
        """Document point where the left button went down (None when not dragging)."""
        self._drag_anchor: int | None = None
        """Qt position kept when Shift+click extends the selection."""
        self._dragged = False
        self._double_click: tuple[int, QPointF] | None = None
        self._shown_cache: tuple[tuple[int, ...], tuple[int, int] | None] | None = None
        """When and where the last double-click was (a press soon after is a triple click)."""
        self._configure_document(self.document())
        self.set_font_size(self._font_size)

    # -- configuration -----------------------------------------------------------------

    def _configure_document(self, doc: QTextDocument) -> None:
        """Right-to-left, right-aligned text with room for the topic bars."""
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setDocumentMargin(DOCUMENT_MARGIN)
        doc.setUndoRedoEnabled(False)

    def set_labels(self, labels: list[Label]) -> None:
        """The schema, for colours and shortcut keys."""
        self._label_list = list(labels)
        self._labels = {label.name: label for label in labels}
        self.refresh_highlights()

    def set_annotator(self, name: str) -> None:
        """Whose layer is shown (for tooltips)."""
        self._annotator = name

    def annotator(self) -> str:
        """Whose layer is shown."""
        return self._annotator

    def font_size(self) -> int:
        """Current article font size in points."""
        return self._font_size

    def set_font_size(self, size: int) -> None:
        """Change the article font size (Ctrl+= / Ctrl+-)."""
        self._font_size = size
        font: QFont = article_font(size)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._glyphs.clear()

    # -- showing a document ------------------------------------------------------------

    def show_document(self, text: str, layer: OpenLayer, marks: Sequence[Mark] = ()) -> None:
        """Show stored text, its layer and marks; offsets are code points into ``text``."""
        self._text = text
        self._index = Utf16Index(text)
        self._layer = layer
        self._hover_quote = None
        self._pending_quote = None
        self._focus = None
        self._search_hits = []
        self._store_marks(marks)
        doc = QTextDocument(self)
        self._configure_document(doc)
        doc.setDefaultFont(self.font())
        block = QTextBlockFormat()
        block.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        block.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        block.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        block.setBottomMargin(6)
        cursor = QTextCursor(doc)
        cursor.setBlockFormat(block)
        # insertText turns each "\n" into a new block with the same format, and keeps every
        # other character (U+2028, ZWJ, marks) at its length: positions stay UTF-16 indices.
        cursor.insertText(text, QTextCharFormat())
        # Highlights go in before the document is shown, so it is laid out only once.
        self._formats.clear()
        self._format_blocks(doc, 0, len(text))
        old = self._own_document
        self.setDocument(doc)
        self._own_document = doc
        self._glyphs = GlyphMap(doc)
        self._drag_press = None
        if old is not None:
            # Documents made here are parented to the view, so Qt would keep them all.
            old.deleteLater()
        self.verticalScrollBar().setValue(0)
        self._update_overlays()

    def clear_document(self) -> None:
        """Show nothing (no document open)."""
        self.show_document("", OpenLayer.empty())
        self._layer = None

    def text(self) -> str:
        """The stored text on display."""
        return self._text

    # -- offsets (the one Qt <-> code point crossing) -----------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code point offsets ``[start, end)``, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._index.from_qt(cursor.selectionStart())
        end = self._index.from_qt(cursor.selectionEnd(), round_up=True)
        return (start, end) if start < end else None

    def cursor_offset(self) -> int:
        """Code point offset of the text cursor."""
        return self._index.from_qt(self.textCursor().position())

    def select_range(self, start: int, end: int, *, scroll: bool = True) -> None:
        """Select code points ``[start, end)`` and bring them into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._index.to_qt(start))
        cursor.setPosition(self._index.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if scroll:
            self.ensureCursorVisible()

    def _document_point(self, point: QPoint | QPointF) -> QPointF:
        """A viewport point in document coordinates (the scroll bars' offsets added)."""
        return QPointF(point) + QPointF(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )

    def offset_at(self, point: QPoint | QPointF) -> int | None:
        """Code point offset of the character painted under a viewport point, or None.

        Read from the glyphs' own boxes (``GlyphMap``): Qt's hit test lands one letter off
        in right-to-left text.
        """
        position = self._glyphs.char_at(self._document_point(point))
        if position is None:
            return None
        return self._index.from_qt(min(position, self._index.qt_length))

    def caret_offset_at(self, point: QPoint | QPointF) -> int | None:
        """Code point offset of the caret position nearest to a viewport point."""
        position = self._glyphs.caret_at(self._document_point(point))
        if position is None:
            return None
        return self._index.from_qt(min(position, self._index.qt_length))

    def covered_range(
        self, press: QPoint | QPointF, point: QPoint | QPointF
    ) -> tuple[int, int] | None:
        """Code points ``[start, end)`` a drag from ``press`` to ``point`` covers, or None."""
        covered = self._glyphs.covered(self._document_point(press), self._document_point(point))
        if covered is None:
            return None
        start, end = covered
        return self._index.from_qt(start), self._index.from_qt(end, round_up=True)

    def span_at(self, point: QPoint, kinds: frozenset[LabelKind] | None = None) -> int | None:
        """Id of the innermost span under a viewport point (optionally of some kinds)."""
        if self._layer is None:
            return None
        offset = self.offset_at(point)
        if offset is None:
            return None
        for span in self._layer.spans_at(offset):
            if kinds is None or span.kind in kinds:
                return span.id
        return None

    # -- highlights --------------------------------------------------------------------

    def _format_of(self, label_name: str, kind: LabelKind) -> QTextCharFormat | None:
        """The (shared) highlight format of a label; None for topic spans (margin bars)."""
        if label_name not in self._formats:
            label = self._labels.get(label_name)
            self._formats[label_name] = marks.span_format(kind, label.colour if label else "")
        return self._formats[label_name]

    def _format_blocks(self, doc: QTextDocument, start: int, end: int) -> None:
        """Give every block touching code points ``[start, end)`` its span formats.

        Highlights are layout formats of each block (as QSyntaxHighlighter does), not
        extra selections: Qt draws them in the same pass as the text, so a screen with
        hundreds of spans paints as fast as a bare one, and overlapping formats merge.
        Quotes come first and entities after them, longer before shorter, so an entity's
        background wins inside a quote (whose underline stays) and a nested entity's
        colour wins inside the entity around it.
        """
        layer = self._layer
        to_qt = self._index.to_qt
        block = doc.findBlock(to_qt(start))
        stop = to_qt(end)
        while block.isValid():
            first = block.position()
            if first > stop and first > 0:
                break
            last = first + block.length() - 1  # the block separator is not part of the text
            ranges: list[QTextLayout.FormatRange] = []
            low = self._index.from_qt(first)
            high = max(self._index.from_qt(last, round_up=True), low + 1)
            # Marks first: the layer's spans are drawn over them (their fill wins).
            for mark in self._marks_in(low, high):
                a = max(to_qt(mark.start), first)
                b = min(to_qt(mark.end), last)
                if a < b and mark.fmt is not None:
                    rng = QTextLayout.FormatRange()
                    rng.start = a - first
                    rng.length = b - a
                    rng.format = mark.fmt
                    ranges.append(rng)
            if layer is not None:
                near = layer.overlapping(low, high)
                near.sort(key=lambda s: (s.kind == LabelKind.ENTITY, s.start - s.end))
                for span in near:
                    fmt = self._format_of(span.label, span.kind)
                    if fmt is None:
                        continue
                    a = max(to_qt(span.start), first)
                    b = min(to_qt(span.end), last)
                    if a >= b:
                        continue
                    rng = QTextLayout.FormatRange()
                    rng.start = a - first
                    rng.length = b - a
                    rng.format = fmt
                    ranges.append(rng)
            block.layout().setFormats(ranges)
            doc.markContentsDirty(first, block.length())
            block = block.next()

    # -- review marks ------------------------------------------------------------------

    def _store_marks(self, marks: Iterable[Mark]) -> None:
        """Keep marks sorted by position for lookups by range."""
        self._marks = sorted(marks, key=_position)
        self._mark_max_len = max((m.end - m.start for m in self._marks), default=0)

    def _marks_in(self, low: int, high: int) -> list[Mark]:
        """Marks sharing at least one code point with ``[low, high)``."""
        if not self._marks:
            return []
        marks = self._marks
        first = bisect_left(marks, low - self._mark_max_len, key=lambda m: m.start)
        stop = bisect_left(marks, high, key=lambda m: m.start)
        return [m for m in marks[first:stop] if m.end > low]

    def marks(self) -> list[Mark]:
        """The marks on display, in text order."""
        return list(self._marks)

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Replace the marks, re-formatting only the blocks of marks that changed."""
        changed = set(self._marks).symmetric_difference(marks)
        self._store_marks(marks)
        self._reformat(m for m in changed)

    def replace_marks(self, old: Sequence[Mark], new: Sequence[Mark]) -> None:
        """Swap some marks for others (a decided disagreement), re-formatting their blocks."""
        marks = self._marks
        for mark in old:
            # Among the marks at the same position, prefer this very mark, else an equal one.
            pos = bisect_left(marks, _position(mark), key=_position)
            equal: list[int] = []
            while pos < len(marks) and _position(marks[pos]) == _position(mark):
                if marks[pos] is mark:
                    equal.insert(0, pos)
                    break
                if marks[pos] == mark:
                    equal.append(pos)
                pos += 1
            if equal:
                del marks[equal[0]]
        for mark in new:
            insort(marks, mark, key=_position)
            self._mark_max_len = max(self._mark_max_len, mark.end - mark.start)
        self._reformat([*old, *new])

    def _reformat(self, marks: Iterable[Mark]) -> None:
        """Re-format the blocks under some marks (each block once)."""
        ranges = sorted((m.start, m.end) for m in marks)
        merged: list[list[int]] = []
        for start, end in ranges:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            self._format_blocks(self.document(), start, end)

    def set_focus_range(self, start: int, end: int, fmt: QTextCharFormat | None) -> None:
        """Overlay ``fmt`` on ``[start, end)`` (the disagreement being decided); None clears."""
        self._focus = (start, end, fmt) if fmt is not None and start < end else None
        self._update_overlays()

    def highlights(self) -> list[tuple[int, int, QTextCharFormat]]:
        """What is drawn: (start, end, format) of every highlight piece, in code points."""
        out = []
        block = self.document().begin()
        while block.isValid():
            first = block.position()
            for rng in block.layout().formats():
                start = self._index.from_qt(first + rng.start)
                end = self._index.from_qt(first + rng.start + rng.length, round_up=True)
                out.append((start, end, rng.format))
            block = block.next()
        return out

    def refresh_highlights(self) -> None:
        """Redraw all highlights from the layer (the schema's colours changed)."""
        self._formats.clear()
        if self._layer is not None:
            self._format_blocks(self.document(), 0, len(self._text))
        self._update_overlays()

    def apply_delta(self, delta: LayerDelta) -> None:
        """Re-format only the blocks a Change touched (fast path for labelling)."""
        for span in delta.removed:
            if self._pending_quote == span.id:
                self._pending_quote = None
            if self._hover_quote == span.id:
                self._hover_quote = None
        for span in (*delta.added, *delta.removed):
            if span.kind != LabelKind.TOPIC:
                self._format_blocks(self.document(), span.start, span.end)
        self._update_overlays()
        if any(s.kind == LabelKind.TOPIC for s in (*delta.added, *delta.removed)):
            self.viewport().update()

    def set_pending_quote(self, span_id: int | None) -> None:
        """Mark the quote that waits for its speaker (None when done or cancelled)."""
        self._pending_quote = span_id
        self._update_overlays()

    def _overlay(self, span_id: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection | None:
        """An extra selection over a span with a temporary format."""
        if self._layer is None or span_id not in self._layer.spans:
            return None
        span = self._layer.spans[span_id]
        return self._range_overlay(span.start, span.end, fmt)

    def _range_overlay(
        self, start: int, end: int, fmt: QTextCharFormat
    ) -> QTextEdit.ExtraSelection:
        """An extra selection over code points ``[start, end)``."""
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._index.to_qt(min(start, len(self._text))))
        cursor.setPosition(
            self._index.to_qt(min(end, len(self._text))), QTextCursor.MoveMode.KeepAnchor
        )
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def set_search_hits(self, hits: Sequence[tuple[int, int]], *, scroll: bool = True) -> None:
        """Highlight body-search hits (code point ranges) above the marks; scroll to the first."""
        self._search_hits = [(s, e) for s, e in hits if 0 <= s < e <= len(self._text)]
        self._update_overlays()
        if scroll and self._search_hits:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._index.to_qt(self._search_hits[0][0]))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def search_hits(self) -> list[tuple[int, int]]:
        """The highlighted search hits."""
        return list(self._search_hits)

    def _update_overlays(self) -> None:
        """Search hits, then focus, hover and pending-quote overlays, on top of the marks."""
        hit = search_hits.hit_format()
        overlays = [self._range_overlay(s, e, hit) for s, e in self._search_hits]
        if self._focus is not None:
            overlays.append(self._range_overlay(*self._focus))
        layer = self._layer
        quote_colour = self._quote_colour()
        if layer is not None and self._pending_quote is not None:
            sel = self._overlay(self._pending_quote, marks.pending_quote_format(quote_colour))
            if sel is not None:
                overlays.append(sel)
        if layer is not None and self._hover_quote in layer.spans:
            quote = layer.spans[self._hover_quote]
            speaker = layer.speaker_of(quote)
            if speaker is not None:
                sel = self._overlay(speaker.id, marks.speaker_format(quote_colour))
                if sel is not None:
                    overlays.append(sel)
        self._overlays = overlays
        self._apply_selections()

    def _quote_colour(self) -> str:
        """Colour of the first quote label (overlays use it)."""
        for label in self._label_list:
            if label.kind == LabelKind.QUOTE:
                return label.colour
        return "#e8a33d"

    def _apply_selections(self) -> None:
        """Hand Qt the few transient overlays (hovered speaker, quote awaiting a speaker)."""
        self.setExtraSelections(list(self._overlays))

    # -- topic span bars ---------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the text, the extent bars of overlapping entities, the topic span bars."""
        super().paintEvent(event)
        layer = self._layer
        if layer is None:
            return
        self._paint_overlaps()
        topics = layer.spans_of_kind(LabelKind.TOPIC)
        if not topics:
            return
        painter = QPainter(self.viewport())
        height = self.viewport().height()
        right = self.viewport().width() - 3
        for lane, span in enumerate(topics):
            top = self._position_rect(span.start).top()
            bottom = self._position_rect(span.end).bottom()
            if bottom < 0 or top > height:
                continue
            label = self._labels.get(span.label)
            colour = marks.topic_bar_colour(label.colour if label else "")
            x = right - TOPIC_BAR_WIDTH - (lane % 2) * TOPIC_LANE
            painter.fillRect(QRect(x, top, TOPIC_BAR_WIDTH, max(4, bottom - top)), colour)
        painter.end()

    def _visible_range(self) -> tuple[int, int] | None:
        """Code points of the lines in view, or None when nothing is laid out there.

        Kept while the scroll position, the view's size, the text and its size are the
        same (a new highlight moves no line), so most paints skip the lookup.
        """
        key = (
            id(self.document()),
            self.document().revision(),
            self.verticalScrollBar().value(),
            self.viewport().width(),
            self.viewport().height(),
            self._font_size,
        )
        if self._shown_cache is not None and self._shown_cache[0] == key:
            return self._shown_cache[1]
        shown = self._find_visible_range()
        self._shown_cache = (key, shown)
        return shown

    def _find_visible_range(self) -> tuple[int, int] | None:
        """``_visible_range`` without the cache."""
        top = self._document_point(QPointF(0, 0))
        bottom = self._document_point(QPointF(0, self.viewport().height()))
        shown = self._glyphs.range_between(top.y(), bottom.y())
        if shown is None:
            return None
        low = self._index.from_qt(min(shown[0], self._index.qt_length))
        high = self._index.from_qt(min(shown[1], self._index.qt_length), round_up=True)
        return low, high

    def _paint_overlaps(self) -> None:
        """Under entities that overlap (nested or crossing), a bar per span in stacked lanes.

        Backgrounds merge where entities overlap, so the inner colour hides where the outer
        span ends; each overlapping span's own bar keeps its whole extent visible.
        """
        layer = self._layer
        shown = self._visible_range()
        if layer is None or shown is None:
            return
        spans = [s for s in layer.overlapping(*shown) if s.kind == LabelKind.ENTITY]
        # In text order: some span overlaps another iff one starts before an earlier one
        # ends. Most screens have none, and this pass is all they pay.
        reach = -1
        for span in spans:
            if span.start < reach:
                break
            reach = max(reach, span.end)
        else:
            return
        lanes = marks.overlap_lanes([(s.start, s.end) for s in spans])
        if not lanes:
            return
        painter = QPainter(self.viewport())
        shift = self._document_point(QPointF(0, 0))
        for i, lane in lanes.items():
            span = spans[i]
            label = self._labels.get(span.label)
            colour = marks.overlap_bar_colour(label.colour if label else "")
            qt_start, qt_end = self._index.to_qt(span.start), self._index.to_qt(span.end)
            for box in self._glyphs.boxes(qt_start, qt_end):
                rect = box.translated(-shift)
                y = rect.bottom() - marks.OVERLAP_BAR - lane * marks.OVERLAP_LANE
                painter.fillRect(QRectF(rect.left(), y, rect.width(), marks.OVERLAP_BAR), colour)
                if lane > 0:
                    # The inner span also gets an outline, down to its own bar (the bars
                    # of the spans around it stay clear below).
                    painter.setPen(colour)
                    outline = QRectF(rect.left(), rect.top(), rect.width(), y - rect.top())
                    painter.drawRect(outline.adjusted(0.5, 0.5, -0.5, 0))
        painter.end()

    def _position_rect(self, offset: int) -> QRect:
        """Viewport rectangle of the line holding code point ``offset``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._index.to_qt(offset))
        return self.cursorRect(cursor)

    # -- events ------------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:
        """Label shortcuts, Escape and Delete; everything else moves or selects as usual."""
        hit = label_for_key(e, self._label_list)
        if hit is not None:
            label, mode = hit
            self.labelKeyPressed.emit(label.name, mode)
            e.accept()
            return
        if e.key() == Qt.Key.Key_Escape:
            self.escapePressed.emit()
            e.accept()
            return
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not e.modifiers():
            self.deleteRequested.emit()
            e.accept()
            return
        super().keyPressEvent(e)

    def _set_qt_selection(self, anchor: int, position: int) -> None:
        """Select from Qt position ``anchor`` to ``position`` (the caret alone if equal)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        """The left button places the caret where the glyphs say (not Qt's hit test)."""
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods == Qt.KeyboardModifier.NoModifier
        extend = mods == Qt.KeyboardModifier.ShiftModifier
        if e.button() != Qt.MouseButton.LeftButton or not (plain or extend):
            super().mousePressEvent(e)
            return
        point = self._document_point(e.position())
        caret = self._glyphs.caret_at(point)
        if caret is None:
            super().mousePressEvent(e)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._dragged = False
        if plain and self._is_triple_click(e):
            # A third click selects the paragraph, as in any text view.
            block = self.document().findBlock(caret)
            self._drag_press = None
            self._drag_anchor = None
            self._set_qt_selection(block.position(), block.position() + block.length() - 1)
            e.accept()
            return
        if extend:
            # Shift+click moves the selection's end to the caret position nearest the click.
            self._drag_anchor = self.textCursor().anchor()
            self._drag_press = None
            self._set_qt_selection(self._drag_anchor, caret)
        else:
            self._drag_anchor = None
            self._drag_press = point
            self._set_qt_selection(caret, caret)
        e.accept()

    def _drag_to(self, viewport_point: QPointF) -> None:
        """Select what the drag from the press to this point covers, scrolling at the edges."""
        height = self.viewport().height()
        bar = self.verticalScrollBar()
        if viewport_point.y() < 0:
            bar.setValue(bar.value() - AUTOSCROLL_STEP)
        elif viewport_point.y() > height:
            bar.setValue(bar.value() + AUTOSCROLL_STEP)
        point = self._document_point(viewport_point)
        if self._drag_anchor is not None:
            caret = self._glyphs.caret_at(point)
            if caret is not None:
                self._set_qt_selection(self._drag_anchor, caret)
            return
        press = self._drag_press
        if press is None:
            return
        covered = self._glyphs.covered(press, point)
        if covered is None:
            caret = self._glyphs.caret_at(press)
            if caret is not None:
                self._set_qt_selection(caret, caret)
            return
        start, end = covered
        backwards = self._glyphs.line_at(point) is not None and (
            self._reading_key(point) < self._reading_key(press)
        )
        self._set_qt_selection(end, start) if backwards else self._set_qt_selection(start, end)

    def _reading_key(self, point: QPointF) -> tuple[tuple[int, int], float]:
        """Sort key of a document point in reading order (line, then x along the line)."""
        line = self._glyphs.line_at(point)
        if line is None:
            return ((0, 0), 0.0)
        return (line.order, -point.x() if line.rtl else point.x())

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        """A click without a drag reports where it landed (speaker choice, span list sync)."""
        ours = self._drag_press is not None or self._drag_anchor is not None
        if ours and e.button() == Qt.MouseButton.LeftButton:
            if self._dragged:
                self._drag_to(e.position())
            self._drag_press = None
            self._drag_anchor = None
            self._dragged = False
            cursor = self.textCursor()
            clipboard = QApplication.clipboard()
            if cursor.hasSelection() and clipboard.supportsSelection():
                clipboard.setText(cursor.selectedText(), QClipboard.Mode.Selection)
            e.accept()
        else:
            super().mouseReleaseEvent(e)
        if e.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(e.position())
            if offset is not None:
                self.clickedAt.emit(offset)

    def _is_triple_click(self, e: QMouseEvent) -> bool:
        """Tell whether this press follows a double-click closely, in time and place."""
        last = self._double_click
        if last is None:
            return False
        when, where = last
        self._double_click = None
        near = (e.position() - where).manhattanLength() <= QApplication.startDragDistance()
        return near and e.timestamp() - when <= QApplication.doubleClickInterval()

    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:
        """Double-click: select and report the word painted under the mouse."""
        self._drag_press = None
        self._drag_anchor = None
        self._double_click = (e.timestamp(), e.position())
        if e.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(e)
            return
        e.accept()
        offset = self.offset_at(e.position())
        if offset is None:
            return
        word = word_at(self._text, offset)
        if word is not None:
            self.select_range(*word, scroll=False)
            self.wordDoubleClicked.emit(*word)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        """A drag selects what it covers; hovering a quote highlights its speaker."""
        dragging = self._drag_press is not None or self._drag_anchor is not None
        if dragging and e.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragged and self._drag_press is not None:
                moved = self._document_point(e.position()) - self._drag_press
                self._dragged = moved.manhattanLength() >= DRAG_START
            else:
                self._dragged = True
            if self._dragged:
                self._drag_to(e.position())
            e.accept()
        else:
            super().mouseMoveEvent(e)
        quote = self.span_at(e.position().toPoint(), frozenset({LabelKind.QUOTE}))
        if quote != self._hover_quote:
            self._hover_quote = quote
            self._update_overlays()

    def leaveEvent(self, event: QEvent) -> None:
        """Leaving the view ends the hover highlight."""
        super().leaveEvent(event)
        if self._hover_quote is not None:
            self._hover_quote = None
            self._update_overlays()

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips: label, kind, speaker and annotator of the spans under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                # Each line in its own direction ("PER (entity) by huda" in Arabic too).
                QToolTip.showText(event.globalPos(), rich(text), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, point: QPoint) -> str:
        """Tooltip text for the spans under a viewport point (empty when none)."""
        if self._layer is None:
            return ""
        offset = self.offset_at(point)
        if offset is None:
            return ""
        spans = self._layer.spans_at(offset)
        lines = []
        for span in spans:
            line = self.tr("{label} ({kind}) by {annotator}").format(
                label=span.label, kind=self._kind_name(span.kind), annotator=self._annotator
            )
            speaker = self._layer.speaker_of(span) if span.kind == LabelKind.QUOTE else None
            if speaker is not None:
                said = self._text[speaker.start : speaker.end]
                line += "\n" + self.tr("Speaker: {name}").format(name=said)
            lines.append(line)
        for mark in self._marks_in(offset, offset + 1):
            tip = mark.tooltip()
            if tip and tip not in lines:
                lines.append(tip)
        return "\n".join(lines)

    def _kind_name(self, kind: LabelKind) -> str:
        """Translated name of a label kind."""
        names = {
            LabelKind.ENTITY: self.tr("entity"),
            LabelKind.QUOTE: self.tr("quote"),
            LabelKind.TOPIC: self.tr("topic"),
        }
        return names[kind]

    def background_colour(self) -> QColor:
        """Viewport background (tests use it to find ink)."""
        return self.viewport().palette().color(self.viewport().backgroundRole())


__all__ = ["ArticleView", "SnapMode"]
