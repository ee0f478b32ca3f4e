"""Suggestions in the app: computed in the background, drawn, stepped through, accepted.

When a document opens, its suggestions are computed in a worker thread (the suggesters
are loaded once, also off the event loop), so opening or switching never waits. They are
drawn by ``SuggestionOverlay`` and are part of no layer. Keys: next / previous suggestion
(F9 / Shift+F9), accept (F10), reject (F11), accept every suggestion of the document
(Ctrl+F10). An accepted suggestion becomes an ordinary span through ``Operations`` (one
undo step; the audit log records the suggester and model version); a rejected one is
stored for this annotator and document and not offered there again (unless the
rejection is undone: it is a step of the undo stack too).

The topic model's best topics are computed in the same background step and offered in the
Topics panel; they come after the span suggestions in the F9 order, and the same keys
accept (an ordinary document topic) or reject them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence

from annotator.core.errors import AnnotatorError
from annotator.core.model import SPEAKER_KINDS, Label, LabelKind
from annotator.core.suggest.base import Suggestion, TopicSuggestion, merge
from annotator.core.suggest.quotes import speaker_for
from annotator.services import suggestions as service
from annotator.storage.database import Database

from .background import Background
from .bidi_text import keys
from .layer import OpenLayer
from .operations import Operations
from .suggestion_overlay import SuggestionOverlay

START_DELAY_MS = 150
"""Suggestions start this long after a document opens (after its first paint)."""

TOPICS_OFFERED = 3
"""At most this many topics are offered."""
MIN_TOPIC_SCORE = 0.2
"""Topics after the best one are offered only from this score on."""

KEYS = {
    "next": "F9",
    "previous": "Shift+F9",
    "accept": "F10",
    "reject": "F11",
    "accept_all": "Ctrl+F10",
}


class SuggestionActions(QObject):
    """The suggestion keys as window actions (named and translated here)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)

        def make(key: str) -> QAction:
            action = QAction(parent)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            return action

        self.next = make(KEYS["next"])
        self.previous = make(KEYS["previous"])
        self.accept = make(KEYS["accept"])
        self.reject = make(KEYS["reject"])
        self.accept_all = make(KEYS["accept_all"])
        self.train = QAction(parent)
        self.retranslate()

    def all(self) -> list[QAction]:
        """Every action, in menu order."""
        return [self.next, self.previous, self.accept, self.reject, self.accept_all, self.train]

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.next.setText(self.tr("Next suggestion"))
        self.previous.setText(self.tr("Previous suggestion"))
        self.accept.setText(self.tr("Accept suggestion"))
        self.reject.setText(self.tr("Reject suggestion"))
        self.accept_all.setText(self.tr("Accept all suggestions in the document"))
        self.train.setText(self.tr("Train the suggestion model"))
        self.train.setToolTip(
            self.tr(
                "Learn entities and topics from the done and gold layers, in the background; "
                "the new models suggest from the next document on"
            )
        )

    def help_text(self) -> str:
        """The lines the shortcuts dialog shows for these keys."""
        return self.tr(
            "Suggestions (dashed outlines, suggested topics in the Topics panel): {next} / "
            "{previous} next / previous, {accept} accept, {reject} reject, {all} accept all "
            "in the document."
        ).format(
            next=keys("F9"),
            previous=keys("Shift+F9"),
            accept=keys("F10"),
            reject=keys("F11"),
            all=keys("Ctrl+F10"),
        )


@dataclass(frozen=True, slots=True)
class _Found:
    """What the worker computed for one document."""

    document_id: int
    spans: list[Suggestion]
    topics: list[TopicSuggestion]
    rejected: set[tuple[int, int, str]]
    problems: list[str]
    """Why a suggester is missing (a stored model that cannot be read)."""


