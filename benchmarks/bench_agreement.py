#!/usr/bin/env python
"""Agreement benchmark (a script, not a test): issue 4's 10,000 documents x 3 annotators.

Builds N documents from real SaudiNewsNet articles (field ``content``, cycled, each made
unique by an appended line) with a base annotation of ~S entity spans on real token
boundaries (1 to 3 tokens each), one QUOTE span in every fifth document and 1 to 3
document topics. Each annotator gets a randomly perturbed copy of the base: a span is
dropped (8%), relabelled (5%), has a boundary moved by one token (8%), and extra spans
are added (5% of S); each topic flips with 10%. Agreement is therefore realistic (overlap
F1 around 0.8), not perfect and not random.

Timed: ``annotator.core.metrics.agreement_report`` on all documents (tokenizing every
text with ``annotator.core.arabic.tokenize``, span F1 exact and overlap, token kappa per
pair and label, alpha over all annotators, topic kappa and alpha, the pair matrix), then
the same with tokens precomputed by the caller, which isolates the tokenizer's share.
Each is run ``--repeat`` times; the best wall-clock and CPU times are printed (on a
shared machine CPU time is the steadier figure).

Usage: ``python benchmarks/bench_agreement.py [--documents 10000] [--annotators 3]
[--spans 20] [--seed 7] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
import zipfile
from pathlib import Path

from annotator.core.arabic import tokenize
from annotator.core.metrics import AgreementDocument, Layer, Span, agreement_report

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "saudinewsnet" / "2015-07-23.zip"
ENTITY_LABELS = ("PER", "ORG", "LOC", "GPE", "DATE", "EVENT", "MISC")
TOPICS = ("politics", "economy", "energy", "security", "defence", "society", "sport")


def load_texts() -> list[str]:
    """The ``content`` field of every article in the day's archive."""
    with zipfile.ZipFile(DATA) as archive:
        name = archive.namelist()[0]
        articles = json.loads(archive.read(name))
    return [a["content"] for a in articles if a.get("content", "").strip()]


def base_spans(rng: random.Random, tokens: list[tuple[int, int]], count: int) -> list[Span]:
    """About ``count`` non-overlapping entity spans of 1-3 tokens, plus maybe a quote."""
    spans: list[Span] = []
    if len(tokens) < 4:
        return spans
    starts = sorted(rng.sample(range(len(tokens) - 3), min(count, len(tokens) - 3)))
    last_end = -1
    for i in starts:
        if tokens[i][0] < last_end:
            continue
        j = i + rng.choice((0, 0, 1, 1, 2))
        spans.append((tokens[i][0], tokens[j][1], rng.choice(ENTITY_LABELS)))
        last_end = tokens[j][1]
    return spans


def perturb(
    rng: random.Random, tokens: list[tuple[int, int]], spans: list[Span], extra: int
) -> list[Span]:
    """A randomly edited copy of ``spans``: dropped, relabelled, moved, added spans."""
    starts = {s: k for k, (s, _) in enumerate(tokens)}
    ends = {e: k for k, (_, e) in enumerate(tokens)}
    out: list[Span] = []
    for start, end, label in spans:
        roll = rng.random()
        if roll < 0.08:
            continue
        if roll < 0.13 and label != "QUOTE":
            label = rng.choice(ENTITY_LABELS)
        elif roll < 0.21:
            k = ends[end] + rng.choice((-1, 1))
            if starts[start] <= k < len(tokens):
                end = tokens[k][1]
        out.append((start, end, label))
    for _ in range(extra):
        k = rng.randrange(len(tokens))
        out.append((tokens[k][0], tokens[k][1], rng.choice(ENTITY_LABELS)))
    return out


def build(args: argparse.Namespace) -> list[AgreementDocument]:
    """The synthetic corpus, tokens precomputed (dropped again for the first timing)."""
    rng = random.Random(args.seed)
    texts = load_texts()
    names = [f"annotator{k + 1}" for k in range(args.annotators)]
    extra = max(1, round(args.spans * 0.05))
    documents = []
    for n in range(args.documents):
        text = f"{texts[n % len(texts)]}\nنسخة {n}"
        tokens = tokenize(text)
        spans = base_spans(rng, tokens, args.spans)
        if n % 5 == 0 and len(tokens) > 30:
            i = rng.randrange(len(tokens) - 30)
            spans.append((tokens[i][0], tokens[i + 20][1], "QUOTE"))
        topics = set(rng.sample(TOPICS, rng.randint(1, 3)))
        layers = {
            name: Layer(
                perturb(rng, tokens, spans, extra),
                {t for t in TOPICS if (t in topics) != (rng.random() < 0.1)},
            )
            for name in names
        }
        documents.append(AgreementDocument(text, layers, tokens))
    return documents


def main() -> None:
    """Build the corpus, time the agreement report twice, print seconds and a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--spans", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    documents = build(args)
    n_spans = sum(len(layer.spans) for d in documents for layer in d.layers.values())
    n_tokens = sum(len(d.tokens or ()) for d in documents)
    print(
        f"{len(documents)} documents x {args.annotators} annotators, "
        f"{n_tokens / len(documents):.0f} tokens and "
        f"{n_spans / len(documents) / args.annotators:.1f} spans per layer"
    )
    untokenized = [AgreementDocument(d.text, d.layers) for d in documents]

    timings: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):
        for name, corpus in (
            ("tokenizing every text", untokenized),
            ("tokens precomputed", documents),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            report = agreement_report(corpus)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best = timings.get(name, (math.inf, math.inf))
            timings[name] = (min(best[0], wall), min(best[1], cpu))

    for row in (r for r in report["pairs"] if r["label"] is None):
        print(
            f"  {row['a']} vs {row['b']}: exact F1 {row['exact_f1']:.3f}, "
            f"overlap F1 {row['overlap_f1']:.3f}, token kappa {row['kappa']:.3f}"
        )
    print(f"  alpha (entity tokens) {report['alpha']['overall']:.3f}")
    for name, (wall, cpu) in timings.items():
        print(f"agreement, {name}: {wall:.2f} s wall, {cpu:.2f} s CPU (best of {args.repeat})")


if __name__ == "__main__":
    main()
