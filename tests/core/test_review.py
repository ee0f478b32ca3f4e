"""Tests for annotator.core.review: comparing layers of one document, majority vote."""

from __future__ import annotations

import pytest

from annotator.core.model import RelationData, SpanData
from annotator.core.review import (
    Comparison,
    Disagreement,
    DisagreementKind,
    ReviewLayer,
    Span,
    Version,
    compare_layers,
    majority_vote,
    next_disagreement,
)

SENTENCE = (
    "وقال أمين عام حلف شمال الأطلسي (الناتو)، مارك روته، في بروكسل: «الطاقة محور رئيسي للأمن»"
)
K = DisagreementKind


def at(words: str, label: str, text: str = SENTENCE) -> Span:
    """The span of ``words`` in the sentence."""
    start = text.index(words)
    return (start, start + len(words), label)


NATO = at("حلف شمال الأطلسي", "ORG")
NORTH_ATLANTIC = at("شمال الأطلسي", "ORG")
NATO_SHORT = at("الناتو", "ORG")
RUTTE = at("مارك روته", "PER")
RUTTE_ORG = at("مارك روته", "ORG")
BRUSSELS = at("بروكسل", "LOC")
QUOTE = at("«الطاقة محور رئيسي للأمن»", "QUOTE")
ENERGY = at("الطاقة", "MISC")


def layer(
    *spans: Span, speakers: dict[Span, Span] | None = None, topics: tuple[str, ...] = ()
) -> ReviewLayer:
    """A layer whose spans have ids 100, 101, ... and SPEAKER relations by id."""
    data = [SpanData(s, e, label, id=100 + i) for i, (s, e, label) in enumerate(spans)]
    ids = {span: 100 + i for i, span in enumerate(spans)}
    relations = [RelationData(ids[q], ids[p]) for q, p in (speakers or {}).items()]
    return ReviewLayer(data, relations, frozenset(topics))


def only(comparison: Comparison) -> Disagreement:
    """The one disagreement of a comparison."""
    assert len(comparison.disagreements) == 1, comparison.disagreements
    return comparison.disagreements[0]


def test_all_agree() -> None:
    layers = {name: layer(NATO, RUTTE, topics=("energy",)) for name in ("a", "b", "c")}
    result = compare_layers(layers)
    assert result.agreed == (NATO, RUTTE)
    assert result.agreed_topics == frozenset({"energy"})
    assert result.disagreements == ()
    assert result.annotators == ("a", "b", "c")


def test_missing_span_names_who_has_it_and_who_not() -> None:
    result = compare_layers({"a": layer(NATO, RUTTE), "b": layer(RUTTE), "c": layer(NATO, RUTTE)})
    assert result.agreed == (RUTTE,)
    item = only(result)
    assert (item.kind, item.kinds) == (K.MISSING_SPAN, frozenset({K.MISSING_SPAN}))
    assert (item.start, item.end) == NATO[:2]
    assert [(v.annotators, v.spans) for v in item.versions] == [(("a", "c"), (NATO,)), (("b",), ())]
    # Each annotator's own span id, to accept that version.
    assert item.versions[0].ids == {"a": (100,), "c": (100,)}
    assert item.versions[1].ids == {"b": ()}


def test_different_label() -> None:
    item = only(compare_layers({"a": layer(RUTTE), "b": layer(RUTTE_ORG)}))
    assert (item.kind, item.kinds) == (K.DIFFERENT_LABEL, frozenset({K.DIFFERENT_LABEL}))
    assert {v.spans: v.annotators for v in item.versions} == {
        (RUTTE,): ("a",),
        (RUTTE_ORG,): ("b",),
    }


def test_different_boundaries() -> None:
    item = only(compare_layers({"a": layer(NATO), "b": layer(NORTH_ATLANTIC)}))
    assert (item.kind, item.kinds) == (K.DIFFERENT_BOUNDARIES, frozenset({K.DIFFERENT_BOUNDARIES}))
    assert (item.start, item.end) == (NATO[0], NATO[1])


