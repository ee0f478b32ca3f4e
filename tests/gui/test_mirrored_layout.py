"""The window mirrors its docks with the language: live, and when reopened in the other one.

Seen under X: switching to Arabic in the View menu split the Topics / Guidelines tabs into
three stacked docks and squeezed the side column to ~100 px (label names cut to a letter);
reopening with ``--lang ar`` after an English session (or the reverse) kept the document
list on the English side.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.i18n import install_language
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


def area(window: MainWindow, name: str) -> Qt.DockWidgetArea:
    return window.dockWidgetArea(window.docks[name])


def tabbed(window: MainWindow, name: str) -> list[str]:
    return [d.objectName() for d in window.tabifiedDockWidgets(window.docks[name])]


def check_side(qtbot, window: MainWindow, start: Qt.DockWidgetArea) -> None:  # type: ignore[no-untyped-def]
    """The list at ``start``, labels and topics at the other side, guidelines a tab."""
    end = RIGHT if start == LEFT else LEFT
    qtbot.waitUntil(lambda: area(window, "documents") == start, timeout=3000)
    assert area(window, "labels") == end and area(window, "topics") == end
    assert area(window, "guidelines") == end
    assert tabbed(window, "topics") == ["GuidelinesDock"]


def test_switching_language_keeps_tabs_and_widths(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    add_articles(["قمة الحلف\nوصل الوزير إلى بروكسل.\n"])
    window = make_window()
    window.resize(1400, 900)
    qtbot.wait(100)
    check_side(qtbot, window, LEFT)
    labels = window.docks["labels"].width()
    documents = window.docks["documents"].width()
    assert labels > 150

    window.set_language("ar")
    qtbot.wait(100)
    check_side(qtbot, window, RIGHT)
    # The Topics tab still in front (a tab behind is "visible" to Qt, only out of sight).
    assert not window.docks["topics"].visibleRegion().isEmpty()
    assert window.docks["guidelines"].visibleRegion().isEmpty()
    assert abs(window.docks["labels"].width() - labels) <= labels // 10
    assert abs(window.docks["documents"].width() - documents) <= documents // 10
    # The labels, then the topics below them (not the other way round).
    assert window.docks["labels"].geometry().top() < window.docks["topics"].geometry().top()

    window.set_language("en")
    qtbot.wait(100)
    check_side(qtbot, window, LEFT)
    assert abs(window.docks["labels"].width() - labels) <= labels // 10


@pytest.mark.parametrize(("first", "second"), [("en", "ar"), ("ar", "en")])
def test_a_layout_saved_in_one_direction_opens_mirrored_in_the_other(
    qtbot, add_articles, db, first: str, second: str
) -> None:  # type: ignore[no-untyped-def]
    add_articles(["قمة الحلف\nوصل الوزير إلى بروكسل.\n"])

    def build() -> MainWindow:
        window = MainWindow(db, "tester", Preferences())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    install_language(first)
    window = build()
    window.resize(1400, 900)
    qtbot.wait(100)
    check_side(qtbot, window, LEFT if first == "en" else RIGHT)
    labels = window.docks["labels"].width()
    window.close()  # saves the layout

    install_language(second)  # as `annotator --lang` does before the window is built
    window = build()
    qtbot.wait(100)
    check_side(qtbot, window, LEFT if second == "en" else RIGHT)
    assert abs(window.docks["labels"].width() - labels) <= labels // 10
    window.close()

    # Saved now in the second direction: opening in it again changes nothing.
    window = build()
    qtbot.wait(100)
    check_side(qtbot, window, LEFT if second == "en" else RIGHT)


def test_numbers_follow_a_language_switch(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    # Seen under X: the list's span counts kept the digits of the language the window was
    # opened in ("٢" in the English interface, "2" in the Arabic one after a switch):
    # widgets keep the locale they were made with.
    from PySide6.QtCore import QLocale

    (doc,) = add_articles(["قمة الحلف\nوصل الوزير إلى بروكسل.\n"])
    window = make_window()
    window.ops.service.add_span(doc, 0, 3, "LOC")
    window.ops.service.add_span(doc, 4, 9, "LOC")
    window.doc_list.apply_filter()
    table = window.doc_list.table
    index = window.doc_list.model.index(0, 2)
    qtbot.waitUntil(lambda: index.data() == 2, timeout=3000)

    def shown_count() -> str:
        return table.itemDelegateForIndex(index).displayText(index.data(), table.locale())

    assert shown_count() == "2"
    window.set_language("ar")
    assert table.locale().language() == QLocale.Language.Arabic
    assert shown_count() == "٢"
    window.set_language("en")
    assert shown_count() == "2"
