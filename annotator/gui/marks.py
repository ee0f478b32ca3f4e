"""How spans look in the article view: formats per kind, so overlaps stay readable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat

from annotator.core.model import LabelKind

ENTITY_ALPHA = 150
"""Entity backgrounds are translucent, so the text keeps its contrast."""
QUOTE_ALPHA = 45
"""A quote's tint is faint: it marks the extent, the entities inside stay readable."""


def label_colour(colour: str, fallback: str = "#cccccc") -> QColor:
    """A valid QColor for a schema colour string."""
    qcolour = QColor(colour)
    return qcolour if qcolour.isValid() else QColor(fallback)


def span_format(kind: LabelKind, colour: str) -> QTextCharFormat | None:
    """Format of a span's highlight; None for kinds drawn in the margin (topic spans)."""
    fmt = QTextCharFormat()
    base = label_colour(colour)
    if kind == LabelKind.ENTITY:
        # Entities: a background wash; the text colour stays, so Arabic keeps its contrast.
        fill = QColor(base)
        fill.setAlpha(ENTITY_ALPHA)
        fmt.setBackground(fill)
        return fmt
    if kind == LabelKind.QUOTE:
        # Quotes: a faint tint and a coloured underline. Quotes are formatted before the
        # entities inside them, so an entity's background replaces the tint while the
        # quote's underline stays under it.
        tint = QColor(base)
        tint.setAlpha(QUOTE_ALPHA)
        fmt.setBackground(tint)
        fmt.setFontUnderline(True)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(base.darker(130))
        return fmt
    return None


def speaker_format(colour: str) -> QTextCharFormat:
    """Overlay on the speaker of the quote under the mouse (or of the selected quote)."""
    fmt = QTextCharFormat()
    fill = label_colour(colour)
    fill.setAlpha(200)
    fmt.setBackground(fill)
    fmt.setFontUnderline(True)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(label_colour(colour).darker(160))
    return fmt


def pending_quote_format(colour: str) -> QTextCharFormat:
    """Overlay on a quote that is waiting for its speaker to be clicked."""
    fmt = QTextCharFormat()
    fill = label_colour(colour)
    fill.setAlpha(70)
    fmt.setBackground(fill)
    fmt.setFontUnderline(True)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    fmt.setUnderlineColor(label_colour(colour).darker(150))
    return fmt


OVERLAP_BAR = 2
"""Thickness of the bar under an entity that overlaps another (each span's own extent)."""
OVERLAP_LANE = 3
"""Vertical step between the stacked bars of nested or crossing entities."""


def overlap_bar_colour(colour: str) -> QColor:
    """Colour of the extent bar of an overlapping entity: its label colour, darker."""
    return label_colour(colour).darker(150)


def overlap_lanes(spans: list[tuple[int, int]]) -> dict[int, int]:
    """Bar lanes of the ranges that overlap another one: index into ``spans`` -> lane.

    Ranges that overlap nothing get no bar (their background already shows their extent).
    Longer ranges come first, so an outer entity takes lane 0 and the ones inside it the
    lanes above; crossing ranges take different lanes.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    involved: set[int] = set()
    for k, i in enumerate(order):
        for j in order[k + 1 :]:
            if spans[j][0] >= spans[i][1]:
                break
            involved.update((i, j))
    lanes: dict[int, int] = {}
    for i in order:
        if i not in involved:
            continue
        taken = {
            lane
            for j, lane in lanes.items()
            if spans[j][0] < spans[i][1] and spans[i][0] < spans[j][1]
        }
        lanes[i] = next(lane for lane in range(len(taken) + 1) if lane not in taken)
    return lanes


def topic_bar_colour(colour: str) -> QColor:
    """Colour of a topic span's bar in the margin."""
    return label_colour(colour, "#5b7db1")


# -- review mode -----------------------------------------------------------------------

DISAGREEMENT_COLOURS = {
    "missing_span": "#5a5a5a",  # grey: nothing like the QUOTE label's orange
    "different_label": "#d62728",
    "different_boundaries": "#8e44ad",
    "different_speaker": "#1f77b4",
    "different_topics": "#2e8b57",
}
"""One colour per disagreement kind (``DisagreementKind`` values), independent of labels."""
AGREED_ALPHA = 70
"""Spans every annotator has: a pale wash of the label colour (the gold layer's is full)."""
HATCH_ALPHA = 150
UNDECIDED_TEXT_DARKER = 130
"""An undecided disagreement's text: its kind's colour, darkened to read on any fill."""


def disagreement_colour(kind: str) -> QColor:
    """The colour that marks a disagreement kind."""
    return QColor(DISAGREEMENT_COLOURS.get(kind, "#777777"))


def agreed_format(kind: LabelKind, colour: str) -> QTextCharFormat | None:
    """A span all annotators agree on: drawn plainly, paler than the gold layer's spans."""
    base = label_colour(colour)
    fmt = QTextCharFormat()
    if kind == LabelKind.ENTITY:
        fill = QColor(base)
        fill.setAlpha(AGREED_ALPHA)
        fmt.setBackground(fill)
        return fmt
    if kind == LabelKind.QUOTE:
        fmt.setFontUnderline(True)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(base.darker(130))
        return fmt
    return None


OPEN, PREFILLED, DECIDED = "open", "prefilled", "decided"
"""How far the review of a disagreement is: gold holds none of it; gold holds a version no
reviewer decided (the majority vote's); a reviewer decided it."""


def disagreement_format(kind: str, *, state: str) -> QTextCharFormat:
    """A disagreement in its kind's colour: hatched while undecided, a line above once decided.

    Open: hatch, text in the kind's colour and a wavy underline. Pre-filled: the same with
    a dash-dot underline. Decided: no hatch, plain text, a dashed underline and an
    overline. No underline here is solid, so none looks like a quote's; and the overline
    stays visible where a gold quote's own underline covers the disagreement's (a decided
    speaker disagreement lies on its quote).
    """
    colour = disagreement_colour(kind)
    fmt = QTextCharFormat()
    if state != DECIDED:
        hatch = QColor(colour)
        hatch.setAlpha(HATCH_ALPHA)
        fmt.setBackground(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        # Gold's own spans are drawn over the marks, and their fill hides the hatch (a
        # quote's underline hides the mark's too): the text colour stays visible.
        fmt.setForeground(QBrush(colour.darker(UNDECIDED_TEXT_DARKER)))
    else:
        fmt.setFontOverline(True)
    fmt.setFontUnderline(True)
    style = {
        OPEN: QTextCharFormat.UnderlineStyle.WaveUnderline,
        PREFILLED: QTextCharFormat.UnderlineStyle.DashDotLine,
        DECIDED: QTextCharFormat.UnderlineStyle.DashUnderline,
    }[state]
    fmt.setUnderlineStyle(style)
    fmt.setUnderlineColor(colour)
    return fmt


def current_disagreement_format(kind: str) -> QTextCharFormat:
    """Overlay on the disagreement the reviewer is deciding (denser hatching)."""
    colour = disagreement_colour(kind)
    colour.setAlpha(200)
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(colour, Qt.BrushStyle.Dense6Pattern))
    return fmt
