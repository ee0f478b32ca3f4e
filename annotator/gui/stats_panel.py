"""The statistics dock: progress, labels, spans, time and agreement as charts, read off the loop.

``insight.figures`` (counts and the audit log) and ``insight.agreement_figures`` (which
tokenises every compared article, so it takes longer) each run in a worker thread
(``Background``); the window never waits. The chart chosen is drawn by matplotlib on a
QtAgg canvas (``core.charts`` builds it, titles in the interface language); it can be
saved as PNG or SVG, and the numbers behind it copied as CSV. The counts the reads keep are
saved after each refresh (``insight_cache``, a local file per database), so the dock's
first read in the next session only counts what changed meanwhile. In a right-to-left interface
the charts are mirrored (``core.charts.Look``: axes, month names and digits from QLocale).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError, PermissionDeniedError
from annotator.core.insight import ALL, csv_text
from annotator.services import access, guidelines, insight, insight_cache
from annotator.storage.database import Database

from . import dialogs
from .background import Background

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from annotator.core.charts import Look

CHARTS = ("progress", "labels", "per_annotator", "spans", "time", "agreement", "heatmap", "trend")
"""The charts, in the order of the chooser."""
AGREEMENT_CHARTS = frozenset({"agreement", "heatmap", "trend"})
MIN_CANVAS = (460, 260)
AFTER_PAINT_MS = 150
"""Delay between one read's result and the next read, for the chart to be painted."""
FOLLOW_MS = 2000
"""After an edit, the shown dock reads its figures again once edits pause this long (a
refresh reads only what changed since the last one)."""


class _ChartsImport:
    """Imports matplotlib and the chart builders (0.7 s, more on a busy machine) in a
    thread of its own while the first figures are read, not in the window's thread when
    the first chart is drawn: there it would freeze the window meanwhile."""

    def __init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _run() -> None:
        import matplotlib.backends.backend_qtagg  # noqa: F401

        import annotator.core.charts  # noqa: F401

    def wait(self) -> None:
        """Until the import is done (a failed one is left to the drawing to report)."""
        self._thread.join()


