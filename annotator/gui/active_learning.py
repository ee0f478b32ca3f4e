"""Scoring the document list's to-do documents by model uncertainty, off the event loop.

The document list's "most uncertain first" order reads stored scores; this worker computes
the missing ones (``services.active_learning``) a batch at a time in a thread, queued
documents and those of the list's filter first, and says how far it is. Scoring is Python
work sharing the interpreter with the window, so it pauses between documents, and waits
altogether for a moment after the annotator opens an article or stores an action
(``hold``): switching articles stays as fast as without it. It loads the model once per
version and follows a newer one when stored.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError
from annotator.services import active_learning as service
from annotator.services.documents import DocumentFilter
from annotator.storage.database import Database

_log = logging.getLogger(__name__)

PAUSE_S = 0.003
"""Pause between two documents' scoring (lets the GUI thread take the interpreter)."""
HOLD_S = 2.0
"""After an article opens or an action is stored, scoring waits this long."""
START_DELAY_S = 0.5
"""A new list is ranked this long after it was asked for."""
BATCH = 20
"""Documents scored, then stored, at a time."""
CHUNK = 500
"""Unscored documents looked up at a time."""


class UncertaintyRanker(QObject):
    """Scores a filter's to-do documents in a worker thread; only the latest filter counts."""

    progressed = Signal(int, int)
    """(scored, total) of the list being ranked, after each stored batch (and at start)."""
    started = Signal(int, int)
    """(scored, total) of a list when its ranking starts (before any new score)."""
    finished = Signal()
    """Every document of the list has a score of the current model."""
    failed = Signal(str)
    """Ranking stopped (no model any more, the database refused...): one line why."""

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lock = threading.Lock()
        self._pending: tuple[DocumentFilter, str] | None = None
        self._running = False
        self._stopped = False
        self._thread: threading.Thread | None = None
        self._hold_until = 0.0

    @property
    def running(self) -> bool:
        """True while the worker scores."""
        with self._lock:
            return self._running

    def start(self, flt: DocumentFilter, kind: str) -> None:
        """Rank ``flt``'s to-do list by the current ``kind`` model (replacing any other)."""
        with self._lock:
            self._pending = (flt, kind)
            self._stopped = False
            if self._running:
                return
            self._running = True
        self._thread = threading.Thread(target=self._work, name="uncertainty", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the document in hand (the list left the uncertainty order)."""
        with self._lock:
            self._pending = None
            self._stopped = True

    def wait(self, timeout: float = 10.0) -> None:
        """Stop and let the worker end (before the database is closed)."""
        self.stop()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _next(self) -> tuple[DocumentFilter, str] | None:
        with self._lock:
            job, self._pending = self._pending, None
            if job is None and self._stopped:
                self._running = False
            return job

    def hold(self, seconds: float = HOLD_S) -> None:
        """Score nothing for a while: the annotator is opening an article or annotating.

        Scoring is Python work that shares the interpreter with the window; while the
        annotator switches articles it waits, so switching stays as fast as without it.
        """
        with self._lock:
            self._hold_until = max(self._hold_until, time.monotonic() + seconds)

    def _wait_held(self) -> bool:
        """Wait while held; True when the job was replaced or stopped meanwhile."""
        while True:
            with self._lock:
                left = self._hold_until - time.monotonic()
            if self._halted():
                return True
            if left <= 0:
                return False
            time.sleep(min(left, 0.05))

    def _settle(self) -> bool:
        """Wait ``START_DELAY_S`` before a new list (the open article's suggestions go first;
        a search being typed settles); True when the job was replaced or stopped meanwhile."""
        end = time.monotonic() + START_DELAY_S
        while time.monotonic() < end:
            if self._halted():
                return True
            time.sleep(0.05)
        return False

    def _halted(self) -> bool:
        with self._lock:
            return self._stopped or self._pending is not None

    def _work(self) -> None:
        job: tuple[DocumentFilter, str] | None = None
        loaded: service.LoadedModel | None = None
        counts = (0, 0)
        while True:
            fresh = self._next()
            job = fresh or job
            with self._lock:
                if self._stopped or job is None:
                    self._running = False
                    return
            flt, kind = job
            try:
                if fresh is not None and self._settle():
                    continue  # another list (or a stop) came while settling
                if fresh is not None:
                    # Counted once per list (a COUNT over 100,000 rows is not free);
                    # then each stored batch adds to it.
                    counts = service.progress(self._db, service.ordered(flt, kind))
                    self._emit(self.started, *counts)
                loaded, counts, complete = self._pass(flt, kind, loaded, counts)
            except AnnotatorError as exc:
                self._emit(self.failed, str(exc))
                complete = True
            except Exception as exc:  # a storage failure: say so, never crash the thread
                _log.warning("ranking by uncertainty failed", exc_info=True)
                self._emit(self.failed, str(exc))
                complete = True
            if complete:
                with self._lock:
                    if self._pending is None:
                        self._running = False
                        return

    def _pass(
        self,
        flt: DocumentFilter,
        kind: str,
        loaded: service.LoadedModel | None,
        counts: tuple[int, int],
    ) -> tuple[service.LoadedModel | None, tuple[int, int], bool]:
        """Score up to ``CHUNK`` documents, storing every ``BATCH``; returns the model, the
        (scored, total) so far, and whether the list is completely scored."""
        if self._wait_held():  # reading the model and the list is Python work too
            return loaded, counts, False
        ref = service.current_model(self._db, kind)
        if ref is None:
            raise AnnotatorError(f"no {kind} model any more")
        if loaded is None or loaded.ref != ref:
            if loaded is not None:  # a new version: its scores start from none
                counts = service.progress(self._db, service.ordered(flt, kind))
            loaded = service.load(self._db, kind)
            if loaded is None:
                raise AnnotatorError(f"no {kind} model any more")
        ordered = service.ordered(flt, kind)
        # One scan of the list finds a chunk of unscored documents (not one per batch).
        ids = service.unscored(self._db, ordered, CHUNK)
        if not ids:
            counts = service.progress(self._db, ordered)
            self._emit(self.progressed, *counts)
            self._emit(self.finished)
            return loaded, counts, True
        scored, total = counts
        for first in range(0, len(ids), BATCH):
            scores: list[tuple[int, float]] = []
            for doc in service.texts(self._db, ids[first : first + BATCH]):
                if self._wait_held():
                    break
                scores += loaded.score([doc])
                time.sleep(PAUSE_S)
            if not scores or not service.store(self._db, loaded.ref, scores):
                break  # halted, or a newer model: the next pass sees to it
            scored = min(total, scored + len(scores))
            self._emit(self.progressed, scored, total)
            if self._halted():
                break
        return loaded, (scored, total), False

    @staticmethod
    def _emit(signal: object, *values: object) -> None:
        try:
            signal.emit(*values)  # type: ignore[attr-defined]
        except RuntimeError:  # the window closed meanwhile
            return
