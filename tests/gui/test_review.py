"""Review mode: three annotators' layers, each disagreement kind, building gold, the comment."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from annotator.core.review import DisagreementKind
from annotator.gui import marks
from annotator.gui.main_window import MainWindow
from annotator.services import access, documents
from annotator.services.annotations import AnnotationService, LayerState
from annotator.services.review import ReviewService
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

QUOTE = "«الحلف قوي وموحد»"
ARTICLE = (
    f"قمة الحلف\nقال الأمين العام مارك روته يوم الخميس {QUOTE} أمام وزراء منظمة الناتو في بروكسل.\n"
)
REVIEWER = "rita"


@dataclass
class Reviewed:
    """The document under review and where its words are."""

    doc: int
    text: str

    def at(self, words: str) -> tuple[int, int]:
        start = self.text.index(words)
        return start, start + len(words)


def plain(text: str) -> str:
    """Shown text without the bidi isolates around Arabic excerpts."""
    return text.replace("\u2068", "").replace("\u2069", "")


def span_id(layer: LayerState, key: tuple[int, int, str]) -> int:
    return next(s.id for s in layer.spans if s.key == key)


def annotate(db: Database, r: Reviewed, name: str, spans: list[tuple[str, str]]) -> None:
    """Label words as ``name`` through the annotation service."""
    service = AnnotationService(db, name)
    for words, label in spans:
        service.add_span(r.doc, *r.at(words), label)


@pytest.fixture
def reviewed(db: Database, add_articles) -> Reviewed:  # type: ignore[no-untyped-def]
    """alice, bob and carol agree on some spans and disagree in every way the review knows.

    Agreed: PER مارك روته, ORG منظمة الناتو, the QUOTE. Different label: بروكسل LOC (alice)
    or GPE (bob, carol). Missing span: الأمين العام MISC (alice only). Different boundaries:
    DATE الخميس (alice) or يوم الخميس (bob, carol). Different speaker: the quote's speaker
    is the PER (alice, bob) or the ORG (carol). Topics: politics (alice, bob), security
    (carol).
    """
    (doc,) = add_articles([ARTICLE])
    r = Reviewed(doc, documents.get_document(db, doc).text)
    annotate(
        db,
        r,
        "alice",
        [
            ("مارك روته", "PER"),
            (QUOTE, "QUOTE"),
            ("منظمة الناتو", "ORG"),
            ("بروكسل", "LOC"),
            ("الخميس", "DATE"),
            ("الأمين العام", "MISC"),
        ],
    )
    for name in ("bob", "carol"):
        annotate(
            db,
            r,
            name,
            [
                ("مارك روته", "PER"),
                (QUOTE, "QUOTE"),
                ("منظمة الناتو", "ORG"),
                ("بروكسل", "GPE"),
                ("يوم الخميس", "DATE"),
            ],
        )
    for name, speaker in (
        ("alice", ("مارك روته", "PER")),
        ("bob", ("مارك روته", "PER")),
        ("carol", ("منظمة الناتو", "ORG")),
    ):
        service = AnnotationService(db, name)
        layer = service.layer_state(doc)
        quote = span_id(layer, (*r.at(QUOTE), "QUOTE"))
        service.link(doc, quote, span_id(layer, (*r.at(speaker[0]), speaker[1])))
    for name in ("alice", "bob"):
        AnnotationService(db, name).set_topic(doc, "politics", True)
    AnnotationService(db, "carol").set_topic(doc, "security", True)
    access.set_role(db, access.resolve_actor(db, REVIEWER), REVIEWER, "reviewer")
    return r


@pytest.fixture
def reviewer_window(make_window, reviewed: Reviewed) -> MainWindow:  # type: ignore[no-untyped-def]
    """Rita's window in review mode on the document."""
    window: MainWindow = make_window(REVIEWER)
    window.actions_.review_mode.trigger()
    assert window.review.active and window.document is not None
    return window


def gold(db: Database, doc: int) -> LayerState:
    return ReviewService(db, REVIEWER).gold.layer_state(doc)


def gold_keys(db: Database, r: Reviewed) -> set[tuple[str, str]]:
    """(label, text) of the stored gold spans."""
    return {(s.label, r.text[s.start : s.end]) for s in gold(db, r.doc).spans}


def index_of(window: MainWindow, kind: DisagreementKind, topic: str | None = None) -> int:
    return next(
        i
        for i, d in enumerate(window.review.disagreements)
        if d.kind == kind and (topic is None or d.topic == topic)
    )


