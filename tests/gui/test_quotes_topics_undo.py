"""Quotes with speakers, topics, the span list, and undo/redo, checked in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox

from annotator.core.model import SPEAKER, LayerStatus
from annotator.gui.main_window import MainWindow
from annotator.gui.span_table import LABEL
from annotator.services.annotations import AnnotationService, LayerState
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

QUOTE_TEXT = "الطاقة محور رئيسي للأمن"
ARTICLE = (
    "قمة الطاقة\n"
    f"قال مارك روته في بروكسل إن «{QUOTE_TEXT}» بعد الحرب.\n"
    "وأكد فاتح بيرول أن الأسواق مستقرة.\n"
)


def state(db: Database, doc: int) -> LayerState:
    """The tester's layer as stored."""
    return AnnotationService(db, "tester").layer_state(doc)


def texts(db: Database, window: MainWindow, doc: int) -> set[tuple[str, str]]:
    """(label, text) of stored spans."""
    text = window.view.text()
    return {(s.label, text[s.start : s.end]) for s in state(db, doc).spans}


def links(db: Database, window: MainWindow, doc: int) -> set[tuple[str, str]]:
    """(quote text, speaker text) of stored SPEAKER relations."""
    text = window.view.text()
    layer = state(db, doc)
    by_id = {s.id: s for s in layer.spans}
    return {
        (
            text[by_id[r.head].start : by_id[r.head].end],
            text[by_id[r.child].start : by_id[r.child].end],
        )
        for r in layer.relations
        if r.label == SPEAKER
    }


def select(window: MainWindow, word: str) -> None:
    """Select a word of the (BMP-only) article through a Qt cursor."""
    text = window.view.text()
    i = text.index(word)
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(i)
    cursor.setPosition(i + len(word), QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)


def click_on(qtbot, window: MainWindow, word: str) -> None:  # type: ignore[no-untyped-def]
    """Click the middle of a word in the article."""
    view = window.view
    i = view.text().index(word) + len(word) // 2
    cursor = QTextCursor(view.document())
    cursor.setPosition(i)
    a = view.cursorRect(cursor)
    cursor.setPosition(i + 1)
    b = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=(a.center() + b.center()) / 2)