def test_a_split_span_is_one_boundary_disagreement() -> None:
    north = at("شمال", "ORG")
    atlantic = at("الأطلسي", "ORG")
    item = only(compare_layers({"a": layer(NATO), "b": layer(north, atlantic)}))
    assert item.kind == K.DIFFERENT_BOUNDARIES
    assert {v.annotators: v.spans for v in item.versions}[("b",)] == (north, atlantic)


def test_mixed_disagreement_has_all_its_kinds_and_the_first_as_kind() -> None:
    # a: RUTTE PER; b: RUTTE ORG (same range); c: "روته" PER (same label, overlapping);
    # d: nothing. One group with every span kind of disagreement.
    rutte_only = at("روته", "PER")
    layers = {"a": layer(RUTTE), "b": layer(RUTTE_ORG), "c": layer(rutte_only), "d": layer()}
    item = only(compare_layers(layers))
    assert item.kinds == {K.DIFFERENT_LABEL, K.DIFFERENT_BOUNDARIES, K.MISSING_SPAN}
    assert item.kind == K.DIFFERENT_LABEL
    assert len(item.versions) == 4


def test_a_name_inside_a_quote_is_not_grouped_with_it() -> None:
    # ENERGY (MISC) lies inside QUOTE: different label and range, so two groups.
    result = compare_layers({"a": layer(QUOTE, ENERGY), "b": layer()})
    assert [(d.kind, d.start) for d in result.disagreements] == [
        (K.MISSING_SPAN, QUOTE[0]),
        (K.MISSING_SPAN, ENERGY[0]),
    ]


def test_different_speaker() -> None:
    a = layer(QUOTE, RUTTE, NATO, speakers={QUOTE: RUTTE})
    b = layer(QUOTE, RUTTE, NATO, speakers={QUOTE: NATO})
    c = layer(QUOTE, RUTTE, NATO, speakers={QUOTE: RUTTE})
    item = only(compare_layers({"a": a, "b": b, "c": c}))
    assert item.kind == K.DIFFERENT_SPEAKER
    assert (item.start, item.end, item.quote) == (QUOTE[0], QUOTE[1], QUOTE)
    assert [(v.annotators, v.spans) for v in item.versions] == [
        (("a", "c"), (RUTTE,)),
        (("b",), (NATO,)),
    ]
    # Speaker span ids: QUOTE is 100, RUTTE 101, NATO 102 in every layer.
    assert item.versions[1].ids == {"b": (102,)}


def test_no_speaker_is_a_speaker_version_too() -> None:
    a = layer(QUOTE, RUTTE, speakers={QUOTE: RUTTE})
    b = layer(QUOTE, RUTTE)
    item = only(compare_layers({"a": a, "b": b}))
    assert item.kind == K.DIFFERENT_SPEAKER
    assert {v.annotators: v.spans for v in item.versions} == {("a",): (RUTTE,), ("b",): ()}


def test_same_speaker_agrees() -> None:
    a = layer(QUOTE, RUTTE, speakers={QUOTE: RUTTE})
    result = compare_layers({"a": a, "b": a})
    assert result.disagreements == ()
    assert result.agreed_relations == ((QUOTE, RUTTE, "SPEAKER"),)


def test_annotators_lacking_the_quote_are_left_out_of_the_speaker_disagreement() -> None:
    a = layer(QUOTE, RUTTE, NATO, speakers={QUOTE: RUTTE})
    b = layer(QUOTE, RUTTE, NATO, speakers={QUOTE: NATO})
    c = layer(RUTTE, NATO)
    result = compare_layers({"a": a, "b": b, "c": c})
    kinds = [d.kind for d in result.disagreements]
    assert kinds == [K.MISSING_SPAN, K.DIFFERENT_SPEAKER]  # same start: by kind
    speaker = result.disagreements[1]
    assert sorted(n for v in speaker.versions for n in v.annotators) == ["a", "b"]


