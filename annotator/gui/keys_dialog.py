"""The keyboard shortcuts dialog: the keys in words, and a table of the labels' keys.

Hovering a label's row shows its description and its section of the guidelines
(``core.guidelines.label_help``), so the rule is at hand where the key is learnt.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label

from .bidi_text import keys, rich
from .i18n import display_name


class KeysDialog(QDialog):
    """Shortcuts in words above a table of label keys with their help on hover."""

    def __init__(
        self,
        text: str,
        labels: Sequence[Label],
        help_of: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.text = text
        """The shortcuts in words, plain text (shown as one paragraph a line)."""
        # Each line a paragraph in its own direction; key names are already isolated.
        intro = QLabel(rich(text), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Key"), self.tr("Label"), self.tr("Description")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        keyed = [label for label in labels if label.shortcut]
        self.table.setRowCount(len(keyed))
        for row, label in enumerate(keyed):
            # As rich text of its own: a raw rule whose first line held a tag was taken
            # for HTML by Qt (shown bold, its images read from disk on hover).
            tip = rich(help_of.get(label.name, label.description))
            shown = (keys(label.shortcut or ""), display_name(label), label.description)
            for col, value in enumerate(shown):
                item = QTableWidgetItem(value)
                item.setToolTip(tip)
                self.table.setItem(row, col, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)
