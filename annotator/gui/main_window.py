"""The main window: wires the widgets' signals to the operations layer, and back.

Widgets never call services for writes; they emit signals. The window turns them into
operations, and ``_on_changed`` (connected to ``Operations.changed``) is the one place
that refreshes widgets after anything was stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.arabic import strip_proclitics, word_at, word_bounds
from annotator.core.errors import AnnotatorError
from annotator.core.model import SPEAKER_KINDS, Label, LabelKind, LayerStatus
from annotator.services import documents
from annotator.services.annotations import Change
from annotator.services.documents import DocumentDetail
from annotator.services.labels import list_labels
from annotator.services.workspace import demo_article_paths
from annotator.storage.database import Database

from . import dialogs
from .actions import WindowActions
from .article_view import ArticleView
from .document_list import DocumentList
from .fonts import article_font
from .i18n import install_language
from .importing import ImportRunner, importable
from .keys import SnapMode
from .label_palette import LabelPalette
from .layer import OpenLayer
from .operations import Operations
from .settings import DEFAULT_FONT_SIZE, MAX_FONT_SIZE, MIN_FONT_SIZE, Preferences
from .span_table import SpanTable
from .topics_panel import TopicsPanel
from .welcome import WelcomePage

if TYPE_CHECKING:
    from annotator.services.importer import ImportSummary

T = TypeVar("T")


class MainWindow(QMainWindow):
    """The annotation workspace of one annotator on one database."""

    def __init__(
        self,
        db: Database,
        annotator: str,
        prefs: Preferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.db = db
        self.prefs = prefs or Preferences()
        self.ops = Operations(db, annotator, self)
        self.labels: list[Label] = list_labels(db)
        self._by_name = {label.name: label for label in self.labels}
        self.document: DocumentDetail | None = None
        self.layer: OpenLayer | None = None
        self._row = -1
        self._pending_quote: int | None = None
        self._build()
        self._connect()
        self.setAcceptDrops(True)
        self.retranslate()
        self._restore()
        self._start()

    # -- construction ------------------------------------------------------------------

    def _build(self) -> None:
        """Create the widgets, docks, menus, toolbar and status bar."""
        self.actions_ = WindowActions(self)
        self.view = ArticleView(self)
        self.view.set_labels(self.labels)
        self.view.set_annotator(self.ops.annotator)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("ArticleTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        article = QWidget(self)
        column = QVBoxLayout(article)
        column.setContentsMargins(8, 8, 8, 0)
        column.addWidget(self.title_label)
        column.addWidget(self.view, 1)
        self.welcome = WelcomePage(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(article)
        self.setCentralWidget(self.stack)

        self.doc_list = DocumentList(self.db, self.ops.annotator, self)
        self.palette_ = LabelPalette(self)
        self.palette_.set_labels(self.labels)
        self.topics = TopicsPanel(self)
        self.topics.set_labels(self.labels)
        self.spans = SpanTable(self)
        self.spans.set_labels(self.labels)
        # The document list sits at the start side (left in English, right in Arabic).
        start, end = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            start, end = end, start
        self.docks = {
            "documents": self._dock("DocumentsDock", self.doc_list, start),
            "labels": self._dock("LabelsDock", self.palette_, end),
            "topics": self._dock("TopicsDock", self.topics, end),
            "spans": self._dock("SpansDock", self.spans, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.resizeDocks([self.docks["documents"]], [320], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["labels"]], [230], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["spans"]], [190], Qt.Orientation.Vertical)

        a = self.actions_
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([a.import_files, a.open_demo])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a.quit)
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addActions([a.undo, a.redo, a.delete_span, a.cancel_speaker])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(a.strip_proclitics)
        self.document_menu = self.menuBar().addMenu("")
        self.document_menu.addActions(
            [a.previous_document, a.next_document, a.mark_done, a.focus_search]
        )
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(list(a.languages.values()))
        self.view_menu.addSeparator()
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(a.keys_help)

        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.addActions([a.previous_document, a.next_document, a.mark_done])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a.undo, a.redo])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a.strip_proclitics, a.zoom_out, a.zoom_in])

        self.progress_label = QLabel(self)
        self.annotator_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.annotator_label)
        self.importer = ImportRunner(self.db, self)

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """A named dock (names let saveState/restoreState remember the layout)."""
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        """Wire widget signals to actions, and Operations.changed to the one refresh."""
        a = self.actions_
        self.ops.changed.connect(self._on_changed)
        self.ops.stacksChanged.connect(self._update_actions)
        self.view.labelKeyPressed.connect(self.label_selection)
        self.view.clickedAt.connect(self._clicked_at)
        self.view.wordDoubleClicked.connect(self._word_double_clicked)
        self.view.escapePressed.connect(self.cancel_speaker_choice)
        self.view.deleteRequested.connect(self.delete_spans)
        self.palette_.labelActivated.connect(lambda name: self.label_selection(name, None))
        self.topics.topicToggled.connect(self.set_topic)
        self.spans.spanActivated.connect(self._span_activated)
        self.spans.deleteRequested.connect(self.delete_span_ids)
        # Queued: the relabel replaces the row, which must not happen inside the editor's commit.
        self.spans.span_model.relabelRequested.connect(
            self.relabel, Qt.ConnectionType.QueuedConnection
        )
        self.doc_list.documentChosen.connect(self.open_document)
        self.doc_list.model.modelReset.connect(self._list_reset)
        self.welcome.demoRequested.connect(self.open_demo)
        self.welcome.importRequested.connect(self.choose_import)
        self.importer.imported.connect(self._imported)
        self.importer.failed.connect(lambda msg: dialogs.show_error(self, msg))
        a.import_files.triggered.connect(self.choose_import)
        a.open_demo.triggered.connect(self.open_demo)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.delete_span.triggered.connect(self.delete_spans)
        a.cancel_speaker.triggered.connect(self.cancel_speaker_choice)
        a.strip_proclitics.toggled.connect(self._strip_toggled)
        a.zoom_in.triggered.connect(lambda: self.set_font_size(self.view.font_size() + 2))
        a.zoom_out.triggered.connect(lambda: self.set_font_size(self.view.font_size() - 2))
        a.zoom_reset.triggered.connect(lambda: self.set_font_size(DEFAULT_FONT_SIZE))
        a.previous_document.triggered.connect(lambda: self.step_document(-1))
        a.next_document.triggered.connect(lambda: self.step_document(1))
        a.mark_done.triggered.connect(self.mark_done)
        a.focus_search.triggered.connect(lambda: self.doc_list.search.setFocus())
        a.keys_help.triggered.connect(self.show_keys)
        a.language_group.triggered.connect(lambda act: self.set_language(str(act.data())))

    def _restore(self) -> None:
        """Bring back the remembered geometry, dock layout, font size and toggles."""
        self.resize(1280, 820)
        geometry, state = self.prefs.geometry(), self.prefs.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.set_font_size(self.prefs.font_size)
        self.actions_.strip_proclitics.setChecked(self.prefs.strip_proclitics)

    def _start(self) -> None:
        """Open the first document, or the welcome page on an empty database."""
        self._update_progress()
        self._update_actions()
        if self.doc_list.model.rowCount() > 0:
            self.stack.setCurrentIndex(1)
            self.open_row(0)
        else:
            self.stack.setCurrentIndex(0)

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every window-level string in the current language."""
        self.actions_.retranslate()
        self.actions_.set_direction(self.layoutDirection())
        self.file_menu.setTitle(self.tr("File"))
        self.edit_menu.setTitle(self.tr("Edit"))
        self.document_menu.setTitle(self.tr("Document"))
        self.view_menu.setTitle(self.tr("View"))
        self.language_menu.setTitle(self.tr("Language"))
        self.help_menu.setTitle(self.tr("Help"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.docks["documents"].setWindowTitle(self.tr("Documents"))
        self.docks["labels"].setWindowTitle(self.tr("Labels"))
        self.docks["topics"].setWindowTitle(self.tr("Topics"))
        self.docks["spans"].setWindowTitle(self.tr("Spans"))
        self.annotator_label.setText(self.tr("Annotator: {name}").format(name=self.ops.annotator))
        self._update_progress()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        """Follow language and layout direction changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self.actions_.set_direction(self.layoutDirection())
            self._mirror_docks()
        super().changeEvent(event)

    def _mirror_docks(self) -> None:
        """QMainWindow keeps dock areas absolute; swap left and right to mirror the window."""
        swap = {
            Qt.DockWidgetArea.LeftDockWidgetArea: Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea: Qt.DockWidgetArea.LeftDockWidgetArea,
        }
        for dock in self.docks.values():
            area = self.dockWidgetArea(dock)
            if area in swap and not dock.isFloating():
                self.addDockWidget(swap[area], dock)

    def set_language(self, code: str) -> None:
        """Switch the interface language (and mirroring) now, and remember it."""
        code = install_language(code)
        self.prefs.language = code
        self.actions_.languages[code].setChecked(True)

    # -- documents ---------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        """Show a document with the annotator's layer."""
        result = self._guard(
            lambda: (
                documents.get_document(self.db, document_id),
                self.ops.layer_state(document_id),
            )
        )
        if result is None:
            return
        detail, state = result
        self.cancel_speaker_choice()
        self.document = detail
        self.layer = OpenLayer(state)
        self.title_label.setText(detail.title)
        self.title_label.setVisible(bool(detail.title))
        self.view.show_document(detail.text, self.layer)
        self.spans.span_model.set_layer(detail.text, self.layer)
        self.topics.set_topics(self.layer.topics)
        self._row = self.doc_list.select_document(document_id)
        self.stack.setCurrentIndex(1)
        self._update_title()
        self.view.setFocus()

    def open_row(self, row: int) -> None:
        """Open the document in a row of the list."""
        doc_id = self.doc_list.document_at(row)
        if doc_id is not None:
            self.open_document(doc_id)
            self._row = row

    def step_document(self, step: int) -> None:
        """Open the next (1) or previous (-1) document of the list."""
        count = self.doc_list.model.rowCount()
        if count == 0:
            return
        row = self._row + step if self._row >= 0 else 0
        if 0 <= row < count:
            self.open_row(row)
        else:
            self.statusBar().showMessage(self.tr("No more documents in this list"), 3000)

    def mark_done(self) -> None:
        """Mark the open document done, then go to the next one."""
        if self.document is None:
            return
        doc_id = self.document.id
        if self._guard(lambda: self.ops.set_status(doc_id, LayerStatus.DONE)) is not None:
            self.step_document(1)

    def _list_reset(self) -> None:
        """After a new filter or search, find the open document's row again."""
        if self.document is not None:
            self._row = self.doc_list.select_document(self.document.id)

    # -- labelling ---------------------------------------------------------------------

    def label_selection(self, name: str, mode: SnapMode | None) -> None:
        """Label the selection (or the word at the cursor) with a label, snapping as asked."""
        label = self._by_name.get(name)
        if label is None or self.document is None or self.layer is None:
            return
        self.palette_.set_current_label(name)
        selected = self.view.selected_range()
        if selected is None and label.kind == LabelKind.TOPIC:
            # A topic key without a selection toggles the document's topic.
            self.set_topic(name, name not in self.layer.topics)
            return
        text = self.document.text
        if selected is None:
            word = word_at(text, self.view.cursor_offset())
            if word is None:
                self.statusBar().showMessage(self.tr("Select some text first"), 3000)
                return
            selected = word
        self.add_span(label, *self._snap(label, selected, mode))

    def _snap(
        self, label: Label, selected: tuple[int, int], mode: SnapMode | None
    ) -> tuple[int, int]:
        """Apply the snapping mode (the toolbar toggle turns word snapping into stripping)."""
        text = self.document.text if self.document else ""
        start, end = selected
        if mode is None:
            mode = SnapMode.WORDS
        if mode == SnapMode.EXACT:
            return start, end
        start, end = word_bounds(text, start, end)
        strip = mode == SnapMode.STRIP_PROCLITICS or self.actions_.strip_proclitics.isChecked()
        if strip and label.kind == LabelKind.ENTITY and start < end:
            start, end = strip_proclitics(text, start, end, keep_article=True)
        return start, end

    def add_span(self, label: Label, start: int, end: int) -> None:
        """Store a span, then handle the quote/speaker flow."""
        if self.document is None or start >= end:
            self.statusBar().showMessage(self.tr("Nothing to label there"), 3000)
            return
        doc_id = self.document.id
        change = self._guard(lambda: self.ops.add_span(doc_id, start, end, label.name))
        if change is None:
            return
        if change.is_empty:
            self.statusBar().showMessage(
                self.tr("That span is already labelled {label}").format(label=label.name), 3000
            )
            return
        span = change.added_spans[0]
        self.view.select_range(end, end, scroll=False)
        if label.kind == LabelKind.QUOTE:
            self._begin_speaker_choice(span.id)
        elif self._pending_quote is not None and label.name in SPEAKER_KINDS:
            self._link_speaker(span.id, join_last=True)

    def _word_double_clicked(self, start: int, end: int) -> None:
        """Double-click labels the word with the current label; without one it selects it."""
        current = self.palette_.current_label()
        label = self._by_name.get(current) if current else None
        if label is None or label.kind == LabelKind.TOPIC:
            self.view.select_range(start, end, scroll=False)
            return
        self.add_span(label, *self._snap(label, (start, end), None))

    def relabel(self, span_id: int, name: str) -> None:
        """Change a span's label (from the span list's combo)."""
        if self.document is not None:
            doc_id = self.document.id
            self._guard(lambda: self.ops.relabel_span(doc_id, span_id, name))

    def delete_spans(self) -> None:
        """Delete the spans selected in the span list, else the innermost one at the cursor."""
        ids = self.spans.selected_span_ids()
        if not ids and self.layer is not None:
            around = self.layer.spans_at(self.view.cursor_offset())
            ids = [around[0].id] if around else []
        self.delete_span_ids(ids)

    def delete_span_ids(self, ids: list[int]) -> None:
        """Delete spans by id as one undo step."""
        if self.document is None or not ids:
            return
        doc_id = self.document.id
        self._guard(lambda: self.ops.remove_spans(doc_id, ids))

    def set_topic(self, name: str, on: bool) -> None:
        """Choose or clear a document topic."""
        if self.document is None:
            return
        doc_id = self.document.id
        if self._guard(lambda: self.ops.set_topic(doc_id, name, on)) is None and self.layer:
            self.topics.set_topics(self.layer.topics)  # show the stored truth again

    # -- quotes and speakers -----------------------------------------------------------

    def _begin_speaker_choice(self, quote_id: int) -> None:
        """After a quote is marked, the next click on a PER/ORG span names its speaker."""
        self._pending_quote = quote_id
        self.view.set_pending_quote(quote_id)
        self.statusBar().showMessage(
            self.tr("Who said it? Click the speaker (a PER or ORG span) or mark one; Esc cancels.")
        )

    def cancel_speaker_choice(self) -> None:
        """Leave speaker choice without linking."""
        if self._pending_quote is not None:
            self._pending_quote = None
            self.view.set_pending_quote(None)
            self.statusBar().clearMessage()

    def _link_speaker(self, speaker_id: int, *, join_last: bool = False) -> None:
        """Link the pending quote to a speaker span."""
        quote_id = self._pending_quote
        if quote_id is None or self.document is None:
            return
        doc_id = self.document.id
        self.cancel_speaker_choice()
        if self._guard(
            lambda: self.ops.link_speaker(doc_id, quote_id, speaker_id, join_last=join_last)
        ):
            self.statusBar().showMessage(self.tr("Speaker linked"), 3000)

    def _clicked_at(self, offset: int) -> None:
        """A click chooses the pending quote's speaker, or selects the span in the list."""
        if self.layer is None:
            return
        spans = self.layer.spans_at(offset) or self.layer.spans_at(offset - 1)
        if self._pending_quote is not None:
            speakers = [s for s in spans if s.label in SPEAKER_KINDS]
            if speakers:
                self._link_speaker(speakers[0].id)
            else:
                self.statusBar().showMessage(
                    self.tr("That is not a PER or ORG span. Click a speaker, or Esc to cancel.")
                )
            return
        if spans:
            self.spans.select_span(spans[0].id)

    def _span_activated(self, span_id: int) -> None:
        """A row of the span list became current: select and show the span."""
        if self.layer is not None and span_id in self.layer.spans:
            span = self.layer.spans[span_id]
            self.view.select_range(span.start, span.end)

    # -- undo/redo ---------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last action (opening its document first if another one is shown)."""
        self._history(self.ops.undo_document(), self.ops.undo)

    def redo(self) -> None:
        """Redo the last undone action."""
        self._history(self.ops.redo_document(), self.ops.redo)

    def _history(self, doc_id: int | None, move: Callable[[], object]) -> None:
        """Show the step's document, then move along the history."""
        if doc_id is None:
            return
        self.cancel_speaker_choice()
        if self.document is None or self.document.id != doc_id:
            self.open_document(doc_id)
        self._guard(move)

    # -- the one refresh ---------------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        """Refresh every widget after a stored Change (the only refresh path)."""
        layer = self.layer
        if layer is None or self.document is None or change.document_id != self.document.id:
            self.doc_list.model.reload()
            self._update_progress()
            return
        delta = layer.apply(change)
        self.view.apply_delta(delta)
        self.spans.span_model.apply_delta(delta)
        if delta.topics_changed:
            self.topics.set_topics(layer.topics)
        if delta.added or delta.removed or delta.status_changed:
            self.doc_list.model.update_document(change.document_id, layer.status, len(layer.spans))
        if delta.status_changed:
            self._update_progress()

    def _update_actions(self) -> None:
        """Enable undo/redo as the stacks allow."""
        self.actions_.undo.setEnabled(self.ops.can_undo())
        self.actions_.redo.setEnabled(self.ops.can_redo())

    def _update_progress(self) -> None:
        """Status bar: documents done of all documents for this annotator."""
        result = self._guard(lambda: documents.progress(self.db, self.ops.annotator), quiet=True)
        done, total = result if result is not None else (0, 0)
        self.progress_label.setText(self.tr("Done {done} / {total}").format(done=done, total=total))

    def _update_title(self) -> None:
        """Window title: the document's title and the application name (never the DB URL)."""
        if self.document is not None:
            title = self.document.title or self.tr("(untitled #{id})").format(id=self.document.id)
            self.setWindowTitle(f"{title} — annotator")
        else:
            self.setWindowTitle("annotator")

    # -- font --------------------------------------------------------------------------

    def set_font_size(self, size: int) -> None:
        """Resize the article text (and its title) and remember the size."""
        size = max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, size))
        self.view.set_font_size(size)
        title = article_font(size + 4)
        title.setBold(True)
        self.title_label.setFont(title)
        self.prefs.font_size = size

    def _strip_toggled(self, on: bool) -> None:
        """Remember the proclitics toggle."""
        self.prefs.strip_proclitics = on

    # -- import ------------------------------------------------------------------------

    def choose_import(self) -> None:
        """File > Import: pick .txt/.jsonl files."""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import articles"),
            "",
            self.tr("Articles (*.txt *.jsonl *.json);;All files (*)"),
        )
        if paths:
            self.import_paths(paths)

    def open_demo(self) -> None:
        """Import the bundled demo article(s); the first one opens when done."""
        self.import_paths(demo_article_paths())

    def import_paths(self, paths: list[str]) -> None:
        """Import in the background with a progress dialog."""
        if not self.importer.start(paths, None):
            self.statusBar().showMessage(self.tr("An import is already running"), 3000)

    def _imported(self, summary: ImportSummary) -> None:
        """Show what an import added and make it visible."""
        self.doc_list.apply_filter()
        self._update_progress()
        self.statusBar().showMessage(
            self.tr("Imported {added} new documents ({existing} already there)").format(
                added=summary.documents_added, existing=summary.documents_existing
            ),
            8000,
        )
        if self.document is None and self.doc_list.model.rowCount() > 0:
            self.open_row(0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept dragged .txt/.jsonl files and folders."""
        urls = event.mimeData().urls()
        if any(u.isLocalFile() and importable(u.toLocalFile()) for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import dropped files."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if importable(p)]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- help and closing --------------------------------------------------------------

    def show_keys(self) -> None:
        """List the keyboard shortcuts."""
        keys = "\n".join(
            f"{label.shortcut}  {label.name}" for label in self.labels if label.shortcut
        )
        dialogs.show_info(
            self,
            self.tr(
                "Select text and press a label key:\n{keys}\n\n"
                "Alt+key: keep proclitics (و ف ب ل ك) out. Shift+key: exact characters.\n"
                "Topic keys without a selection toggle the document topic.\n"
                "Double-click: label the word with the last label used.\n"
                "After a QUOTE, click its speaker (PER/ORG) or mark one; Esc cancels.\n"
                "Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, Delete removes the selected span.\n"
                "Ctrl+PgDown / Ctrl+PgUp (or Alt+arrows): next / previous document.\n"
                "Ctrl+Enter: mark done and go on. Ctrl+= / Ctrl+-: text size."
            ).format(keys=keys),
            self.tr("Keyboard shortcuts"),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout; wait for a running import to finish its transaction."""
        self.importer.wait()
        self.prefs.save_window(self.saveGeometry(), self.saveState())
        self.prefs.sync()
        super().closeEvent(event)

    # -- errors ------------------------------------------------------------------------

    def _guard(self, action: Callable[[], T], *, quiet: bool = False) -> T | None:
        """Run a service call; show a failure as a dialog (nothing half-done is shown)."""
        try:
            return action()
        except AnnotatorError as exc:
            message = str(exc)
        except sqlite3.Error as exc:
            message = self._database_message(exc)
        except Exception as exc:
            # SQLAlchemy's errors (e.g. a locked database) are reported, not crashed on; the
            # GUI does not import SQLAlchemy, so they are recognised by their module.
            if not type(exc).__module__.startswith("sqlalchemy"):
                raise
            message = self._database_message(exc)
        if not quiet:
            dialogs.show_error(self, message)
        return None

    def _database_message(self, exc: BaseException) -> str:
        """A clear sentence for a database failure."""
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        if "locked" in reason or "busy" in reason:
            return self.tr(
                "The database is locked by another program ({reason}). "
                "Your last action was not saved; try it again in a moment."
            ).format(reason=reason)
        return self.tr("The database refused the action: {reason}").format(reason=reason)
