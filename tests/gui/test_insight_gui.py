"""The statistics dock (charts from insight's figures, saved, copied) and the guidelines dock."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from annotator.gui.guidelines_panel import GuidelinesPanel
from annotator.gui.i18n import install_language
from annotator.gui.label_palette import NAME_ROLE
from annotator.gui.main_window import MainWindow
from annotator.gui.stats_panel import CHARTS
from annotator.services import access, audit, guidelines, insight
from annotator.storage.database import Database
from tests.insight_data import build

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

GUIDE = """# دليل الوسم

## ORG (منظمة)
«حلف شمال الأطلسي» و«الناتو» منظمة واحدة: يوسم الاسم كما ورد.

## PER
اسم الشخص الكامل دون اللقب.
"""


def open_stats(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_dock("stats")
    panel = window.stats
    qtbot.waitUntil(lambda: panel.figures is not None and not panel.is_computing(), timeout=20000)


def test_the_stats_dock_draws_every_chart_from_the_figures(
    qtbot, db: Database, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    build(db)
    window: MainWindow = make_window()
    panel = window.stats
    assert panel.figures is None  # nothing read until the dock is shown
    open_stats(qtbot, window)
    expected = insight.figures(db)
    assert panel.figures is not None and panel.agreement is not None
    assert panel.figures.labels == expected.labels
    assert panel.figures.spans_per_layer == expected.spans_per_layer
    for key in CHARTS:
        panel.set_chart(key)
        assert panel.canvas is not None, key
        figure = panel.canvas.figure
        titles = [ax.get_title() for ax in figure.axes]
        assert panel.titles()[key] in titles
        panel.canvas.draw()
        image = panel.canvas.grab().toImage()
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 3, key  # drawn, not a blank canvas
    # The numbers behind the labels chart are insight's label counts.
    panel.set_chart("labels")
    rows = list(csv.reader(io.StringIO(panel.csv())))
    assert rows[0] == ["label", "kind", "annotator", "spans", "topics"]
    assert [tuple(r) for r in rows[1:]] == [
        (r.label, r.kind, r.annotator, str(r.spans), str(r.topics)) for r in expected.labels
    ]
    panel.copy()
    assert QApplication.clipboard().text() == panel.csv()
    panel.set_chart("heatmap")
    heat = list(csv.reader(io.StringIO(panel.csv())))
    assert heat[0] == ["annotator", "alice", "bob"]
    for suffix in ("png", "svg"):
        out = tmp_path / f"heatmap.{suffix}"
        panel.save_chart(str(out))
        data = out.read_bytes()
        assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data[:400]


def test_saving_a_chart_where_it_cannot_be_written_is_one_message(
    qtbot, db: Database, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors
) -> None:  # type: ignore[no-untyped-def]
    build(db)
    window: MainWindow = make_window()
    open_stats(qtbot, window)
    target = tmp_path / "missing" / "chart.png"
    monkeypatch.setattr(
        "annotator.gui.stats_panel.QFileDialog.getSaveFileName",
        lambda *_a, **_k: (str(target), ""),
    )
    window.stats.choose_save("png")
    assert len(errors) == 1 and "No such file or directory" in errors[0]
    assert not target.exists()


def test_the_stats_dock_in_arabic_is_mirrored_and_translated(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    build(db)
    window: MainWindow = make_window()
    window.set_language("ar")
    open_stats(qtbot, window)
    assert window.isRightToLeft() and window.stats.isRightToLeft()
    assert window.docks["stats"].windowTitle() == "الإحصاءات"
    assert window.docks["guidelines"].windowTitle() == "الإرشادات"
    assert window.stats.refresh_button.text() == "تحديث"
    panel = window.stats
    panel.set_chart("progress")
    assert panel.canvas is not None
    assert panel.canvas.figure.axes[0].get_title() == "الطبقات المنجزة عبر الزمن"
    install_language("en")


def _axis_look(panel) -> tuple[bool, str, list[str], list[str]]:  # type: ignore[no-untyped-def]
    """(x inverted, y tick side, x tick texts, y tick texts) of the chart shown, drawn."""
    figure = panel.canvas.figure
    figure.canvas.draw()
    ax = figure.axes[0]
    xs = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    ys = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    return ax.xaxis_inverted(), ax.yaxis.get_ticks_position(), xs, ys


def test_the_charts_axes_are_mirrored_with_arabic_months_and_digits(
    qtbot, db: Database, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    build(db)
    window: MainWindow = make_window()
    open_stats(qtbot, window)
    panel = window.stats
    panel.set_chart("progress")
    inverted, side, xs, ys = _axis_look(panel)
    assert not inverted and side == "left"
    assert any(ch.isascii() and ch.isdigit() for t in ys for ch in t)
    window.set_language("ar")
    qtbot.waitUntil(lambda: panel.canvas is not None and not panel.is_computing(), timeout=30000)
    arabic_months = {QLocale("ar").standaloneMonthName(m) for m in range(1, 13)}
    for key in ("progress", "spans", "labels", "trend"):
        panel.set_chart(key)
        if panel.canvas is None:
            qtbot.waitUntil(lambda: panel.canvas is not None, timeout=60000)
        inverted, side, xs, ys = _axis_look(panel)
        assert inverted, key
        assert side == "right", key
        numbers = ys if key in ("progress", "spans") else xs
        if key != "labels":
            # Digits as the interface writes them (Arabic-Indic), never ASCII.
            assert numbers and all(
                not ch.isascii() or not ch.isdigit() for t in numbers for ch in t
            )
            assert any("\u0660" <= ch <= "\u0669" for t in numbers for ch in t), key
        if key in ("progress", "trend"):
            assert xs and all(any(m in t for m in arabic_months) for t in xs), xs
            assert not any(m in t for t in xs for m in ("Jan", "Feb", "Mar", "Apr", "Nov", "Dec"))
    # Still saved as PNG and SVG.
    for suffix in ("png", "svg"):
        target = tmp_path / f"trend.{suffix}"
        panel.save_chart(str(target))
        assert target.stat().st_size > 1000
    install_language("en")


def test_guidelines_beside_the_article_searchable_and_on_label_hover(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    build(db)
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    guidelines.set_guidelines(db, access.resolve_actor(db, "rita"), GUIDE)
    window: MainWindow = make_window()
    panel = window.guidelines_panel
    version = panel.version()
    assert version is not None and version.version == 1
    assert "حلف شمال الأطلسي" in panel.browser.toPlainText()
    assert not panel.edit_button.isEnabled()  # tester is no reviewer
    panel.search.setText("الناتو")
    assert panel.count() == 1 and panel.matches.text() == "1 found"
    assert panel.browser.textCursor().selectedText() == "الناتو"
    # The label list's hover: the description, then the label's section of the guidelines.
    items = [window.palette_.list.item(i) for i in range(window.palette_.list.count())]
    (org,) = [item for item in items if item.data(NAME_ROLE) == "ORG"]
    assert "Organisation" in org.toolTip() and "«الناتو» منظمة واحدة" in org.toolTip()
    # And in the shortcuts dialog.
    dialog = window.keys_dialog("keys")
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, 1).text(): r for r in range(dialog.table.rowCount())}
    assert "اسم الشخص الكامل" in dialog.table.item(rows["PER"], 0).toolTip()
    assert "اسم الشخص الكامل" not in dialog.table.item(rows["ORG"], 2).toolTip()


def test_the_guidelines_search_ignores_harakat_and_hamza_like_the_document_search(
    db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    # "الاطلسي" found nothing in "الأطلسي", nor "منظمة" in "مُنظَّمة": Qt's plain find.
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    text = "# دليل 😀\n\n«حلف شمال الأطلسي» مُنظَّمة، وليست NATO في ٢٠٢٤.\n\nالأطلسي مرة ثانية\n"
    guidelines.set_guidelines(db, access.resolve_actor(db, "rita"), text)
    panel = make_window().guidelines_panel
    for query, found in (
        ("الاطلسي", ["الأطلسي", "الأطلسي"]),
        ("منظمه", ["مُنظَّمة"]),
        ("nato", ["NATO"]),
        ("2024", ["٢٠٢٤"]),
        ("شمال الاطلسي", ["شمال الأطلسي"]),
    ):
        panel.search.setText(query)
        assert panel.count() == len(found), query
        shown = [s.cursor.selectedText() for s in panel.browser.extraSelections()]
        assert shown == found, query
        assert panel.browser.textCursor().selectedText() == found[0]
    panel.search.setText("الاطلسي")
    panel.find_next()
    second = panel.browser.textCursor()
    panel.find_next()
    assert panel.browser.textCursor().selectionStart() != second.selectionStart()
    panel.find_next()
    assert panel.browser.textCursor().selectionStart() == second.selectionStart()


def test_a_reviewer_edits_the_guidelines_in_the_app_as_a_new_audited_version(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    window: MainWindow = make_window("rita")
    panel = window.guidelines_panel
    assert panel.version() is None and panel.edit_button.isEnabled()
    panel.edit_button.click()
    assert panel.is_editing()
    panel.editor.setPlainText(GUIDE)
    panel.save_button.click()
    assert not panel.is_editing()
    saved = guidelines.current(db)
    assert saved is not None and (saved.version, saved.author, saved.text) == (1, "rita", GUIDE)
    assert panel.version() == saved
    (entry,) = [e for e in audit.read_events(db) if e.action == "set_guidelines"]
    assert entry.actor == "rita"
    # Cancel drops an edit.
    panel.edit_button.click()
    panel.editor.setPlainText("مسودة")
    panel.cancel_button.click()
    assert [v.version for v in guidelines.history(db)] == [1]


def test_in_blind_mode_the_stats_dock_shows_an_annotator_only_their_own_figures(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18's blind mode in the dock: alice's charts and numbers hold nobody else."""
    build(db)
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    access.set_setting(db, access.resolve_actor(db, "rita"), access.BLIND_MODE, "on")
    window: MainWindow = make_window("alice")
    open_stats(qtbot, window)
    panel = window.stats
    assert panel.figures is not None
    assert panel.figures.annotators == ["alice"]
    assert {r.annotator for r in panel.figures.labels} == {"alice"}
    assert set(panel.figures.statuses) == {"alice"}
    assert {r.actor for r in panel.figures.time} <= {"alice"} and panel.figures.time
    assert set(panel.figures.progress) <= {"alice", insight.ALL}
    assert panel.agreement is None


