"""Importing files from the GUI: a dialog for the import's options, a worker thread, a
progress dialog, errors in a dialog.

The import itself is the service's all-or-nothing transaction (the same as ``annotator
import``); the GUI only runs it off the event loop so the window keeps painting, and
cancels it by raising from the progress callback, which rolls the whole import back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from annotator.core.bidi import isolate_ltr
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats.registry import CONLL_SUFFIXES, IMPORT_FORMATS
from annotator.core.model import LayerStatus
from annotator.storage.database import Database

from . import dialogs
from .task import TaskRunner, TaskWorker

if TYPE_CHECKING:
    from annotator.services.importer import ImportProgress, ImportSummary

IMPORTABLE_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".json", *CONLL_SUFFIXES)


def importable(path: str) -> bool:
    """True for files and folders the importer reads (by name; the importer checks content)."""
    p = Path(path)
    return p.is_dir() or p.suffix.lower() in IMPORTABLE_SUFFIXES


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What to import and how: ``annotator import``'s options."""

    paths: tuple[str, ...]
    fmt: str = "auto"
    owner: str | None = None
    """Whose layer the annotations of a record that names no annotator become."""
    status: LayerStatus | None = None
    """The status of each new layer whose record names none (None: in progress)."""
    add_labels: bool = False


