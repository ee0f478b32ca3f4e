"""Active learning on real AQMAR articles (SQLite and PostgreSQL): the uncertainty order
puts what the model has not seen first, leaves out what the annotator has done, scores
each document once per model version, and starts again when the model changes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.core.errors import AnnotatorError
from annotator.core.model import LayerStatus
from annotator.services import (
    access,
    active_learning,
    assignments,
    audit,
    documents,
    importer,
    suggestions,
)
from annotator.services.annotations import AnnotationService
from annotator.services.documents import DocumentFilter
from annotator.storage import models as m
from annotator.storage.database import Database
from tests.services.test_real_data import aqmar_record

TRAIN = ("Damascus.txt", "Crusades.txt", "Islamic_History.txt", "Razi.txt")
"""Articles huda labelled (done): the model's training material."""
UNSEEN = ("Linux.txt", "Solaris.txt", "X_window_system.txt", "Soccer_Worldcup.txt")
"""Articles of other subjects nobody labelled: the model knows their names least."""


def fill(db: Database, aqmar: Path, tmp_path: Path, names: tuple[str, ...]) -> dict[str, int]:
    """Import AQMAR articles; those of ``TRAIN`` with huda's spans, marked done."""
    path = tmp_path / f"aqmar-{len(names)}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for name in names:
            record, _spans = aqmar_record(aqmar / name)
            if name in TRAIN:
                record.update(annotator="huda", status="done")
            else:
                del record["spans"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    importer.import_paths(db, [str(path)], add_labels=True)
    rows = documents.list_documents(db, DocumentFilter(), limit=100)
    return {str(r.title) + ".txt": r.id for r in rows}


def score_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(m.UncertaintyScore)) or 0


def test_uncertainty_order_unseen_first_done_left_out_kept_per_model_version(
    db: Database, shared_data: Path, tmp_path: Path
) -> None:
    aqmar = shared_data / "aqmar"
    ids = fill(db, aqmar, tmp_path, TRAIN + UNSEEN)
    assert len(ids) == 8
    sami = DocumentFilter(annotator="sami")
    with pytest.raises(AnnotatorError, match="no model yet"):
        active_learning.rank(db, sami)
    assert active_learning.current_model(db) is None
    suggestions.train(db, "entity", folds=0)
    ref = active_learning.current_model(db)
    assert ref == active_learning.ModelRef("entity", 1)
    # sami finished one unseen article: it leaves his to-do list.
    AnnotationService(db, "sami").set_status(ids["Linux.txt"], LayerStatus.DONE)

    result = active_learning.rank(db, sami, batch=3)
    assert (result.model, result.scored_now, result.total) == (ref, 7, 7)
    ordered = active_learning.ordered(sami, "entity")
    order = documents.document_ids(db, ordered)
    assert ids["Linux.txt"] not in order and len(order) == 7
    scores = active_learning.scores(db, ref, order)
    assert [scores[i] for i in order] == sorted(scores.values(), reverse=True)
    # The list's tooltips read the current model's scores the same (one statement).
    assert active_learning.current_scores(db, "entity", [*order, ids["Linux.txt"]]) == scores
    assert all(0.0 < s <= 1.0 for s in scores.values())
    # What the model has not seen is what it doubts: the unseen articles come first.
    by_name = {name: scores[i] for name, i in ids.items() if i in scores}
    first = {n for n, i in ids.items() if i in order[:3]}
    assert first <= set(UNSEEN), by_name
    # The list's rows come in the same order (the GUI pages through them by id).
    rows = documents.list_documents(db, ordered, limit=50)
    assert [r.id for r in rows] == order
    # His queue (documents assigned to him) comes first, each part most uncertain first.
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    assignments.assign(db, rita, ["sami"], 1, document_ids=[order[-1]])
    queued = documents.document_ids(db, replace(ordered, assigned_first=True))
    assert queued == [order[-1], *order[:-1]]
    # huda's done articles are still in sami's list (done by her, not by him); in hers not.
    huda = documents.document_ids(
        db, active_learning.ordered(DocumentFilter(annotator="huda"), "entity")
    )
    assert not {ids[n] for n in TRAIN} & set(huda)

    # Nothing is computed twice; a new document is scored on the next pass, alone.
    assert active_learning.rank(db, sami).scored_now == 0
    fill(db, aqmar, tmp_path, ("Physics.txt",))
    again = active_learning.rank(db, sami)
    assert (again.scored_now, again.total) == (1, 8)
    assert score_count(db) == 8  # the 7 of before and Physics

    # A new model version: the old scores no longer order anything, and go once replaced.
    suggestions.train(db, "entity", folds=0)
    assert active_learning.progress(db, ordered) == (0, 8)
    assert active_learning.current_scores(db, "entity", order) == {}  # version 1's are stale
    assert documents.document_ids(db, ordered) == sorted(documents.document_ids(db, ordered))
    fresh = active_learning.rank(db, sami)
    assert (fresh.model.version, fresh.scored_now) == (2, 8)
    with db.read() as session:
        versions = set(session.scalars(select(m.UncertaintyScore.version)))
    assert versions == {2}
    assert active_learning.progress(db, ordered) == (8, 8)


