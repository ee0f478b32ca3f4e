"""The document list: a lazy table over the documents service, filtered, searched, sorted.

Only the row count and the pages actually looked at are in memory (a small page cache),
so 100,000 documents open as fast as ten. The search looks in titles, texts (the full-text
index) or both; a click on a column header sorts by it (again: reversed; a third time:
document order). The order box offers active learning: the annotator's documents not done
yet, the current model's most uncertain first (scored in the background by
``UncertaintyRanker``; the list re-reads its order as scores arrive).
"""

from __future__ import annotations

import functools
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
    QStandardItemModel,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, LayerStatus
from annotator.core.search import find_hits
from annotator.services import active_learning
from annotator.services.active_learning import ModelRef
from annotator.services.documents import (
    UNCERTAINTY,
    DocumentFilter,
    DocumentRow,
    count_documents,
    document_ids,
    list_documents,
)
from annotator.services.gui_queries import page_after, rows_for_ids
from annotator.storage.database import Database
from annotator.storage.errors import first_line

from .active_learning import UncertaintyRanker
from .bidi_text import BidiTextDelegate, keys, rich
from .i18n import display_name

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
MAX_PAGES = 20
SEARCH_DEBOUNCE_MS = 200
TITLE, STATUS, SPANS = range(3)
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ORDER_KEY = "Ctrl+Shift+O"
"""Toggles the most-uncertain-first order (also in the Edit menu)."""
DOCUMENT_ORDER, UNCERTAIN_FIRST, UNCERTAIN_TOPICS = 0, 1, 2
"""Items of the order box: document order, most uncertain first by the entity model, by
the topic model."""
ORDER_KINDS = {UNCERTAIN_FIRST: "entity", UNCERTAIN_TOPICS: "topic"}


_ROLES = frozenset(
    {
        DOC_ID_ROLE,
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
    }
)


@functools.cache
def _bold() -> QFont:
    """The font of queued rows (made once)."""
    font = QFont()
    font.setBold(True)
    return font


def status_name(status: LayerStatus) -> str:
    """Translated name of a layer status."""
    names = {
        LayerStatus.NEW: QCoreApplication.translate("DocumentList", "new"),
        LayerStatus.IN_PROGRESS: QCoreApplication.translate("DocumentList", "in progress"),
        LayerStatus.DONE: QCoreApplication.translate("DocumentList", "done"),
    }
    return names[status]


def _in_background(flt: DocumentFilter) -> bool:
    """Whether a filter's rows come only from the background load (a search or a sort,
    which read every document); others show their first page at once."""
    return bool(flt.search.strip() or flt.sort or flt.descending)


class _IdLoader(QObject):
    """Reads a filter's full id sequence in a worker thread (a search scans every document)."""

    loaded = Signal(int, object)
    """(generation, array of ids) or (generation, None) when the query failed."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self._lock = threading.Lock()
        self._running = False
        self._pending: tuple[int, DocumentFilter] | None = None
        self._thread: threading.Thread | None = None

    def request(self, generation: int, flt: DocumentFilter) -> None:
        """Load ids for a filter; while one load runs, only the latest request waits."""
        with self._lock:
            self._pending = (generation, flt)
            if self._running:
                return
            self._running = True
        self._thread = threading.Thread(target=self._work, name="document-ids", daemon=True)
        self._thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Let a running load finish (before the database is closed)."""
        with self._lock:
            self._pending = None
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _work(self) -> None:
        """Serve requests until none is pending."""
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._running = False
                    return
            generation, flt = job
            try:
                ids: array[int] | None = array("q", document_ids(self._db, flt))
            except Exception:  # the list falls back to paging; a thread must never crash
                ids = None
            try:
                self.loaded.emit(generation, ids)
            except RuntimeError:  # the window (and this object) closed meanwhile
                return


