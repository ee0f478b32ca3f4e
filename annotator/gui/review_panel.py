"""The review panel: the open document's disagreements, who has which version, the comment.

A widget only: it shows what the review mode hands it (``core.review`` disagreements and
which version the gold layer holds) and emits what the reviewer asks for.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.review import Disagreement, DisagreementKind, Version

from .marks import disagreement_colour

FSI, PDI = "\u2068", "\u2069"
"""Unicode isolates: Arabic excerpts inside an English line keep their own direction."""
QUOTE_MARKS = "«»\"'“”"
INDEX_ROLE = Qt.ItemDataRole.UserRole + 5
VERSION_ROLE = Qt.ItemDataRole.UserRole + 6
MAX_EXCERPT = 40


def kind_name(kind: DisagreementKind) -> str:
    """Translated name of a disagreement kind."""
    names = {
        DisagreementKind.MISSING_SPAN: QCoreApplication.translate("ReviewPanel", "missing span"),
        DisagreementKind.DIFFERENT_LABEL: QCoreApplication.translate(
            "ReviewPanel", "different label"
        ),
        DisagreementKind.DIFFERENT_BOUNDARIES: QCoreApplication.translate(
            "ReviewPanel", "different boundaries"
        ),
        DisagreementKind.DIFFERENT_SPEAKER: QCoreApplication.translate(
            "ReviewPanel", "different speaker"
        ),
        DisagreementKind.DIFFERENT_TOPICS: QCoreApplication.translate(
            "ReviewPanel", "different topics"
        ),
    }
    return names[kind]


def excerpt(text: str, start: int, end: int) -> str:
    """A span's text on one line, shortened, isolated for bidi (its own quote marks dropped)."""
    words = " ".join(text[start:end].split()).strip(QUOTE_MARKS)
    if len(words) > MAX_EXCERPT:
        words = words[: MAX_EXCERPT - 1] + "…"
    return f"{FSI}{words}{PDI}"


def version_text(disagreement: Disagreement, version: Version, text: str) -> str:
    """What one version says, e.g. "ORG «منظمة الناتو»", "speaker: PER «روته»", "no span"."""
    if disagreement.kind == DisagreementKind.DIFFERENT_TOPICS:
        if version.topic is not None:
            return QCoreApplication.translate("ReviewPanel", "topic {topic}").format(
                topic=version.topic
            )
        return QCoreApplication.translate("ReviewPanel", "not {topic}").format(
            topic=disagreement.topic or ""
        )
    if not version.spans:
        if disagreement.kind == DisagreementKind.DIFFERENT_SPEAKER:
            return QCoreApplication.translate("ReviewPanel", "no speaker")
        return QCoreApplication.translate("ReviewPanel", "no span")
    parts = [f"{label} «{excerpt(text, start, end)}»" for start, end, label in version.spans]
    joined = "; ".join(parts)
    if disagreement.kind == DisagreementKind.DIFFERENT_SPEAKER:
        return QCoreApplication.translate("ReviewPanel", "speaker {spans}").format(spans=joined)
    return joined


def version_line(disagreement: Disagreement, version: Version, text: str) -> str:
    """Who has a version and what it says: "alice, bob: ORG «…»"."""
    return f"{', '.join(version.annotators)}: {version_text(disagreement, version, text)}"


def disagreement_title(disagreement: Disagreement, text: str) -> str:
    """Heading of a disagreement: its kind and where (the text, or the topic)."""
    kind = kind_name(disagreement.kind)
    if disagreement.topic is not None:
        return f"{kind}: {disagreement.topic}"
    if disagreement.start is not None and disagreement.end is not None:
        return f"{kind}: «{excerpt(text, disagreement.start, disagreement.end)}»"
    return kind


def disagreement_tip(disagreement: Disagreement, text: str) -> str:
    """Tooltip of a disagreement in the article: its kind and every version with its owners."""
    lines = [kind_name(disagreement.kind)]
    lines += ["  " + version_line(disagreement, v, text) for v in disagreement.versions]
    return "\n".join(lines)


