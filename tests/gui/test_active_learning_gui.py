"""The document list's active-learning order, driven through the real window.

Real AQMAR articles (four labelled by huda and done, four of other subjects unseen), the
entity model trained by the service; the order is chosen with its key (Ctrl+Shift+O) and
with the order box, scored in the background, and next / previous document follow it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import LayerStatus
from annotator.gui import active_learning as ranker_module
from annotator.gui.document_list import DOCUMENT_ORDER, UNCERTAIN_FIRST, UNCERTAIN_TOPICS
from annotator.gui.main_window import database_key
from annotator.gui.settings import Preferences
from annotator.services import active_learning, documents, suggestions
from annotator.services.annotations import AnnotationService
from annotator.services.documents import DocumentFilter
from annotator.storage.database import Database
from tests.gui.conftest import ANNOTATOR
from tests.services.test_active_learning import TRAIN, UNSEEN, fill

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

SHOTS = Path(os.environ.get("ANNOTATOR_SHOTS", "")) if os.environ.get("ANNOTATOR_SHOTS") else None


def rows(window) -> list[int]:  # type: ignore[no-untyped-def]
    model = window.doc_list.model
    return [model.row(r).id for r in range(model.rowCount())]


def test_no_model_yet_the_order_says_so(qtbot, db, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    add_articles(["مقال أول", "مقال ثان"])
    window = make_window()
    box = window.doc_list.order
    item = box.model().item(UNCERTAIN_FIRST)
    assert not item.isEnabled()
    assert "No entity model yet" in item.toolTip() and "No model yet" in box.toolTip()
    topics = box.model().item(UNCERTAIN_TOPICS)
    assert not topics.isEnabled() and "No topic model yet" in topics.toolTip()
    assert not window.doc_list.uncertainty_action.isEnabled()
    # Its key does nothing (no error, no dialog); the list stays in document order.
    before = rows(window)
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert box.currentIndex() == DOCUMENT_ORDER and rows(window) == before


def test_most_uncertain_first_next_follows_and_is_remembered(  # type: ignore[no-untyped-def]
    qtbot, db: Database, shared_data: Path, tmp_path: Path, make_window, monkeypatch
) -> None:
    ids = fill(db, shared_data / "aqmar", tmp_path, TRAIN + UNSEEN)
    suggestions.train(db, "entity", folds=0)
    # The annotator already finished one unseen article: not in his to-do list.
    AnnotationService(db, ANNOTATOR).set_status(ids["Solaris.txt"], LayerStatus.DONE)
    window = make_window()
    dl = window.doc_list
    assert dl.order.model().item(UNCERTAIN_FIRST).isEnabled()
    assert "entity-1" in dl.order.toolTip()
    # Only an entity model: ordering by the topic model's uncertainty says it needs one.
    topics = dl.order.model().item(UNCERTAIN_TOPICS)
    assert not topics.isEnabled() and "No topic model yet" in topics.toolTip()
    assert rows(window) == sorted(ids.values())

    # The key chooses the order; scores are computed in the background (two documents a
    # batch here), the list re-reading its order as they arrive, and the count shown.
    monkeypatch.setattr(ranker_module, "BATCH", 2)
    progress: list[tuple[int, int]] = []
    dl.ranker.progressed.connect(lambda scored, total: progress.append((scored, total)))
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert dl.order.currentIndex() == UNCERTAIN_FIRST and dl.uncertainty_action.isChecked()
    ordered = active_learning.ordered(DocumentFilter(annotator=ANNOTATOR), "entity")
    qtbot.waitUntil(lambda: active_learning.progress(db, ordered) == (7, 7), timeout=120000)
    expected = documents.document_ids(db, ordered)
    assert len(expected) == 7
    qtbot.waitUntil(lambda: rows(window) == expected and not dl.ranking.isVisible(), timeout=30000)
    shown = rows(window)
    assert progress[0] == (2, 7) and progress[-1] == (7, 7), progress
    assert [p for p, _t in progress] == sorted(p for p, _t in progress)
    scores = active_learning.scores(db, active_learning.ModelRef("entity", 1), shown)
    assert [scores[i] for i in shown] == sorted(scores.values(), reverse=True)
    assert ids["Solaris.txt"] not in shown
    # Each row's tooltip gives its score.
    tip = dl.model.data(dl.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert f"Model uncertainty: {scores[shown[0]]:.3f}" in str(tip)
    names = {i: n for n, i in ids.items()}
    assert {names[i] for i in shown[:2]} <= set(UNSEEN), [names[i] for i in shown]

    # Next and previous document follow the list's order, and so does "done, go on".
    window.open_row(0)
    assert window.document is not None and window.document.id == shown[0]
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.document.id == shown[1]
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.document.id == shown[2]
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.document.id == shown[1]
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / "uncertainty-order.png"))
    window.close()

    # Remembered for this annotator and database: the next window opens in that order
    # (the document marked done has left the list).
    again = make_window()
    assert again.doc_list.order.currentIndex() == UNCERTAIN_FIRST
    qtbot.waitUntil(lambda: rows(again) == [i for i in shown if i != shown[1]], timeout=30000)
    # Back to document order with the box: every document again, by id.
    again.doc_list.order.setCurrentIndex(DOCUMENT_ORDER)
    qtbot.waitUntil(lambda: rows(again) == sorted(ids.values()), timeout=30000)
    assert not again.doc_list.uncertainty_action.isChecked()
    again.close()

    # Someone new with the order remembered and no place to resume: the window opens on
    # the article page and, once the sorted list is read, on its first (most uncertain) row.
    nadia = active_learning.ordered(DocumentFilter(annotator="nadia"), "entity")
    first = documents.document_ids(db, nadia)[0]
    Preferences().set_list_order(database_key(db), "nadia", "uncertainty")
    third = make_window("nadia")
    assert third.stack.currentIndex() == 1
    qtbot.waitUntil(lambda: third.document is not None, timeout=30000)
    assert third.document is not None and third.document.id == first

    # A new model version (Edit > Train, here the service and the window's own handler):
    # the list is ranked again by it, and its tooltip names it.
    result = suggestions.train(db, "entity", folds=0)
    third._trained(result)
    assert "entity-2" in third.doc_list.order.toolTip()
    qtbot.waitUntil(lambda: active_learning.progress(db, nadia) == (8, 8), timeout=120000)
    fresh = documents.document_ids(db, nadia)
    qtbot.waitUntil(lambda: rows(third) == fresh, timeout=30000)
    again_scores = active_learning.scores(db, active_learning.ModelRef("entity", 2), fresh)
    assert [again_scores[i] for i in fresh] == sorted(again_scores.values(), reverse=True)


def test_topic_order_from_the_box_when_only_a_topic_model_exists(  # type: ignore[no-untyped-def]
    qtbot, db: Database, tmp_path: Path, make_window
) -> None:
    import json

    from annotator.services import importer

    sport = ["فاز الفريق في المباراة بهدفين", "سجل اللاعب هدفا في الدوري", "المدرب يختار المنتخب"]
    money = ["ارتفع سعر النفط في الأسواق", "البنك المركزي يرفع الفائدة", "تراجع التضخم"]
    lines = [
        {"text": f"{t} {i}", "annotator": ANNOTATOR, "status": "done", "topics": [topic]}
        for i, (t, topic) in enumerate(
            [(t, "sport") for t in sport * 2] + [(t, "economy") for t in money * 2]
        )
    ]
    lines.append({"text": "اللاعب سجل هدف الفوز في المباراة"})
    lines.append({"text": "النادي يرفع سعر تذاكر المباراة بسبب التضخم في الأسواق"})
    path = tmp_path / "topics.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", "utf-8")
    importer.import_paths(db, [str(path)], add_labels=True)
    suggestions.train(db, "topic", folds=0)
    window = make_window()
    dl = window.doc_list
    assert not dl.order.model().item(UNCERTAIN_FIRST).isEnabled()
    assert dl.order.model().item(UNCERTAIN_TOPICS).isEnabled()
    assert "topic-1" in dl.order.model().item(UNCERTAIN_TOPICS).toolTip()
    # The key picks the only model there is.
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert dl.order.currentIndex() == UNCERTAIN_TOPICS
    ordered = active_learning.ordered(DocumentFilter(annotator=ANNOTATOR), "topic")
    qtbot.waitUntil(lambda: active_learning.progress(db, ordered) == (2, 2), timeout=60000)
    expected = documents.document_ids(db, ordered)
    qtbot.waitUntil(lambda: rows(window) == expected, timeout=30000)
    assert "التضخم" in documents.get_document(db, expected[0]).text