def test_the_next_session_s_dock_starts_from_the_counts_this_one_saved(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    """The dock saves what it counted; a window opened later takes it, counts again only
    the article edited meanwhile, and shows exactly a fresh read's figures."""
    from annotator.services import insight_cache
    from annotator.services.annotations import AnnotationService

    build(db)
    first: MainWindow = make_window()
    open_stats(qtbot, first)
    path = insight_cache.cache_file(db)
    assert path is not None
    qtbot.waitUntil(path.is_file, timeout=20000)  # saved once the last read was in
    first.stats.wait()
    compared = insight.agreement_figures(db).documents
    with db.read() as s:
        from sqlalchemy import select

        from annotator.storage import models as m

        doc, who = s.execute(
            select(m.Layer.document_id, m.Annotator.name)
            .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
            .order_by(m.Layer.id)
            .limit(1)
        ).one()
    AnnotationService(db, who).add_span(doc, 0, 1, "MISC")  # another session's edit
    second: MainWindow = make_window()
    open_stats(qtbot, second)
    panel = second.stats
    assert compared > 1 and panel._agreement_counts.recounted == 1
    fresh_agreement = insight.agreement_figures(db)
    assert panel.agreement is not None
    assert panel.agreement.to_json() == fresh_agreement.to_json()
    fresh = insight.figures(db)
    assert panel.figures is not None
    assert panel.figures.to_json() | {"time": None} == fresh.to_json() | {"time": None}
    assert panel.figures.time == fresh.time


def test_a_chart_with_nothing_to_draw_says_why_instead_of_an_empty_axis(
    qtbot, db: Database, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A new team's first look: one annotator's layer in progress, nothing done. The
    progress chart would be an axis of made-up dates (1 January 1970), the agreement charts
    empty boxes: each says what is missing instead, with nothing to save; the charts that
    have figures are drawn."""
    from annotator.services import importer

    record = {
        "text": "قال وزير الخارجية إن الاجتماع في بروكسل",
        "annotator": "alice",
        "spans": [{"start": 33, "end": 39, "label": "LOC"}],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(path)])
    window: MainWindow = make_window()
    panel = window.stats
    open_stats(qtbot, window)
    qtbot.waitUntil(lambda: panel.agreement is not None, timeout=20000)
    said = {
        "progress": "No layer is marked done yet.",
        "agreement": "No article has layers of two annotators to compare yet.",
        "heatmap": "No article has layers of two annotators to compare yet.",
        "trend": "No article has layers of two annotators to compare yet.",
    }
    for key, text in said.items():
        panel.set_chart(key)
        assert panel.canvas is None, key
        assert panel.empty.isVisible() and panel.empty.text() == text, key
        assert not panel.save_png.isEnabled() and not panel.copy_csv.isEnabled(), key
    for key in ("labels", "spans"):
        panel.set_chart(key)
        assert panel.canvas is not None and not panel.empty.isVisible(), key


def test_the_stats_dock_follows_the_annotation_without_a_click(
    qtbot, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    # Seen under X: a LOC labelled with the dock open left "Uses per label" at the old
    # count until Refresh was pressed; closed meanwhile, it showed the old one when opened.
    add_articles(["قمة الحلف\nوصل الوزير إلى بروكسل.\n"])
    window: MainWindow = make_window()
    open_stats(qtbot, window)
    panel = window.stats

    def uses(label: str) -> str:
        return ",".join(
            line for line in panel.csv("labels").splitlines() if line.startswith(f"{label},")
        )

    assert uses("LOC") == ""
    text = window.view.text()
    start = text.index("بروكسل")
    window.view.select_range(start, start + len("بروكسل"))
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.layer is not None and len(window.layer.spans) == 1
    qtbot.waitUntil(lambda: uses("LOC") == "LOC,entity,tester,1,0", timeout=15000)

    # Changes made while the dock is closed are read when it opens again.
    window.docks["stats"].hide()
    start = text.index("الوزير")
    window.view.select_range(start, start + len("الوزير"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    qtbot.wait(100)
    window.show_dock("stats")
    qtbot.waitUntil(lambda: uses("PER") == "PER,entity,tester,1,0", timeout=15000)


@pytest.mark.parametrize("choice", ["save", "discard", "cancel"])
def test_closing_the_window_asks_about_guidelines_being_edited(
    qtbot, db: Database, make_window, monkeypatch, choice: str, type_text
) -> None:  # type: ignore[no-untyped-def]
    # A reviewer typing in the guidelines editor and closing the app lost the text without
    # a word (nothing is lost, nothing dropped without a word).
    from annotator.gui import dialogs

    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    guidelines.set_guidelines(db, access.resolve_actor(db, "rita"), GUIDE)
    asked: list[str] = []

    def ask(_parent) -> str:  # type: ignore[no-untyped-def]
        asked.append("asked")
        return choice

    monkeypatch.setattr(dialogs, "ask_unsaved_guidelines", ask, raising=False)
    window: MainWindow = make_window("rita")
    panel = window.guidelines_panel
    panel.edit_button.click()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    type_text(panel.editor, "\nسطر جديد")
    typed = panel.editor.toPlainText()
    assert typed.endswith("سطر جديد") and typed != GUIDE
    window.close()
    assert asked == ["asked"]
    texts = [v.text for v in guidelines.history(db)] if guidelines.history(db) else []
    if choice == "save":
        assert not window.isVisible()
        current = guidelines.current(db)
        assert current is not None and current.text == typed
    elif choice == "discard":
        assert not window.isVisible() and len(texts) == 1
    else:
        assert window.isVisible() and panel.is_editing() and len(texts) == 1
        assert panel.editor.toPlainText() == typed

    # Not editing, or the text unchanged: nothing to ask.
    asked.clear()
    window = make_window("rita")
    window.guidelines_panel.edit_button.click()
    window.close()
    assert asked == [] and not window.isVisible()


def test_before_anyone_is_a_reviewer_the_app_edits_the_guidelines_as_the_cli_does(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    # On a new database `annotator guidelines set` works for anyone until someone is made
    # a reviewer, but the app's Edit stayed disabled for everybody: a newsroom without roles
    # could not write its guidelines in the app at all.
    window: MainWindow = make_window()
    panel = window.guidelines_panel
    assert panel.edit_button.isEnabled()
    panel.edit_button.click()
    panel.editor.setPlainText(GUIDE)
    panel.save_button.click()
    saved = guidelines.current(db)
    assert saved is not None and (saved.version, saved.author) == (1, "tester")
    # Once there is a reviewer, only reviewers (the other tests: a non-reviewer cannot).
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    assert not make_window().guidelines_panel.edit_button.isEnabled()
    assert make_window("rita").guidelines_panel.edit_button.isEnabled()


def test_the_guidelines_dock_reads_no_file_an_image_of_the_guidelines_names(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # "![..](path)" or <img src=...> in the guidelines (any reviewer's text) made Qt read
    # that file of the reader's disk in the window's thread: a FIFO hung the app, and
    # /dev/zero would fill its memory. Nothing is read: the guidelines are text.
    picture = tmp_path / "p.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0)
    assert image.save(str(picture))
    panel = GuidelinesPanel(may_edit=False)
    qtbot.addWidget(panel)
    text = f'# دليل\n\nنص القاعدة\n\n![صورة]({picture})\n\n<img src="{picture}">\n'
    panel.show_version(guidelines.Version(1, text, "rita", datetime.now(UTC)))
    panel.show()
    qtbot.waitExposed(panel)
    for name in (QUrl.fromLocalFile(str(picture)), QUrl(str(picture))):
        loaded = panel.browser.loadResource(QTextDocument.ResourceType.ImageResource, name)
        assert loaded is None, name
    assert "نص القاعدة" in panel.browser.toPlainText()


def test_the_shortcuts_dialog_shows_a_label_s_rule_as_text_not_as_html(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    # The dialog's hover was the raw rule: Qt takes a text whose first line holds a tag
    # for HTML, so "## PER <b>شخص</b>" showed bold and an <img src> in it was read from
    # disk on hover. Now it is the rule's text, each line in its own direction, as the
    # label list's hover is.
    build(db)
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rule = "## PER <b>شخص</b>\nاسم الشخص الكامل <img src='/nonexistent.png'>\n"
    guidelines.set_guidelines(db, access.resolve_actor(db, "rita"), rule)
    window: MainWindow = make_window()
    dialog = window.keys_dialog("keys")
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, 1).text(): r for r in range(dialog.table.rowCount())}
    tip = dialog.table.item(rows["PER"], 0).toolTip()
    assert "&lt;b&gt;شخص&lt;/b&gt;" in tip and "<img" not in tip
    assert 'dir="rtl"' in tip and "اسم الشخص الكامل" in tip


def test_the_app_refuses_guidelines_larger_than_the_command_line_takes(
    qtbot, db: Database, make_window, errors
) -> None:  # type: ignore[no-untyped-def]
    # "guidelines set" refuses a file of more than MAX_BYTES, but a text pasted into the
    # dock's editor was stored whatever its size (and read by every app at each start).
    from annotator.core.guidelines import MAX_BYTES

    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    window: MainWindow = make_window("rita")
    panel = window.guidelines_panel
    panel.edit_button.click()
    line = "ق" * 99 + "\n"  # 199 bytes in UTF-8
    panel.editor.setPlainText(line * (MAX_BYTES // 199 + 1))
    panel.save_button.click()
    assert len(errors) == 1 and f"larger than {MAX_BYTES} bytes" in errors[0]
    assert guidelines.current(db) is None and panel.is_editing()  # the edit is kept


def test_the_guidelines_author_is_shown_as_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    # The version line is a label of the author's name: a name with a tag in it
    # ("<b>rita</b>", "<img src=...>", which the name rule allows) was taken for HTML by
    # Qt (drawn bold, an image read from disk). It is plain text now.
    panel = GuidelinesPanel(may_edit=False)
    qtbot.addWidget(panel)
    author = "<img src=/nonexistent.png> <b>rita</b>"
    panel.show_version(guidelines.Version(1, "# دليل", author, datetime.now(UTC)))
    assert panel.info.textFormat() == Qt.TextFormat.PlainText
    assert author in panel.info.text()


def test_the_arabic_interface_s_charts_name_labels_as_the_palette_does(
    qtbot, db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    """An editor reading the Arabic interface sees "شخص" in the palette, the span table
    and the shortcuts: the charts of labels say the same, not "PER"; the CSV keeps names."""
    build(db)
    window: MainWindow = make_window()
    window.set_language("ar")
    try:
        open_stats(qtbot, window)
        panel = window.stats
        panel.set_chart("labels")
        _, _, _, names = _axis_look(panel)
        assert "شخص (كيان)" in names and "منظمة (كيان)" in names, names
        assert not any(n.startswith(("PER ", "ORG ")) for n in names), names
        panel.set_chart("per_annotator")
        _, _, groups, _ = _axis_look(panel)
        assert "شخص" in groups and "PER" not in groups, groups
        qtbot.waitUntil(lambda: panel.agreement is not None, timeout=20000)
        panel.set_chart("agreement")
        _, _, _, agreed = _axis_look(panel)
        assert agreed and "ORG" not in agreed and "منظمة" in agreed, agreed
        panel.set_chart("labels")
        rows = list(csv.reader(io.StringIO(panel.csv())))
        assert {r[0] for r in rows[1:]} >= {"PER", "ORG"}  # the numbers keep the names
    finally:
        install_language("en")
    # Back in English the charts say the names again.
    panel.set_chart("labels")
    _, _, _, names = _axis_look(panel)
    assert "PER (entity)" in names, names
