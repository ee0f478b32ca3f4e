"""Labels show their Arabic names in the Arabic interface; reopening returns to the place.

The Arabic name is display only: spans keep the label's name (relabelling from the span
table's combo too). Reopening the app opens the document where this annotator stopped in
this database, with the caret and the scroll where they were.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from annotator.gui.i18n import install_language
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences
from annotator.gui.span_table import LABEL
from annotator.services.workspace import open_workspace

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

LONG = "\n".join(
    ["عنوان طويل"] + [f"الفقرة رقم {i}: قال مارك روته إن الحلف قوي في بروكسل." for i in range(80)]
)


def palette_texts(window: MainWindow) -> list[str]:
    lst = window.palette_.list
    return [lst.item(row).text() for row in range(lst.count())]


def test_arabic_interface_shows_arabic_label_names(make_window, add_articles, qtbot) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles(["عنوان\nقال مارك روته إن الحلف قوي"])
    window = make_window()
    window.open_document(doc)
    start = window.document.text.index("مارك")
    window.guard(lambda: window.ops.add_span(doc, start, start + 9, "PER"))
    assert palette_texts(window)[0].startswith("PER")
    install_language("ar")
    assert palette_texts(window)[0].startswith("شخص")
    topic = window.topics.item_for("politics")
    assert topic is not None and topic.text().startswith("سياسة")
    index = window.spans.span_model.index(0, LABEL)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "شخص"
    assert index.data(Qt.ItemDataRole.EditRole) == "PER"  # what is stored and exported
    # Relabelling from the combo passes the label's name, whatever the combo shows.
    asked: list[tuple[int, str]] = []
    window.spans.span_model.relabelRequested.connect(lambda i, name: asked.append((i, name)))
    option = QStyleOptionViewItem()
    editor = window.spans.delegate.createEditor(window.spans.viewport(), option, index)
    assert isinstance(editor, QComboBox)
    window.spans.delegate.setEditorData(editor, index)
    assert editor.currentText() == "شخص"
    editor.setCurrentIndex(editor.findData("ORG"))
    assert editor.currentText() == "منظمة"
    window.spans.delegate.setModelData(editor, window.spans.span_model, index)
    assert asked and asked[-1][1] == "ORG"
    # Back in English: the names again.
    install_language("en")
    assert palette_texts(window)[0].startswith("PER")
    assert window.topics.item_for("politics").text().startswith("politics")  # type: ignore[union-attr]


def test_topic_checks_survive_a_language_switch(make_window, add_articles) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles(["عنوان\nنص"])
    window = make_window()
    window.open_document(doc)
    window.guard(lambda: window.ops.set_topic(doc, "energy", True))
    install_language("ar")
    assert window.topics.chosen() == {"energy"}


def test_reopening_returns_to_the_document_and_position(
    make_window, add_articles, db, qtbot
) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles(["أول\nنص قصير", LONG, "ثالث\nنص"])
    window = make_window()
    assert window.document.id == ids[0]  # the first launch opens the first document
    window.open_document(ids[1])
    window.view.select_range(1500, 1500, scroll=True)
    qtbot.waitUntil(lambda: window.view.verticalScrollBar().value() > 0)
    scroll = window.view.verticalScrollBar().value()
    window.close()

    again = make_window()
    assert again.document is not None and again.document.id == ids[1]
    assert again.view.cursor_offset() == 1500
    qtbot.waitUntil(lambda: again.view.verticalScrollBar().value() == scroll)
    assert again.doc_list.table.currentIndex().row() == again.doc_list.model.row_of(ids[1])
    again.close()

    # Another annotator on the same database starts at the beginning.
    other = make_window("someone-else")
    assert other.document.id == ids[0]
    other.close()


def test_reopen_is_per_database(make_window, add_articles, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles(["أول\nنص", "ثان\nنص"])
    window = make_window()
    window.open_document(ids[1])
    window.close()
    other_db = open_workspace(str(tmp_path / "other.sqlite"))
    try:
        from annotator.services.importer import import_paths

        path = tmp_path / "x.txt"
        path.write_text("وحيد\nنص", encoding="utf-8")
        import_paths(other_db, [str(path)])
        elsewhere = MainWindow(other_db, "tester", Preferences())
        qtbot.addWidget(elsewhere)
        assert elsewhere.document is not None and elsewhere.document.title == "وحيد"
        elsewhere.close()
    finally:
        other_db.close()


def test_a_document_gone_since_opens_the_first(make_window, add_articles, db, errors) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles(["أول\nنص", "ثان\nنص"])
    window = make_window()
    window.open_document(ids[1])
    window.close()
    prefs = Preferences()
    from annotator.gui.main_window import database_key
    from annotator.gui.settings import ResumePoint

    prefs.set_resume_point(database_key(db), "tester", ResumePoint(99999, 5, 5))
    again = make_window()
    assert again.document is not None and again.document.id == ids[0]
    assert errors == []  # no dialog about the missing document


def test_the_document_is_remembered_without_closing(make_window, add_articles, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles(["أول\nنص", "ثان\nنص", "ثالث\nنص"])
    window = make_window()
    window._remember_timer.setInterval(10)  # two seconds in the app
    window.open_document(ids[2])
    qtbot.waitUntil(lambda: not window._remember_timer.isActive())
    # No close (a crash, a kill): the next start still finds the document.
    again = make_window()
    assert again.document is not None and again.document.id == ids[2]


def test_topic_check_box_still_takes_a_click(make_window, add_articles, qtbot) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles(["عنوان\nنص"])
    window = make_window()
    window.open_document(doc)
    item = window.topics.item_for("energy")
    assert item is not None
    rect = window.topics.list.visualItemRect(item)
    with qtbot.waitSignal(window.topics.topicToggled, timeout=2000) as signal:
        # The check box is at the left in English (the delegate draws only the text).
        qtbot.mouseClick(
            window.topics.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(rect.left() + 10, rect.center().y()),
        )
    assert signal.args == ["energy", True]
