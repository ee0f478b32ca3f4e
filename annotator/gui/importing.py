"""Importing files from the GUI: a worker thread, a progress dialog, errors in a dialog.

The import itself is the service's all-or-nothing transaction; the GUI only runs it off
the event loop so the window keeps painting, and cancels it by raising from the progress
callback, which rolls the whole import back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from annotator.core.bidi import isolate_ltr
from annotator.storage.database import Database

from .task import TaskRunner, TaskWorker

if TYPE_CHECKING:
    from annotator.services.importer import ImportProgress, ImportSummary

IMPORTABLE_SUFFIXES = (".txt", ".jsonl", ".json")


def importable(path: str) -> bool:
    """True for files and folders the importer reads (by name; the importer checks content)."""
    p = Path(path)
    return p.is_dir() or p.suffix.lower() in IMPORTABLE_SUFFIXES


class _Worker(TaskWorker):
    """One import, in a worker thread."""

    def __init__(
        self, db: Database, paths: list[str], annotator: str | None, actor: str | None
    ) -> None:
        super().__init__()
        self._db = db
        self._paths = paths
        self._annotator = annotator
        self._actor = actor

    def work(self) -> ImportSummary:
        """Import (the whole import rolls back if cancelled or failing)."""
        # Imported here: the readers are only needed once someone imports (faster start).
        from annotator.services.importer import import_paths

        return import_paths(
            self._db,
            self._paths,
            annotator=self._annotator,
            progress=self.report,
            actor=self._actor,
        )


class ImportRunner(TaskRunner):
    """Starts imports one at a time and shows their progress."""

    imported = Signal(object)
    """An import committed: the ImportSummary."""

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self._db = db

    def start(
        self, paths: list[str], annotator: str | None = None, *, actor: str | None = None
    ) -> bool:
        """Begin importing ``paths`` (audited under ``actor``); False while another runs."""
        if self.busy():
            return False
        worker = _Worker(self._db, paths, annotator, actor)
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
            from . import dialogs

            dialogs.show_report(
                self._parent,
                self.tr(
                    "Imported. Not everything the files held was kept as it was: the "
                    "details list what, and why."
                ),
                "\n".join(notices),
                self.tr("Import"),
            )
