"""Suggestions in the app: computed in the background, drawn, stepped through, accepted.

When a document opens, its suggestions are computed in a worker thread (the suggesters
are loaded once, also off the event loop), so opening or switching never waits. They are
drawn by ``SuggestionOverlay`` and are part of no layer. Keys: next / previous suggestion
(F9 / Shift+F9), accept (F10), reject (F11), accept every suggestion of the document
(Ctrl+F10). An accepted suggestion becomes an ordinary span through ``Operations`` (one
undo step; the audit log records the suggester and model version); a rejected one is
stored for this annotator and document and never offered there again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence

from annotator.core.errors import AnnotatorError
from annotator.core.model import Label, LabelKind
from annotator.core.suggest.base import Suggestion, merge
from annotator.services import suggestions as service
from annotator.storage.database import Database

from .background import Background
from .bidi_text import keys
from .layer import OpenLayer
from .operations import Operations
from .suggestion_overlay import SuggestionOverlay

START_DELAY_MS = 150
"""Suggestions start this long after a document opens (after its first paint)."""

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
                "Learn entities from the done and gold layers, in the background; "
                "the new model suggests from the next document on"
            )
        )

    def help_text(self) -> str:
        """The lines the shortcuts dialog shows for these keys."""
        return self.tr(
            "Suggestions (dashed outlines): {next} / {previous} next / previous, {accept} "
            "accept, {reject} reject, {all} accept all in the document."
        ).format(
            next=keys("F9"),
            previous=keys("Shift+F9"),
            accept=keys("F10"),
            reject=keys("F11"),
            all=keys("Ctrl+F10"),
        )


class SuggestionController(QObject):
    """The open document's suggestions: background computing, the current one, decisions."""

    shown = Signal(int)
    """Emitted with the number of suggestions drawn (after computing or a decision)."""

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
        self._lock = threading.Lock()
        self._kinds: dict[str, LabelKind] = {}
        self._document: int | None = None
        self._text = ""
        self._raw: list[Suggestion] = []
        self._rejected: set[tuple[int, int, str]] = set()
        self._layer: OpenLayer | None = None
        self._visible: list[Suggestion] = []
        self._current = -1
        self.enabled = True
        self.background: Background[tuple[int, list[Suggestion], set[tuple[int, int, str]]]] = (
            Background(self._computed, self)
        )
        self._pending: tuple[int, str, dict[str, Any], str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(START_DELAY_MS)
        self._timer.timeout.connect(self._start)

    def set_labels(self, labels: list[Label]) -> None:
        """The schema's colours and kinds."""
        self.overlay.set_colours({label.name: label.colour for label in labels})
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

    # -- the open document -------------------------------------------------------------

    def document_opened(
        self, document_id: int, text: str, meta: dict[str, Any], layer: OpenLayer
    ) -> None:
        """Start computing a document's suggestions; draw them when they arrive."""
        self._document = document_id
        self._text = text
        self._layer = layer
        self._raw = []
        self._visible = []
        self._current = -1
        self.overlay.clear()
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

        def compute() -> tuple[int, list[Suggestion], set[tuple[int, int, str]]]:
            rejected = service.rejected(self.db, annotator, document_id)
            found = self.suggesters().spans(text, meta, (), rejected)
            return document_id, found, rejected

        self.background.request(compute)

    def _computed(self, result: tuple[int, list[Suggestion], set[tuple[int, int, str]]]) -> None:
        document_id, found, rejected = result
        if document_id != self._document:
            return
        self._raw = found
        self._rejected = rejected
        self.refresh()

    def layer_changed(self, layer: OpenLayer) -> None:
        """The layer changed (a span added, undone...): show what it still lacks."""
        if layer.document_id == self._document:
            self._layer = layer
            self.refresh()

    def refresh(self) -> None:
        """Filter the computed suggestions against the layer and rejections; draw them."""
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
        if self._current >= len(self._visible):
            self._current = len(self._visible) - 1
        self.overlay.show_suggestions(self._text, self._visible, self._current)
        self.shown.emit(len(self._visible))

    @property
    def visible(self) -> list[Suggestion]:
        """The suggestions drawn now."""
        return list(self._visible)

    @property
    def current(self) -> Suggestion | None:
        """The suggestion the keys act on."""
        if 0 <= self._current < len(self._visible):
            return self._visible[self._current]
        return None

    # -- keys --------------------------------------------------------------------------

    def step(self, by: int) -> None:
        """Go to the next (1) or previous (-1) suggestion and select its text."""
        if not self._visible:
            return
        self._current = (self._current + by) % len(self._visible)
        s = self._visible[self._current]
        self._select(s.start, s.end)
        self.overlay.show_suggestions(self._text, self._visible, self._current)

    def accept(self) -> None:
        """Accept the current suggestion (the first when none is current)."""
        if self._current < 0 and self._visible:
            self._current = 0
        s = self.current
        if s is not None:
            self._accept([s])

    def accept_all(self) -> None:
        """Accept every suggestion drawn in the document, as one undo step."""
        if self._visible:
            self._accept(list(self._visible))

    def _accept(self, chosen: list[Suggestion]) -> None:
        if self._document is None:
            return
        doc = self._document
        items = [(s.start, s.end, s.label, _source(s)) for s in chosen]
        speakers = {s.key: s.speaker for s in chosen if s.speaker is not None}
        self._guard(lambda: self.ops.accept_suggestions(doc, items, speakers))
        self._show_current()

    def _show_current(self) -> None:
        """After a decision the next suggestion is current: select its text."""
        s = self.current
        if s is not None:
            self._select(s.start, s.end)

    def reject(self) -> None:
        """Reject the current suggestion: remembered for this annotator and document."""
        if self._current < 0 and self._visible:
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
        self._rejected.add(s.key)
        self.refresh()
        self._show_current()


def _source(s: Suggestion) -> dict[str, str]:
    """What the audit log keeps of an accepted suggestion."""
    source = {"suggester": s.suggester, "score": f"{s.score:.3f}"}
    if s.version:
        source["model_version"] = s.version
    return source


class ModelTrainer(QObject):
    """Trains the entity model in a worker thread; the window keeps working meanwhile."""

    finished = Signal(object)
    """Emitted with the ``TrainResult`` once the model is stored."""
    failed = Signal(str)
    """Emitted with a one-line reason (nothing to train on, not a reviewer...)."""

    def __init__(self, db: Database, who: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.who = who
        self._thread: threading.Thread | None = None

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

    def _work(self) -> None:
        try:
            result = service.train(self.db, "entity", folds=0, claimed=self.who)
        except AnnotatorError as exc:
            self._emit(self.failed, str(exc))
            return
        self._emit(self.finished, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window closed meanwhile
            return
