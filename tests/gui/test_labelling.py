"""Labelling through the real widgets: select, press a key, check what the database holds."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.services.annotations import AnnotationService
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform reports that it ignores window size hints; harmless there.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ARTICLE = "قمة الطاقة\nقال مارك روته في مقر الحلف ببروكسل إن الطاقة محور رئيسي للأمن.\n"


def qt_pos(text: str, offset: int) -> int:
    """Qt (UTF-16) position of a code point offset, computed independently of the app."""
    return len(text[:offset].encode("utf-16-le")) // 2


def select_qt(window: MainWindow, start: int, end: int) -> None:
    """Select code points [start, end) of the shown text with a QTextCursor in Qt units."""
    text = window.view.toPlainText()
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    assert text  # the view shows something


def stored(db: Database, doc_id: int) -> list[tuple[str, str]]:
    """(label, text) of every stored span of the tester's layer, read through services."""
    from annotator.services.documents import get_document

    text = get_document(db, doc_id).text
    state = AnnotationService(db, "tester").layer_state(doc_id)
    return [(s.label, text[s.start : s.end]) for s in state.spans]


def test_label_after_emoji_snaps_to_word(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    text = "قمة 😀 الطاقة\nرحّب 😀😀 مارك روته بالضيوف 😀 في بروكسل.\n"
    (doc,) = add_articles([text])
    window = make_window()
    shown = window.view.toPlainText()
    assert shown == text  # the view holds exactly the stored text
    i = text.index("روته")
    # Select part of the word "روته" in Qt units (after three emoji: 3 extra units).
    select_qt(window, qt_pos(text, i + 1), qt_pos(text, i + 3))
    assert qt_pos(text, i) == i + 3
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    state = AnnotationService(db, "tester").layer_state(doc)
    (span,) = state.spans
    assert (span.start, span.end, span.label) == (i, i + 4, "PER")
    assert text[span.start : span.end] == "روته"
    # A selection across an emoji's surrogate halves keeps the emoji whole.
    j = text.index("😀 في")
    select_qt(window, qt_pos(text, j) + 1, qt_pos(text, j + 1) + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)
    assert ("MISC", "😀 في") in stored(db, doc)


def test_label_in_document_that_had_crlf(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles(["عنوان\nسطر أول\nقال فاتح بيرول إن السوق مستقرة\n"], newline="\r\n")
    window = make_window()
    text = window.document.text if window.document else ""
    assert "\r" not in text
    i = text.index("بيرول")
    select_qt(window, qt_pos(text, i), qt_pos(text, i + 5))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert stored(db, doc) == [("PER", "بيرول")]
    j = text.index("فاتح")
    select_qt(window, qt_pos(text, j), qt_pos(text, i + 2))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert ("PER", "فاتح بيرول") in stored(db, doc)


def test_modifiers_strip_proclitics_or_keep_exact_characters(
    qtbot, db, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    text = window.view.text()
    i = text.index("ببروكسل")
    select_qt(window, i + 2, i + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    assert stored(db, doc) == [("GPE", "بروكسل")]
    select_qt(window, i + 2, i + 5)
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert ("LOC", "روك") in stored(db, doc)
    # Without a modifier the proclitic stays (whole-word snapping).
    select_qt(window, i + 3, i + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    assert ("MISC", "ببروكسل") in stored(db, doc)


def test_toolbar_toggle_keeps_proclitics_out(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    window.actions_.strip_proclitics.setChecked(True)
    text = window.view.text()
    i = text.index("ببروكسل")
    select_qt(window, i, i + 7)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(db, doc) == [("GPE", "بروكسل")]


def test_arabic_keyboard_layout_key_means_the_same_label(
    qtbot, db, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    text = window.view.text()
    i = text.index("روته")
    select_qt(window, i, i + 4)
    # On the Arabic layout the key labelled P types ح (Qt reports its code point as key).
    press = QKeyEvent(QEvent.Type.KeyPress, ord("ح"), Qt.KeyboardModifier.NoModifier, "ح")
    QApplication.sendEvent(window.view, press)
    assert stored(db, doc) == [("PER", "روته")]


def test_palette_click_labels_and_filter_hides(
    qtbot, db, add_articles, make_window, type_text
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    text = window.view.text()
    i = text.index("مارك")
    select_qt(window, i, i + 9)
    palette = window.palette_
    item = next(
        palette.list.item(r)
        for r in range(palette.list.count())
        if palette.list.item(r).text().startswith("ORG")
    )
    rect = palette.list.visualItemRect(item)
    qtbot.mouseClick(palette.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert stored(db, doc) == [("ORG", "مارك روته")]
    assert palette.current_label() == "ORG"
    type_text(palette.search, "منظمة")  # description in Arabic
    visible = [
        palette.list.item(r).text()
        for r in range(palette.list.count())
        if not palette.list.item(r).isHidden()
    ]
    assert visible == ["ORG   [O]"]


def test_double_click_labels_word_with_current_label(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    text = window.view.text()
    i = text.index("بروكسل")
    # Without a current label a double-click only selects the word.
    point = word_point(window, i + 3)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert stored(db, doc) == []
    assert window.view.selected_range() == (i - 1, i + 6)
    window.palette_.set_current_label("GPE")
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert stored(db, doc) == [("GPE", "ببروكسل")]


def word_point(window: MainWindow, offset: int):  # type: ignore[no-untyped-def]
    """Viewport point in the middle of the character at code point ``offset``."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_pos(view.text(), offset))
    left = view.cursorRect(cursor)
    cursor.setPosition(qt_pos(view.text(), offset + 1))
    right = view.cursorRect(cursor)
    return left.center() + (right.center() - left.center()) / 2
