"""A peer's annotated corpus through the window: a CoNLL file dropped on the window, and
File > Import's options (format, whose layer, status, new labels) driving the real dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from annotator.gui import main_window as main_window_module
from annotator.gui.importing import ImportDialog, ImportRequest
from annotator.storage import models as m
from annotator.storage.database import Database
from tests.gui.conftest import drop_files

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

CONLL = (
    "-DOCSTART- O\n\nقال O\nمحمد B-PER\nالعلي I-PER\nفي O\nبيروت B-LOC\n. O\n\n"
    "-DOCSTART- O\n\nوصل O\nالوفد O\nإلى O\nدمشق B-LOC\n. O\n"
)


def layers(db: Database) -> list[tuple[str, str, int]]:
    """(owner, status, spans) of every layer."""
    with db.read() as session:
        rows = session.execute(
            select(m.Annotator.name, m.Layer.status, m.Layer.id)
            .join(m.Annotator, m.Annotator.id == m.Layer.annotator_id)
            .order_by(m.Layer.document_id)
        ).all()
        return [
            (
                name,
                str(status.value if hasattr(status, "value") else status),
                len(session.scalars(select(m.Span.id).where(m.Span.layer_id == lid)).all()),
            )
            for name, status, lid in rows
        ]


def test_a_dropped_conll_file_becomes_the_acting_persons_layers(
    qtbot, db, make_window, errors, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """CoNLL names no annotator: dropped on the window, its tags become the layer of the
    person at the window (it was not even accepted as a drop before)."""
    path = tmp_path / "news.conll"
    path.write_text(CONLL, encoding="utf-8")
    window = make_window()
    with qtbot.waitSignal(window.importer.imported, timeout=20_000):
        assert drop_files(window, [path]).isAccepted()
    assert errors == []
    assert layers(db) == [("tester", "in_progress", 2), ("tester", "in_progress", 1)]
    assert window.doc_list.model.rowCount() == 2


def test_file_import_dialog_imports_a_finished_corpus_as_done(
    qtbot, db, make_window, errors, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """File > Import: the files are picked, then the dialog's choices (the CoNLL format,
    another owner, done, new labels added) reach the import."""
    path = tmp_path / "aner.txt"  # a CoNLL corpus named .txt, as AQMAR ships
    path.write_text(CONLL.replace("PER", "PERS"), encoding="utf-8")
    window = make_window()
    shown: list[ImportDialog] = []

    def pick(*_args: object, **_kwargs: object) -> tuple[list[str], str]:
        return [str(path)], ""

    def ask(parent, paths: list[str], owner: str) -> ImportRequest:  # type: ignore[no-untyped-def]
        dialog = ImportDialog(parent, paths, owner)
        shown.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.owner.text() == "tester"
        dialog.format.setCurrentIndex(dialog.format.findData("conll"))
        dialog.owner.setText("gold-team")
        dialog.status.setCurrentIndex(dialog.status.findData("done"))
        qtbot.mouseClick(dialog.add_labels, Qt.MouseButton.LeftButton)
        assert dialog.add_labels.isChecked()
        request = dialog.request()
        dialog.close()
        return request

    monkeypatch.setattr(main_window_module.QFileDialog, "getOpenFileNames", pick)
    monkeypatch.setattr(main_window_module, "ask_import", ask)
    window.choose_import()
    qtbot.waitUntil(lambda: not window.importer.busy(), timeout=20_000)
    assert errors == [] and len(shown) == 1
    assert layers(db) == [("gold-team", "done", 2), ("gold-team", "done", 1)]
    with db.read() as session:
        assert "PERS" in session.scalars(select(m.Label.name)).all()


def test_an_owner_left_empty_is_the_person_at_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(None, ["/tmp/a.conll"], "هدى")
    qtbot.addWidget(dialog)
    dialog.owner.clear()
    assert dialog.owner.placeholderText() == "هدى"
    assert dialog.request() == ImportRequest(("/tmp/a.conll",), owner="هدى")


def test_without_new_labels_the_import_says_why_and_stores_nothing(
    qtbot, db, make_window, errors, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "aner.conll"
    path.write_text(CONLL.replace("PER", "PERS"), encoding="utf-8")
    window = make_window()
    monkeypatch.setattr(
        main_window_module.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], "")
    )
    monkeypatch.setattr(
        main_window_module,
        "ask_import",
        lambda parent, paths, owner: ImportDialog(parent, paths, owner).request(),
    )
    with qtbot.waitSignal(window.importer.failed, timeout=20_000):
        window.choose_import()
    assert len(errors) == 1 and f"{path}:4: label 'PERS'" in errors[0]
    # The window's remedy (its checkbox), not the command line's flag.
    assert "Add labels the files use but the schema lacks" in errors[0]
    assert "--add-labels" not in errors[0]
    assert layers(db) == []
