"""The operations layer: every annotation action goes through here, once, with undo/redo.

Each action calls a service (one committed transaction, so an acknowledged action is on
disk before the GUI shows it), records the returned Change on the undo stack and emits
``changed`` once per Change. The main window connects ``changed`` to the single method
that refreshes the widgets. An undo step may hold several Changes (e.g. marking a speaker
and linking it to its quote), undone together in reverse order.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.core.model import SPEAKER, LayerStatus
from annotator.services.annotations import AnnotationService, Change, LayerState
from annotator.storage.database import Database

Step = tuple[Change, ...]
"""One undo step: the Changes of one user action, in the order they were applied."""

MAX_UNDO = 500


class Operations(QObject):
    """Annotation actions of one annotator, persisted at once, with an undo/redo stack."""

    changed = Signal(object)
    """Emitted with each Change after it is committed (the only refresh trigger)."""
    stacksChanged = Signal()
    """Emitted when undo or redo availability may have changed."""

    def __init__(self, db: Database, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.service = AnnotationService(db, annotator)
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    @property
    def annotator(self) -> str:
        """The acting annotator's (cleaned) name."""
        return self.service.annotator

    # -- reading -----------------------------------------------------------------------

    def layer_state(self, document_id: int) -> LayerState:
        """The annotator's layer on a document."""
        return self.service.layer_state(document_id)

    # -- actions -----------------------------------------------------------------------

    def add_span(self, document_id: int, start: int, end: int, label: str) -> Change:
        """Label ``[start, end)``; a no-op Change when that exact span exists already."""
        return self._record(self.service.add_span(document_id, start, end, label))

    def remove_spans(self, document_id: int, span_ids: list[int]) -> Step:
        """Delete spans (with their relations) as one undo step."""
        changes: list[Change] = []
        try:
            for span_id in span_ids:
                changes.append(self.service.remove_span(document_id, span_id))
        finally:
            # What was committed before a failure is recorded, so it can still be undone.
            self._push(tuple(changes))
        return tuple(changes)

    def relabel_span(self, document_id: int, span_id: int, label: str) -> Change:
        """Give a span another label."""
        return self._record(self.service.relabel_span(document_id, span_id, label))

    def link_speaker(
        self, document_id: int, quote_id: int, speaker_id: int, *, join_last: bool = False
    ) -> Change:
        """Link a quote to its speaker; ``join_last`` makes it part of the previous step."""
        change = self.service.link(document_id, quote_id, speaker_id, SPEAKER)
        if join_last and self._undo and not change.is_empty:
            self._undo[-1] = (*self._undo[-1], change)
            self._redo.clear()
            self.changed.emit(change)
            self.stacksChanged.emit()
            return change
        return self._record(change)

    def unlink_speaker(self, document_id: int, quote_id: int, speaker_id: int) -> Change:
        """Remove a quote's speaker link."""
        return self._record(self.service.unlink(document_id, quote_id, speaker_id, SPEAKER))

    def set_topic(self, document_id: int, label: str, on: bool) -> Change:
        """Choose or clear a document topic."""
        return self._record(self.service.set_topic(document_id, label, on))

    def set_status(self, document_id: int, status: LayerStatus) -> Change:
        """Mark the layer new, in progress or done."""
        return self._record(self.service.set_status(document_id, status))

    # -- undo/redo ---------------------------------------------------------------------

    def can_undo(self) -> bool:
        """True when there is a step to undo."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """True when there is a step to redo."""
        return bool(self._redo)

    def undo_document(self) -> int | None:
        """Document of the step Undo would revert (the window opens it first)."""
        return self._undo[-1][0].document_id if self._undo else None

    def redo_document(self) -> int | None:
        """Document of the step Redo would apply."""
        return self._redo[-1][0].document_id if self._redo else None

    def undo(self) -> Step:
        """Revert the last step; each inverse is committed and emitted."""
        return self._move(self._undo, self._redo)

    def redo(self) -> Step:
        """Re-apply the last undone step."""
        return self._move(self._redo, self._undo)

    def clear_history(self) -> None:
        """Forget undo and redo (e.g. after the database was replaced under us)."""
        self._undo.clear()
        self._redo.clear()
        self.stacksChanged.emit()

    # -- internals ---------------------------------------------------------------------

    def _move(self, source: list[Step], target: list[Step]) -> Step:
        """Apply the inverses of ``source``'s last step, last Change first, onto ``target``.

        If one inverse fails (e.g. the database is locked), the inverses already committed
        go to ``target`` and the rest stays on ``source``, so the stacks always match the
        database and a retry continues where it stopped.
        """
        if not source:
            return ()
        step = source.pop()
        done: list[Change] = []
        try:
            for change in reversed(step):
                inverse = self.service.apply_inverse(change)
                done.append(inverse)
                self.changed.emit(inverse)
        finally:
            remaining = step[: len(step) - len(done)]
            if remaining:
                source.append(remaining)
            if done:
                target.append(tuple(done))
            self.stacksChanged.emit()
        return tuple(done)

    def _record(self, change: Change) -> Change:
        """Push a non-empty Change as its own step and announce it."""
        if not change.is_empty:
            self._push((change,))
        return change

    def _push(self, step: Step) -> None:
        """Add a step to the undo stack (dropping redo), then emit its Changes."""
        step = tuple(c for c in step if not c.is_empty)
        if not step:
            return
        self._undo.append(step)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        for change in step:
            self.changed.emit(change)
        self.stacksChanged.emit()
