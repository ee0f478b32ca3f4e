"""GUI test fixtures: isolated QSettings, no modal dialogs, documents imported for real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.gui import dialogs
from annotator.gui.i18n import install_language
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences
from annotator.services.importer import import_paths
from annotator.storage.database import Database

ANNOTATOR = "tester"


def drop_files(window: QWidget, paths: list[Path]) -> QDropEvent:
    """Drop files on the window as a file manager does (enter, then drop); the event."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(event)
    window.dropEvent(event)
    return event


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """Every test writes its QSettings under its own temporary folder."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """Tests start in English and leave no translator behind."""
    install_language("en")
    yield
    install_language("en")


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record error and info messages instead of blocking on a modal dialog."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, msg, _t=None: shown.append(msg))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, msg, _t=None: shown.append(msg))
    monkeypatch.setattr(
        dialogs, "show_report", lambda _p, msg, details, _t: shown.append(f"{msg}\n{details}")
    )
    monkeypatch.setattr(dialogs, "ask_annotator_name", lambda _p, _s="": ANNOTATOR)
    monkeypatch.setattr(dialogs, "confirm_overwrite", lambda _p, _path: True)
    monkeypatch.setattr(dialogs, "run", lambda dialog: shown.append(dialog.text) or 0)
    return shown


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Every QMessageBox the GUI opens is recorded (title, text, details) instead of blocking."""
    boxes: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        boxes.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


@pytest.fixture
def errors(no_modal_dialogs: list[str]) -> list[str]:
    """Messages the GUI showed in error (or info) dialogs during the test."""
    return no_modal_dialogs


def write_article(folder: Path, name: str, text: str, *, newline: str = "\n") -> Path:
    """Write a UTF-8 article file (CRLF when asked) for the real importer."""
    path = folder / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def import_texts(db: Database, folder: Path, texts: list[str], *, newline: str = "\n") -> None:
    """Import articles through the importer (first line becomes the title)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        str(write_article(folder, f"article-{i:03d}.txt", t, newline=newline))
        for i, t in enumerate(texts)
    ]
    import_paths(db, paths)


def send_text(widget: QWidget, text: str) -> None:
    """Type any text (Arabic too) as key events; QTest.keyClicks only handles ASCII."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, ord(ch.upper()), Qt.KeyboardModifier.NoModifier, ch)
            )


@pytest.fixture
def type_text():  # type: ignore[no-untyped-def]
    """The ``send_text`` helper, as a fixture for test modules."""
    return send_text


@pytest.fixture
def add_articles(db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Import article texts through the real importer; returns their document ids."""
    from annotator.services.documents import document_ids

    counter = iter(range(1_000_000))

    def add(texts: list[str], *, newline: str = "\n") -> list[int]:
        before = set(document_ids(db))
        import_texts(db, tmp_path / f"articles-{next(counter)}", texts, newline=newline)
        return sorted(set(document_ids(db)) - before)

    return add


@pytest.fixture
def make_window(qtbot, db: Database):  # type: ignore[no-untyped-def]
    """Build a shown main window on the test database (after documents were imported)."""

    def build(annotator: str = ANNOTATOR) -> MainWindow:
        window = MainWindow(db, annotator, Preferences())
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Window-wide shortcuts (undo, next document) only fire in the active window.
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        return window

    return build
