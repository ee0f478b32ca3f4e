"""Review mode: a reviewer sees every annotator's layer of a document and builds its gold layer.

The article view then shows the gold layer as its editable layer (the same label keys,
delete, relabel, speaker and topic actions as the workspace, sent to ``ReviewService.gold``
by the operations layer) over marks of the comparison: spans every annotator has, drawn
plainly, and each disagreement hatched in its kind's colour until gold decides it. The
review panel lists the disagreements with each version and who has it.

While review mode is on, a timer polls the layer versions of the open document (one cheap
query every ``POLL_MS``) and refreshes the comparison when someone else changed a layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QTextCharFormat

from annotator.core.bidi import isolate
from annotator.core.errors import AnnotatorError
from annotator.core.model import LabelKind
from annotator.services import access
from annotator.services.annotations import Change, LayerState
from annotator.services.annotators import GOLD as GOLD_NAME
from annotator.services.changes import changed_layers

from . import marks
from .article_view import Mark
from .layer import OpenLayer
from .operations import GOLD, OWN
from .review_panel import disagreement_tip, version_line

if TYPE_CHECKING:  # the review service and core.review load when review mode is entered
    from annotator.core.review import Disagreement
    from annotator.services.review import ReviewService, ReviewState

    from .main_window import MainWindow

REVIEW_WIDTH = 460
"""The review dock's width on entering review mode (at least), in pixels."""
POLL_MS = 2000
"""How often review mode looks for others' changes to the open document."""


