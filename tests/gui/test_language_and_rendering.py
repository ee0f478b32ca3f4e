"""Interface language and mirroring, settings, and how the Arabic is actually drawn."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from annotator.gui.fonts import PREFERRED_FAMILIES
from annotator.gui.i18n import translations_dir
from annotator.gui.settings import Preferences
from tests import needs

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

GUI_DIR = Path(__file__).resolve().parents[2] / "annotator" / "gui"
SHORT = "قمة قصيرة\nقال روته\nسطر ثالث فيه Mark Rutte ورقم 2025 وعلامة ؟\n"


def test_switch_to_arabic_mirrors_window(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    add_articles([SHORT])
    window = make_window()
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.file_menu.title() == "File"
    docs_dock = window.docks["documents"]
    assert docs_dock.geometry().center().x() < window.width() / 2
    window.actions_.languages["ar"].trigger()
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.file_menu.title() == "ملف"
    assert window.actions_.undo.text() == "تراجع"
    assert window.spans.span_model.headerData(0, Qt.Orientation.Horizontal) == "النص"
    assert Preferences().language == "ar"
    qtbot.waitUntil(lambda: docs_dock.geometry().center().x() > window.width() / 2)
    # The article stays right-to-left whatever the interface language.
    assert window.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    window.actions_.languages["en"].trigger()
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.file_menu.title() == "File"
    assert window.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    option = window.view.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft


def test_next_document_key_follows_direction(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    first, second = add_articles([SHORT, "ثان\nنص.\n"])
    window = make_window()
    window.set_language("ar")
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.document is not None and window.document.id == second
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.document.id == first


def test_font_size_keys_are_remembered(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    add_articles([SHORT])
    window = make_window()
    size = window.view.font_size()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font_size() == size + 2
    assert Preferences().font_size == size + 2
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font_size() == size - 2
    window.close()
    again = make_window()
    assert again.view.font_size() == size - 2


def ink_columns(image: QImage, top: int, bottom: int, background: QColor) -> list[int]:
    """x of every column with a pixel clearly darker than the background in rows [top, bottom)."""
    columns = []
    limit = background.lightness() - 80
    for x in range(image.width()):
        for y in range(max(0, top), min(image.height(), bottom)):
            if image.pixelColor(x, y).lightness() < limit:
                columns.append(x)
                break
    return columns


def test_article_is_right_aligned_with_real_glyphs(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    add_articles([SHORT])
    window = make_window()
    view = window.view
    assert view.font().families()[0] in PREFERRED_FAMILIES[:3]  # a named Arabic face
    view.select_range(0, 0, scroll=False)
    image = view.viewport().grab().toImage()
    doc = view.document()
    second = doc.findBlockByNumber(1)  # "قال روته": a short line
    rect = doc.documentLayout().blockBoundingRect(second)
    columns = ink_columns(
        image, int(rect.top()) + 2, int(rect.bottom()) - 2, view.background_colour()
    )
    assert columns, "no ink drawn for the short line"
    width = image.width()
    assert min(columns) > width / 2, "short Arabic line is not right-aligned"
    assert max(columns) > width * 0.9
    # Every glyph of every line is a real glyph (index 0 is the missing-glyph box).
    block = doc.begin()
    runs = 0
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            for run in layout.lineAt(i).glyphRuns():
                runs += 1
                assert 0 not in run.glyphIndexes(), f"missing glyph in {block.text()!r}"
        block = block.next()
    assert runs >= 3


def test_translation_is_complete_and_compiled() -> None:
    ts = (translations_dir() / "annotator_ar.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts
    assert (translations_dir() / "annotator_ar.qm").stat().st_size > 1000


def test_gui_never_reshapes_text() -> None:
    """Qt shapes Arabic itself: no gui module imports arabic_reshaper or bidi."""
    for path in GUI_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"arabic_reshaper", "bidi", "sqlalchemy"}, (
                    f"{path.name} imports {name}"
                )


def test_flags_and_emoji_draw_real_glyphs(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    """A flag is two regional indicators that only an emoji face joins; no box is drawn."""
    needs.font_family("Noto Color Emoji", "fonts-noto-color-emoji")
    add_articles(["علم 🇸🇦 وعلم 🇪🇬\nقال 😀 إن 𝕏 منصة\n"])
    window = make_window()
    doc = window.view.document()
    block, runs = doc.begin(), []
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            runs.extend(layout.lineAt(i).glyphRuns())
        block = block.next()
    assert runs
    for run in runs:
        assert 0 not in run.glyphIndexes(), f"missing glyph in {run.rawFont().familyName()}"
    assert "Noto Color Emoji" in {run.rawFont().familyName() for run in runs}
