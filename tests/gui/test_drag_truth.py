"""What the mouse covers is what is stored: drags and clicks at points taken from glyph ink.

Every press and release point comes from the glyphs' ink boxes (``drag_helpers``), never
from the app's own mapping; the stored spans are read back through the window's layer.
"""

from __future__ import annotations

import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QTextBlock

from annotator.core.arabic import word_bounds
from annotator.gui.i18n import install_language
from annotator.gui.main_window import MainWindow
from tests import needs
from tests.gui.drag_helpers import drag, ink, release, show_target

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "resources" / "samples" / "nato-energy-security.txt"
SAUDI_PARTS = ("data", "saudinewsnet", "2015-07-23.zip")

MIXED = (
    "مقر الحلف ببروكسل، مجموعة من كبار المسؤولين في حلف شمال الأطلسي (NATO) مارك روته "
    "(Mark Rutte) قال يوم 12 مارس 2025 إن ٣٤٥ جندياً 😀 انتشروا في المدن، وقال «السلام» "
    "للجميع والناتو يرفع ميزانيته إلى 2٪ من الناتج."
)

# (substring, occurrence) targets in the mixed paragraph.
MIXED_TARGETS = [
    ("مقر", 0),
    ("الحلف", 0),
    ("ببروكسل", 0),
    ("مجموعة", 0),
    ("من", 1),
    ("كبار", 0),
    ("المسؤولين", 0),
    ("كبار المسؤولين", 0),
    ("حلف شمال الأطلسي", 0),
    ("NATO", 0),
    ("(NATO)", 0),
    ("الأطلسي (NATO)", 0),
    ("مارك روته", 0),
    ("Mark Rutte", 0),
    ("Mark", 0),
    ("Rutte", 0),
    ("12", 0),
    ("12 مارس 2025", 0),
    ("مارس", 0),
    ("2025", 0),
    ("٣٤٥", 0),
    ("جندياً", 0),
    ("جندياً 😀", 0),
    ("😀", 0),
    ("انتشروا", 0),
    ("السلام", 0),
    ("«السلام»", 0),
    ("والناتو", 0),
    ("2٪", 0),
]
SEED_TARGETS = [
    ("الناتو", 1),
    ("مارك روته", 0),
    ("ببروكسل", 0),
    ("فاتح بيرول", 0),
    ("لوكالة الطاقة", 0),
    ("وكالة الطاقة الدولية", 0),
    ("الاتحاد الأوروبي", 0),
    ("دان يورجنسن", 0),
    ("تومي جويس", 0),
    ("مجلس شمال الأطلسي", 0),
]


def locate(text: str, sub: str, nth: int) -> tuple[int, int] | None:
    """Code points of the ``nth`` occurrence of ``sub`` in ``text`` (None if absent)."""
    at = -1
    for _ in range(nth + 1):
        at = text.find(sub, at + 1)
        if at < 0:
            return None
    return at, at + len(sub)