class StatsPanel(QWidget):
    """A chart chooser, the chart, and Save PNG / Save SVG / Copy CSV."""

    computed = Signal()
    """New figures arrived (the counts or the agreement) and the chart was redrawn."""

    def __init__(
        self,
        db: Database,
        actor: access.Actor | None,
        colours: Callable[[], dict[str, str]],
        parent: QWidget | None = None,
        shown_names: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._colours = colours
        self._shown_names = shown_names or dict
        """Each label's name as the interface shows it (the Arabic name in Arabic), read
        when a chart is drawn; the CSV keeps the names, as exports and commands do."""
        self.figures: insight.Figures | None = None
        self.agreement: insight.AgreementFigures | None = None
        self.agreement_note = ""
        self._pending = 0
        # Kept between refreshes: only new audit entries and changed articles are read.
        self._audit = insight.AuditCache()
        self._agreement_counts = insight.AgreementCache()
        self._kept_loaded = False
        """Whether the counts saved by an earlier session were looked for (first read)."""
        self._saver: Background[object] = Background(lambda _path: None, self)
        self._agreement_next: Callable[[], insight.AgreementFigures | str] | None = None
        self._time_next: Callable[[], list[insight.TimeRow]] | None = None
        self._stopped = False
        self._time_reader: Background[list[insight.TimeRow]] = Background(self._time_read, self)
        self._reader: Background[insight.Figures] = Background(self._figures_read, self)
        self._agreement_reader: Background[insight.AgreementFigures | str] = Background(
            self._agreement_read, self
        )
        self.refresh_button = QPushButton(self)
        self.chooser = QComboBox(self)
        for key in CHARTS:
            self.chooser.addItem("", key)
        self.save_png = QPushButton(self)
        self.save_svg = QPushButton(self)
        self.copy_csv = QPushButton(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.canvas: Any = None
        self.chart_area = QVBoxLayout()
        self.empty = QLabel(self)
        self.chart_area.addWidget(self.empty, 1)
        top = QHBoxLayout()
        top.addWidget(self.refresh_button)
        top.addWidget(self.chooser, 1)
        top.addWidget(self.save_png)
        top.addWidget(self.save_svg)
        top.addWidget(self.copy_csv)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(self.chart_area, 1)
        self._stale = False
        """Edits were made since the last read (read again when shown)."""
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self._catch_up)
        self.refresh_button.clicked.connect(self.refresh)
        self.chooser.currentIndexChanged.connect(lambda _i: self.redraw())
        self.save_png.clicked.connect(lambda: self.choose_save("png"))
        self.save_svg.clicked.connect(lambda: self.choose_save("svg"))
        self.copy_csv.clicked.connect(self.copy)
        self.retranslate()

    # -- language ----------------------------------------------------------------------

    def titles(self) -> dict[str, str]:
        """Each chart's title in the current language."""
        return {
            "progress": self.tr("Done layers over time"),
            "labels": self.tr("Uses per label"),
            "per_annotator": self.tr("Labels per annotator"),
            "spans": self.tr("Spans per annotated article"),
            "time": self.tr("Hours spent per annotator"),
            "agreement": self.tr("Agreement per label (overlap F1)"),
            "heatmap": self.tr("Agreement per annotator pair (overlap F1)"),
            "trend": self.tr("Agreement by day"),
        }

    def retranslate(self) -> None:
        """Set user-visible strings in the current language."""
        self.refresh_button.setText(self.tr("Refresh"))
        self.save_png.setText(self.tr("Save PNG…"))
        self.save_svg.setText(self.tr("Save SVG…"))
        self.copy_csv.setText(self.tr("Copy numbers (CSV)"))
        for i, title in enumerate(self.titles().values()):
            self.chooser.setItemText(i, title)
        self._show_status()
        self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the interface language changes; mirror when its direction does."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self.redraw()
        super().changeEvent(event)

    # -- computing ---------------------------------------------------------------------

    def ensure_computed(self) -> None:
        """Compute the first time the dock is shown, and again when shown after edits."""
        if (self.figures is None or self._stale) and not self._pending:
            self.refresh()
        elif self._stale:
            self._follow.start()  # once the running read is over

    def layers_changed(self) -> None:
        """An edit was stored: follow it once edits pause (shown), or when next shown."""
        self._stale = True
        if self.isVisible():
            self._follow.start()

    def _catch_up(self) -> None:
        """Read again after edits, unless hidden meanwhile or a read is running (then
        once it is over)."""
        if not self._stale or not self.isVisible():
            return
        if self._pending:
            self._follow.start()
        else:
            self.refresh()

    def refresh(self) -> None:
        """Read every figure again, in the background."""
        db, actor, audit = self._db, self._actor, self._audit
        counts = self._agreement_counts
        self._pending = 3
        self._stale = False
        self._stopped = False

        def read_agreement() -> insight.AgreementFigures | str:
            try:
                return insight.agreement_figures(db, actor=actor, counts=counts, spans_from=audit)
            except PermissionDeniedError as exc:
                return str(exc)

        load = not self._kept_loaded
        self._kept_loaded = True
        charts = _ChartsImport() if load else None

        def read_figures() -> insight.Figures:
            if load:  # an earlier session's counts: only what changed since is counted
                insight_cache.load(db, audit, counts)
            figures = insight.figures(
                db,
                guidelines_version=guidelines.current_version(db),
                cache=audit,
                with_time=False,
                actor=actor,
            )
            if charts is not None:
                charts.wait()
            return figures

        self._reader.request(read_figures)
        # One read after the other: the counts (quick), the time spent (every audit entry
        # on a first read), the agreement (slow). Run together, the threads would share one
        # interpreter lock and the quick figures would wait for the slow ones.
        self._time_next = lambda: insight.time_figures(db, cache=audit, actor=actor)
        self._agreement_next = read_agreement
        self._show_status()

    def is_computing(self) -> bool:
        """Whether a read is still running."""
        return self._pending > 0

    def _start(self, reader: Background[Any], read: Callable[[], Any]) -> None:
        """Start a read that was put off, unless the panel was stopped meanwhile."""
        if not self._stopped:
            reader.request(read)

    def wait(self) -> None:
        """Let running reads finish and start no more (before the database is closed)."""
        self._stopped = True
        self._follow.stop()
        self._reader.wait()
        self._time_reader.wait(30.0)
        self._agreement_reader.wait(60.0)
        self._saver.wait(30.0)

    def _figures_read(self, figures: insight.Figures) -> None:
        if self.figures is not None and self.figures.has_time and not figures.has_time:
            figures.time, figures.has_time = self.figures.time, True  # until the new arrive
        self.figures = figures
        self._pending = max(0, self._pending - 1)
        self._show_status()
        if self.current_chart() not in AGREEMENT_CHARTS or self.canvas is None:
            self.redraw()
        # The next read starts once the chart is laid out and painted, so the painting has
        # the interpreter to itself.
        if self._time_next is not None:
            read, self._time_next = self._time_next, None
            QTimer.singleShot(AFTER_PAINT_MS, self, lambda: self._start(self._time_reader, read))
        self.computed.emit()

    def _time_read(self, rows: list[insight.TimeRow]) -> None:
        if self.figures is not None:
            self.figures.time, self.figures.has_time = rows, True
        self._pending = max(0, self._pending - 1)
        self._show_status()
        drawn = self.current_chart() == "time"
        if drawn:
            self.redraw()
        if self._agreement_next is not None:
            agree, self._agreement_next = self._agreement_next, None
            # Only a chart drawn needs the pause before the next read.
            QTimer.singleShot(
                AFTER_PAINT_MS if drawn else 0,
                self,
                lambda: self._start(self._agreement_reader, agree),
            )
        self.computed.emit()

    def _agreement_read(self, result: insight.AgreementFigures | str) -> None:
        if isinstance(result, str):
            self.agreement, self.agreement_note = None, result
        else:
            self.agreement, self.agreement_note = result, ""
        self._pending = max(0, self._pending - 1)
        self._show_status()
        if self.current_chart() in AGREEMENT_CHARTS or self.canvas is None:
            self.redraw()
        if not self._stopped:  # the last read: keep its counts for the next session
            db, audit, counts = self._db, self._audit, self._agreement_counts
            self._saver.request(lambda: insight_cache.save(db, audit, counts))
        self.computed.emit()

    def _show_status(self) -> None:
        parts = []
        if self.figures is not None:
            parts.append(
                self.tr(
                    "{documents} documents, {annotators} annotators; read in {seconds} s"
                ).format(
                    documents=self.figures.documents,
                    annotators=len(self.figures.annotators),
                    seconds=f"{self.figures.seconds:.2f}",
                )
            )
        if self.agreement is not None:
            parts.append(
                self.tr("agreement over {n} documents in {seconds} s").format(
                    n=self.agreement.documents, seconds=f"{self.agreement.seconds:.2f}"
                )
            )
        elif self.agreement_note:
            parts.append(self.tr("agreement: only reviewers see it in blind mode"))
        if self._pending:
            parts.append(self.tr("computing…"))
        self.status.setText("; ".join(parts))

    # -- charts ------------------------------------------------------------------------

    def current_chart(self) -> str:
        """The key of the chart chosen."""
        return str(self.chooser.currentData())

    def set_chart(self, key: str) -> None:
        """Choose a chart by key."""
        self.chooser.setCurrentIndex(CHARTS.index(key))

    def _kind_name(self, kind: str) -> str:
        return {
            "entity": self.tr("entity"),
            "quote": self.tr("quote"),
            "topic": self.tr("topic"),
        }.get(kind, kind)

    def _shown(self, label: str) -> str:
        """A label's name as the palette shows it in the interface's language."""
        return self._shown_names().get(label, label)

    def look(self) -> Look:
        """The charts' look in the interface's direction, month names and digits."""
        from annotator.core.charts import Look

        locale = QLocale()

        def number(value: float, decimals: int | None) -> str:
            value = float(value)
            if decimals is not None:
                return locale.toString(value, "f", decimals)
            if value.is_integer() and abs(value) < 1e15:
                return locale.toString(int(value))
            return locale.toString(value, "g", 6)

        months = tuple(
            locale.standaloneMonthName(m, QLocale.FormatType.LongFormat) for m in range(1, 13)
        )
        return Look(self.layoutDirection() == Qt.LayoutDirection.RightToLeft, months, number)

    def nothing_to_chart(self, key: str | None = None) -> str | None:
        """Why a chart whose figures are read has nothing to draw (say, no layer done yet),
        or None. Such a chart is not drawn: an empty axis would show made-up dates."""
        key = key or self.current_chart()
        fig, agree = self.figures, self.agreement
        if key in AGREEMENT_CHARTS:
            if agree is None:
                return None
            empty = {
                "agreement": not any(r.overlap_f1 is not None for r in agree.labels),
                "heatmap": len(agree.matrix_names) < 2,
            }.get(key, not agree.trend)
            if empty:
                return self.tr("No article has layers of two annotators to compare yet.")
            return None
        if fig is None or (key == "time" and not fig.has_time):
            return None
        if key == "progress" and not any(fig.progress.values()):
            return self.tr("No layer is marked done yet.")
        if key in ("labels", "per_annotator") and not fig.label_totals():
            return self.tr("No spans or topics yet.")
        if key == "spans" and not fig.spans_per_layer:
            return self.tr("No layers yet.")
        if key == "time" and not fig.time_per_annotator():
            return self.tr("No time spent is recorded yet.")
        return None

    def figure(self, key: str | None = None) -> Figure | None:
        """The matplotlib figure of a chart, None while its figures are not read yet or
        when there is nothing to chart (``nothing_to_chart``)."""
        key = key or self.current_chart()
        fig, agree = self.figures, self.agreement
        if key in AGREEMENT_CHARTS:
            if agree is None:
                return None
        elif fig is None or (key == "time" and not fig.has_time):
            return None
        if self.nothing_to_chart(key) is not None:
            return None
        # Only now matplotlib (~0.7 s to import): the window opens with this dock hidden
        # and nothing read, so nothing to draw, and no longer waits for it.
        from annotator.core import charts

        look = self.look()
        title = self.titles()[key]
        if key in AGREEMENT_CHARTS:
            assert agree is not None
            if key == "agreement":
                rows = [r for r in agree.labels if r.overlap_f1 is not None]
                return charts.bar_chart(
                    [self._shown(r.label) for r in rows],
                    [r.overlap_f1 or 0.0 for r in rows],
                    title,
                    look=look,
                )
            if key == "heatmap":
                return charts.heatmap_chart(agree.matrix_names, agree.matrix, title, look)
            points = [(p.day, p.overlap_f1, p.alpha) for p in agree.trend]
            return charts.trend_chart(points, title, self.tr("overlap F1"), self.tr("alpha"), look)
        assert fig is not None
        if key == "progress":
            series = {
                (self.tr("all") if who == ALL else who): [(p.day, p.total) for p in pts]
                for who, pts in fig.progress.items()
            }
            return charts.progress_chart(series, title, self.tr("layers"), look)
        if key == "labels":
            totals = fig.label_totals()
            colours = self._colours()
            return charts.bar_chart(
                [f"{self._shown(n)} ({self._kind_name(k)})" for n, (k, _) in totals.items()],
                [v for _, v in totals.values()],
                title,
                [colours.get(n, "#cccccc") for n in totals],
                look=look,
                counts=True,
            )
        if key == "per_annotator":
            totals = fig.label_totals()
            per = {(r.label, r.annotator): r.spans + r.topics for r in fig.labels}
            counts = {who: [per.get((n, who), 0) for n in totals] for who in fig.annotators}
            return charts.grouped_bar_chart([self._shown(n) for n in totals], counts, title, look)
        if key == "spans":
            return charts.histogram_chart(
                fig.spans_per_layer, title, self.tr("spans"), self.tr("layers"), look
            )
        hours = fig.time_per_annotator()
        return charts.bar_chart(
            list(hours), [t / 3600 for _, t, _ in hours.values()], title, look=look
        )

    def csv(self, key: str | None = None) -> str:
        """The numbers behind a chart as CSV (empty while not read)."""
        key = key or self.current_chart()
        fig, agree = self.figures, self.agreement
        rows: list[tuple[object, ...]] = []
        if key in AGREEMENT_CHARTS and agree is not None:
            if key == "agreement":
                rows.append(("label", "pairs", "exact_f1", "overlap_f1", "kappa", "alpha"))
                rows += [
                    (r.label, r.pairs, r.exact_f1, r.overlap_f1, r.kappa, r.alpha)
                    for r in agree.labels
                ]
            elif key == "heatmap":
                rows.append(("annotator", *agree.matrix_names))
                rows += [(n, *v) for n, v in zip(agree.matrix_names, agree.matrix, strict=True)]
            else:
                rows.append(("day", "documents", "overlap_f1", "alpha"))
                rows += [
                    (p.day.isoformat(), p.documents, p.overlap_f1, p.alpha) for p in agree.trend
                ]
        elif fig is not None and key not in AGREEMENT_CHARTS and (key != "time" or fig.has_time):
            if key == "progress":
                rows.append(("annotator", "day", "done", "total"))
                rows += [
                    (who, p.day.isoformat(), p.done, p.total)
                    for who, pts in fig.progress.items()
                    for p in pts
                ]
            elif key in ("labels", "per_annotator"):
                rows.append(("label", "kind", "annotator", "spans", "topics"))
                rows += [(r.label, r.kind, r.annotator, r.spans, r.topics) for r in fig.labels]
            elif key == "spans":
                rows.append(("spans", "layers"))
                rows += fig.spans_per_layer
            else:
                rows.append(("annotator", "documents", "seconds", "median_seconds"))
                rows += [(who, *v) for who, v in fig.time_per_annotator().items()]
        return csv_text(rows) if rows else ""

    def redraw(self) -> None:
        """Draw the chosen chart (or say why there is none yet)."""
        figure = self.figure()
        if self.canvas is not None:
            self.chart_area.removeWidget(self.canvas)
            self.canvas.deleteLater()
            self.canvas = None
        has = figure is not None
        for button in (self.save_png, self.save_svg, self.copy_csv):
            button.setEnabled(has)
        if figure is None:
            key = self.current_chart()
            self.empty.setText(
                self.tr("Only reviewers see agreement while blind mode is on.")
                if key in AGREEMENT_CHARTS and self.agreement_note
                else self.nothing_to_chart(key)
                or (self.tr("Computing…") if self._pending else self.tr("Nothing to show yet."))
            )
            self.empty.show()
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self.empty.hide()
        self.canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        # Below this matplotlib cannot fit the axes and their labels (layout collapses).
        self.canvas.setMinimumSize(MIN_CANVAS[0], MIN_CANVAS[1])
        self.chart_area.addWidget(self.canvas, 1)

    # -- output ------------------------------------------------------------------------

    def save_chart(self, path: str) -> None:
        """Write the chart shown to ``path`` (PNG or SVG by its suffix)."""
        from annotator.core import charts

        figure = self.figure()
        if figure is None:
            raise AnnotatorError(self.tr("There is no chart to save yet."))
        try:
            charts.save(figure, path)
        except OSError as exc:
            raise AnnotatorError(f"{path}: {exc.strerror}") from None

    def choose_save(self, fmt: str) -> None:
        """Ask where to save the chart shown, then save it (a failure is a dialog)."""
        name = f"{self.current_chart()}.{fmt}"
        filters = {"png": self.tr("PNG image (*.png)"), "svg": self.tr("SVG image (*.svg)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart"), name, filters[fmt])
        if not path:
            return
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        try:
            self.save_chart(path)
        except AnnotatorError as exc:
            dialogs.show_error(self, str(exc))

    def copy(self) -> None:
        """Put the numbers behind the chart shown on the clipboard as CSV."""
        QGuiApplication.clipboard().setText(self.csv())
