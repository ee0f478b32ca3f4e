"""Every path of the annotation service keeps to the acting annotator's own layer."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from annotator.core.errors import AnnotatorError, PermissionDeniedError
from annotator.core.model import SPEAKER, LayerStatus
from annotator.services import audit, changes
from annotator.services.annotations import AnnotationService, Change, SpanInfo
from annotator.storage import models as m
from annotator.storage.database import Database

TEXT = 'قال مارك روته: "الحلف قوي" في بروكسل'
PER = (TEXT.index("مارك روته"), TEXT.index("مارك روته") + 9)
QUOTE = (TEXT.index('"الحلف قوي"'), TEXT.index('"الحلف قوي"') + 11)


@pytest.fixture
def doc(db: Database) -> int:
    with db.write() as s:
        doc_id = s.scalar(
            insert(m.Document)
            .values(title="t", text=TEXT, text_sha256="h", source="", meta={})
            .returning(m.Document.id)
        )
    assert doc_id is not None
    return doc_id


def test_no_operation_reaches_another_annotators_layer(db: Database, doc: int) -> None:
    bob = AnnotationService(db, "bob")
    per = bob.add_span(doc, *PER, "PER").added_spans[0]
    quote = bob.add_span(doc, *QUOTE, "QUOTE").added_spans[0]
    bob.link(doc, quote.id, per.id)
    bob.set_topic(doc, "politics", True)
    bob.set_status(doc, LayerStatus.DONE)
    before = bob.layer_state(doc)

    alice = AnnotationService(db, "alice")
    own = alice.add_span(doc, *PER, "PER").added_spans[0]
    for attempt in (
        lambda: alice.remove_span(doc, per.id),
        lambda: alice.relabel_span(doc, per.id, "ORG"),
        lambda: alice.link(doc, quote.id, per.id),
        lambda: alice.link(doc, quote.id, own.id),
        lambda: alice.unlink(doc, quote.id, per.id),
    ):
        with pytest.raises(PermissionDeniedError, match="another annotator"):
            attempt()
    # Undoing bob's Change through alice's service can only touch alice's layer.
    alice.apply_inverse(
        Change(
            doc,
            added_spans=(SpanInfo(per.id, *PER, "PER", per.kind),),
            added_relations=(((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER),),
            topics_on=frozenset({"politics"}),
        )
    )
    # Topics and status are set on alice's own layer only.
    alice.set_topic(doc, "economy", True)
    alice.set_status(doc, LayerStatus.NEW)
    assert bob.layer_state(doc) == before
    assert changes.layer_versions(db, doc)["bob"] == before.version
    assert {e.layer_owner for e in audit.read_events(db, actor="alice")} == {"alice"}


def test_nobody_acts_as_the_gold_layer(db: Database, doc: int) -> None:
    for name in ("gold", "Gold", " gold "):
        with pytest.raises(AnnotatorError, match="reserved"):
            AnnotationService(db, name)