def test_different_topics_one_per_topic_and_last() -> None:
    layers = {
        "a": layer(RUTTE, topics=("energy", "security")),
        "b": layer(topics=("energy",)),
        "c": layer(RUTTE, topics=("energy", "politics")),
    }
    result = compare_layers(layers)
    assert result.agreed_topics == frozenset({"energy"})
    assert [(d.kind, d.topic) for d in result.disagreements] == [
        (K.MISSING_SPAN, None),
        (K.DIFFERENT_TOPICS, "politics"),
        (K.DIFFERENT_TOPICS, "security"),
    ]
    politics = result.disagreements[1]
    # Most annotators first: the two who lack it, then c who gave it.
    assert politics.versions == (Version(("a", "b")), Version(("c",), topic="politics"))
    assert politics.start is None


def test_disagreements_are_in_reading_order_and_next_goes_forward() -> None:
    layers = {
        "a": layer(NATO, NATO_SHORT, RUTTE, BRUSSELS, topics=("energy",)),
        "b": layer(NORTH_ATLANTIC, RUTTE_ORG, BRUSSELS),
    }
    items = compare_layers(layers).disagreements
    assert [d.kind for d in items] == [
        K.DIFFERENT_BOUNDARIES,
        K.MISSING_SPAN,
        K.DIFFERENT_LABEL,
        K.DIFFERENT_TOPICS,
    ]
    assert [d.start for d in items[:3]] == sorted(d.start or 0 for d in items[:3])
    assert next_disagreement(items) is items[0]
    assert next_disagreement(items, NATO[0]) is items[1]
    assert next_disagreement(items, RUTTE[0]) is items[3]  # then the topics
    assert next_disagreement(items[:3], RUTTE[0]) is items[0]  # wraps around
    assert next_disagreement(()) is None


def test_relations_by_position_when_spans_have_no_ids() -> None:
    spans = [SpanData(*QUOTE), SpanData(*RUTTE)]
    by_position = ReviewLayer(spans, [RelationData(0, 1)])
    result = compare_layers({"a": by_position, "b": layer(QUOTE, RUTTE, speakers={QUOTE: RUTTE})})
    assert result.disagreements == ()
    assert result.agreed_relations == ((QUOTE, RUTTE, "SPEAKER"),)


def test_relation_to_an_unknown_span_is_refused() -> None:
    broken = ReviewLayer([SpanData(*QUOTE, id=1)], [RelationData(1, 2)])
    with pytest.raises(ValueError, match="names a span not in the layer"):
        compare_layers({"a": broken})


def test_one_or_no_layer() -> None:
    assert compare_layers({"a": layer(NATO)}).agreed == (NATO,)
    assert compare_layers({}).disagreements == ()


def test_duplicate_spans_in_a_layer_count_once() -> None:
    result = compare_layers({"a": layer(NATO, NATO), "b": layer(NATO)})
    assert result.agreed == (NATO,)
    assert result.disagreements == ()


# -- majority vote -------------------------------------------------------------------------


def test_majority_vote_keeps_what_more_than_half_have() -> None:
    # 3 annotators: 2 votes needed. NATO 3, RUTTE 2, RUTTE_ORG 1, BRUSSELS 2.
    layers = {
        "a": layer(QUOTE, NATO, RUTTE, speakers={QUOTE: RUTTE}, topics=("energy", "security")),
        "b": layer(QUOTE, NATO, RUTTE, BRUSSELS, speakers={QUOTE: RUTTE}, topics=("energy",)),
        "c": layer(NATO, RUTTE_ORG, BRUSSELS, topics=("politics",)),
    }
    gold = majority_vote(layers)
    assert [(s.start, s.end, s.label) for s in gold.spans] == sorted([QUOTE, NATO, RUTTE, BRUSSELS])
    assert gold.topics == ["energy"]
    (relation,) = gold.relations
    assert (gold.spans[relation.head].label, gold.spans[relation.child].label) == ("QUOTE", "PER")
    assert all(s.id is None for s in gold.spans)


def test_majority_vote_excludes_ties() -> None:
    # 2 annotators: more than half is 2; 4 annotators: 3 (2 of 4 is a tie).
    assert majority_vote({"a": layer(NATO), "b": layer()}).spans == []
    four = {"a": layer(NATO, RUTTE), "b": layer(NATO, RUTTE), "c": layer(NATO), "d": layer()}
    assert [s.label for s in majority_vote(four).spans] == ["ORG"]