class DocumentListModel(QAbstractTableModel):
    """Rows of the filtered document list, fetched a page at a time and cached (LRU).

    A filter without search shows its first page at once and the rest when the list's id
    sequence, loaded in a worker thread, says how many rows there are (a COUNT over 100,000
    documents on the event loop would hold up start-up and every filter change). A search
    scans every document's search key, so it runs in a worker thread and the list
    changes when it is done. Pages come by keyset (after the previous page's last id) or,
    once the list's id sequence is loaded in the background, by id; OFFSET paging is only
    the first fallback for a jump before either is known.
    """

    searching = Signal(bool)
    """True while a search runs in the background, False when its rows are shown."""
    counted = Signal(int)
    """The filtered list's full row count, once known."""
    failed = Signal(str)
    """The filter's query failed (the reason): a damaged search index, a lost server."""

    def __init__(
        self,
        db: Database,
        annotator: str,
        parent: QObject | None = None,
        *,
        queue_first: bool = False,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._filter = DocumentFilter(annotator=annotator, assigned_first=queue_first)
        self._count = 0
        self._pages: OrderedDict[int, list[DocumentRow]] = OrderedDict()
        self._overrides: dict[int, DocumentRow] = {}
        self._scores: dict[int, float] = {}
        self._ids: array[int] | None = None
        self._generation = 0
        self._loading = False
        self._loader = _IdLoader(db)
        self._loader.loaded.connect(self._ids_loaded)

    @property
    def filter(self) -> DocumentFilter:
        """The filter in force (or being searched for)."""
        return self._filter

    @property
    def loading(self) -> bool:
        """True while the rows of a searched or sorted list are still being read."""
        return self._loading

    def set_filter(self, flt: DocumentFilter) -> None:
        """Apply a new filter: at once without search, in the background with one."""
        self._generation += 1
        self._filter = flt
        self._loading = _in_background(flt)
        if self._loading:
            self.searching.emit(True)
        else:
            self._reset(0, None, first=self._first_page(flt))
        self._loader.request(self._generation, flt)

    def _first_page(self, flt: DocumentFilter) -> list[DocumentRow]:
        """The first page of a filter without search (one indexed read)."""
        if not flt.id_order:
            return list_documents(self._db, flt, offset=0, limit=PAGE_SIZE)
        return page_after(self._db, flt, 0, PAGE_SIZE)

    def wait(self) -> None:
        """Let a background id load finish (the window is closing)."""
        self._loader.wait()

    def reload(self) -> None:
        """Re-read everything (after an import)."""
        self.set_filter(self._filter)

    def _reset(
        self, count: int, ids: array[int] | None, first: list[DocumentRow] | None = None
    ) -> None:
        """Show a new row set (with its first page, whose length is then the count so far)."""
        self.beginResetModel()
        self._count = count
        self._ids = ids
        self._pages.clear()
        self._overrides.clear()
        self._scores.clear()
        if first is not None:
            self._pages[0] = first
            self._count = max(count, len(first))
        self.endResetModel()

    def _ids_loaded(self, generation: int, ids: array[int] | None) -> None:
        """A background id load finished: adopt it if it is still the current filter's."""
        if generation != self._generation:
            return
        if _in_background(self._filter):
            self._loading = False
            count = len(ids) if ids is not None else self._count_again()
            self._reset(max(count, 0), ids)
            self.searching.emit(False)
            if count >= 0:
                self.counted.emit(count)
        elif ids is None:
            # The load failed: count the old way (once) so every row can be reached.
            count = self._count_again()
            if count >= 0:
                self._grow(count, None)
                self.counted.emit(self._count)
        else:
            self._grow(len(ids), ids)
            self.counted.emit(self._count)

    def _count_again(self) -> int:
        """The filter's count read on this thread after the background load failed; -1
        (and ``failed`` with the reason) when it fails here too: the query itself cannot
        be answered (a damaged search index), which is said in the list, not raised."""
        try:
            return count_documents(self._db, self._filter)
        except Exception as exc:  # any storage failure: the list says it, the app goes on
            self.failed.emit(first_line(exc))
            return -1

    def _grow(self, count: int, ids: array[int] | None) -> None:
        """The full row count is known: append the rows past the first page (no reset)."""
        if count < self._count:
            self._reset(count, ids)  # documents went away meanwhile
            return
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self._ids = ids
            self.endInsertRows()
        else:
            self._ids = ids  # rows stay as they are; later pages come by id

    def _page(self, number: int) -> list[DocumentRow]:
        """A page of rows, from the cache or one query."""
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        before = self._pages.get(number - 1)
        if self._ids is not None:
            chunk = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
            page = rows_for_ids(self._db, self._filter, chunk)
        elif not self._filter.id_order:
            # Queue first or sorted: id-keyset paging does not apply until the order is loaded.
            page = list_documents(
                self._db, self._filter, offset=number * PAGE_SIZE, limit=PAGE_SIZE
            )
        elif number == 0:
            page = page_after(self._db, self._filter, 0, PAGE_SIZE)
        elif before:
            page = page_after(self._db, self._filter, before[-1].id, PAGE_SIZE)
        else:
            page = list_documents(
                self._db, self._filter, offset=number * PAGE_SIZE, limit=PAGE_SIZE
            )
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            _number, gone = self._pages.popitem(last=False)
            for doc in gone:
                self._scores.pop(doc.id, None)
        if self._filter.sort == UNCERTAINTY:
            # One small read per page: each row's score, for its tooltip.
            found = active_learning.current_scores(
                self._db, self._filter.model_kind, [d.id for d in page]
            )
            self._scores.update(found)
        return page

    def row(self, row: int) -> DocumentRow | None:
        """The document shown in a row (None past the end)."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        index = row % PAGE_SIZE
        if index >= len(page):
            return None
        doc = page[index]
        return self._overrides.get(doc.id, doc)

    def row_of(self, document_id: int) -> int:
        """Row of a document (from the loaded ids or the cached pages), or -1."""
        for number, page in self._pages.items():
            for i, doc in enumerate(page):
                if doc.id == document_id:
                    return number * PAGE_SIZE + i
        if self._ids is not None and not self._filter.id_order:
            try:  # queue or sort order is not id order: a linear scan (in C, milliseconds)
                return self._ids.index(document_id)
            except ValueError:
                return -1
        if self._ids is not None:
            # Ids are in document order: a binary search finds the row.
            pos = bisect_left(self._ids, document_id)
            if pos < len(self._ids) and self._ids[pos] == document_id:
                return pos
        return -1

    def update_document(self, document_id: int, status: LayerStatus, span_count: int) -> None:
        """Show a document's new status and span count without re-querying."""
        row = self.row_of(document_id)
        if row < 0 or row // PAGE_SIZE not in self._pages:
            return  # not on a cached page: it will be read fresh when shown
        doc = self.row(row)
        if doc is None:
            return
        self._overrides[document_id] = DocumentRow(
            doc.id, doc.title, doc.external_id, status, span_count, doc.assigned
        )
        self.dataChanged.emit(self.index(row, STATUS), self.index(row, SPANS))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Filtered document count (from one COUNT query)."""
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Title, status, span count."""
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Title"), self.tr("Status"), self.tr("Spans"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell contents, fetched page-wise on first look."""
        if role not in _ROLES or not index.isValid():
            return None  # a view asks ~14 roles a cell; only these are answered
        doc = self.row(index.row())
        if doc is None:
            return None
        col = index.column()
        if role == DOC_ID_ROLE:
            return doc.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == TITLE:
                return doc.title or doc.external_id or self.tr("(untitled #{id})").format(id=doc.id)
            if col == STATUS:
                return status_name(doc.status)
            return doc.span_count
        if role == Qt.ItemDataRole.TextAlignmentRole and col == SPANS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == TITLE:
            # Rich text: each line of the tooltip in its own direction, the title whole.
            title = doc.title or doc.external_id or ""
            if self._filter.sort == UNCERTAINTY:
                score = self._scores.get(doc.id)
                title += "\n" + (
                    self.tr("Model uncertainty: {score}").format(score=f"{score:.3f}")
                    if score is not None
                    else self.tr("Model uncertainty: not computed yet")
                )
            if doc.assigned and self._filter.assigned_first:
                return rich(self.tr("{title}\n(in your queue)").format(title=title))
            return rich(title) if title else None
        if role == Qt.ItemDataRole.FontRole and doc.assigned and self._filter.assigned_first:
            return _bold()
        return None

    def retranslate(self) -> None:
        """Headers and status names follow the interface language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, 2))


class _SinceCalendar(QCalendarWidget):
    """The import date's calendar: "any day" (its earliest date) opens on this month,
    not on January 2000 (a recent day was years of pages away); its week and weekend are
    the interface language's (Qt marks Saturday and Sunday whatever the locale: the
    Arabic week ends on Friday and Saturday)."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        locale = QLocale()
        self.setLocale(locale)
        self.setFirstDayOfWeek(locale.firstDayOfWeek())
        workdays = set(locale.weekdays())
        for day in Qt.DayOfWeek:
            mark = QTextCharFormat()
            if day not in workdays:
                mark.setForeground(QColor(Qt.GlobalColor.red))  # Qt's own weekend colour
            self.setWeekdayTextFormat(day, mark)
        if self.selectedDate() <= self.minimumDate():
            today = QDate.currentDate()
            self.setCurrentPage(today.year(), today.month())


