"""Where each character of the laid-out article is painted, and what a point or drag covers.

Qt's own hit test misplaces points in right-to-left text: on the visual lines of a wrapped
paragraph other than its last it answers about one space width (~5 px) to the side, so a
point on the right half of an Arabic letter lands after it; where Arabic meets Latin or
digits ``QTextLine.cursorToX`` gives a boundary one visual place while the letters sit
elsewhere. This module reads the painted glyphs instead: for each grapheme of a line,
``QTextLine.glyphRuns`` over its characters and the font's advances give the box its glyphs
fill. A drag covers the graphemes whose boxes it enters; a click lands on the nearest edge
of a box (each grapheme has a start edge and an end edge, the right one in right-to-left
runs), so both visual places of a position where directions meet are candidates.

Everything here is in Qt positions (UTF-16 units of the document) and document coordinates;
the article view converts to code points and viewport coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLayout, QTextLine

_RUN_FLAGS = (
    QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
    | QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphPositions
)
MIN_OVERLAP = 0.25
"""Pixels a drag must reach into a letter's box to cover it (a touch at the edge does not)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One grapheme as painted: Qt positions ``[start, end)`` and its box's x extent."""

    start: int
    end: int
    left: float
    right: float
    rtl: bool
    space: bool
    """White space: covered only when a drag passes its middle (it has no ink)."""

    @property
    def start_x(self) -> float:
        """Where a caret before this grapheme stands (its right edge in right-to-left runs)."""
        return self.right if self.rtl else self.left

    @property
    def end_x(self) -> float:
        """Where a caret after this grapheme stands."""
        return self.left if self.rtl else self.right

    def covered_by(self, low: float, high: float) -> bool:
        """Tell whether the x interval ``[low, high]`` covers this grapheme."""
        if self.space:
            middle = (self.left + self.right) / 2
            return low < middle < high
        return min(high, self.right) - max(low, self.left) > MIN_OVERLAP


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line: its place in reading order, vertical extent and graphemes."""

    order: tuple[int, int]
    """(block number, line number in the block): sorts lines in reading order."""
    first: int
    """Qt position of the line's first character."""
    stop: int
    """Qt position after the line's last character (its trailing space included)."""
    top: float
    bottom: float
    rtl: bool
    """The paragraph's direction: which side of a point comes later in reading."""
    cells: tuple[Cell, ...]
    """Graphemes with painted glyphs, in logical order."""
    frame: tuple[float, float, float]
    """Left edge of the block's layout, the line's x and width: a change means a relayout."""

    def after(self, x: float) -> list[Cell]:
        """Graphemes from ``x`` to the line's end in reading order (covered by a drag on)."""
        if self.rtl:
            return [c for c in self.cells if c.covered_by(-1e9, x)]
        return [c for c in self.cells if c.covered_by(x, 1e9)]

    def before(self, x: float) -> list[Cell]:
        """Graphemes from the line's start in reading order to ``x``."""
        if self.rtl:
            return [c for c in self.cells if c.covered_by(x, 1e9)]
        return [c for c in self.cells if c.covered_by(-1e9, x)]


