"""Drag helpers for the article view: points from the glyphs' INK, never from the app's mapping.

A target is code points ``[start, end)`` of the shown text. The drag starts just inside the
ink of the target's first line at its reading-order start (the right end of that part of the
line, the article being right-to-left) and ends just inside the ink of its last line at
the reading-order end (the left end), as a person dragging over the words would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QTextEdit

INSET = 2.0
"""How far inside the ink a press or release lands, in pixels."""

_FLAGS = (
    QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
    | QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphPositions
)


def qt_pos(text: str, offset: int) -> int:
    """Qt (UTF-16) position of a code point offset, computed here, not by the app."""
    return len(text[:offset].encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Ink:
    """Viewport rectangle of one character's glyph ink, and which visual line it is on."""

    rect: QRectF
    line: tuple[int, int]
    line_mid_y: float


def ink(view: QTextEdit, text: str, offset: int) -> Ink | None:
    """The ink of code point ``offset`` in viewport coordinates, or None (no ink: a space)."""
    q = qt_pos(text, offset)
    n = len(text[offset].encode("utf-16-le")) // 2
    doc = view.document()
    block = doc.findBlock(q)
    layout = block.layout()
    rel = q - block.position()
    line = layout.lineForTextPosition(rel)
    rect = QRectF()
    for run in line.glyphRuns(rel, n, _FLAGS):
        raw = run.rawFont()
        for glyph, pos in zip(run.glyphIndexes(), run.positions(), strict=True):
            box = raw.boundingRect(glyph).translated(pos)
            if box.width() > 0 and box.height() > 0:
                rect = rect.united(box)
    if rect.isEmpty():
        return None
    scroll = QPointF(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    origin = layout.position() - scroll
    mid = origin.y() + line.y() + line.height() / 2
    return Ink(rect.translated(origin), (block.blockNumber(), line.lineNumber()), mid)


def drag_points(view: QTextEdit, text: str, start: int, end: int) -> tuple[QPoint, QPoint]:
    """Press and release points of a forward drag over ``[start, end)`` (right-to-left text)."""
    inks = [(i, k) for i in range(start, end) if (k := ink(view, text, i)) is not None]
    assert inks, f"nothing painted in {text[start:end]!r}"
    first_line = inks[0][1].line
    last_line = inks[-1][1].line
    head = [k for _, k in inks if k.line == first_line]
    tail = [k for _, k in inks if k.line == last_line]
    first = max(head, key=lambda k: k.rect.right())
    last = min(tail, key=lambda k: k.rect.left())
    # Just inside: a little way into the ink, less for a narrow glyph (an alef).
    right = first.rect.right() - min(INSET, first.rect.width() / 3)
    left = last.rect.left() + min(INSET, last.rect.width() / 3)
    if first_line == last_line and right - left < 3:
        # One narrow glyph (a bracket): from edge to edge of its ink, or it is only a click.
        right, left = first.rect.right() - 0.5, last.rect.left() + 0.5
    press = QPoint(math.floor(right), round(head[0].line_mid_y))
    release = QPoint(math.ceil(left), round(tail[0].line_mid_y))
    return press, release


def show_target(view: QTextEdit, text: str, start: int, end: int) -> tuple[QPoint, QPoint]:
    """Scroll the target to the upper third of the view; return its forward drag points."""
    press, stop = drag_points(view, text, start, end)
    bar = view.verticalScrollBar()
    top = min(press.y(), stop.y())
    bar.setValue(bar.value() + top - view.viewport().height() // 3)
    press, stop = drag_points(view, text, start, end)
    assert 0 < press.y() < view.viewport().height(), "the target is in view"
    assert 0 < stop.y() < view.viewport().height(), "the target is in view"
    return press, stop


def drag(qtbot, viewport, press: QPoint, release: QPoint, *, steps: int = 4) -> None:  # type: ignore[no-untyped-def]
    """Press, move in steps, and stop (the button still down) at ``release``."""
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=press)
    for k in range(1, steps + 1):
        point = press + (release - press) * (k / steps)
        qtbot.mouseMove(viewport, point if k < steps else release)


def release(qtbot, viewport, point: QPoint) -> None:  # type: ignore[no-untyped-def]
    """Let the button go at ``point``."""
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
