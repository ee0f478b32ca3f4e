"""When the database cannot store an action, the editor says so and shows nothing unsaved."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from sqlalchemy import event

from annotator.gui.main_window import MainWindow
from annotator.services.annotations import AnnotationService
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ARTICLE = "قمة الطاقة\nقال مارك روته في مقر الحلف ببروكسل إن الطاقة محور رئيسي للأمن.\n"


def label_word(qtbot: Any, window: MainWindow, word: str) -> None:
    """Select ``word`` (no astral characters: Qt and code point offsets agree) and press P."""
    start = ARTICLE.index(word)
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(word), QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    qtbot.keyClick(window.view, Qt.Key.Key_P)


def test_deleted_database_file_is_reported_not_written_into(  # type: ignore[no-untyped-def]
    qtbot, db: Database, add_articles, make_window, errors: list[str]
) -> None:
    """Deleted under the open app, the file would swallow every later action unseen."""
    add_articles([ARTICLE])
    window = make_window()
    label_word(qtbot, window, "مارك")
    assert window.spans.model().rowCount() == 1 and errors == []
    for path in db.own_files():
        path.unlink(missing_ok=True)
    label_word(qtbot, window, "روته")
    (message,) = errors
    assert "was deleted or replaced while it was open" in message
    assert "nothing of this action was saved" in message
    assert window.spans.model().rowCount() == 1  # the unsaved span is not shown
    assert not any(path.exists() for path in db.own_files())


def test_read_only_database_says_why_in_one_message(  # type: ignore[no-untyped-def]
    qtbot, db: Database, add_articles, make_window, errors: list[str], message_boxes: list[Any]
) -> None:
    """A refusal of the storage (here: read-only) is a plain message, not a bug report."""
    (doc,) = add_articles([ARTICLE])
    window = make_window()

    def read_only(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.execute("PRAGMA query_only = ON")

    db.engine.dispose()  # new connections get the pragma
    event.listen(db.engine, "connect", read_only)
    try:
        label_word(qtbot, window, "روته")
    finally:
        event.remove(db.engine, "connect", read_only)
        db.engine.dispose()
    (message,) = errors
    assert message.startswith(f"could not save to {db.display_name} (")
    assert "readonly" in message and "nothing of this action was saved" in message
    assert message_boxes == []  # no "unexpected error" dialog
    assert window.spans.model().rowCount() == 0
    assert AnnotationService(db, "tester").layer_state(doc).spans == ()
    # Writable again, the same action is saved.
    label_word(qtbot, window, "روته")
    assert len(AnnotationService(db, "tester").layer_state(doc).spans) == 1