class ReviewMode(QObject):
    """The review state of the open document and the reviewer's actions on it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.service: ReviewService | None = None
        self.state: ReviewState | None = None
        self.resolved: list[int | None] = []
        self.decided: list[bool] = []
        self.current: int | None = None
        self._seen: dict[str, int] = {}
        self._formats: dict[str, QTextCharFormat | None] = {}
        self._agreed_marks: list[Mark] | None = None
        self._marks_by_index: dict[int, Mark] = {}
        self._by_key: dict[str, int] | None = None
        self._gold_exists = False
        """Whether the gold layer existed when last read (else held versions are unknown)."""
        """Index of each disagreement by its key (built when a Change names decisions)."""
        self._shown = False
        """Whether the window is set up for review mode (docks, list, keys)."""
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.spare_keys: list[QShortcut] = []
        """Ctrl+N for a version the current disagreement lacks: its Accept action is hidden
        (the menu lists only real versions), so this key says why nothing happens."""
        for number in range(len(window.actions_.accept_versions)):
            key = QShortcut(QKeySequence(f"Ctrl+{number + 1}"), window)
            key.setEnabled(False)
            key.activated.connect(partial(self.accept_current, number))
            self.spare_keys.append(key)
        panel = window.review_panel
        panel.startRequested.connect(self.start_majority)
        panel.acceptRequested.connect(self.accept)
        panel.rejectRequested.connect(self.reject)
        panel.disagreementChosen.connect(lambda i: self.choose(i, select=True))
        panel.stepRequested.connect(self.step)
        panel.commentSaveRequested.connect(self.save_comment)

    @property
    def disagreements(self) -> tuple[Disagreement, ...]:
        """The open document's disagreements, in reading order (topics last)."""
        return self.state.comparison.disagreements if self.state is not None else ()

    # -- entering and leaving ----------------------------------------------------------

    def enter(self) -> bool:
        """Switch the window to the gold layer; False when the service refuses."""
        window = self.window
        if self.service is None:
            from annotator.services.review import ReviewService

            service = window.guard(lambda: ReviewService(window.db, window.actor.name))
            if service is None:
                return False
            self.service = service
            window.ops.set_review(service)
        window.ops.set_target(GOLD)
        self.active = True
        self.timer.start()
        return True

    def switch(self, on: bool) -> None:
        """Turn review mode on or off and set the window up for it (docks, list, keys)."""
        window = self.window
        a = window.actions_
        if on != self.active:
            if on and not window.actor.is_reviewer:
                window.statusBar().showMessage(self.tr("Review mode is for reviewers"), 4000)
                on = False
            elif on:
                on = self.enter()
            else:
                self.leave()
        blocker = a.review_mode.blockSignals(True)
        try:
            a.review_mode.setChecked(on)
        finally:
            a.review_mode.blockSignals(blocker)
        if on == self._shown:
            return  # the window is set up for this mode already
        self._shown = on
        window.cancel_speaker_choice()
        a.enable_review(on)
        self.update_accept_menu()
        window.menus.review_toolbar.setVisible(on)
        if on:
            window.show_dock("review")
            # The disagreement list needs the height more than the panels beside it.
            window.resizeDocks(
                [window.docks["review"]], [window.height() * 3 // 5], Qt.Orientation.Vertical
            )
            # ... and the width: version lines name annotators and speakers in full.
            dock = window.docks["review"]
            window.resizeDocks([dock], [max(dock.width(), REVIEW_WIDTH)], Qt.Orientation.Horizontal)
        else:
            window.docks["review"].hide()
        window.view.set_annotator(self.tr("the gold layer") if on else window.ops.annotator)
        window.view.set_focus_range(0, 0, None)
        window.doc_list.set_annotator(
            GOLD_NAME if on else window.ops.annotator,
            queue_first=not on and window.queue_first(),
        )
        window.update_identity()
        if window.document is not None:
            window.open_document(window.document.id)

    def leave(self) -> None:
        """Back to the reviewer's own layer (an edited comment is saved first)."""
        self.save_if_dirty()
        self.active = False
        self.timer.stop()
        self.state = None
        self.resolved = []
        self.decided = []
        self.current = None
        self._seen = {}
        self.window.ops.set_target(OWN)
        self.window.view.set_focus_range(0, 0, None)
        self.window.notice.hide()

    # -- reading -----------------------------------------------------------------------

    def read(self, document_id: int) -> LayerState:
        """Read the document's review state; returns the gold layer (the view's layer)."""
        assert self.service is not None
        self.save_if_dirty()
        state = self.service.state(document_id)
        self._adopt(state)
        return state.gold

    def _adopt(self, state: ReviewState) -> None:
        """Hold a freshly read review state and remember the versions it shows."""
        self.state = state
        self.resolved = list(state.resolved)
        found = state.comparison.disagreements
        self.decided = list(state.decided) or [False] * len(found)
        self._by_key = None
        self._gold_exists = state.gold.version > 0
        self._agreed_marks = None
        if self.current is not None and self.current >= len(state.comparison.disagreements):
            self.current = None
        self._seen = {name: layer.version for name, layer in state.layers.items()}
        if state.gold.version:
            self._seen[GOLD_NAME] = state.gold.version
        self.window.ops.remember(GOLD, state.document_id, state.gold.version)

    def marks(self) -> list[Mark]:
        """Marks of the comparison: agreed spans plainly, disagreements by kind."""
        state = self.state
        if state is None:
            return []
        if self._agreed_marks is None:
            self._agreed_marks = self._agreed()
        out = list(self._agreed_marks)
        self._marks_by_index = {}
        for index in range(len(state.comparison.disagreements)):
            mark = self._disagreement_mark(index)
            if mark is not None:
                self._marks_by_index[index] = mark
                out.append(mark)
        return out

    def look(self, index: int) -> str:
        """How far disagreement ``index`` is: marks.OPEN, marks.PREFILLED or marks.DECIDED."""
        if index < len(self.decided) and self.decided[index]:
            return marks.DECIDED
        if index < len(self.resolved) and self.resolved[index] is not None:
            return marks.PREFILLED
        return marks.OPEN

    def _disagreement_mark(self, index: int) -> Mark | None:
        """The mark of disagreement ``index``: hatched while undecided, overlined once decided."""
        d = self.disagreements[index]
        if d.start is None or d.end is None:
            return None
        look = self.look(index)
        style = f"{d.kind.value}:{look}"
        fmt = self._format(style, partial(marks.disagreement_format, d.kind.value, state=look))
        text = self.window.document.text if self.window.document is not None else ""
        return Mark(d.start, d.end, style, partial(disagreement_tip, d, text), fmt)

    def _agreed(self) -> list[Mark]:
        """Marks of the spans every annotator has (they change only with a new comparison)."""
        assert self.state is not None
        labels = self.window.labels_by_name
        out: list[Mark] = []
        for start, end, name in self.state.comparison.agreed:
            label = labels.get(name)
            kind = label.kind if label is not None else LabelKind.ENTITY
            colour = label.colour if label is not None else ""
            style = f"agreed:{name}"
            fmt = self._format(style, partial(marks.agreed_format, kind, colour))
            if fmt is not None:
                tip = self.tr("{label}: every annotator has it").format(label=name)
                out.append(Mark(start, end, style, tip, fmt))
        return out

    def _format(
        self, style: str, make: Callable[[], QTextCharFormat | None]
    ) -> QTextCharFormat | None:
        """One shared format per style (thousands of marks, a handful of looks)."""
        if style not in self._formats:
            self._formats[style] = make()
        return self._formats[style]

    def show_panel(self) -> None:
        """Hand the panel the open document's review."""
        state, window = self.state, self.window
        if state is None or window.document is None:
            return
        window.review_panel.set_review(
            window.document.text,
            state.annotators,
            state.comparison.disagreements,
            self.resolved,
            self.decided,
        )
        window.review_panel.set_comment(state.comment.text if state.comment else "")
        window.review_panel.set_current(self.current)
        self.update_accept_menu()

    # -- after a gold change -----------------------------------------------------------

    def gold_changed(self, change: Change, layer: OpenLayer) -> None:
        """A gold step was stored: recompute what gold holds and decided, re-mark what moved.

        Counts and marks are right at once (no reload): which version gold holds is
        recomputed for the disagreements the Change touched (for all of them on the step
        that creates the gold layer), and the Change says which decisions it made or
        withdrew.
        """
        if self.state is None or change.document_id != self.state.document_id:
            return
        from annotator.services.review import held_versions, touched

        if change.version is not None:
            self._seen[GOLD_NAME] = change.version
        found = self.disagreements
        decisions = dict(self.decided_by(change.undecided, False))
        decisions.update(self.decided_by(change.decided, True))
        if self._gold_exists:
            # Only what the Change touched can have moved (thousands of disagreements).
            indexes = sorted(set(touched(found, change)) | set(decisions))
        else:  # the first gold step: gold now holds a version of every disagreement
            indexes = list(range(len(found)))
            self._gold_exists = True
        held = dict(
            zip(indexes, held_versions([found[i] for i in indexes], layer.as_state()), strict=True)
        )
        old: list[Mark] = []
        new: list[Mark] = []
        for index in indexes:
            decided = decisions.get(index, self.decided[index])
            if (held[index], decided) == (self.resolved[index], self.decided[index]):
                continue
            before = self.look(index)
            self.resolved[index], self.decided[index] = held[index], decided
            if self.look(index) == before:
                continue
            mark = self._disagreement_mark(index)
            if index in self._marks_by_index:
                old.append(self._marks_by_index.pop(index))
            if mark is not None:
                self._marks_by_index[index] = mark
                new.append(mark)
        if old or new:
            self.window.view.replace_marks(old, new)
        self.window.review_panel.set_resolved(self.resolved, self.decided)

    def decided_by(self, keys: Iterable[str], value: bool) -> list[tuple[int, bool]]:
        """(index, value) of the disagreements with these keys (an index built once)."""
        if self._by_key is None:
            self._by_key = {d.key: i for i, d in enumerate(self.disagreements)}
        return [(self._by_key[k], value) for k in keys if k in self._by_key]

    # -- moving between disagreements --------------------------------------------------

    def step(self, direction: int) -> None:
        """Select the next (1) or previous (-1) disagreement, wrapping around."""
        found = self.disagreements
        if not found:
            self.window.statusBar().showMessage(self.tr("No disagreements in this document"), 3000)
            return
        self.choose(self._neighbour(direction), select=True)
        self.window.view.setFocus()

    def _neighbour(self, direction: int) -> int:
        """Index of the disagreement after (before) the current one or the cursor."""
        found = self.disagreements
        view = self.window.view
        current = self.current
        if current is not None and current < len(found):
            d = found[current]
            selected = view.selected_range()
            if d.start is None or selected == (d.start, d.end):
                return (current + direction) % len(found)
        offset = view.cursor_offset()
        if direction > 0:
            from annotator.core.review import next_disagreement

            hit = next_disagreement(found, offset - 1)
            return next(i for i, d in enumerate(found) if d is hit)
        before = [i for i, d in enumerate(found) if d.start is not None and d.start < offset]
        return before[-1] if before else len(found) - 1

    def choose(self, index: int, *, select: bool) -> None:
        """Make a disagreement current: mark it, and select its text when asked."""
        found = self.disagreements
        if not 0 <= index < len(found):
            return
        self.current = index
        d = found[index]
        view = self.window.view
        panel = self.window.review_panel
        if panel.current_index() != index:  # a selected version row stays selected
            panel.set_current(index)
        self.update_accept_menu()
        if d.start is None or d.end is None:
            view.set_focus_range(0, 0, None)
            # Nothing in the text is chosen: a topic key now labels the document, never a
            # selection left over from before.
            view.select_range(view.cursor_offset(), view.cursor_offset(), scroll=False)
            self.window.statusBar().showMessage(
                self.tr("Topic {topic}: annotators disagree (see the review panel)").format(
                    topic=d.topic or ""
                ),
                5000,
            )
            return
        if select:
            view.select_range(d.start, d.end)
        view.set_focus_range(d.start, d.end, marks.current_disagreement_format(d.kind.value))

    def clicked_at(self, offset: int) -> None:
        """A click in the article makes the (innermost) disagreement there current."""
        inside = [
            (d.end - d.start, i)
            for i, d in enumerate(self.disagreements)
            if d.start is not None and d.end is not None and d.start <= offset < d.end
        ]
        if inside:
            self.choose(min(inside)[1], select=False)

    # -- gold steps --------------------------------------------------------------------

    def _document(self) -> int | None:
        """Id of the document under review."""
        return self.state.document_id if self.active and self.state is not None else None

    def start_majority(self) -> None:
        """Replace the gold layer by the annotators' majority vote."""
        doc = self._document()
        if (
            doc is not None
            and self.window.guard(lambda: self.window.ops.gold_start(doc)) is not None
        ):
            self.window.statusBar().showMessage(
                self.tr("Gold layer started from the majority vote"), 4000
            )

    def accept(self, index: int, version: int) -> None:
        """Put version ``version`` of disagreement ``index`` into gold."""
        doc, found = self._document(), self.disagreements
        if doc is None or not 0 <= index < len(found):
            return
        d = found[index]
        if not 0 <= version < len(d.versions):
            count = len(d.versions)
            self.window.statusBar().showMessage(
                self.tr(
                    "No version {number}: this disagreement has %n version(s)", "", count
                ).replace("{number}", str(version + 1)),
                4000,
            )
            return
        self.current = index
        self._decide(d, lambda: self.window.ops.gold_accept(doc, d, version))

    def accept_current(self, version: int) -> None:
        """Accept version ``version`` of the current disagreement (Ctrl+1…9)."""
        if self.current is None:
            self.window.statusBar().showMessage(self.tr("Choose a disagreement first (F8)"), 3000)
            return
        self.accept(self.current, version)

    def reject(self, index: int) -> None:
        """Leave everything of disagreement ``index`` out of gold."""
        doc, found = self._document(), self.disagreements
        if doc is None or not 0 <= index < len(found):
            return
        self.current = index
        d = found[index]
        self._decide(d, lambda: self.window.ops.gold_reject(doc, d))

    def _decide(self, d: Disagreement, step: Callable[[], object]) -> None:
        """Run an accept or reject; the selection then stays on the decided span or is cleared.

        It never moves to another span, so the next key cannot label text the reviewer
        did not choose.
        """
        view = self.window.view
        selected = view.selected_range()
        self.window.guard(step)
        if d.start is not None and d.end is not None and selected == (d.start, d.end):
            view.select_range(d.start, d.end, scroll=False)
        else:
            offset = view.cursor_offset()
            view.select_range(offset, offset, scroll=False)

    def update_accept_menu(self) -> None:
        """The Accept menu lists the current disagreement's versions only, numbered as shown."""
        actions = self.window.actions_.accept_versions
        found = self.disagreements
        d = found[self.current] if self.current is not None and self.current < len(found) else None
        text = self.window.document.text if self.window.document is not None else ""
        self.window.menus.accept.setEnabled(d is not None)
        for number, action in enumerate(actions):
            exists = d is not None and number < len(d.versions)
            action.setVisible(exists)
            # Never both enabled: one key, one owner (else Qt calls it ambiguous).
            self.spare_keys[number].setEnabled(self._shown and not exists)
            if d is not None and exists:
                # An isolate: a menu lays its items out in the interface's direction, and
                # "1. huda: ORG «…»" would read ".1 huda" in the Arabic one.
                action.setText(isolate(version_line(d, d.versions[number], text)))

    def reject_current(self) -> None:
        """Reject the current disagreement (Ctrl+Delete)."""
        if self.current is None:
            self.window.statusBar().showMessage(self.tr("Choose a disagreement first (F8)"), 3000)
            return
        self.reject(self.current)

    # -- comment -----------------------------------------------------------------------

    def save_comment(self, text: str) -> None:
        """Store the reviewer comment of the document under review."""
        doc, service = self._document(), self.service
        if doc is None or service is None:
            return
        stored = self.window.guard(lambda: service.set_comment(doc, text))
        if stored is not None or not text.strip():
            self.window.review_panel.set_comment(stored.text if stored is not None else "")
            self.window.statusBar().showMessage(self.tr("Comment saved"), 3000)

    def save_if_dirty(self) -> None:
        """Save an edited comment before the document under review changes."""
        if self._document() is not None and self.window.review_panel.comment_dirty():
            self.save_comment(self.window.review_panel.comment_text())

    # -- others' changes ---------------------------------------------------------------

    def poll(self) -> None:
        """Look for others' changes to the open document; refresh when there are some."""
        doc, window = self._document(), self.window
        if doc is None:
            return
        try:
            now = access.visible_layer_versions(window.db, window.actor, doc)
        except AnnotatorError:
            return  # a busy database: the next poll tries again
        moved = changed_layers(self._seen, now)
        if moved:
            self.refresh(moved)

    def refresh(self, moved: set[str]) -> None:
        """Re-read the review after others changed layers ``moved``, and say so."""
        window = self.window
        names = sorted(moved - {GOLD_NAME})
        if GOLD_NAME in moved:
            window.reload_document()
            message = self.tr("Another reviewer changed the gold layer; it was reloaded.")
        else:
            doc = self._document()
            assert doc is not None and self.service is not None
            service = self.service
            state = window.guard(lambda: service.state(doc), quiet=True)
            if state is None:
                return
            self._adopt(state)
            window.view.set_marks(self.marks())
            self.show_panel()
            message = ""
        if names:
            who = self.tr("{names} changed this document; the review shows their latest work.")
            message = (who.format(names=", ".join(names)) + " " + message).strip()
        window.notice.show_message(message)
