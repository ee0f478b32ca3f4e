"""Importing files from the GUI: a worker thread, a progress dialog, errors in a dialog.

The import itself is the service's all-or-nothing transaction; the GUI only runs it off
the event loop so the window keeps painting, and cancels it by raising from the progress
callback, which rolls the whole import back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError
from annotator.storage.database import Database

if TYPE_CHECKING:
    from annotator.services.importer import ImportProgress, ImportSummary

IMPORTABLE_SUFFIXES = (".txt", ".jsonl", ".json")
PROGRESS_DELAY_MS = 400
"""Short imports finish before the dialog would appear, so they never flash one."""


class ImportCancelled(Exception):
    """Raised inside the import to roll it back when the user cancels."""


def importable(path: str) -> bool:
    """True for files and folders the importer reads (by name; the importer checks content)."""
    p = Path(path)
    return p.is_dir() or p.suffix.lower() in IMPORTABLE_SUFFIXES


class _Worker(QObject):
    """Runs one import in a worker thread and reports back through signals."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self, db: Database, paths: list[str], annotator: str | None, actor: str | None
    ) -> None:
        super().__init__()
        self._db = db
        self._paths = paths
        self._annotator = annotator
        self._actor = actor
        self.cancelled = False

    def _progress(self, progress: ImportProgress) -> None:
        """Forward progress; abort (and so roll back) once the user cancelled."""
        if self.cancelled:
            raise ImportCancelled
        self.progressed.emit(progress)

    @Slot()
    def run(self) -> None:
        """Import, then emit finished(summary) or failed(message)."""
        # Imported here: the readers are only needed once someone imports (faster start).
        from annotator.services.importer import import_paths

        try:
            summary = import_paths(
                self._db,
                self._paths,
                annotator=self._annotator,
                progress=self._progress,
                actor=self._actor,
            )
        except ImportCancelled:
            self.failed.emit("")
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{exc.filename or ''}: {exc.strerror or exc}")
        else:
            self.finished.emit(summary)


class ImportRunner(QObject):
    """Starts imports one at a time and shows their progress."""

    imported = Signal(object)
    """An import committed: the ImportSummary."""
    failed = Signal(str)
    """An import failed (message ``file:line: reason``); nothing was changed."""

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self._db = db
        self._parent = parent
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._dialog: QProgressDialog | None = None

    def busy(self) -> bool:
        """True while an import runs."""
        return self._thread is not None

    def start(
        self, paths: list[str], annotator: str | None = None, *, actor: str | None = None
    ) -> bool:
        """Begin importing ``paths`` (audited under ``actor``); False while another runs."""
        if self._thread is not None:
            return False
        dialog = QProgressDialog(self.tr("Importing…"), self.tr("Cancel"), 0, 1000, self._parent)
        dialog.setWindowTitle(self.tr("Import"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        thread = QThread(self)
        worker = _Worker(self._db, paths, annotator, actor)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        dialog.canceled.connect(self._cancel)
        self._thread, self._worker, self._dialog = thread, worker, dialog
        thread.start()
        return True

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the running import's thread ends (for tests and shutdown)."""
        thread = self._thread
        return thread.wait(msecs) if thread is not None else True

    def _cancel(self) -> None:
        """Ask the worker to stop at its next progress report."""
        if self._worker is not None:
            self._worker.cancelled = True

    def _on_progress(self, progress: ImportProgress) -> None:
        """Move the bar by bytes read (files for empty inputs)."""
        if self._dialog is None:
            return
        if progress.bytes_total:
            value = int(1000 * progress.bytes_done / progress.bytes_total)
        else:
            value = int(1000 * progress.files_done / max(1, progress.files_total))
        self._dialog.setValue(min(999, value))
        self._dialog.setLabelText(
            self.tr("Importing… {files} of {total} files, {records} records").format(
                files=progress.files_done, total=progress.files_total, records=progress.records
            )
        )

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

    def _on_finished(self, summary: ImportSummary) -> None:
        """Report a committed import."""
        self._finish()
        self.imported.emit(summary)

    def _on_failed(self, message: str) -> None:
        """Report a failed (rolled back) or cancelled import."""
        self._finish()
        if message:
            self.failed.emit(message)
