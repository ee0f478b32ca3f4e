"""The agreement panel: span F1, kappa, alpha and topic agreement, computed off the event loop.

``agreement.compute`` reads every layer of the database (seconds at 10,000 documents), so it
runs in a worker thread when the panel is first shown or refreshed; the tables show its
values rounded for display only.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import LabelKind
from annotator.services import access
from annotator.storage.database import Database

from .bidi_text import BidiTextDelegate

if TYPE_CHECKING:
    from annotator.services.agreement import AgreementResult

DIGITS = 3
NO_VALUE = "—"
MATRIX_METRICS = ("overlap_f1", "exact_f1", "kappa", "topic_f1", "topic_kappa")
"""What the pair matrix can show: the pair rows' (spans) and topic rows' figures."""


def shown(value: float | None) -> str:
    """A metric rounded for display (the report keeps the exact value); a dash when undefined."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_VALUE
    return f"{value:.{DIGITS}f}"


class _Worker(QObject):
    """Runs ``agreement.compute`` in a thread and reports back through a signal."""

    finished = Signal(int, object, str)
    """(generation, AgreementResult or None, error message)."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self._thread: threading.Thread | None = None

    def start(self, generation: int, actor: access.Actor | None, kind: LabelKind | None) -> None:
        """Compute (spans of ``kind``, or all labels) in a new daemon thread."""
        self._thread = threading.Thread(
            target=self._run, args=(generation, actor, kind), name="agreement", daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Let a running computation finish (before the database is closed)."""
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self, generation: int, actor: access.Actor | None, kind: LabelKind | None) -> None:
        """The thread: compute, then emit (a thread must never raise)."""
        from annotator.services import agreement  # loaded on first use, not at start-up

        result: AgreementResult | None = None
        message = ""
        try:
            result = agreement.compute(self._db, actor=actor, kind=kind)
        except AnnotatorError as exc:
            message = str(exc)
        except Exception as exc:  # reported in the panel; the thread must not die silently
            message = f"{type(exc).__name__}: {exc}"
        try:
            self.finished.emit(generation, result, message)
        except RuntimeError:  # the window closed meanwhile
            return