def test_quote_speaker_by_clicking_existing_entity(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    select(window, "مارك روته")
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    select(window, QUOTE_TEXT)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    assert window.labelling.pending_quote is not None
    click_on(qtbot, window, "بروكسل")  # not a speaker: still waiting
    assert window.labelling.pending_quote is not None and links(db, window, doc) == set()
    click_on(qtbot, window, "روته")
    assert window.labelling.pending_quote is None
    assert links(db, window, doc) == {(QUOTE_TEXT, "مارك روته")}
    # The span list shows the speaker, and hovering the quote highlights the speaker.
    model = window.spans.span_model
    rows = {model.index(r, 0).data(): model.index(r, 3).data() for r in range(model.rowCount())}
    assert rows[QUOTE_TEXT] == "مارك روته"
    view = window.view
    before = len(view.extraSelections())
    i = view.text().index(QUOTE_TEXT) + 3
    cursor = QTextCursor(view.document())
    cursor.setPosition(i)
    qtbot.mouseMove(view.viewport(), view.cursorRect(cursor).center())
    selections = view.extraSelections()
    assert len(selections) == before + 1
    top = selections[-1].cursor
    assert view.text()[top.selectionStart() : top.selectionEnd()] == "مارك روته"
    tip = view.tooltip_at(view.cursorRect(cursor).center())
    assert "QUOTE" in tip and "tester" in tip and "مارك روته" in tip


def test_quote_speaker_marked_right_after_and_undone_together(
    qtbot, db, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    select(window, QUOTE_TEXT)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select(window, "فاتح بيرول")
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert links(db, window, doc) == {(QUOTE_TEXT, "فاتح بيرول")}
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # Marking the speaker and linking it were one action: one undo removes both.
    assert texts(db, window, doc) == {("QUOTE", QUOTE_TEXT)}
    assert links(db, window, doc) == set()
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert links(db, window, doc) == {(QUOTE_TEXT, "فاتح بيرول")}


def test_escape_cancels_speaker_choice(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    select(window, QUOTE_TEXT)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    select(window, "مارك روته")
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert links(db, window, doc) == set()
    assert texts(db, window, doc) == {("QUOTE", QUOTE_TEXT), ("PER", "مارك روته")}


def test_topics_checkbox_and_key_toggle(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    item = window.topics.item_for("energy")
    assert item is not None
    rect = window.topics.list.visualItemRect(item)
    # Clicking the check box indicator (at the leading edge of the row) checks it.
    point = rect.topLeft() + (rect.bottomLeft() - rect.topLeft()) / 2
    point.setX(rect.left() + 10)
    qtbot.mouseClick(window.topics.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert state(db, doc).topics == {"energy"}
    assert item.checkState() == Qt.CheckState.Checked
    window.view.setFocus()
    window.view.select_range(0, 0)
    qtbot.keyClick(window.view, Qt.Key.Key_4)  # security, no selection: document topic
    assert state(db, doc).topics == {"energy", "security"}
    assert window.topics.item_for("security").checkState() == Qt.CheckState.Checked  # type: ignore[union-attr]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert state(db, doc).topics == {"energy"}
    assert window.topics.item_for("security").checkState() == Qt.CheckState.Unchecked  # type: ignore[union-attr]
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert state(db, doc).topics == {"energy", "security"}


def test_undo_redo_every_step_persisted(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    select(window, "روته")
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    select(window, "بروكسل")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert texts(db, window, doc) == {("PER", "روته"), ("GPE", "بروكسل")}
    undo = window.actions_.undo
    redo = window.actions_.redo
    undo.trigger()
    assert texts(db, window, doc) == {("PER", "روته")}
    undo.trigger()
    assert texts(db, window, doc) == set()
    assert not undo.isEnabled() and redo.isEnabled()
    redo.trigger()
    assert texts(db, window, doc) == {("PER", "روته")}
    redo.trigger()
    assert texts(db, window, doc) == {("PER", "روته"), ("GPE", "بروكسل")}
    # The view and the span list follow the database.
    assert window.spans.span_model.rowCount() == 2
    drawn = {(start, end) for start, end, _fmt in window.view.highlights()}
    assert drawn == {(s.start, s.end) for s in state(db, doc).spans}
    # A new action after an undo drops the redo history.
    undo.trigger()
    select(window, "الحرب")
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    assert not redo.isEnabled()
    assert texts(db, window, doc) == {("PER", "روته"), ("EVENT", "الحرب")}


def test_span_list_select_delete_and_relabel(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    for word, key in (("روته", Qt.Key.Key_P), ("بروكسل", Qt.Key.Key_L), ("بيرول", Qt.Key.Key_P)):
        select(window, word)
        qtbot.keyClick(window.view, key)
    table = window.spans
    model = table.span_model
    assert [model.index(r, 0).data() for r in range(3)] == ["روته", "بروكسل", "بيرول"]
    # Selecting a row selects the span in the article.
    table.selectRow(1)
    text = window.view.text()
    assert window.view.selected_range() == (text.index("بروكسل"), text.index("بروكسل") + 6)
    # Change the label in place with the combo delegate.
    index = model.index(1, LABEL)
    table.setCurrentIndex(index)
    table.edit(index)
    combo = table.findChild(QComboBox)
    assert combo is not None
    combo.setCurrentText("GPE")
    combo.activated.emit(combo.currentIndex())
    expected = {("PER", "روته"), ("GPE", "بروكسل"), ("PER", "بيرول")}
    qtbot.waitUntil(lambda: texts(db, window, doc) == expected)
    assert model.index(1, LABEL).data() == "GPE"
    # Delete removes the selected span.
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert texts(db, window, doc) == {("GPE", "بروكسل"), ("PER", "بيرول")}
    assert model.rowCount() == 2
    window.actions_.undo.trigger()
    assert ("PER", "روته") in texts(db, window, doc)
    assert model.rowCount() == 3


def test_mark_done_moves_on_and_progress_shows(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    first, second = add_articles([ARTICLE, "مقال ثان\nنص قصير عن الاقتصاد.\n"])
    window = make_window()
    assert window.document is not None and window.document.id == first
    # "Done / all" counts every document: read in a worker thread, shown when it arrives.
    qtbot.waitUntil(lambda: "Done 0 / 2" in window.progress_label.text(), timeout=5000)
    assert "tester" in window.annotator_label.text()
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert state(db, first).status == LayerStatus.DONE
    assert window.document.id == second
    qtbot.waitUntil(lambda: "Done 1 / 2" in window.progress_label.text(), timeout=5000)
    assert "annotator" in window.windowTitle() and "مقال ثان" in window.windowTitle()
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.document.id == first
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.document.id == second
    # Undo of the status change reopens the first document and restores its status.
    window.actions_.undo.trigger()
    assert window.document.id == first
    assert state(db, first).status == LayerStatus.NEW


def test_delete_or_backspace_in_the_article_removes_the_span_at_the_caret(
    qtbot, db, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    """The README's keys table: Delete or Backspace, with the caret in a span, removes it."""
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        select(window, "بيرول")
        qtbot.keyClick(window.view, Qt.Key.Key_P)
        select(window, "بروكسل")
        qtbot.keyClick(window.view, Qt.Key.Key_L)
        assert texts(db, window, doc) == {("PER", "بيرول"), ("LOC", "بروكسل")}
        window.spans.clearSelection()
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(window.view.text().index("بيرول") + 2)  # the caret alone
        window.view.setTextCursor(cursor)
        qtbot.keyClick(window.view, key)
        assert texts(db, window, doc) == {("LOC", "بروكسل")}
        window.actions_.undo.trigger()  # undone like any step
        assert texts(db, window, doc) == {("PER", "بيرول"), ("LOC", "بروكسل")}
        # Both away again, so the next key starts from an empty layer.
        cursor.setPosition(window.view.text().index("بروكسل") + 1)
        window.view.setTextCursor(cursor)
        qtbot.keyClick(window.view, key)
        cursor.setPosition(window.view.text().index("بيرول") + 1)
        window.view.setTextCursor(cursor)
        qtbot.keyClick(window.view, key)
        assert texts(db, window, doc) == set()