def wrap_targets(window: MainWindow, paragraph_start: int, count: int) -> list[tuple[int, int]]:
    """Two-word phrases on two visual lines (a line's last word, the next one's first)."""
    text = window.view.text()
    doc = window.view.document()
    out: list[tuple[int, int]] = []
    block = doc.findBlock(len(text[:paragraph_start].encode("utf-16-le")) // 2)
    while block.isValid() and len(out) < count:
        out += _wraps_in(text, block, count - len(out))
        block = block.next()
    return out


def _wraps_in(text: str, block: QTextBlock, count: int) -> list[tuple[int, int]]:
    """``wrap_targets`` in one paragraph."""
    out: list[tuple[int, int]] = []
    base = text.find(block.text())
    layout = block.layout()
    for n in range(layout.lineCount() - 1):
        line = layout.lineAt(n)
        stop = base + line.textStart() + line.textLength()  # after the trailing space
        before = text.rfind(" ", base, stop - 1)
        after = text.find(" ", stop)
        if before < 0 or after < 0 or not text[stop - 1].isspace():
            continue
        # Punctuation beside the words (a comma at the wrap) stays out.
        span = word_bounds(text, before + 1, after)
        arabic = all(
            unicodedata.bidirectional(c) in ("AL", "NSM", "WS") for c in text[slice(*span)]
        )
        if arabic and span[0] < stop - 1 and span[1] > stop:
            out.append(span)
        if len(out) == count:
            break
    return out


def labelled(window: MainWindow) -> set[tuple[int, int, str]]:
    """(start, end, label) of every span in the window's layer."""
    assert window.layer is not None
    return {(s.start, s.end, s.label) for s in window.layer.spans.values()}


def press_key(qtbot, window: MainWindow, key: Qt.Key, shift: bool) -> set[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """Press a label key; return what it added to the layer, then take it out again."""
    before = labelled(window)
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window.view, key, mods)
    added = labelled(window) - before
    if added:
        assert window.layer is not None
        ids = [s.id for s in window.layer.spans.values() if (s.start, s.end, s.label) in added]
        window.labelling.delete_span_ids(ids)
    return added


def check_target(qtbot, window: MainWindow, span: tuple[int, int], failures: list[str]) -> int:  # type: ignore[no-untyped-def]
    """Drag over a target both ways, with Shift+M and M; record every miss. Returns drags."""
    view = window.view
    text = view.text()
    start, end = span
    press, stop = show_target(view, text, start, end)
    want_words = word_bounds(text, start, end)
    name = repr(text[start:end])
    for direction, (a, b) in (("forward", (press, stop)), ("backward", (stop, press))):
        drag(qtbot, view.viewport(), a, b)
        during = view.selected_range()
        release(qtbot, view.viewport(), b)
        after = view.selected_range()
        if during != span or after != span:
            got = text[during[0] : during[1]] if during else None
            failures.append(f"{name} {direction}: selected {got!r} {during} not {span}")
            continue
        exact = press_key(qtbot, window, Qt.Key.Key_M, shift=True)
        if exact != {(start, end, "MISC")}:
            failures.append(f"{name} {direction} Shift+M stored {exact}")
        # The plain key on the same drag stores whole words.
        drag(qtbot, view.viewport(), a, b)
        release(qtbot, view.viewport(), b)
        words = press_key(qtbot, window, Qt.Key.Key_M, shift=False)
        if words != {(*want_words, "MISC")}:
            failures.append(f"{name} {direction} M stored {words} not {want_words}")
    return 4


def run_targets(qtbot, window: MainWindow, spans: list[tuple[int, int]]) -> None:  # type: ignore[no-untyped-def]
    """Check all targets; fail once, listing every miss."""
    failures: list[str] = []
    drags = sum(check_target(qtbot, window, span, failures) for span in spans)
    assert drags >= 4 * len(spans)
    assert not failures, "\n".join(failures)


def open_mixed(add_articles, make_window, *, language: str, size: int) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window in ``language`` at text size ``size`` on the seed article plus mixed text."""
    seed = SEED.read_text(encoding="utf-8").strip()
    title, _, body = seed.partition("\n")
    add_articles([f"{title}\n{MIXED}\n{body}\n"])
    install_language(language)
    window = make_window()
    window.view.set_font_size(size)
    return window


@pytest.mark.parametrize(("language", "size"), [("en", 18), ("ar", 13)])
def test_drags_over_mixed_text_select_and_store_what_they_cover(
    qtbot, add_articles, make_window, language: str, size: int
) -> None:  # type: ignore[no-untyped-def]
    window = open_mixed(add_articles, make_window, language=language, size=size)
    text = window.view.text()
    base = text.index(MIXED)
    spans = []
    for sub, nth in MIXED_TARGETS:
        found = locate(MIXED, sub, nth)
        assert found is not None, sub
        spans.append((base + found[0], base + found[1]))
    wrapped = wrap_targets(window, base, 3)
    seed_base = text.index("استقبل")
    for sub, nth in SEED_TARGETS:
        found = locate(text[seed_base:], sub, nth)
        assert found is not None, sub
        spans.append((seed_base + found[0], seed_base + found[1]))
    wrapped += wrap_targets(window, seed_base, 3)
    assert len(wrapped) >= 3, "phrases across a line wrap"
    spans += wrapped
    assert len(spans) >= 40
    run_targets(qtbot, window, spans)


def test_drags_over_saudinewsnet_text(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    saudi = needs.shared(*SAUDI_PARTS)  # skips without ../shared, or fails in CI
    with zipfile.ZipFile(saudi) as archive:
        records = json.loads(archive.read(archive.namelist()[0]).decode("utf-8"))
    bodies = [r["content"].strip() for r in records if len(r.get("content") or "") > 600]
    body = bodies[0][:900].replace("\r", "")
    add_articles([f"خبر\n{body}\n"])
    window = make_window()
    text = window.view.text()
    base = text.index(body[:50])
    words = [
        (base + m, base + m + len(w))
        for m, w in _words(body)
        if len(w) >= 3 and all(unicodedata.bidirectional(c) == "AL" for c in w)
    ]
    spans = words[:: max(1, len(words) // 8)][:8]
    spans += wrap_targets(window, base, 3)
    run_targets(qtbot, window, spans)


def _words(text: str) -> list[tuple[int, str]]:
    """(offset, word) of the space-separated words of ``text``."""
    out = []
    at = 0
    for word in text.split(" "):
        out.append((at, word))
        at += len(word) + 1
    return out


def test_highlight_during_drag_is_on_the_selected_letters(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    window = open_mixed(add_articles, make_window, language="en", size=18)
    view = window.view
    text = view.text()
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    base = text.index(MIXED)
    for sub in ("NATO", "Mark Rutte", "12 مارس 2025", "المسؤولين"):
        found = locate(MIXED, sub, 0)
        assert found is not None
        start, end = base + found[0], base + found[1]
        press, stop = show_target(view, text, start, end)
        drag(qtbot, view.viewport(), press, stop)
        image = view.viewport().grab().toImage()
        release(qtbot, view.viewport(), stop)
        assert view.selected_range() == (start, end)
        # Each letter of the target sits on highlighted background; its neighbours do not.
        for i in range(start - 2, end + 2):
            box = ink(view, text, i)
            if box is None:
                continue
            top = round(box.line_mid_y) - 1
            x = round(box.rect.center().x())
            lit = any(_near(QColor(image.pixel(x, y)), highlight) for y in range(top - 12, top))
            assert lit == (start <= i < end), (sub, i, text[i])


def _near(colour: QColor, target: QColor) -> bool:
    """Tell whether two colours are the same within a little rounding."""
    return all(
        abs(a - b) <= 8 for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3], strict=True)
    )


def test_click_puts_caret_at_nearest_position(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    window = open_mixed(add_articles, make_window, language="en", size=18)
    view = window.view
    text = view.text()
    base = text.index(MIXED)
    checked = 0
    misses = []
    for i in range(base, base + len(MIXED)):
        ch = text[i]
        box = ink(view, text, i)
        if box is None or box.rect.width() < 6 or i + 1 >= len(text):
            continue
        kinds = {unicodedata.bidirectional(c) for c in text[i - 1 : i + 2]}
        if len(kinds) > 1 or not kinds <= {"AL", "L"}:
            continue  # where directions meet, one position has two places: see the drags
        rtl = unicodedata.bidirectional(ch) == "AL"
        if "\u0644" in text[i - 1 : i + 2] and set(text[i - 1 : i + 2]) & set(
            "\u0627\u0623\u0625\u0622"
        ):
            continue  # lam-alef is one glyph: no caret place inside it
        y = round(box.line_mid_y)
        inset = min(2, box.rect.width() / 4)
        near_start = box.rect.right() - inset if rtl else box.rect.left() + inset
        near_end = box.rect.left() + inset if rtl else box.rect.right() - inset
        for x, want in ((near_start, i), (near_end, i + 1)):
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(round(x), y))
            checked += 1
            if view.cursor_offset() != want:
                misses.append(f"{ch!r} at {i}: caret {view.cursor_offset()} not {want}")
    assert checked > 100
    assert not misses, "\n".join(misses)


def test_plain_key_refuses_punctuation_only(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    window = open_mixed(add_articles, make_window, language="en", size=18)
    view = window.view
    text = view.text()
    at = text.index("(NATO)")
    comma = text.index("ببروكسل،") + 7
    for start, end in ((at, at + 1), (at + 5, at + 6), (comma, comma + 1)):
        press, stop = show_target(view, text, start, end)
        drag(qtbot, view.viewport(), press, stop)
        release(qtbot, view.viewport(), stop)
        assert view.selected_range() == (start, end)
        assert press_key(qtbot, window, Qt.Key.Key_O, shift=False) == set()
        assert "no word" in window.statusBar().currentMessage()
        drag(qtbot, view.viewport(), press, stop)
        release(qtbot, view.viewport(), stop)
        exact = press_key(qtbot, window, Qt.Key.Key_O, shift=True)
        assert exact == {(start, end, "ORG")}


def test_shift_click_extends_and_a_drag_past_the_edge_scrolls(
    qtbot, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    window = open_mixed(add_articles, make_window, language="en", size=18)
    view = window.view
    text = view.text()
    start = text.index("مارك روته")
    end = start + len("مارك روته")
    press, stop = show_target(view, text, start, end)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=press)
    assert view.cursor_offset() == start
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, stop
    )
    assert view.selected_range() == (start, end)
    # Dragging below the view scrolls it and keeps selecting.
    bar = view.verticalScrollBar()
    bar.setValue(0)
    press, _ = drag_points_of(view, text, text.index("مقر"))
    below = QPoint(press.x(), view.viewport().height() + 30)
    before = bar.value()
    drag(qtbot, view.viewport(), press, below)
    qtbot.mouseMove(view.viewport(), below + QPoint(0, 1))
    release(qtbot, view.viewport(), below + QPoint(0, 1))
    selected = view.selected_range()
    assert bar.value() > before
    assert selected is not None and selected[0] == text.index("مقر")


def drag_points_of(view, text: str, offset: int) -> tuple[QPoint, QPoint]:  # type: ignore[no-untyped-def]
    """Drag points over the word at ``offset`` (for a press on it)."""
    from tests.gui.drag_helpers import drag_points

    end = offset
    while end < len(text) and not text[end].isspace():
        end += 1
    return drag_points(view, text, offset, end)


def test_triple_click_selects_the_paragraph(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    window = open_mixed(add_articles, make_window, language="en", size=18)
    view = window.view
    text = view.text()
    start = text.index(MIXED)
    word = text.index("مجموعة")
    press, _ = show_target(view, text, word, word + len("مجموعة"))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=press)
    assert view.selected_range() == (word, word + len("مجموعة"))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=press)
    assert view.selected_range() == (start, start + len(MIXED))


def test_lam_alef_ligature_in_a_later_paragraph(qtbot, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    add_articles(["عنوان\nسطر أول هنا\nقال لا أحد يعلم، وقالا للجميع\n"])
    window = make_window()
    view = window.view
    text = view.text()
    for sub in ("لا", "وقالا", "قال لا"):
        start = text.index(sub)
        end = start + len(sub)
        press, stop = show_target(view, text, start, end)
        for a, b in ((press, stop), (stop, press)):
            drag(qtbot, view.viewport(), a, b)
            release(qtbot, view.viewport(), b)
            assert view.selected_range() == (start, end), sub
