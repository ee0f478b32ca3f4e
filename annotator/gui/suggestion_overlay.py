"""Suggestions drawn over the article view: dashed outlines in the label colour.

A suggestion is not a span: it is painted by this transparent widget laid over the view's
viewport (never as a text format), so it cannot be mistaken for part of a layer. The
current suggestion gets a thicker outline. Hovering one shows its label, suggester and
score (an event filter on the viewport answers the tooltip before the view does).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen, QTextLine
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.core.model import Label
from annotator.core.offsets import Utf16Index
from annotator.core.suggest.base import Suggestion

from . import marks
from .i18n import display_name

_ISOLATE, _POP = "\u2068", "\u2069"
"""First-strong isolate around label names and versions, so they keep their own direction."""


class SuggestionOverlay(QWidget):
    """Paints the open document's suggestions over an article view."""

    def __init__(self, view: QTextEdit) -> None:
        super().__init__(view)
        self.view = view
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._suggestions: list[Suggestion] = []
        self._current = -1
        self._colours: dict[str, str] = {}
        self._labels: dict[str, Label] = {}
        self._index: Utf16Index | None = None
        self._text: str | None = None
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        self._place()

    def set_colours(self, colours: dict[str, str]) -> None:
        """Each label's colour (the schema's)."""
        self._colours = dict(colours)

    def set_labels(self, labels: Sequence[Label]) -> None:
        """The schema's labels: their colours, and the names the interface shows."""
        self.set_colours({label.name: label.colour for label in labels})
        self._labels = {label.name: label for label in labels}

    def show_suggestions(self, text: str, suggestions: Sequence[Suggestion], current: int) -> None:
        """Draw these suggestions of ``text`` (offsets in code points); ``current`` is bold."""
        if self._text is not text:
            self._index = Utf16Index(text)
            self._text = text
        self._suggestions = list(suggestions)
        self._current = current
        self._place()
        self.update()

    def clear(self) -> None:
        """Draw nothing."""
        self._suggestions = []
        self._current = -1
        self.update()

    @property
    def suggestions(self) -> list[Suggestion]:
        """What is drawn."""
        return list(self._suggestions)

    def _place(self) -> None:
        self.setGeometry(self.view.viewport().geometry())
        self.raise_()

    def rects(self, suggestion: Suggestion) -> list[QRectF]:
        """The suggestion's outline rectangles in viewport coordinates, one per line."""
        if self._index is None:
            return []
        doc = self.view.document()
        qs, qe = self._index.to_qt(suggestion.start), self._index.to_qt(suggestion.end)
        dx = self.view.horizontalScrollBar().value()
        dy = self.view.verticalScrollBar().value()
        out: list[QRectF] = []
        block = doc.findBlock(qs)
        while block.isValid() and block.position() < qe:
            layout = block.layout()
            origin = layout.position()
            base = block.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                lo = max(qs - base, line.textStart())
                hi = min(qe - base, line.textStart() + line.textLength())
                if lo >= hi:
                    continue
                x1, x2 = _x(line, lo), _x(line, hi)
                left, right = (x1, x2) if x1 <= x2 else (x2, x1)
                out.append(
                    QRectF(
                        origin.x() + left - dx,
                        origin.y() + line.y() - dy,
                        right - left,
                        line.height(),
                    )
                )
            block = block.next()
        return out

    def at(self, point: QPoint) -> Suggestion | None:
        """The suggestion under a viewport point."""
        for s in self._suggestions:
            if any(r.adjusted(-1, -1, 1, 1).contains(point.toPointF()) for r in self.rects(s)):
                return s
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        """Dashed outlines in each label's colour; the current one thicker."""
        if not self._suggestions:
            return
        self._place()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = QRectF(self.rect())
        for i, s in enumerate(self._suggestions):
            colour = QColor(marks.label_colour(self._colours.get(s.label, "")).darker(140))
            pen = QPen(colour, 2.5 if i == self._current else 1.3, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in self.rects(s):
                if rect.intersects(visible):
                    painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
        painter.end()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Answer tooltips over a suggestion; keep the overlay over the viewport."""
        if event.type() == QEvent.Type.Resize:
            self._place()
        elif event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.at(event.pos())
            if found is not None:
                QToolTip.showText(event.globalPos(), self.describe(found), self.view)
                return True
        return False

    def describe(self, s: Suggestion) -> str:
        """Tooltip text: label, suggester (and model version) and score."""
        names = {
            "propagation": self.tr("propagation"),
            "dictionary": self.tr("dictionary"),
            "model": self.tr("model"),
            "quotes": self.tr("quotes"),
            "topics": self.tr("topics"),
        }
        who = names.get(s.suggester, s.suggester)
        if s.version:
            who = f"{who} ({_ISOLATE}{s.version}{_POP})"
        label = self._labels.get(s.label)
        name = display_name(label) if label is not None else s.label
        return self.tr("Suggestion: {label} — {suggester}, score {score}").format(
            label=f"{_ISOLATE}{name}{_POP}",
            suggester=who,
            score=QLocale().toString(s.score, "f", 2),
        )


def _x(line: QTextLine, position: int) -> float:
    """The x of a cursor position on a line (PySide returns ``(x, position)``)."""
    result: Any = line.cursorToX(position, QTextLine.Edge.Leading)
    return float(result[0] if isinstance(result, tuple) else result)
