"""Tests for annotator.core.agreement_stats and core.token_arrays: per-document counts,
summed, give exactly ``core.metrics``' report; the array tokenizer gives ``tokenize``'s
tokens."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import agreement_stats
from annotator.core.agreement_stats import (
    Batch,
    Cells,
    LayerInput,
    SummedAgreement,
    document_counts,
    summed,
    trend_figures,
)
from annotator.core.arabic import tokenize
from annotator.core.metrics import (
    AgreementData,
    AgreementDocument,
    Layer,
    agreement_report,
    json_value,
    report_of,
)
from annotator.core.model import LabelKind
from annotator.core.token_arrays import token_arrays

KINDS = {
    "PER": LabelKind.ENTITY,
    "ORG": LabelKind.ENTITY,
    "LOC": LabelKind.ENTITY,
    "QUOTE": LabelKind.QUOTE,
    "politics": LabelKind.TOPIC,
    "economy": LabelKind.TOPIC,
}
WORDS = ("محمد", "في", "ببروكسل", "3.5", "Jean-Pierre", "،", "وزير", "x", "😀", "١٬٠٠٠")
_TRICKY = (
    "ab١٢3٫,.'’ʼ-‐‑_ \t\n\u00a0\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"
    "قالَ الأمينُ ـــ وبروكسل «»:؛،٪ 😀𝐀𝟏\U000e0100²½Ⅻ"
)


def _tokens_of(texts: list[str]) -> list[list[tuple[int, int]]]:
    arrays = token_arrays(texts)
    out = []
    for i, _ in enumerate(texts):
        lo, hi = int(arrays.first[i]), int(arrays.first[i + 1])
        base = int(arrays.offsets[i])
        out.append(
            list(
                zip(
                    (arrays.starts[lo:hi] - base).tolist(),
                    (arrays.ends[lo:hi] - base).tolist(),
                    strict=True,
                )
            )
        )
    return out


@settings(deadline=None)  # the first call builds the character table (0.1 s, more when busy)
@given(st.lists(st.text(alphabet=st.sampled_from(_TRICKY), max_size=40) | st.text(max_size=30)))
def test_array_tokens_are_those_of_tokenize(texts: list[str]) -> None:
    assert _tokens_of(texts) == [tokenize(t) for t in texts]


def test_array_tokens_of_every_bmp_character_in_context() -> None:
    texts = [
        text
        for cp in range(0xD800)
        for text in (chr(cp), f"ab{chr(cp)}cd", f"1{chr(cp)}2", f" {chr(cp)}x")
    ]
    assert _tokens_of(texts) == [tokenize(t) for t in texts]
    assert token_arrays([]).first.tolist() == [0]


def test_the_character_table_is_each_characters_flags() -> None:
    """The table of every BMP character, built by regular expressions over all of them at
    once, holds exactly what ``_flags`` (the definition) gives each one."""
    from annotator.core import token_arrays

    expected = [token_arrays._flags(chr(cp)) for cp in range(0x10000)]
    assert token_arrays._bmp_table().tolist() == expected
    assert sum(1 for f in expected if f & token_arrays._WORD) > 40_000


def test_distinct_keys_are_numpys_unique() -> None:
    for values in ([], [3], [3, 3], [5, 1, 5, 2, 1], [9, 8, 7] * 3, [-2, 2**62, -2]):
        keys = np.asarray(values, np.int64)
        assert agreement_stats._distinct(keys).tolist() == np.unique(keys).tolist()


def _documents(rng: random.Random, n: int, people: int = 4) -> list[AgreementDocument]:
    docs = []
    for _ in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25)))
        layers = {}
        for who in rng.sample(["ali", "bob", "cat", "dan", "eve"][:people], rng.randint(1, people)):
            spans = []
            for _ in range(rng.randint(0, 6) if text else 0):
                start = rng.randrange(len(text))
                end = min(len(text), start + rng.randint(1, 15))
                spans.append((start, end, rng.choice(list(KINDS))))
            if spans and rng.random() < 0.3:
                spans.append(spans[0])  # an identical duplicate counts once
            topics = rng.sample(["politics", "economy", "sport"], rng.randint(0, 2))
            layers[who] = Layer.of(spans, topics)
        docs.append(AgreementDocument(text, layers))
    return docs


def _summed_report(docs: list[AgreementDocument], batches: int = 1) -> str:
    cells = Cells()
    parts = []
    size = max(1, -(-len(docs) // batches))
    for lo in range(0, len(docs), size):
        part = docs[lo : lo + size]
        layers = [
            LayerInput(i, who, list(layer.spans), layer.topics)
            for i, doc in enumerate(part)
            for who, layer in doc.layers.items()
        ]
        counted = document_counts(Batch.of([d.text for d in part], layers), cells, KINDS)
        parts.append((counted.cells, counted.counts))
    return json.dumps(report_of(SummedAgreement(summed(parts, cells), KINDS)), sort_keys=True)


@pytest.mark.parametrize("packed", [True, False])
def test_summed_counts_give_exactly_the_report_of_the_documents(
    packed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not packed:  # the fallback for keys that would not fit in one integer
        monkeypatch.setattr(agreement_stats, "KEY_LIMIT", 0)
    rng = random.Random(5)
    for _ in range(150):
        docs = _documents(rng, rng.randint(1, 8))
        expected = json.dumps(agreement_report(docs, label_kinds=KINDS), sort_keys=True)
        assert _summed_report(docs) == expected
        assert _summed_report(docs, batches=3) == expected  # counted apart, then summed


def test_the_hand_counted_case_summed() -> None:
    # Two annotators, one document: PER agreed exactly, ORG overlapping, a LOC only by ali.
    text = "استقبل أمين عام حلف شمال الأطلسي في بروكسل"
    docs = [
        AgreementDocument(
            text,
            {
                "ali": Layer.of([(7, 11, "PER"), (16, 32, "ORG"), (36, 42, "LOC")], ["politics"]),
                "bob": Layer.of([(7, 11, "PER"), (20, 32, "ORG")], ["politics", "economy"]),
            },
        )
    ]
    report = json.loads(_summed_report(docs))
    rows = {r["label"]: r for r in report["pairs"]}
    assert rows["PER"]["exact_f1"] == 1.0
    assert rows["ORG"]["exact_f1"] == 0.0 and rows["ORG"]["overlap_f1"] == 1.0
    assert rows["LOC"]["overlap_f1"] == 0.0
    assert rows[None]["exact_f1"] == 2 * 1 / 5 and rows[None]["overlap_f1"] == 2 * 2 / 5
    assert report == json.loads(json.dumps(agreement_report(docs, label_kinds=KINDS)))
    topics = {r["topic"]: r for r in report["topics"]}
    assert topics["politics"]["f1"] == 1.0 and topics["economy"]["f1"] == 0.0


def test_trend_figures_are_the_reports_pair_f1_and_alpha() -> None:
    rng = random.Random(9)
    for _ in range(60):
        docs = _documents(rng, rng.randint(1, 6))
        cells = Cells()
        layers = [
            LayerInput(i, who, list(layer.spans), layer.topics)
            for i, doc in enumerate(docs)
            for who, layer in doc.layers.items()
        ]
        counted = document_counts(Batch.of([d.text for d in docs], layers), cells, KINDS)
        totals = summed([(counted.cells, counted.counts)], cells)
        f1s, alpha = trend_figures(totals)
        report = report_of(AgreementData(docs, label_kinds=KINDS))
        assert f1s == [r["overlap_f1"] for r in report["pairs"] if r["label"] is None]
        assert alpha == report["alpha"]["overall"]
        assert alpha == json_value(
            AgreementData(docs, label_kinds=KINDS).token_alpha(LabelKind.ENTITY)[None]
        )


def test_trend_figures_of_every_day_at_once_are_each_days_trend_figures() -> None:
    """Rows of four days (one without spans, one with a single annotator, one with a pair
    whose spans are all unmatched, one with three annotators): the very values
    ``trend_figures`` gives for each day's cells alone."""
    from annotator.core.agreement_stats import trend_figures, trend_figures_by_day

    e, t = LabelKind.ENTITY.value, LabelKind.TOPIC.value
    cells = [
        ("annotator", "alice"),
        ("annotator", "bob"),
        ("annotator", "carol"),
        ("span", "alice", "bob", "PER", "n_a"),
        ("span", "alice", "bob", "PER", "n_b"),
        ("span", "alice", "bob", "PER", "overlap"),
        ("span", "alice", "bob", "PER", "exact"),
        ("span", "alice", "carol", "LOC", "n_a"),
        ("span", "alice", "carol", "LOC", "n_b"),
        ("span", "bob", "carol", "LOC", "n_b"),
        ("unit", e, ("O", "PER")),
        ("unit", e, ("PER", "PER")),
        ("unit", e, ("O", "O", "PER")),
        ("unit", t, ("x", "y")),
        ("conf", "alice", "bob", e, "O", "PER"),
    ]
    rows = {
        0: {0: 1, 14: 3},
        1: {0: 1, 1: 1, 3: 4, 4: 2, 5: 2, 6: 1, 10: 7, 11: 5, 13: 2},
        2: {0: 1, 2: 1, 7: 3, 8: 1, 12: 9},
        3: {0: 2, 1: 2, 2: 2, 3: 1, 4: 1, 7: 2, 8: 5, 9: 3, 10: 1, 11: 4, 12: 6},
    }
    days = np.array([d for d, row in rows.items() for _ in row], np.int64)
    ids = np.array([c for row in rows.values() for c in row], np.int64)
    counts = np.array([n for row in rows.values() for n in row.values()], np.int64)
    at_once = trend_figures_by_day(days, ids, counts, cells, len(rows) + 1)
    for day, row in rows.items():
        assert at_once[day] == trend_figures({cells[c]: n for c, n in row.items()}), day
    assert at_once[1][0] == [2 * 2 / 6]  # alice-bob: 2 matched of 4 + 2 spans
    assert at_once[2][0] == [0.0]  # alice-carol: spans, none matched
    assert at_once[4] == trend_figures({})  # a day without rows
