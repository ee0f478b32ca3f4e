"""Document list search and filters, the empty-database welcome, import, drag and drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import LayerStatus
from annotator.gui.document_list import PAGE_SIZE, DocumentListModel
from annotator.services.documents import count_documents
from tests.gui.conftest import drop_files

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

TITLES = [
    "أمين عام الناتو يزور بروكسل",
    "مُحَمَّد بن سلمان يستقبل الوفد",
    "أسعار النفط ترتفع",
    "المباراة النهائية في الرياض",
]


def shown_titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles currently listed."""
    model = window.doc_list.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("أمين", [TITLES[0]]),
        ("امين", [TITLES[0]]),  # hamza-less alef finds أ
        ("محمد", [TITLES[1]]),  # bare letters find the diacritised title
        ("مُحَمَّد", [TITLES[1]]),  # and diacritics in the query are ignored too
        ("اسعار", [TITLES[2]]),
        ("النهائيه", [TITLES[3]]),  # ta marbuta typed as ha
        ("بروكسل", [TITLES[0]]),
    ],
)
def test_search_ignores_diacritics_and_hamza(
    qtbot, add_articles, make_window, type_text, query: str, expected: list[str]
) -> None:  # type: ignore[no-untyped-def]
    add_articles([f"{t}\nنص المقال رقم {i}.\n" for i, t in enumerate(TITLES)])
    window = make_window()
    assert len(shown_titles(window)) == 4
    with qtbot.waitSignal(window.doc_list.model.modelReset, timeout=2000):
        type_text(window.doc_list.search, query)  # debounced: one query after typing
    assert shown_titles(window) == expected


