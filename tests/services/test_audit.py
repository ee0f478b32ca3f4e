"""The audit log: every change appends who, what and when, in the same transaction."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from sqlalchemy import insert

from annotator.core.errors import AnnotatorError
from annotator.core.model import Label, LabelKind, LayerStatus
from annotator.services import audit, importer, labels
from annotator.services.annotations import AnnotationService
from annotator.storage import models as m
from annotator.storage.database import Database


@pytest.fixture
def doc(db: Database) -> int:
    with db.write() as s:
        doc_id = s.scalar(
            insert(m.Document)
            .values(title="t", text="مارك روته في بروكسل", text_sha256="h", meta={})
            .returning(m.Document.id)
        )
    assert doc_id is not None
    return doc_id


def test_annotation_operations_are_logged_with_what_changed(db: Database, doc: int) -> None:
    alice = AnnotationService(db, "alice")
    added = alice.add_span(doc, 0, 9, "PER")
    alice.add_span(doc, 0, 9, "PER")  # nothing changed: nothing logged
    alice.set_status(doc, LayerStatus.DONE)
    alice.apply_inverse(added)
    events = audit.read_events(db, document_id=doc)
    assert [(e.actor, e.action, e.layer_owner) for e in events] == [
        ("alice", "add_span", "alice"),
        ("alice", "set_status", "alice"),
        ("alice", "undo", "alice"),
    ]
    first = events[0]
    assert first.detail["added_spans"] == [[0, 9, "PER"]]
    assert first.detail["status"] == ["new", "in_progress"]
    assert first.at.tzinfo is not None and first.layer_id is not None
    assert events[2].detail["removed_spans"] == [[0, 9, "PER"]]
    assert audit.read_events(db, actor="bob") == []
    assert [e.id for e in audit.read_events(db, after_id=first.id, limit=1)] == [events[1].id]


def test_a_failed_operation_logs_nothing(db: Database, doc: int) -> None:
    alice = AnnotationService(db, "alice")
    with pytest.raises(AnnotatorError):
        alice.add_span(doc, 5, 2, "PER")
    assert audit.read_events(db) == []


def test_label_schema_changes_are_logged(db: Database) -> None:
    labels.add_label(db, Label("FAC", LabelKind.ENTITY), actor="rita")
    labels.rename_label(db, "FAC", "FACILITY", actor="rita")
    labels.load_schema(db, [Label("FACILITY", LabelKind.ENTITY, "#ffffff")], actor="rita")
    labels.remove_label(db, "FACILITY")
    events = audit.read_events(db)
    assert [(e.actor, e.action) for e in events] == [
        ("rita", "label_add"),
        ("rita", "label_rename"),
        ("rita", "label_schema_load"),
        (events[-1].actor, "label_remove"),
    ]
    assert events[1].detail == {"label": ["FAC", "FACILITY"]}
    # Nobody named: the database login (PostgreSQL) or this computer's account (SQLite).
    assert events[-1].actor in {"postgres", getpass.getuser()}


def test_an_import_is_logged_with_its_counts(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"text": "مارك روته في بروكسل", "annotator": "huda",
              "spans": [{"start": 0, "end": 9, "label": "PER"}]}  # fmt: skip
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(path)], actor="rita")
    (event,) = audit.read_events(db)
    assert (event.actor, event.action) == ("rita", "import")
    assert event.detail["paths"] == [str(path)]
    assert (event.detail["documents_added"], event.detail["spans_added"]) == (1, 1)
