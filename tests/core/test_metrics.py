"""Tests for annotator.core.metrics: hand-computed cases, edge cases, reference libraries.

The reference comparisons need scikit-learn and krippendorff (test-only dependencies);
they are skipped with a reason when those are not installed.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.arabic import tokenize
from annotator.core.metrics import (
    AgreementData,
    AgreementDocument,
    Layer,
    Span,
    agreement_report,
    agreement_rows,
    alpha_from_units,
    cohen_kappa,
    krippendorff_alpha,
    overlap_matches,
    pair_matrix,
)
from annotator.core.model import LabelKind, SpanData
from tests import needs

NATO_SAMPLE = ("samples", "nato-energy-security.txt")
"""Where in ``../shared`` the NATO sample is (``needs.shared``)."""

# Tokens of SENTENCE (tokenize): 0 استقبل 1 أمين 2 عام 3 حلف 4 شمال 5 الأطلسي 6 ( 7 الناتو
# 8 ) 9 ، 10 مارك 11 روته 12 ، 13 اليوم 14 الأربعاء 15 في 16 مقر 17 الحلف 18 ببروكسل: 19.
SENTENCE = (
    "استقبل أمين عام حلف شمال الأطلسي (الناتو)، مارك روته، اليوم الأربعاء في مقر الحلف ببروكسل"
)


def span(text: str, words: str, label: str, skip: int = 0) -> Span:
    """The span of ``words`` in ``text`` (``skip`` code points cut off its start)."""
    start = text.index(words)
    return (start + skip, start + len(words), label)


NATO = span(SENTENCE, "حلف شمال الأطلسي", "ORG")  # tokens 3, 4, 5
NATO_SHORT = span(SENTENCE, "الناتو", "ORG")  # token 7
RUTTE = span(SENTENCE, "مارك روته", "PER")  # tokens 10, 11
BRUSSELS = span(SENTENCE, "ببروكسل", "LOC", skip=1)  # token 18, proclitic ب left out
BRUSSELS_WHOLE = span(SENTENCE, "ببروكسل", "LOC")  # token 18
WEDNESDAY = span(SENTENCE, "الأربعاء", "DATE")  # token 14

# Annotator a: NATO, NATO_SHORT, RUTTE, BRUSSELS; annotator b: NATO, RUTTE, BRUSSELS_WHOLE,
# WEDNESDAY.
A = [NATO, NATO_SHORT, RUTTE, BRUSSELS]
B = [NATO, RUTTE, BRUSSELS_WHOLE, WEDNESDAY]


def two(a: Sequence[Span], b: Sequence[Span], text: str = SENTENCE) -> AgreementData:
    """Agreement data of one document annotated by "a" and "b"."""
    return AgreementData([AgreementDocument(text, {"a": Layer(a), "b": Layer(b)})])


def test_sentence_tokens_are_the_ones_the_hand_computations_use() -> None:
    tokens = tokenize(SENTENCE)
    assert len(tokens) == 19
    assert [SENTENCE[s:e] for s, e in tokens[3:6]] == ["حلف", "شمال", "الأطلسي"]
    assert SENTENCE[slice(*tokens[18])] == "ببروكسل"


# -- span F1 -------------------------------------------------------------------------------


def test_span_f1_by_hand() -> None:
    # |a| = 4, |b| = 4. Exact: NATO, RUTTE -> 2, F1 = 2*2/(4+4) = 0.5. Overlap adds the
    # two Brussels spans (same label, overlapping) -> 3, F1 = 6/8 = 0.75.
    counts = two(A, B).span_counts("a", "b")
    assert (counts[None].exact_f1, counts[None].overlap_f1) == (0.5, 0.75)
    # ORG: a has 2, b has 1, 1 exact: 2/3 both ways. LOC: exact 0, overlap 2/2 = 1.
    assert counts["ORG"].exact_f1 == pytest.approx(2 / 3)
    assert counts["ORG"].overlap_f1 == pytest.approx(2 / 3)
    assert (counts["LOC"].exact_f1, counts["LOC"].overlap_f1) == (0.0, 1.0)
    assert (counts["PER"].exact_f1, counts["DATE"].exact_f1) == (1.0, 0.0)
    assert list(counts) == [None, "DATE", "LOC", "ORG", "PER"]


def test_span_f1_is_symmetric() -> None:
    ab, ba = two(A, B).span_counts("a", "b"), two(B, A).span_counts("a", "b")
    assert {k: (v.exact_f1, v.overlap_f1) for k, v in ab.items()} == {
        k: (v.exact_f1, v.overlap_f1) for k, v in ba.items()
    }


def test_overlap_match_is_a_maximum_matching_not_exact_first() -> None:
    # a: [0,10) [0,3); b: [0,10) [5,8), one label. Pairing the exact [0,10) first leaves
    # [0,3) and [5,8), which do not overlap: 1 match. The maximum pairs [0,10)-[5,8) and
    # [0,3)-[0,10): 2 matches. Exact F1 = 2*1/4 = 0.5, overlap F1 = 2*2/4 = 1.0.
    text = "x" * 20
    data = two([(0, 10, "L"), (0, 3, "L")], [(0, 10, "L"), (5, 8, "L")], text)
    counts = data.span_counts("a", "b")["L"]
    assert (counts.exact_f1, counts.overlap_f1) == (0.5, 1.0)


def test_each_span_is_matched_at_most_once() -> None:
    # a: one long span; b: three spans inside it. One match: F1 = 2*1/(1+3) = 0.5.
    data = two([(0, 30, "L")], [(0, 5, "L"), (10, 15, "L"), (20, 25, "L")], "x" * 40)
    assert data.span_counts("a", "b")["L"].overlap_f1 == 0.5


def test_overlap_needs_the_same_label_and_a_shared_code_point() -> None:
    # Touching ranges [0,5) and [5,9) share no code point; [0,5) ORG vs [0,5) PER differ.
    data = two([(0, 5, "ORG"), (10, 15, "PER")], [(5, 9, "ORG"), (10, 15, "ORG")], "x" * 20)
    assert data.span_counts("a", "b")[None].overlap_f1 == 0.0


def kuhn(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Maximum bipartite matching by augmenting paths (reference for overlap_matches)."""
    match: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j, (s, e) in enumerate(b):
            if j not in seen and s < a[i][1] and a[i][0] < e:
                seen.add(j)
                if j not in match or augment(match[j], seen):
                    match[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(len(a)))


