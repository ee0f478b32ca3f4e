"""Exporting from the GUI: a dialog for file, format and layers, then a worker thread.

The export is the service's (the same as ``annotator export``): it writes a temporary file
beside the target and renames it only when complete, so cancelling (by raising from the
progress callback) or a failure leaves no half-written file behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.formats.registry import DOCCANO_SHAPES, EXPORT_FORMATS, SCHEMES, ExportOptions
from annotator.core.model import LayerStatus
from annotator.services import access
from annotator.services.exporter import ExportFilter
from annotator.storage.database import Database

from . import dialogs
from .bidi_text import path_text
from .settings import Preferences
from .task import TaskRunner, TaskWorker

if TYPE_CHECKING:
    from annotator.services.exporter import ExportSummary

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
        self._folder = Path(folder)
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
        # The shape a doccano project of each type imports (its other columns are dropped).
        self.doccano = QComboBox()
        projects = {
            "relations": self.tr("Relation extraction (entities and relations)"),
            "sequence": self.tr("Sequence labelling (spans)"),
            "classification": self.tr("Text classification (topics)"),
        }
        for shape in DOCCANO_SHAPES:
            self.doccano.addItem(projects[shape], shape)
        self.layers = QComboBox()
        if everyone:
            self.layers.addItem(self.tr("Every annotator's layer"), EVERYONE)
        self.layers.addItem(self.tr("My layer only"), MINE)
        if gold:
            self.layers.addItem(self.tr("The gold (adjudicated) layer"), GOLD_ONLY)
        self.done_only = QCheckBox(self.tr("Only layers marked done"))
        self.unannotated = QCheckBox(self.tr("Also documents without annotations"))
        buttons = dialogs.action_buttons(self, self.tr("Export"))
        form = QFormLayout(self)
        form.addRow(self.tr("File:"), where)
        form.addRow(self.tr("Format:"), self.format)
        form.addRow(self.tr("Tag scheme:"), self.scheme)
        form.addRow("", self.clitics)
        form.addRow(self.tr("doccano project:"), self.doccano)
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
        self.doccano.setEnabled(fmt == "doccano")
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

    def chosen_path(self) -> str:
        """The file typed or picked: ``~`` expanded, a bare name in the dialog's folder."""
        text = self.path.text().strip()
        if not text:
            return ""
        path = Path(text).expanduser()
        return str(path if path.is_absolute() else self._folder / path)

    def request(self) -> ExportRequest:
        """The choices as they stand."""
        fmt = self.chosen_format()
        return ExportRequest(
            path=self.chosen_path(),
            fmt=fmt,
            options=ExportOptions(
                scheme=str(self.scheme.currentData()),
                clitics=self.clitics.isChecked() and fmt in TOKEN_FORMATS,
                doccano=str(self.doccano.currentData()),
            ),
            layers=str(self.layers.currentData()),
            done_only=self.done_only.isChecked(),
            include_unannotated=self.unannotated.isChecked(),
        )


class _Worker(TaskWorker):
    """One export, in a worker thread."""

    def __init__(self, db: Database, request: ExportRequest, flt: ExportFilter) -> None:
        super().__init__()
        self._db = db
        self._request = request
        self._flt = flt

    def work(self) -> ExportSummary:
        """Export (a cancelled or failed export leaves no file)."""
        from annotator.services.exporter import export

        r = self._request
        return export(
            self._db, r.path, fmt=r.fmt, flt=self._flt, progress=self.report, options=r.options
        )

    def file_error(self, exc: OSError) -> str:
        """The message for a file the export could not write (the target, if unnamed)."""
        return f"{exc.filename or self._request.path}: {exc.strerror or exc}"


class ExportRunner(TaskRunner):
    """Starts exports one at a time and shows their progress."""

    exported = Signal(object, object)
    """An export was written: the ExportRequest and its ExportSummary."""

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self._db = db
        self._request: ExportRequest | None = None

    def start(self, request: ExportRequest, flt: ExportFilter) -> bool:
        """Begin writing ``request`` with the (access-checked) filter; False while busy."""
        if self.busy():
            return False
        self._request = request
        # The number of records is not known in advance: a busy bar and a running count.
        self.launch(_Worker(self._db, request, flt), self.tr("Exporting…"), self.tr("Export"), 0)
        return True

    def on_progress(self, progress: object) -> None:
        """Say how many records are written so far."""
        if self.dialog is not None:
            count = int(progress) if isinstance(progress, int) else 0
            self.dialog.setLabelText(self.tr("Exporting… %n records", "", count))

    def on_finished(self, result: object) -> None:
        """Report a written export."""
        self.exported.emit(self._request, result)


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
        me = self._actor.name
        try:
            flt = access.visible_export(self._db, self._actor, request.export_filter(me))
            if request.layers == MINE and me not in {p.name for p in access.list_people(self._db)}:
                dialogs.show_info(
                    self._window, self.tr("{name} has no annotations yet.").format(name=me)
                )
                return False
        except AnnotatorError as exc:
            dialogs.show_error(self._window, str(exc))
            return False
        target = Path(request.path)
        if target.is_file() and not dialogs.confirm_overwrite(self._window, request.path):
            return False
        return self.runner.start(request, flt)

    def _exported(self, request: ExportRequest, summary: ExportSummary) -> None:
        """Say what was written, with every problem the format met in the details."""
        self._prefs.export_folder = str(Path(request.path).resolve().parent)
        # Each count with its own plural form; the path a left-to-right island, so its
        # slashes stay in place inside an Arabic sentence.
        lines = [
            self.tr("Wrote {records} ({documents}, {spans}) to {path}.").format(
                records=self.tr("%n records", "", summary.records),
                documents=self.tr("%n documents", "", summary.documents),
                spans=self.tr("%n spans", "", summary.spans),
                path=path_text(request.path),
            )
        ]
        for side in summary.sidecars:
            lines.append(self.tr("Also wrote {path}.").format(path=path_text(str(side))))
        if summary.problems:
            lines.append(
                self.tr(
                    "%n notes: what the format cannot hold was left out, never moved "
                    "(see the details).",
                    "",
                    len(summary.problems),
                )
            )
        dialogs.show_report(
            self._window, "\n".join(lines), "\n".join(summary.problems), self.tr("Export")
        )
