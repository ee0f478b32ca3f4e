"""Annotation operations on one's own layer, their Change summaries, and undo/redo."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert

from annotator.core.errors import AnnotatorError, NotFoundError, PermissionDeniedError
from annotator.core.model import SPEAKER, LabelKind, LayerStatus
from annotator.services.annotations import AnnotationService, Change
from annotator.storage import models as m
from annotator.storage.database import Database

TEXT = 'قال الأمين العام مارك روته 😀: "الحلف قوي" أمام منظمة الناتو في بروكسل'


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


PER = at("مارك روته")
QUOTE = at('"الحلف قوي"')
ORG = at("منظمة الناتو")
LOC = at("بروكسل")


@pytest.fixture
def doc(db: Database) -> int:
    with db.write() as s:
        doc_id = s.scalar(
            insert(m.Document)
            .values(title="روته", text=TEXT, text_sha256="h", source="", meta={})
            .returning(m.Document.id)
        )
    assert doc_id is not None
    return doc_id


@pytest.fixture
def alice(db: Database) -> AnnotationService:
    return AnnotationService(db, "alice")


def state(service: AnnotationService, doc: int) -> tuple[Any, ...]:
    """A layer as comparable values: status, span keys, relations by span key, topics."""
    layer = service.layer_state(doc)
    keys = {s.id: s.key for s in layer.spans}
    relations = sorted((keys[r.head], keys[r.child], r.label) for r in layer.relations)
    return layer.status, sorted(keys.values()), relations, sorted(layer.topics)


def span_id(service: AnnotationService, doc: int, key: tuple[int, int, str]) -> int:
    return next(s.id for s in service.layer_state(doc).spans if s.key == key)


def test_empty_layer(alice: AnnotationService, doc: int) -> None:
    layer = alice.layer_state(doc)
    assert (layer.status, layer.spans, layer.relations, layer.topics) == (
        LayerStatus.NEW, (), (), frozenset()
    )  # fmt: skip
    with pytest.raises(NotFoundError):
        alice.layer_state(doc + 100)


def test_add_span(alice: AnnotationService, doc: int) -> None:
    change = alice.add_span(doc, *PER, "PER")
    (info,) = change.added_spans
    assert (info.start, info.end, info.label, info.kind) == (*PER, "PER", LabelKind.ENTITY)
    assert change.status == (LayerStatus.NEW, LayerStatus.IN_PROGRESS)
    assert TEXT[info.start : info.end] == "مارك روته"
    # The same span again changes nothing; overlapping spans of other labels are fine.
    assert alice.add_span(doc, *PER, "PER").is_empty
    alice.add_span(doc, *PER, "ORG")
    alice.add_span(doc, 0, len(TEXT), "QUOTE")
    assert state(alice, doc)[1] == sorted([(*PER, "PER"), (*PER, "ORG"), (0, len(TEXT), "QUOTE")])
    assert alice.layer_state(doc).status == LayerStatus.IN_PROGRESS


def test_add_span_refuses_bad_ranges(alice: AnnotationService, doc: int) -> None:
    for start, end in [(5, 5), (6, 2), (-1, 3), (0, len(TEXT) + 1)]:
        with pytest.raises(AnnotatorError):
            alice.add_span(doc, start, end, "PER")
    assert state(alice, doc)[1] == []


def test_add_span_unknown_label_or_document(alice: AnnotationService, doc: int) -> None:
    with pytest.raises(NotFoundError, match="NOPE"):
        alice.add_span(doc, *PER, "NOPE")
    with pytest.raises(NotFoundError):
        alice.add_span(doc + 100, 0, 1, "PER")


def test_remove_span_removes_its_relations(alice: AnnotationService, doc: int) -> None:
    per = alice.add_span(doc, *PER, "PER").added_spans[0].id
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0].id
    alice.link(doc, quote, per)
    change = alice.remove_span(doc, per)
    assert [s.key for s in change.removed_spans] == [(*PER, "PER")]
    assert change.removed_relations == (((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER),)
    assert state(alice, doc)[1:3] == ([(*QUOTE, "QUOTE")], [])
    with pytest.raises(NotFoundError):
        alice.remove_span(doc, per)


def test_relabel_span(alice: AnnotationService, doc: int) -> None:
    per = alice.add_span(doc, *PER, "PER").added_spans[0].id
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0].id
    alice.link(doc, quote, per)
    change = alice.relabel_span(doc, per, "ORG")
    assert [s.key for s in change.removed_spans] == [(*PER, "PER")]
    assert [s.key for s in change.added_spans] == [(*PER, "ORG")]
    # An ORG can still be a speaker: the link follows the span.
    assert state(alice, doc)[2] == [((*QUOTE, "QUOTE"), (*PER, "ORG"), SPEAKER)]
    assert alice.relabel_span(doc, per, "ORG").is_empty
    # A speaker that becomes a quote is no speaker any more.
    alice.relabel_span(doc, per, "QUOTE")
    assert state(alice, doc)[2] == []
    alice.add_span(doc, *PER, "LOC")
    with pytest.raises(AnnotatorError, match="already labelled LOC"):
        alice.relabel_span(doc, per, "LOC")


def test_speaker_links_a_quote_to_an_entity(alice: AnnotationService, doc: int) -> None:
    per = alice.add_span(doc, *PER, "PER").added_spans[0].id
    org = alice.add_span(doc, *ORG, "ORG").added_spans[0].id
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0].id
    other_quote = alice.add_span(doc, 0, 3, "QUOTE").added_spans[0].id
    with pytest.raises(AnnotatorError, match="belongs to a quote"):
        alice.link(doc, per, org)
    with pytest.raises(AnnotatorError, match="is an entity"):
        alice.link(doc, quote, other_quote)
    with pytest.raises(AnnotatorError, match="itself"):
        alice.link(doc, quote, quote)
    change = alice.link(doc, quote, per)
    assert change.added_relations == (((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER),)
    # One speaker per quote: linking another replaces the first.
    change = alice.link(doc, quote, org)
    assert change.removed_relations == (((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER),)
    assert state(alice, doc)[2] == [((*QUOTE, "QUOTE"), (*ORG, "ORG"), SPEAKER)]
    # Linking the same speaker again keeps exactly one link.
    alice.link(doc, quote, org)
    assert state(alice, doc)[2] == [((*QUOTE, "QUOTE"), (*ORG, "ORG"), SPEAKER)]
    # One entity may speak several quotes.
    alice.link(doc, other_quote, org)
    assert len(state(alice, doc)[2]) == 2


def test_unlink(alice: AnnotationService, doc: int) -> None:
    per = alice.add_span(doc, *PER, "PER").added_spans[0].id
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0].id
    alice.link(doc, quote, per)
    change = alice.unlink(doc, quote, per)
    assert change.removed_relations == (((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER),)
    assert state(alice, doc)[2] == []
    assert alice.unlink(doc, quote, per).is_empty


def test_topics_and_status(alice: AnnotationService, doc: int) -> None:
    change = alice.set_topic(doc, "politics", True)
    assert change.topics_on == frozenset({"politics"})
    assert alice.set_topic(doc, "politics", True).is_empty
    alice.set_topic(doc, "defence", True)
    assert alice.set_topic(doc, "politics", False).topics_off == frozenset({"politics"})
    assert alice.layer_state(doc).topics == frozenset({"defence"})
    with pytest.raises(AnnotatorError, match="not a topic"):
        alice.set_topic(doc, "PER", True)
    change = alice.set_status(doc, LayerStatus.DONE)
    assert change.status == (LayerStatus.IN_PROGRESS, LayerStatus.DONE)
    assert alice.set_status(doc, LayerStatus.DONE).is_empty
    assert alice.layer_state(doc).status == LayerStatus.DONE
    # Annotating a finished layer keeps it done.
    assert alice.add_span(doc, *LOC, "LOC").status is None
    assert alice.layer_state(doc).status == LayerStatus.DONE


def test_version_grows_with_every_change(alice: AnnotationService, doc: int) -> None:
    versions = [alice.layer_state(doc).version]
    alice.add_span(doc, *PER, "PER")
    versions.append(alice.layer_state(doc).version)
    alice.set_topic(doc, "sport", True)
    versions.append(alice.layer_state(doc).version)
    alice.set_status(doc, LayerStatus.DONE)
    versions.append(alice.layer_state(doc).version)
    assert versions == sorted(set(versions))


def test_one_annotator_cannot_change_anothers_layer(db: Database, doc: int) -> None:
    alice = AnnotationService(db, "alice")
    bob = AnnotationService(db, "bob")
    per = alice.add_span(doc, *PER, "PER").added_spans[0].id
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0].id
    bob_per = bob.add_span(doc, *PER, "PER").added_spans[0].id
    before = state(alice, doc)
    with pytest.raises(PermissionDeniedError, match="another annotator"):
        bob.remove_span(doc, per)
    with pytest.raises(PermissionDeniedError):
        bob.relabel_span(doc, per, "ORG")
    with pytest.raises(PermissionDeniedError):
        bob.link(doc, quote, per)
    with pytest.raises(PermissionDeniedError):
        alice.link(doc, quote, bob_per)
    assert state(alice, doc) == before
    assert state(bob, doc)[1] == [(*PER, "PER")]


def test_apply_inverse_undoes_and_redoes_every_operation(
    alice: AnnotationService, doc: int
) -> None:
    """Undo every step back to the empty layer, then redo every step; each state matches."""
    states = [state(alice, doc)]
    changes: list[Change] = []

    def do(change: Change) -> None:
        changes.append(change)
        states.append(state(alice, doc))

    do(alice.add_span(doc, *PER, "PER"))
    do(alice.add_span(doc, *QUOTE, "QUOTE"))
    do(alice.add_span(doc, *ORG, "ORG"))
    ids = {s.key: s.id for s in alice.layer_state(doc).spans}
    do(alice.link(doc, ids[(*QUOTE, "QUOTE")], ids[(*PER, "PER")]))
    do(alice.link(doc, ids[(*QUOTE, "QUOTE")], ids[(*ORG, "ORG")]))  # replaces PER
    do(alice.set_topic(doc, "politics", True))
    do(alice.relabel_span(doc, ids[(*ORG, "ORG")], "GPE"))
    do(alice.remove_span(doc, span_id(alice, doc, (*QUOTE, "QUOTE"))))
    do(alice.set_status(doc, LayerStatus.DONE))
    do(alice.set_topic(doc, "politics", False))
    do(alice.add_span(doc, *LOC, "LOC"))
    assert len(set(map(repr, states))) == len(states)  # every step changed something

    undos: list[Change] = []
    for index in range(len(changes) - 1, -1, -1):
        undos.append(alice.apply_inverse(changes[index]))
        assert state(alice, doc) == states[index], f"undo of step {index}"
    assert states[0] == (LayerStatus.NEW, [], [], [])
    for index, undo in enumerate(reversed(undos), start=1):
        alice.apply_inverse(undo)
        assert state(alice, doc) == states[index], f"redo of step {index}"


def test_undo_of_removal_recreates_relations_with_new_ids(
    alice: AnnotationService, doc: int
) -> None:
    per = alice.add_span(doc, *PER, "PER").added_spans[0].id
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0].id
    alice.link(doc, quote, per)
    removal = alice.remove_span(doc, quote)
    alice.add_span(doc, *LOC, "LOC")  # may take the freed id
    linked = (
        LayerStatus.IN_PROGRESS,
        sorted([(*PER, "PER"), (*QUOTE, "QUOTE"), (*LOC, "LOC")]),
        [((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER)],
        [],
    )
    undo = alice.apply_inverse(removal)
    assert state(alice, doc) == linked
    (recreated,) = undo.added_spans
    assert recreated.key == (*QUOTE, "QUOTE")
    assert recreated.id not in {per, span_id(alice, doc, (*LOC, "LOC"))}
    relation = alice.layer_state(doc).relations[0]
    assert (relation.head, relation.child) == (recreated.id, per)
    alice.apply_inverse(undo)  # redo
    assert state(alice, doc)[1:3] == (sorted([(*PER, "PER"), (*LOC, "LOC")]), [])


def test_speaker_must_be_a_person_or_organisation(alice: AnnotationService, doc: int) -> None:
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0]
    place = alice.add_span(doc, *LOC, "LOC").added_spans[0]
    person = alice.add_span(doc, *PER, "PER").added_spans[0]
    with pytest.raises(AnnotatorError, match="person or an organisation"):
        alice.link(doc, quote.id, place.id)
    assert alice.link(doc, quote.id, person.id).added_relations


def test_linking_the_same_speaker_again_changes_nothing(alice: AnnotationService, doc: int) -> None:
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0]
    person = alice.add_span(doc, *PER, "PER").added_spans[0]
    alice.link(doc, quote.id, person.id)
    before = state(alice, doc)
    again = alice.link(doc, quote.id, person.id)
    assert again.is_empty
    assert state(alice, doc) == before


def test_document_with_layer_reads_the_document_and_only_the_own_layer(
    db: Database, alice: AnnotationService, doc: int
) -> None:
    """Opening an article reads the document and the layer in one transaction: the same
    document and layer as the two reads apart, spans by position (ties by id), relations by
    id, topics; another annotator's layer never leaks in."""
    detail, layer = alice.document_with_layer(doc)
    assert (detail.id, detail.title, detail.text, detail.source, detail.meta) == (
        doc, "روته", TEXT, "", {}
    )  # fmt: skip
    assert (layer.status, layer.version, layer.spans, layer.relations, layer.topics) == (
        LayerStatus.NEW, 0, (), (), frozenset()
    )  # fmt: skip
    bob = AnnotationService(db, "bob")
    bob.add_span(doc, *LOC, "LOC")
    bob.set_topic(doc, "sport", True)
    # Added out of position order; two labels on one range (PER first, by id).
    loc = alice.add_span(doc, *LOC, "LOC").added_spans[0].id
    quote = alice.add_span(doc, *QUOTE, "QUOTE").added_spans[0].id
    per = alice.add_span(doc, *PER, "PER").added_spans[0].id
    org_on_per = alice.add_span(doc, *PER, "ORG").added_spans[0].id
    whole = alice.add_span(doc, 0, len(TEXT), "QUOTE").added_spans[0].id
    first = alice.link(doc, whole, org_on_per).version
    alice.link(doc, quote, per)
    last = alice.set_topic(doc, "politics", True).version
    detail, layer = alice.document_with_layer(doc)
    assert detail.text == TEXT and layer.document_id == doc and layer.annotator == "alice"
    assert (layer.status, layer.version) == (LayerStatus.IN_PROGRESS, last)
    assert first is not None and last is not None and last > first
    assert [(s.id, s.key, s.kind) for s in layer.spans] == [
        (whole, (0, len(TEXT), "QUOTE"), LabelKind.QUOTE),
        (per, (*PER, "PER"), LabelKind.ENTITY),
        (org_on_per, (*PER, "ORG"), LabelKind.ENTITY),
        (quote, (*QUOTE, "QUOTE"), LabelKind.QUOTE),
        (loc, (*LOC, "LOC"), LabelKind.ENTITY),
    ]
    assert [(r.head, r.child, r.label) for r in layer.relations] == [
        (whole, org_on_per, SPEAKER),
        (quote, per, SPEAKER),
    ]
    assert layer.relations[0].id < layer.relations[1].id
    assert layer.topics == frozenset({"politics"})
    assert layer == alice.layer_state(doc)
    bobs = bob.document_with_layer(doc)[1]
    assert [s.key for s in bobs.spans] == [(*LOC, "LOC")] and bobs.topics == {"sport"}
    assert bobs.relations == ()
    with pytest.raises(NotFoundError):
        alice.document_with_layer(doc + 100)
