"""File > Export: the dialog's choices, a real export from the window, cancelling, blind mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from annotator.core.formats.registry import ExportOptions
from annotator.gui import dialogs, exporting
from annotator.gui.exporting import ExportDialog, ExportRequest
from annotator.gui.i18n import install_language
from annotator.gui.main_window import MainWindow
from annotator.services import access, documents
from annotator.services.annotations import AnnotationService
from annotator.services.importer import import_paths
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ARTICLE = "قمة الطاقة\nقال مارك روته في مقر الحلف ببروكسل إن الطاقة محور رئيسي للأمن.\n"


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def request(path: Path | str, fmt: str = "native", **changes: Any) -> ExportRequest:
    """An export request as the dialog would give it."""
    values: dict[str, Any] = {
        "path": str(path),
        "fmt": fmt,
        "options": ExportOptions(),
        "layers": exporting.EVERYONE,
        "done_only": False,
        "include_unannotated": False,
    }
    values.update(changes)
    return ExportRequest(**values)


class Asked:
    """Stands in for the modal export dialog: records what it was offered, gives ``answer``."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.answer: ExportRequest | None = None

    def __call__(self, _parent: object, **offered: Any) -> ExportRequest | None:
        self.calls.append(offered)
        return self.answer


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """The export dialog, replaced (each test sets its answer)."""
    fake = Asked()
    monkeypatch.setattr(exporting, "ask_export", fake)
    return fake


@pytest.fixture
def window(add_articles, make_window, asked: Asked) -> MainWindow:  # type: ignore[no-untyped-def]
    """The tester's window on a database holding ARTICLE (the export dialog replaced)."""
    add_articles([ARTICLE])
    built: MainWindow = make_window()
    return built


def test_dialog_options_follow_the_format(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(None, everyone=True, gold=True, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "annotations.jsonl")
    assert not dialog.scheme.isEnabled() and not dialog.clitics.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("conll"))
    assert dialog.path.text() == str(tmp_path / "annotations.conll")
    assert dialog.scheme.isEnabled() and dialog.clitics.isEnabled()
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("bioes"))
    dialog.clitics.setChecked(True)
    dialog.layers.setCurrentIndex(dialog.layers.findData(exporting.GOLD_ONLY))
    dialog.done_only.setChecked(True)
    chosen = dialog.request()
    assert (chosen.fmt, chosen.options) == ("conll", ExportOptions(scheme="bioes", clitics=True))
    flt = chosen.export_filter("alice")
    assert flt.gold and flt.annotators == () and [s.value for s in flt.statuses] == ["done"]
    # Label Studio: one JSON file; tag scheme and clitics do not apply (nor are they sent).
    dialog.format.setCurrentIndex(dialog.format.findData("labelstudio"))
    assert dialog.path.text() == str(tmp_path / "annotations.json")
    assert not dialog.scheme.isEnabled() and not dialog.clitics.isEnabled()
    assert dialog.request().options.clitics is False
    # A name the user typed keeps its own ending.
    dialog.path.setText(str(tmp_path / "train.txt"))
    dialog.format.setCurrentIndex(dialog.format.findData("hf"))
    assert dialog.path.text() == str(tmp_path / "train.txt")


