"""Team work in the GUI: conflicts are explained and reloaded, review mode sees others' changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.bidi import strip_controls
from annotator.core.errors import PermissionDeniedError
from annotator.gui import app as gui_app
from annotator.gui import dialogs
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences
from annotator.services import access, documents
from annotator.services.annotations import AnnotationService
from annotator.services.review import ReviewService
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ARTICLE = "قمة\nقال مارك روته في بروكسل إن الحلف قوي.\n"


def at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def stored(db: Database, name: str, doc: int) -> set[tuple[int, int, str]]:
    return {s.key for s in AnnotationService(db, name).layer_state(doc).spans}


def conflict_boxes(boxes: list[QMessageBox]) -> list[QMessageBox]:
    return [b for b in boxes if "Someone else changed this document" in b.text()]


def test_label_after_another_window_changed_the_layer_asks_to_reload(
    qtbot, db: Database, add_articles, make_window, message_boxes: list[QMessageBox]
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window: MainWindow = make_window()
    text = window.view.text()
    # The same annotator in another window (or process) labels between read and write.
    AnnotationService(db, "tester").add_span(doc, *at(text, "بروكسل"), "LOC")
    window.view.select_range(*at(text, "مارك روته"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    (box,) = conflict_boxes(message_boxes)
    assert box.icon() == QMessageBox.Icon.Warning
    assert "changed meanwhile" in box.detailedText()
    # Nothing was overwritten or half-stored, and the view now shows what is stored.
    assert stored(db, "tester", doc) == {(*at(text, "بروكسل"), "LOC")}
    assert window.layer is not None
    assert {s.key for s in window.layer.spans.values()} == stored(db, "tester", doc)
    assert [(s, e) for s, e, _f in window.view.highlights()] == [at(text, "بروكسل")]
    # Now that the view is current, the same action goes through.
    window.view.select_range(*at(text, "مارك روته"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert stored(db, "tester", doc) == {
        (*at(text, "بروكسل"), "LOC"),
        (*at(text, "مارك روته"), "PER"),
    }
    assert len(conflict_boxes(message_boxes)) == 1


def test_undo_after_another_window_changed_the_layer_is_refused(
    qtbot, db: Database, add_articles, make_window, message_boxes: list[QMessageBox]
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles([ARTICLE])
    window: MainWindow = make_window()
    text = window.view.text()
    window.view.select_range(*at(text, "مارك روته"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    other = AnnotationService(db, "tester")
    other.set_topic(doc, "politics", True)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(conflict_boxes(message_boxes)) == 1
    # The undo did not happen; the reloaded view shows the other window's topic too.
    assert stored(db, "tester", doc) == {(*at(text, "مارك روته"), "PER")}
    item = window.topics.item_for("politics")
    assert item is not None and item.checkState() == Qt.CheckState.Checked
    # The step stays on the stack: undoing again (from the current version) works.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db, "tester", doc) == set()


@pytest.fixture
def review_doc(db: Database, add_articles) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A document alice and bob labelled differently, and two reviewers, rita and sami."""
    (doc,) = add_articles([ARTICLE])
    text = documents.get_document(db, doc).text
    AnnotationService(db, "alice").add_span(doc, *at(text, "مارك روته"), "PER")
    AnnotationService(db, "bob").add_span(doc, *at(text, "بروكسل"), "LOC")
    for name in ("rita", "sami"):
        access.set_role(db, access.resolve_actor(db, "rita"), name, "reviewer")
    return doc, text


