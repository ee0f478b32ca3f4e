"""The window's status bar, showing each message in the direction of its own text.

QStatusBar draws a message in the window's direction: an Arabic message in the English
interface (or a file name in the Arabic one) comes out scrambled. This one lays the message
out by its first strong character, right-aligned when that is right-to-left, and elided at
its logical end; permanent widgets keep their place.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption, QWidget

from .bidi_text import CellText, cell_text, draw_line


class BidiStatusBar(QStatusBar):
    """A status bar whose temporary messages read in their own direction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []

    def addPermanentWidget(self, widget: QWidget, /, stretch: int | None = 0) -> None:
        """Remember permanent widgets: the message is drawn beside them."""
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    def message_rect(self) -> QRect:
        """The room for the message: the bar less the permanent widgets and a gap."""
        left, right = 6, self.width() - 12
        shown = [w for w in self._permanent if w.isVisible()]
        if shown:
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
                left = max(left, max(w.geometry().right() for w in shown) + 12)
            else:
                right = min(right, min(w.x() for w in shown) - 12)
        return QRect(left, 0, max(0, right - left), self.height())

    def message_cell(self) -> CellText | None:
        """The current message as drawn (text, direction, alignment), or None."""
        message = self.currentMessage()
        if not message:
            return None
        return cell_text(message, self.font(), self.message_rect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Item frames as the style draws them, then the message in its own direction."""
        cell = self.message_cell()
        if cell is None:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        for widget in self._permanent:
            if widget.isVisible():
                option.rect = widget.geometry()
                self.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameStatusBarItem, option, painter, widget
                )
        painter.setPen(self.palette().windowText().color())
        draw_line(painter, self.message_rect(), cell, self.font())
        painter.end()
