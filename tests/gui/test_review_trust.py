"""Review you can trust (issue 18): gold changes only as the reviewer sees and chooses.

Driven with keys and clicks on the real window: the selection never jumps after a gold
step, versions say everything accepting them changes (a quote's speaker too) and carry
stable numbers, "decided" means a reviewer decided, the Accept button follows the clicked
version, a write that changes nothing changes nothing, redo is logged as redo, and the
legend and the list are there to read.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import LabelKind
from annotator.core.review import DisagreementKind
from annotator.gui import marks
from annotator.gui.main_window import MainWindow
from annotator.gui.review_panel import DECIDED_MARK, MIN_ROWS, PREFILLED_MARK, TEXT_COL
from annotator.services import audit, documents
from annotator.services.annotations import AnnotationService
from annotator.services.review import ReviewService
from annotator.storage.database import Database
from tests.gui import test_review as base
from tests.gui.test_review import (
    REVIEWER,
    Reviewed,
    annotate,
    gold,
    gold_keys,
    index_of,
    plain,
    span_id,
)

reviewed, reviewer_window = base.reviewed, base.reviewer_window  # the fixtures, shared

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

CTRL = Qt.KeyboardModifier.ControlModifier


def click_on(qtbot, window: MainWindow, words: str) -> None:  # type: ignore[no-untyped-def]
    """Click the middle of some words in the article (a plain click: no selection)."""
    view = window.view
    i = view.text().index(words) + len(words) // 2
    cursor = QTextCursor(view.document())
    cursor.setPosition(i)
    a = view.cursorRect(cursor)
    cursor.setPosition(i + 1)
    b = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=(a.center() + b.center()) / 2)


def start_majority(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.review_panel.start_button, Qt.MouseButton.LeftButton)


def summary(window: MainWindow) -> str:
    return window.review_panel.summary.text()


def test_selection_stays_put_after_a_reject(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    """Click a word (no selection), Ctrl+Delete: nothing else gets selected, G labels nothing
    but the clicked word."""
    window, r = reviewer_window, reviewed
    start_majority(qtbot, window)
    click_on(qtbot, window, "بروكسل")  # GPE in gold (majority), a label disagreement
    assert window.view.selected_range() is None
    assert window.review.current == index_of(window, DisagreementKind.DIFFERENT_LABEL)
    # The click made gold's GPE row current in the span table: removing it must not make
    # a neighbour row's span the selection.
    qtbot.keyClick(window.view, Qt.Key.Key_Delete, CTRL)
    assert ("GPE", "بروكسل") not in gold_keys(db, r)
    assert window.view.selected_range() is None
    before = gold_keys(db, r)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert gold_keys(db, r) - before == {("GPE", "بروكسل")}  # the clicked word, nothing else


def test_selection_stays_on_the_decided_span_after_accept(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    label = index_of(window, DisagreementKind.DIFFERENT_LABEL)
    window.review.choose(label, select=True)
    assert window.view.selected_range() == r.at("بروكسل")
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL)
    assert gold_keys(db, r) == {("LOC", "بروكسل")}
    assert window.view.selected_range() == r.at("بروكسل")


def test_topic_key_after_a_topic_disagreement_labels_the_document(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # a span disagreement: its text is selected
    assert window.view.selected_range() is not None
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)  # a topic
    d = window.review.disagreements[window.review.current or 0]
    assert d.topic is not None
    assert window.view.selected_range() is None  # nothing left over to label
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # politics
    stored = gold(db, r.doc)
    assert stored.topics == frozenset({"politics"}) and stored.spans == ()


def test_versions_are_numbered_alike_everywhere_and_the_menu_lists_only_them(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    panel = window.review_panel
    label = index_of(window, DisagreementKind.DIFFERENT_LABEL)
    # Most annotators first, then by name: bob and carol's GPE is 1, alice's LOC is 2.
    lines = [plain(panel.version_text(label, v)) for v in range(2)]
    assert lines == ["1. bob, carol: GPE «بروكسل»", "2. alice: LOC «بروكسل»"]
    window.review.choose(label, select=True)
    actions = window.actions_.accept_versions
    assert [a.isVisible() for a in actions] == [True, True] + [False] * 7
    assert [plain(a.text()) for a in actions[:2]] == lines
    # Each an isolate, so a right-to-left menu (Arabic interface) keeps "1." in front.
    assert all(a.text().startswith("\u2068") and a.text().endswith("\u2069") for a in actions[:2])
    tip = plain(str(panel.model.index(label, 0).data(Qt.ItemDataRole.ToolTipRole)))
    assert "1. bob, carol: GPE «بروكسل»" in tip and "2. alice: LOC «بروكسل»" in tip
    # Ctrl+5 has no version 5 here: nothing happens to gold, and the status bar says why.
    qtbot.keyClick(window.view, Qt.Key.Key_5, CTRL)
    assert gold(db, r.doc).version == 0
    assert window.statusBar().currentMessage() == ("No version 5: this disagreement has 2 versions")
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL)  # the number shown: alice's LOC
    assert gold_keys(db, r) == {("LOC", "بروكسل")}
    # Topic versions follow the same rule: the two who gave politics first.
    politics = index_of(window, DisagreementKind.DIFFERENT_TOPICS, "politics")
    assert plain(panel.version_text(politics, 0)).startswith("1. alice, bob: topic politics")


def test_clicking_a_version_row_enables_accept(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    panel = window.review_panel
    label = index_of(window, DisagreementKind.DIFFERENT_LABEL)
    assert not panel.accept_button.isEnabled()
    row = panel.version_index(label, 1)
    panel.tree.scrollTo(row)
    rect = panel.tree.visualRect(row)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected_version() == 1 and panel.current_index() == label
    assert panel.accept_button.isEnabled()
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert gold_keys(db, r) == {("LOC", "بروكسل")}
    assert panel.version_text(label, 1, 1) == DECIDED_MARK


def test_majority_prefills_but_decides_nothing_and_accept_undo_count_at_once(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    panel = window.review_panel
    total = len(window.review.disagreements)
    start_majority(qtbot, window)
    assert not any(window.review.decided)
    assert f"{total} disagreements: 0 decided" in summary(window)
    label = index_of(window, DisagreementKind.DIFFERENT_LABEL)
    styles = {m.style for m in window.view.marks() if m.start == r.at("بروكسل")[0]}
    assert styles == {"different_label:prefilled"}
    assert panel.version_text(label, 0, 1) == PREFILLED_MARK  # held, not decided
    # Accept what gold already holds: now a reviewer decided it (version 1 = majority's).
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    window.review.choose(label, select=True)
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    assert window.review.decided[label]
    assert f"{total} disagreements: 1 decided" in summary(window)
    styles = {m.style for m in window.view.marks() if m.start == r.at("بروكسل")[0]}
    assert styles == {"different_label:decided"}
    assert ReviewService(db, REVIEWER).state(r.doc).decided[label]  # stored
    # Undo withdraws the decision, at once.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert not window.review.decided[label]
    assert f"{total} disagreements: 0 decided" in summary(window)
    assert not ReviewService(db, REVIEWER).state(r.doc).decided[label]


def test_first_accept_without_gold_counts_one_and_undo_counts_none(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    total = len(window.review.disagreements)
    missing = index_of(window, DisagreementKind.MISSING_SPAN)
    window.review.choose(missing, select=True)
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL)  # alice's MISC (1 is bob, carol: none)
    assert gold_keys(db, r) == {("MISC", "الأمين العام")}
    assert f"{total} disagreements: 1 decided" in summary(window)
    assert [i for i, d in enumerate(window.review.decided) if d] == [missing]
    # A fresh read agrees: nothing else counts as decided.
    window.reload_document()
    assert f"{total} disagreements: 1 decided" in summary(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert gold(db, r.doc).spans == ()
    assert f"{total} disagreements: 0 decided" in summary(window)
    window.reload_document()
    assert f"{total} disagreements: 0 decided" in summary(window)


def test_a_hand_edit_decides_and_a_later_disagreement_is_undecided(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    boundaries = index_of(window, DisagreementKind.DIFFERENT_BOUNDARIES)
    window.review.choose(boundaries, select=True)  # يوم الخميس
    qtbot.keyClick(window.view, Qt.Key.Key_D)  # label it DATE in gold by hand
    assert ("DATE", "يوم الخميس") in gold_keys(db, r)
    assert window.review.decided[boundaries]
    # An annotator adds a span later: a new disagreement, undecided.
    AnnotationService(db, "bob").add_span(r.doc, *r.at("وزراء"), "MISC")
    window.review.poll()
    found = window.review.disagreements
    new = next(i for i, d in enumerate(found) if (d.start, d.end) == r.at("وزراء"))
    # (gold, which exists now, lacks the span: it holds the "no span" version, undecided)
    assert not window.review.decided[new] and window.review.look(new) != marks.DECIDED
    # The hand edit's decision survived the re-read.
    again = index_of(window, DisagreementKind.DIFFERENT_BOUNDARIES)
    assert window.review.decided[again]


def test_a_reject_that_changes_nothing_keeps_the_version_and_raises_no_conflict(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    missing = index_of(window, DisagreementKind.MISSING_SPAN)
    window.review.choose(missing, select=True)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete, CTRL)  # decides: leave it out
    version = gold(db, r.doc).version
    events = len(audit.read_events(db, document_id=r.doc))
    qtbot.keyClick(window.view, Qt.Key.Key_Delete, CTRL)  # again: nothing to change
    assert gold(db, r.doc).version == version
    assert len(audit.read_events(db, document_id=r.doc)) == events
    window.review.poll()
    assert "Another reviewer" not in window.notice.text()


def test_redo_is_logged_as_redo(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    window, r = reviewer_window, reviewed
    window.view.select_range(*r.at("وزراء"))
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    actions = [e.action for e in audit.read_events(db, document_id=r.doc, actor=REVIEWER)]
    assert actions[-3:] == ["add_span", "undo", "redo"]


def test_legend_explains_every_mark_with_the_real_formats(
    qtbot, reviewer_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    panel = reviewer_window.review_panel
    assert not panel.legend.isVisible()
    qtbot.mouseClick(panel.legend_button, Qt.MouseButton.LeftButton)
    assert panel.legend.isVisible()
    lines = panel.legend.lines()
    text = panel.legend.toPlainText()
    for kind in marks.DISAGREEMENT_COLOURS:
        fmt = marks.disagreement_format(kind, state=marks.OPEN)
        assert any(f is not None and f == fmt for f, _ in lines), kind
    for state in (marks.OPEN, marks.PREFILLED, marks.DECIDED):
        fmt = marks.disagreement_format("different_label", state=state)
        assert any(f is not None and f == fmt for f, _ in lines), state
    for words in ("missing span", "open", "pre-filled", "decided", "every annotator"):
        assert words in text
    # The missing-span colour is nothing like the QUOTE label's orange, and a decided mark
    # has an overline a gold quote's underline cannot hide.
    quote = marks.label_colour("#e8a33d")
    grey = marks.disagreement_colour("missing_span")
    assert abs(grey.hue() - quote.hue()) > 60 or grey.saturation() < 40
    decided = marks.disagreement_format("different_speaker", state=marks.DECIDED)
    assert decided.fontOverline()
    quote_format = marks.span_format(LabelKind.QUOTE, "#e8a33d")
    assert quote_format is not None
    assert decided.underlineStyle() != quote_format.underlineStyle()


def test_the_list_keeps_room_and_cuts_no_name(qtbot, reviewer_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = reviewer_window
    panel = window.review_panel
    window.show_agreement()
    qtbot.wait(50)
    row_height = panel.tree.fontMetrics().height()
    assert panel.tree.height() >= row_height * MIN_ROWS
    assert panel.tree.textElideMode() == Qt.TextElideMode.ElideNone
    speaker = index_of(window, DisagreementKind.DIFFERENT_SPEAKER)
    index = panel.version_index(speaker, 1)
    shown = panel.tree.header().sectionSize(TEXT_COL)
    needed = panel.tree.sizeHintForColumn(TEXT_COL)
    assert shown >= needed  # the column is as wide as its longest line (scrolls sideways)
    assert "منظمة الناتو" in plain(str(index.data()))


SPOKEN = "«الوضع مستقر»"
SPEAKERS_ARTICLE = f"تصريح\nقال المالكي لصحيفة الشرق الأوسط {SPOKEN} أمس.\n"


@pytest.fixture
def speakers(db: Database, add_articles) -> Reviewed:  # type: ignore[no-untyped-def]
    """sara quotes with the «» and names المالكي (PER); huda and omar quote without the
    marks and name الشرق الأوسط (ORG): a different-boundaries disagreement whose versions
    also differ in the speaker."""
    from annotator.services import access

    (doc,) = add_articles([SPEAKERS_ARTICLE])
    r = Reviewed(doc, documents.get_document(db, doc).text)
    inner = SPOKEN.strip("«»")
    for name, quote, speaker in (
        ("sara", SPOKEN, ("المالكي", "PER")),
        ("huda", inner, ("الشرق الأوسط", "ORG")),
        ("omar", inner, ("الشرق الأوسط", "ORG")),
    ):
        annotate(db, r, name, [(quote, "QUOTE"), ("المالكي", "PER"), ("الشرق الأوسط", "ORG")])
        service = AnnotationService(db, name)
        layer = service.layer_state(doc)
        q = span_id(layer, (*r.at(quote), "QUOTE"))
        service.link(doc, q, span_id(layer, (*r.at(speaker[0]), speaker[1])))
    access.set_role(db, access.resolve_actor(db, REVIEWER), REVIEWER, "reviewer")
    return r


def test_a_boundary_version_shows_the_speaker_it_brings(
    qtbot, db: Database, make_window, speakers: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    r = speakers
    window: MainWindow = make_window(REVIEWER)
    window.actions_.review_mode.trigger()
    start_majority(qtbot, window)  # gold: huda and omar's quote, spoken by the ORG
    panel = window.review_panel
    index = index_of(window, DisagreementKind.DIFFERENT_BOUNDARIES)
    lines = [plain(panel.version_text(index, v)) for v in range(2)]
    assert lines[0].startswith("1. huda, omar: QUOTE «الوضع مستقر»")
    assert lines[0].endswith("speaker ORG «الشرق الأوسط»")
    # sara's span takes in its own «»: they are shown once, and said, never doubled.
    assert lines[1].startswith("2. sara: QUOTE «الوضع مستقر» (quote marks included)")
    assert "««" not in lines[1] and "»»" not in lines[1]
    assert lines[1].endswith("speaker PER «المالكي»")
    window.review.choose(index, select=True)
    # Below the list, the current disagreement's versions in full, wrapped: never cut.
    details = plain(panel.details.text())
    assert panel.details.isVisible() and panel.details.wordWrap()
    assert lines[0] in details and lines[1] in details
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL)
    stored = gold(db, r.doc)
    by_id = {s.id: s for s in stored.spans}
    links = {(by_id[x.head].key, by_id[x.child].key) for x in stored.relations}
    # Exactly what row 2 said: sara's quote (with its «»), spoken by the PER; nothing else.
    assert links == {((*r.at(SPOKEN), "QUOTE"), (*r.at("المالكي"), "PER"))}
    assert (*r.at(SPOKEN.strip("«»")), "QUOTE") not in {s.key for s in stored.spans}


def test_a_version_key_beyond_the_versions_says_why_and_is_quiet_outside_review(
    qtbot, db: Database, reviewer_window: MainWindow, reviewed: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N past the last version, or before choosing a disagreement, gives a status
    message; leaving review mode leaves the keys to nothing."""
    window, r = reviewer_window, reviewed
    window.review.current = None
    window.review.update_accept_menu()
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    assert window.statusBar().currentMessage() == "Choose a disagreement first (F8)"
    window.review.choose(index_of(window, DisagreementKind.DIFFERENT_LABEL), select=True)
    qtbot.keyClick(window.view, Qt.Key.Key_9, CTRL)
    assert "No version 9" in window.statusBar().currentMessage()
    assert gold(db, r.doc).version == 0
    window.actions_.review_mode.trigger()  # leave review mode
    assert not window.review.active
    window.statusBar().clearMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_9, CTRL)
    assert window.statusBar().currentMessage() == ""
    assert not any(key.isEnabled() for key in window.review.spare_keys)