class AgreementPanel(QWidget):
    """Tables of the agreement report: pairs by label, alpha, topics, and the pair matrix."""

    computed = Signal()
    """A computation finished (its figures, or an error, are shown)."""

    def __init__(
        self, db: Database, actor: access.Actor | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._actor = actor
        self._generation = 0
        self._running = False
        self.result: AgreementResult | None = None
        self._worker = _Worker(db)
        self._worker.finished.connect(self._finished)
        self.refresh_button = QPushButton(self)
        # Spans of different kinds overlap by design (a name inside a quote): every label's
        # rows, with token-level figures over entities (the service's default), or one
        # kind's labels and token figures alone.
        self.kind = QComboBox(self)
        self.kind.addItem("", None)
        for kind in (LabelKind.ENTITY, LabelKind.QUOTE, LabelKind.TOPIC):
            self.kind.addItem("", kind.value)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names annotators: never HTML
        self.status.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.pairs = self._table()
        self.alpha = self._table()
        self.topics = self._table()
        self.matrix = self._table()
        # The matrix says which metric it shows, and offers the others.
        self.matrix_metric = QComboBox(self)
        for metric in MATRIX_METRICS:
            self.matrix_metric.addItem("", metric)
        self.metric_label = QLabel(self)
        matrix_page = QWidget(self)
        matrix_top = QHBoxLayout()
        matrix_top.addWidget(self.metric_label)
        matrix_top.addWidget(self.matrix_metric, 1)
        matrix_layout = QVBoxLayout(matrix_page)
        matrix_layout.setContentsMargins(0, 0, 0, 0)
        matrix_layout.addLayout(matrix_top)
        matrix_layout.addWidget(self.matrix, 1)
        for table in (self.pairs, self.alpha, self.topics):
            self.tabs.addTab(table, "")
        self.tabs.addTab(matrix_page, "")
        top = QHBoxLayout()
        top.addWidget(self.refresh_button)
        top.addWidget(self.kind)
        top.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.matrix_metric.currentIndexChanged.connect(self._show_matrix)
        self.retranslate()

    def _table(self) -> QTableWidget:
        """A read-only table."""
        table = QTableWidget(self)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Names (annotators, labels) in their own direction; figures keep their alignment.
        table.setWordWrap(False)
        table.setItemDelegate(BidiTextDelegate(table))
        return table

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.refresh_button.setText(self.tr("Compute again"))
        names = (
            self.tr("All labels"),
            self.tr("Entities"),
            self.tr("Quotes"),
            self.tr("Topic spans"),
        )
        for index, name in enumerate(names):
            self.kind.setItemText(index, name)
        self.kind.setToolTip(self.tr("Which spans to compare: one kind at a time"))
        self.tabs.setTabText(0, self.tr("Pairs by label"))
        self.tabs.setTabText(1, self.tr("Alpha"))
        self.tabs.setTabText(2, self.tr("Topics"))
        self.tabs.setTabText(3, self.tr("Pair matrix"))
        self.metric_label.setText(self.tr("Metric:"))
        for index, name in enumerate(self._metric_names()):
            self.matrix_metric.setItemText(index, name)
        if self.result is not None:
            self._show(self.result)
        elif not self._running:
            self.status.setText(self.tr("Not computed yet."))
        else:
            self.status.setText(self.tr("Computing agreement…"))

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- computing ---------------------------------------------------------------------

    def wait(self) -> None:
        """Let a running computation finish (the window is closing)."""
        self._worker.wait()

    def is_running(self) -> bool:
        """True while a computation runs."""
        return self._running

    def refresh(self) -> None:
        """Compute the report again in the background (the tables stay until it is done).

        One computation runs at a time: asked again meanwhile (another kind chosen), the
        running one's figures are dropped and the new one starts when it ends.
        """
        self._generation += 1
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Computing agreement…"))
        if self._running:
            return
        self._running = True
        self._worker.start(self._generation, self._actor, self.chosen_kind())

    def chosen_kind(self) -> LabelKind | None:
        """The kind of span the figures are for (None: every label)."""
        value = self.kind.currentData()
        return LabelKind(value) if value else None

    def ensure_computed(self) -> None:
        """Compute once, when the panel is first needed."""
        if self.result is None and not self._running:
            self.refresh()

    def _finished(self, generation: int, result: AgreementResult | None, message: str) -> None:
        """Show a finished computation (an older one is dropped, and the latest started)."""
        if generation != self._generation:
            self._worker.wait()
            self._worker.start(self._generation, self._actor, self.chosen_kind())
            return
        self._running = False
        self.refresh_button.setEnabled(True)
        if result is None:
            self.status.setText(message)
        else:
            self.result = result
            self._show(result)
        self.computed.emit()

    # -- showing -----------------------------------------------------------------------

    def _show(self, result: AgreementResult) -> None:
        """Fill every table from a report."""
        report = result.report
        names = report["annotators"]
        self.status.setText(
            self.tr("Documents compared: {documents}. Annotators: {names}.").format(
                documents=result.documents, names=", ".join(names) or NO_VALUE
            )
        )
        overall = self.tr("(all labels)")
        self._fill(
            self.pairs,
            [
                self.tr("Annotator A"),
                self.tr("Annotator B"),
                self.tr("Label"),
                self.tr("Exact F1"),
                self.tr("Overlap F1"),
                self.tr("Kappa"),
            ],
            [
                [
                    row["a"],
                    row["b"],
                    row["label"] if row["label"] is not None else overall,
                    shown(row["exact_f1"]),
                    shown(row["overlap_f1"]),
                    shown(row["kappa"]),
                ]
                for row in report["pairs"]
            ],
        )
        alpha_rows = [[overall, shown(report["alpha"]["overall"])]]
        alpha_rows += [[label, shown(v)] for label, v in report["alpha"]["labels"].items()]
        alpha_rows.append([self.tr("(all topics)"), shown(report["topic_alpha"]["overall"])])
        alpha_rows += [
            [self.tr("topic {name}").format(name=t), shown(v)]
            for t, v in report["topic_alpha"]["labels"].items()
        ]
        self._fill(self.alpha, [self.tr("Label"), self.tr("Krippendorff's alpha")], alpha_rows)
        all_topics = self.tr("(all topics)")
        self._fill(
            self.topics,
            [
                self.tr("Annotator A"),
                self.tr("Annotator B"),
                self.tr("Topic"),
                self.tr("F1"),
                self.tr("Kappa"),
            ],
            [
                [
                    row["a"],
                    row["b"],
                    row["topic"] if row["topic"] is not None else all_topics,
                    shown(row["f1"]),
                    shown(row["kappa"]),
                ]
                for row in report["topics"]
            ],
        )
        self._show_matrix()

    def _metric_names(self) -> list[str]:
        """Names of ``MATRIX_METRICS``, in the current language."""
        return [
            self.tr("Overlap F1 (spans, all labels)"),
            self.tr("Exact F1 (spans, all labels)"),
            self.tr("Cohen's kappa (spans, all labels)"),
            self.tr("F1 (document topics)"),
            self.tr("Cohen's kappa (document topics)"),
        ]

    def _show_matrix(self) -> None:
        """The pair matrix of the chosen metric (overlap F1 first, as the report's)."""
        if self.result is None:
            return
        from annotator.core.metrics import pair_matrix

        report = self.result.report
        metric = str(self.matrix_metric.currentData())
        if metric.startswith("topic_"):
            names, values = pair_matrix(report["topics"], metric[6:], label_key="topic")
        else:
            names, values = pair_matrix(report["pairs"], metric)
        self._fill(
            self.matrix,
            names,
            [[shown(v) for v in row] for row in values],
            row_names=names,
        )
        self.matrix.setToolTip(
            self.tr("{metric}, for each annotator pair").format(
                metric=self.matrix_metric.currentText()
            )
        )

    def _fill(
        self,
        table: QTableWidget,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        row_names: Sequence[str] | None = None,
    ) -> None:
        """Replace a table's contents."""
        table.clear()
        table.setColumnCount(len(headers))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(list(headers))
        if row_names is not None:
            table.verticalHeader().setVisible(True)
            table.setVerticalHeaderLabels(list(row_names))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if value == NO_VALUE or value[:1].isdigit() or value[:1] == "-":
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)

    def cell(self, table: QTableWidget, row: int, column: int) -> str:
        """Text of a cell (tests read the figures)."""
        item = table.item(row, column)
        return item.text() if item is not None else ""
