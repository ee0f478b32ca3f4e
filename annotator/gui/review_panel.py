"""The review panel: the open document's disagreements, who has which version, the comment.

A widget only: it shows what the review mode hands it (``core.review`` disagreements and
which version the gold layer holds) and emits what the reviewer asks for.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from .bidi_text import BidiTextDelegate, CellText, rich
from .marks import disagreement_colour
from .review_legend import Legend, kind_label

if TYPE_CHECKING:  # core.review loads with review mode, not at start-up
    from annotator.core.review import Disagreement, DisagreementKind, Version

MISSING_SPAN, DIFFERENT_SPEAKER, DIFFERENT_TOPICS = (
    "missing_span",
    "different_speaker",
    "different_topics",
)
"""``DisagreementKind`` values this module tells apart (a StrEnum compares equal to them)."""

FSI, PDI = "\u2068", "\u2069"
"""Unicode isolates: Arabic excerpts inside an English line keep their own direction."""
QUOTE_MARKS = "«»\"'“”"
Index = QModelIndex | QPersistentModelIndex
MAX_EXCERPT = 40
MARK_COL, TEXT_COL = 0, 1
"""Columns of the review list: whether gold holds it (first, always in sight), then what."""
MIN_ROWS = 8
"""The list keeps room for this many rows, however the docks around it are arranged."""
DECIDED_MARK = "✓"
"""In gold, decided by a reviewer."""
PREFILLED_MARK = "○"
"""In gold but undecided (pre-filled, e.g. by the majority vote): still needs a look."""


def kind_name(kind: DisagreementKind) -> str:
    """Translated name of a disagreement kind."""
    return kind_label(kind.value)


def excerpt(text: str, start: int, end: int, *, keep_marks: bool = False) -> str:
    """A span's text on one line, shortened, isolated for bidi (its own quote marks dropped,
    unless ``keep_marks``: a version's span shows exactly where it starts and ends)."""
    words = " ".join(text[start:end].split())
    if not keep_marks:
        words = words.strip(QUOTE_MARKS)
    if len(words) > MAX_EXCERPT:
        words = words[: MAX_EXCERPT - 1] + "…"
    return f"{FSI}{words}{PDI}"


def _links_text(disagreement: Disagreement, version: Version, text: str) -> str:
    """The relations accepting a version also brings: "speaker PER «…»", "speaker of «…»".

    Said only where some version of the disagreement has relations (then "no speaker" too),
    so accepting can never change a speaker the row did not show.
    """
    if not any(v.links for v in disagreement.versions) or not version.spans:
        return ""
    mine = set(version.spans)
    parts = []
    for head, child, _label in version.links:
        if head in mine:
            parts.append(
                QCoreApplication.translate("ReviewPanel", "speaker {spans}").format(
                    spans=f"{child[2]} «{excerpt(text, child[0], child[1])}»"
                )
            )
        else:
            parts.append(
                QCoreApplication.translate("ReviewPanel", "speaker of {quote}").format(
                    quote=f"«{excerpt(text, head[0], head[1])}»"
                )
            )
    if not parts:
        parts.append(QCoreApplication.translate("ReviewPanel", "no speaker"))
    return " — " + "; ".join(parts)


def _span_text(text: str, start: int, end: int, label: str) -> str:
    """One span of a version: "ORG «منظمة الناتو»".

    A span that takes in its own quote marks shows them as its delimiters, said in words
    ("QUOTE «…» (quote marks included)"), never doubled ("««…»»"): the version without the
    marks reads "QUOTE «…»", so boundaries that differ only by the marks stay told apart.
    """
    words = text[start:end].strip()
    if words and (words[0] in QUOTE_MARKS or words[-1] in QUOTE_MARKS):
        included = QCoreApplication.translate("ReviewPanel", "(quote marks included)")
        return f"{label} {excerpt(text, start, end, keep_marks=True)} {FSI}{included}{PDI}"
    return f"{label} «{excerpt(text, start, end, keep_marks=True)}»"