ranges = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=8,
)


@given(ranges, ranges)
def test_overlap_matches_equals_augmenting_path_matching(
    a: list[tuple[int, int]], b: list[tuple[int, int]]
) -> None:
    assert overlap_matches(a, b) == kuhn(a, b)


# -- Cohen's kappa on tokens -------------------------------------------------------------------


def test_token_kappa_by_hand() -> None:
    # Token labels (19 tokens):            a      b
    #   3, 4, 5  حلف شمال الأطلسي           ORG    ORG
    #   7        الناتو                      ORG    O
    #   10, 11   مارك روته                  PER    PER
    #   14       الأربعاء                    O      DATE
    #   18       ببروكسل (a leaves out ب)   LOC    LOC
    #   the other 11                        O      O
    # Agreement 3 + 2 + 1 + 11 = 17 of N = 19. Marginals a: ORG 4, PER 2, LOC 1, O 12;
    # b: ORG 3, PER 2, LOC 1, DATE 1, O 12. Chance * N^2 = 4*3 + 2*2 + 1*1 + 12*12 = 161.
    # kappa = (17*19 - 161) / (19^2 - 161) = 162 / 200 = 0.81.
    kappa = two(A, B).token_kappa("a", "b")
    assert kappa[None] == pytest.approx(0.81)
    # ORG binary: yes/yes 3, yes/no 1, no/no 15. Marginals a 4|15, b 3|16; agreement 18.
    # kappa = (18*19 - (4*3 + 15*16)) / (361 - 252) = 90 / 109.
    assert kappa["ORG"] == pytest.approx(90 / 109)
    # DATE: a never says DATE, so chance agreement equals observed: kappa 0.
    assert (kappa["PER"], kappa["LOC"], kappa["DATE"]) == (1.0, 1.0, 0.0)


