"""How body-search hits look in the article view: an overlay, never a span or a mark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat

HIT_COLOUR = "#ffd43b"
HIT_ALPHA = 170
"""Hits are a strong yellow wash with an outline-like underline: unlike any label colour
scheme's translucent entity fill, and drawn above the marks without replacing them."""


def hit_format() -> QTextCharFormat:
    """Format of a search hit's overlay."""
    fmt = QTextCharFormat()
    fill = QColor(HIT_COLOUR)
    fill.setAlpha(HIT_ALPHA)
    fmt.setBackground(fill)
    fmt.setFontUnderline(True)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor("#b8860b"))
    return fmt
