"""Invariants the database enforces itself: ranges, statuses, unique names, cascades."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from annotator.services.annotations import AnnotationService
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.models import utcnow


def base_rows(db: Database) -> dict[str, int]:
    """A document, an annotator, a layer and the PER label's id, inserted with Core."""
    with db.write() as s:
        doc = s.scalar(
            insert(m.Document)
            .values(title="t", text="مارك روته في بروكسل", text_sha256="h1", source="", meta={})
            .returning(m.Document.id)
        )
        who = s.scalar(insert(m.Annotator).values(name="alice").returning(m.Annotator.id))
        layer = s.scalar(
            insert(m.Layer)
            .values(document_id=doc, annotator_id=who, status="new", version=1, updated_at=utcnow())
            .returning(m.Layer.id)
        )
        label = s.scalar(select(m.Label.id).where(m.Label.name == "PER"))
    assert doc and who and layer and label
    return {"doc": doc, "who": who, "layer": layer, "label": label}


def insert_fails(db: Database, table: Any, **values: Any) -> None:
    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(insert(table).values(**values))


def span_values(ids: dict[str, int], start: int, end: int) -> dict[str, Any]:
    return {
        "layer_id": ids["layer"],
        "start": start,
        "end": end,
        "label_id": ids["label"],
        "created_at": utcnow(),
    }


def count(db: Database, model: Any) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5), (-1, 3)])
def test_span_range_is_checked_by_the_database(db: Database, start: int, end: int) -> None:
    ids = base_rows(db)
    insert_fails(db, m.Span, **span_values(ids, start, end))
    with db.write() as s:
        s.execute(insert(m.Span).values(**span_values(ids, 0, 4)))
    assert count(db, m.Span) == 1


def test_span_key_is_unique_in_a_layer(db: Database) -> None:
    ids = base_rows(db)
    with db.write() as s:
        s.execute(insert(m.Span).values(**span_values(ids, 0, 4)))
    insert_fails(db, m.Span, **span_values(ids, 0, 4))
    assert count(db, m.Span) == 1


def test_unknown_layer_status_is_refused(db: Database) -> None:
    ids = base_rows(db)
    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(update(m.Layer).where(m.Layer.id == ids["layer"]).values(status="finished"))
    with db.read() as s:
        assert s.scalar(select(m.Layer.status)) == "new"


def test_unknown_label_kind_and_role_are_refused(db: Database) -> None:
    insert_fails(
        db, m.Label, name="X", kind="relation", colour="#000000", description="", position=0
    )
    insert_fails(db, m.Label, name="", kind="entity", colour="#000000", description="", position=0)
    insert_fails(db, m.Annotator, name="eve", role="admin", created_at=utcnow())


def test_label_names_are_unique(db: Database) -> None:
    insert_fails(
        db, m.Label, name="PER", kind="entity", colour="#000000", description="", position=0
    )


def test_foreign_keys_are_enforced(db: Database) -> None:
    ids = base_rows(db)
    insert_fails(db, m.Span, **{**span_values(ids, 0, 1), "layer_id": 9999})
    insert_fails(
        db, m.Layer, document_id=9999, annotator_id=ids["who"], status="new", version=1,
        updated_at=utcnow(),
    )  # fmt: skip


def test_one_layer_per_document_and_annotator(db: Database) -> None:
    ids = base_rows(db)
    insert_fails(
        db, m.Layer, document_id=ids["doc"], annotator_id=ids["who"], status="new", version=1,
        updated_at=utcnow(),
    )  # fmt: skip


def test_relation_cannot_link_a_span_to_itself(db: Database) -> None:
    ids = base_rows(db)
    with db.write() as s:
        sid = s.scalar(insert(m.Span).values(**span_values(ids, 0, 4)).returning(m.Span.id))
    insert_fails(
        db, m.Relation, layer_id=ids["layer"], head_span_id=sid, child_span_id=sid, label="X"
    )


def annotated(db: Database) -> int:
    """A document with a PER, a QUOTE linked to it, and a topic, in alice's and bob's layers."""
    with db.write() as s:
        doc = s.scalar(
            insert(m.Document)
            .values(title="t", text='قال مارك: "نعم"', text_sha256="h2", source="", meta={})
            .returning(m.Document.id)
        )
    assert doc is not None
    for name in ("alice", "bob"):
        service = AnnotationService(db, name)
        per = service.add_span(doc, 4, 8, "PER").added_spans[0].id
        quote = service.add_span(doc, 10, 15, "QUOTE").added_spans[0].id
        service.link(doc, quote, per)
        service.set_topic(doc, "politics", True)
    return doc


def test_deleting_a_document_cascades(db: Database) -> None:
    doc = annotated(db)
    assert (count(db, m.Layer), count(db, m.Span), count(db, m.Relation)) == (2, 4, 2)
    assert count(db, m.LayerTopic) == 2
    with db.write() as s:
        s.execute(delete(m.Document).where(m.Document.id == doc))
    for model in (m.Document, m.Layer, m.Span, m.Relation, m.LayerTopic):
        assert count(db, model) == 0, model
    assert count(db, m.Annotator) == 3  # the two annotators and the gold pseudo-annotator
    assert count(db, m.Label) > 0


def test_deleting_a_span_deletes_its_relations(db: Database) -> None:
    annotated(db)
    with db.write() as s:
        s.execute(delete(m.Span).where(m.Span.start == 4))
    assert (count(db, m.Span), count(db, m.Relation)) == (2, 0)


def test_label_in_use_cannot_be_deleted_by_sql(db: Database) -> None:
    annotated(db)
    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(delete(m.Label).where(m.Label.name == "PER"))
    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(delete(m.Label).where(m.Label.name == "politics"))
    assert count(db, m.Span) == 4


def test_write_rolls_back_wholly_on_error(db: Database) -> None:
    ids = base_rows(db)
    with pytest.raises(RuntimeError), db.write() as s:
        s.execute(insert(m.Span).values(**span_values(ids, 0, 4)))
        raise RuntimeError("stop")
    assert count(db, m.Span) == 0
