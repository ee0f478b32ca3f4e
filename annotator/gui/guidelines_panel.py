"""The guidelines dock: the database's guidelines beside the article, searchable; reviewers edit.

The Markdown is shown by Qt's own Markdown reader (each paragraph in its own direction, as
Qt lays out text); the search box finds every occurrence by search key, as titles are
searched (highlighted; Enter goes to the next). An image the Markdown names is not shown:
nothing is read from the reader's disk (a FIFO or device named there hung the window).
Reviewers get an editor: Save appends a
new version through the window's callback (one transaction, audited), Cancel drops the edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.offsets import Utf16Index
from annotator.core.search import find_parts
from annotator.services.guidelines import Version

FOUND = QColor("#ffe08a")


class TextOnlyBrowser(QTextBrowser):
    """A ``QTextBrowser`` that loads no resource: an image the guidelines name
    (``![..](path)``, ``<img src=...>``) is left out instead of read from the reader's
    disk in the window's thread, where a FIFO blocked the app and a device such as
    ``/dev/zero`` never ended. The guidelines are one shared text; a path in it means
    nothing on a colleague's machine anyway."""

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Nothing, whatever is asked (Qt draws a missing image as nothing)."""
        return None


class GuidelinesPanel(QWidget):
    """Shows the guidelines in force; a search box; an editor for reviewers."""

    saveRequested = Signal(str)
    """A reviewer saved the editor's text (the window stores it and calls ``show_version``)."""

    def __init__(self, may_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._version: Version | None = None
        self._may_edit = may_edit
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.matches = QLabel(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        # The author's name is text: Qt took a name holding a tag for HTML.
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.browser = TextOnlyBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.editor = QPlainTextEdit(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.browser)
        self.stack.addWidget(self.editor)
        self.edit_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.edit_button.setEnabled(may_edit)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.matches)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.search.textChanged.connect(self._highlight)
        self.search.returnPressed.connect(self.find_next)
        self.edit_button.clicked.connect(self.start_editing)
        self.save_button.clicked.connect(lambda: self.saveRequested.emit(self.editor.toPlainText()))
        self.cancel_button.clicked.connect(self.stop_editing)
        self.stop_editing()
        self.retranslate()

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.search.setPlaceholderText(self.tr("Search the guidelines…"))
        self.edit_button.setText(self.tr("Edit"))
        self.save_button.setText(self.tr("Save as new version"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.edit_button.setToolTip(
            self.tr("Change the guidelines (a new version; the old ones are kept)")
            if self._may_edit
            else self.tr("Only reviewers change the guidelines")
        )
        self._show_info()
        self._highlight(self.search.text())

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- content -----------------------------------------------------------------------

    def version(self) -> Version | None:
        """The version shown."""
        return self._version

    def show_version(self, version: Version | None) -> None:
        """Show ``version`` (None: the database has no guidelines yet)."""
        self._version = version
        self.browser.setMarkdown(version.text if version is not None else "")
        self._show_info()
        self._highlight(self.search.text())

    def _show_info(self) -> None:
        version = self._version
        if version is None:
            self.info.setText(self.tr("This database has no guidelines yet."))
            return
        self.info.setText(
            self.tr("Version {version}, by {author}, {when}").format(
                version=version.version,
                author=f"\u2068{version.author}\u2069",
                when=version.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
        )

    # -- editing -----------------------------------------------------------------------

    def start_editing(self) -> None:
        """Open the editor on the text in force (reviewers)."""
        if not self._may_edit:
            return
        self.editor.setPlainText(self._version.text if self._version is not None else "")
        self.stack.setCurrentWidget(self.editor)
        self.edit_button.hide()
        self.save_button.show()
        self.cancel_button.show()
        self.editor.setFocus()

    def stop_editing(self) -> None:
        """Back to reading (the edit, if any, is dropped)."""
        self.stack.setCurrentWidget(self.browser)
        self.edit_button.show()
        self.save_button.hide()
        self.cancel_button.hide()

    def is_editing(self) -> bool:
        """Whether the editor is open."""
        return self.stack.currentWidget() is self.editor

    def has_changes(self) -> bool:
        """Whether the open editor holds text other than the version in force."""
        shown = self._version.text if self._version is not None else ""
        return self.is_editing() and self.editor.toPlainText() != shown

    # -- search ------------------------------------------------------------------------

    def _occurrences(self, text: str) -> list[QTextCursor]:
        """Every occurrence of ``text``, compared by search key (harakat, tatweel, hamza
        forms, ta marbuta, alef maqsura, digit shapes and Latin case do not matter)."""
        document = self.browser.document()
        plain = document.toPlainText()
        index = Utf16Index(plain)
        found: list[QTextCursor] = []
        for start, end in find_parts(plain, text):
            cursor = QTextCursor(document)
            cursor.setPosition(index.to_qt(start))
            cursor.setPosition(index.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            found.append(cursor)
        return found

    def _highlight(self, text: str) -> None:
        """Highlight every occurrence of the search and say how many there are."""
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(FOUND)
        found = self._occurrences(text.strip())
        for cursor in found:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        self.matches.setText(self.tr("%n found", "", len(found)) if text.strip() else "")
        if found:
            self.browser.setTextCursor(found[0])
            self.browser.ensureCursorVisible()

    def find_next(self) -> None:
        """Move to the next occurrence (from the start again after the last)."""
        found = self._occurrences(self.search.text().strip())
        if not found:
            return
        after = self.browser.textCursor().selectionEnd()
        later = [c for c in found if c.selectionStart() >= after]
        self.browser.setTextCursor(later[0] if later else found[0])
        self.browser.ensureCursorVisible()

    def count(self) -> int:
        """How many occurrences of the search the text holds."""
        return len(self._occurrences(self.search.text().strip()))