def test_review_mode_marks_agreement_and_every_disagreement_kind(
    reviewer_window: MainWindow, reviewed: Reviewed
) -> None:
    window = reviewer_window
    found = window.review.disagreements
    assert {d.kind for d in found} == set(DisagreementKind)
    assert window.review_panel.disagreement_count() == len(found)
    assert window.docks["review"].isVisibleTo(window)
    drawn = window.view.marks()
    # Agreed spans are drawn plainly in their label's colour (a pale wash, no hatching).
    agreed = [m for m in drawn if m.style.startswith("agreed:")]
    assert {(m.start, m.end, m.style) for m in agreed} >= {
        (*reviewed.at("مارك روته"), "agreed:PER"),
        (*reviewed.at("منظمة الناتو"), "agreed:ORG"),
        (*reviewed.at(QUOTE), "agreed:QUOTE"),
    }
    # Each positioned disagreement is hatched in its own kind's colour.
    colours = {}
    for mark in drawn:
        if mark.style.startswith("agreed:"):
            continue
        kind = mark.style.split(":")[0]
        assert mark.style.endswith(":open")
        assert mark.fmt is not None
        assert mark.fmt.background().style() == Qt.BrushStyle.BDiagPattern
        colours[kind] = mark.fmt.underlineColor().name()
    assert set(colours) == {k.value for k in DisagreementKind} - {"different_topics"}
    assert len(set(colours.values())) == len(colours)
    assert colours == {k: marks.DISAGREEMENT_COLOURS[k] for k in colours}
    # The panel names who has which version.
    label = index_of(window, DisagreementKind.DIFFERENT_LABEL)
    lines = {plain(window.review_panel.version_text(label, v)) for v in range(2)}
    assert "1. bob, carol: GPE «بروكسل»" in lines and "2. alice: LOC «بروكسل»" in lines
    speaker = index_of(window, DisagreementKind.DIFFERENT_SPEAKER)
    lines = {plain(window.review_panel.version_text(speaker, v)) for v in range(2)}
    assert "1. alice, bob: speaker PER «مارك روته»" in lines
    assert "2. carol: speaker ORG «منظمة الناتو»" in lines
    # The tooltip over a disagreement in the article lists its versions too.
    window.review.choose(label, select=True)
    point = window.view.cursorRect(window.view.textCursor()).center()
    point.setX(point.x() + 3)  # inside the word (the cursor sits at its end, on its left)
    assert "alice: LOC «بروكسل»" in plain(window.view.tooltip_at(point))


