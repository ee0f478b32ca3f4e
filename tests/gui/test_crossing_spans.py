"""Crossing spans of one kind are refused unless Shift forces them; overlaps stay visible."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from annotator.gui import marks
from annotator.gui.main_window import MainWindow
from tests.gui.drag_helpers import ink

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

TEXT = (
    "عنوان\nقال أمين عام حلف شمال الأطلسي (NATO) مارك روته (Mark Rutte) إن الحلف يرفع ميزانيته.\n"
)


def stored(window: MainWindow) -> set[tuple[str, str]]:
    """(label, text) of the spans in the window's layer."""
    assert window.layer is not None
    text = window.view.text()
    return {(s.label, text[s.start : s.end]) for s in window.layer.spans.values()}


def label(qtbot, window: MainWindow, sub: str, key: Qt.Key, *, shift: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Select ``sub`` exactly and press a label key."""
    text = window.view.text()
    start = text.index(sub)
    window.view.select_range(start, start + len(sub))
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window.view, key, mods)


def test_crossing_span_of_one_kind_is_refused_unless_shift(
    qtbot, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    add_articles([TEXT])
    window = make_window()
    label(qtbot, window, "حلف شمال الأطلسي", Qt.Key.Key_O)
    assert stored(window) == {("ORG", "حلف شمال الأطلسي")}
    # Crossing one ORG with the snapping key: refused, said in the status bar.
    label(qtbot, window, "الأطلسي (NATO", Qt.Key.Key_O)
    assert stored(window) == {("ORG", "حلف شمال الأطلسي")}
    message = window.statusBar().currentMessage()
    assert "crosses" in message and "حلف شمال الأطلسي" in message
    # Shift forces it (exactly the selected characters).
    label(qtbot, window, "الأطلسي (NATO", Qt.Key.Key_O, shift=True)
    assert ("ORG", "الأطلسي (NATO") in stored(window)
    # Nested spans do not cross; nor do spans of another kind (a quote over entities).
    label(qtbot, window, "شمال", Qt.Key.Key_L)
    label(qtbot, window, "مارك روته", Qt.Key.Key_P)
    label(qtbot, window, "Mark Rutte", Qt.Key.Key_P)
    assert {("LOC", "شمال"), ("PER", "مارك روته"), ("PER", "Mark Rutte")} <= stored(window)
    before = stored(window)
    # Crossing two PER spans at once: refused.
    label(qtbot, window, "روته (Mark", Qt.Key.Key_P)
    assert stored(window) == before
    assert "crosses" in window.statusBar().currentMessage()
    label(qtbot, window, "عام حلف شمال", Qt.Key.Key_Q)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert ("QUOTE", "عام حلف شمال") in stored(window)
    # A double-click with the current label takes the same check.
    window.palette_.set_current_label("ORG")
    window.labelling.word_double_clicked(*_word(window, "عام"))
    assert ("ORG", "عام") in stored(window)


def _word(window: MainWindow, sub: str) -> tuple[int, int]:
    """Code points of ``sub`` in the shown text."""
    start = window.view.text().index(sub)
    return start, start + len(sub)


def _bar_rows(image: QImage, x: int, top: int, bottom: int, colour: QColor) -> int:
    """How many pixels of column ``x`` between two rows have ``colour`` (within rounding)."""
    count = 0
    for y in range(max(0, top), min(image.height(), bottom)):
        pixel = QColor(image.pixel(x, y))
        if all(
            abs(a - b) <= 6 for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3], strict=True)
        ):
            count += 1
    return count


def test_overlapping_entities_each_show_their_extent(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    add_articles([TEXT])
    window = make_window()
    view = window.view
    text = view.text()
    colours = {label.name: label.colour for label in window.labels_by_name.values()}
    org = marks.overlap_bar_colour(colours["ORG"])
    misc = marks.overlap_bar_colour(colours["MISC"])
    label(qtbot, window, "الأطلسي (NATO)", Qt.Key.Key_O)
    inner = ink(view, text, text.index("NATO") + 1)  # the A, inside both spans
    outer_only = ink(view, text, text.index("الأطلسي") + 3)
    assert inner is not None and outer_only is not None
    top, bottom = round(inner.line_mid_y), round(inner.line_mid_y) + 40

    def shot() -> QImage:
        view.viewport().repaint()
        return view.viewport().grab().toImage()

    # One span alone: its background is its extent, no bar.
    image = shot()
    assert _bar_rows(image, round(inner.rect.center().x()), top, bottom, org) == 0
    label(qtbot, window, "NATO", Qt.Key.Key_M)
    assert ("MISC", "NATO") in stored(window)
    image = shot()
    # Inside the inner span both extents show: the outer ORG's bar and the inner MISC's.
    x = round(inner.rect.center().x())
    assert _bar_rows(image, x, top, bottom, org) >= marks.OVERLAP_BAR
    assert _bar_rows(image, x, top, bottom, misc) >= marks.OVERLAP_BAR
    # Outside it, only the ORG's bar.
    x = round(outer_only.rect.center().x())
    assert _bar_rows(image, x, top, bottom, org) >= marks.OVERLAP_BAR
    assert _bar_rows(image, x, top, bottom, misc) == 0


def test_refusals_read_in_arabic(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    from annotator.gui.i18n import install_language

    add_articles([TEXT])
    install_language("ar")
    window = make_window()
    label(qtbot, window, "حلف شمال", Qt.Key.Key_O)
    label(qtbot, window, "شمال الأطلسي", Qt.Key.Key_O)
    assert "يتقاطع" in window.statusBar().currentMessage()
    label(qtbot, window, "(", Qt.Key.Key_O)
    assert "علامات ترقيم" in window.statusBar().currentMessage()
    assert stored(window) == {("ORG", "حلف شمال")}
