"""The page shown on an empty database: open the bundled demo article or import files."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    """Offers the two ways to get documents into an empty database."""

    demoRequested = Signal()
    """Import the bundled demo article(s)."""
    importRequested = Signal()
    """Choose files to import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_button = QPushButton(self)
        self.import_button = QPushButton(self)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addSpacing(16)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.demo_button.clicked.connect(self.demoRequested)
        self.import_button.clicked.connect(self.importRequested)
        self.retranslate()

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.message.setText(
            self.tr(
                "This database has no documents yet.\n"
                "Open the bundled demo article to try the tool, or import your own "
                "articles and annotations (.txt articles, JSONL, Prodigy, doccano, CoNLL or "
                "Label Studio files; you can also drop them on this window)."
            )
        )
        self.demo_button.setText(self.tr("Open the demo article"))
        self.import_button.setText(self.tr("Import files…"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
