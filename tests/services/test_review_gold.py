"""Review service: permissions, gold from the majority vote, accept / reject / edit, comments."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from annotator.core.errors import AnnotatorError, ConflictError, PermissionDeniedError
from annotator.core.model import SPEAKER, LayerStatus
from annotator.core.review import DisagreementKind
from annotator.services import access, audit
from annotator.services.annotations import AnnotationService, LayerState
from annotator.services.review import ReviewService
from annotator.storage import models as m
from annotator.storage.database import Database

TEXT = 'قال الأمين العام مارك روته: "الحلف قوي" أمام منظمة الناتو في بروكسل'


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


PER = at("مارك روته")
QUOTE = at('"الحلف قوي"')
ORG = at("منظمة الناتو")
NATO = at("الناتو")
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


def span_id(layer: LayerState, start: int, end: int, label: str) -> int:
    return next(s.id for s in layer.spans if s.key == (start, end, label))


def annotate(db: Database, name: str, doc: int, spans: list[tuple[tuple[int, int], str]]) -> None:
    service = AnnotationService(db, name)
    for (start, end), label in spans:
        service.add_span(doc, start, end, label)


@pytest.fixture
def three(db: Database, doc: int) -> int:
    """alice and bob agree on PER and ORG, carol says PER for the ORG; a quote by PER."""
    annotate(db, "alice", doc, [(PER, "PER"), (ORG, "ORG"), (QUOTE, "QUOTE"), (LOC, "LOC")])
    annotate(db, "bob", doc, [(PER, "PER"), (ORG, "ORG"), (QUOTE, "QUOTE")])
    annotate(db, "carol", doc, [(PER, "PER"), (ORG, "PER"), (QUOTE, "QUOTE")])
    for name, speaker in (("alice", (PER, "PER")), ("bob", (PER, "PER")), ("carol", (ORG, "PER"))):
        service = AnnotationService(db, name)
        layer = service.layer_state(doc)
        (s, e), label = speaker
        service.link(doc, span_id(layer, *QUOTE, "QUOTE"), span_id(layer, s, e, label))
    for name in ("alice", "bob"):
        AnnotationService(db, name).set_topic(doc, "politics", True)
    AnnotationService(db, "carol").set_topic(doc, "security", True)
    return doc


@pytest.fixture
def rita(db: Database) -> ReviewService:
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    return ReviewService(db, "rita")


def gold_keys(review: ReviewService, doc: int) -> set[tuple[int, int, str]]:
    return {s.key for s in review.gold.layer_state(doc).spans}


def gold_links(review: ReviewService, doc: int) -> set[tuple[object, ...]]:
    layer = review.gold.layer_state(doc)
    keys = {s.id: s.key for s in layer.spans}
    return {(keys[r.head], keys[r.child], r.label) for r in layer.relations}


def test_only_reviewers_review(db: Database, three: int) -> None:
    with pytest.raises(PermissionDeniedError, match="for reviewers"):
        ReviewService(db, "alice")
    with pytest.raises(AnnotatorError, match="reserved"):
        AnnotationService(db, "gold")  # nobody edits gold as if it were their own layer


def test_first_reviewer_then_only_reviewers_change_roles(db: Database) -> None:
    alice = access.resolve_actor(db, "alice")
    access.set_role(db, alice, "rita", "reviewer")  # no reviewer yet: anyone names the first
    with pytest.raises(PermissionDeniedError):
        access.set_role(db, alice, "alice", "reviewer")
    rita = access.resolve_actor(db, "rita")
    assert rita.is_reviewer
    access.set_role(db, rita, "alice", "reviewer")
    people = {p.name: p.role for p in access.list_people(db)}
    assert people == {"alice": "reviewer", "rita": "reviewer"}
    with pytest.raises(AnnotatorError, match="unknown role"):
        access.set_role(db, rita, "alice", "gold")


def test_review_state_compares_annotators_and_sees_gold(rita: ReviewService, three: int) -> None:
    state = rita.state(three)
    assert state.annotators == ("alice", "bob", "carol")
    assert (*PER, "PER") in state.comparison.agreed
    kinds = [d.kind for d in state.comparison.disagreements]
    assert DisagreementKind.DIFFERENT_LABEL in kinds
    assert DisagreementKind.DIFFERENT_SPEAKER in kinds
    assert DisagreementKind.DIFFERENT_TOPICS in kinds
    assert state.gold.spans == () and state.gold.version == 0
    assert set(state.resolved) == {None}  # no gold layer yet: nothing decided


def test_start_from_majority_vote(rita: ReviewService, three: int) -> None:
    change = rita.start(three)
    assert gold_keys(rita, three) == {(*PER, "PER"), (*ORG, "ORG"), (*QUOTE, "QUOTE")}
    assert gold_links(rita, three) == {((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER)}
    gold = rita.gold.layer_state(three)
    assert gold.topics == {"politics"}
    assert gold.status == LayerStatus.IN_PROGRESS
    assert change.version == gold.version
    # Every annotator's layer is untouched.
    assert len(rita.layers(three)["alice"].spans) == 4
    # Starting empty clears it; undo restores the majority.
    cleared = rita.start(three, majority=False)
    assert gold_keys(rita, three) == set() and rita.gold.layer_state(three).topics == set()
    rita.gold.apply_inverse(cleared)
    assert gold_keys(rita, three) == {(*PER, "PER"), (*ORG, "ORG"), (*QUOTE, "QUOTE")}
    assert gold_links(rita, three) == {((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER)}


def test_accept_another_version_and_reject(rita: ReviewService, three: int) -> None:
    rita.start(three)
    state = rita.state(three)
    label = next(
        d for d in state.comparison.disagreements if d.kind == DisagreementKind.DIFFERENT_LABEL
    )
    index = state.comparison.disagreements.index(label)
    majority = next(i for i, v in enumerate(label.versions) if "alice" in v.annotators)
    assert state.resolved[index] == majority
    carols = next(v for v in label.versions if v.annotators == ("carol",))
    rita.accept(three, label, carols)
    keys = gold_keys(rita, three)
    assert (*ORG, "PER") in keys and (*ORG, "ORG") not in keys
    after = rita.state(three)
    assert after.resolved[after.comparison.disagreements.index(label)] == label.versions.index(
        carols
    )
    rita.reject(three, label)
    assert not {(*ORG, "PER"), (*ORG, "ORG")} & gold_keys(rita, three)
    # alice's lone LOC: missing in the others; accept adds it, reject removes it again.
    lone = next(
        d
        for d in state.comparison.disagreements
        if d.kind == DisagreementKind.MISSING_SPAN and d.start == LOC[0]
    )
    change = rita.accept(three, lone, 0 if lone.versions[0].spans else 1)
    assert (*LOC, "LOC") in gold_keys(rita, three)
    rita.gold.apply_inverse(change)  # undo of an accept
    assert (*LOC, "LOC") not in gold_keys(rita, three)


def test_accept_speaker_and_topics(rita: ReviewService, three: int) -> None:
    state = rita.state(three)  # gold still empty: accepting adds the quote and the speaker
    speaker = next(
        d for d in state.comparison.disagreements if d.kind == DisagreementKind.DIFFERENT_SPEAKER
    )
    carols = next(v for v in speaker.versions if "carol" in v.annotators)
    rita.accept(three, speaker, carols)
    assert gold_links(rita, three) == {((*QUOTE, "QUOTE"), (*ORG, "PER"), SPEAKER)}
    others = next(v for v in speaker.versions if "alice" in v.annotators)
    rita.accept(three, speaker, others)
    assert gold_links(rita, three) == {((*QUOTE, "QUOTE"), (*PER, "PER"), SPEAKER)}
    rita.reject(three, speaker)
    assert gold_links(rita, three) == set()
    assert (*QUOTE, "QUOTE") in gold_keys(rita, three)

    security = next(d for d in state.comparison.disagreements if d.topic == "security")
    rita.accept(three, security, next(v for v in security.versions if v.topic))
    assert "security" in rita.gold.layer_state(three).topics
    rita.reject(three, security)
    assert "security" not in rita.gold.layer_state(three).topics


def test_edit_gold_with_annotation_operations(rita: ReviewService, three: int) -> None:
    rita.start(three)
    change = rita.gold.add_span(three, *NATO, "ORG")
    gold = rita.gold.layer_state(three)
    assert (*NATO, "ORG") in {s.key for s in gold.spans}
    rita.gold.relabel_span(three, span_id(gold, *PER, "PER"), "ORG")
    rita.gold.set_status(three, LayerStatus.DONE)
    assert rita.gold.layer_state(three).status == LayerStatus.DONE
    rita.gold.apply_inverse(change)
    assert (*NATO, "ORG") not in gold_keys(rita, three)
    # A reviewer's gold service refuses annotators' span ids: gold is its own layer.
    alice = rita.layers(three)["alice"]
    with pytest.raises(PermissionDeniedError):
        rita.gold.remove_span(three, alice.spans[0].id)
    assert len(rita.layers(three)["alice"].spans) == 4


def test_gold_steps_check_the_version(rita: ReviewService, three: int) -> None:
    rita.start(three)
    state = rita.state(three)
    rita.gold.add_span(three, *NATO, "ORG")  # another window changes gold meanwhile
    with pytest.raises(ConflictError):
        rita.reject(three, state.comparison.disagreements[0], expected_version=state.gold.version)
    # Without an expected version the step is computed from a fresh read.
    rita.reject(three, state.comparison.disagreements[0])


def test_review_comment_and_audit(rita: ReviewService, three: int) -> None:
    assert rita.comment(three) is None
    comment = rita.set_comment(three, "  نقاش حول المتحدث  ")
    assert comment is not None and comment.text == "نقاش حول المتحدث"
    assert rita.state(three).comment == comment
    rita.set_comment(three, "")
    assert rita.comment(three) is None
    rita.start(three)
    events = audit.read_events(rita.db, document_id=three, actor="rita")
    assert [e.action for e in events] == ["review_comment", "review_comment", "gold_start"]
    assert events[-1].layer_owner == "gold" and events[-1].detail["topics_on"] == ["politics"]
    mine = audit.read_events(rita.db, actor="alice")
    assert {e.action for e in mine} == {"add_span", "link", "set_topic"}
    assert all(e.layer_owner == "alice" for e in mine)


# -- decisions (issue 18) ---------------------------------------------------------------


def test_majority_vote_decides_nothing_accept_and_reject_do_and_undo_withdraws(
    db: Database, rita: ReviewService, three: int
) -> None:
    doc = three
    state = rita.state(doc)
    assert state.decided == (False,) * len(state.comparison.disagreements)
    change = rita.start(doc)
    state = rita.state(doc)
    assert not any(state.decided) and any(held is not None for held in state.resolved)
    label = next(
        d for d in state.comparison.disagreements if d.kind == DisagreementKind.DIFFERENT_LABEL
    )
    held = state.resolved[state.comparison.disagreements.index(label)]
    assert held is not None
    # Accepting what gold holds changes no span, but it is the reviewer's decision.
    accepted = rita.accept(doc, label, held)
    assert accepted.decided == {label.key} and not accepted.added_spans
    assert rita.state(doc).decided[state.comparison.disagreements.index(label)]
    # Undo (apply the inverse) withdraws it; redo brings it back.
    undone = rita.gold.apply_inverse(accepted, action="undo")
    assert undone.undecided == {label.key}
    assert not any(rita.state(doc).decided)
    redone = rita.gold.apply_inverse(undone, action="redo")
    assert redone.decided == {label.key}
    # Starting again from the majority withdraws every decision, as one undoable step.
    restart = rita.start(doc)
    assert restart.undecided == {label.key} and not any(rita.state(doc).decided)
    assert change.decided == frozenset()


def test_a_step_that_changes_nothing_writes_nothing(
    db: Database, rita: ReviewService, three: int
) -> None:
    doc = three
    state = rita.state(doc)
    missing = next(
        d for d in state.comparison.disagreements if d.kind == DisagreementKind.MISSING_SPAN
    )
    first = rita.reject(doc, missing)
    assert first.decided == {missing.key}
    version = rita.gold.layer_state(doc).version
    events = len(audit.read_events(db, document_id=doc))
    again = rita.reject(doc, missing, expected_version=version)
    assert again.is_empty and again.version == version
    assert rita.gold.layer_state(doc).version == version
    assert len(audit.read_events(db, document_id=doc)) == events
    # The same for an empty undo Change (nothing to apply).
    from annotator.services.annotations import Change

    assert rita.gold.apply_inverse(Change(doc)).version == version


def test_a_hand_edit_decides_what_it_touches_and_a_later_disagreement_is_undecided(
    db: Database, rita: ReviewService, three: int
) -> None:
    doc = three
    state = rita.state(doc)  # watches this document's disagreements
    found = state.comparison.disagreements
    loc = next(i for i, d in enumerate(found) if d.start == LOC[0])
    change = rita.gold.add_span(doc, *LOC, "LOC")
    assert change.decided == {found[loc].key}
    assert rita.state(doc).decided[loc]
    # An edit elsewhere decides nothing.
    assert rita.gold.add_span(doc, *at("أمام"), "MISC").decided == frozenset()
    # bob adds a span later: a new disagreement, not decided.
    AnnotationService(db, "bob").add_span(doc, *at("الأمين العام"), "MISC")
    later = rita.state(doc)
    new = next(
        i for i, d in enumerate(later.comparison.disagreements) if d.start == at("الأمين")[0]
    )
    assert not later.decided[new]
    # ...and what changed in a decided disagreement makes it another one, undecided.
    AnnotationService(db, "bob").add_span(doc, *LOC, "GPE")
    after = rita.state(doc)
    again = next(i for i, d in enumerate(after.comparison.disagreements) if d.start == LOC[0])
    assert not after.decided[again]


def test_accepting_a_version_brings_exactly_its_speaker(
    db: Database, rita: ReviewService, three: int
) -> None:
    """carol's ORG-range span is a PER and speaks the quote: her label version says so, and
    accepting it gives gold that span and that link, and nothing else of hers."""
    doc = three
    rita.start(doc)  # gold: ORG, the quote spoken by PER (alice and bob)
    state = rita.state(doc)
    label = next(
        d for d in state.comparison.disagreements if d.kind == DisagreementKind.DIFFERENT_LABEL
    )
    carol = next(v for v in label.versions if "carol" in v.annotators)
    assert carol.links == (((*QUOTE, "QUOTE"), (*ORG, "PER"), SPEAKER),)
    rita.accept(doc, label, carol)
    gold = rita.gold.layer_state(doc)
    keys = {s.id: s.key for s in gold.spans}
    links = {(keys[r.head], keys[r.child]) for r in gold.relations}
    assert links == {((*QUOTE, "QUOTE"), (*ORG, "PER"))}  # one speaker, the one shown
    assert (*ORG, "ORG") not in set(keys.values())
