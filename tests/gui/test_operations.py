"""The operations layer: one Change per signal, undo steps, and history across documents."""

from __future__ import annotations

import pytest

from annotator.core.model import LayerStatus
from annotator.gui.layer import OpenLayer
from annotator.gui.operations import Operations
from annotator.services.annotations import Change

pytestmark = pytest.mark.gui


def test_each_action_emits_one_change_and_undo_reverts(qtbot, db, add_articles) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles(["عنوان\nقال مارك روته إن «الطاقة مهمة» اليوم.\n"])
    ops = Operations(db, "tester")
    seen: list[Change] = []
    ops.changed.connect(lambda change, _layer: seen.append(change))
    text = "عنوان\nقال مارك روته إن «الطاقة مهمة» اليوم.\n"
    per = ops.add_span(doc, text.index("مارك"), text.index("مارك") + 9, "PER")
    quote = ops.add_span(doc, text.index("الطاقة"), text.index("مهمة") + 4, "QUOTE")
    ops.link_speaker(doc, quote.added_spans[0].id, per.added_spans[0].id, join_last=True)
    assert len(seen) == 3
    layer = OpenLayer(ops.layer_state(doc))
    assert len(layer.relations) == 1
    # The link joined the quote's step: one undo removes quote and link.
    ops.undo()
    state = ops.layer_state(doc)
    assert [s.label for s in state.spans] == ["PER"] and not state.relations
    ops.redo()
    state = ops.layer_state(doc)
    assert {s.label for s in state.spans} == {"PER", "QUOTE"} and len(state.relations) == 1
    # Replaying every emitted Change on a fresh layer gives the stored layer.
    replay = OpenLayer.empty(doc)
    for change in seen:
        replay.apply(change)
    stored = OpenLayer(ops.layer_state(doc))
    assert {s.key for s in replay.spans.values()} == {s.key for s in stored.spans.values()}
    assert replay.relations == stored.relations
    assert replay.status == stored.status == LayerStatus.IN_PROGRESS


def test_empty_changes_are_not_undo_steps(qtbot, db, add_articles) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles(["عنوان\nنص قصير.\n"])
    ops = Operations(db, "tester")
    ops.add_span(doc, 6, 8, "MISC")
    ops.add_span(doc, 6, 8, "MISC")  # already there: nothing to undo
    ops.set_topic(doc, "sport", False)  # already off
    assert ops.can_undo()
    ops.undo()
    assert not ops.can_undo() and ops.can_redo()


def test_history_follows_documents(qtbot, db, add_articles) -> None:  # type: ignore[no-untyped-def]
    a, b = add_articles(["أ\nنص أول.\n", "ب\nنص ثان.\n"])
    ops = Operations(db, "tester")
    ops.set_topic(a, "politics", True)
    ops.set_topic(b, "sport", True)
    assert ops.undo_document() == b
    ops.undo()
    assert ops.undo_document() == a and ops.redo_document() == b
    ops.undo()
    assert ops.layer_state(a).topics == frozenset() == ops.layer_state(b).topics


def test_many_void_qt_calls_do_not_free_none(qapp) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12 drops a None reference per void call; annotator.gui guards against it."""
    import sys

    from PySide6.QtGui import QColor

    import annotator.gui  # noqa: F401  (the guard runs on import)

    for _ in range(20_000):  # about four times None's natural reference count on 3.11
        QColor(1, 2, 3).setAlpha(5)
    assert sys.getrefcount(None) > 1000