def version_text(disagreement: Disagreement, version: Version, text: str) -> str:
    """What one version says, e.g. "ORG «منظمة الناتو»", "speaker: PER «روته»", "no span".

    Everything accepting it changes in gold is named: its spans, and their speaker links.
    """
    if disagreement.kind == DIFFERENT_TOPICS:
        if version.topic is not None:
            return QCoreApplication.translate("ReviewPanel", "topic {topic}").format(
                topic=version.topic
            )
        return QCoreApplication.translate("ReviewPanel", "not {topic}").format(
            topic=disagreement.topic or ""
        )
    if not version.spans:
        if disagreement.kind == DIFFERENT_SPEAKER:
            return QCoreApplication.translate("ReviewPanel", "no speaker")
        return QCoreApplication.translate("ReviewPanel", "no span")
    parts = [_span_text(text, start, end, label) for start, end, label in version.spans]
    joined = "; ".join(parts)
    if disagreement.kind == DIFFERENT_SPEAKER:
        return QCoreApplication.translate("ReviewPanel", "speaker {spans}").format(spans=joined)
    return joined + _links_text(disagreement, version, text)


def version_line(disagreement: Disagreement, version: Version, text: str) -> str:
    """Its number, who has a version and what it says: "1. alice, bob: ORG «…»".

    The number is the one Ctrl+1…9, the Accept menu and the tooltip use.
    """
    number = disagreement.versions.index(version) + 1
    names = ", ".join(version.annotators)
    return f"{number}. {names}: {version_text(disagreement, version, text)}"


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


@functools.cache
def _swatch(kind: str, size: int = 12) -> QIcon:
    """A square icon of a disagreement kind's colour (made once per kind)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(disagreement_colour(kind))
    return QIcon(pixmap)


@functools.cache
def _bold() -> QFont:
    """The font of the version gold holds."""
    font = QFont()
    font.setBold(True)
    return font


class DisagreementModel(QAbstractItemModel):
    """Disagreements (top rows) with their versions (child rows); text made when shown.

    A long article has a thousand disagreements or more: rows are computed only when the
    view paints them, never all at once. A child row's internal id is its disagreement's
    index plus one; top rows have id 0.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.disagreements: Sequence[Disagreement] = ()
        self.resolved: list[int | None] = []
        self.decided: list[bool] = []
        self.text = ""

    def set_review(
        self,
        text: str,
        disagreements: Sequence[Disagreement],
        resolved: Sequence[int | None],
        decided: Sequence[bool] = (),
    ) -> None:
        """Show another document's disagreements."""
        self.beginResetModel()
        self.text = text
        self.disagreements = disagreements
        self.resolved = list(resolved)
        self.decided = list(decided) or [False] * len(disagreements)
        self.endResetModel()

    def set_resolved(self, resolved: Sequence[int | None], decided: Sequence[bool]) -> None:
        """Update the ticks of the disagreements whose held version or decision changed."""
        before = list(zip(self.resolved, self.decided, strict=False))
        self.resolved, self.decided = list(resolved), list(decided)
        for i, now in enumerate(zip(self.resolved, self.decided, strict=True)):
            if i < len(before) and before[i] == now:
                continue
            top = self.index(i, 0)
            self.dataChanged.emit(top, self.index(i, 1))
            count = len(self.disagreements[i].versions)
            if count:
                self.dataChanged.emit(self.index(0, 0, top), self.index(count - 1, 1, top))

    def held(self, index: int) -> int | None:
        """The version of disagreement ``index`` gold holds, or None."""
        return self.resolved[index] if index < len(self.resolved) else None

    def is_decided(self, index: int) -> bool:
        """Whether a reviewer decided disagreement ``index``."""
        return index < len(self.decided) and self.decided[index]

    def mark(self, index: int, version: int | None = None) -> str:
        """The "In gold" column: ✓ decided by a reviewer, ○ pre-filled (held, undecided)."""
        held = self.held(index)
        if held is None or (version is not None and version != held):
            return ""
        return DECIDED_MARK if self.is_decided(index) else PREFILLED_MARK

    # -- the tree ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Top rows under the root, version rows under their disagreement."""
        if not parent.isValid():
            if 0 <= row < len(self.disagreements) and 0 <= column < 2:
                return self.createIndex(row, column, 0)
            return QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        versions = self.disagreements[parent.row()].versions
        if 0 <= row < len(versions) and 0 <= column < 2:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A version row's parent is its disagreement's row."""
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Disagreements at the top, versions under each."""
        if not parent.isValid():
            return len(self.disagreements)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.disagreements[parent.row()].versions)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """What it is, and whether gold holds it."""
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == MARK_COL:
            return self.tr("In gold")
        return self.tr("Disagreement / version")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Row text, tick, colour swatch, bold for the version gold holds, tooltips."""
        if not index.isValid():
            return None
        parent_id = int(index.internalId())
        if parent_id == 0:
            d = self.disagreements[index.row()]
            held = self.held(index.row())
            if role == Qt.ItemDataRole.DisplayRole:
                if index.column() == TEXT_COL:
                    return disagreement_title(d, self.text)
                return self.mark(index.row()) if self.is_decided(index.row()) else ""
            if role == Qt.ItemDataRole.DecorationRole and index.column() == TEXT_COL:
                return _swatch(d.kind.value)
            if role == Qt.ItemDataRole.ToolTipRole:  # each line in its own direction
                return rich(disagreement_tip(d, self.text))
            return None
        d = self.disagreements[parent_id - 1]
        held = self.held(parent_id - 1)
        version = d.versions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == TEXT_COL:
                return version_line(d, version, self.text)
            return self.mark(parent_id - 1, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich(version_line(d, version, self.text))
        if role == Qt.ItemDataRole.FontRole and held == index.row():
            return _bold()
        return None

    def retranslate(self) -> None:
        """Headers and kind names follow the interface language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        self.beginResetModel()
        self.endResetModel()