def test_dialog_in_arabic_says_cancel_as_the_progress_dialog_does(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_language("ar")
    dialog = ExportDialog(None, everyone=True, gold=False, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    assert dialog.isRightToLeft()
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "إلغاء"
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "تصدير"


def test_dialog_offers_only_own_layer_when_others_are_hidden(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(None, everyone=False, gold=False, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    assert [dialog.layers.itemData(i) for i in range(dialog.layers.count())] == [exporting.MINE]
    assert dialog.request().export_filter("alice").annotators == ("alice",)


def test_export_from_the_window_writes_the_file_and_reports(  # type: ignore[no-untyped-def]
    qtbot, db: Database, add_articles, make_window, errors, asked: Asked, tmp_path: Path
) -> None:
    (doc,) = add_articles([ARTICLE])
    text = documents.get_document(db, doc).text
    AnnotationService(db, "bob").add_span(doc, *at(text, "بروكسل"), "LOC")
    window: MainWindow = make_window()
    # Label "مارك روته" PER by hand: select it (no astral characters: Qt units = code points).
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(text.index("مارك"))
    cursor.setPosition(text.index("روته") + 4, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    out = tmp_path / "out" / "train.conll"
    out.parent.mkdir()
    asked.answer = request(out, "conll", layers=exporting.MINE)
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked.calls == [{"everyone": True, "gold": True, "folder": str(Path.home())}]
    qtbot.waitUntil(lambda: not window.exporting.runner.busy(), timeout=10_000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "مارك B-PER" in lines and "روته I-PER" in lines
    assert not any("LOC" in line for line in lines)  # bob's layer was not asked for
    (report,) = errors
    # One of each, in the singular; the path a left-to-right isolate (U+2066 ... U+2069).
    assert report.startswith(f"Wrote 1 record (1 document, 1 span) to \u2066{out}\u2069.")
    # The next export starts in the folder of this one.
    assert window.prefs.export_folder == str(out.parent.resolve())
    assert [p.name for p in out.parent.iterdir()] == ["train.conll"]  # no temporary left


def test_cancelled_export_leaves_no_file(qtbot, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "many.jsonl"
    corpus.write_text(
        "".join(json.dumps({"text": f"خبر رقم {i}"}) + "\n" for i in range(1500)),
        encoding="utf-8",
    )
    import_paths(db, [str(corpus)])
    out = tmp_path / "out"
    out.mkdir()
    wanted = request(out / "all.jsonl", include_unannotated=True)
    worker = exporting._Worker(db, wanted, wanted.export_filter("tester"))
    failures: list[str] = []
    worker.failed.connect(failures.append)
    worker.cancelled = True  # as if Cancel was pressed before the first thousand records
    worker.run()
    assert failures == [""]  # cancelled: no error to show
    assert list(out.iterdir()) == []


def test_export_error_is_a_dialog_not_a_file(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, errors, tmp_path: Path
) -> None:
    assert window.exporting.start(request(tmp_path / "missing" / "x.jsonl"))
    qtbot.waitUntil(lambda: not window.exporting.runner.busy(), timeout=10_000)
    missing = tmp_path / "missing"
    assert errors == [f"{missing / 'x.jsonl'}: folder {missing} does not exist"]
    assert not window.exporting.start(request(""))
    assert errors[-1] == "Choose a file to export to."


def test_blind_mode_annotator_exports_only_their_layer(  # type: ignore[no-untyped-def]
    qtbot, db: Database, add_articles, make_window, errors, asked: Asked, tmp_path: Path
) -> None:
    (doc,) = add_articles([ARTICLE])
    text = documents.get_document(db, doc).text
    AnnotationService(db, "alice").add_span(doc, *at(text, "مارك روته"), "PER")
    AnnotationService(db, "bob").add_span(doc, *at(text, "بروكسل"), "LOC")
    rita = access.resolve_actor(db, "rita")
    access.set_role(db, rita, "rita", "reviewer")
    access.set_setting(db, access.resolve_actor(db, "rita"), access.BLIND_MODE, "on")
    window: MainWindow = make_window("alice")
    window.exporting.choose()
    assert asked.calls == [{"everyone": False, "gold": False, "folder": str(Path.home())}]
    # Asking for everyone's layers anyway (not offered) is refused with the reason.
    assert not window.exporting.start(request(tmp_path / "all.jsonl", layers=exporting.GOLD_ONLY))
    assert "blind mode is on" in errors[-1]
    assert window.exporting.start(request(tmp_path / "mine.jsonl", layers=exporting.MINE))
    qtbot.waitUntil(lambda: not window.exporting.runner.busy(), timeout=10_000)
    (record,) = [json.loads(line) for line in (tmp_path / "mine.jsonl").read_text().splitlines()]
    assert record["annotator"] == "alice"


def test_export_asks_before_replacing_and_keeps_the_file_if_told_no(  # type: ignore[no-untyped-def]
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "old.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    questions: list[str] = []
    monkeypatch.setattr(
        dialogs, "confirm_overwrite", lambda _p, path: questions.append(path) or False
    )
    assert not window.exporting.start(request(target, include_unannotated=True))
    assert questions == [str(target)] and target.read_text(encoding="utf-8") == "keep me\n"
    assert not window.exporting.runner.busy()


def test_typed_names_land_in_the_dialogs_folder(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(None, everyone=True, gold=False, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.path.setText("train.jsonl")
    assert dialog.request().path == str(tmp_path / "train.jsonl")
    dialog.path.setText("~/x.jsonl")
    assert dialog.request().path == str(Path.home() / "x.jsonl")
    dialog.path.setText("   ")
    assert dialog.request().path == ""


def test_my_layer_before_any_annotation_is_a_message_not_an_error(  # type: ignore[no-untyped-def]
    qtbot, db: Database, add_articles, errors, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QWidget

    from annotator.gui.settings import Preferences

    add_articles([ARTICLE])
    parent = QWidget()
    qtbot.addWidget(parent)
    # Someone the database has never seen (the window would record them on opening).
    flow = exporting.ExportFlow(parent, db, access.resolve_actor(db, "zoe"), Preferences())
    assert not flow.start(request(tmp_path / "mine.jsonl", layers=exporting.MINE))
    assert errors == ["zoe has no annotations yet."]
    assert not (tmp_path / "mine.jsonl").exists()


def test_unexpected_failure_ends_the_export_with_a_message(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, errors, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.services import exporter

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("server went away")

    monkeypatch.setattr(exporter, "export", broken)
    assert window.exporting.start(request(tmp_path / "x.jsonl", include_unannotated=True))
    qtbot.waitUntil(lambda: not window.exporting.runner.busy(), timeout=10_000)
    assert errors == ["unexpected error: RuntimeError: server went away"]
    assert window.exporting.start(request(tmp_path / "y.jsonl", include_unannotated=True))
    assert window.exporting.runner.wait(5_000)  # the thread ends with its task
    qtbot.waitUntil(lambda: not window.exporting.runner.busy(), timeout=10_000)


def test_dialog_chooses_the_doccano_project_type(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """doccano imports one shape per project type: the dialog asks which."""
    dialog = ExportDialog(None, everyone=True, gold=False, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    assert not dialog.doccano.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    assert dialog.doccano.isEnabled()
    assert dialog.request().options.doccano == "relations"
    dialog.doccano.setCurrentIndex(dialog.doccano.findData("sequence"))
    assert dialog.request().options == ExportOptions(doccano="sequence")