def test_store_refuses_scores_of_a_model_that_is_no_longer_current(
    db: Database, shared_data: Path, tmp_path: Path
) -> None:
    ids = fill(db, shared_data / "aqmar", tmp_path, TRAIN[:2] + UNSEEN[:1])
    suggestions.train(db, "entity", folds=0)
    old = active_learning.ModelRef("entity", 1)
    suggestions.train(db, "entity", folds=0)
    assert not active_learning.store(db, old, [(ids["Linux.txt"], 0.5)])
    assert score_count(db) == 0
    assert active_learning.store(
        db, active_learning.ModelRef("entity", 2), [(ids["Linux.txt"], 0.5)]
    )
    assert score_count(db) == 1


def test_topic_order_when_only_a_topic_model_exists(db: Database, tmp_path: Path) -> None:
    sport = ["فاز الفريق في المباراة بهدفين", "سجل اللاعب هدفا في الدوري", "المدرب يختار المنتخب"]
    money = ["ارتفع سعر النفط في الأسواق", "البنك المركزي يرفع الفائدة", "تراجع التضخم"]
    path = tmp_path / "t.jsonl"
    lines = []
    for i, text in enumerate(sport * 2 + money * 2):
        topic = "sport" if i < 6 else "economy"
        lines.append(
            {"text": f"{text} {i}", "annotator": "huda", "status": "done", "topics": [topic]}
        )
    lines.append({"text": "اللاعب سجل هدف الفوز في المباراة"})  # clearly sport
    lines.append({"text": "النادي يرفع سعر تذاكر المباراة بسبب التضخم في الأسواق"})  # both
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", "utf-8")
    importer.import_paths(db, [str(path)], add_labels=True)
    suggestions.train(db, "topic", folds=0)
    assert active_learning.current_model(db) == active_learning.ModelRef("topic", 1)
    result = active_learning.rank(db, DocumentFilter(annotator="huda"))
    assert result.scored_now == 2
    order = documents.document_ids(
        db, active_learning.ordered(DocumentFilter(annotator="huda"), "topic")
    )
    assert len(order) == 2
    assert "التضخم" in documents.get_document(db, order[0]).text


@pytest.mark.parametrize("kind", ["entity", "topic"])
def test_a_model_that_cannot_be_read_is_a_clear_error(db: Database, kind: str) -> None:
    # A model stored by a newer annotator (another format) or damaged: "docs list --sort
    # uncertainty" said "internal error: ValueError: not an annotator entity model".
    with db.write() as session:  # with its audit entry, as PostgreSQL wants (revision 0033)
        session.add(
            m.SuggestModel(kind=kind, version=3, data=b"annotator-9 ...", info={}, trained_by="r")
        )
        audit.record(session, "r", "suggest_train", detail={"kind": kind, "version": 3})
    with pytest.raises(AnnotatorError, match=f"the stored {kind} model {kind}-3 cannot be read"):
        active_learning.load(db, kind)