class _RowDelegate(BidiTextDelegate):
    """A row of the review list in its own direction, aligned to the interface's side.

    The column is as wide as its longest line and scrolls sideways, showing its leading
    side first: a left-to-right line aligned left in the Arabic interface would start
    out of sight.
    """

    @staticmethod
    def _cell(opt: QStyleOptionViewItem, rect: QRect) -> CellText:
        cell = BidiTextDelegate._cell(opt, rect)
        side = (
            Qt.AlignmentFlag.AlignRight
            if opt.direction == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        return CellText(cell.text, cell.direction, side | Qt.AlignmentFlag.AlignAbsolute)


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
        self._annotators: Sequence[str] = ()
        self._loaded = False
        self._updating = False
        self._saved_comment = ""
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # names annotators: never HTML
        self.summary.setWordWrap(True)
        self.start_button = QPushButton(self)
        self.model = DisagreementModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Version lines are never elided (a cut speaker name hides what accepting does):
        # the list scrolls sideways instead, and keeps room for at least MIN_ROWS rows.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(False)
        # The "In gold" mark comes first (always in sight: scrolling to a row scrolls to
        # its mark), the tree's branches on the text column.
        self.tree.setTreePosition(TEXT_COL)
        # Sized to its longest line once per document (ResizeToContents would measure every
        # row again on each change: a long article has thousands).
        self.tree.header().setSectionResizeMode(TEXT_COL, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setSectionResizeMode(MARK_COL, QHeaderView.ResizeMode.Fixed)
        row = self.fontMetrics().height() * 4 // 3 + 2  # a row with its padding
        self.tree.setMinimumHeight(row * (MIN_ROWS + 2) + 8)  # + header and scroll bar
        # Each row in the direction of its own text ("1. huda: ORG «…»" reads left to right
        # in the Arabic interface too); the column fits its longest line, so none is elided.
        self.tree.setItemDelegateForColumn(TEXT_COL, _RowDelegate(self.tree))
        # The current disagreement's versions in full, wrapped: nothing of what accepting
        # one changes is ever cut off, however narrow the panel.
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.legend_button = QToolButton(self)
        self.legend_button.setCheckable(True)
        self.legend = Legend(self)
        self.legend.hide()
        self.legend_button.toggled.connect(self.legend.setVisible)
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.accept_button = QPushButton(self)
        self.reject_button = QPushButton(self)
        self.comment_label = QLabel(self)
        self.comment = QPlainTextEdit(self)
        self.comment.setMaximumHeight(self.fontMetrics().height() * 3 + 12)
        self.save_button = QPushButton(self)
        steps = QHBoxLayout()
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        steps.addStretch(1)
        steps.addWidget(self.accept_button)
        steps.addWidget(self.reject_button)
        steps.addWidget(self.legend_button)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self.comment_label, 1)
        comment_row.addWidget(self.save_button)
        # Everything sits on a body that scrolls: when the dock is shorter than the list's
        # rows, the versions in full (wrapped), the legend and the comment need, the panel
        # scrolls instead of drawing one over another.
        body = QWidget(self)
        self.body_area = QScrollArea(self)
        self.body_area.setFrameShape(QFrame.Shape.NoFrame)
        self.body_area.setWidgetResizable(True)
        self.body_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.body_area)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.start_button)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addLayout(steps)
        layout.addWidget(self.legend)
        layout.addLayout(comment_row)
        layout.addWidget(self.comment)
        self.body_area.setWidget(body)
        body.installEventFilter(self)  # its needs change: the dock asks again (minimumSizeHint)
        self.start_button.clicked.connect(self.startRequested)
        self.previous_button.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.next_button.clicked.connect(lambda: self.stepRequested.emit(1))
        self.accept_button.clicked.connect(self._accept_selected)
        self.reject_button.clicked.connect(self._reject_selected)
        self.save_button.clicked.connect(
            lambda: self.commentSaveRequested.emit(self.comment_text())
        )
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.comment.textChanged.connect(self._update_buttons)
        self.retranslate()

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.start_button.setText(self.tr("Start gold from majority vote"))
        self.start_button.setToolTip(
            self.tr("Replace the gold layer by what more than half of the annotators have")
        )
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
        self.legend_button.setText(self.tr("Legend"))
        self.legend_button.setToolTip(self.tr("What each colour, hatch and line means"))
        self.legend.retranslate()
        self.comment_label.setText(self.tr("Reviewer comment"))
        self.save_button.setText(self.tr("Save comment"))
        self.comment.setPlaceholderText(self.tr("A note on this document for the team…"))
        current = self.current_index()
        self.model.retranslate()
        header = self.tree.header()
        title = str(self.model.headerData(MARK_COL, Qt.Orientation.Horizontal))
        header.resizeSection(MARK_COL, header.fontMetrics().horizontalAdvance(title) + 16)
        self.tree.expandAll()
        self.set_current(current)
        self._update_summary()

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
        decided: Sequence[bool] = (),
    ) -> None:
        """Show a document's disagreements, which version gold holds and what is decided."""
        self._annotators = annotators
        self._loaded = True
        self._updating = True
        try:
            self.model.set_review(text, disagreements, resolved, decided)
            self.tree.expandAll()
            self.tree.resizeColumnToContents(TEXT_COL)
        finally:
            self._updating = False
        self._update_summary()

    def set_resolved(self, resolved: Sequence[int | None], decided: Sequence[bool]) -> None:
        """Update which version gold holds and what is decided: only the rows that moved."""
        self.model.set_resolved(resolved, decided)
        self._update_summary()

    def _update_summary(self) -> None:
        """One line: whose layers, how many disagreements, how many decided."""
        if not self._annotators:
            if self._loaded:
                self.summary.setText(self.tr("No annotator has worked on this document yet."))
            else:
                self.summary.setText(self.tr("Open a document to review it."))
            self._update_buttons()
            return
        total = len(self.model.disagreements)
        done = sum(1 for d in self.model.decided if d)
        prefilled = sum(
            1
            for held, d in zip(self.model.resolved, self.model.decided, strict=False)
            if held is not None and not d
        )
        self.summary.setText(
            self.tr(
                "Layers of {names}. {disagreements}: {decided}, {prefilled} (○), {open}."
            ).format(
                names=", ".join(self._annotators),
                disagreements=self.tr("%n disagreements", "", total),
                decided=self.tr("%n decided", "", done),
                prefilled=self.tr("%n pre-filled", "", prefilled),
                open=self.tr("%n open", "", total - done - prefilled),
            )
        )
        self._update_buttons()

    def disagreement_count(self) -> int:
        """How many disagreements the list shows."""
        return self.model.rowCount()

    def version_index(self, index: int, version: int) -> QModelIndex:
        """The model index of a version row (tests double-click it)."""
        return self.model.index(version, TEXT_COL, self.model.index(index, 0))

    def version_text(self, index: int, version: int, column: int = 0) -> str:
        """Text of a version row (column 0), or its "In gold" mark (column 1)."""
        top = self.model.index(index, 0)
        shown = TEXT_COL if column == 0 else MARK_COL
        return str(self.model.index(version, shown, top).data() or "")

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

    def _update_details(self) -> None:
        """Show the current disagreement's versions in full (with what gold holds)."""
        index = self.current_index()
        model = self.model
        if index is None or index >= len(model.disagreements):
            self.details.hide()
            return
        d = model.disagreements[index]
        lines = [disagreement_title(d, model.text)]
        for number, version in enumerate(d.versions):
            mark = model.mark(index, number) or " "
            lines.append(f"{mark} {version_line(d, version, model.text)}")
        self.details.setText("\n".join(lines))
        self.details.show()

    def _update_buttons(self) -> None:
        """Enable what makes sense now."""
        self._update_details()
        self.save_button.setEnabled(self.comment_dirty())
        has = bool(self.model.disagreements)
        for button in (self.previous_button, self.next_button, self.reject_button):
            button.setEnabled(has)
        self.accept_button.setEnabled(self.selected_version() is not None)

    # -- selection ---------------------------------------------------------------------

    def current_index(self) -> int | None:
        """Index of the selected disagreement (or of the selected version's), or None."""
        current = self.tree.currentIndex()
        if not current.isValid():
            return None
        parent_id = int(current.internalId())
        return current.row() if parent_id == 0 else parent_id - 1

    def selected_version(self) -> int | None:
        """Index of the selected version, or None when a disagreement row is selected."""
        current = self.tree.currentIndex()
        if not current.isValid() or current.internalId() == 0:
            return None
        return current.row()

    def set_current(self, index: int | None) -> None:
        """Select a disagreement (no signal) and scroll to it."""
        self._updating = True
        try:
            if index is None or not 0 <= index < self.model.rowCount():
                self.tree.setCurrentIndex(QModelIndex())
            else:
                row = self.model.index(index, 0)
                self.tree.setCurrentIndex(row)
                # Its versions in sight too (they are what the reviewer chooses from).
                count = self.model.rowCount(row)
                if count:
                    self.tree.scrollTo(self.model.index(count - 1, MARK_COL, row))
                self.tree.scrollTo(row)
        finally:
            self._updating = False
        self._update_buttons()

    def minimumSizeHint(self) -> QSize:
        """What the body needs with its wrapped labels on one line each: the dock keeps
        room for the whole panel; lines wrapped beyond that scroll."""
        body = self.body_area.widget()
        return body.minimumSizeHint() if body is not None else super().minimumSizeHint()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The body's layout changed (the legend or the details shown): re-ask the dock."""
        if event.type() == QEvent.Type.LayoutRequest and watched is self.body_area.widget():
            self.updateGeometry()
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Report the disagreement the reviewer selected."""
        self._update_buttons()
        if self._updating or not current.isValid():
            return
        index = self.current_index()
        if index is not None:
            self.disagreementChosen.emit(index)

    def _double_clicked(self, index: QModelIndex) -> None:
        """Double-click on a version accepts it."""
        if index.isValid() and index.internalId() != 0:
            self.acceptRequested.emit(int(index.internalId()) - 1, index.row())

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
