"""Running a read off the event loop and handing its result back to the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError

T = TypeVar("T")
_log = logging.getLogger(__name__)


class _Call(QObject):
    """One call's messenger: lives in the GUI thread, its signal crosses from the worker."""

    finished = Signal(object)


class Background(QObject, Generic[T]):
    """Runs one kind of read in a worker thread; only the latest request's result is shown.

    For queries that read a whole table (e.g. counting 100,000 documents), which would
    otherwise hold up painting and typing. A failed read (a busy database) is dropped:
    the next request tries again.
    """

    def __init__(self, done: Callable[[T], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done = done
        self._generation = 0
        self._calls: set[_Call] = set()
        self._threads: list[threading.Thread] = []

    def request(self, read: Callable[[], T]) -> None:
        """Start ``read`` in a worker thread; its result reaches ``done`` unless superseded."""
        self._generation += 1
        generation = self._generation
        call = _Call()
        self._calls.add(call)
        call.finished.connect(lambda result: self._finished(call, generation, result))
        thread = threading.Thread(target=self._work, args=(call, read), daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Let running reads finish (before the database is closed)."""
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def _work(self, call: _Call, read: Callable[[], T]) -> None:
        """The worker thread: read, then hand the result over (None when it failed)."""
        result: tuple[T] | None
        try:
            result = (read(),)
        except AnnotatorError:
            result = None
        except Exception:  # a storage failure mid-read (e.g. the engine was disposed)
            _log.warning("a background read failed; the next request reads again", exc_info=True)
            result = None
        try:
            call.finished.emit(result)
        except RuntimeError:  # the window closed meanwhile
            return

    def _finished(self, call: _Call, generation: int, result: tuple[T] | None) -> None:
        """Deliver the latest request's result in the GUI thread."""
        self._calls.discard(call)
        call.deleteLater()
        if not shiboken6.isValid(self):  # its window was deleted while the read ran
            return
        if result is not None and generation == self._generation:
            self._done(result[0])