def _cells(block: QTextBlock, layout: QTextLayout, line: QTextLine) -> tuple[Cell, ...]:
    """The graphemes of one line with the boxes their glyphs are painted in."""
    base = block.position()
    origin = layout.position().x()
    # Positions here count UTF-16 units: the block's text is sliced in that frame too.
    units = block.text().encode("utf-16-le", "surrogatepass")
    first, stop = line.textStart(), line.textStart() + line.textLength()
    bounds = [p for p in range(first, stop) if layout.isValidCursorPosition(p)]
    bounds.append(stop)
    cells: list[Cell] = []
    pending: int | None = None  # start of a zero-width grapheme waiting for a neighbour
    for start, end in pairwise(bounds):
        left, right, rtl = float("inf"), float("-inf"), False
        for run in line.glyphRuns(start, end - start, _RUN_FLAGS):
            positions = run.positions()
            if not positions:
                continue
            advances = run.rawFont().advancesForGlyphIndexes(run.glyphIndexes())
            rtl = run.isRightToLeft()
            for pos, adv in zip(positions, advances, strict=False):
                left = min(left, pos.x())
                right = max(right, pos.x() + adv.x())
        if left == float("inf"):
            continue  # nothing painted: the space where a line wraps, a line break
        if right - left < 0.01:
            # A letter drawn inside its neighbour's glyph (the alef of the lam-alef
            # ligature): it goes with that neighbour.
            if cells:
                last = cells[-1]
                cells[-1] = Cell(
                    last.start, base + end, last.left, last.right, last.rtl, last.space
                )
            elif pending is None:
                pending = start
            continue
        space = units[2 * start : 2 * end].decode("utf-16-le", "replace").isspace()
        if pending is not None:
            start, pending = pending, None
        cells.append(Cell(base + start, base + end, origin + left, origin + right, rtl, space))
    return tuple(cells)


