"""Document-level topics as a checkable list beside the article, with suggested ones marked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.model import Label, LabelKind

from .bidi_text import BidiTextDelegate, keys, rich
from .i18n import display_name
from .label_palette import NAME_ROLE, swatch

TEXT_ROLE = Qt.ItemDataRole.UserRole + 7
"""The row's own text (the name and key), without a suggestion mark."""
SUGGESTED = "\u2726"
"""The mark beside a suggested topic (a four-pointed star)."""


class TopicsPanel(QWidget):
    """Check the topics a document is about (labels of kind topic)."""

    topicToggled = Signal(str, bool)
    """The user checked (True) or unchecked (False) a topic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[Label] = []
        self.heading = QLabel(self)
        self.list = QListWidget(self)
        self.list.setItemDelegate(BidiTextDelegate(self.list))  # names in their own direction
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.hide()
        self._suggested: dict[str, float] = {}
        self._current: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self._updating = False
        self.list.itemChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.heading.setText(self.tr("Topics of this article (keys 1-0 without a selection)"))
        self.heading.setWordWrap(True)
        self.hint.setText(
            self.tr(
                "{mark} suggested by the topic model, with its score: {accept} accepts, "
                "{reject} rejects, {next} steps to the next suggestion."
            ).format(mark=SUGGESTED, accept=keys("F10"), reject=keys("F11"), next=keys("F9"))
        )

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            chosen = self.chosen()
            self.set_labels(self._labels)  # names follow the language (Arabic names)
            self.set_topics(chosen)
            self.show_suggestions(self._suggested, self._current)
        super().changeEvent(event)

    def set_labels(self, labels: list[Label]) -> None:
        """One checkable row per topic label."""
        self._labels = list(labels)
        self._updating = True
        try:
            self.list.clear()
            for label in labels:
                if label.kind != LabelKind.TOPIC:
                    continue
                key = f"   [{label.shortcut}]" if label.shortcut else ""
                text = f"{display_name(label)}{key}"
                item = QListWidgetItem(swatch(label.colour), text)
                item.setData(NAME_ROLE, label.name)
                item.setData(TEXT_ROLE, text)
                item.setToolTip(rich(label.description) if label.description else "")
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(Qt.CheckState.Unchecked)
                self.list.addItem(item)
        finally:
            self._updating = False

    def set_topics(self, topics: set[str] | frozenset[str]) -> None:
        """Show which topics are chosen (no signal is emitted)."""
        self._updating = True
        try:
            for row in range(self.list.count()):
                item = self.list.item(row)
                on = item.data(NAME_ROLE) in topics
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._updating = False

    def show_suggestions(self, scores: dict[str, float], current: str | None = None) -> None:
        """Mark the suggested topics with their score; the current one in bold."""
        self._suggested = dict(scores)
        self._current = current
        self._updating = True
        try:
            for row in range(self.list.count()):
                item = self.list.item(row)
                name = str(item.data(NAME_ROLE))
                text = str(item.data(TEXT_ROLE))
                font = QFont(item.font())
                font.setBold(name == current)
                item.setFont(font)
                if name in scores:
                    # Isolated so the score sits after the name in either direction.
                    # The score in the interface's digits, as the list writes counts.
                    score = QLocale().toString(scores[name], "f", 2)
                    mark = f"\u2068{SUGGESTED} {score}\u2069"
                    item.setText(f"{text}   {mark}")
                else:
                    item.setText(text)
        finally:
            self._updating = False
        self.hint.setVisible(bool(scores))

    def suggested(self) -> dict[str, float]:
        """The topics marked as suggested, with their scores."""
        return dict(self._suggested)

    def chosen(self) -> set[str]:
        """Names of the checked topics."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return {
            str(item.data(NAME_ROLE))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        }

    def item_for(self, name: str) -> QListWidgetItem | None:
        """The row of a topic (tests click it)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(NAME_ROLE) == name:
                return item
        return None

    def _changed(self, item: QListWidgetItem) -> None:
        """Forward a user's check or uncheck."""
        if self._updating:
            return
        on = item.checkState() == Qt.CheckState.Checked
        self.topicToggled.emit(str(item.data(NAME_ROLE)), on)
