"""The main window: wires the widgets' signals to the operations layer, and back.

Widgets never call services for writes; they emit signals. The window turns them into
operations, and ``_on_changed`` (connected to ``Operations.changed``) is the one place
that refreshes widgets after anything was stored. Review mode (``review_mode.py``) swaps
the edited layer for the gold layer and adds the comparison's marks and panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError, ConflictError
from annotator.core.guidelines import label_help
from annotator.core.model import Label, LayerStatus
from annotator.services import access, annotators, documents, guidelines
from annotator.services.annotations import Change
from annotator.services.documents import DocumentDetail
from annotator.services.labels import list_labels
from annotator.services.workspace import demo_article_paths
from annotator.storage.database import Database, safe_url_text
from annotator.storage.retry import DatabaseBusyError

from . import dialogs
from .actions import WindowActions
from .agreement_panel import AgreementPanel
from .article_view import ArticleView
from .background import Background
from .bidi_text import isolate, keys, qt_direction, window_title
from .document_list import DocumentList
from .exporting import ExportFlow
from .fonts import article_font
from .guidelines_panel import GuidelinesPanel
from .i18n import display_name, install_language
from .importing import IMPORTABLE_SUFFIXES, ImportRequest, ImportRunner, ask_import, importable
from .keys_dialog import KeysDialog
from .label_palette import LabelPalette
from .labelling import Labelling
from .layer import OpenLayer
from .menus import WindowMenus
from .notice import NotificationBar
from .operations import GOLD, Operations
from .review_mode import ReviewMode
from .review_panel import ReviewPanel
from .settings import (
    DEFAULT_FONT_SIZE,
    MAX_FONT_SIZE,
    MIN_FONT_SIZE,
    Preferences,
    ResumePoint,
)
from .span_table import SpanTable
from .stats_panel import StatsPanel
from .status_bar import BidiStatusBar
from .suggesting import ModelTrainer, SuggestionActions, SuggestionController
from .suggestion_overlay import SuggestionOverlay
from .topics_panel import TopicsPanel
from .welcome import WelcomePage

if TYPE_CHECKING:
    from annotator.services.importer import ImportSummary

T = TypeVar("T")

REMEMBER_DELAY_MS = 2000
"""How long after a document switch its place is written to the settings."""


def database_key(db: Database) -> str:
    """What names a database in the settings: an SQLite file's absolute path, else its URL."""
    text = safe_url_text(db.url)
    if db.url.get_backend_name() == "sqlite" and db.url.database:
        return str(Path(db.url.database).resolve())
    return text


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
        self.actor = access.resolve_actor(db, self.ops.annotator)
        self.labels: list[Label] = list_labels(db)
        self.labels_by_name = {label.name: label for label in self.labels}
        # The status bar's figures, and whether the list puts the annotator's queue first.
        self._queue = self._queue_progress()
        self._progress: tuple[int, int] | None = None
        self._progress_reader: Background[tuple[int, int]] = Background(self._progress_read, self)
        self.document: DocumentDetail | None = None
        self.layer: OpenLayer | None = None
        self._row = -1
        self._open_first_listed = False
        # Where the annotator stopped last time, applied once the window is laid out.
        self._pending_scroll: int | None = None
        self._mirror_when_shown = False
        self._close_after_training = False
        self._remember_timer = QTimer(self)
        self._remember_timer.setSingleShot(True)
        self._remember_timer.setInterval(REMEMBER_DELAY_MS)
        self._remember_timer.timeout.connect(self.remember_position)
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
        self.setStatusBar(BidiStatusBar(self))
        self.view = ArticleView(self)
        self.view.set_labels(self.labels)
        self.view.set_annotator(self.ops.annotator)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("ArticleTitle")
        # The article's own title: never HTML, whatever it starts with.
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.title_label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = NotificationBar(self)
        article = QWidget(self)
        column = QVBoxLayout(article)
        column.setContentsMargins(8, 8, 8, 0)
        column.addWidget(self.notice)
        column.addWidget(self.title_label)
        column.addWidget(self.view, 1)
        self.welcome = WelcomePage(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(article)
        self.setCentralWidget(self.stack)

        self.doc_list = DocumentList(
            self.db,
            self.ops.annotator,
            self,
            queue_first=self.queue_first(),
            order=self.prefs.list_order(database_key(self.db), self.ops.annotator),
        )
        self.palette_ = LabelPalette(self)
        self.palette_.set_labels(self.labels)
        self.doc_list.set_labels(self.labels)
        self._show_people()
        self.topics = TopicsPanel(self)
        self.topics.set_labels(self.labels)
        self.spans = SpanTable(self)
        self.spans.set_labels(self.labels)
        self._refreshing = False
        self.review_panel = ReviewPanel(self)
        self.agreement = AgreementPanel(self.db, self.actor, self)
        # Reviewers edit; before anyone is a reviewer (SQLite), anyone, as on the CLI.
        may_edit = self.guard(lambda: guidelines.may_change(self.db, self.actor), quiet=True)
        self.guidelines_panel = GuidelinesPanel(bool(may_edit), self)
        self.stats = StatsPanel(
            self.db,
            self.actor,
            lambda: {lab.name: lab.colour for lab in self.labels},
            self,
            shown_names=lambda: {lab.name: display_name(lab) for lab in self.labels},
        )
        # The document list sits at the start side (left in English, right in Arabic).
        start, end = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            start, end = end, start
        self.docks = {
            "documents": self._dock("DocumentsDock", self.doc_list, start),
            "labels": self._dock("LabelsDock", self.palette_, end),
            "topics": self._dock("TopicsDock", self.topics, end),
            "spans": self._dock("SpansDock", self.spans, Qt.DockWidgetArea.BottomDockWidgetArea),
            "review": self._dock("ReviewDock", self.review_panel, end),
            "agreement": self._dock(
                "AgreementDock", self.agreement, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
            "guidelines": self._dock("GuidelinesDock", self.guidelines_panel, end),
            "stats": self._dock("StatsDock", self.stats, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        # The guidelines beside the article, a tab behind the topics.
        self.tabifyDockWidget(self.docks["topics"], self.docks["guidelines"])
        self.docks["topics"].raise_()
        self.docks["stats"].hide()
        self.label_help: dict[str, str] = {}
        self.load_guidelines()
        # Shown on demand, tabbed with a neighbour then (tabbing hidden docks leaves
        # stray empty tab bars behind).
        self.docks["review"].hide()
        self.docks["agreement"].hide()
        self._tabbed: set[str] = set()
        self.resizeDocks([self.docks["documents"]], [320], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["labels"]], [230], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["spans"]], [190], Qt.Orientation.Vertical)

        self.menus = WindowMenus(self, self.actions_, self.docks.values())
        # Suggestions: an overlay over the article, their keys in the Edit menu.
        self.suggestion_actions = SuggestionActions(self)
        self.menus.edit.addSeparator()
        self.menus.edit.addActions(self.suggestion_actions.all())
        self.menus.edit.addAction(self.doc_list.uncertainty_action)
        self.suggesting = SuggestionController(
            self.db,
            self.ops,
            SuggestionOverlay(self.view),
            self.view.select_range,
            self.guard,
            self,
        )
        self.suggesting.set_labels(self.labels)
        self.suggesting.topicsShown.connect(self.topics.show_suggestions)
        self.trainer = ModelTrainer(self.db, self.ops.annotator, self)
        self.toolbar = self.menus.toolbar
        self.file_menu = self.menus.file

        self.progress_label = QLabel(self)
        self.annotator_label = QLabel(self)
        self.annotator_label.setTextFormat(Qt.TextFormat.PlainText)  # a name, never HTML
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.annotator_label)
        self.importer = ImportRunner(self.db, self)
        self.exporting = ExportFlow(self, self.db, self.actor, self.prefs)
        self.review = ReviewMode(self)
        self.labelling = Labelling(self)
        self.actions_.add_disagreement_keys(self.labels)
        self.actions_.review_mode.setEnabled(self.actor.is_reviewer)
        self.actions_.enable_review(False)

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
        self.docks["agreement"].visibilityChanged.connect(self._agreement_shown)
        self.docks["stats"].visibilityChanged.connect(
            lambda shown: self.stats.ensure_computed() if shown else None
        )
        self.docks["guidelines"].visibilityChanged.connect(
            lambda shown: self.load_guidelines() if shown else None
        )
        self.guidelines_panel.saveRequested.connect(self.save_guidelines)
        a.review_mode.toggled.connect(self.set_review_mode)
        a.gold_start.triggered.connect(self.review.start_majority)
        a.next_disagreement.triggered.connect(lambda: self.review.step(1))
        a.previous_disagreement.triggered.connect(lambda: self.review.step(-1))
        a.reject_disagreement.triggered.connect(self.review.reject_current)
        for number, action in enumerate(a.accept_versions):
            action.triggered.connect(lambda _c=False, v=number: self.review.accept_current(v))
        a.show_agreement.triggered.connect(self.show_agreement)
        # View > Agreement (the dock's own toggle) opens it as Review > Agreement does:
        # shown plainly it made a third narrow column beside Spans and Statistics.
        self.docks["agreement"].toggleViewAction().triggered.connect(
            lambda checked: self.show_agreement() if checked else None
        )
        self.ops.stacksChanged.connect(self._update_actions)
        lab = self.labelling
        self.view.labelKeyPressed.connect(lab.label_selection)
        self.view.clickedAt.connect(lab.clicked_at)
        self.view.wordDoubleClicked.connect(lab.word_double_clicked)
        self.view.escapePressed.connect(self.cancel_speaker_choice)
        self.view.deleteRequested.connect(lab.delete_spans)
        self.palette_.labelActivated.connect(lambda name: lab.label_selection(name, None))
        self.review_panel.commentSaveRequested.connect(lambda _t: self.view.setFocus())
        self.topics.topicToggled.connect(lab.set_topic)
        self.spans.spanActivated.connect(self._span_activated)
        self.spans.deleteRequested.connect(lab.delete_span_ids)
        # Queued: the relabel replaces the row, which must not happen inside the editor's commit.
        self.spans.span_model.relabelRequested.connect(
            lab.relabel, Qt.ConnectionType.QueuedConnection
        )
        self.doc_list.documentChosen.connect(self.open_document)
        self.doc_list.orderChanged.connect(
            lambda order: self.prefs.set_list_order(
                database_key(self.db), self.ops.annotator, order
            )
        )
        self.doc_list.model.modelReset.connect(self._list_reset)
        self.welcome.demoRequested.connect(self.open_demo)
        self.welcome.importRequested.connect(self.choose_import)
        self.importer.imported.connect(self._imported)
        self.importer.failed.connect(lambda msg: dialogs.show_error(self, msg))
        a.import_files.triggered.connect(self.choose_import)
        a.export.triggered.connect(self.exporting.choose)
        a.open_demo.triggered.connect(self.open_demo)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.delete_span.triggered.connect(lab.delete_spans)
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
        sa, sc = self.suggestion_actions, self.suggesting
        sa.next.triggered.connect(lambda: sc.step(1))
        sa.previous.triggered.connect(lambda: sc.step(-1))
        sa.accept.triggered.connect(sc.accept)
        sa.reject.triggered.connect(sc.reject)
        sa.accept_all.triggered.connect(sc.accept_all)
        sa.train.triggered.connect(self.train_model)
        self.trainer.finished.connect(self._trained)
        self.trainer.failed.connect(self._training_failed)
        self.trainer.skipped.connect(
            lambda msg: self.statusBar().showMessage(
                self.tr("Not trained: {reason}").format(reason=msg), 8000
            )
        )
        sc.problem.connect(
            lambda msg: self.statusBar().showMessage(
                self.tr("Suggestions: {reason}").format(reason=msg), 15000
            )
        )

    def _restore(self) -> None:
        """Bring back the remembered geometry, dock layout, font size and toggles."""
        self.resize(1280, 820)
        geometry, state = self.prefs.geometry(), self.prefs.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
            # Saved in the other direction: mirrored once shown (it needs the laid-out
            # docks: which tab is in front, their widths).
            saved_rtl = self.prefs.window_right_to_left()
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            self._mirror_when_shown = saved_rtl is not None and saved_rtl != rtl
        self.set_font_size(self.prefs.font_size)
        self.actions_.strip_proclitics.setChecked(self.prefs.strip_proclitics)

    def _start(self) -> None:
        """Open the first document, or the welcome page on an empty database."""
        self._update_progress(read_queue=False)
        self._update_actions()
        listed = self.doc_list.model
        if listed.rowCount() > 0 or listed.loading:
            self.stack.setCurrentIndex(1)
            if not self.resume():
                if listed.rowCount() > 0:
                    self.open_row(0)
                else:  # a sorted list (e.g. most uncertain first) is still being read
                    self._open_first_listed = True
        else:
            self.stack.setCurrentIndex(0)

    def resume(self) -> bool:
        """Open the document where this annotator stopped in this database, at its place.

        Returns False when there is none (first launch, or the document is gone).
        """
        point = self.prefs.resume_point(database_key(self.db), self.ops.annotator)
        if point is None:
            return False
        doc_id = point.document_id
        if self.guard(lambda: documents.get_document(self.db, doc_id), quiet=True) is None:
            return False
        self.open_document(doc_id)
        if self.document is None or self.document.id != doc_id:
            return False
        offset = min(point.offset, len(self.document.text))
        self.view.select_range(offset, offset, scroll=False)
        self._pending_scroll = point.scroll
        self._apply_scroll()
        return True

    def _apply_scroll(self) -> None:
        """Scroll the article to the remembered place (again once laid out and shown)."""
        if self._pending_scroll is not None:
            self.view.verticalScrollBar().setValue(self._pending_scroll)
            if self.isVisible():
                self._pending_scroll = None

    def remember_position(self) -> None:
        """Store the open document, caret and scroll for the next launch."""
        if self.document is None:
            return
        scroll = self.view.verticalScrollBar().value()
        if self._pending_scroll is not None:
            scroll = self._pending_scroll  # never shown: keep the place it was to show
        self.prefs.set_resume_point(
            database_key(self.db),
            self.ops.annotator,
            ResumePoint(self.document.id, self.view.cursor_offset(), scroll),
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Once shown (the article laid out), scroll to where the annotator stopped."""
        super().showEvent(event)
        if self._mirror_when_shown:
            self._mirror_when_shown = False
            QTimer.singleShot(0, self._mirror_docks)
        if self._pending_scroll is not None:
            QTimer.singleShot(0, self._apply_scroll)

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every window-level string in the current language."""
        self.actions_.retranslate()
        self.suggestion_actions.retranslate()
        self.actions_.set_direction(self.layoutDirection())
        self.menus.retranslate()
        self.docks["documents"].setWindowTitle(self.tr("Documents"))
        self.docks["labels"].setWindowTitle(self.tr("Labels"))
        self.docks["topics"].setWindowTitle(self.tr("Topics"))
        self.docks["spans"].setWindowTitle(self.tr("Spans"))
        self.docks["review"].setWindowTitle(self.tr("Review"))
        self.docks["agreement"].setWindowTitle(self.tr("Agreement"))
        self.docks["guidelines"].setWindowTitle(self.tr("Guidelines"))
        self.docks["stats"].setWindowTitle(self.tr("Statistics"))
        self.update_identity()
        self._show_progress()
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
        """QMainWindow keeps dock areas absolute; swap left and right to mirror the window.

        Each tab group moves as one (its tab in front first, the others tabbed onto it
        again), the docks of a side keep their order top to bottom, and each side keeps
        the width and the heights its shown docks had: a dock behind a tab has never been
        laid out (100 px), and taking its width squeezed the whole column.
        """
        swap = {
            Qt.DockWidgetArea.LeftDockWidgetArea: Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea: Qt.DockWidgetArea.LeftDockWidgetArea,
        }
        side = [
            dock
            for dock in self.docks.values()
            if self.dockWidgetArea(dock) in swap and not dock.isFloating()
        ]

        # Shown docks first, top to bottom; then tabs behind others and closed docks (a
        # tab behind another is "visible" to Qt, only placed out of sight).
        def front(dock: QDockWidget) -> bool:
            return dock.isVisible() and not dock.visibleRegion().isEmpty()

        side.sort(key=lambda d: (not front(d), d.geometry().top()))
        groups: list[tuple[QDockWidget, list[QDockWidget], Qt.DockWidgetArea]] = []
        placed: set[str] = set()
        for dock in side:
            if dock.objectName() in placed:
                continue
            tabs = [
                t
                for t in self.tabifiedDockWidgets(dock)
                if t in side and t.objectName() not in placed
            ]
            placed.update(d.objectName() for d in [dock, *tabs])
            groups.append((dock, tabs, swap[self.dockWidgetArea(dock)]))
        widths: dict[Qt.DockWidgetArea, int] = {}
        heights = [(dock, dock.height()) for dock, _tabs, _area in groups if front(dock)]
        for dock, _tabs, target in groups:
            if front(dock):
                widths[target] = max(widths.get(target, 0), dock.width())
        for dock, tabs, target in groups:
            self.addDockWidget(target, dock)
            for tab in tabs:
                self.tabifyDockWidget(dock, tab)
            if tabs:
                dock.raise_()
        # Re-docking forgets the sizes: each side keeps the room it had (the document
        # list's Title column would otherwise shrink to a few letters in Arabic).
        fronts = [
            (dock, widths[target])
            for dock, _tabs, target in groups
            if not dock.isHidden() and target in widths
        ]
        if fronts:
            self.resizeDocks(
                [dock for dock, _ in fronts],
                [size for _, size in fronts],
                Qt.Orientation.Horizontal,
            )
        if heights:
            self.resizeDocks(
                [dock for dock, _ in heights], [h for _, h in heights], Qt.Orientation.Vertical
            )

    def set_language(self, code: str) -> None:
        """Switch the interface language (and mirroring) now, and remember it."""
        code = install_language(code)
        # Widgets keep the locale they were made with: numbers (the list's span counts)
        # would keep the old language's digits.
        self.setLocale(QLocale())
        self.prefs.language = code
        self.actions_.languages[code].setChecked(True)

    # -- documents ---------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        """Show a document with the edited layer (the annotator's own, or gold in review)."""
        # Ranking by uncertainty pauses while the annotator moves between articles.
        self.doc_list.ranker.hold()
        review = self.review.active
        # Outside review, the document and the layer come in one read (one statement).
        result = self.guard(
            lambda: (
                (documents.get_document(self.db, document_id), self.review.read(document_id))
                if review
                else self.ops.open_document(document_id)
            )
        )
        if result is None:
            return
        detail, state = result
        self.cancel_speaker_choice()
        if self.document is None or self.document.id != document_id:
            self.notice.hide()
        self.document = detail
        self.layer = OpenLayer(state)
        self.title_label.setText(detail.title)
        self.title_label.setVisible(bool(detail.title))
        # The heading in its own direction (an English title reads left to right).
        direction = qt_direction(detail.title)
        self.title_label.setLayoutDirection(direction)
        side = (
            Qt.AlignmentFlag.AlignRight
            if direction == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        self.title_label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        self.view.show_document(detail.text, self.layer, self.review.marks() if review else ())
        # Suggestions are computed in the background: opening never waits for them.
        self.suggesting.enabled = not review
        self.suggesting.document_opened(document_id, detail.text, detail.meta, self.layer)
        self.view.set_search_hits(self.doc_list.search_hits(detail.text))
        self.spans.span_model.set_layer(detail.text, self.layer)
        self.topics.set_topics(self.layer.topics)
        if review:
            self.review.show_panel()
        self._row = self.doc_list.select_document(document_id)
        self.stack.setCurrentIndex(1)
        self._update_title()
        self.view.setFocus()
        # Remembered soon (not only on close), so even after a crash the app reopens here;
        # a pause first, as each write rewrites the settings file (a switch stays fast).
        if self._pending_scroll is None:
            self._remember_timer.start()

    def reload_document(self) -> None:
        """Read the open document's layers again (after a conflict), keeping the scroll."""
        if self.document is None:
            return
        scroll = self.view.verticalScrollBar().value()
        selected = self.view.selected_range()
        self.open_document(self.document.id)
        if selected is not None:
            self.view.select_range(*selected, scroll=False)
        self.view.verticalScrollBar().setValue(scroll)

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
        if self.guard(lambda: self.ops.set_status(doc_id, LayerStatus.DONE)) is not None:
            self.step_document(1)

    def _list_reset(self) -> None:
        """After a new filter or search, find the open document's row again (or open the
        first row, when the window started before its sorted list was read)."""
        if self.document is not None:
            self._row = self.doc_list.select_document(self.document.id)
        elif self._open_first_listed and not self.doc_list.model.loading:
            self._open_first_listed = False
            if self.doc_list.model.rowCount() > 0:
                self.open_row(0)

    def cancel_speaker_choice(self) -> None:
        """Leave speaker choice without linking."""
        self.labelling.cancel_speaker_choice()

    def _span_activated(self, span_id: int) -> None:
        """A row of the span list became current: select and show the span."""
        if self._refreshing:
            return
        if self.layer is not None and span_id in self.layer.spans:
            span = self.layer.spans[span_id]
            self.view.select_range(span.start, span.end)

    # -- undo/redo ---------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last action (opening its document and layer first if not shown)."""
        self._history(self.ops.undo_document(), self.ops.undo_layer(), self.ops.undo)

    def redo(self) -> None:
        """Redo the last undone action."""
        self._history(self.ops.redo_document(), self.ops.redo_layer(), self.ops.redo)

    def _history(self, doc_id: int | None, layer: str | None, move: Callable[[], object]) -> None:
        """Show the step's document and layer (gold: review mode), then move along the history."""
        if doc_id is None or layer is None:
            return
        self.cancel_speaker_choice()
        if layer != self.ops.target:
            self.set_review_mode(layer == GOLD)
            if layer != self.ops.target:
                return
        if self.document is None or self.document.id != doc_id:
            self.open_document(doc_id)
        self.guard(move)

    # -- the one refresh ---------------------------------------------------------------

    def _on_changed(self, change: Change, layer_name: str) -> None:
        """Refresh every widget after a stored Change (the only refresh path)."""
        self.doc_list.ranker.hold()
        self.stats.layers_changed()
        layer = self.layer
        if (
            layer is None
            or self.document is None
            or change.document_id != self.document.id
            or layer_name != self.ops.target
        ):
            if layer_name == self.ops.target:
                self.doc_list.model.reload()
            self._update_progress()
            return
        delta = layer.apply(change)
        self.view.apply_delta(delta)
        self.suggesting.layer_changed(layer)
        # Removing the span table's current row moves its current row to a neighbour; that
        # is no choice of the user's and must not select the neighbour's text.
        self._refreshing = True
        try:
            self.spans.span_model.apply_delta(delta)
        finally:
            self._refreshing = False
        if delta.topics_changed:
            self.topics.set_topics(layer.topics)
        if delta.added or delta.removed or delta.status_changed:
            self.doc_list.model.update_document(change.document_id, layer.status, len(layer.spans))
        if delta.status_changed:
            self._update_progress()
        if layer_name == GOLD:
            self.review.gold_changed(change, layer)

    def _update_actions(self) -> None:
        """Enable undo/redo as the stacks allow."""
        self.actions_.undo.setEnabled(self.ops.can_undo())
        self.actions_.redo.setEnabled(self.ops.can_redo())

    def _queue_progress(self) -> tuple[int, int]:
        """(done, assigned) of the annotator's queue; (0, 0) when unknown."""
        result = self.guard(
            lambda: documents.queue_progress(self.db, self.ops.annotator), quiet=True
        )
        return result if result is not None else (0, 0)

    def queue_first(self) -> bool:
        """Annotators with assigned documents see their queue first (reviewers: id order)."""
        return not self.actor.is_reviewer and self._queue[1] > 0

    def _update_progress(self, *, read_queue: bool = True) -> None:
        """Status bar: done / assigned for an annotator with a queue, else done / all.

        The queue's figures are a few indexed reads; "done / all" counts every document,
        so it is read in a worker thread and shown when it arrives.
        """
        if read_queue:
            self._queue = self._queue_progress()
        if self._queue[1]:
            self._show_progress()
            return
        annotator, db = self.ops.annotator, self.db
        self._progress_reader.request(lambda: documents.progress(db, annotator))

    def _progress_read(self, figures: tuple[int, int]) -> None:
        """The "done / all" figures arrived from the worker thread."""
        self._progress = figures
        self._show_progress()

    def _show_progress(self) -> None:
        """Write the last known progress figures in the current language."""
        done, assigned = self._queue
        if assigned:
            self.progress_label.setText(
                self.tr("Done {done} / {assigned} assigned").format(done=done, assigned=assigned)
            )
        elif self._progress is not None:
            done, total = self._progress
            self.progress_label.setText(
                self.tr("Done {done} / {total}").format(done=done, total=total)
            )

    def update_identity(self) -> None:
        """Status bar: who is acting (the database login on PostgreSQL), and on which layer."""
        if self.review.active:
            text = self.tr("Reviewer: {name} (editing the gold layer)")
        elif self.actor.is_reviewer:
            text = self.tr("Reviewer: {name}")
        else:
            text = self.tr("Annotator: {name}")
        # The name is isolated: a Latin name inside the Arabic sentence, or the reverse.
        self.annotator_label.setText(text.format(name=isolate(self.ops.annotator)))

    # -- review mode -------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        """Show all annotators' layers and edit gold (on), or the own layer again (off)."""
        self.review.switch(on)

    def show_dock(self, name: str) -> None:
        """Show a dock on demand: the first time tabbed with its neighbour, then in front."""
        dock = self.docks[name]
        neighbour = self.docks[
            {"review": "labels", "agreement": "spans", "stats": "spans"}.get(name, name)
        ]
        dock.show()
        if name not in self._tabbed and neighbour is not dock and not dock.isFloating():
            self._tabbed.add(name)
            if neighbour.isVisible() and self.dockWidgetArea(neighbour) == self.dockWidgetArea(
                dock
            ):
                self.tabifyDockWidget(neighbour, dock)
        dock.raise_()

    def show_agreement(self) -> None:
        """Show the agreement panel (computed in the background the first time)."""
        self.show_dock("agreement")
        if self.dockWidgetArea(self.docks["agreement"]) == Qt.DockWidgetArea.BottomDockWidgetArea:
            self.resizeDocks([self.docks["agreement"]], [300], Qt.Orientation.Vertical)
        self.agreement.ensure_computed()

    # -- guidelines --------------------------------------------------------------------

    def load_guidelines(self) -> None:
        """Read the guidelines in force; show them and put each label's rule on its hover."""
        version = self.guard(lambda: guidelines.current(self.db), quiet=True)
        self.guidelines_panel.show_version(version)
        text = version.text if version is not None else ""
        self.label_help = {
            lab.name: label_help(lab.description, text, lab.name) for lab in self.labels
        }
        # The palette shows a label's description on hover: give it the rule too.
        self.palette_.set_labels(
            [replace(lab, description=self.label_help[lab.name]) for lab in self.labels]
        )

    def save_guidelines(self, text: str) -> None:
        """A reviewer saved the editor: store a new version (audited), then show it."""
        done = self.guard(lambda: (guidelines.set_guidelines(self.db, self.actor, text),))
        if done is None:
            return
        self.guidelines_panel.stop_editing()
        self.load_guidelines()
        (version,) = done
        self.statusBar().showMessage(
            self.tr("Guidelines saved as version {version}").format(version=version.version)
            if version is not None
            else self.tr("The guidelines are unchanged"),
            5000,
        )

    def _agreement_shown(self, shown: bool) -> None:
        """The agreement dock became visible: compute its figures the first time."""
        if shown:
            self.agreement.ensure_computed()

    def _update_title(self) -> None:
        """Window title: the document's title and the application name (never the DB URL)."""
        if self.document is not None:
            title = self.document.title or self.tr("(untitled #{id})").format(id=self.document.id)
            # The title reads in its own direction, whatever the interface's.
            self.setWindowTitle(window_title(title, "annotator"))
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
        """File > Import: pick files (articles, or annotations of this tool and the peers'),
        then the import's options."""
        patterns = " ".join(f"*{suffix}" for suffix in IMPORTABLE_SUFFIXES)
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import articles"),
            "",
            self.tr("Articles and annotations ({patterns});;All files (*)").format(
                patterns=patterns
            ),
        )
        if not paths:
            return
        request = ask_import(self, paths, self.ops.annotator)
        if request is not None:
            self.start_import(request)

    def open_demo(self) -> None:
        """Import the bundled demo article(s); the first one opens when done."""
        self.import_paths(demo_article_paths())

    def import_paths(self, paths: list[str]) -> None:
        """Import dropped files as they are: annotations that name no annotator become the
        acting person's layer (CoNLL files never name one)."""
        self.start_import(ImportRequest(tuple(paths), owner=self.ops.annotator))

    def start_import(self, request: ImportRequest) -> None:
        """Import in the background with a progress dialog (audited under the acting name)."""
        if not self.importer.start(request, actor=self.ops.annotator):
            self.statusBar().showMessage(self.tr("An import is already running"), 3000)

    def _show_people(self) -> None:
        """Offer the document list's annotator filter the people whose layers one may see."""
        visible = self.guard(lambda: access.visible_owners(self.db, self.actor), quiet=True)
        names = visible or self.guard(lambda: annotators.list_annotators(self.db), quiet=True)
        self.doc_list.set_people(sorted(names or []), others_hidden=visible is not None)

    def _imported(self, summary: ImportSummary) -> None:
        """Show what an import added and make it visible."""
        self._show_people()
        self.doc_list.apply_filter()
        self._update_progress()
        added = self.tr("Imported %n new documents", "", summary.documents_added)
        existing = self.tr("(%n already there)", "", summary.documents_existing)
        self.statusBar().showMessage(f"{added} {existing}", 8000)
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
        """List the keyboard shortcuts (Help > Keyboard shortcuts).

        Each line is a paragraph in its own direction; key sequences are left-to-right
        islands, so in Arabic a line starting with Ctrl+Z still reads right to left.
        """
        lines = [
            self.tr("Select text and press a label key (listed below, with their rules on hover)."),
            "",
            self.tr("{alt} with a label key: keep proclitics (و ف ب ل ك) out.").format(
                alt=keys("Alt")
            ),
            self.tr("{shift} with a label key: exactly the selected characters.").format(
                shift=keys("Shift")
            ),
            self.tr("Topic keys without a selection toggle the document topic."),
            self.tr("Double-click: label the word with the last label used."),
            self.tr(
                "After a QUOTE, click its speaker (PER/ORG) or mark one; {esc} cancels."
            ).format(esc=keys("Esc")),
            self.tr("{undo}: undo. {redo} or {redo2}: redo.").format(
                undo=keys("Ctrl+Z"), redo=keys("Ctrl+Shift+Z"), redo2=keys("Ctrl+Y")
            ),
            self.tr("{delete}: remove the selected span.").format(delete=keys("Delete")),
            self.tr("{next} / {previous} (or {arrows}): next / previous document.").format(
                next=keys("Ctrl+PgDown"), previous=keys("Ctrl+PgUp"), arrows=keys("Alt+←/→")
            ),
            self.tr("{done}: mark done and go on.").format(done=keys("Ctrl+Enter")),
            self.tr(
                "{order}: the list in active-learning order (your documents not done yet, "
                "the model's most uncertain first); next / previous follow it."
            ).format(order=keys("Ctrl+Shift+O")),
            self.tr("{larger} / {smaller}: text size.").format(
                larger=keys("Ctrl+="), smaller=keys("Ctrl+-")
            ),
        ]
        if self.actor.is_reviewer:
            lines += [
                "",
                self.tr("Review mode: {key}.").format(key=keys("Ctrl+R")),
                self.tr(
                    "{next} / {previous} (or {n} / {shift_n}): next / previous disagreement."
                ).format(
                    next=keys("F8"),
                    previous=keys("Shift+F8"),
                    n=keys("N"),
                    shift_n=keys("Shift+N"),
                ),
                self.tr("{accept}: accept version 1…9. {reject}: reject it.").format(
                    accept=keys("Ctrl+1…9"), reject=keys("Ctrl+Delete")
                ),
                self.tr("Label keys, Delete and the topics edit the gold layer."),
            ]
        lines += ["", self.suggestion_actions.help_text()]
        dialogs.run(self.keys_dialog("\n".join(lines)))

    def keys_dialog(self, text: str) -> KeysDialog:
        """The shortcuts dialog: ``text`` above the label keys, each with its rule on hover."""
        return KeysDialog(text, self.labels, self.label_help, self)

    def train_model(self) -> None:
        """Train the entity and topic models in the background (say so when one runs already)."""
        if self.trainer.start():
            self.statusBar().showMessage(self.tr("Training the suggestion model…"))
        else:
            self.statusBar().showMessage(self.tr("The suggestion model is being trained"), 3000)

    def _training_failed(self, reason: str) -> None:
        """No model could be trained: say why (not when the window is closing meanwhile)."""
        if not self._close_after_training:
            dialogs.show_error(self, reason)

    def _trained(self, result: object) -> None:
        """A new model is stored: suggest with it from the next document on."""
        self.suggesting.reload()
        self.doc_list.model_changed()
        version = getattr(result, "version", "?")
        if getattr(result, "kind", "") == "topic":
            text = self.tr("Topic model {version} trained").format(version=version)
        else:
            text = self.tr("Suggestion model {version} trained").format(version=version)
        self.statusBar().showMessage(text, 5000)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout; let a running import commit; stop a running export.

        During a training the window stays (working) and closes when it is over; a second
        close quits at once and gives the training up. Guidelines being edited are saved,
        dropped or kept open, as the reviewer answers.
        """
        if self.guidelines_panel.has_changes():
            choice = dialogs.ask_unsaved_guidelines(self)
            if choice == "save":
                self.save_guidelines(self.guidelines_panel.editor.toPlainText())
            failed = choice == "save" and self.guidelines_panel.has_changes()  # error shown
            if choice == "cancel" or failed:
                event.ignore()
                return
        if self.trainer.running:
            if not self._close_after_training:
                self._close_after_training = True
                self.trainer.stopped.connect(self.close)
                self.statusBar().showMessage(
                    self.tr(
                        "The window closes when the suggestion model's training is over "
                        "(close again to quit now and give the training up)"
                    )
                )
                event.ignore()
                return
            self.trainer.abandon()
        self.review.save_if_dirty()
        self.review.timer.stop()
        self.importer.wait()
        # An export writes nothing until complete, and can be run again: stop it.
        self.exporting.runner.cancel()
        self.exporting.runner.wait()
        # Reads running in worker threads end before whoever opened the database closes it.
        self.doc_list.model.wait()
        self.doc_list.ranker.wait()
        self._progress_reader.wait()
        self.agreement.wait()
        self.stats.wait()
        self.suggesting.background.wait()
        if not self.trainer.running:
            self.trainer.wait()
        self.prefs.save_window(
            self.saveGeometry(),
            self.saveState(),
            rtl=self.layoutDirection() == Qt.LayoutDirection.RightToLeft,
        )
        self._remember_timer.stop()
        self.remember_position()
        self.prefs.sync()
        super().closeEvent(event)

    # -- errors ------------------------------------------------------------------------

    def guard(self, action: Callable[[], T], *, quiet: bool = False) -> T | None:
        """Run a service call; show a failure as a dialog (nothing half-done is shown).

        A conflict (someone else changed the layer first) is explained, and the document
        is read again, so the view never shows what is not stored.
        """
        try:
            return action()
        except ConflictError as exc:
            if not quiet:
                dialogs.show_conflict(self, str(exc))
            self.reload_document()
        except DatabaseBusyError as exc:
            if not quiet:
                dialogs.show_error(
                    self,
                    self.tr(
                        "The database is busy: other programs kept writing to it. "
                        "Your last action was not saved; try it again in a moment.\n\n{reason}"
                    ).format(reason=exc),
                )
        except AnnotatorError as exc:
            if not quiet:
                dialogs.show_error(self, str(exc))
        return None
