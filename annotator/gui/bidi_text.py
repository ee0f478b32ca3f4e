"""Mixed Arabic/Latin text in widgets: each text laid out in its own direction.

Qt lays out a label, a status message or an item view cell in the widget's direction (the
interface language's), so an Arabic title in the English interface comes out scrambled.
Here every shown text takes the direction of its first strong character
(``core.bidi``), is right-aligned when that is right-to-left, and is shortened at its
logical end (the ellipsis after the last kept word in reading order):

- ``BidiTextDelegate`` draws the cells of a list or table that way, on one line;
- ``rich`` turns plain text into rich text whose paragraphs each carry their direction
  (message boxes, tooltips);
- ``window_title`` makes a title read in its own direction in the window manager;
- ``IsolatedShortcutsStyle`` draws menu shortcuts (``Ctrl+=``) as left-to-right islands.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleFactory,
    QStyleOption,
    QStyleOptionMenuItem,
    QStyleOptionViewItem,
    QWidget,
)

from annotator.core.bidi import (
    ELLIPSIS,
    Direction,
    direction,
    first_strong,
    isolate,
    isolate_ltr,
    mark,
    word_prefixes,
)

Index = QModelIndex | QPersistentModelIndex


def interface_direction() -> Direction:
    """The interface's own direction (the fallback of text without a strong character)."""
    rtl = QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    return "rtl" if rtl else "ltr"


def qt_direction(text: str) -> Qt.LayoutDirection:
    """Qt's layout direction for a text: its first strong character's (P2/P3)."""
    if direction(text, interface_direction()) == "rtl":
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def one_line(text: str) -> str:
    """Line breaks and tabs as spaces, edges trimmed: a row shows one line."""
    return " ".join(text.replace("\t", " ").splitlines()).strip()


def elide(text: str, metrics: QFontMetricsF, width: float) -> str:
    """``text`` shortened at its logical end to fit ``width``, whole words where possible.

    The ellipsis follows the last kept word in reading order (in a right-to-left text it
    appears at the left, after the words read first).
    """
    if metrics.horizontalAdvance(text) <= width:
        return text
    ends = [n for n in word_prefixes(text) if n < len(text)]
    low, high, best = 0, len(ends) - 1, -1
    while low <= high:
        middle = (low + high) // 2
        if metrics.horizontalAdvance(text[: ends[middle]] + ELLIPSIS) <= width:
            best = middle
            low = middle + 1
        else:
            high = middle - 1
    if best >= 0:
        return text[: ends[best]] + ELLIPSIS
    # Not even the first word fits: cut it (Qt cuts the logical string, keeping its start).
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


_ELIDED: dict[tuple[str, str, int], str] = {}
"""Elided texts by (text, font, width): repainting a row (hover, selection) measures nothing."""
_ELIDED_MAX = 4096


@dataclass(frozen=True, slots=True)
class CellText:
    """How one cell's text is drawn: the (elided) text, its direction and alignment."""

    text: str
    direction: Qt.LayoutDirection
    alignment: Qt.AlignmentFlag


def cell_text(
    text: str, font: QFont, width: float, neutral: Qt.AlignmentFlag | None = None
) -> CellText:
    """Lay out a cell's text on one line in its own direction, elided to ``width``.

    ``neutral``: the horizontal alignment of a text without a strong character (a number
    keeps the column's alignment); by default such a text follows the interface.
    """
    line = one_line(text)
    key = (line, font.key(), round(width))
    shown = _ELIDED.get(key)
    if shown is None:
        if len(_ELIDED) >= _ELIDED_MAX:
            _ELIDED.clear()  # a cheap bound: rows are re-measured once after this
        shown = _ELIDED[key] = elide(line, QFontMetricsF(font), max(0.0, width))
    rtl = qt_direction(line) == Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    if neutral is not None and first_strong(line) is None:
        side = neutral
    return CellText(
        shown,
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight,
        side | Qt.AlignmentFlag.AlignAbsolute,
    )


def draw_line(painter: QPainter, rect: QRect, cell: CellText, font: QFont) -> None:
    """Draw one line of text in its own direction, aligned in ``rect``, centred vertically."""
    layout = QTextLayout(cell.text, font)
    option = QTextOption(cell.alignment)
    option.setTextDirection(cell.direction)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setLineWidth(rect.width())
    layout.endLayout()
    height = layout.boundingRect().height()
    top = rect.top() + (rect.height() - height) / 2
    layout.draw(painter, QPointF(rect.left(), top))


