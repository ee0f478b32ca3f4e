"""Exporting from the GUI: a dialog for file, format and layers, then a worker thread.

The export is the service's (the same as ``annotator export``): it writes a temporary file
beside the target and renames it only when complete, so cancelling (by raising from the
progress callback) or a failure leaves no half-written file behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.formats.registry import EXPORT_FORMATS, SCHEMES, ExportOptions
from annotator.core.model import LayerStatus
from annotator.services import access
from annotator.services.exporter import ExportFilter
from annotator.storage.database import Database

from . import dialogs
from .settings import Preferences

if TYPE_CHECKING:
    from annotator.services.exporter import ExportSummary

PROGRESS_DELAY_MS = 400
"""Short exports finish before the dialog would appear, so they never flash one."""
SUFFIXES = {"conll": ".conll", "labelstudio": ".json"}
"""File name endings by format; every other format writes JSON lines."""
TOKEN_FORMATS = ("conll", "prodigy", "hf")
"""Formats that cut the text into tokens (clitic splitting applies)."""
TAG_FORMATS = ("conll", "hf")
"""Formats that write one tag per token (the tag scheme applies)."""
MINE, EVERYONE, GOLD_ONLY = "mine", "everyone", "gold"
"""Whose layers to export."""


def suffix_for(fmt: str) -> str:
    """The usual file name ending of a format's output."""
    return SUFFIXES.get(fmt, ".jsonl")


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What the user chose: where, in which format, with which options and layers."""

    path: str
    fmt: str
    options: ExportOptions
    layers: str
    done_only: bool
    include_unannotated: bool

    def export_filter(self, me: str) -> ExportFilter:
        """The service filter for this request, ``me`` being the acting annotator."""
        return ExportFilter(
            annotators=(me,) if self.layers == MINE else (),
            statuses=(LayerStatus.DONE,) if self.done_only else (),
            include_unannotated=self.include_unannotated,
            gold=self.layers == GOLD_ONLY,
        )


class ExportDialog(QDialog):
    """File > Export: the output file, its format and whose layers go into it."""

    def __init__(self, parent: QWidget | None, *, everyone: bool, gold: bool, folder: str) -> None:
        """``everyone``: others' layers may be exported; ``gold``: the gold layer too."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export annotations"))
        self.path = QLineEdit(str(Path(folder) / f"annotations{suffix_for('native')}"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.format = QComboBox()
        names = {
            "native": self.tr("annotator JSON lines (spans, quotes, speakers, topics)"),
            "conll": self.tr("CoNLL / BIO tags"),
            "labelstudio": self.tr("Label Studio tasks"),
            "prodigy": self.tr("Prodigy / spaCy (with tokens)"),
            "doccano": self.tr("doccano"),
            "hf": self.tr("Hugging Face token classification"),
        }
        for fmt in EXPORT_FORMATS:
            self.format.addItem(names.get(fmt, fmt), fmt)
        self.scheme = QComboBox()
        for scheme in SCHEMES:
            self.scheme.addItem(scheme.upper(), scheme)
        self.clitics = QCheckBox(self.tr("Split the clitics و ف ب ل ك into tokens of their own"))
        self.layers = QComboBox()
        if everyone:
            self.layers.addItem(self.tr("Every annotator's layer"), EVERYONE)
        self.layers.addItem(self.tr("My layer only"), MINE)
        if gold:
            self.layers.addItem(self.tr("The gold (adjudicated) layer"), GOLD_ONLY)
        self.done_only = QCheckBox(self.tr("Only layers marked done"))
        self.unannotated = QCheckBox(self.tr("Also documents without annotations"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("File:"), where)
        form.addRow(self.tr("Format:"), self.format)
        form.addRow(self.tr("Tag scheme:"), self.scheme)
        form.addRow("", self.clitics)
        form.addRow(self.tr("Layers:"), self.layers)
        form.addRow("", self.done_only)
        form.addRow("", self.unannotated)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def chosen_format(self) -> str:
        """The format picked (its command-line name)."""
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        """Enable the options the format uses; give the file the format's ending."""
        fmt = self.chosen_format()
        self.scheme.setEnabled(fmt in TAG_FORMATS)
        self.clitics.setEnabled(fmt in TOKEN_FORMATS)
        text = self.path.text().strip()
        if text:
            path = Path(text)
            if path.suffix in {*SUFFIXES.values(), ".jsonl"}:
                self.path.setText(str(path.with_suffix(suffix_for(fmt))))

    def _browse(self) -> None:
        """Pick the output file."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path.text(), self.tr("All files (*)")
        )
        if path:
            self.path.setText(path)

    def request(self) -> ExportRequest:
        """The choices as they stand."""
        fmt = self.chosen_format()
        return ExportRequest(
            path=self.path.text().strip(),
            fmt=fmt,
            options=ExportOptions(
                scheme=str(self.scheme.currentData()),
                clitics=self.clitics.isChecked() and fmt in TOKEN_FORMATS,
            ),
            layers=str(self.layers.currentData()),
            done_only=self.done_only.isChecked(),
            include_unannotated=self.unannotated.isChecked(),
        )


class ExportCancelled(Exception):
    """Raised inside the export to stop it (its temporary file is removed)."""


class _Worker(QObject):
    """Runs one export in a worker thread and reports back through signals."""

    progressed = Signal(int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, request: ExportRequest, flt: ExportFilter) -> None:
        super().__init__()
        self._db = db
        self._request = request
        self._flt = flt
        self.cancelled = False

    def _progress(self, records: int) -> None:
        """Forward progress; stop once the user cancelled."""
        if self.cancelled:
            raise ExportCancelled
        self.progressed.emit(records)

    @Slot()
    def run(self) -> None:
        """Export, then emit finished(summary) or failed(message)."""
        from annotator.services.exporter import export

        r = self._request
        try:
            summary = export(
                self._db,
                r.path,
                fmt=r.fmt,
                flt=self._flt,
                progress=self._progress,
                options=r.options,
            )
        except ExportCancelled:
            self.failed.emit("")
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{exc.filename or r.path}: {exc.strerror or exc}")
        else:
            self.finished.emit(summary)


class ExportRunner(QObject):
    """Starts exports one at a time and shows their progress."""

    exported = Signal(object, object)
    """An export was written: the ExportRequest and its ExportSummary."""
    failed = Signal(str)
    """An export failed (a message naming the file and the reason); no file was written."""

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self._db = db
        self._parent = parent
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._dialog: QProgressDialog | None = None
        self._request: ExportRequest | None = None

    def busy(self) -> bool:
        """True while an export runs."""
        return self._thread is not None

    def start(self, request: ExportRequest, flt: ExportFilter) -> bool:
        """Begin writing ``request`` with the (access-checked) filter; False while busy."""
        if self._thread is not None:
            return False
        dialog = QProgressDialog(self.tr("Exporting…"), self.tr("Cancel"), 0, 0, self._parent)
        dialog.setWindowTitle(self.tr("Export"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        thread = QThread(self)
        worker = _Worker(self._db, request, flt)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        dialog.canceled.connect(self._cancel)
        self._thread, self._worker, self._dialog = thread, worker, dialog
        self._request = request
        thread.start()
        return True

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the running export's thread ends (for tests and shutdown)."""
        thread = self._thread
        return thread.wait(msecs) if thread is not None else True

    def _cancel(self) -> None:
        """Ask the worker to stop at its next progress report."""
        if self._worker is not None:
            self._worker.cancelled = True

    def _on_progress(self, records: int) -> None:
        """Say how many records are written so far (the total is not known in advance)."""
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("Exporting… {n} records").format(n=records))

    def _finish(self) -> None:
        """Stop the thread and close the dialog."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
        self._thread = self._worker = self._dialog = None

    def _on_finished(self, summary: ExportSummary) -> None:
        """Report a written export."""
        request = self._request
        self._finish()
        self.exported.emit(request, summary)

    def _on_failed(self, message: str) -> None:
        """Report a failed or cancelled export."""
        self._finish()
        if message:
            self.failed.emit(message)


def ask_export(
    parent: QWidget | None, *, everyone: bool, gold: bool, folder: str
) -> ExportRequest | None:
    """Show the export dialog; the request, or None if cancelled (tests replace this)."""
    dialog = ExportDialog(parent, everyone=everyone, gold=gold, folder=folder)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()
    finally:
        dialog.deleteLater()


class ExportFlow(QObject):
    """File > Export: ask, check what the acting person may export, run, report."""

    def __init__(
        self, window: QWidget, db: Database, actor: access.Actor, prefs: Preferences
    ) -> None:
        super().__init__(window)
        self._window = window
        self._db = db
        self._actor = actor
        self._prefs = prefs
        self.runner = ExportRunner(db, window)
        self.runner.exported.connect(self._exported)
        self.runner.failed.connect(lambda message: dialogs.show_error(window, message))

    def choose(self) -> None:
        """Ask where and what to export, then start it in the background."""
        if self.runner.busy():
            dialogs.show_error(self._window, self.tr("An export is already running."))
            return
        try:
            everyone = access.visible_owners(self._db, self._actor) is None
        except AnnotatorError as exc:
            dialogs.show_error(self._window, str(exc))
            return
        request = ask_export(
            self._window, everyone=everyone, gold=everyone, folder=self._prefs.export_folder
        )
        if request is not None:
            self.start(request)

    def start(self, request: ExportRequest) -> bool:
        """Run ``request`` if the acting person may; False (after saying why) if not."""
        if not request.path:
            dialogs.show_error(self._window, self.tr("Choose a file to export to."))
            return False
        try:
            wanted = request.export_filter(self._actor.name)
            flt = access.visible_export(self._db, self._actor, wanted)
        except AnnotatorError as exc:
            dialogs.show_error(self._window, str(exc))
            return False
        self._prefs.export_folder = str(Path(request.path).resolve().parent)
        return self.runner.start(request, flt)

    def _exported(self, request: ExportRequest, summary: ExportSummary) -> None:
        """Say what was written, with every problem the format met in the details."""
        lines = [
            self.tr(
                "Wrote {records} records ({documents} documents, {spans} spans) to {path}."
            ).format(
                records=summary.records,
                documents=summary.documents,
                spans=summary.spans,
                path=request.path,
            )
        ]
        for side in summary.sidecars:
            lines.append(self.tr("Also wrote {path}.").format(path=side))
        if summary.problems:
            lines.append(
                self.tr(
                    "{n} notes: what the format cannot hold was left out, never moved "
                    "(see the details)."
                ).format(n=len(summary.problems))
            )
        dialogs.show_report(
            self._window, "\n".join(lines), "\n".join(summary.problems), self.tr("Export")
        )