def test_cohen_kappa_of_a_confusion_table_by_hand() -> None:
    # 2x2 table yes/yes 20, yes/no 5, no/yes 10, no/no 15 (N = 50): p_o = 35/50 = 0.7,
    # p_e = (25*30 + 25*20) / 2500 = 0.5, kappa = (0.7 - 0.5) / 0.5 = 0.4.
    table = {("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15}
    assert cohen_kappa(table) == pytest.approx(0.4)


def test_kappa_undefined_cases_are_nan() -> None:
    assert math.isnan(cohen_kappa({}))
    assert math.isnan(cohen_kappa({("O", "O"): 7}))  # chance agreement 1


def test_identical_annotators_score_one() -> None:
    data = two(A, A)
    assert data.token_kappa("a", "b") == {None: 1.0, "LOC": 1.0, "ORG": 1.0, "PER": 1.0}
    assert data.token_alpha()[None] == 1.0
    rows = data.rows()
    assert all(r["exact_f1"] == r["overlap_f1"] == r["kappa"] == 1.0 for r in rows)


def test_disjoint_annotators() -> None:
    # a marks tokens 3-5 ORG, b marks 10-11 PER: no span matches; kappa below zero:
    # agreement 14 of 19 (O/O); chance * N^2 = 16*17 (O) = 272 (ORG, PER pair with O).
    # kappa = (14*19 - 272) / (361 - 272) = -6 / 89.
    data = two([NATO], [RUTTE])
    counts = data.span_counts("a", "b")[None]
    assert (counts.exact_f1, counts.overlap_f1) == (0.0, 0.0)
    assert data.token_kappa("a", "b")[None] == pytest.approx(-6 / 89)


def test_no_spans_at_all() -> None:
    data = two([], [])
    assert math.isnan(data.span_counts("a", "b")[None].exact_f1)
    assert math.isnan(data.token_kappa("a", "b")[None])
    assert math.isnan(data.token_alpha()[None])
    assert data.rows() == [
        {"a": "a", "b": "b", "label": None, "exact_f1": None, "overlap_f1": None, "kappa": None}
    ]


def test_one_side_empty_gives_f1_zero() -> None:
    counts = two([NATO], []).span_counts("a", "b")
    assert (counts[None].exact_f1, counts["ORG"].overlap_f1) == (0.0, 0.0)


def test_nested_spans_of_one_kind_the_later_start_wins() -> None:
    # ORG "حلف شمال الأطلسي" holds LOC "شمال الأطلسي": tokens 4 and 5 are LOC, 3 is ORG.
    nested = [NATO, span(SENTENCE, "شمال الأطلسي", "LOC")]
    flat = [span(SENTENCE, "حلف", "ORG"), span(SENTENCE, "شمال الأطلسي", "LOC")]
    assert two(nested, flat).token_kappa("a", "b")[None] == 1.0


def test_kinds_are_labelled_separately() -> None:
    # A quote over tokens 10-17 with a PER inside: entity tokens see only PER, quote tokens
    # only QUOTE, so each kind's kappa is unaffected by the other.
    quote = (SENTENCE.index("مارك"), SENTENCE.index("ببروكسل") - 1, "QUOTE")
    data = two([RUTTE, quote], [RUTTE])
    assert data.token_kappa("a", "b", LabelKind.ENTITY) == {None: 1.0, "PER": 1.0}
    # QUOTE: a marks 8 tokens, b none: binary kappa 0 (chance agreement is all there is).
    assert data.token_kappa("a", "b", LabelKind.QUOTE)["QUOTE"] == 0.0
    row = {r["label"]: r for r in data.rows()}
    assert row["QUOTE"]["kappa"] == 0.0 and row[None]["kappa"] == 1.0


def test_label_kinds_put_topic_spans_in_their_own_kind() -> None:
    whole = (0, len(SENTENCE), "energy")
    data = AgreementData(
        [AgreementDocument(SENTENCE, {"a": Layer([RUTTE, whole]), "b": Layer([RUTTE])})],
        label_kinds={"energy": LabelKind.TOPIC, "PER": LabelKind.ENTITY},
    )
    assert data.token_kappa("a", "b")[None] == 1.0
    assert data.token_kappa("a", "b", LabelKind.TOPIC)[None] == 0.0  # all vs nothing


def test_span_in_whitespace_labels_no_token() -> None:
    space = SENTENCE.index(" ")
    kappa = two([(space, space + 1, "ORG")], []).token_kappa("a", "b")
    assert list(kappa) == [None]
    assert math.isnan(kappa[None])  # every token is O for both


def rule_labels(text: str, spans: Sequence[Span]) -> list[str]:
    """Token labels by the documented rule, the slow way: of the spans overlapping a token,
    the one starting last wins, at equal start the shorter, then the later label name."""
    labels = []
    for start, end in tokenize(text):
        over = [(s, -e, label) for s, e, label in spans if s < end and start < e]
        labels.append(max(over)[2] if over else "O")
    return labels


sentence_spans = st.lists(
    st.tuples(
        st.integers(0, len(SENTENCE) - 1), st.integers(1, 20), st.sampled_from(["PER", "ORG"])
    ).map(lambda t: (t[0], min(len(SENTENCE), t[0] + t[1]), t[2])),
    max_size=6,
)


@given(sentence_spans, sentence_spans)
def test_confusion_equals_the_slow_token_labelling(a: list[Span], b: list[Span]) -> None:
    # Overlapping spans of one kind, spans starting or ending inside tokens or in spaces.
    expected = Counter(zip(rule_labels(SENTENCE, a), rule_labels(SENTENCE, b), strict=True))
    assert two(a, b).confusion("a", "b", LabelKind.ENTITY) == expected


# -- Krippendorff's alpha ------------------------------------------------------------------


def test_token_alpha_by_hand() -> None:
    # Same tokens as test_token_kappa_by_hand, 2 coders, 19 units, n = 38 values.
    # Disagreeing units: token 7 (ORG, O) and 14 (O, DATE), each (2^2 - 1 - 1)/(2 - 1) = 2.
    # Value totals: ORG 7, PER 4, LOC 2, DATE 1, O 24; sum of squares 646.
    # alpha = 1 - (n - 1) * 4 / (38^2 - 646) = 1 - 148/798 = 325/399.
    alpha = two(A, B).token_alpha()
    assert alpha[None] == pytest.approx(325 / 399)
    # ORG binary: disagreement only at token 7 (2); totals yes 7, no 31.
    # alpha = 1 - 37 * 2 / (1444 - 49 - 961) = 1 - 74/434 = 180/217.
    assert alpha["ORG"] == pytest.approx(180 / 217)


def test_alpha_with_missing_values_by_hand() -> None:
    # Units (3 coders, None missing): (a,a,a) (a,b,-) (b,b,-) (-,a,-) - the last has one
    # value and is not pairable. n = 7: a 4, b 3. Disagreement: only (a,b): (4-2)/1 = 2.
    # alpha = 1 - 6 * 2 / (49 - 16 - 9) = 1 - 12/24 = 0.5.
    units = [("a", "a", "a"), ("a", "b", None), ("b", "b", None), (None, "a", None)]
    assert krippendorff_alpha(units) == pytest.approx(0.5)


def test_alpha_of_krippendorffs_published_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers,
    # 12 units, nominal data, alpha = 0.743.
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    assert round(krippendorff_alpha(list(zip(*data, strict=True))), 3) == 0.743


def test_alpha_undefined_is_nan() -> None:
    assert math.isnan(alpha_from_units({}))
    assert math.isnan(alpha_from_units({("O", "O"): 5}))  # one value everywhere


def test_alpha_uses_documents_with_two_or_more_layers() -> None:
    # Document 2 has one layer (no pairable units) and must not change alpha.
    doc = AgreementDocument(SENTENCE, {"a": Layer(A), "b": Layer(B)})
    lone = AgreementDocument(SENTENCE, {"c": Layer([NATO, RUTTE])})
    assert AgreementData([doc, lone]).token_alpha()[None] == pytest.approx(325 / 399)


def test_pairs_use_only_shared_documents() -> None:
    both = AgreementDocument(SENTENCE, {"a": Layer(A), "b": Layer(A), "c": Layer(B)})
    only_a_c = AgreementDocument(SENTENCE, {"a": Layer(A), "c": Layer([])})
    data = AgreementData([both, only_a_c])
    assert data.span_counts("a", "b")[None].exact_f1 == 1.0
    # a vs c: document 1 as in test_span_f1_by_hand (4, 4, 2 exact), document 2 adds 4
    # unmatched spans of a: exact F1 = 2*2 / (8 + 4) = 1/3.
    assert data.span_counts("a", "c")[None].exact_f1 == pytest.approx(1 / 3)


# -- topics ----------------------------------------------------------------------------------


def topic_docs() -> list[AgreementDocument]:
    """Four documents with topics only."""
    pairs = [
        ({"politics"}, {"politics"}),
        ({"politics", "economy"}, {"economy"}),
        (set(), {"energy"}),
        ({"economy"}, {"economy"}),
    ]
    return [AgreementDocument("نص", {"a": Layer((), a), "b": Layer((), b)}) for a, b in pairs]


def test_topic_kappa_by_hand() -> None:
    # politics: yes/yes 1, yes/no 1, no/no 2; p_o = 3/4; marginals a 2|2, b 1|3;
    #   kappa = (3*4 - (2*1 + 2*3)) / (16 - 8) = 4/8 = 0.5.
    # economy: yes/yes 2, no/no 2: kappa 1. energy: no/yes 1, no/no 3: kappa 0.
    # pooled over the three: yes/yes 3, yes/no 1, no/yes 1, no/no 7 (N = 12); marginals
    #   a 4|8, b 4|8; kappa = (10*12 - (16 + 64)) / (144 - 80) = 40/64 = 0.625.
    kappa = AgreementData(topic_docs()).topic_kappa("a", "b")
    assert kappa == {None: 0.625, "economy": 1.0, "energy": 0.0, "politics": 0.5}


def test_topic_rows_f1() -> None:
    # F1 = 2*both / (2*both + only a + only b): politics 2/3, economy 1, energy 0; pooled
    # 6 / (6 + 1 + 1) = 0.75.
    rows = {r["topic"]: r for r in AgreementData(topic_docs()).topic_rows()}
    assert rows["politics"]["f1"] == pytest.approx(2 / 3)
    assert (rows["economy"]["f1"], rows["energy"]["f1"], rows[None]["f1"]) == (1.0, 0.0, 0.75)
    assert rows[None]["kappa"] == 0.625


def test_topic_alpha_counts_documents_where_nobody_gave_the_topic() -> None:
    # energy units over 4 documents: (no,yes) (no,no) (no,no) (no,no): n = 8, yes 1, no 7;
    # disagreement 2. alpha = 1 - 7 * 2 / (64 - 1 - 49) = 1 - 14/14 = 0.
    # economy: (no,no) (yes,yes) (no,no) (yes,yes): perfect, alpha 1.
    alpha = AgreementData(topic_docs()).topic_alpha()
    assert alpha["energy"] == pytest.approx(0.0)
    assert alpha["economy"] == 1.0


# -- rows, matrix, report ------------------------------------------------------------------


def test_rows_have_exactly_the_issue_keys_and_an_overall_row_per_pair() -> None:
    doc = AgreementDocument(SENTENCE, {"x": Layer(A), "y": Layer(B), "z": Layer(A)})
    rows = agreement_rows([doc])
    assert {tuple(r) for r in rows} == {("a", "b", "label", "exact_f1", "overlap_f1", "kappa")}
    overall = [(r["a"], r["b"]) for r in rows if r["label"] is None]
    assert overall == [("x", "y"), ("x", "z"), ("y", "z")]
    xy = {r["label"]: r for r in rows if (r["a"], r["b"]) == ("x", "y")}
    assert list(xy) == ["DATE", "LOC", "ORG", "PER", None]
    assert xy["ORG"]["kappa"] == 90 / 109  # unrounded
    json.dumps(rows, allow_nan=False)


def test_rows_filter_labels_and_annotators() -> None:
    doc = AgreementDocument(SENTENCE, {"x": Layer(A), "y": Layer(B), "z": Layer(A)})
    rows = agreement_rows([doc], labels=["ORG"], annotators=["x", "y"])
    assert [r["label"] for r in rows] == ["ORG", None]
    # Only ORG spans: a 2, b 1, 1 exact -> 2/3; the overall kappa is then ORG vs O.
    assert rows[1]["exact_f1"] == pytest.approx(2 / 3)
    assert rows[1]["kappa"] == pytest.approx(90 / 109)


def test_pair_matrix_is_symmetric_with_empty_diagonal() -> None:
    doc = AgreementDocument(SENTENCE, {"x": Layer(A), "y": Layer(B), "z": Layer(A)})
    names, matrix = pair_matrix(agreement_rows([doc]), "exact_f1")
    assert names == ["x", "y", "z"]
    assert matrix == [[None, 0.5, 1.0], [0.5, None, 0.5], [1.0, 0.5, None]]
    _, per_label = pair_matrix(agreement_rows([doc]), "kappa", label="PER")
    assert per_label[0][1] == 1.0


def test_report_is_json_ready() -> None:
    docs = [AgreementDocument(SENTENCE, {"x": Layer(A, {"energy"}), "y": Layer(B, {"energy"})})]
    report = agreement_report(docs)
    text = json.dumps(report, allow_nan=False)
    assert json.loads(text)["alpha"]["overall"] == pytest.approx(325 / 399)
    assert report["alpha"]["labels"]["ORG"] == pytest.approx(180 / 217)
    assert report["topic_alpha"] == {"overall": None, "labels": {"energy": None}}  # one value
    assert report["matrix"]["values"] == [[None, 0.75], [0.75, None]]


def test_layer_of_model_spans() -> None:
    layer = Layer.of([SpanData(1, 3, "PER", id=5), (4, 6, "ORG")], ["energy"])
    assert list(layer.spans) == [(1, 3, "PER"), (4, 6, "ORG")]
    assert layer.topics == frozenset({"energy"})


def test_duplicate_spans_count_once() -> None:
    counts = two([NATO, NATO], [NATO]).span_counts("a", "b")[None]
    assert (counts.n_a, counts.exact_f1) == (1, 1.0)


def test_precomputed_tokens_are_used() -> None:
    tokens = tokenize(SENTENCE)
    doc = AgreementDocument(SENTENCE, {"a": Layer(A), "b": Layer(B)}, tokens)
    data = AgreementData([doc], tokenizer=lambda text: pytest.fail("tokenized again"))
    assert data.token_kappa("a", "b")[None] == pytest.approx(0.81)


# -- against independent reference implementations -----------------------------------------


def test_cohen_kappa_matches_scikit_learn() -> None:
    metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is test-only")
    rng = random.Random(4)
    compared = 0
    for _ in range(100):
        labels = ["O", "PER", "ORG", "LOC"][: rng.randint(2, 4)]
        n = rng.randint(2, 60)
        a = [rng.choice(labels) for _ in range(n)]
        b = [x if rng.random() < 0.6 else rng.choice(labels) for x in a]
        ours = cohen_kappa(Counter(zip(a, b, strict=True)))
        if math.isnan(ours):  # both used one same label only; sklearn divides 0 by 0
            assert len(set(a) | set(b)) == 1
            continue
        assert ours == pytest.approx(metrics.cohen_kappa_score(a, b), abs=1e-12)
        compared += 1
    assert compared > 90


def test_krippendorff_alpha_matches_reference_package() -> None:
    krippendorff = pytest.importorskip("krippendorff", reason="krippendorff is test-only")
    np = pytest.importorskip("numpy")
    rng = random.Random(5)
    compared = 0
    for _ in range(200):
        coders, size = rng.randint(2, 5), rng.randint(2, 40)
        values = list(range(rng.randint(2, 4)))
        data = [
            [None if rng.random() < 0.2 else rng.choice(values) for _ in range(size)]
            for _ in range(coders)
        ]
        units = list(zip(*data, strict=True))
        ours = krippendorff_alpha(units)
        pairable = {v for unit in units if sum(v is not None for v in unit) >= 2 for v in unit}
        if len(pairable - {None}) < 2:  # alpha undefined; the package divides 0 by 0
            assert math.isnan(ours)
            continue
        matrix = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
        expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert ours == pytest.approx(expected, abs=1e-12)
        compared += 1
    assert compared > 150


def nato_sentences() -> list[str]:
    """Real Arabic sentences of the NATO energy security sample."""
    text = needs.shared(*NATO_SAMPLE).read_text(encoding="utf-8")
    return [s.strip() for s in text.replace("\n", ".").split(".") if len(s.strip()) > 40]


def random_layer(rng: random.Random, tokens: list[tuple[int, int]], labels: str) -> list[Span]:
    """Non-overlapping spans of 1-3 tokens (so the token labels need no conflict rule)."""
    spans: list[Span] = []
    i = rng.randrange(3)
    while i < len(tokens):
        j = min(len(tokens) - 1, i + rng.randrange(3))
        if rng.random() < 0.5:
            # Sometimes cut a code point off the start (a proclitic left out).
            skip = 1 if tokens[i][1] - tokens[i][0] > 1 and rng.random() < 0.3 else 0
            spans.append((tokens[i][0] + skip, tokens[j][1], rng.choice(labels.split())))
        i = j + 1 + rng.randrange(4)
    return spans


def dense(tokens: list[tuple[int, int]], spans: list[Span]) -> list[str]:
    """Each token's label, computed the slow obvious way."""
    return [
        next((label for s, e, label in spans if s < end and start < e), "O")
        for start, end in tokens
    ]


def test_token_metrics_match_reference_packages_on_real_arabic_text() -> None:
    metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is test-only")
    krippendorff = pytest.importorskip("krippendorff", reason="krippendorff is test-only")
    np = pytest.importorskip("numpy")
    rng = random.Random(6)
    compared: Counter[str] = Counter()
    names = ["ali", "huda", "omar"]
    sentences = nato_sentences()
    assert len(sentences) >= 10
    for _ in range(20):
        docs: list[AgreementDocument] = []
        columns: dict[str, list[str | None]] = {name: [] for name in names}
        for text in rng.sample(sentences, 6):
            tokens = tokenize(text)
            layers = {
                n: Layer(random_layer(rng, tokens, "PER ORG LOC"))
                for n in names
                if rng.random() < 0.8
            }
            docs.append(AgreementDocument(text, layers))
            for n in names:
                columns[n] += (
                    dense(tokens, list(layers[n].spans)) if n in layers else [None] * len(tokens)
                )
        data = AgreementData(docs)
        for a, b in data.pairs():
            shared = [(x, y) for x, y in zip(columns[a], columns[b], strict=True) if x and y]
            ours = data.token_kappa(a, b)
            if len({v for pair in shared for v in pair}) < 2:
                continue
            xs, ys = zip(*shared, strict=True)
            assert ours[None] == pytest.approx(metrics.cohen_kappa_score(xs, ys), abs=1e-12)
            compared["kappa"] += 1
            for label, value in ours.items():
                if label is not None and not math.isnan(value):
                    expected = metrics.cohen_kappa_score(
                        [x == label for x in xs], [y == label for y in ys]
                    )
                    assert value == pytest.approx(expected, abs=1e-12)
                    compared["label kappa"] += 1
        codes = {"O": 0, "PER": 1, "ORG": 2, "LOC": 3}
        matrix = np.array(
            [[np.nan if v is None else codes[v] for v in columns[n]] for n in names], dtype=float
        )
        # Units without two values are left out of the reference data, as they are of ours.
        matrix = matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2]
        alpha = data.token_alpha()
        expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert alpha[None] == pytest.approx(expected, abs=1e-12)
        compared["alpha"] += 1
        for label, value in alpha.items():
            if label is not None and not math.isnan(value):
                binary = np.where(np.isnan(matrix), np.nan, matrix == codes[label])
                expected = krippendorff.alpha(
                    reliability_data=binary, level_of_measurement="nominal"
                )
                assert value == pytest.approx(expected, abs=1e-12)
                compared["label alpha"] += 1
    assert min(compared.values()) >= 20, compared


def test_topic_kappa_matches_scikit_learn() -> None:
    metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is test-only")
    rng = random.Random(8)
    topics = ["politics", "economy", "energy", "security"]
    docs, sets = [], []
    for _ in range(60):
        a = {t for t in topics if rng.random() < 0.4}
        b = {t for t in topics if (t in a) != (rng.random() < 0.2)}
        docs.append(AgreementDocument("نص", {"a": Layer((), a), "b": Layer((), b)}))
        sets.append((a, b))
    kappa = AgreementData(docs).topic_kappa("a", "b")
    for topic in topics:
        expected = metrics.cohen_kappa_score(
            [topic in a for a, _ in sets], [topic in b for _, b in sets]
        )
        assert kappa[topic] == pytest.approx(expected, abs=1e-12)
    pooled_a = [t in a for a, _ in sets for t in topics]
    pooled_b = [t in b for _, b in sets for t in topics]
    assert kappa[None] == pytest.approx(metrics.cohen_kappa_score(pooled_a, pooled_b), abs=1e-12)