def test_majority_vote_min_votes() -> None:
    layers = {"a": layer(NATO), "b": layer(RUTTE), "c": layer()}
    assert len(majority_vote(layers, min_votes=1).spans) == 2
    assert majority_vote(layers, min_votes=2).spans == []
    with pytest.raises(ValueError, match="at least 1"):
        majority_vote(layers, min_votes=0)


def test_majority_vote_drops_a_relation_whose_span_lost() -> None:
    # The relation has 2 of 3 votes only with min_votes=2, and so do both its spans; with
    # min_votes=3 the quote (2 votes) is gone and the relation with it.
    a = layer(QUOTE, RUTTE, speakers={QUOTE: RUTTE})
    layers = {"a": a, "b": a, "c": layer(RUTTE)}
    assert len(majority_vote(layers, min_votes=2).relations) == 1
    strict = majority_vote(layers, min_votes=3)
    assert ([s.label for s in strict.spans], strict.relations) == (["PER"], [])


def layer_of(*spans: Span, links: tuple[tuple[int, int], ...] = ()) -> ReviewLayer:
    """A layer of spans (positions as relation ends) with SPEAKER links between them."""
    return ReviewLayer(
        [SpanData(*s) for s in spans], [RelationData(h, c, "SPEAKER") for h, c in links]
    )


def test_versions_are_ordered_by_annotators_then_names_not_by_content() -> None:
    """ "no span" is neither always first nor always last: most annotators, then names."""
    lacking = {"b": layer_of(), "c": layer_of(), "a": layer_of(BRUSSELS)}
    (d,) = compare_layers(lacking).disagreements
    assert [v.annotators for v in d.versions] == [("b", "c"), ("a",)]
    having = {"b": layer_of(BRUSSELS), "c": layer_of(BRUSSELS), "a": layer_of()}
    (d,) = compare_layers(having).disagreements
    assert [v.annotators for v in d.versions] == [("b", "c"), ("a",)]
    tie = {"zed": layer_of(), "amy": layer_of(BRUSSELS)}
    (d,) = compare_layers(tie).disagreements
    assert [v.annotators for v in d.versions] == [("amy",), ("zed",)]


def test_same_spans_with_other_speakers_are_other_versions() -> None:
    """A quote two annotators bound alike but whose speakers differ: the boundary version
    must say which speaker comes with it."""
    inner = at("الطاقة محور رئيسي للأمن", "QUOTE")
    layers = {
        "sara": layer_of(QUOTE, RUTTE, NATO, links=((0, 1),)),
        "huda": layer_of(inner, RUTTE, NATO, links=((0, 2),)),
        "omar": layer_of(inner, RUTTE, NATO, links=((0, 1),)),
    }
    (bounds,) = [d for d in compare_layers(layers).disagreements if d.start == QUOTE[0]]
    assert bounds.kind == K.DIFFERENT_BOUNDARIES
    assert [(v.annotators, v.links) for v in bounds.versions] == [
        (("huda",), ((inner, NATO, "SPEAKER"),)),
        (("omar",), ((inner, RUTTE, "SPEAKER"),)),
        (("sara",), ((QUOTE, RUTTE, "SPEAKER"),)),
    ]


def test_identity_follows_contents_not_owners_nor_order() -> None:
    one = {"a": layer_of(BRUSSELS), "b": layer_of()}
    two = {"x": layer_of(), "y": layer_of(), "z": layer_of(BRUSSELS)}  # other people
    (d1,) = compare_layers(one).disagreements
    (d2,) = compare_layers(two).disagreements
    assert d1.key == d2.key
    three = {"a": layer_of(BRUSSELS), "b": layer_of(at("بروكسل", "GPE"))}
    (d3,) = compare_layers(three).disagreements
    assert d3.key != d1.key  # another version appeared: another disagreement
    topics = compare_layers(
        {"a": ReviewLayer([], topics={"politics"}), "b": ReviewLayer([])}
    ).disagreements
    assert topics[0].key == "topic:politics"
