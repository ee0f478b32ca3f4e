"""The operations layer: every annotation action goes through here, once, with undo/redo.

Each action calls a service (one committed transaction, so an acknowledged action is on
disk before the GUI shows it), records the returned Change on the undo stack and emits
``changed`` once per Change. The main window connects ``changed`` to the single method
that refreshes the widgets. An undo step may hold several Changes (e.g. marking a speaker
and linking it to its quote), undone together in reverse order.

Two layers can be edited: the annotator's own (``OWN``) and, for a reviewer in review
mode, the gold layer (``GOLD``, through ``ReviewService.gold``). Actions go to the layer
named by ``target``; each undo step remembers its layer.

Every write passes ``expected_version``: the version of that layer this window last read
or wrote. When someone else changed the layer meanwhile the service raises ConflictError
and changes nothing (the window then reloads): never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from annotator.core.model import SPEAKER, LayerStatus
from annotator.services.annotations import AnnotationService, Change, LayerState
from annotator.storage.database import Database

if TYPE_CHECKING:
    from annotator.core.review import Disagreement, Version
    from annotator.services.documents import DocumentDetail
    from annotator.services.review import ReviewService

Step = tuple[Change, ...]
"""One undo step: the Changes of one user action, in the order they were applied."""

OWN = "own"
"""The acting annotator's own layer."""
GOLD = "gold"
"""The gold (adjudicated) layer, written by a reviewer."""
MAX_UNDO = 500


@dataclass(frozen=True, slots=True)
class _Entry:
    """An undo or redo step with the layer its Changes belong to."""

    layer: str
    step: Step
    decision: Callable[[bool], None] | None = None
    """A step outside the layer (a rejected suggestion): called with True to take it back
    (undo), False to make it again (redo). ``step`` is then one empty Change naming the
    document, so the window opens it first as for any step."""