def test_accept_reject_and_edit_build_gold(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    panel = window.review_panel
    # Accept alice's LOC version of the label disagreement (double-click on it).
    label = index_of(window, DisagreementKind.DIFFERENT_LABEL)
    versions = window.review.disagreements[label].versions
    alice = next(v for v, version in enumerate(versions) if "alice" in version.annotators)
    panel.tree.doubleClicked.emit(panel.version_index(label, alice))
    assert gold_keys(db, r) == {("LOC", "بروكسل")}
    assert panel.version_text(label, alice, 1) == "✓"
    decided = [m for m in window.view.marks() if m.start == r.at("بروكسل")[0]]
    assert [m.style for m in decided] == ["different_label:decided"]
    # Accept alice's MISC الأمين العام (Ctrl+version), then reject it: gold holds none of it.
    missing = index_of(window, DisagreementKind.MISSING_SPAN)
    window.review.choose(missing, select=True)
    have = next(
        v
        for v, version in enumerate(window.review.disagreements[missing].versions)
        if version.spans
    )
    qtbot.keyClick(
        window.view, getattr(Qt.Key, f"Key_{have + 1}"), Qt.KeyboardModifier.ControlModifier
    )
    assert ("MISC", "الأمين العام") in gold_keys(db, r)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert ("MISC", "الأمين العام") not in gold_keys(db, r)
    # Edit: the workspace's label keys label gold directly.
    window.view.select_range(*r.at("وزراء"))
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    assert ("MISC", "وزراء") in gold_keys(db, r)
    # Gold steps undo and redo through the one operations stack.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("MISC", "وزراء") not in gold_keys(db, r)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("MISC", "الأمين العام") in gold_keys(db, r)  # the reject was undone
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert ("MISC", "الأمين العام") not in gold_keys(db, r)
    # The view shows exactly the stored gold layer; nobody's own layer was touched.
    assert window.layer is not None
    assert {s.key for s in window.layer.spans.values()} == {s.key for s in gold(db, r.doc).spans}
    mine = AnnotationService(db, "alice").layer_state(r.doc)
    assert ("MISC", "الأمين العام") in {(s.label, r.text[s.start : s.end]) for s in mine.spans}
    assert AnnotationService(db, REVIEWER).layer_state(r.doc).spans == ()


def test_next_disagreement_keys_move_the_selection(qtbot, reviewer_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = reviewer_window
    positioned = [d for d in window.review.disagreements if d.start is not None]
    window.view.select_range(0, 0)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.view.selected_range() == (positioned[0].start, positioned[0].end)
    assert window.review_panel.current_index() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert window.view.selected_range() == (positioned[1].start, positioned[1].end)
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_range() == (positioned[0].start, positioned[0].end)
    assert window.review_panel.current_index() == 0
    # Backwards from the first wraps round to the last (a topic: no text to select).
    qtbot.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    last = len(window.review.disagreements) - 1
    assert window.review.current == last and window.review.disagreements[last].topic is not None


def test_start_gold_from_majority(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    qtbot.mouseClick(window.review_panel.start_button, Qt.MouseButton.LeftButton)
    assert gold_keys(db, r) == {
        ("PER", "مارك روته"),
        ("QUOTE", QUOTE),
        ("ORG", "منظمة الناتو"),
        ("GPE", "بروكسل"),
        ("DATE", "يوم الخميس"),
    }
    stored = gold(db, r.doc)
    assert stored.topics == frozenset({"politics"})
    by_id = {s.id: s for s in stored.spans}
    assert [(by_id[x.head].label, by_id[x.child].label) for x in stored.relations] == [
        ("QUOTE", "PER")
    ]
    # The majority pre-fills gold but decides nothing: held, yet undecided (its own look).
    held = dict(enumerate(window.review.resolved))
    assert held[index_of(window, DisagreementKind.DIFFERENT_LABEL)] is not None
    assert held[index_of(window, DisagreementKind.DIFFERENT_SPEAKER)] is not None
    assert not any(window.review.decided)
    assert window.review.look(index_of(window, DisagreementKind.DIFFERENT_LABEL)) == "prefilled"
    item = window.topics.item_for("politics")
    assert item is not None and item.checkState() == Qt.CheckState.Checked


def test_reviewer_comment_is_stored(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed, add_articles
) -> None:  # type: ignore[no-untyped-def]
    window, panel = reviewer_window, reviewer_window.review_panel
    assert not panel.save_button.isEnabled()
    panel.comment.setPlainText("الاقتباس منسوب إلى روته")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    comment = ReviewService(db, REVIEWER).comment(reviewed.doc)
    assert comment is not None and comment.text == "الاقتباس منسوب إلى روته"
    assert comment.author == REVIEWER and not panel.save_button.isEnabled()
    # An edited comment is saved when the reviewer moves to another document.
    (other,) = add_articles(["ثان\nنص آخر.\n"])
    panel.comment.setPlainText("راجعت كل شيء")
    window.open_document(other)
    comment = ReviewService(db, REVIEWER).comment(reviewed.doc)
    assert comment is not None and comment.text == "راجعت كل شيء"
    assert panel.comment_text() == ""


def test_annotators_cannot_enter_review_mode(qtbot, make_window, reviewed: Reviewed) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window("alice")
    assert not window.actions_.review_mode.isEnabled()
    window.set_review_mode(True)
    assert not window.review.active and window.ops.target == "own"
    assert not window.docks["review"].isVisibleTo(window)
    # Only alice's own layer is on show.
    assert window.layer is not None and window.layer.owner == "alice"


def test_undo_of_a_gold_step_returns_to_review_mode(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    window.view.select_range(*r.at("وزراء"))
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    assert ("MISC", "وزراء") in gold_keys(db, r)
    window.set_review_mode(False)
    assert window.ops.target == "own" and window.layer is not None
    assert window.layer.owner == REVIEWER and not window.view.marks()
    # Undo belongs to the gold step: the window goes back to review mode to undo it.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.review.active and window.ops.target == "gold"
    assert ("MISC", "وزراء") not in gold_keys(db, r)
    assert window.layer is not None and not window.layer.spans
