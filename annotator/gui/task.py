"""A long service call (import, export) in a worker thread, with a cancellable progress dialog.

The service does the work and keeps its own promise (an import is one transaction; an
export renames its file only when complete); the GUI only runs it off the event loop, so
the window keeps painting, and cancels it by raising from the progress callback.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError

_log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 400
"""Short tasks finish before the dialog would appear, so they never flash one."""


class TaskCancelled(Exception):
    """Raised inside the task, from its progress callback, once the user cancelled."""


class TaskWorker(QObject):
    """Runs ``work`` in a worker thread and reports back through signals."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    """The reason, naming the file; empty when the user cancelled."""
    done = Signal()
    """The task is over (after finished or failed)."""

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = False

    def work(self) -> object:
        """The service call; subclasses pass ``report`` as its progress callback."""
        raise NotImplementedError

    def report(self, progress: object) -> None:
        """Forward progress; stop the task once the user cancelled."""
        if self.cancelled:
            raise TaskCancelled
        self.progressed.emit(progress)

    def file_error(self, exc: OSError) -> str:
        """The message for a file the task could not read or write."""
        return f"{exc.filename or ''}: {exc.strerror or exc}"

    def error_text(self, exc: AnnotatorError) -> str:
        """The message for a refusal of the service (subclasses word the window's own
        remedy where the service names a command-line option)."""
        return str(exc)

    @Slot()
    def run(self) -> None:
        """Work, then emit finished(result) or failed(message), and end the thread."""
        try:
            self._run()
        finally:
            self.done.emit()

    def _run(self) -> None:
        """Work and emit the outcome."""
        try:
            result = self.work()
        except TaskCancelled:
            self.failed.emit("")
        except AnnotatorError as exc:
            self.failed.emit(self.error_text(exc))
        except OSError as exc:
            self.failed.emit(self.file_error(exc))
        except Exception as exc:  # a bug or a lost server: end the task, never hang it
            _log.exception("task failed")
            self.failed.emit(f"unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.finished.emit(result)


class TaskRunner(QObject):
    """Runs one task at a time with a progress dialog; subclasses start and report them."""

    failed = Signal(str)
    """A task failed (a message naming the file and the reason); it changed nothing."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._thread: QThread | None = None
        self._worker: TaskWorker | None = None
        self.dialog: QProgressDialog | None = None

    def busy(self) -> bool:
        """True while a task runs."""
        return self._thread is not None

    def launch(self, worker: TaskWorker, label: str, title: str, steps: int) -> None:
        """Start ``worker`` in a new thread; ``steps`` 0 shows a busy bar (no known total)."""
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, steps, self._parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Direct: the worker thread ends its own event loop as soon as the task is over, so
        # ``wait`` returns before the GUI thread has handled the result.
        worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.progressed.connect(self.on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        dialog.canceled.connect(self.cancel)
        self._thread, self._worker, self.dialog = thread, worker, dialog
        thread.start()

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the running task's thread ends (for tests and shutdown)."""
        thread = self._thread
        return thread.wait(msecs) if thread is not None else True

    def on_progress(self, progress: object) -> None:
        """Show the task's progress in the dialog (subclasses)."""

    def on_finished(self, result: object) -> None:
        """Report a finished task (subclasses)."""

    def cancel(self) -> None:
        """Ask the running task to stop at its next progress report."""
        if self._worker is not None:
            self._worker.cancelled = True

    def _finish(self) -> None:
        """Stop the thread and close the dialog."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
        self._thread = self._worker = self.dialog = None

    def _on_finished(self, result: object) -> None:
        """Close up, then report the result."""
        self._finish()
        self.on_finished(result)

    def _on_failed(self, message: str) -> None:
        """Close up, then report a failure (a cancelled task reports nothing)."""
        self._finish()
        if message:
            self.failed.emit(message)