class BidiTextDelegate(QStyledItemDelegate):
    """Draws a cell's text on one line in its own direction, elided at its logical end.

    The background, selection and focus are the style's; only the text is laid out here.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def text_rect(self, option: QStyleOptionViewItem) -> QRect:
        """Where the style puts a cell's text, less the style's text margins."""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        return rect.adjusted(margin, 0, -margin, 0)

    def cell(self, option: QStyleOptionViewItem, index: Index) -> CellText:
        """The text as ``paint`` draws it for this option (rect, font) and index."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        return self._cell(opt, self.text_rect(opt))

    @staticmethod
    def _cell(opt: QStyleOptionViewItem, rect: QRect) -> CellText:
        """Lay out an initialised option's text; numbers keep the cell's own alignment."""
        horizontal = QStyle.visualAlignment(opt.direction, opt.displayAlignment)
        neutral = (
            Qt.AlignmentFlag.AlignRight
            if horizontal & Qt.AlignmentFlag.AlignRight
            else Qt.AlignmentFlag.AlignHCenter
            if horizontal & Qt.AlignmentFlag.AlignHCenter
            else Qt.AlignmentFlag.AlignLeft
        )
        return cell_text(opt.text, opt.font, rect.width(), neutral)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The style draws the cell without text; the text follows in its own direction."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = self.text_rect(opt)
        cell = self._cell(opt, rect)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        if not cell.text:
            return
        painter.save()
        painter.setPen(opt.palette.color(group, role))
        painter.setClipRect(rect)
        draw_line(painter, rect, cell, opt.font)
        painter.restore()


def rich(text: str) -> str:
    """Plain text as rich text: each line a paragraph in its own direction.

    A right-to-left paragraph is right-aligned (its leading side), whatever the widget's
    direction. Key sequences and paths inside should already be isolated.
    """
    default = interface_direction()
    paragraphs = []
    for line in text.split("\n"):
        dir_ = direction(line, default)
        body = html.escape(line) if line.strip() else "&nbsp;"
        paragraphs.append(f'<p dir="{dir_}" style="margin:0; white-space:pre-wrap">{body}</p>')
    return "".join(paragraphs)


def window_title(title: str, application: str) -> str:
    """``"title — application"`` reading in the title's own direction.

    The title is isolated and preceded by the mark of its direction, so a window manager
    applying the paragraph rule to the whole string gets the title's direction.
    """
    dir_ = direction(title, interface_direction())
    return f"{mark(dir_)}{isolate(title)} — {application}"


def keys(sequence: str) -> str:
    """A key sequence as a left-to-right island (``Ctrl+=`` never shows as ``=+Ctrl``)."""
    return isolate_ltr(sequence)


def path_text(path: str) -> str:
    """A path or file name as a left-to-right island inside a sentence of either direction.

    Each Arabic part of a name (between ``/``, ``\\``, ``.`` and ``:``) is its own isolate
    inside the island: two Arabic names in a row (``بيانات/أخبار``) would otherwise form
    one right-to-left run and show the file before its folder, and a name isolated whole
    would show its extension and line number on its left (``jsonl:3.أخبار``).
    """
    parts = _PARTS.split(path)
    return isolate_ltr(
        "".join(isolate(part) if first_strong(part) == "rtl" else part for part in parts)
    )


_SEPARATORS = re.compile(r"([/\\])")
_PARTS = re.compile(r"([/\\.:])")
_PLACE = re.compile(r"^(?P<place>[^\n]+?)(?P<rest>: .*)$", re.DOTALL)
_FILE_NAME = re.compile(r"\.\w{1,10}(?::\d+)?$")


def error_text(message: str) -> str:
    """An error message whose ``file:line: reason`` place reads as a path, then the reason.

    Errors of bad input start with where it is (``core.errors.InputError``); the place
    becomes a left-to-right island (``path_text``), so the paragraph takes the reason's
    direction and an Arabic file name cannot pull the reason in front of it. A message
    whose start is not a path or file name (no separator, no extension) is left alone.
    """
    found = _PLACE.match(message)
    if found is None:
        return message
    place = found["place"]
    if not (_SEPARATORS.search(place) or _FILE_NAME.search(place)):
        return message
    return path_text(place) + found["rest"]


class IsolatedShortcutsStyle(QProxyStyle):
    """The application's style, drawing menu items' shortcut column as LTR islands."""

    def __init__(self, parent: QObject | None = None) -> None:
        base = QStyleFactory.create(QApplication.style().name())
        super().__init__(base)
        if parent is not None:
            self.setParent(parent)

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """A menu item's text after the tab (its shortcut) is drawn left to right."""
        if element == QStyle.ControlElement.CE_MenuItem and isinstance(
            option, QStyleOptionMenuItem
        ):
            text = option.text
            if "\t" in text:
                head, tail = text.split("\t", 1)
                opt = QStyleOptionMenuItem(option)
                opt.text = f"{head}\t{keys(tail)}"
                super().drawControl(element, opt, painter, widget)
                return
        super().drawControl(element, option, painter, widget)


__all__ = [
    "BidiTextDelegate",
    "CellText",
    "IsolatedShortcutsStyle",
    "cell_text",
    "elide",
    "isolate",
    "keys",
    "path_text",
    "qt_direction",
    "rich",
    "window_title",
]
