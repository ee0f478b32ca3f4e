"""The label palette: every label with its colour and key; click to label the selection."""

from __future__ import annotations

import functools

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.arabic import search_key
from annotator.core.model import Label, LabelKind

from .bidi_text import BidiTextDelegate, rich
from .i18n import display_name
from .marks import label_colour

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


@functools.cache
def swatch(colour: str, size: int = 14) -> QIcon:
    """A square icon filled with the label's colour (cached: tables ask for it per cell)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(label_colour(colour))
    return QIcon(pixmap)


class LabelPalette(QWidget):
    """Searchable list of span labels (entities and quotes, and topics for topic spans)."""

    labelActivated = Signal(str)
    """The user clicked a label: apply it to the selection (and make it current)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[Label] = []
        self._current: str | None = None
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard in the article
        self.list.setItemDelegate(BidiTextDelegate(self.list))  # names in their own direction
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)
        self.list.itemClicked.connect(self._clicked)
        self.retranslate()

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.search.setPlaceholderText(self.tr("Filter labels…"))
        self.setToolTip(self.tr("Click a label, or press its key, to label the selection"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_labels(self, labels: list[Label]) -> None:
        """Show the schema's span labels."""
        self._labels = list(labels)
        self._fill()

    def current_label(self) -> str | None:
        """The label used last (what a double-click applies)."""
        return self._current

    def set_current_label(self, name: str | None) -> None:
        """Make a label current and show it selected."""
        self._current = name
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setSelected(item.data(NAME_ROLE) == name)

    def _fill(self) -> None:
        """Rebuild the items (schema or language changed)."""
        self.list.clear()
        kinds = {
            LabelKind.ENTITY: self.tr("entity"),
            LabelKind.QUOTE: self.tr("quote"),
            LabelKind.TOPIC: self.tr("topic"),
        }
        for label in self._labels:
            key = f"   [{label.shortcut}]" if label.shortcut else ""
            item = QListWidgetItem(swatch(label.colour), f"{display_name(label)}{key}")
            item.setData(NAME_ROLE, label.name)
            item.setToolTip(rich(f"{label.description}\n({kinds[label.kind]})".strip()))
            # Topic labels still label spans here; document topics live in the topics panel.
            item.setForeground(QColor("#444444") if label.kind == LabelKind.TOPIC else QColor())
            self.list.addItem(item)
        self._filter(self.search.text())
        self.set_current_label(self._current)

    def _filter(self, text: str) -> None:
        """Show labels whose name, key or description contains the search (diacritics-blind)."""
        key = search_key(text.strip())
        by_name = {label.name: label for label in self._labels}
        for row in range(self.list.count()):
            item = self.list.item(row)
            label = by_name[str(item.data(NAME_ROLE))]
            hay = search_key(
                f"{label.name} {label.arabic_name} {label.shortcut or ''} {label.description}"
            )
            item.setHidden(bool(key) and key not in hay)

    def _clicked(self, item: QListWidgetItem) -> None:
        """A click applies the label."""
        name = str(item.data(NAME_ROLE))
        self.set_current_label(name)
        self.labelActivated.emit(name)