class Operations(QObject):
    """Annotation actions of one annotator, persisted at once, with an undo/redo stack."""

    changed = Signal(object, str)
    """Emitted with each Change after it is committed, and its layer (OWN or GOLD)."""
    stacksChanged = Signal()
    """Emitted when undo or redo availability may have changed."""

    def __init__(self, db: Database, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.service = AnnotationService(db, annotator)
        self.review: ReviewService | None = None
        self._services: dict[str, AnnotationService] = {OWN: self.service}
        self.target = OWN
        self._versions: dict[tuple[str, int], int] = {}
        self._undo: list[_Entry] = []
        self._redo: list[_Entry] = []

    @property
    def annotator(self) -> str:
        """The acting annotator's (cleaned) name."""
        return self.service.annotator

    def set_review(self, review: ReviewService) -> None:
        """Allow gold-layer actions through a reviewer's review service."""
        self.review = review
        self._services[GOLD] = review.gold

    def set_target(self, layer: str) -> None:
        """Send the following actions to the own (OWN) or the gold (GOLD) layer."""
        if layer not in self._services:
            raise ValueError(f"no service for the {layer} layer")
        self.target = layer

    # -- reading -----------------------------------------------------------------------

    def layer_state(self, document_id: int, layer: str | None = None) -> LayerState:
        """A layer of the document (the target's by default); its version is remembered."""
        key = layer or self.target
        state = self._services[key].layer_state(document_id)
        self._versions[key, document_id] = state.version
        return state

    def open_document(self, document_id: int) -> tuple[DocumentDetail, LayerState]:
        """A document and the target's layer on it, read in one go; the version remembered."""
        detail, state = self._services[self.target].document_with_layer(document_id)
        self._versions[self.target, document_id] = state.version
        return detail, state

    def remember(self, layer: str, document_id: int, version: int) -> None:
        """Note a layer version read elsewhere (e.g. in a review state)."""
        self._versions[layer, document_id] = version

    def version(self, document_id: int, layer: str | None = None) -> int | None:
        """The version of a layer this window last read or wrote (None: never read)."""
        return self._versions.get((layer or self.target, document_id))

    # -- actions -----------------------------------------------------------------------

    def add_span(self, document_id: int, start: int, end: int, label: str) -> Change:
        """Label ``[start, end)``; a no-op Change when that exact span exists already."""
        return self._act(
            document_id,
            lambda s, v: s.add_span(document_id, start, end, label, expected_version=v),
        )

    def accept_suggestions(
        self,
        document_id: int,
        accepted: list[tuple[int, int, str, dict[str, str]]],
        speakers: dict[tuple[int, int, str], tuple[int, int, str]] | None = None,
        topics: list[tuple[str, dict[str, str]]] | None = None,
    ) -> Step:
        """Add accepted suggestions ``(start, end, label, source)`` as one undo step.

        ``speakers`` maps a quote's key to its suggested speaker span, which is added when
        missing and linked. ``topics`` are accepted topic suggestions ``(label, source)``,
        set as ordinary document topics. ``source`` (suggester, model version) goes to the
        audit log.
        """
        layer = self.target
        service = self._services[layer]
        changes: list[Change] = []
        try:
            for label, source in topics or []:
                version = self.version(document_id, layer)
                change = service.set_topic(
                    document_id, label, True, expected_version=version, source=source
                )
                self._seen(layer, change)
                changes.append(change)
            for start, end, label, source in accepted:
                version = self.version(document_id, layer)
                change = service.add_span(
                    document_id, start, end, label, expected_version=version, source=source
                )
                self._seen(layer, change)
                changes.append(change)
                speaker = (speakers or {}).get((start, end, label))
                if speaker is None:
                    continue
                version = self.version(document_id, layer)
                added = service.add_span(
                    document_id, *speaker, expected_version=version, source=source
                )
                self._seen(layer, added)
                changes.append(added)
                state = service.layer_state(document_id)
                ids = {s.key: s.id for s in state.spans}
                link = service.link(
                    document_id,
                    ids[(start, end, label)],
                    ids[speaker],
                    SPEAKER,
                    expected_version=state.version,
                )
                self._seen(layer, link)
                changes.append(link)
        finally:
            self._push(layer, tuple(changes))
        return tuple(changes)

    def remove_spans(self, document_id: int, span_ids: list[int]) -> Step:
        """Delete spans (with their relations) as one undo step."""
        layer = self.target
        service = self._services[layer]
        changes: list[Change] = []
        try:
            for span_id in span_ids:
                version = self.version(document_id, layer)
                change = service.remove_span(document_id, span_id, expected_version=version)
                self._seen(layer, change)
                changes.append(change)
        finally:
            # What was committed before a failure is recorded, so it can still be undone.
            self._push(layer, tuple(changes))
        return tuple(changes)

    def relabel_span(self, document_id: int, span_id: int, label: str) -> Change:
        """Give a span another label."""
        return self._act(
            document_id,
            lambda s, v: s.relabel_span(document_id, span_id, label, expected_version=v),
        )

    def link_speaker(
        self, document_id: int, quote_id: int, speaker_id: int, *, join_last: bool = False
    ) -> Change:
        """Link a quote to its speaker; ``join_last`` makes it part of the previous step."""
        layer = self.target
        change = self._services[layer].link(
            document_id,
            quote_id,
            speaker_id,
            SPEAKER,
            expected_version=self.version(document_id, layer),
        )
        self._seen(layer, change)
        last = self._undo[-1] if self._undo else None
        if join_last and last is not None and last.layer == layer and not change.is_empty:
            self._undo[-1] = _Entry(layer, (*last.step, change))
            self._redo.clear()
            self.changed.emit(change, layer)
            self.stacksChanged.emit()
            return change
        return self._record(layer, change)

    def unlink_speaker(self, document_id: int, quote_id: int, speaker_id: int) -> Change:
        """Remove a quote's speaker link."""
        return self._act(
            document_id,
            lambda s, v: s.unlink(document_id, quote_id, speaker_id, SPEAKER, expected_version=v),
        )

    def set_topic(self, document_id: int, label: str, on: bool) -> Change:
        """Choose or clear a document topic."""
        return self._act(
            document_id,
            lambda s, v: s.set_topic(document_id, label, on, expected_version=v),
        )

    def set_status(self, document_id: int, status: LayerStatus) -> Change:
        """Mark the layer new, in progress or done."""
        return self._act(
            document_id,
            lambda s, v: s.set_status(document_id, status, expected_version=v),
        )

    # -- gold steps (review mode) ------------------------------------------------------

    def gold_start(self, document_id: int) -> Change:
        """Replace the gold layer by the annotators' majority vote (one undo step)."""
        review = self._review()
        return self._gold(
            document_id, lambda v: review.start(document_id, majority=True, expected_version=v)
        )

    def gold_accept(
        self, document_id: int, disagreement: Disagreement, version: Version | int
    ) -> Change:
        """Give the gold layer one annotator version of a disagreement."""
        review = self._review()
        return self._gold(
            document_id,
            lambda v: review.accept(document_id, disagreement, version, expected_version=v),
        )

    def gold_reject(self, document_id: int, disagreement: Disagreement) -> Change:
        """Remove everything of a disagreement from the gold layer."""
        review = self._review()
        return self._gold(
            document_id, lambda v: review.reject(document_id, disagreement, expected_version=v)
        )

    # -- undo/redo ---------------------------------------------------------------------

    def can_undo(self) -> bool:
        """True when there is a step to undo."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """True when there is a step to redo."""
        return bool(self._redo)

    def undo_document(self) -> int | None:
        """Document of the step Undo would revert (the window opens it first)."""
        return self._undo[-1].step[0].document_id if self._undo else None

    def redo_document(self) -> int | None:
        """Document of the step Redo would apply."""
        return self._redo[-1].step[0].document_id if self._redo else None

    def undo_layer(self) -> str | None:
        """Layer (OWN or GOLD) of the step Undo would revert."""
        return self._undo[-1].layer if self._undo else None

    def redo_layer(self) -> str | None:
        """Layer (OWN or GOLD) of the step Redo would apply."""
        return self._redo[-1].layer if self._redo else None

    def undo(self) -> Step:
        """Revert the last step; each inverse is committed and emitted."""
        return self._move(self._undo, self._redo, "undo")

    def redo(self) -> Step:
        """Re-apply the last undone step."""
        return self._move(self._redo, self._undo, "redo")

    def clear_history(self) -> None:
        """Forget undo and redo (e.g. after the database was replaced under us)."""
        self._undo.clear()
        self._redo.clear()
        self.stacksChanged.emit()

    # -- internals ---------------------------------------------------------------------

    def _review(self) -> ReviewService:
        """The review service, or a clear error when review mode was never entered."""
        if self.review is None:
            raise RuntimeError("gold steps need set_review() first")
        return self.review

    def _act(
        self, document_id: int, call: Callable[[AnnotationService, int | None], Change]
    ) -> Change:
        """Run one service action on the target layer at the version last seen; record it."""
        layer = self.target
        change = call(self._services[layer], self.version(document_id, layer))
        self._seen(layer, change)
        return self._record(layer, change)

    def _gold(self, document_id: int, call: Callable[[int | None], Change]) -> Change:
        """Run one review step on the gold layer at the version last seen; record it."""
        change = call(self.version(document_id, GOLD))
        self._seen(GOLD, change)
        return self._record(GOLD, change)

    def _seen(self, layer: str, change: Change) -> None:
        """Remember the layer version a Change left behind (the next expected version)."""
        if change.version is not None:
            self._versions[layer, change.document_id] = change.version

    def _move(self, source: list[_Entry], target: list[_Entry], action: str) -> Step:
        """Apply the inverses of ``source``'s last step, last Change first, onto ``target``.

        ``action`` ("undo" or "redo") names the step in the audit log.

        If one inverse fails (e.g. the database is locked, or someone else changed the
        layer), the inverses already committed go to ``target`` and the rest stays on
        ``source``, so the stacks always match the database and a retry continues where
        it stopped.
        """
        if not source:
            return ()
        decision = source[-1].decision
        if decision is not None:
            decision(action == "undo")  # raises (stacks unchanged) when it fails
            target.append(source.pop())
            self.stacksChanged.emit()
            return ()
        entry = source.pop()
        service = self._services[entry.layer]
        done: list[Change] = []
        try:
            for change in reversed(entry.step):
                expected = self.version(change.document_id, entry.layer)
                inverse = service.apply_inverse(change, expected_version=expected, action=action)
                self._seen(entry.layer, inverse)
                done.append(inverse)
                self.changed.emit(inverse, entry.layer)
        finally:
            remaining = entry.step[: len(entry.step) - len(done)]
            if remaining:
                source.append(_Entry(entry.layer, remaining))
            if done:
                target.append(_Entry(entry.layer, tuple(done)))
            self.stacksChanged.emit()
        return tuple(done)

    def _record(self, layer: str, change: Change) -> Change:
        """Push a non-empty Change as its own step and announce it."""
        if not change.is_empty:
            self._push(layer, (change,))
        return change

    def record_decision(self, document_id: int, decision: Callable[[bool], None]) -> None:
        """Put a decision made outside the layer (a suggestion rejected, already stored) on
        the undo stack: Ctrl+Z takes it back (``decision(True)``), redo makes it again
        (``decision(False)``), instead of undoing an earlier, unrelated edit."""
        self._undo.append(_Entry(self.target, (Change(document_id),), decision))
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self.stacksChanged.emit()

    def _push(self, layer: str, step: Step) -> None:
        """Add a step to the undo stack (dropping redo), then emit its Changes."""
        step = tuple(c for c in step if not c.is_empty)
        if not step:
            return
        self._undo.append(_Entry(layer, step))
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        for change in step:
            self.changed.emit(change, layer)
        self.stacksChanged.emit()