class GlyphMap(QObject):
    """Grapheme boxes of a document's lines, computed on demand and kept until relayout."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._doc = document
        self._lines: dict[tuple[int, int], Line] = {}

    def clear(self) -> None:
        """Forget every line (the view's width or font size changed)."""
        self._lines.clear()

    def _line(self, block: QTextBlock, number: int) -> Line:
        """The line ``number`` of ``block`` (cached while its layout stays the same)."""
        layout = block.layout()
        qline = layout.lineAt(number)
        top = layout.position().y() + qline.y()
        key = (block.blockNumber(), number)
        frame = (layout.position().x(), qline.x(), qline.width())
        line = self._lines.get(key)
        # Re-formatting (a new highlight) lays a block out again at the same places; a
        # new width, font size or text moves a line's text, top or frame.
        if (
            line is not None
            and line.first == block.position() + qline.textStart()
            and line.stop == line.first + qline.textLength()
            and line.top == top
            and line.frame == frame
        ):
            return line
        rtl = block.textDirection() == Qt.LayoutDirection.RightToLeft
        first = block.position() + qline.textStart()
        line = Line(
            key,
            first,
            first + qline.textLength(),
            top,
            top + qline.height(),
            rtl,
            _cells(block, layout, qline),
            frame,
        )
        self._lines[key] = line
        return line

    def line_at(self, point: QPointF) -> Line | None:
        """The visual line at a document point (the nearest one above or below the text)."""
        found = self._line_number_at(point.y())
        return None if found is None else self._line(*found)

    def _line_number_at(self, y: float) -> tuple[QTextBlock, int] | None:
        """The block and line number at a document height (nearest line off the text)."""
        block = self._block_at(y)
        if block is None:
            return None
        layout = block.layout()
        count = layout.lineCount()
        if count == 0:
            return None
        y -= layout.position().y()
        number = 0
        while number + 1 < count and layout.lineAt(number + 1).y() <= y:
            number += 1
        return block, number

    def range_between(self, top: float, bottom: float) -> tuple[int, int] | None:
        """Qt positions of the paragraphs from height ``top`` to height ``bottom``.

        Cheap and generous (whole paragraphs, from Qt's own hit test): for what is in view
        on a paint, where a few characters more cost nothing.
        """
        doc = self._doc
        layout = doc.documentLayout()
        x = doc.size().width() / 2
        first = doc.findBlock(max(layout.hitTest(QPointF(x, top), Qt.HitTestAccuracy.FuzzyHit), 0))
        last = doc.findBlock(
            max(layout.hitTest(QPointF(x, bottom), Qt.HitTestAccuracy.FuzzyHit), 0)
        )
        if not first.isValid():
            first = doc.firstBlock()
        if not last.isValid():
            last = doc.lastBlock()
        if not first.isValid() or not last.isValid():
            return None
        # One paragraph more on each side: a fuzzy hit may answer the neighbouring one.
        if first.previous().isValid():
            first = first.previous()
        if last.next().isValid():
            last = last.next()
        return first.position(), last.position() + last.length() - 1

    def _block_at(self, y: float) -> QTextBlock | None:
        """The last block starting at or above ``y`` (the first one above the text)."""
        doc = self._doc
        layout = doc.documentLayout()
        # Qt's fuzzy hit test finds a block near that height quickly (its x answer is what
        # misleads, not its block); the walk below makes the block exact.
        middle = QPointF(doc.size().width() / 2, y)
        block = doc.findBlock(max(layout.hitTest(middle, Qt.HitTestAccuracy.FuzzyHit), 0))
        if not block.isValid():
            block = doc.lastBlock()
        if not block.isValid():
            return None
        while block.previous().isValid() and layout.blockBoundingRect(block).top() > y:
            block = block.previous()
        while block.next().isValid() and layout.blockBoundingRect(block.next()).top() <= y:
            block = block.next()
        return block

    def line_of(self, position: int) -> Line | None:
        """The visual line holding Qt position ``position``."""
        block = self._doc.findBlock(position)
        if not block.isValid() or block.layout().lineCount() == 0:
            return None
        qline = block.layout().lineForTextPosition(position - block.position())
        if not qline.isValid():
            return None
        return self._line(block, qline.lineNumber())

    def caret_at(self, point: QPointF) -> int | None:
        """The caret position nearest to a document point, on the line under it."""
        line = self.line_at(point)
        if line is None:
            return None
        if not line.cells:
            return line.first
        x = point.x()
        best = min(
            ((abs(x - c.start_x), c.start) for c in line.cells),
            default=(float("inf"), line.first),
        )
        after = min(((abs(x - c.end_x), c.end) for c in line.cells), default=best)
        return best[1] if best[0] <= after[0] else after[1]

    def char_at(self, point: QPointF) -> int | None:
        """Qt position of the grapheme painted under a document point, or None."""
        line = self.line_at(point)
        if line is None or not line.top <= point.y() < line.bottom:
            return None
        for cell in line.cells:
            if cell.left <= point.x() < cell.right:
                return cell.start
        return None

    def covered(self, press: QPointF, point: QPointF) -> tuple[int, int] | None:
        """The Qt range a drag from ``press`` to ``point`` covers, or None if no grapheme.

        On one line: the graphemes whose boxes the x interval enters, from the first to the
        last in reading order. Across lines: from the press to its line's end in reading
        order, every line between, and the last line from its start to the point.
        """
        one, two = self.line_at(press), self.line_at(point)
        if one is None or two is None:
            return None
        if one.order == two.order:
            low, high = sorted((press.x(), point.x()))
            cells = [c for c in one.cells if c.covered_by(low, high)]
            if not cells:
                return None
            return min(c.start for c in cells), max(c.end for c in cells)
        if two.order < one.order:
            one, two, press, point = two, one, point, press
        head = one.after(press.x())
        tail = two.before(point.x())
        start = min((c.start for c in head), default=one.stop)
        end = max((c.end for c in tail), default=two.first)
        return (start, end) if start < end else None

    def boxes(self, start: int, end: int) -> list[QRectF]:
        """Rectangles (document coordinates) of the graphemes in Qt range ``[start, end)``.

        Neighbouring graphemes on a line merge into one rectangle; a range whose text runs in
        two directions on a line may give several.
        """
        out: list[QRectF] = []
        position = start
        seen: tuple[int, int] | None = None
        while position < end:
            line = self.line_of(position)
            if line is None:
                break
            if line.order == seen:
                position += 1  # the end of a block: its separator, then the next block
                continue
            seen = line.order
            spans = sorted(
                (c.left, c.right) for c in line.cells if c.start < end and c.end > position
            )
            merged: list[list[float]] = []
            for left, right in spans:
                if merged and left <= merged[-1][1] + 0.5:
                    merged[-1][1] = max(merged[-1][1], right)
                else:
                    merged.append([left, right])
            for left, right in merged:
                out.append(QRectF(left, line.top, right - left, line.bottom - line.top))
            position = max(line.stop, position)
        return out
