"""Paths with Arabic folder names, and error messages that start with ``file:line``.

Audit of issue 12's "paths isolated so they read correctly inside Arabic sentences": a
left-to-right island alone still lets two Arabic names in a row (``بيانات عربية/أخبار``)
run right to left, so the file came out before its folder. Each Arabic name is now its own
isolate inside the island. An error ``أخبار.jsonl:3: not valid JSON`` was laid out as one
right-to-left paragraph with the reason before the place; its place is now an island.
Positions are measured on the real text layout, as drawn.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from annotator.core.bidi import first_strong, strip_controls
from annotator.gui import bidi_text, dialogs
from annotator.gui.i18n import install_language

REAL_SHOW_ERROR = dialogs.show_error

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def x_of(text: str, word: str, rtl: bool = False) -> float:
    """Where the middle of ``word``'s first letter is drawn, laying ``text`` out as one line."""
    layout = QTextLayout(text, QFont("Noto Naskh Arabic", 12))
    option = QTextOption()
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(5000)
    layout.endLayout()
    i = text.index(word)
    a, _ = line.cursorToX(i)
    b, _ = line.cursorToX(i + 1)
    return (a + b) / 2


@pytest.mark.parametrize(
    "path",
    [
        "/tmp/بيانات عربية/أخبار.jsonl",
        "/home/هدى/مشروع/بيانات/train.conll",
        "بيانات/أخبار اليوم.txt",
    ],
)
def test_a_path_reads_folder_before_file_left_to_right(qapp, path: str) -> None:  # type: ignore[no-untyped-def]
    shown = bidi_text.path_text(path)
    assert strip_controls(shown) == path  # nothing but invisible isolates added
    names = [part for part in path.split("/") if part and first_strong(part) == "rtl"]
    for rtl in (False, True):  # in an English and in an Arabic sentence
        sentence = f"كتب {shown} بنجاح" if rtl else f"Wrote {shown}."
        xs = [x_of(sentence, name.split(".")[0], rtl) for name in names]
        assert xs == sorted(xs), (path, rtl, xs)
        # ... and a file's extension stays on its right.
        *_, last = path.split("/")
        name, extension = last.rsplit(".", 1)
        assert x_of(sentence, name[:3], rtl) < x_of(sentence, extension, rtl)


def test_an_error_at_file_line_keeps_its_place_first(monkeypatch, message_boxes, qapp) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "show_error", REAL_SHOW_ERROR)
    install_language("ar")
    message = "/tmp/بيانات عربية/أخبار.jsonl:3: not valid JSON (Expecting value)"
    dialogs.show_error(None, message)
    (box,) = message_boxes
    html = box.text()
    assert "أخبار.jsonl:3" in strip_controls(html)
    assert 'dir="ltr"' in html  # the reason is English: its paragraph reads left to right
    shown = bidi_text.error_text(message)
    assert strip_controls(shown) == message
    sentence = shown
    # The place, then the reason, left to right: folder, file, line, reason.
    assert x_of(sentence, "بيانات") < x_of(sentence, "أخبار") < x_of(sentence, "jsonl:3")
    assert x_of(sentence, "jsonl:3") < x_of(sentence, "not valid")
    # A relative Arabic file name first: still the place, then the reason.
    relative = bidi_text.error_text("أخبار.jsonl:3: not valid JSON")
    assert first_strong(relative) == "ltr"
    assert x_of(relative, "أخبار") < x_of(relative, "not valid")


@pytest.mark.parametrize(
    "message",
    ["Choose a file to export to.", "annotator: error", "تعذر الحفظ: القرص ممتلئ", ""],
)
def test_messages_without_a_place_are_left_alone(message: str) -> None:
    assert bidi_text.error_text(message) == message
