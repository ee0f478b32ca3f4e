"""Topic suggestions in the app: offered in the Topics panel, accepted, rejected, undone.

A real database; huda's done layers carry topics; the topic model is trained by the service
(or from Edit > Train the suggestion model); the window computes the best topics in the
background and the keys F9 / F10 / F11 / Ctrl+F10 act on them through the window's actions.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import LayerStatus
from annotator.gui.main_window import MainWindow
from annotator.gui.topics_panel import SUGGESTED
from annotator.services import suggestions
from annotator.services.annotations import AnnotationService
from annotator.services.audit import read_events
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ECONOMY = "ارتفعت أسعار النفط وقال المصرف المركزي إن التضخم والفائدة والأسهم في البورصة {i}."
POLITICS = "قال الوزير إن الانتخابات البرلمانية والحكومة والمعارضة في البرلمان {i}."


def topics_of(db: Database, doc: int, who: str = "tester") -> set[str]:
    return set(AnnotationService(db, who).layer_state(doc).topics)


@pytest.fixture
def documents(db: Database, add_articles):  # type: ignore[no-untyped-def]
    """Eight done articles with topics by huda, then one economy article to annotate."""
    texts = [f"خبر {i}\n" + (ECONOMY if i % 2 else POLITICS).format(i=i) for i in range(8)]
    ids = add_articles([*texts, "خبر جديد\n" + ECONOMY.format(i=99)])
    huda = AnnotationService(db, "huda")
    for i, doc in enumerate(ids[:8]):
        huda.set_topic(doc, "economy" if i % 2 else "politics", True)
        huda.set_status(doc, LayerStatus.DONE)
    return ids


def offered(qtbot, window: MainWindow, labels: list[str]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: (
            [t.label for t in window.suggesting.topics][: len(labels)] == labels
            and (not labels or bool(window.topics.suggested()))
        ),
        timeout=30000,
    )


def test_accept_undo_reject_a_topic_suggestion(  # type: ignore[no-untyped-def]
    qtbot, db, documents, make_window
) -> None:
    model = suggestions.train(db, "topic", folds=0)
    doc = documents[-1]
    window = make_window()
    window.open_document(doc)
    offered(qtbot, window, ["economy"])
    best = window.suggesting.topics[0]
    assert 0 < best.score <= 1 and best.version
    # The panel marks it, with its score; the hint says which keys act on it.
    item = window.topics.item_for("economy")
    assert item is not None and SUGGESTED in item.text() and f"{best.score:.2f}" in item.text()
    assert item.checkState() == Qt.CheckState.Unchecked
    assert window.topics.hint.isVisibleTo(window.topics)
    assert topics_of(db, doc) == set()

    # F9 makes it current (bold); F10 accepts it: an ordinary document topic, audited.
    while window.suggesting.current != best:
        qtbot.keyClick(window.view, Qt.Key.Key_F9)
    assert item.font().bold()
    # F9 went past the span suggestions (selecting their text); on a topic nothing is
    # selected, so the topic keys 1-0 would still act on the document.
    assert window.suggesting.visible, "the article has a quote suggestion before the topic"
    assert window.view.selected_range() is None
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert topics_of(db, doc) == {"economy"}
    assert item.checkState() == Qt.CheckState.Checked
    assert SUGGESTED not in item.text()
    assert "economy" not in {t.label for t in window.suggesting.topics}
    events = [e for e in read_events(db, document_id=doc) if e.action == "set_topic"]
    source = events[-1].detail["suggestion"]
    assert source["suggester"] == "topics"
    assert source["model_version"] == best.version == f"topic-{model.version}"

    # Ctrl+Z undoes it; the suggestion is offered again.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert topics_of(db, doc) == set()
    offered(qtbot, window, ["economy"])
    assert SUGGESTED in item.text()

    # F11 rejects it: no longer offered, remembered for this annotator and document.
    while window.suggesting.current != best:
        qtbot.keyClick(window.view, Qt.Key.Key_F9)
    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    assert topics_of(db, doc) == set()
    assert "economy" not in {t.label for t in window.suggesting.topics}
    assert SUGGESTED not in item.text()
    assert (-1, -1, "economy") in suggestions.rejected(db, "tester", doc)
    window.open_document(documents[0])
    window.open_document(doc)
    qtbot.waitUntil(lambda: bool(window.suggesting.topics), timeout=30000)
    assert "economy" not in {t.label for t in window.suggesting.topics}
    # Another annotator is still offered it.
    other = make_window("rana")
    other.open_document(doc)
    offered(qtbot, other, ["economy"])


def test_accept_all_includes_topics(  # type: ignore[no-untyped-def]
    qtbot, db, documents, make_window
) -> None:
    suggestions.train(db, "topic", folds=0)
    doc = documents[-1]
    window = make_window()
    window.open_document(doc)
    offered(qtbot, window, ["economy"])
    wanted = {t.label for t in window.suggesting.topics}
    qtbot.keyClick(window.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ControlModifier)
    assert topics_of(db, doc) == wanted
    assert window.suggesting.topics == []
    assert not window.topics.hint.isVisibleTo(window.topics)
    # One undo step for all of them.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert topics_of(db, doc) == set()


def test_training_topics_from_the_menu(  # type: ignore[no-untyped-def]
    qtbot, db, documents, make_window, errors
) -> None:
    window = make_window()
    window.open_document(documents[-1])
    assert window.suggesting.topics == []
    # Both kinds train in the background (done layers without spans teach "no entity").
    window.suggestion_actions.train.trigger()
    qtbot.waitUntil(
        lambda: {m.kind for m in suggestions.list_models(db)} == {"entity", "topic"},
        timeout=60000,
    )
    window.trainer.wait()
    qtbot.waitUntil(lambda: "trained" in window.statusBar().currentMessage(), timeout=5000)
    assert errors == []
    window.open_document(documents[0])
    window.open_document(documents[-1])
    offered(qtbot, window, ["economy"])


def test_topic_suggestions_in_arabic(  # type: ignore[no-untyped-def]
    qtbot, db, documents, make_window
) -> None:
    suggestions.train(db, "topic", folds=0)
    window = make_window()
    window.set_language("ar")
    window.open_document(documents[-1])
    offered(qtbot, window, ["economy"])
    assert "يقترحه" in window.topics.hint.text()
    item = window.topics.item_for("economy")
    assert item is not None and SUGGESTED in item.text()
    # The score in the interface's digits (it read "0.75" beside "[2]" and a list of "٠").
    from PySide6.QtCore import QLocale

    score = window.topics.suggested()["economy"]
    assert QLocale().toString(score, "f", 2) in item.text()
    assert f"{score:.2f}" not in item.text()