def test_gold_step_after_another_reviewer_changed_gold_asks_to_reload(
    qtbot, db: Database, review_doc: tuple[int, str], make_window, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    doc, text = review_doc
    window: MainWindow = make_window("rita")
    window.set_review_mode(True)
    window.review.timer.stop()  # no poll in between: the write itself must notice
    ReviewService(db, "sami").start(doc)  # sami starts gold meanwhile (an empty majority)
    sami = ReviewService(db, "sami")
    sami.gold.add_span(doc, *at(text, "قوي"), "MISC")
    window.review.accept(0, 0)
    assert len(conflict_boxes(message_boxes)) == 1
    gold = {s.key for s in sami.gold.layer_state(doc).spans}
    assert gold == {(*at(text, "قوي"), "MISC")}  # rita's accept changed nothing
    assert window.layer is not None
    assert {s.key for s in window.layer.spans.values()} == gold  # and she now sees sami's


def test_review_mode_picks_up_another_annotators_change(
    qtbot, db: Database, review_doc: tuple[int, str], make_window
) -> None:  # type: ignore[no-untyped-def]
    doc, text = review_doc
    window: MainWindow = make_window("rita")
    window.set_review_mode(True)
    assert window.review.timer.isActive() and window.review.timer.interval() == 2000
    window.review.timer.setInterval(50)
    before = len(window.review.disagreements)
    AnnotationService(db, "bob").add_span(doc, *at(text, "مارك روته"), "PER")
    qtbot.waitUntil(lambda: "bob changed this document" in window.notice.text(), timeout=5000)
    # bob now agrees on the PER: the comparison (marks and list) was read again.
    assert len(window.review.disagreements) == before - 1
    assert window.review_panel.disagreement_count() == before - 1
    agreed = [m for m in window.view.marks() if m.style == "agreed:PER"]
    assert [(m.start, m.end) for m in agreed] == [at(text, "مارك روته")]
    # Another reviewer's gold change reloads the gold layer the view edits.
    window.notice.hide()
    ReviewService(db, "sami").gold.add_span(doc, *at(text, "بروكسل"), "LOC")
    qtbot.waitUntil(lambda: "gold layer" in window.notice.text(), timeout=5000)
    assert window.layer is not None
    assert {s.key for s in window.layer.spans.values()} == {(*at(text, "بروكسل"), "LOC")}
    # Quiet when nothing changed: the notice stays hidden.
    window.notice.hide()
    qtbot.wait(200)
    assert window.notice.text() == ""


def test_blind_mode_shows_an_annotator_only_their_own(
    qtbot, db: Database, review_doc: tuple[int, str], make_window
) -> None:  # type: ignore[no-untyped-def]
    doc, _text = review_doc
    access.set_setting(db, access.resolve_actor(db, "rita"), access.BLIND_MODE, "on")
    window: MainWindow = make_window("alice")
    assert not window.actions_.review_mode.isEnabled()
    assert window.layer is not None and window.layer.owner == "alice"
    assert window.doc_list.model.row(0) is not None
    assert window.doc_list.model.row(0).span_count == 1  # type: ignore[union-attr]
    window.show_agreement()
    qtbot.waitUntil(lambda: not window.agreement.is_running(), timeout=10_000)
    assert window.agreement.result is None
    assert "blind mode" in window.agreement.status.text()
    window.close()
    # Reviewers still see everyone's layers.
    reviewer: MainWindow = make_window("rita")
    reviewer.set_review_mode(True)
    assert reviewer.review.state is not None and reviewer.review.state.document_id == doc
    assert set(reviewer.review.state.layers) == {"alice", "bob"}


# -- identity on PostgreSQL ---------------------------------------------------------------


@pytest.fixture
def pg_logins(pg_server, pg_url: str) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    """URLs of one fresh database for the logins huda (annotator) and rana (reviewer)."""
    from psycopg import sql

    with pg_server.admin() as conn:
        for name, group in (("huda", "annotator_user"), ("rana", "annotator_reviewer")):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                        sql.Identifier(name), sql.Identifier(group)
                    )
                )
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    host = quote(str(pg_server.socket_dir), safe="")
    yield {n: f"postgresql+psycopg://{n}@/{dbname}?host={host}" for n in ("huda", "rana")}


@pytest.mark.postgres
def test_postgresql_login_is_the_identity(
    qtbot, pg_url: str, pg_logins: dict[str, str], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.importer import import_paths
    from annotator.services.workspace import open_workspace

    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    admin = open_workspace(pg_url)
    try:
        import_paths(admin, [str(article)])
    finally:
        admin.close()

    def never(*_a: object) -> str:
        raise AssertionError("the name must not be asked on PostgreSQL")

    monkeypatch.setattr(dialogs, "ask_annotator_name", never)
    db = open_workspace(pg_logins["huda"])
    try:
        prefs = Preferences()
        prefs.annotator = "someone else"  # a remembered SQLite name plays no part
        assert gui_app.resolve_annotator(prefs, None, db) == "huda"
        with pytest.raises(PermissionDeniedError):
            gui_app.resolve_annotator(prefs, "bob", db)
        window = MainWindow(db, "huda", prefs)
        qtbot.addWidget(window)
        assert strip_controls(window.annotator_label.text()) == "Annotator: huda"
        assert not window.actions_.review_mode.isEnabled()
        window.close()
    finally:
        db.close()
    db = open_workspace(pg_logins["rana"])
    try:
        window = MainWindow(db, gui_app.resolve_annotator(Preferences(), None, db) or "", prefs)
        qtbot.addWidget(window)
        assert strip_controls(window.annotator_label.text()) == "Reviewer: rana"
        window.set_review_mode(True)  # the login's group makes rana a reviewer
        assert window.review.active
        window.review.start_majority()
        assert window.document is not None
        state = ReviewService(db, None).gold.layer_state(window.document.id)
        assert state.version > 0
        window.close()
    finally:
        db.close()