class SuggestionController(QObject):
    """The open document's suggestions: background computing, the current one, decisions."""

    shown = Signal(int)
    """Emitted with the number of suggestions drawn (after computing or a decision)."""
    topicsShown = Signal(object, object)
    """Emitted with the offered topics ``{label: score}`` and the current one (or None)."""
    problem = Signal(str)
    """Emitted once per loading of the suggesters with why one is missing (a stored model
    that cannot be read): the others suggest meanwhile."""

    def __init__(
        self,
        db: Database,
        ops: Operations,
        overlay: SuggestionOverlay,
        select: Callable[[int, int], None],
        guard: Callable[[Callable[[], Any]], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.ops = ops
        self.overlay = overlay
        self._select = select
        self._guard = guard
        self._suggesters: service.Suggesters | None = None
        self._said: list[str] = []
        self._lock = threading.Lock()
        self._kinds: dict[str, LabelKind] = {}
        self._document: int | None = None
        self._text = ""
        self._raw: list[Suggestion] = []
        self._raw_topics: list[TopicSuggestion] = []
        self._topics: list[TopicSuggestion] = []
        self._rejected: set[tuple[int, int, str]] = set()
        self._layer: OpenLayer | None = None
        self._visible: list[Suggestion] = []
        self._current = -1
        self._resume: int | None = None
        """Where F9 / F10 go on after the current suggestion went under a hand-made span."""
        self._advance = False
        self._selected: tuple[int, int] | None = None
        self.enabled = True
        self.background: Background[_Found] = Background(self._computed, self)
        self._pending: tuple[int, str, dict[str, Any], str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(START_DELAY_MS)
        self._timer.timeout.connect(self._start)

    def set_labels(self, labels: list[Label]) -> None:
        """The schema's colours and kinds."""
        self.overlay.set_labels(labels)
        self._kinds = {label.name: label.kind for label in labels}

    def suggesters(self) -> service.Suggesters:
        """The database's suggesters, loaded once (called from the worker thread)."""
        with self._lock:
            if self._suggesters is None:
                self._suggesters = service.Suggesters.load(self.db)
            return self._suggesters

    def reload(self) -> None:
        """Load the suggesters again on the next document (after new models or patterns)."""
        with self._lock:
            self._suggesters = None
        self._said = []

    # -- the open document -------------------------------------------------------------

    def document_opened(
        self, document_id: int, text: str, meta: dict[str, Any], layer: OpenLayer
    ) -> None:
        """Start computing a document's suggestions; draw them when they arrive."""
        self._document = document_id
        self._text = text
        self._layer = layer
        self._raw = []
        self._raw_topics = []
        self._visible = []
        self._topics = []
        self._current = -1
        self._resume = None
        self._selected = None
        self.overlay.clear()
        self.topicsShown.emit({}, None)
        if not self.enabled:
            return
        annotator = self.ops.annotator
        self._pending = (document_id, text, meta, annotator)
        # A moment after the document is painted, and only for the document still open:
        # paging through documents quickly computes nothing for the ones passed over.
        self._timer.start()

    def _start(self) -> None:
        if self._pending is None or self._pending[0] != self._document:
            return
        document_id, text, meta, annotator = self._pending
        self._pending = None

        def compute() -> _Found:
            rejected = service.rejected(self.db, annotator, document_id)
            suggesters = self.suggesters()
            found = suggesters.spans(text, meta, (), rejected, document_id=document_id)
            # Every topic but the rejected ones: those the layer has are filtered on show,
            # so unchecking a topic offers it again.
            topics = suggesters.topic_suggestions(
                text, (), rejected, top=max(TOPICS_OFFERED, len(self._kinds))
            )
            return _Found(document_id, found, topics, rejected, list(suggesters.problems))

        self.background.request(compute)

    def _computed(self, result: _Found) -> None:
        if result.problems and result.problems != self._said:
            self._said = result.problems
            self.problem.emit("; ".join(result.problems))
        if result.document_id != self._document:
            return
        self._raw = result.spans
        self._raw_topics = result.topics
        self._rejected = result.rejected
        self.refresh()

    def layer_changed(self, layer: OpenLayer) -> None:
        """The layer changed (a span added, undone...): show what it still lacks."""
        if layer.document_id == self._document:
            self._layer = layer
            self.refresh()

    def refresh(self) -> None:
        """Filter the computed suggestions against the layer and rejections; draw them.

        The current suggestion stays current while it is shown. One accepted or rejected
        here hands on to the next (by its place); one that a hand-made span removed leaves
        none current, and F9 / F10 go on from its place (F10 accepted the next one, which
        the annotator had not gone to, and F9 skipped it).
        """
        before = self.current
        layer = self._layer
        spans = list(layer.spans.values()) if layer is not None else []
        entity = [(s.start, s.end) for s in spans if s.kind == LabelKind.ENTITY]
        quote = [(s.start, s.end) for s in spans if s.kind == LabelKind.QUOTE]
        entities = [s for s in self._raw if self._kinds.get(s.label) == LabelKind.ENTITY]
        quotes = [s for s in self._raw if self._kinds.get(s.label) == LabelKind.QUOTE]
        self._visible = sorted(
            merge([entities], entity, self._rejected) + merge([quotes], quote, self._rejected),
            key=lambda s: (s.start, s.end),
        )
        self._topics = self._offered_topics(layer.topics if layer is not None else frozenset())
        items = self._items
        if before is not None and before in items:
            self._current = items.index(before)
        elif before is not None and not self._advance:
            self._resume, self._current = self._current, -1
        if self._current >= len(items):
            self._current = len(items) - 1
        self._draw()
        self.shown.emit(len(self._visible))

    def _offered_topics(self, have: set[str] | frozenset[str]) -> list[TopicSuggestion]:
        """The model's best topic and any other scoring at least ``MIN_TOPIC_SCORE`` (at
        most ``TOPICS_OFFERED``), minus those the layer has or the annotator rejected.

        Accepting or rejecting the best one does not promote a weak runner-up."""
        ranked = self._raw_topics[:1] + [
            t for t in self._raw_topics[1:] if t.score >= MIN_TOPIC_SCORE
        ]
        rejected = {label for s, _e, label in self._rejected if s == service.NO_RANGE}
        return [t for t in ranked if t.label not in have and t.label not in rejected][
            :TOPICS_OFFERED
        ]

    def _draw(self) -> None:
        """Outlines for the span suggestions, marks in the Topics panel for the topics."""
        spans = self._current if self._current < len(self._visible) else -1
        self.overlay.show_suggestions(self._text, self._visible, spans)
        current = self.current
        self.topicsShown.emit(
            {t.label: t.score for t in self._topics},
            current.label if isinstance(current, TopicSuggestion) else None,
        )

    @property
    def _items(self) -> list[Suggestion | TopicSuggestion]:
        """Span suggestions in text order, then the offered topics (the F9 order)."""
        return [*self._visible, *self._topics]

    @property
    def visible(self) -> list[Suggestion]:
        """The span suggestions drawn now."""
        return list(self._visible)

    @property
    def topics(self) -> list[TopicSuggestion]:
        """The topic suggestions offered now (best first)."""
        return list(self._topics)

    @property
    def current(self) -> Suggestion | TopicSuggestion | None:
        """The suggestion the keys act on."""
        items = self._items
        if 0 <= self._current < len(items):
            return items[self._current]
        return None

    # -- keys --------------------------------------------------------------------------

    def step(self, by: int) -> None:
        """Go to the next (1) or previous (-1) suggestion and select its text."""
        items = self._items
        if not items:
            return
        if self._current < 0 and self._resume is not None:
            self._current = (self._resume if by > 0 else self._resume - 1) % len(items)
        else:
            self._current = (self._current + by) % len(items)
        self._resume = None
        self._show_current()
        self._draw()

    def _went_under_a_span(self) -> bool:
        """No suggestion current since the current one went under a hand-made span: go
        to the next one (and select it) instead of acting on one not looked at."""
        if self._current < 0 and self._resume is not None:
            self.step(1)
            return True
        return False

    def accept(self) -> None:
        """Accept the current suggestion (the first when none is current)."""
        if self._went_under_a_span():
            return
        if self._current < 0 and self._items:
            self._current = 0
        s = self.current
        if s is not None:
            self._accept([s])

    def accept_all(self) -> None:
        """Accept every suggestion of the document, topics too, as one undo step."""
        if self._items:
            self._accept(self._items)

    def _accept(self, chosen: list[Suggestion | TopicSuggestion]) -> None:
        if self._document is None:
            return
        doc = self._document
        spans = [s for s in chosen if isinstance(s, Suggestion)]
        items = [(s.start, s.end, s.label, _source(s)) for s in spans]
        speakers = {s.key: who for s in spans if (who := self._speaker(s)) is not None}
        topics = [(t.label, _source(t)) for t in chosen if isinstance(t, TopicSuggestion)]
        self._resume = None
        self._advance = True  # the accepted one hands on to the next
        try:
            self._guard(lambda: self.ops.accept_suggestions(doc, items, speakers, topics))
        finally:
            self._advance = False
        self._show_current()
        self._draw()

    def _speaker(self, s: Suggestion) -> tuple[int, int, str] | None:
        """The span an accepted quote is linked to. Its suggested speaker was chosen when
        the suggestions were computed (among the other suggestions; when none was, the
        nearest PER/ORG the layer has now): rejected since, it is not added (no speaker); a
        PER/ORG span of the layer that overlaps it (drawn by hand across it) is the
        speaker instead, rather than a second span crossing it; another entity span
        over it leaves the quote without one."""
        layer = self._layer
        if s.speaker is None:
            # No suggestion was a speaker: one the layer has (labelled by hand) may be.
            if layer is None:
                return None
            have = [(o.start, o.end, o.label) for o in layer.spans.values()]
            return speaker_for(self._text, (s.start, s.end), have)
        if s.speaker in self._rejected:
            return None
        start, end, _label = s.speaker
        spans = layer.spans.values() if layer is not None else ()
        over = [
            span
            for span in spans
            if span.kind == LabelKind.ENTITY and span.start < end and start < span.end
        ]
        if not over or any((o.start, o.end, o.label) == s.speaker for o in over):
            return s.speaker
        for o in over:
            if o.label in SPEAKER_KINDS:
                return (o.start, o.end, o.label)
        return None

    def _show_current(self) -> None:
        """Select the current suggestion's text; for a topic, drop the selection this
        controller made (a leftover selection would take the topic keys 1-0)."""
        s = self.current
        if isinstance(s, Suggestion):
            self._select(s.start, s.end)
            self._selected = (s.start, s.end)
        elif s is not None and self._selected is not None:
            end = self._selected[1]
            self._select(end, end)
            self._selected = None

    def reject(self) -> None:
        """Reject the current suggestion: remembered for this annotator and document."""
        if self._went_under_a_span():
            return
        if self._current < 0 and self._items:
            self._current = 0
        s = self.current
        if s is None or self._document is None:
            return
        doc, who = self._document, self.ops.annotator
        try:
            service.reject(self.db, who, doc, s)
        except AnnotatorError:
            self._guard(lambda: service.reject(self.db, who, doc, s))
            return
        self._rejected.add(service.rejection_key(s))
        self.ops.record_decision(doc, lambda undo: self._redecide(doc, who, s, undo))
        self._advance = True  # the rejected one hands on to the next
        try:
            self.refresh()
        finally:
            self._advance = False
        self._show_current()

    def _redecide(self, doc: int, who: str, s: Suggestion | TopicSuggestion, undo: bool) -> None:
        """Undo (``undo``) or redo a rejection: stored first, then shown. A suggestion
        offered again is the current one, so F10 accepts it at once."""
        if undo:
            service.unreject(self.db, who, doc, s)
        else:
            service.reject(self.db, who, doc, s)
        if doc != self._document:
            return  # the document's next computation reads the rejections stored
        key = service.rejection_key(s)
        if not undo:
            self._rejected.add(key)
            self.refresh()
            return
        self._rejected.discard(key)
        # Computed since the rejection, the document's suggestions left it out.
        if isinstance(s, Suggestion) and s not in self._raw:
            self._raw.append(s)
        elif isinstance(s, TopicSuggestion) and s not in self._raw_topics:
            self._raw_topics = sorted([*self._raw_topics, s], key=lambda t: -t.score)
        self.refresh()
        if s in self._items:
            self._current = self._items.index(s)
            self._resume = None
            self._show_current()
            self._draw()


def _source(s: Suggestion | TopicSuggestion) -> dict[str, str]:
    """What the audit log keeps of an accepted suggestion."""
    source = {"suggester": s.suggester, "score": f"{s.score:.3f}"}
    if s.version:
        source["model_version"] = s.version
    return source


class ModelTrainer(QObject):
    """Trains the entity and topic models in a worker thread; the window keeps working."""

    finished = Signal(object)
    """Emitted with the ``TrainResult`` of each model once it is stored."""
    failed = Signal(str)
    """Emitted with a one-line reason (nothing to train on, not a reviewer...) when no
    model could be trained; one that could not while the other could is ``skipped``."""
    skipped = Signal(str)
    """Emitted with the reason one kind was not trained while the other was."""
    stopped = Signal()
    """Emitted when a training run is over, whatever its outcome."""

    def __init__(self, db: Database, who: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.who = who
        self._thread: threading.Thread | None = None
        self._abandoned = False

    @property
    def running(self) -> bool:
        """True while a training runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> bool:
        """Start training unless one runs already; False when one does."""
        if self.running:
            return False
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float = 120.0) -> None:
        """Let a running training finish (before the database is closed)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def abandon(self) -> None:
        """The app quits without waiting: the running training reports nothing, and what
        it was about to store is never committed (the process ends under it)."""
        self._abandoned = True

    def _work(self) -> None:
        reasons: list[str] = []
        trained = 0
        try:
            for kind in ("entity", "topic"):
                if self._abandoned:
                    return
                try:
                    result = service.train(self.db, kind, folds=0, claimed=self.who)
                except AnnotatorError as exc:
                    reasons.append(str(exc))
                    continue
                trained += 1
                self._emit(self.finished, result)
            if reasons:
                self._emit(self.skipped if trained else self.failed, "; ".join(reasons))
        except Exception:
            if not self._abandoned:  # a database closed under an abandoned run says nothing
                raise
        finally:
            self._emit(self.stopped)

    def _emit(self, signal: Any, *value: object) -> None:
        if self._abandoned:
            return
        try:
            signal.emit(*value)
        except RuntimeError:  # the window closed meanwhile
            return