class DocumentList(QWidget):
    """Search box, status filter and the lazy document table."""

    documentChosen = Signal(int)
    """The user picked a document (id)."""
    orderChanged = Signal(str)
    """The user chose an order: "uncertainty" or "" (document order), to remember."""

    def __init__(
        self,
        db: Database,
        annotator: str,
        parent: QWidget | None = None,
        *,
        queue_first: bool = False,
        order: str = "",
    ) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(db, annotator, self, queue_first=queue_first)
        self._db = db
        self._annotator = annotator
        self._queue_first = queue_first
        self.order = QComboBox(self)
        self.ranking = QLabel(self)
        self.ranking.setVisible(False)
        self.ranker = UncertaintyRanker(db, self)
        self._ranked_shown = 0
        self._models: dict[str, ModelRef] = {}
        self._kind: str | None = None
        """The model kind of the uncertainty order in force (None: another order)."""
        self.uncertainty_action = QAction(self)
        self.uncertainty_action.setCheckable(True)
        self.uncertainty_action.setShortcut(QKeySequence(ORDER_KEY))
        self.uncertainty_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.scope = QComboBox(self)
        self.proclitics = QCheckBox(self)
        self.count = QLabel(self)
        self.label_filter = QComboBox(self)
        self.source_filter = QLineEdit(self)
        self.source_filter.setClearButtonEnabled(True)
        self.unassigned = QCheckBox(self)
        self.people = QComboBox(self)
        self._people: list[str] = []
        self._others_hidden = False
        self.imported_since = QDateEdit(self)
        self.imported_since.setCalendarPopup(True)
        self.imported_since.setCalendarWidget(_SinceCalendar(self.imported_since))
        self.imported_since.setDisplayFormat("yyyy-MM-dd")
        # The earliest date stands for "any day" (its special text is shown instead).
        self.imported_since.setMinimumDate(QDate(2000, 1, 1))
        self.imported_since.setDate(self.imported_since.minimumDate())
        self._labels: list[Label] = []
        self._known_count: int | None = None
        self._sort: tuple[str, bool] = ("", False)  # (sort key, descending)
        self.status = QComboBox(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # One line per row: titles are drawn in their own direction and elided at their
        # logical end (the full title is the tooltip).
        self.table.setWordWrap(False)
        self.title_delegate = BidiTextDelegate(self.table)
        self.table.setItemDelegateForColumn(TITLE, self.title_delegate)
        # Fixed row heights: the view never measures rows it does not show.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(SPANS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(STATUS, 90)
        header.resizeSection(SPANS, 50)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._header_clicked)
        self.busy = QLabel(self)
        self.busy.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.busy)
        top.addWidget(self.status)
        options = QHBoxLayout()
        options.addWidget(self.scope)
        options.addWidget(self.proclitics)
        options.addStretch(1)
        options.addWidget(self.count)
        ordering = QHBoxLayout()
        ordering.addWidget(self.order, 1)
        ordering.addWidget(self.ranking)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(options)
        filters = QHBoxLayout()
        filters.addWidget(self.label_filter, 1)
        filters.addWidget(self.source_filter, 1)
        filters.addWidget(self.unassigned)
        layout.addLayout(filters)
        more = QHBoxLayout()
        more.addWidget(self.people, 1)
        more.addWidget(self.imported_since, 1)
        layout.addLayout(more)
        layout.addLayout(ordering)
        layout.addWidget(self.table)
        # Typing re-queries only after a pause, so each keystroke stays instant.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.installEventFilter(self)  # Down: to the hits
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.people.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.imported_since.dateChanged.connect(lambda _d: self.apply_filter())
        self.scope.currentIndexChanged.connect(lambda _i: self._option_changed())
        self.proclitics.toggled.connect(lambda _on: self._option_changed())
        self.label_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.unassigned.toggled.connect(lambda _on: self.apply_filter())
        self.source_filter.textChanged.connect(lambda _t: self._debounce.start())
        self.model.searching.connect(self.busy.setVisible)
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(self._show_failure)
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.order.currentIndexChanged.connect(lambda _i: self._order_changed())
        self.uncertainty_action.triggered.connect(self._order_toggled)
        self.ranker.progressed.connect(self._ranked)
        self.ranker.started.connect(self._ranking_started)
        self.ranker.failed.connect(self._ranking_failed)
        self.retranslate()
        self._read_model()
        if order.partition(":")[0] == UNCERTAINTY:
            kind = order.partition(":")[2] or self._default_kind()
            if kind in self._models:
                self._kind = kind
                self._sort = (UNCERTAINTY, False)
                index = UNCERTAIN_TOPICS if kind == "topic" else UNCERTAIN_FIRST
                self._set_order_box(index)
        self.apply_filter()

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.search.setPlaceholderText(
            self.tr('Search titles and texts (any diacritics; "quotes" for a phrase)…')
        )
        self.busy.setText(self.tr("Searching…"))
        scope = self.scope.currentIndex()
        blocker = self.scope.blockSignals(True)
        try:
            self.scope.clear()
            self.scope.addItem(self.tr("Titles and texts"), "both")
            self.scope.addItem(self.tr("Texts only"), "text")
            self.scope.addItem(self.tr("Titles and ids only"), "title")
            self.scope.setCurrentIndex(max(0, scope))
        finally:
            self.scope.blockSignals(blocker)
        self.proclitics.setText(self.tr("Ignore و ف ب ل ك ال"))
        self.proclitics.setToolTip(
            self.tr("Text search also finds the word with these glued before it")
        )
        self.source_filter.setPlaceholderText(self.tr("Source contains…"))
        self.unassigned.setText(self.tr("In no queue"))
        self.imported_since.setSpecialValueText(self.tr("Imported any day"))
        self.imported_since.setToolTip(
            self.tr("Only documents imported on or after this day (UTC)")
        )
        self._fill_people()
        index = self.order.currentIndex()
        blocker = self.order.blockSignals(True)
        try:
            self.order.clear()
            self.order.addItem(self.tr("Document order"), "")
            self.order.addItem(self.tr("To do, most uncertain entities first"), "entity")
            self.order.addItem(self.tr("To do, most uncertain topics first"), "topic")
            self.order.setCurrentIndex(max(0, index))
        finally:
            self.order.blockSignals(blocker)
        self.uncertainty_action.setText(self.tr("Order the list: most uncertain first"))
        self._show_model()
        self._fill_label_filter()
        if self._known_count is not None:
            self._show_count(self._known_count)

    def set_labels(self, labels: list[Label]) -> None:
        """The labels the label filter offers (the schema's, in its order)."""
        self._labels = list(labels)
        self._fill_label_filter()

    def set_people(self, names: list[str], *, others_hidden: bool = False) -> None:
        """The annotators whose layers the list can be narrowed to (those one may see);
        ``others_hidden`` (blind mode): "anyone's layers" means one's own for the labels."""
        self._people = list(names)
        self._others_hidden = others_hidden
        self._fill_people()

    def _fill_people(self) -> None:
        """Items: anyone's layers, then "annotated by NAME" for each person."""
        current = self.people.currentData()
        blocker = self.people.blockSignals(True)
        try:
            self.people.clear()
            self.people.addItem(self.tr("Anyone's layers"), None)
            for name in self._people:
                self.people.addItem(self.tr("Annotated by {name}").format(name=name), name)
            self.people.setCurrentIndex(max(0, self.people.findData(current)))
        finally:
            self.people.blockSignals(blocker)

    def _fill_label_filter(self) -> None:
        """Items: any label, then "with NAME" and "without NAME" for each label."""
        current = self.label_filter.currentData()
        blocker = self.label_filter.blockSignals(True)
        try:
            self.label_filter.clear()
            self.label_filter.addItem(self.tr("Any labels"), None)
            for label in self._labels:
                name, shown = label.name, display_name(label)  # the Arabic name in Arabic
                self.label_filter.addItem(
                    self.tr("With {label}").format(label=shown), f"with:{name}"
                )
                self.label_filter.addItem(
                    self.tr("Without {label}").format(label=shown), f"without:{name}"
                )
            self.label_filter.setCurrentIndex(max(0, self.label_filter.findData(current)))
        finally:
            self.label_filter.blockSignals(blocker)
        current = self.status.currentIndex()
        blocker = self.status.blockSignals(True)
        try:
            self.status.clear()
            self.status.addItem(self.tr("All statuses"), "")
            for status in LayerStatus:
                self.status.addItem(status_name(status), status.value)
            self.status.setCurrentIndex(max(0, current))
        finally:
            self.status.blockSignals(blocker)
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box goes to the list's first row (its keys page it, Enter
        opens a row): the hits are reached from the keyboard without ten Tabs."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self._debounce_now()
            if self.model.rowCount() > 0:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                current = self.table.currentIndex()
                if not current.isValid():
                    self.table.setCurrentIndex(self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    def _debounce_now(self) -> None:
        """A search still waiting for the typing to pause runs now."""
        if self._debounce.isActive():
            self.apply_filter()

    def current_filter(self) -> DocumentFilter:
        """The filter the widgets describe."""
        value = self.status.currentData()
        statuses = frozenset({LayerStatus(value)}) if value else frozenset()
        mode, _colon, label = str(self.label_filter.currentData() or "").partition(":")
        # The label filters look in the layers the people box names: one person's, or
        # anyone's (one's own only, when blind mode hides the others').
        person = self.people.currentData() or None
        return DocumentFilter(
            annotator=self._annotator,
            statuses=statuses,
            search=self.search.text(),
            assigned_first=self._queue_first,
            search_in=str(self.scope.currentData() or "both"),
            proclitics=self.proclitics.isChecked(),
            sort=self._sort[0],
            descending=self._sort[1],
            model_kind=self._kind or "entity",
            with_label=label if mode == "with" else None,
            without_label=label if mode == "without" else None,
            source=self.source_filter.text().strip(),
            unassigned=self.unassigned.isChecked(),
            annotated_by=person,
            label_owner=person,
            label_in_any_layer=person is None and not self._others_hidden,
            imported_from=self._imported_from(),
        )

    def _imported_from(self) -> datetime | None:
        """The start (UTC) of the day the import date filter names; None for any day."""
        day = self.imported_since.date()
        if day == self.imported_since.minimumDate():
            return None
        return datetime(day.year(), day.month(), day.day(), tzinfo=UTC)

    def _option_changed(self) -> None:
        """Scope or proclitics changed: search again if there is a search."""
        if self.search.text().strip():
            self.apply_filter()

    def _header_clicked(self, section: int) -> None:
        """Sort by a column; again: reversed; a third time: back to document order."""
        key = ("title", "status", "spans")[section]
        current, descending = self._sort
        if current == UNCERTAINTY:
            self._kind = None
            self._set_order_box(DOCUMENT_ORDER)
        if current != key:
            self._sort = (key, False)
        elif not descending:
            self._sort = (key, True)
        else:
            self._sort = ("", False)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(bool(self._sort[0]))
        if self._sort[0]:
            order = Qt.SortOrder.DescendingOrder if self._sort[1] else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(section, order)
        self.apply_filter()

    def _show_count(self, count: int) -> None:
        """The number of documents the list shows (once the full count is known)."""
        self._known_count = count
        self.count.setText(self.tr("%n documents", "", count))
        self.count.setToolTip("")

    def _show_failure(self, reason: str) -> None:
        """The list's query failed: say so where the count stands, why in its tooltip."""
        self.count.setText(self.tr("Search failed"))
        self.count.setToolTip(
            self.tr(
                "The list could not be read: %1\n'annotator db check' says what is damaged; "
                "'annotator db check --repair-index' rebuilds the search indexes."
            ).replace("%1", reason)
        )

    def search_hits(self, text: str) -> list[tuple[int, int]]:
        """Where the list's text search matches ``text`` (code points); none without one."""
        flt = self.model.filter
        if not flt.search.strip() or flt.search_in == "title":
            return []
        return find_hits(text, flt.search, proclitics=flt.proclitics)

    def set_annotator(self, annotator: str, *, queue_first: bool = False) -> None:
        """Show another layer's statuses (gold in review mode), optionally queue first."""
        if (annotator, queue_first) == (self._annotator, self._queue_first):
            return
        self._annotator = annotator
        self._queue_first = queue_first
        self.apply_filter()

    def apply_filter(self) -> None:
        """Re-query with the search and status now in the widgets."""
        self._debounce.stop()
        flt = self.current_filter()
        self.model.set_filter(flt)
        if flt.sort == UNCERTAINTY and self._kind in self._models:
            self._ranked_shown = 0
            self.ranker.start(flt, flt.model_kind)
        else:
            self.ranker.stop()
            self.ranking.setVisible(False)

    # -- active learning ---------------------------------------------------------------

    @property
    def uncertainty_order(self) -> bool:
        """Whether the list shows the to-do documents, most uncertain first."""
        return self._sort[0] == UNCERTAINTY

    def _default_kind(self) -> str:
        """The model the key and a plain "uncertainty" use: entities, else topics."""
        return "entity" if "entity" in self._models or "topic" not in self._models else "topic"

    def _read_model(self) -> None:
        """Which models the uncertainty orders can use (one small query)."""
        self._models = active_learning.current_models(self._db)
        self._show_model()

    def model_changed(self) -> None:
        """A model was trained: offer its order, or re-rank by the new version."""
        before = self._models.get(self._kind) if self._kind else None
        self._read_model()
        if self._kind is not None and self._models.get(self._kind) != before:
            self.apply_filter()

    def _model_tip(self, kind: str) -> str:
        """What ordering by ``kind``'s uncertainty does, or why it cannot yet."""
        ref = self._models.get(kind)
        if ref is not None:
            return self.tr(
                "Your documents not done yet, those model {model} is least sure about first"
            ).format(model=ref.name)
        if kind == "topic":
            return self.tr(
                "No topic model yet: train one (Edit > Train the suggestion model) to order "
                "the list by its uncertainty"
            )
        return self.tr(
            "No entity model yet: train one (Edit > Train the suggestion model) to order "
            "the list by its uncertainty"
        )

    def _show_model(self) -> None:
        """Enable each uncertainty order only with its model; tooltips say which model."""
        item = self.order.model()
        if isinstance(item, QStandardItemModel):
            for index, kind in ORDER_KINDS.items():
                entry = item.item(index)
                if entry is not None:
                    entry.setEnabled(kind in self._models)
                    entry.setToolTip(self._model_tip(kind))
        if not self._models:
            tip = self.tr(
                "No model yet: train one (Edit > Train the suggestion model) to order the "
                "list by the model's uncertainty"
            )
        else:
            tip = self.tr(
                "Your documents not done yet, those model {model} is least sure about first ({key})"
            ).format(
                model=(
                    self._models.get(self._kind or "") or self._models[self._default_kind()]
                ).name,
                key=keys(ORDER_KEY),
            )
        self.order.setToolTip(tip)
        self.uncertainty_action.setEnabled(bool(self._models))
        self.uncertainty_action.setToolTip(tip)
        self.uncertainty_action.setChecked(self.uncertainty_order)

    def _set_order_box(self, index: int) -> None:
        """Show an order in the box without acting on it."""
        blocker = self.order.blockSignals(True)
        try:
            self.order.setCurrentIndex(index)
        finally:
            self.order.blockSignals(blocker)
        self.uncertainty_action.setChecked(index != DOCUMENT_ORDER)

    def _order_toggled(self, on: bool) -> None:
        """The menu action (or its key) switched the order (entities, else topics)."""
        if not on:
            self.order.setCurrentIndex(DOCUMENT_ORDER)
        else:
            kind = self._default_kind()
            self.order.setCurrentIndex(UNCERTAIN_TOPICS if kind == "topic" else UNCERTAIN_FIRST)

    def _order_changed(self) -> None:
        """The order box changed: most uncertain first (by a model), or document order."""
        data = self.order.currentData()
        kind = str(data) if data in self._models else None
        if kind is None and self.order.currentIndex() != DOCUMENT_ORDER:
            self._set_order_box(DOCUMENT_ORDER)  # an entry whose model is missing
        if kind == self._kind:
            self.uncertainty_action.setChecked(kind is not None)
            return
        self._kind = kind
        self._sort = (UNCERTAINTY, False) if kind else ("", False)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(False)
        self.uncertainty_action.setChecked(kind is not None)
        self._show_model()
        self.apply_filter()
        self.orderChanged.emit(f"{UNCERTAINTY}:{kind}" if kind else "")

    def _ranked(self, scored: int, total: int) -> None:
        """Scores arrived: say how far; re-read the order when they have doubled or are all in.

        Few re-reads (each moves rows under the annotator): after the first batch, then
        each time the scored part has doubled, and at the end.
        """
        if not self.uncertainty_order:
            return
        self._show_ranking(scored, total)
        grown = scored >= total or scored >= 2 * self._ranked_shown or not self._ranked_shown
        if grown and scored != self._ranked_shown:
            self._ranked_shown = scored
            self.model.set_filter(self.current_filter())

    def _ranking_started(self, scored: int, total: int) -> None:
        """Ranking (re)started: the list just read holds this many scores."""
        self._ranked_shown = scored
        self._show_ranking(scored, total)

    def _show_ranking(self, scored: int, total: int) -> None:
        text = self.tr("Ranked {scored} / {total}").format(scored=scored, total=total)
        self.ranking.setText(text)
        self.ranking.setVisible(scored < total)

    def _ranking_failed(self, reason: str) -> None:
        """Ranking stopped: the list keeps the order it has; the label says why."""
        self.ranking.setText(self.tr("Not ranked: {reason}").format(reason=reason))
        self.ranking.setVisible(True)

    def select_document(self, document_id: int) -> int:
        """Select a document's row if it is in the list; return the row or -1."""
        row = self.model.row_of(document_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, TITLE))
        else:
            self.table.clearSelection()
        return row

    def document_at(self, row: int) -> int | None:
        """Id of the document in a row, or None."""
        doc = self.model.row(row)
        return doc.id if doc is not None else None

    def _activated(self, index: QModelIndex) -> None:
        """A click or Enter on a row opens its document."""
        doc_id = self.document_at(index.row())
        if doc_id is not None:
            self.documentChosen.emit(doc_id)