def test_nothing_in_the_panel_is_drawn_over_anything_else_with_the_legend_open(
    qtbot, make_window, speakers: Reviewed
) -> None:  # type: ignore[no-untyped-def]
    """With the legend and long versions in full open in a window of ordinary height, the
    list, the details, the buttons, the legend and the comment each keep their own room
    (a squeezed panel scrolls rather than laying one over another)."""
    window: MainWindow = make_window(REVIEWER)
    window.actions_.review_mode.trigger()
    start_majority(qtbot, window)
    panel = window.review_panel
    qtbot.mouseClick(panel.legend_button, Qt.MouseButton.LeftButton)
    window.review.choose(index_of(window, DisagreementKind.DIFFERENT_BOUNDARIES), select=False)
    qtbot.wait(100)
    # Narrower than it opened: the versions in full wrap onto more lines than at first.
    window.resizeDocks([window.docks["review"]], [300], Qt.Orientation.Horizontal)
    qtbot.wait(100)
    assert panel.details.height() > 4 * panel.details.fontMetrics().height()
    parts = [panel.tree, panel.details, panel.accept_button, panel.legend, panel.comment]
    assert all(part.isVisible() for part in parts)
    rects = [part.mapTo(window, part.rect().topLeft()) for part in parts]
    boxes = [QRect(at, part.size()) for at, part in zip(rects, parts, strict=True)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b), (a, b)
    row_height = panel.tree.fontMetrics().height()
    assert panel.tree.height() >= row_height * MIN_ROWS


