"""An annotator's queue first with done / assigned, and the agreement panel's figures."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import LabelKind
from annotator.gui.agreement_panel import NO_VALUE, shown
from annotator.gui.main_window import MainWindow
from annotator.services import access, agreement, assignments, documents
from annotator.services.annotations import AnnotationService
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def listed(window: MainWindow) -> list[int]:
    model = window.doc_list.model
    return [row.id for row in (model.row(i) for i in range(model.rowCount())) if row]


def test_annotator_sees_their_queue_first_with_done_of_assigned(
    qtbot, db: Database, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles([f"مقال {n}\nنص المقال رقم {n}.\n" for n in range(6)])
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    queued = [ids[4], ids[1], ids[5]]
    assignments.assign(db, rita, ["tester"], 1, document_ids=queued)
    window: MainWindow = make_window()
    expected = sorted(queued) + [i for i in ids if i not in queued]
    assert listed(window) == expected
    # Once the list's id order is loaded in the background, pages come by id: same order.
    qtbot.waitUntil(lambda: window.doc_list.model._ids is not None, timeout=5000)
    window.doc_list.model._pages.clear()
    assert listed(window) == expected
    model = window.doc_list.model
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(3, 0), Qt.ItemDataRole.FontRole) is None
    assert "in your queue" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    # The first queued document opens; the status bar counts done of assigned.
    assert window.document is not None and window.document.id == expected[0]
    assert window.progress_label.text() == "Done 0 / 3 assigned"
    window.actions_.mark_done.trigger()
    assert window.progress_label.text() == "Done 1 / 3 assigned"
    assert window.document.id == expected[1]
    assert window.doc_list.model.row(0).status.value == "done"  # type: ignore[union-attr]
    assert window.doc_list.model.row_of(expected[4]) == 4
    assert documents.queue_progress(db, "tester") == (1, 3)


def test_reviewer_list_is_in_document_order(qtbot, db: Database, add_articles, make_window) -> None:  # type: ignore[no-untyped-def]
    ids = add_articles([f"مقال {n}\nنص {n}.\n" for n in range(3)])
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    assignments.assign(db, rita, ["rita"], 1, document_ids=[ids[2]])
    window: MainWindow = make_window("rita")
    assert listed(window) == ids
    assert window.progress_label.text() == "Done 0 / 1 assigned"


def test_agreement_panel_shows_what_agreement_compute_gives(
    qtbot, db: Database, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "قمة\nقال مارك روته في بروكسل إن الحلف قوي.\n",
        "اقتصاد\nأعلن البنك المركزي في عمّان رفع الفائدة.\n",
    ]
    ids = add_articles(texts)
    people = {
        "alice": [("مارك روته", "PER"), ("بروكسل", "LOC"), ("البنك المركزي", "ORG")],
        "bob": [("مارك روته", "PER"), ("بروكسل", "GPE"), ("عمّان", "LOC")],
        "carol": [("روته", "PER"), ("بروكسل", "LOC"), ("البنك المركزي", "ORG")],
    }
    for name, spans in people.items():
        service = AnnotationService(db, name)
        for doc in ids:
            text = documents.get_document(db, doc).text
            for words, label in spans:
                if words in text:
                    start = text.index(words)
                    service.add_span(doc, start, start + len(words), label)
        service.set_topic(ids[0], "politics", True)
    AnnotationService(db, "carol").set_topic(ids[1], "economy", True)
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    window: MainWindow = make_window("rita")
    assert window.agreement.result is None  # nothing computed before it is asked for
    window.actions_.show_agreement.trigger()
    qtbot.waitUntil(lambda: window.agreement.result is not None, timeout=20_000)
    report = agreement.compute(db, actor=access.resolve_actor(db, "rita")).report
    panel = window.agreement
    pairs = report["pairs"]
    assert panel.pairs.rowCount() == len(pairs)
    for r, row in enumerate(pairs):
        cells = [panel.cell(panel.pairs, r, c) for c in range(6)]
        assert cells[:2] == [row["a"], row["b"]]
        assert cells[2] == (row["label"] or "(all labels)")
        assert cells[3:] == [shown(row["exact_f1"]), shown(row["overlap_f1"]), shown(row["kappa"])]
    assert panel.cell(panel.alpha, 0, 1) == shown(report["alpha"]["overall"])
    labels = list(report["alpha"]["labels"].items())
    for r, (label, value) in enumerate(labels, start=1):
        assert [panel.cell(panel.alpha, r, c) for c in range(2)] == [label, shown(value)]
    topics = report["topics"]
    for r, row in enumerate(topics):
        assert panel.cell(panel.topics, r, 4) == shown(row["kappa"])
    names = report["matrix"]["annotators"]
    assert names == ["alice", "bob", "carol"]
    for i, values in enumerate(report["matrix"]["values"]):
        assert [panel.cell(panel.matrix, i, j) for j in range(3)] == [shown(v) for v in values]
    assert panel.cell(panel.matrix, 0, 0) == NO_VALUE
    # The matrix names its metric and offers the others (issue 18): kappa of alice and bob.
    assert panel.matrix_metric.currentText().startswith("Overlap F1")
    assert "Overlap F1" in panel.matrix.toolTip()
    panel.matrix_metric.setCurrentIndex(panel.matrix_metric.findData("kappa"))
    kappa = next(r for r in pairs if r["label"] is None and (r["a"], r["b"]) == ("alice", "bob"))
    assert panel.cell(panel.matrix, 0, 1) == shown(kappa["kappa"])
    assert "kappa" in panel.matrix.toolTip()
    panel.matrix_metric.setCurrentIndex(panel.matrix_metric.findData("topic_f1"))
    topic = next(r for r in topics if r["topic"] is None and (r["a"], r["b"]) == ("alice", "bob"))
    assert panel.cell(panel.matrix, 0, 1) == shown(topic["f1"])
    # Rounded for display only: three decimals of the unrounded figure.
    overall = next(r for r in pairs if r["label"] is None and (r["a"], r["b"]) == ("alice", "bob"))
    assert overall["overlap_f1"] is not None
    assert shown(overall["overlap_f1"]) == f"{overall['overlap_f1']:.3f}"
    assert "Documents compared: 2" in panel.status.text()


def test_agreement_panel_compares_one_kind_when_asked(
    qtbot, db: Database, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = add_articles(["قمة\nقال مارك روته في بروكسل إن الحلف قوي.\n"])
    text = documents.get_document(db, doc).text

    def at(words: str) -> tuple[int, int]:
        start = text.index(words)
        return start, start + len(words)

    for name, quote in (("alice", "الحلف قوي"), ("bob", "إن الحلف قوي")):
        service = AnnotationService(db, name)
        service.add_span(doc, *at("مارك روته"), "PER")
        service.add_span(doc, *at(quote), "QUOTE")
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    window: MainWindow = make_window("rita")
    panel = window.agreement
    panel.ensure_computed()
    qtbot.waitUntil(lambda: panel.result is not None and not panel.is_running(), timeout=20_000)
    assert {panel.cell(panel.pairs, r, 2) for r in range(panel.pairs.rowCount())} == {
        "(all labels)",
        "PER",
        "QUOTE",
    }
    panel.kind.setCurrentIndex(panel.kind.findData("quote"))  # starts computing at once
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=20_000)
    assert panel.result is not None and panel.result.kind == LabelKind.QUOTE
    report = agreement.compute(db, actor=access.resolve_actor(db, "rita"), kind=LabelKind.QUOTE)
    rows = report.report["pairs"]
    assert [panel.cell(panel.pairs, r, 2) for r in range(panel.pairs.rowCount())] == [
        row["label"] or "(all labels)" for row in rows
    ]
    quote = next(row for row in rows if row["label"] == "QUOTE")
    assert (quote["exact_f1"], quote["overlap_f1"]) == (0.0, 1.0)  # same quote, other edges
    assert panel.cell(panel.pairs, rows.index(quote), 3) == shown(0.0)


def test_agreement_panel_runs_one_computation_at_a_time(
    qtbot, db: Database, add_articles, make_window
) -> None:  # type: ignore[no-untyped-def]
    import threading

    (doc,) = add_articles(["قمة\nقال مارك روته في بروكسل إن الحلف قوي.\n"])
    text = documents.get_document(db, doc).text
    for name in ("alice", "bob"):
        start = text.index("بروكسل")
        AnnotationService(db, name).add_span(doc, start, start + 6, "LOC")
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    window: MainWindow = make_window("rita")
    panel = window.agreement
    panel.ensure_computed()
    for index in (1, 2, 3):  # choosing kinds while one computes queues, never piles up
        panel.kind.setCurrentIndex(index)
        running = [t for t in threading.enumerate() if t.name == "agreement"]
        assert len(running) <= 1
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=20_000)
    assert panel.result is not None and panel.result.kind == LabelKind.TOPIC
    panel.wait()
    assert not [t for t in threading.enumerate() if t.name == "agreement" and t.is_alive()]


def test_view_agreement_opens_it_as_review_agreement_does(  # type: ignore[no-untyped-def]
    qtbot, make_window, add_articles
) -> None:
    # Under X, View > Agreement (the dock's own toggle) put the panel as a third column
    # beside Spans and Statistics: ~300 px wide, less than a row of its table visible.
    # Review > Agreement tabs it with Spans and gives it height; the View menu now does too.
    add_articles(["قمة\nنص.\n"])
    window = make_window()
    window.docks["stats"].show()
    toggle = window.docks["agreement"].toggleViewAction()
    toggle.trigger()
    qtbot.waitUntil(window.docks["agreement"].isVisible, timeout=3000)
    assert "SpansDock" in [
        d.objectName() for d in window.tabifiedDockWidgets(window.docks["agreement"])
    ]
    # The whole Spans column, in front of it.
    assert window.docks["agreement"].width() == window.docks["spans"].width()
    assert window.docks["spans"].visibleRegion().isEmpty()
    toggle.trigger()  # and closes it again
    assert window.docks["agreement"].isHidden()