def test_status_filter_and_row_opens_document(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles([f"{t}\nنص.\n" for t in TITLES])
    window = make_window()
    window.ops.set_status(ids[2], LayerStatus.DONE)
    combo = window.doc_list.status
    combo.setCurrentIndex(combo.findData(LayerStatus.DONE.value))
    assert shown_titles(window) == [TITLES[2]]
    assert window.doc_list.model.index(0, 1).data() == "done"
    combo.setCurrentIndex(combo.findData(LayerStatus.NEW.value))
    assert len(shown_titles(window)) == 3
    table = window.doc_list.table
    rect = table.visualRect(window.doc_list.model.index(2, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document is not None and window.document.title == TITLES[3]
    assert window.title_label.text() == TITLES[3]


def test_list_model_is_lazy(qtbot, db, add_articles) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles([f"عنوان {i}\nنص {i}.\n" for i in range(2 * PAGE_SIZE + 30)])
    model = DocumentListModel(db, "tester")
    # The first page shows at once; the full count comes with the id sequence, read in a
    # worker thread (no COUNT on the event loop), and the rows past it are appended.
    with qtbot.waitSignal(model.rowsInserted, timeout=5000):
        model.set_filter(model.filter)
        assert model.rowCount() == PAGE_SIZE and list(model._pages) == [0]
    assert model.rowCount() == count_documents(db) == 2 * PAGE_SIZE + 30
    assert model._ids is not None
    assert model.index(PAGE_SIZE + 5, 0).data() == f"عنوان {PAGE_SIZE + 5}"
    assert list(model._pages) == [0, 1]  # only the page of that row was read
    # Any row maps to its page by the ids.
    assert model.row_of(ids[2 * PAGE_SIZE + 7]) == 2 * PAGE_SIZE + 7
    assert model.index(2 * PAGE_SIZE + 7, 0).data() == f"عنوان {2 * PAGE_SIZE + 7}"


def test_search_runs_in_background(qtbot, db, add_articles) -> None:  # type: ignore[no-untyped-def]
    add_articles([f"{t}\nنص.\n" for t in TITLES])
    model = DocumentListModel(db, "tester")
    model.set_filter(model.filter)
    flt = model.filter
    with qtbot.waitSignals([model.searching, model.modelReset, model.searching], timeout=5000):
        model.set_filter(type(flt)(annotator=flt.annotator, search="اسعار"))
    assert model.rowCount() == 1 and model.index(0, 0).data() == TITLES[2]


def test_empty_database_offers_demo(qtbot, db, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.stack.currentWidget() is window.welcome
    assert window.windowTitle() == "annotator"
    with qtbot.waitSignal(window.importer.imported, timeout=20_000):
        qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == 1
    assert window.document is not None
    assert "الناتو" in window.document.title
    assert "annotator" in window.windowTitle() and window.document.title in window.windowTitle()


def test_welcome_names_the_formats_the_import_reads(qtbot, db, make_window) -> None:  # type: ignore[no-untyped-def]
    """The empty database's message names what import reads, not only .txt and .jsonl."""
    window = make_window()
    message = window.welcome.message.text()
    for name in (".txt", "JSONL", "CoNLL", "Label Studio", "doccano", "Prodigy"):
        assert name in message, name


def test_bad_import_shows_error_and_changes_nothing(
    qtbot, db, add_articles, make_window, errors, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    add_articles(["عنوان\nنص.\n"])
    window = make_window()
    good = tmp_path / "good.txt"
    good.write_text("مقال جيد\nنص.\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "نص", "spans": [{"start": 0, "end": 99, "label": "PER"}]}\n')
    with qtbot.waitSignal(window.importer.failed, timeout=20_000):
        window.import_paths([str(good), str(bad)])
    assert len(errors) == 1 and "bad.jsonl:1" in errors[0]
    assert count_documents(db) == 1


def test_drop_files_imports_them(qtbot, db, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    files = []
    for i in range(3):
        path = tmp_path / f"drop-{i}.txt"
        path.write_text(f"مقال {i}\nنص المقال.\n", encoding="utf-8")
        files.append(path)
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    with qtbot.waitSignal(window.importer.imported, timeout=20_000):
        drop_files(window, [*files, tmp_path / "ignored.png"])
    assert count_documents(db) == 3
    assert window.doc_list.model.rowCount() == 3
    assert window.document is not None
    # The audit log names the acting annotator, not this computer's account.
    from annotator.services.audit import read_events

    (entry,) = [e for e in read_events(db) if e.action == "import"]
    assert entry.actor == "tester"


def test_unreadable_file_shows_error(qtbot, db, make_window, errors, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    missing = tmp_path / "gone.txt"
    with qtbot.waitSignal(window.importer.failed, timeout=20_000):
        window.import_paths([str(missing)])
    assert len(errors) == 1 and "gone.txt" in errors[0]
    assert count_documents(db) == 0


def test_locked_database_shows_error_and_loses_nothing(
    qtbot, db, add_articles, make_window, errors, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from annotator.services.annotations import AnnotationService

    (doc,) = add_articles(["عنوان\nقال مارك روته كلامًا.\n"])
    window = make_window()
    text = window.view.text()
    i = text.index("روته")
    window.view.select_range(i, i + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_P)  # acknowledged and stored

    from annotator.storage import retry

    def locked(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    # The real rerun wrapper turns the lasting lock into DatabaseBusyError (an AnnotatorError).
    monkeypatch.setattr(retry, "ATTEMPTS", 2)
    monkeypatch.setattr(retry, "BACKOFF_S", 0.001)
    monkeypatch.setattr(window.ops.service, "add_span", retry.retrying(locked))
    j = text.index("مارك")
    window.view.select_range(j, j + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert len(errors) == 1 and "busy" in errors[0] and "locked" in errors[0]
    stored = AnnotationService(db, "tester").layer_state(doc).spans
    assert [(s.start, s.end) for s in stored] == [(i, i + 4)]
    # The view shows exactly what is stored, and undo still reverts the first action.
    assert [(s, e) for s, e, _f in window.view.highlights()] == [(i, i + 4)]
    monkeypatch.delattr(window.ops.service, "add_span")  # the real method again
    window.actions_.undo.trigger()
    assert AnnotationService(db, "tester").layer_state(doc).spans == ()


def test_cancelled_import_changes_nothing(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.gui import importing

    paths = []
    for i in range(3):
        path = tmp_path / f"a{i}.txt"
        path.write_text(f"عنوان {i}\nنص الخبر رقم {i}.\n", encoding="utf-8")
        paths.append(str(path))
    worker = importing._Worker(db, importing.ImportRequest(tuple(paths)), None)
    outcome: list[str] = []
    worker.failed.connect(outcome.append)
    worker.finished.connect(lambda _summary: outcome.append("finished"))
    worker.cancelled = True  # Cancel pressed: the first progress report stops the import
    worker.run()
    assert outcome == [""]  # nothing to show: the user asked for it
    assert count_documents(db) == 0  # the whole import rolled back


def test_a_title_holding_tags_is_shown_as_text(
    qtbot, add_articles, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # An imported title is the article's data: one that starts like HTML (a scraped
    # "<b>عاجل</b>", or an <img> naming a file) was taken for rich text by the label, its
    # image read from the reader's disk (a FIFO would hang the window) and drawn.
    from PySide6.QtGui import QColor, QImage

    picture = tmp_path / "big.png"
    image = QImage(300, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(picture))
    title = f'<img src="{picture}"> <b>عاجل</b>'
    (doc,) = add_articles([f"{title}\nنص الخبر.\n"])
    window = make_window()
    window.open_document(doc)
    label = window.title_label
    assert label.text() == title
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.sizeHint().height() < 600  # a few lines of text, not the 1,200-pixel image