def test_version_rows_read_in_their_own_direction_in_the_arabic_interface(
    qtbot, monkeypatch, reviewer_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """ "1. bob, carol: GPE «بروكسل»" is a left-to-right line (its first strong letter is
    Latin), also in the Arabic interface: the list draws it so, not as ".1 bob, carol"."""
    from annotator.gui import bidi_text
    from annotator.gui.i18n import install_language

    drawn: list[bidi_text.CellText] = []
    real = bidi_text.draw_line

    def spy(painter, rect, cell, font):  # type: ignore[no-untyped-def]
        drawn.append(cell)
        real(painter, rect, cell, font)

    monkeypatch.setattr(bidi_text, "draw_line", spy)
    window = reviewer_window
    install_language("ar")
    qtbot.wait(50)
    window.review_panel.tree.expandAll()
    window.review_panel.tree.viewport().repaint()
    versions = [c for c in drawn if plain(c.text).startswith(("1. ", "2. "))]
    assert versions
    assert all(c.direction == Qt.LayoutDirection.LeftToRight for c in versions), versions
    # ... on the interface's side: the sideways-scrolling column shows that side first.
    assert all(c.alignment & Qt.AlignmentFlag.AlignRight for c in versions)
    titles = [c for c in drawn if not plain(c.text)[:1].isdigit()]
    assert any(c.direction == Qt.LayoutDirection.RightToLeft for c in titles)  # Arabic kinds


def test_review_tooltips_give_each_line_its_own_direction(
    qtbot, monkeypatch, reviewer_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """In the Arabic interface a tooltip's "1. bob, carol: GPE «…»" line reads left to right
    and the Arabic kind name right to left (a plain-text tooltip forces the interface's
    direction on every line), in the review list and over the article."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent

    from annotator.gui import article_view
    from annotator.gui.i18n import install_language

    window = reviewer_window
    install_language("ar")
    qtbot.wait(50)
    panel = window.review_panel
    label = index_of(window, DisagreementKind.DIFFERENT_LABEL)
    tip = str(panel.model.index(label, TEXT_COL).data(Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith('<p dir="rtl"')  # the kind's Arabic name
    assert '<p dir="ltr" style="margin:0; white-space:pre-wrap">  1. bob, carol: GPE' in tip
    version = str(panel.version_index(label, 0).data(Qt.ItemDataRole.ToolTipRole))
    assert version.startswith('<p dir="ltr"')
    shown: list[str] = []
    monkeypatch.setattr(
        article_view.QToolTip, "showText", lambda _pos, text, *_rest: shown.append(text)
    )
    view = window.view
    i = view.text().index("بروكسل") + 2
    cursor = QTextCursor(view.document())
    cursor.setPosition(i)
    point = view.cursorRect(cursor).center()
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert shown and 'dir="ltr"' in shown[0] and "bob, carol: GPE" in shown[0]
