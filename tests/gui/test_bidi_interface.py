"""Mixed Arabic/Latin text in the interface: lists, tables, status, title, dialogs, menus.

Every shown text takes the direction of its first strong character, right-aligned when it
is right-to-left and elided at its logical end; paths and key sequences are isolated.
The widgets are the real ones, painted offscreen; ``draw_line`` is spied on to see what
text each cell is drawn with, in which direction and alignment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QMessageBox, QProxyStyle

from annotator.core.bidi import LRI, PDI, first_strong, strip_controls
from annotator.gui import bidi_text, dialogs
from annotator.gui.bidi_text import CellText, IsolatedShortcutsStyle
from annotator.gui.document_list import TITLE
from annotator.gui.exporting import ExportRequest
from annotator.gui.i18n import install_language
from annotator.gui.span_table import SPEAKER_COL, TEXT
from annotator.services.exporter import ExportSummary

# The real dialog functions (the GUI conftest replaces them for every test).
REAL_SHOW_INFO = dialogs.show_info
REAL_SHOW_REPORT = dialogs.show_report

LAW = "قانون للجميع!"
SEARCH = ".. والبحث جارٍ عن «الطريق»"
NATO = "الناتو (NATO) يرفع… ميزانية الدفاع في اجتماع بروكسل مع كبار المسؤولين من الدول الأعضاء"
ENGLISH = "NATO raises its defence budget at the Brussels meeting (الناتو) of all member states"
BODY = (
    "قال الأمين العام للحلف مارك روته (Mark Rutte) إن الحلف سيرفع الميزانية، وأضاف أن "
    "الدول الأعضاء اتفقت على زيادة الإنفاق الدفاعي خلال السنوات المقبلة."
)

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[CellText]:
    """Every line of text the delegates and the status bar draw."""
    lines: list[CellText] = []
    real = bidi_text.draw_line

    def spy(painter, rect, cell, font):  # type: ignore[no-untyped-def]
        lines.append(cell)
        real(painter, rect, cell, font)

    monkeypatch.setattr(bidi_text, "draw_line", spy)
    from annotator.gui import status_bar

    monkeypatch.setattr(status_bar, "draw_line", spy)
    return lines


@pytest.fixture
def titled(add_articles):  # type: ignore[no-untyped-def]
    """Four documents with the titles of the issue (and an English one)."""
    return add_articles([f"{title}\n{BODY}" for title in (LAW, SEARCH, NATO, ENGLISH)])


def cells_of(drawn: list[CellText], prefix: str) -> list[CellText]:
    """Drawn cells whose text starts like ``prefix`` (the start is always kept)."""
    return [c for c in drawn if c.text.startswith(prefix[:6])]


def ellipsis_is_left_of_first_word(cell: CellText, font) -> bool:  # type: ignore[no-untyped-def]
    """Lay out the drawn text as drawn: is the "…" at the left end, after the first word?"""
    layout = QTextLayout(cell.text, font)
    option = QTextOption(cell.alignment)
    option.setTextDirection(cell.direction)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(2000)
    layout.endLayout()
    first = line.cursorToX(0)[0]  # the leading edge of the first character
    ellipsis = line.cursorToX(len(cell.text))[0]  # the trailing edge of the last one
    return ellipsis < first


def test_document_list_draws_titles_in_their_own_direction(
    make_window, titled, drawn, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    table = window.doc_list.table
    table.horizontalHeader().resizeSection(TITLE, 150)
    window.docks["documents"].resize(300, 600)
    drawn.clear()
    table.viewport().repaint()
    law = cells_of(drawn, LAW)
    assert law and law[0].text == LAW and law[0].direction == RTL and law[0].alignment == RIGHT
    (search,) = cells_of(drawn, SEARCH)
    assert search.direction == RTL and search.alignment == RIGHT  # neutrals first: still RTL
    (english,) = cells_of(drawn, ENGLISH)
    assert english.direction == LTR and english.alignment == LEFT
    assert english.text.endswith("…") and ENGLISH.startswith(english.text[:-1])
    (nato,) = cells_of(drawn, NATO)
    # Elided at its logical end: its first whole words, then the ellipsis.
    assert nato.direction == RTL and nato.alignment == RIGHT
    assert nato.text.endswith("…") and len(nato.text) < len(NATO)
    kept = nato.text[:-1]
    assert NATO.startswith(kept) and NATO[len(kept)] == " "
    assert kept.startswith("الناتو (NATO)")
    assert ellipsis_is_left_of_first_word(nato, table.font())
    # One line per row, the full title in a tooltip (rich text, its own direction).
    assert not table.wordWrap()
    assert table.rowHeight(0) < 2 * table.fontMetrics().height()
    row = window.doc_list.model.row_of(titled[2])
    tip = window.doc_list.model.index(row, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert 'dir="rtl"' in tip and "الناتو (NATO) يرفع… ميزانية" in tip and "الأعضاء" in tip


def test_document_list_in_the_arabic_interface(make_window, titled, drawn, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    english_width = window.doc_list.table.columnWidth(TITLE)
    install_language("ar")
    qtbot.wait(50)
    # Mirroring re-docks the list: it keeps its room, so the Title column keeps its width.
    arabic_width = window.doc_list.table.columnWidth(TITLE)
    assert arabic_width >= english_width - 10, (english_width, arabic_width)
    drawn.clear()
    window.doc_list.table.viewport().repaint()
    (english,) = cells_of(drawn, ENGLISH)
    assert english.direction == LTR and english.alignment == LEFT  # its own direction
    (law,) = cells_of(drawn, LAW)
    assert law.direction == RTL and law.alignment == RIGHT


def test_starting_in_arabic_gives_the_title_column_room(make_window, titled) -> None:  # type: ignore[no-untyped-def]
    install_language("ar")
    window = make_window()
    assert window.doc_list.table.columnWidth(TITLE) > 100


def test_span_table_cells_follow_their_text(make_window, titled, drawn, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_document(titled[3])
    text = window.document.text
    start = text.index("مارك روته (Mark Rutte)")
    window.guard(lambda: window.ops.add_span(titled[3], start, start + 22, "PER"))
    english = text.index("NATO raises")
    window.guard(lambda: window.ops.add_span(titled[3], english, english + 4, "ORG"))
    quote = text.index("قال")
    window.guard(lambda: window.ops.add_span(titled[3], quote, len(text) - 1, "QUOTE"))
    window.spans.horizontalHeader().resizeSection(TEXT, 200)
    drawn.clear()
    window.spans.viewport().repaint()
    (per,) = [c for c in drawn if c.text == "مارك روته (Mark Rutte)"]
    assert per.direction == RTL and per.alignment == RIGHT
    (org,) = [c for c in drawn if c.text == "NATO"]
    assert org.direction == LTR and org.alignment == LEFT
    (long_quote,) = [c for c in drawn if c.text.startswith("قال")]
    assert long_quote.text.endswith("…") and long_quote.direction == RTL
    kept = long_quote.text[:-1]
    assert text[quote:].startswith(kept) and text[quote + len(kept)] == " "
    assert ellipsis_is_left_of_first_word(long_quote, window.spans.font())
    speaker = window.spans.span_model.index(0, SPEAKER_COL)
    assert window.spans.itemDelegateForIndex(speaker) is window.spans.text_delegate
    tip = window.spans.span_model.index(1, TEXT).data(Qt.ItemDataRole.ToolTipRole)
    assert 'dir="rtl"' in tip and "(Mark Rutte)" in tip


def test_window_title_reads_in_the_titles_direction(make_window, titled) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_document(titled[2])
    title = window.windowTitle()
    assert first_strong(title) == "rtl"  # what a window manager's paragraph rule sees
    assert strip_controls(title) == f"{NATO} — annotator"
    assert f"\u2068{NATO}\u2069 — annotator" in title  # the title is an isolate
    window.open_document(titled[3])
    assert first_strong(window.windowTitle()) == "ltr"
    install_language("ar")
    window.open_document(titled[2])
    assert first_strong(window.windowTitle()) == "rtl"


def test_status_message_takes_its_own_direction(make_window, titled, drawn) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    bar = window.statusBar()
    bar.showMessage(f"{LAW} — 3 مقاطع")
    drawn.clear()
    bar.repaint()
    assert drawn and drawn[-1].direction == RTL and drawn[-1].alignment == RIGHT
    bar.showMessage("No more documents in this list")
    bar.repaint()
    assert drawn[-1].direction == LTR
    # The message stays clear of the permanent widgets.
    assert bar.message_rect().right() < window.progress_label.geometry().left()


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "لا سجلات"),
        (1, "سجل واحد"),
        (2, "سجلان"),
        (3, "3 سجلات"),
        (11, "11 سجلًا"),
        (100, "100 سجل"),
    ],
)
def test_arabic_plural_forms(n: int, expected: str) -> None:
    install_language("ar")
    assert QCoreApplication.translate("ExportFlow", "%n records", "", n) == expected


def test_plural_forms_in_both_languages() -> None:
    spans = {0: "لا مقاطع", 1: "مقطع واحد", 2: "مقطعان", 3: "3 مقاطع", 11: "11 مقطعًا"}
    install_language("ar")
    for n, text in {**spans, 18: "18 مقطعًا", 102: "102 مقطع", 103: "103 مقاطع"}.items():
        assert QCoreApplication.translate("ExportFlow", "%n spans", "", n) == text
    install_language("en")
    assert QCoreApplication.translate("ExportFlow", "%n spans", "", 1) == "1 span"
    assert QCoreApplication.translate("ExportFlow", "%n spans", "", 2) == "2 spans"


def test_every_arabic_plural_has_six_forms() -> None:
    ts = (Path(__file__).parents[2] / "resources" / "translations" / "annotator_ar.ts").read_text(
        encoding="utf-8"
    )
    blocks = ts.split('<message numerus="yes">')[1:]
    assert len(blocks) >= 10
    for block in blocks:
        forms = block.split("</translation>")[0].count("<numerusform>")
        assert forms == 6, block[:200]
        assert "<numerusform></numerusform>" not in block.split("</message>")[0]


def test_export_message_isolates_the_path_and_counts_agree(
    make_window, titled, monkeypatch, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "show_report", REAL_SHOW_REPORT)
    install_language("ar")
    window = make_window()
    path = "/home/huda/تصدير/train.conll"
    request = ExportRequest(path, "conll", None, "mine", False, False)  # type: ignore[arg-type]
    window.exporting._exported(request, ExportSummary(records=2, documents=2, spans=18))
    (box,) = message_boxes
    assert box.textFormat() == Qt.TextFormat.RichText
    text = box.text()
    # A left-to-right island (the slash stays in front), each Arabic name its own isolate.
    assert f"{LRI}/home/huda/\u2068تصدير\u2069/train.conll{PDI}" in text
    assert "سجلان" in text and "مستندان" in text and "18 مقطعًا" in text
    assert text.startswith('<p dir="rtl"')


def shortcut_lines(text: str) -> list[str]:
    """The non-empty lines of the shortcuts message."""
    return [line for line in text.split("\n") if line.strip()]


def test_shortcuts_dialog_reads_in_the_interface_direction(
    make_window, titled, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from annotator.gui.keys_dialog import KeysDialog

    shown: list[KeysDialog] = []
    monkeypatch.setattr(dialogs, "run", lambda dialog: shown.append(dialog) or 0)
    window = make_window()
    window.show_keys()
    english = shortcut_lines(shown[-1].text)
    assert all(first_strong(line) == "ltr" for line in english), english
    assert f"{LRI}Ctrl+={PDI}" in shown[-1].text
    install_language("ar")
    window.show_keys()
    dialog = shown[-1]
    qtbot.addWidget(dialog)
    arabic = shortcut_lines(dialog.text)
    # Lines that start with Ctrl+Z or Alt still read right to left: keys are isolated.
    assert all(first_strong(line) == "rtl" for line in arabic), [
        line for line in arabic if first_strong(line) != "rtl"
    ]
    assert any(line.startswith(f"{LRI}Ctrl+Z{PDI}") for line in arabic)
    # The label keys' table: the key an LTR island, the label by its Arabic name.
    rows = [
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
        for r in range(dialog.table.rowCount())
    ]
    assert (f"{LRI}P{PDI}", "شخص") in rows
    intro = dialog.findChild(QLabel)
    assert intro is not None and intro.textFormat() == Qt.TextFormat.RichText
    assert intro.text().count('<p dir="rtl"') >= len(arabic) and 'dir="ltr"' not in intro.text()


def test_menu_shortcuts_are_drawn_left_to_right(make_window, titled, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts: list[str] = []
    real = QProxyStyle.drawControl

    def spy(self, element, option, painter, widget=None):  # type: ignore[no-untyped-def]
        texts.append(getattr(option, "text", ""))
        real(self, element, option, painter, widget)

    monkeypatch.setattr(QProxyStyle, "drawControl", spy)
    window = make_window()
    install_language("ar")
    menu = window.menus.view
    assert isinstance(menu.style(), IsolatedShortcutsStyle)
    menu.adjustSize()
    menu.grab()
    zoom = [t for t in texts if t.startswith("تكبير النص")]
    assert zoom and zoom[0].endswith(f"\t{LRI}Ctrl+={PDI}"), texts


def test_dialog_paragraphs_each_take_their_direction(monkeypatch, message_boxes, qapp) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "show_info", REAL_SHOW_INFO)
    dialogs.show_info(None, f"{LAW}\nDone.\n\n{SEARCH}")
    (box,) = message_boxes
    html = box.text()
    assert html.index('dir="rtl"') < html.index('dir="ltr"') < html.rindex('dir="rtl"')
    # Unused: ensure the box is parented to nothing and shows plain text as rich.
    assert isinstance(box, QMessageBox)


def test_heading_and_identity_follow_their_text(make_window, titled) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_document(titled[3])
    assert window.title_label.layoutDirection() == LTR
    assert window.title_label.alignment() & Qt.AlignmentFlag.AlignLeft
    window.open_document(titled[0])
    assert window.title_label.layoutDirection() == RTL
    assert window.title_label.alignment() & Qt.AlignmentFlag.AlignRight
    # The annotator's name is an isolate inside "Annotator: ..." (either language).
    assert "\u2068tester\u2069" in window.annotator_label.text()
    install_language("ar")
    label = window.annotator_label.text()
    assert "\u2068tester\u2069" in label and first_strong(label) == "rtl"


def test_figures_keep_their_column_alignment(qtbot, drawn) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    from annotator.gui.bidi_text import BidiTextDelegate

    table = QTableWidget(2, 2)
    qtbot.addWidget(table)
    table.setItemDelegate(BidiTextDelegate(table))
    for row, (name, figure) in enumerate((("هدى", "0.853"), ("Rita", "—"))):
        table.setItem(row, 0, QTableWidgetItem(name))
        number = QTableWidgetItem(figure)
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, 1, number)
    table.resize(400, 200)
    table.show()
    qtbot.waitExposed(table)
    drawn.clear()
    table.grab()
    by_text = {cell.text: cell for cell in drawn}
    assert by_text["هدى"].alignment == RIGHT and by_text["Rita"].alignment == LEFT
    assert by_text["0.853"].alignment & Qt.AlignmentFlag.AlignRight
    assert by_text["—"].alignment & Qt.AlignmentFlag.AlignRight