class ImportDialog(QDialog):
    """File > Import, after the files are picked: their format, whose annotations those
    that name nobody are, the status of the new layers, and whether to add new labels."""

    def __init__(self, parent: QWidget | None, paths: list[str], owner: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import articles and annotations"))
        self._paths = tuple(paths)
        # The list separator is the interface's own (Arabic "، ").
        shown = self.tr(", ").join(isolate_ltr(Path(p).name) for p in paths[:3])
        more = len(paths) - 3
        files = QLabel(
            shown + (" " + self.tr("and %n more", "", more) if more > 0 else ""),
        )
        files.setTextFormat(Qt.TextFormat.PlainText)  # file names, never HTML
        files.setWordWrap(True)
        self.format = QComboBox()
        names = {
            "auto": self.tr("Detect (by the file's name and content)"),
            "txt": self.tr("Plain-text articles"),
            "jsonl": self.tr("annotator JSON lines"),
            "prodigy": self.tr("Prodigy / spaCy JSON lines"),
            "doccano": self.tr("doccano JSON lines"),
            "conll": self.tr("CoNLL / BIO tags"),
            "labelstudio": self.tr("Label Studio tasks (JSON)"),
        }
        for fmt in IMPORT_FORMATS:
            self.format.addItem(names.get(fmt, fmt), fmt)
        self._owner = owner
        self.owner = QLineEdit(owner)
        self.owner.setPlaceholderText(owner)  # left empty: still this person
        self.owner.setToolTip(
            self.tr(
                "Annotations in records that name no annotator (CoNLL files never do) "
                "become this person's layer."
            )
        )
        self.status = QComboBox()
        self.status.addItem(self.tr("In progress (or as the file says)"), None)
        self.status.addItem(self.tr("Done: a finished corpus, ready to train on"), "done")
        self.add_labels = QCheckBox(self.tr("Add labels the files use but the schema lacks"))
        buttons = dialogs.action_buttons(self, self.tr("Import"))
        form = QFormLayout(self)
        form.addRow(self.tr("Files:"), files)
        form.addRow(self.tr("Format:"), self.format)
        form.addRow(self.tr("Annotations without an annotator belong to:"), self.owner)
        form.addRow(self.tr("New layers:"), self.status)
        form.addRow("", self.add_labels)
        form.addRow(buttons)

    def request(self) -> ImportRequest:
        """The choices as they stand."""
        status = self.status.currentData()
        return ImportRequest(
            paths=self._paths,
            fmt=str(self.format.currentData()),
            owner=self.owner.text().strip() or self._owner,
            status=LayerStatus(status) if status else None,
            add_labels=self.add_labels.isChecked(),
        )


def ask_import(parent: QWidget | None, paths: list[str], owner: str) -> ImportRequest | None:
    """Show the import dialog; the request, or None if cancelled (tests replace this)."""
    dialog = ImportDialog(parent, paths, owner)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()
    finally:
        dialog.deleteLater()


class _Worker(TaskWorker):
    """One import, in a worker thread."""

    def __init__(self, db: Database, request: ImportRequest, actor: str | None) -> None:
        super().__init__()
        self._db = db
        self._request = request
        self._actor = actor

    def error_text(self, exc: AnnotatorError) -> str:
        """A label the schema lacks: the remedy is the import dialog's checkbox, not the
        command line's ``--add-labels``."""
        from annotator.services.importer import UNKNOWN_LABEL_HINT

        if isinstance(exc, InputError) and exc.reason.endswith(UNKNOWN_LABEL_HINT):
            hint = self.tr(
                "(tick “Add labels the files use but the schema lacks” when importing, or "
                "add it to the labels first)"
            )
            reason = exc.reason[: -len(UNKNOWN_LABEL_HINT)] + hint
            return InputError(reason, exc.path, exc.line).located()
        return str(exc)

    def work(self) -> ImportSummary:
        """Import (the whole import rolls back if cancelled or failing)."""
        # Imported here: the readers are only needed once someone imports (faster start).
        from annotator.services.importer import import_paths

        request = self._request
        return import_paths(
            self._db,
            list(request.paths),
            annotator=request.owner,
            fmt=request.fmt,
            add_labels=request.add_labels,
            progress=self.report,
            actor=self._actor,
            status=request.status,
        )


class ImportRunner(TaskRunner):
    """Starts imports one at a time and shows their progress."""

    imported = Signal(object)
    """An import committed: the ImportSummary."""

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self._db = db

    def start(self, request: ImportRequest, *, actor: str | None = None) -> bool:
        """Begin the import (audited under ``actor``); False while another runs."""
        if self.busy():
            return False
        worker = _Worker(self._db, request, actor)
        self.launch(worker, self.tr("Importing…"), self.tr("Import"), 1000)
        return True

    def on_progress(self, report: object) -> None:
        """Move the bar by bytes read (files for empty inputs)."""
        progress = cast("ImportProgress", report)
        if self.dialog is None:
            return
        if progress.bytes_total:
            value = int(1000 * progress.bytes_done / progress.bytes_total)
        else:
            value = int(1000 * progress.files_done / max(1, progress.files_total))
        self.dialog.setValue(min(999, value))
        # Each count its own plural (Arabic agrees the noun with the number: six forms).
        files = self.tr("Importing… {done} of %n files", "", progress.files_total).format(
            done=progress.files_done
        )
        records = self.tr("%n records", "", progress.records)
        self.dialog.setLabelText(f"{files}, {records}")

    def notices(self, summary: ImportSummary) -> list[str]:
        """The import's notices in the interface's language (files isolated): records
        declined in a peer tool and fields not kept, then the rest as the report words it."""
        report = summary.report
        lines = list(report.notices(counted=False))
        for path, answers in report.declined.items():
            line = self.tr(
                "{file}: %n record(s) rejected or ignored in the peer tool, kept as documents "
                "with that decision (never exported as accepted examples)",
                "",
                sum(answers.values()),
            ).format(file=isolate_ltr(path))
            items = report.declined_items.get(path, 0)
            if items:
                line += " " + self.tr(
                    "(the %n annotation(s) they turned down were not imported)", "", items
                )
            lines.append(line)
        for path, counts in report.unkept.items():
            fields = ", ".join(f"{isolate_ltr(name)} ({n})" for name, n in sorted(counts.items()))
            lines.append(
                self.tr("{file}: fields not kept: {fields}").format(
                    file=isolate_ltr(path), fields=fields
                )
            )
        return lines

    def on_finished(self, result: object) -> None:
        """Report a committed import; say what the files held that was not kept."""
        summary = cast("ImportSummary", result)
        self.imported.emit(result)  # the window shows what came in, then the notes on it
        notices = self.notices(summary)
        if notices:
            dialogs.show_report(
                self._parent,
                self.tr(
                    "Imported. Not everything the files held was kept as it was: the "
                    "details list what, and why."
                ),
                "\n".join(notices),
                self.tr("Import"),
            )