def _swatch(colour: QColor, size: int = 12) -> QIcon:
    """A square icon of a disagreement kind's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(colour)
    return QIcon(pixmap)


class ReviewPanel(QWidget):
    """Disagreement list with accept / reject, "start from majority", and the comment box."""

    startRequested = Signal()
    """Replace the gold layer by the majority vote."""
    acceptRequested = Signal(int, int)
    """Accept (disagreement index, version index)."""
    rejectRequested = Signal(int)
    """Reject everything of a disagreement."""
    disagreementChosen = Signal(int)
    """The reviewer selected a disagreement (index) in the list."""
    stepRequested = Signal(int)
    """Previous (-1) or next (1) disagreement."""
    commentSaveRequested = Signal(str)
    """Store this reviewer comment for the document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._disagreements: Sequence[Disagreement] = ()
        self._resolved: Sequence[int | None] = ()
        self._annotators: Sequence[str] = ()
        self._text = ""
        self._updating = False
        self._saved_comment = ""
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.start_button = QPushButton(self)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.accept_button = QPushButton(self)
        self.reject_button = QPushButton(self)
        self.comment_label = QLabel(self)
        self.comment = QPlainTextEdit(self)
        self.comment.setMaximumHeight(90)
        self.save_button = QPushButton(self)
        steps = QHBoxLayout()
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        steps.addStretch(1)
        steps.addWidget(self.accept_button)
        steps.addWidget(self.reject_button)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self.comment_label, 1)
        comment_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.start_button)
        layout.addWidget(self.tree, 1)
        layout.addLayout(steps)
        layout.addLayout(comment_row)
        layout.addWidget(self.comment)
        self.start_button.clicked.connect(self.startRequested)
        self.previous_button.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.next_button.clicked.connect(lambda: self.stepRequested.emit(1))
        self.accept_button.clicked.connect(self._accept_selected)
        self.reject_button.clicked.connect(self._reject_selected)
        self.save_button.clicked.connect(
            lambda: self.commentSaveRequested.emit(self.comment_text())
        )
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.comment.textChanged.connect(self._update_buttons)
        self.retranslate()

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.start_button.setText(self.tr("Start gold from majority vote"))
        self.start_button.setToolTip(
            self.tr("Replace the gold layer by what more than half of the annotators have")
        )
        self.tree.setHeaderLabels([self.tr("Disagreement / version"), self.tr("In gold")])
        self.previous_button.setText(self.tr("Previous"))
        self.previous_button.setToolTip(self.tr("Previous disagreement (Shift+F8)"))
        self.next_button.setText(self.tr("Next"))
        self.next_button.setToolTip(self.tr("Next disagreement (F8)"))
        self.accept_button.setText(self.tr("Accept"))
        self.accept_button.setToolTip(
            self.tr("Put the selected version into the gold layer (Ctrl+1…9 for version 1…9)")
        )
        self.reject_button.setText(self.tr("Reject"))
        self.reject_button.setToolTip(
            self.tr("Leave every version of this disagreement out of gold (Ctrl+Delete)")
        )
        self.comment_label.setText(self.tr("Reviewer comment"))
        self.save_button.setText(self.tr("Save comment"))
        self.comment.setPlaceholderText(self.tr("A note on this document for the team…"))
        if self._disagreements or self._annotators:
            self._fill()
        else:
            self.summary.setText(self.tr("Open a document to review it."))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- contents ----------------------------------------------------------------------

    def set_review(
        self,
        text: str,
        annotators: Sequence[str],
        disagreements: Sequence[Disagreement],
        resolved: Sequence[int | None],
    ) -> None:
        """Show a document's disagreements and which version gold holds of each."""
        self._text = text
        self._annotators = annotators
        self._disagreements = disagreements
        self._resolved = resolved
        self._fill()

    def set_resolved(self, resolved: Sequence[int | None]) -> None:
        """Update which version gold holds (after a gold step), keeping the selection."""
        self._resolved = resolved
        self._updating = True
        try:
            for i in range(self.tree.topLevelItemCount()):
                item = self.tree.topLevelItem(i)
                if item is not None:
                    self._mark_item(item, i)
        finally:
            self._updating = False
        self._update_summary()

    def _fill(self) -> None:
        """Rebuild the tree (one item per disagreement, a child per version)."""
        current = self.current_index()
        self._updating = True
        try:
            self.tree.clear()
            items = []
            for i, d in enumerate(self._disagreements):
                item = QTreeWidgetItem([disagreement_title(d, self._text), ""])
                item.setIcon(0, _swatch(disagreement_colour(d.kind.value)))
                item.setData(0, INDEX_ROLE, i)
                item.setToolTip(0, disagreement_tip(d, self._text))
                for v, version in enumerate(d.versions):
                    child = QTreeWidgetItem(item, [version_line(d, version, self._text), ""])
                    child.setData(0, INDEX_ROLE, i)
                    child.setData(0, VERSION_ROLE, v)
                    child.setToolTip(0, child.text(0))
                items.append(item)
                self._mark_item(item, i)
            self.tree.addTopLevelItems(items)
            self.tree.expandAll()
        finally:
            self._updating = False
        if current is not None and current < len(items):
            self.set_current(current)
        self._update_summary()

    def _mark_item(self, item: QTreeWidgetItem, index: int) -> None:
        """Show the version gold holds: a tick on it and a bold line."""
        held = self._resolved[index] if index < len(self._resolved) else None
        item.setText(1, "✓" if held is not None else "")
        for v in range(item.childCount()):
            child = item.child(v)
            if child is None:
                continue
            font = QFont(child.font(0))
            font.setBold(v == held)
            child.setFont(0, font)
            child.setText(1, "✓" if v == held else "")

    def _update_summary(self) -> None:
        """One line: whose layers, how many disagreements, how many decided."""
        total = len(self._disagreements)
        done = sum(1 for r in self._resolved if r is not None)
        if not self._annotators:
            self.summary.setText(self.tr("No annotator has worked on this document yet."))
            return
        self.summary.setText(
            self.tr("Layers of {names}. {total} disagreements, {done} decided in gold.").format(
                names=", ".join(self._annotators), total=total, done=done
            )
        )
        self._update_buttons()

    def set_comment(self, text: str) -> None:
        """Show the stored comment (not a change to save)."""
        self._saved_comment = text
        blocker = self.comment.blockSignals(True)
        try:
            self.comment.setPlainText(text)
        finally:
            self.comment.blockSignals(blocker)
        self._update_buttons()

    def comment_text(self) -> str:
        """The comment as typed."""
        return self.comment.toPlainText()

    def comment_dirty(self) -> bool:
        """True when the comment box differs from the stored comment."""
        return self.comment_text().strip() != self._saved_comment.strip()

    def _update_buttons(self) -> None:
        """Enable what makes sense now."""
        self.save_button.setEnabled(self.comment_dirty())
        has = bool(self._disagreements)
        for button in (self.previous_button, self.next_button, self.reject_button):
            button.setEnabled(has)
        self.accept_button.setEnabled(self.selected_version() is not None)

    # -- selection ---------------------------------------------------------------------

    def current_index(self) -> int | None:
        """Index of the selected disagreement (or of the selected version's), or None."""
        item = self.tree.currentItem()
        if item is None:
            return None
        value = item.data(0, INDEX_ROLE)
        return int(value) if value is not None else None

    def selected_version(self) -> int | None:
        """Index of the selected version, or None when a disagreement row is selected."""
        item = self.tree.currentItem()
        value = item.data(0, VERSION_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def set_current(self, index: int | None) -> None:
        """Select a disagreement (no signal) and scroll to it."""
        self._updating = True
        try:
            if index is None or not 0 <= index < self.tree.topLevelItemCount():
                self.tree.setCurrentItem(None)  # type: ignore[call-overload]
            else:
                item = self.tree.topLevelItem(index)
                if item is not None:
                    self.tree.setCurrentItem(item)
                    self.tree.scrollToItem(item)
        finally:
            self._updating = False
        self._update_buttons()

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        """Report the disagreement the reviewer selected."""
        self._update_buttons()
        if self._updating or item is None:
            return
        index = item.data(0, INDEX_ROLE)
        if index is not None:
            self.disagreementChosen.emit(int(index))

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        """Double-click on a version accepts it."""
        index, version = item.data(0, INDEX_ROLE), item.data(0, VERSION_ROLE)
        if index is not None and version is not None:
            self.acceptRequested.emit(int(index), int(version))

    def _accept_selected(self) -> None:
        """Accept the selected version."""
        index, version = self.current_index(), self.selected_version()
        if index is not None and version is not None:
            self.acceptRequested.emit(index, version)

    def _reject_selected(self) -> None:
        """Reject the selected disagreement."""
        index = self.current_index()
        if index is not None:
            self.rejectRequested.emit(index)

    def version_item(self, index: int, version: int) -> QTreeWidgetItem | None:
        """The tree row of a version (tests click it)."""
        if not 0 <= index < self.tree.topLevelItemCount():
            return None
        item = self.tree.topLevelItem(index)
        if item is None or not 0 <= version < item.childCount():
            return None
        return item.child(version)
