"""The review legend: a sample of every mark review mode draws, with what it means.

The samples are drawn with the very formats the article view uses (``marks``), so the
legend cannot drift from what the reviewer sees.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from annotator.core.model import LabelKind

from . import marks

SAMPLE = "نص عربي"
"""The sample word each mark is drawn on."""
KINDS = (
    "missing_span",
    "different_label",
    "different_boundaries",
    "different_speaker",
    "different_topics",
)
MAX_LINES = 16


def kind_label(kind: str) -> str:
    """Translated name of a disagreement kind (a ``DisagreementKind`` value)."""
    names = {
        "missing_span": QCoreApplication.translate("ReviewPanel", "missing span"),
        "different_label": QCoreApplication.translate("ReviewPanel", "different label"),
        "different_boundaries": QCoreApplication.translate("ReviewPanel", "different boundaries"),
        "different_speaker": QCoreApplication.translate("ReviewPanel", "different speaker"),
        "different_topics": QCoreApplication.translate("ReviewPanel", "different topics"),
    }
    return names[kind]


class Legend(QTextEdit):
    """Read-only text: one line per mark, its sample drawn in the real format."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * MAX_LINES + 12)

    def lines(self) -> list[tuple[QTextCharFormat | None, str]]:
        """(format of the sample, meaning) of each line, in order."""

        out: list[tuple[QTextCharFormat | None, str]] = [
            (None, self.tr("Colour: the kind of disagreement")),
        ]
        for kind in KINDS:
            out.append((marks.disagreement_format(kind, state=marks.OPEN), kind_label(kind)))
        out += [
            (None, self.tr("Line and hatch: how far the review is")),
            (
                marks.disagreement_format("different_label", state=marks.OPEN),
                self.tr(
                    "hatched, coloured text, wavy line: open (gold holds none of its versions)"
                ),
            ),
            (
                marks.disagreement_format("different_label", state=marks.PREFILLED),
                self.tr(
                    "hatched, coloured text, dash-dot line: pre-filled, not decided (○ in the list)"
                ),
            ),
            (
                marks.disagreement_format("different_label", state=marks.DECIDED),
                self.tr(
                    "plain text, line above, dashed line: decided by a reviewer (✓ in the list)"
                ),
            ),
            (
                marks.current_disagreement_format("different_label"),
                self.tr("dense hatch: the disagreement you are deciding"),
            ),
            (None, self.tr("Spans")),
            (
                marks.agreed_format(LabelKind.ENTITY, "#f4a6a6"),
                self.tr("pale wash: every annotator has this entity"),
            ),
            (
                marks.agreed_format(LabelKind.QUOTE, "#e8a33d"),
                self.tr("dotted line in the label's colour: every annotator has this quote"),
            ),
            (
                marks.span_format(LabelKind.ENTITY, "#f4a6a6"),
                self.tr("full colour: an entity in gold"),
            ),
            (
                marks.span_format(LabelKind.QUOTE, "#e8a33d"),
                self.tr("tint and solid line: a quote in gold"),
            ),
        ]
        return out

    def retranslate(self) -> None:
        """Write the legend in the current language."""
        self.clear()
        cursor = QTextCursor(self.document())
        # Every line runs in the interface's direction (its sample is Arabic whatever the
        # language): sample first, then its meaning.
        block = QTextBlockFormat()
        block.setLayoutDirection(self.layoutDirection())
        cursor.setBlockFormat(block)
        plain = QTextCharFormat()
        heading = QTextCharFormat()
        heading.setFontWeight(700)
        for index, (fmt, meaning) in enumerate(self.lines()):
            if index:
                cursor.insertBlock(block)
            if fmt is None:
                cursor.insertText(meaning, heading)
                continue
            cursor.insertText(SAMPLE, fmt)
            cursor.insertText("  " + meaning, plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)
